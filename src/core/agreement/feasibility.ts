/**
 * Feasibility (docs/semantics.md#agreements-as-code): what the provider's ticket history says about each ticket target
 * of a draft, before anyone signs it. The history is replayed through the draft's own clock policy (its calendars,
 * pauses and priorities), so "p2-resolution: p90 was 11 business h 30 min; a promise of 8 business h would have been
 * met by 72.0 % of 40 cycles" is measured exactly as the agreement would measure it. The lint rule built on it warns about targets
 * the history says the provider cannot meet.
 */
import { evaluateTicketClocks, type TicketEvent } from '../clocks/index.ts';
import { nearestRankPercentile } from '../measure/index.ts';
import { formatDuration } from '../time/index.ts';
import type { Agreement } from './agreement-schema.ts';
import type { CalendarResolver } from './calendar-reference.ts';
import { clockPolicyOf, isTicketTarget } from './clock-policy.ts';
import { defineLintRule, type LintRule } from './lint-types.ts';
import { metricNameInSentence } from './metric-names.ts';

export interface HistoricalTicket {
  readonly id: string;
  readonly events: readonly TicketEvent[];
}

export interface FeasibilityOptions {
  /** The instant the history is evaluated at (usually the last event of the history). */
  readonly now: number;
  /** Fewer judged cycles than this say nothing (default 10). */
  readonly minimumSample?: number;
  /** Resolves the agreement's references to workspace calendars (see clockPolicyOf). */
  readonly resolveCalendar?: CalendarResolver;
}

export interface TargetFeasibility {
  readonly targetId: string;
  readonly metric: string;
  readonly priorities: readonly string[];
  readonly durationMs: number;
  readonly goalPercent: number | null;
  /** Cycles of the history that were met or breached under this draft. */
  readonly judged: number;
  readonly met: number;
  readonly metPercent: number | null;
  /** Business time the judged cycles used, median and 90th percentile (nearest rank). */
  readonly medianUsedMs: number | null;
  readonly p90UsedMs: number | null;
  /** Business time within which the goal's share of the judged cycles finished (the goal-th percentile). */
  readonly usedAtGoalMs: number | null;
  /** Enough history to say something, and it falls short of the goal. */
  readonly belowGoal: boolean;
  readonly summary: string;
}

/** Replays the history through the draft's clock policy and measures every ticket target. */
export function assessFeasibility(
  agreement: Agreement,
  history: readonly HistoricalTicket[],
  options: FeasibilityOptions,
): TargetFeasibility[] {
  const policy = clockPolicyOf(agreement, options.resolveCalendar);
  const used = new Map<string, number[]>();
  const met = new Map<string, number>();
  for (const ticket of history) {
    for (const clock of evaluateTicketClocks(policy, ticket.events, options.now).clocks) {
      for (const cycle of clock.cycles) {
        if (cycle.state !== 'met' && cycle.state !== 'breached') continue;
        const values = used.get(clock.targetId) ?? [];
        values.push(cycle.usedMs);
        used.set(clock.targetId, values);
        if (cycle.state === 'met') met.set(clock.targetId, (met.get(clock.targetId) ?? 0) + 1);
      }
    }
  }
  const minimumSample = options.minimumSample ?? 10;
  return agreement.spec.targets.filter(isTicketTarget).map((target) => {
    const values = (used.get(target.id) ?? []).sort((a, b) => a - b);
    const judged = values.length;
    const metCount = met.get(target.id) ?? 0;
    const metPercent = judged === 0 ? null : (metCount / judged) * 100;
    const durationMs = target.metric === 'periodic_update' ? target.every : target.within;
    const goalPercent = target.goal ?? null;
    const medianUsedMs = nearestRankPercentile(values, 50);
    const p90UsedMs = nearestRankPercentile(values, 90);
    const usedAtGoalMs = goalPercent === null ? null : nearestRankPercentile(values, goalPercent);
    const belowGoal =
      judged >= minimumSample && goalPercent !== null && metPercent !== null && metPercent < goalPercent;
    const summary =
      judged === 0
        ? `${target.id}: no ticket in the history has a judged ${metricNameInSentence(target.metric)} cycle`
        : `${target.id}: p90 was ${businessTime(p90UsedMs!)}; a promise of ${businessTime(durationMs)} would have been met by ${metPercent!.toFixed(1)} % of ${judged} cycles${goalPercent === null ? '' : ` (goal ${goalPercent} %)`}`;
    return {
      targetId: target.id,
      metric: target.metric,
      priorities: target.priorities,
      durationMs,
      goalPercent,
      judged,
      met: metCount,
      metPercent,
      medianUsedMs,
      p90UsedMs,
      usedAtGoalMs,
      belowGoal,
      summary,
    };
  });
}

/** A lint rule warning about every ticket target the history says the provider cannot meet. */
export function historyFeasibilityRule(history: readonly HistoricalTicket[], options: FeasibilityOptions): LintRule {
  return defineLintRule(
    'target-infeasible',
    'warning',
    "a target the provider's ticket history says it cannot meet",
    (agreement, _context, finding) => {
      const index = new Map(agreement.spec.targets.map((target, position) => [target.id, position]));
      return assessFeasibility(agreement, history, options)
        .filter((result) => result.belowGoal)
        .map((result) =>
          finding(
            `spec.targets.${index.get(result.targetId)}`,
            result.summary,
            `promise ${businessHoursDuration(result.usedAtGoalMs!)} or more (what ${result.goalPercent} % of the history needed), lower the goal to ${Math.floor(result.metPercent! * 10) / 10} %, or plan the staffing that would change the history`,
          ),
        );
    },
  );
}

/** An ISO duration of whole half hours, rounded up: the hint a person can paste into the draft. */
function businessHoursDuration(ms: number): string {
  const halfHours = Math.max(1, Math.ceil(ms / 1_800_000));
  return halfHours % 2 === 0 ? `PT${halfHours / 2}H` : `PT${(halfHours - 1) / 2}H30M`;
}

function businessTime(ms: number): string {
  return formatDuration(ms, 'business');
}
