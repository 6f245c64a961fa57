/**
 * Used time of breached cycles that are still running, as of now (decision 0010). The stored projection holds their
 * used time as of its last evaluation; a fresh evaluation at now would add the business time of the target's calendar
 * since then, unless the ticket's status is one the target pauses on, and minus the exclusion windows (agreed
 * maintenance, force majeure) that cover the ticket's service. Nothing else can have changed without an event, and an
 * event re-evaluates the ticket. These cycles are few (breached, not stopped, counted in the period), so each is
 * computed here rather than in SQL.
 */
import { elapsedBusinessMs } from '../../core/time/index.ts';
import { clockPolicyOfVersion } from '../agreements/clock-policy-of-version.ts';
import type { CycleScope, ResultsBucket, UsedTimeOverride } from '../ports/results-repository.ts';
import type { Repositories } from '../ports/store.ts';
import type { ExclusionWindowRecord } from '../ports/ticket-repository.ts';
import type { ResultsVersion } from './results-versions.ts';

export async function usedTimeOverrides(
  repositories: Repositories,
  scope: CycleScope,
  period: ResultsBucket,
  versions: readonly ResultsVersion[],
): Promise<UsedTimeOverride[]> {
  const open = await repositories.results.openBreachedCycles(scope, period);
  if (open.length === 0) return [];
  const versionsById = new Map(versions.map((version) => [version.record.id, version]));
  const windowsByCustomer = new Map<string, ExclusionWindowRecord[]>();
  const overrides: UsedTimeOverride[] = [];
  for (const cycle of open) {
    const version = cycle.versionId === null ? undefined : versionsById.get(cycle.versionId);
    if (version === undefined || cycle.evaluatedAt >= scope.now) continue;
    const policy = await clockPolicyOfVersion(version.record, repositories);
    const target = policy.targets.find((candidate) => candidate.id === cycle.targetId);
    if (target === undefined || (cycle.status !== null && target.pauseOn.includes(cycle.status))) continue;
    let windows = windowsByCustomer.get(cycle.customerId);
    if (windows === undefined) {
      windows = await repositories.exclusionWindows.forCustomer(scope.workspaceId, cycle.customerId);
      windowsByCustomer.set(cycle.customerId, windows);
    }
    const pieces = runningPieces(
      cycle.evaluatedAt,
      scope.now,
      windows.filter(
        (window) => window.services === null || (cycle.service !== null && window.services.includes(cycle.service)),
      ),
    );
    const extra = pieces.reduce((sum, piece) => sum + elapsedBusinessMs(target.calendar, piece.from, piece.to), 0);
    if (extra > 0) {
      overrides.push({
        ticketId: cycle.ticketId,
        targetId: cycle.targetId,
        ordinal: cycle.ordinal,
        usedMs: cycle.usedMs + extra,
      });
    }
  }
  return overrides;
}

/** `[from, to)` without the windows. */
function runningPieces(
  from: number,
  to: number,
  windows: readonly { from: number; to: number }[],
): { from: number; to: number }[] {
  const sorted = windows
    .filter((window) => window.to > from && window.from < to)
    .sort((a, b) => a.from - b.from || a.to - b.to);
  const pieces: { from: number; to: number }[] = [];
  let cursor = from;
  for (const window of sorted) {
    if (window.from > cursor) pieces.push({ from: cursor, to: Math.min(window.from, to) });
    cursor = Math.max(cursor, window.to);
    if (cursor >= to) break;
  }
  if (cursor < to) pieces.push({ from: cursor, to });
  return pieces;
}
