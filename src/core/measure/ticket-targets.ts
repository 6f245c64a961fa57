/**
 * Period results of ticket targets (docs/semantics.md#ticket-targets-in-a-period): a cycle counts in the period in
 * which it was met (its stop instant) or in which it breached (its breach instant), so a breach is reported when it
 * happens, not when the ticket closes, and a cycle is never counted in two periods. Running, paused and cancelled
 * cycles do not count; a cycle that is still running past its due instant is `breached` in the clock result and counts
 * at its breach instant.
 */
import { isAtRisk } from '../clocks/at-risk.ts';
import type { CycleResult } from '../clocks/clock-result.ts';
import { type AttainmentProjection, projectAttainment } from './attainment-projection.ts';
import { percentOf } from './decimal.ts';
import { assertPeriod, invalidMeasurement, isInPeriod, type Period } from './period.ts';
import { summarizeValues, type ValueSummary } from './value-summary.ts';

/** One cycle of a ticket's clock for one target, as clock evaluation produced it. */
export interface MeasuredCycle {
  readonly ticketId: string;
  readonly targetId: string;
  /** The ticket's priority in force at evaluation time (null when unknown). */
  readonly priority: string | null;
  readonly cycle: CycleResult;
}

/** How a cycle counts in a period. */
export type CycleCount = 'met' | 'breached';

/** Evidence of one breach counted in the period. */
export interface CountedBreach {
  readonly ticketId: string;
  readonly priority: string | null;
  readonly breachAt: number;
  /** When the cycle stopped; null when it still runs (or is paused) breached. */
  readonly stop: number | null;
  readonly usedMs: number;
}

/** Counts of met and breached cycles and the attainment they give. */
export interface AttainmentCounts {
  readonly met: number;
  readonly breached: number;
  /** met / (met + breached) × 100; null when nothing counts in the period. */
  readonly attainmentPercent: number | null;
}

export interface PriorityAttainment extends AttainmentCounts {
  readonly priority: string | null;
}

/** The result of one ticket target in one period. */
export interface TicketTargetResult extends AttainmentCounts {
  readonly targetId: string;
  /** met + breached. */
  readonly counted: number;
  /**
   * Business time used by the counted cycles, in milliseconds (pauses excluded). For a breached cycle that still runs
   * this is the time used up to the evaluation instant.
   */
  readonly usedMs: ValueSummary;
  /**
   * Cycles still running or paused, not yet breached, whose due instant falls in the period: they will count in
   * this period if they breach. Only meaningful for the current period.
   */
  readonly openDueInPeriod: number;
  /**
   * Attainment if every open cycle due in the period breaches, met / (met + breached + openDueInPeriod) × 100; null
   * when that denominator is 0. A bound, not the RAG's projection (that is `projection`, which needs evidence).
   */
  readonly worstCaseAttainmentPercent: number | null;
  /** Of the open cycles due in the period, those at risk: `isAtRisk` of their percent used at evaluation. */
  readonly atRiskDueInPeriod: number;
  /** The evidence-based projection for RAG (decision 0029); only meaningful for the current period. */
  readonly projection: AttainmentProjection;
  /** The same counts per priority, sorted by priority (null last). */
  readonly byPriority: readonly PriorityAttainment[];
  /** The breaches counted in the period, by breach instant. */
  readonly breaches: readonly CountedBreach[];
}

export interface TicketTargetOptions {
  /** Targets to report even when no cycle of theirs counts (their attainment is then null); listed first, in order. */
  readonly targetIds?: readonly string[];
}

/**
 * Whether and how a cycle counts in a period: `met` when met with its stop in the period, `breached` when breached
 * with its breach instant in the period, else null. Throws `MEASUREMENT_INPUT_INVALID` for a met cycle without a stop
 * or a breached cycle without a breach instant (clock evaluation never produces them).
 */
export function countCycleInPeriod(cycle: CycleResult, period: Period): CycleCount | null {
  if (cycle.state === 'met') {
    if (cycle.stop === null) invalidMeasurement('cycle.stop', 'a met cycle must have a stop instant', cycle);
    return isInPeriod(cycle.stop, period) ? 'met' : null;
  }
  if (cycle.state === 'breached') {
    if (cycle.breachAt === null)
      invalidMeasurement('cycle.breachAt', 'a breached cycle must have a breach instant', cycle);
    return isInPeriod(cycle.breachAt, period) ? 'breached' : null;
  }
  return null;
}

interface Tally {
  met: number;
  breached: number;
  openDue: number;
  atRisk: number;
  used: number[];
  breaches: CountedBreach[];
  byPriority: Map<string | null, { met: number; breached: number }>;
}

/** Measures every ticket target present in the cycles (and those named in `options.targetIds`) over the period. */
export function measureTicketTargets(
  cycles: readonly MeasuredCycle[],
  period: Period,
  options: TicketTargetOptions = {},
): TicketTargetResult[] {
  assertPeriod(period);
  const tallies = new Map<string, Tally>();
  const tallyOf = (targetId: string): Tally => {
    let tally = tallies.get(targetId);
    if (tally === undefined) {
      tally = { met: 0, breached: 0, openDue: 0, atRisk: 0, used: [], breaches: [], byPriority: new Map() };
      tallies.set(targetId, tally);
    }
    return tally;
  };
  for (const targetId of options.targetIds ?? []) tallyOf(targetId);

  for (const [index, measured] of cycles.entries()) {
    if (typeof measured?.targetId !== 'string' || typeof measured.ticketId !== 'string' || !measured.cycle) {
      invalidMeasurement(`cycles[${index}]`, 'needs ticketId, targetId and cycle', measured);
    }
    const { cycle } = measured;
    const tally = tallyOf(measured.targetId);
    const count = countCycleInPeriod(cycle, period);
    if (count === null) {
      const open = cycle.state === 'running' || cycle.state === 'paused';
      if (open && cycle.dueAt !== null && isInPeriod(cycle.dueAt, period)) {
        tally.openDue++;
        if (isAtRisk(cycle.percentUsed)) tally.atRisk++;
      }
      continue;
    }
    tally[count]++;
    tally.used.push(cycle.usedMs);
    const priority = measured.priority ?? null;
    const perPriority = tally.byPriority.get(priority) ?? { met: 0, breached: 0 };
    perPriority[count]++;
    tally.byPriority.set(priority, perPriority);
    if (count === 'breached') {
      tally.breaches.push({
        ticketId: measured.ticketId,
        priority,
        breachAt: cycle.breachAt!,
        stop: cycle.stop,
        usedMs: cycle.usedMs,
      });
    }
  }

  const named = options.targetIds ?? [];
  const others = [...tallies.keys()].filter((id) => !named.includes(id)).sort();
  return [...new Set(named), ...others].map((targetId) => resultOf(targetId, tallies.get(targetId)!));
}

function resultOf(targetId: string, tally: Tally): TicketTargetResult {
  const { met, breached } = tally;
  return {
    targetId,
    met,
    breached,
    counted: met + breached,
    attainmentPercent: percentOf(met, met + breached),
    usedMs: summarizeValues(tally.used),
    openDueInPeriod: tally.openDue,
    worstCaseAttainmentPercent: percentOf(met, met + breached + tally.openDue),
    atRiskDueInPeriod: tally.atRisk,
    projection: projectAttainment({ met, breached, openDue: tally.openDue, atRisk: tally.atRisk }),
    byPriority: [...tally.byPriority.entries()]
      .sort(([a], [b]) => (a === null || b === null ? Number(a === null) - Number(b === null) : compareText(a, b)))
      .map(([priority, counts]) => ({
        priority,
        met: counts.met,
        breached: counts.breached,
        attainmentPercent: percentOf(counts.met, counts.met + counts.breached),
      })),
    breaches: tally.breaches.sort((a, b) => a.breachAt - b.breachAt || compareText(a.ticketId, b.ticketId)),
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
