/**
 * Used time of cycles that have not stopped, as of now (decision 0010): breached cycles still running (their used
 * time in the statistics) and open cycles due in the period (whether they are at risk, decision 0029). The stored
 * projection holds their used time as of its last evaluation; a fresh evaluation at now would add the business time
 * of the target's calendar since then, unless the ticket's status is one the target pauses on, and minus the
 * exclusion windows (agreed maintenance, force majeure) that cover the ticket's service. Nothing else can have changed
 * without an event, and an event re-evaluates the ticket. These cycles are few (not stopped, counted or due in the
 * period), so each is computed here rather than in SQL.
 */
import type { ClockPolicy, ClockTarget } from '../../core/clocks/index.ts';
import { isAtRisk } from '../../core/measure/index.ts';
import { elapsedBusinessMs } from '../../core/time/index.ts';
import { clockPolicyOfVersion } from '../agreements/clock-policy-of-version.ts';
import type { CycleScope, OpenBreachedCycle, ResultsBucket, UsedTimeOverride } from '../ports/results-repository.ts';
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
  const usedNow = usedTimeAtNow(repositories, scope, versions);
  const overrides: UsedTimeOverride[] = [];
  for (const cycle of open) {
    const now = await usedNow(cycle);
    if (now !== null && now.usedMs > cycle.usedMs) {
      overrides.push({
        ticketId: cycle.ticketId,
        targetId: cycle.targetId,
        ordinal: cycle.ordinal,
        usedMs: now.usedMs,
      });
    }
  }
  return overrides;
}

/** Per target, how many open cycles due in the period have used at least the at-risk share of their time now. */
export async function atRiskCyclesDue(
  repositories: Repositories,
  scope: CycleScope,
  period: ResultsBucket,
  versions: readonly ResultsVersion[],
): Promise<Map<string, number>> {
  const atRisk = new Map<string, number>();
  const open = await repositories.results.openCyclesDue(scope, period);
  if (open.length === 0) return atRisk;
  const usedNow = usedTimeAtNow(repositories, scope, versions);
  for (const cycle of open) {
    const now = await usedNow(cycle);
    if (now === null || now.target.durationMs <= 0) continue;
    if (isAtRisk((now.usedMs / now.target.durationMs) * 100)) {
      atRisk.set(cycle.targetId, (atRisk.get(cycle.targetId) ?? 0) + 1);
    }
  }
  return atRisk;
}

/**
 * A function giving an unstopped cycle's used time at now with the target of its pinned version; null when the
 * version or the target is unknown.
 */
function usedTimeAtNow(
  repositories: Repositories,
  scope: CycleScope,
  versions: readonly ResultsVersion[],
): (cycle: OpenBreachedCycle) => Promise<{ usedMs: number; target: ClockTarget } | null> {
  const versionsById = new Map(versions.map((version) => [version.record.id, version]));
  const windowsByCustomer = new Map<string, ExclusionWindowRecord[]>();
  const policies = new Map<string, Promise<ClockPolicy>>();
  return async (cycle) => {
    const version = cycle.versionId === null ? undefined : versionsById.get(cycle.versionId);
    if (version === undefined) return null;
    let policy = policies.get(version.record.id);
    if (policy === undefined) {
      policy = clockPolicyOfVersion(version.record, repositories);
      policies.set(version.record.id, policy);
    }
    const target = (await policy).targets.find((candidate) => candidate.id === cycle.targetId);
    if (target === undefined) return null;
    if (cycle.evaluatedAt >= scope.now || (cycle.status !== null && target.pauseOn.includes(cycle.status))) {
      return { usedMs: cycle.usedMs, target };
    }
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
    return { usedMs: cycle.usedMs + extra, target };
  };
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
