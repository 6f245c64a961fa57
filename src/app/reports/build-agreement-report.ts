/**
 * Use-case: the compliance report of an agreement for a period (decision 0014), as the API, the CLI and the PDF give it.
 *
 * - A period still running is computed at every request and is provisional.
 * - A closed period is published the first time it is asked for: the report is frozen as canonical JSON with the
 *   fingerprint of the data it was computed from (report_snapshots, an audit entry), and every later request returns
 *   those very bytes, so the report is reproducible. When the data changed since (a late event, a priority
 *   correction, a reopen, an outage entered afterwards), the answer lists the differences as corrections beside the
 *   frozen figures, never as silent edits; the report of the next period shows them too (`previousCorrections`).
 * - `fresh` recomputes a closed period from the data now, for provider roles, without touching what was published.
 *
 * Customer representatives see the reports of their own customer's agreements only (404 otherwise).
 */
import { serializeCanonical, sha256Hex } from '../../core/canonical-json.ts';
import { unmeasuredReasons } from '../../core/clocks/index.ts';
import { type Principal, requirePermission } from '../access/principal.ts';
import { loadAgreement } from '../agreements/agreement-access.ts';
import { forbidden } from '../app-error.ts';
import { recordChange } from '../audit/record-change.ts';
import type { DataFingerprint, ReportSnapshotRecord } from '../ports/report-repository.ts';
import type { Clock, Repositories, Store } from '../ports/store.ts';
import { type ResultsPeriod, type ResultsPeriodRequest, resolveResultsPeriod } from '../results/results-period.ts';
import { agreementTimeZone, loadActivatedVersions, notInForce } from '../results/results-versions.ts';
import { type AgreementReport, computeAgreementReport } from './agreement-report.ts';
import { type Corrections, correctionsBetween, NO_CORRECTIONS } from './report-corrections.ts';
import { previousPeriodRequest } from './report-periods.ts';

export interface AgreementReportRequest extends ResultsPeriodRequest {
  /** Recompute a closed period from the data now instead of returning the published report (provider roles). */
  readonly fresh?: boolean | undefined;
}

export interface Publication {
  /**
   * `provisional`: the period is still running; `published`: the frozen report of a closed period; `recomputed`: a
   * closed period computed afresh on request (what was published is unchanged).
   */
  readonly status: 'provisional' | 'published' | 'recomputed';
  readonly snapshotId: string | null;
  readonly publishedAt: number | null;
  /** SHA-256 of the report's canonical JSON: equal hashes, equal reports. */
  readonly contentHash: string;
  /** What the published report was computed from (null unless published). */
  readonly fingerprint: DataFingerprint | null;
}

export interface PreviousCorrections {
  /** The previous period's key (its label, or `from..to` in epoch milliseconds). */
  readonly period: string;
  readonly publishedAt: number;
  readonly corrections: Corrections;
}

export interface AgreementReportAnswer {
  readonly report: AgreementReport;
  readonly publication: Publication;
  /** For a published (or recomputed) closed period: what differs in the data now; null for a running period. */
  readonly corrections: Corrections | null;
  /** Corrections of the previous period's published report, when it was published. */
  readonly previousCorrections: PreviousCorrections | null;
}

export async function getAgreementReport(
  { store, clock }: { store: Store; clock: Clock },
  principal: Principal,
  agreementId: string,
  request: AgreementReportRequest,
): Promise<AgreementReportAnswer> {
  requirePermission(principal, 'reports.read');
  if (request.fresh && principal.customerId !== null) {
    throw forbidden(
      'customer representatives see the published report of a closed period; recomputing it is for the provider',
      'REPORT_RECOMPUTE_FORBIDDEN',
    );
  }
  const now = clock.now();
  // One transaction: the report, its fingerprint and its publication come from the same state of the data.
  return store.transaction(async (repositories) => {
    await repositories.results.prepareReport();
    return reportAnswer(repositories, principal, agreementId, request, now);
  });
}

async function reportAnswer(
  repositories: Repositories,
  principal: Principal,
  agreementId: string,
  request: AgreementReportRequest,
  now: number,
): Promise<AgreementReportAnswer> {
  const period = await requestedPeriod(repositories, principal, agreementId, request, now);
  const range = { period: request.period, from: request.from, to: request.to };
  const previousCorrections = await correctionsOfPrevious(repositories, principal, agreementId, period, now);

  if (period.to > now) {
    const report = await computeAgreementReport(repositories, principal, agreementId, range, now);
    return {
      report,
      publication: publicationOf('provisional', report, null),
      corrections: null,
      previousCorrections,
    };
  }

  const key = periodKey(period);
  const existing = await repositories.reports.findSnapshot(principal.workspaceId, agreementId, key);
  if (request.fresh) {
    const report = await computeAgreementReport(repositories, principal, agreementId, range, now);
    const published = existing === null ? null : parseReport(existing);
    return {
      report,
      publication: { ...publicationOf('recomputed', report, existing), fingerprint: null },
      corrections:
        published === null
          ? null
          : {
              ...correctionsBetween(published, report),
              dataChanged: await dataChanged(repositories, published, existing!),
            },
      previousCorrections,
    };
  }
  if (existing !== null) {
    return {
      report: parseReport(existing),
      publication: publicationOf('published', null, existing),
      corrections: await correctionsOf(repositories, principal, agreementId, existing, now),
      previousCorrections,
    };
  }

  const report = await computeAgreementReport(repositories, principal, agreementId, range, now);
  const fingerprint = await repositories.reports.fingerprint(fingerprintScope(report));
  const content = serializeCanonical(report);
  const { snapshot, created } = await repositories.reports.insertSnapshot({
    workspaceId: principal.workspaceId,
    customerId: report.results.agreement.customerId,
    agreementId,
    periodKey: key,
    periodFrom: period.from,
    periodTo: period.to,
    versionId: report.results.version.record.id,
    content,
    contentHash: sha256Hex(content),
    fingerprint,
    fingerprintHash: sha256Hex(serializeCanonical(fingerprint)),
    generatedAt: now,
    generatedBy: principal.label,
  });
  if (created) {
    await recordChange(repositories, principal, now, {
      action: 'report.published',
      entityType: 'report_snapshot',
      entityId: snapshot.id,
      customerId: snapshot.customerId,
      after: {
        agreementId,
        period: key,
        versionId: snapshot.versionId,
        contentHash: snapshot.contentHash,
        fingerprintHash: snapshot.fingerprintHash,
      },
    });
  }
  return {
    report: parseReport(snapshot),
    publication: publicationOf('published', null, snapshot),
    // A concurrent first request may have published first, from older data: check it like any published report.
    corrections: created ? NO_CORRECTIONS : await correctionsOf(repositories, principal, agreementId, snapshot, now),
    previousCorrections,
  };
}

/** The period asked for, read in the agreement's zone (the agreement's access rules apply: 404 when hidden). */
async function requestedPeriod(
  repositories: Repositories,
  principal: Principal,
  agreementId: string,
  request: ResultsPeriodRequest,
  now: number,
): Promise<ResultsPeriod> {
  const agreement = await loadAgreement(repositories, principal, agreementId);
  const versions = await loadActivatedVersions(repositories, principal.workspaceId, agreement.id);
  if (versions.length === 0) throw notInForce();
  return resolveResultsPeriod(request, agreementTimeZone(versions, now), now);
}

/** A period's key among an agreement's snapshots: its label, or its range in epoch milliseconds. */
export function periodKey(period: Pick<ResultsPeriod, 'label' | 'from' | 'to'>): string {
  return period.label ?? `${period.from}..${period.to}`;
}

function fingerprintScope(report: AgreementReport) {
  const { agreement, period } = report.results;
  return {
    workspaceId: agreement.workspaceId,
    customerId: agreement.customerId,
    agreementId: agreement.id,
    to: period.to,
  };
}

function parseReport(snapshot: ReportSnapshotRecord): AgreementReport {
  return JSON.parse(snapshot.content) as AgreementReport;
}

function publicationOf(
  status: Publication['status'],
  report: AgreementReport | null,
  snapshot: ReportSnapshotRecord | null,
): Publication {
  return {
    status,
    snapshotId: snapshot?.id ?? null,
    publishedAt: snapshot?.generatedAt ?? null,
    contentHash: report === null ? snapshot!.contentHash : sha256Hex(serializeCanonical(report)),
    fingerprint: snapshot?.fingerprint ?? null,
  };
}

/** What differs between a published report and the data now: nothing to recompute unless its fingerprint changed. */
async function correctionsOf(
  repositories: Repositories,
  principal: Principal,
  agreementId: string,
  snapshot: ReportSnapshotRecord,
  now: number,
): Promise<Corrections> {
  const published = parseReport(snapshot);
  if (!(await dataChanged(repositories, published, snapshot))) return NO_CORRECTIONS;
  const period = published.results.period;
  const request = period.label === null ? { from: period.from, to: period.to } : { period: period.label };
  const current = await computeAgreementReport(repositories, principal, agreementId, request, now);
  return correctionsBetween(published, current);
}

/** Whether anything the published report was computed from has changed (then it is recomputed and compared). */
async function dataChanged(
  repositories: Repositories,
  published: AgreementReport,
  snapshot: ReportSnapshotRecord,
): Promise<boolean> {
  if (await repositories.reports.changedSince(fingerprintScope(published), snapshot.fingerprint)) return true;
  // Ticket flow reads tickets, not cycles: counting it again is cheap.
  const scope = { workspaceId: snapshot.workspaceId, agreementId: snapshot.agreementId };
  const periods: { flow: AgreementReport['flow']; period: { from: number; to: number } }[] = [
    { flow: published.flow, period: published.results.period },
  ];
  if (published.previous) periods.push({ flow: published.previous.flow, period: published.previous });
  for (const { flow, period } of periods) {
    const now = await repositories.results.ticketFlow(scope, period);
    const keys = ['opened', 'resolved', 'reopened', 'backlogAtStart', 'backlogAtEnd'] as const;
    if (keys.some((key) => now[key] !== flow[key])) return true;
    if (
      flow.unmeasured !== undefined &&
      unmeasuredReasons.some((reason) => (now.unmeasured?.[reason] ?? 0) !== (flow.unmeasured?.[reason] ?? 0))
    ) {
      return true;
    }
  }
  return false;
}

/** Corrections of the published report of the period before, if it was published. */
async function correctionsOfPrevious(
  repositories: Repositories,
  principal: Principal,
  agreementId: string,
  period: ResultsPeriod,
  now: number,
): Promise<PreviousCorrections | null> {
  const request = previousPeriodRequest(period);
  let previous: ResultsPeriod;
  try {
    previous = resolveResultsPeriod(request, period.timeZone, now);
  } catch {
    return null;
  }
  const key = periodKey(previous);
  const snapshot = await repositories.reports.findSnapshot(principal.workspaceId, agreementId, key);
  if (snapshot === null) return null;
  return {
    period: key,
    publishedAt: snapshot.generatedAt,
    corrections: await correctionsOf(repositories, principal, agreementId, snapshot, now),
  };
}
