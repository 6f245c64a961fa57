/**
 * Report snapshots and data fingerprints in PostgreSQL (decision 0014). A snapshot's content is stored as text, so the
 * bytes returned later are the bytes first generated. The fingerprint is computed in the report's transaction, from
 * the same state of the data as the report.
 */
import { type SQL, sql } from 'drizzle-orm';
import type {
  DataFingerprint,
  FactDigest,
  FingerprintScope,
  ReportRepository,
  ReportSnapshotRecord,
} from '../../app/ports/report-repository.ts';
import { queryRows } from '../sql-rows.ts';
import type { Db } from './facts-predicates.ts';
import { epochOf, timestampOf } from './row-mapping.ts';

function snapshotOf(row: Record<string, unknown>): ReportSnapshotRecord {
  return {
    id: row.id as string,
    workspaceId: row.workspace_id as string,
    customerId: row.customer_id as string,
    agreementId: row.agreement_id as string,
    periodKey: row.period_key as string,
    periodFrom: epochOf(row.period_from),
    periodTo: epochOf(row.period_to),
    versionId: row.version_id as string,
    content: row.content as string,
    contentHash: row.content_hash as string,
    fingerprint: (typeof row.fingerprint === 'string'
      ? JSON.parse(row.fingerprint)
      : row.fingerprint) as DataFingerprint,
    fingerprintHash: row.fingerprint_hash as string,
    generatedAt: epochOf(row.generated_at),
    generatedBy: row.generated_by as string,
  };
}

/** Count and SHA-256 over the rows of a query (each row as JSON text, in id order). */
function digestOf(rows: SQL): SQL {
  return sql`(SELECT json_build_object('count', count(*),
                 'digest', coalesce(encode(sha256(convert_to(string_agg(r.line, E'\\n' ORDER BY r.id), 'UTF8')), 'hex'), ''))
              FROM (${rows}) r)`;
}

/** Cycles whose changes leave no marker yet: the last 72 hours of the period (markers start 48 hours back). */
const RECENT_MS = 72 * 3_600_000;

/** Keys sorted, so that two fingerprints compare as text. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, child]) => [key, canonical(child)]),
    );
  }
  return value;
}

async function fingerprintOf(
  db: Db,
  { workspaceId, customerId, agreementId, to }: FingerprintScope,
): Promise<DataFingerprint> {
  const end = timestampOf(to);
  const recentFrom = to - RECENT_MS;
  const ownOrShared = sql`workspace_id = ${workspaceId} AND (customer_id = ${customerId} OR customer_id IS NULL)`;
  const cycles = sql`c.workspace_id = ${workspaceId} AND c.agreement_id = ${agreementId}`;
  const [row] = await queryRows(
    db,
    sql`SELECT
          pg_snapshot_xmin(pg_current_snapshot())::text AS xmin,
          ${digestOf(sql`SELECT concat_ws('|', c.ticket_id, c.target_id, c.ordinal) AS id,
                                concat_ws('|', c.ticket_id, c.target_id, c.ordinal, c.state, c.counted_ms, c.stop_ms,
                                          CASE WHEN c.stop_ms IS NOT NULL THEN c.used_ms END, c.priority, c.version_id,
                                          c.service) AS line
                         FROM clock_cycles c
                         WHERE ${cycles} AND c.counted_ms >= ${recentFrom}::float8 AND c.counted_ms < ${to}::float8
                         UNION
                         SELECT concat_ws('|', c.ticket_id, c.target_id, c.ordinal),
                                concat_ws('|', c.ticket_id, c.target_id, c.ordinal, c.state, c.counted_ms, c.stop_ms,
                                          c.used_ms, c.priority, c.version_id, c.service)
                         FROM clock_cycles c
                         WHERE ${cycles} AND c.metric = 'resolution' AND c.state IN ('met', 'breached')
                           AND c.stop_ms >= ${recentFrom}::float8 AND c.stop_ms < ${to}::float8`)} AS recent,
          ${digestOf(sql`SELECT id, row_to_json(o)::text AS line FROM outages o WHERE ${ownOrShared} AND starts_at < ${end}`)} AS outages,
          ${digestOf(sql`SELECT id, row_to_json(m)::text AS line FROM maintenance_windows m WHERE ${ownOrShared} AND starts_at < ${end}`)} AS maintenance,
          ${digestOf(sql`SELECT id, row_to_json(d)::text AS line FROM deliveries d
                         WHERE workspace_id = ${workspaceId} AND customer_id = ${customerId}
                           AND (agreement_id = ${agreementId} OR agreement_id IS NULL) AND promised_at < ${end}`)} AS deliveries,
          ${digestOf(sql`SELECT id, row_to_json(k)::text AS line FROM kpi_values k
                         WHERE workspace_id = ${workspaceId} AND agreement_id = ${agreementId}`)} AS kpi_values,
          ${digestOf(sql`SELECT id, concat_ws('|', id, status, revision, activated_at, ended_at, content_hash) AS line
                         FROM agreement_versions WHERE workspace_id = ${workspaceId} AND agreement_id = ${agreementId}`)} AS versions,
          ${digestOf(sql`SELECT id, concat_ws('|', id, revision, updated_at) AS line
                         FROM calendars WHERE workspace_id = ${workspaceId}`)} AS calendars`,
  );
  return {
    snapshotXmin: row!.xmin as string,
    recentCycles: { from: recentFrom, ...digest(row!.recent) },
    outages: digest(row!.outages),
    maintenanceWindows: digest(row!.maintenance),
    deliveries: digest(row!.deliveries),
    kpiValues: digest(row!.kpi_values),
    versions: digest(row!.versions),
    calendars: digest(row!.calendars),
  };
}

const digest = (value: unknown): FactDigest => {
  const parsed = (typeof value === 'string' ? JSON.parse(value) : value) as { count: unknown; digest: string };
  return { count: Number(parsed.count), digest: parsed.digest };
};

export function reportRepository(db: Db): ReportRepository {
  return {
    async findSnapshot(workspaceId, agreementId, periodKey) {
      const [row] = await queryRows(
        db,
        sql`SELECT * FROM report_snapshots
            WHERE workspace_id = ${workspaceId} AND agreement_id = ${agreementId} AND period_key = ${periodKey}`,
      );
      return row ? snapshotOf(row) : null;
    },

    async insertSnapshot(snapshot) {
      const inserted = await queryRows(
        db,
        sql`INSERT INTO report_snapshots (workspace_id, customer_id, agreement_id, period_key, period_from, period_to,
                                          version_id, content, content_hash, fingerprint, fingerprint_hash,
                                          generated_at, generated_by)
            VALUES (${snapshot.workspaceId}, ${snapshot.customerId}, ${snapshot.agreementId}, ${snapshot.periodKey},
                    ${timestampOf(snapshot.periodFrom)}, ${timestampOf(snapshot.periodTo)}, ${snapshot.versionId},
                    ${snapshot.content}, ${snapshot.contentHash}, ${JSON.stringify(snapshot.fingerprint)}::jsonb,
                    ${snapshot.fingerprintHash}, ${timestampOf(snapshot.generatedAt)}, ${snapshot.generatedBy})
            ON CONFLICT (workspace_id, agreement_id, period_key) DO NOTHING
            RETURNING *`,
      );
      if (inserted[0]) return { snapshot: snapshotOf(inserted[0]), created: true };
      const [existing] = await queryRows(
        db,
        sql`SELECT * FROM report_snapshots WHERE workspace_id = ${snapshot.workspaceId}
              AND agreement_id = ${snapshot.agreementId} AND period_key = ${snapshot.periodKey}`,
      );
      return { snapshot: snapshotOf(existing!), created: false };
    },

    fingerprint: (scope) => fingerprintOf(db, scope),

    async changedSince(scope, fingerprint) {
      // Corrections of older cycles left markers; the recent ones and the facts are compared by their digests.
      const [marked] = await queryRows(
        db,
        sql`SELECT EXISTS (
              SELECT 1 FROM clock_cycle_changes m
              WHERE m.workspace_id = ${scope.workspaceId} AND m.agreement_id = ${scope.agreementId}
                AND m.day_ms < ${scope.to}::float8 AND m.txid >= ${fingerprint.snapshotXmin}::xid8
            ) AS changed`,
      );
      if (marked?.changed === true) return true;
      const now = await fingerprintOf(db, scope);
      const { snapshotXmin: _then, ...before } = fingerprint;
      const { snapshotXmin: _now, ...after } = now;
      return JSON.stringify(canonical(before)) !== JSON.stringify(canonical(after));
    },
  };
}
