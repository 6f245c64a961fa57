/**
 * Storage port of compliance reports (decision 0014): the frozen snapshots of closed periods, and the fingerprint of
 * the data a report is computed from, so that a later change of that data can be detected and shown as a correction.
 */

/**
 * What a report of an agreement was computed from, summarised so that a later change shows:
 * - the cycles counting (or stopping) in the last 72 hours of the period, as a digest; any later change to an older
 *   cycle leaves a marker in clock_cycle_changes (migration 0003), found by the transaction ids from `snapshotXmin`
 *   on (transactions not visibly committed when the report was computed);
 * - digests of the facts, agreement versions and calendars the report reads.
 * The report's own ticket flow is checked by counting it again (cheap).
 */
export interface DataFingerprint {
  readonly snapshotXmin: string;
  readonly recentCycles: FactDigest & { readonly from: number };
  readonly outages: FactDigest;
  readonly maintenanceWindows: FactDigest;
  readonly deliveries: FactDigest;
  readonly kpiValues: FactDigest;
  readonly versions: FactDigest;
  readonly calendars: FactDigest;
}

export interface FactDigest {
  readonly count: number;
  /** SHA-256 over the rows in id order; empty when there are none. */
  readonly digest: string;
}

export interface FingerprintScope {
  readonly workspaceId: string;
  readonly customerId: string;
  readonly agreementId: string;
  /** The end of the period: cycles counting and facts starting at or after it cannot change the report. */
  readonly to: number;
}

export interface ReportSnapshotRecord {
  readonly id: string;
  readonly workspaceId: string;
  readonly customerId: string;
  readonly agreementId: string;
  /** The period label (`2026-10`), or `from/to` instants for a range. */
  readonly periodKey: string;
  readonly periodFrom: number;
  readonly periodTo: number;
  readonly versionId: string;
  /** The report exactly as first generated (canonical JSON text). */
  readonly content: string;
  /** SHA-256 of `content`. */
  readonly contentHash: string;
  readonly fingerprint: DataFingerprint;
  readonly fingerprintHash: string;
  readonly generatedAt: number;
  /** Who asked for the report first (a principal's label). */
  readonly generatedBy: string;
}

export type NewReportSnapshot = Omit<ReportSnapshotRecord, 'id'>;

export interface ReportRepository {
  findSnapshot(workspaceId: string, agreementId: string, periodKey: string): Promise<ReportSnapshotRecord | null>;
  /** Stores the snapshot unless one exists for the period (a concurrent first request): returns the one kept. */
  insertSnapshot(snapshot: NewReportSnapshot): Promise<{ snapshot: ReportSnapshotRecord; created: boolean }>;
  fingerprint(scope: FingerprintScope): Promise<DataFingerprint>;
  /** Whether the data summarised by `fingerprint` has changed since it was taken. */
  changedSince(scope: FingerprintScope, fingerprint: DataFingerprint): Promise<boolean>;
}
