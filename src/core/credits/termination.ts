/**
 * Termination triggers (docs/semantics.md#termination-triggers): "N consecutive missed periods" and "M of the last K
 * periods missed", evaluated every period over the target's period outcomes, raising a flag with the periods that prove
 * it. A period without data (`missed: null`) is not a miss: it breaks a streak and does not count towards M.
 *
 * Only closed periods raise a right: a period still running may yet be met, so it can only say that the trigger
 * would be raised if it closed now (`evaluateTerminationStanding`).
 */
import { DomainError } from '../errors.ts';

export type TerminationTrigger =
  | { readonly kind: 'consecutive'; readonly id: string; readonly targetId?: string; readonly periods: number }
  | {
      readonly kind: 'missed_of_last';
      readonly id: string;
      readonly targetId?: string;
      readonly missed: number;
      readonly ofLast: number;
    };

/** Whether the target missed its goal in a period (null: no data). */
export interface PeriodOutcome {
  readonly period: string;
  readonly missed: boolean | null;
}

export interface TerminationEvaluation {
  readonly triggerId: string;
  /** The period evaluated (the last outcome given); null when there were none. */
  readonly period: string | null;
  readonly triggered: boolean;
  /** The periods looked at: the current streak (consecutive) or the last K periods (missed_of_last). */
  readonly consideredPeriods: readonly string[];
  /** The missed periods among them: the evidence. */
  readonly missedPeriods: readonly string[];
  readonly reason: string;
}

/**
 * Evaluates a trigger at the last of the outcomes (chronological, one per consecutive period). An agreement younger
 * than K periods is judged on the periods it has: M misses among them already trigger.
 */
export function evaluateTerminationTrigger(
  trigger: TerminationTrigger,
  outcomes: readonly PeriodOutcome[],
): TerminationEvaluation {
  checkTrigger(trigger);
  checkOutcomes(outcomes);
  const period = outcomes[outcomes.length - 1]?.period ?? null;
  if (trigger.kind === 'consecutive') {
    let start = outcomes.length;
    while (start > 0 && outcomes[start - 1]!.missed === true) start--;
    const streak = outcomes.slice(start).map((outcome) => outcome.period);
    const triggered = streak.length >= trigger.periods;
    return {
      triggerId: trigger.id,
      period,
      triggered,
      consideredPeriods: streak,
      missedPeriods: streak,
      reason: `${streak.length} consecutive missed period(s) up to ${period ?? '-'}; the trigger needs ${trigger.periods}`,
    };
  }
  const window = outcomes.slice(-trigger.ofLast);
  const missed = window.filter((outcome) => outcome.missed === true).map((outcome) => outcome.period);
  return {
    triggerId: trigger.id,
    period,
    triggered: missed.length >= trigger.missed,
    consideredPeriods: window.map((outcome) => outcome.period),
    missedPeriods: missed,
    reason: `${missed.length} of the last ${window.length} period(s) missed up to ${period ?? '-'}; the trigger needs ${trigger.missed} of ${trigger.ofLast}`,
  };
}

/** What the period still running would do to a trigger if it closed now. */
export interface ProvisionalTermination {
  readonly period: string;
  readonly wouldTrigger: boolean;
  readonly consideredPeriods: readonly string[];
  readonly missedPeriods: readonly string[];
  readonly reason: string;
}

/** A trigger judged on the closed periods, with what the running period would add. */
export interface TerminationStanding extends TerminationEvaluation {
  /** Null when every period given is closed. */
  readonly provisional: ProvisionalTermination | null;
}

/**
 * Evaluates a trigger on the closed periods only (chronological), and separately as if the running period, when
 * there is one, closed now with its outcome so far. `triggered` and `period` are those of the last closed period.
 */
export function evaluateTerminationStanding(
  trigger: TerminationTrigger,
  closed: readonly PeriodOutcome[],
  running: PeriodOutcome | null,
): TerminationStanding {
  const atClose = evaluateTerminationTrigger(trigger, closed);
  const standing = closed.length === 0 ? { ...atClose, reason: 'no closed period yet' } : atClose;
  if (running === null) return { ...standing, provisional: null };
  const ifClosedNow = evaluateTerminationTrigger(trigger, [...closed, running]);
  return {
    ...standing,
    provisional: {
      period: running.period,
      wouldTrigger: ifClosedNow.triggered,
      consideredPeriods: ifClosedNow.consideredPeriods,
      missedPeriods: ifClosedNow.missedPeriods,
      reason: `${ifClosedNow.triggered ? 'would trigger' : 'would not trigger'} if ${running.period} closed now: ${ifClosedNow.reason}`,
    },
  };
}

/** Evaluates a trigger at every period in turn, as the monthly evaluation would have: one result per outcome. */
export function evaluateTerminationHistory(
  trigger: TerminationTrigger,
  outcomes: readonly PeriodOutcome[],
): TerminationEvaluation[] {
  return outcomes.map((_, index) => evaluateTerminationTrigger(trigger, outcomes.slice(0, index + 1)));
}

function checkTrigger(trigger: TerminationTrigger): void {
  if (typeof trigger?.id !== 'string') invalid('trigger.id', 'must be a string', trigger?.id);
  if (trigger.kind === 'consecutive') {
    checkCount(trigger.periods, 'trigger.periods');
    return;
  }
  if (trigger.kind !== 'missed_of_last') {
    invalid('trigger.kind', 'must be consecutive or missed_of_last', (trigger as { kind: unknown }).kind);
  }
  checkCount(trigger.missed, 'trigger.missed');
  checkCount(trigger.ofLast, 'trigger.ofLast');
  if (trigger.missed > trigger.ofLast) invalid('trigger.missed', 'must not exceed ofLast', trigger.missed);
}

function checkOutcomes(outcomes: readonly PeriodOutcome[]): void {
  const seen = new Set<string>();
  for (const [index, outcome] of outcomes.entries()) {
    if (typeof outcome?.period !== 'string') invalid(`outcomes[${index}].period`, 'must be a string', outcome);
    if (outcome.missed !== true && outcome.missed !== false && outcome.missed !== null) {
      invalid(`outcomes[${index}].missed`, 'must be true, false or null', outcome.missed);
    }
    if (seen.has(outcome.period)) invalid(`outcomes[${index}].period`, 'duplicate period', outcome.period);
    seen.add(outcome.period);
  }
}

function checkCount(value: unknown, path: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    invalid(path, 'must be a whole number >= 1', value);
}

function invalid(path: string, message: string, value: unknown): never {
  throw new DomainError('TERMINATION_INPUT_INVALID', `${path}: ${message}`, { path, value });
}
