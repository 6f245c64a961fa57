/**
 * Which agreement version a period is reported against (decision 0010). The targets, goals, credits and termination
 * clauses come from the version in force at the end of the period (at `now` for the current period); when no version
 * was in force then (terminated or expired within the period), from the last one in force during it. Ticket cycles
 * keep the version their ticket is pinned to (docs/semantics.md#which-agreement-version-governs-a-ticket): they were
 * judged by it, and are counted by target id.
 */
import { type Agreement, inForceSpans } from '../../core/agreement/index.ts';
import { invalid } from '../app-error.ts';
import type { AgreementVersionRecord } from '../ports/agreement-repository.ts';
import type { ResultsBucket } from '../ports/results-repository.ts';
import type { Repositories } from '../ports/store.ts';

export interface ResultsVersion {
  readonly record: AgreementVersionRecord;
  readonly agreement: Agreement;
  readonly activatedAt: number;
  readonly endedAt: number | null;
  /** When it is in force: from its effective instant until a later version takes effect or it ends (decision 0025). */
  readonly inForceFrom: number;
  readonly inForceTo: number;
}

/** Every version of the agreement that has ever been put in force, oldest activation first. */
export async function loadActivatedVersions(
  repositories: Repositories,
  workspaceId: string,
  agreementId: string,
): Promise<ResultsVersion[]> {
  const candidates = await repositories.agreements.pinningCandidates(workspaceId, agreementId);
  const versions: ResultsVersion[] = [];
  for (const span of inForceSpans(candidates, Number.POSITIVE_INFINITY)) {
    const record = await repositories.agreements.getVersion(workspaceId, span.version.versionId);
    if (record === null) continue;
    versions.push({
      record,
      agreement: record.content as Agreement,
      activatedAt: span.activatedAt,
      endedAt: span.version.endedAt,
      inForceFrom: span.from,
      inForceTo: span.to,
    });
  }
  return versions;
}

/**
 * The version whose targets a period is reported against: the one in force at the period's end (or at now), else the
 * last one in force during the period; undefined when none was in force during it.
 */
export function versionForPeriod(
  versions: readonly ResultsVersion[],
  period: ResultsBucket,
  now: number,
): ResultsVersion | undefined {
  const end = Math.min(period.to, now);
  let chosen: ResultsVersion | undefined;
  for (const version of versions) {
    const inForce =
      version.inForceFrom < end && version.inForceTo > period.from && version.inForceFrom < version.inForceTo;
    if (inForce && (chosen === undefined || version.inForceTo >= chosen.inForceTo)) chosen = version;
  }
  return chosen;
}

/** The zone the agreement's periods are read in: that of the version activated last (by now). */
export function agreementTimeZone(versions: readonly ResultsVersion[], now: number): string {
  const activated = versions.filter((version) => version.activatedAt <= now);
  const latest = (activated.length > 0 ? activated : versions).at(-1);
  if (latest === undefined) throw notInForce();
  return latest.agreement.spec.term.timezone;
}

export function notInForce(label?: string | null): Error {
  return invalid(
    'AGREEMENT_NOT_IN_FORCE',
    label === undefined
      ? 'no version of the agreement has been active yet, so it has no results'
      : `no version of the agreement was in force in ${label ?? 'the range'}`,
  );
}
