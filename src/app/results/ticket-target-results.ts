/**
 * Attainment of ticket targets from the aggregate rows of the store (decision 0010). The rows follow the rules of
 * `core/measure` `measureTicketTargets` (a cycle counts at its stop when met, at its breach instant when breached,
 * cycles are counted, not tickets), computed in SQL so that a report over a million tickets reads a few rows; the
 * percentages, the projections and the per-priority split are formed here as the core forms them.
 */
import {
  type AttainmentCounts,
  type AttainmentProjection,
  type PriorityAttainment,
  percentOf,
  projectAttainment,
  type ValueSummary,
} from '../../core/measure/index.ts';
import type { BreachRow, CycleCountRow, UsedTimeRow } from '../ports/results-repository.ts';

export interface TicketTargetPeriodResult extends AttainmentCounts {
  readonly targetId: string;
  readonly counted: number;
  readonly openDueInPeriod: number;
  readonly worstCaseAttainmentPercent: number | null;
  /** Of the open cycles due in the period, those at risk now (decision 0029). */
  readonly atRiskDueInPeriod: number;
  /** The evidence-based projection of a running period (decision 0029); null for a period that has ended. */
  readonly projection: AttainmentProjection | null;
  /** Business time used by the counted cycles (a breached cycle still running: up to now). */
  readonly usedMs: ValueSummary;
  readonly byPriority: readonly PriorityAttainment[];
  /** The first breaches by breach instant (at most the listing limit). */
  readonly breaches: readonly BreachRow[];
  /** Whether more breaches were counted than listed. */
  readonly breachesTruncated: boolean;
}

export function ticketTargetResult(
  targetId: string,
  rows: readonly CycleCountRow[],
  bucket: number,
  usedTime: UsedTimeRow | undefined,
  breaches: readonly BreachRow[],
  /** Open cycles due in the period at risk now; null when the period has ended (nothing to project). */
  atRisk: number | null,
): TicketTargetPeriodResult {
  let met = 0;
  let breached = 0;
  let openDue = 0;
  const byPriority = new Map<string | null, { met: number; breached: number }>();
  for (const row of rows) {
    if (row.bucket !== bucket || row.targetId !== targetId) continue;
    met += row.met;
    breached += row.breached;
    openDue += row.openDue;
    if (row.met + row.breached === 0) continue;
    const priority = byPriority.get(row.priority) ?? { met: 0, breached: 0 };
    priority.met += row.met;
    priority.breached += row.breached;
    byPriority.set(row.priority, priority);
  }
  const listed = breaches.filter((breach) => breach.targetId === targetId);
  return {
    targetId,
    met,
    breached,
    counted: met + breached,
    attainmentPercent: percentOf(met, met + breached),
    openDueInPeriod: openDue,
    worstCaseAttainmentPercent: percentOf(met, met + breached + openDue),
    atRiskDueInPeriod: Math.min(atRisk ?? 0, openDue),
    projection:
      atRisk === null ? null : projectAttainment({ met, breached, openDue, atRisk: Math.min(atRisk, openDue) }),
    usedMs: summaryOf(usedTime),
    byPriority: [...byPriority.entries()]
      .sort(([a], [b]) => (a === null || b === null ? Number(a === null) - Number(b === null) : compareText(a, b)))
      .map(([priority, counts]) => ({
        priority,
        met: counts.met,
        breached: counts.breached,
        attainmentPercent: percentOf(counts.met, counts.met + counts.breached),
      })),
    breaches: listed,
    breachesTruncated: listed.length < breached,
  };
}

function summaryOf(row: UsedTimeRow | undefined): ValueSummary {
  if (row === undefined || row.count === 0) {
    return { count: 0, mean: null, median: null, p90: null, min: null, max: null };
  }
  return {
    count: row.count,
    mean: row.sumMs / row.count,
    median: row.medianMs,
    p90: row.p90Ms,
    min: row.minMs,
    max: row.maxMs,
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
