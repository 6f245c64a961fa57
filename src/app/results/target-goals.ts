/**
 * The goal of each kind of target as `core/measure` `rateRag` takes it, with the agreement's warning (amber) margin:
 * percentage points for percent goals (the target's `amberMargin`, else `spec.amberMargin`, else none), a fraction of
 * the objective for mean resolution time and KPIs (the target's `amberMargin`, else none).
 */
import type { Agreement, Target } from '../../core/agreement/index.ts';
import { type Direction, marginOf, type RagResult, rateRag } from '../../core/measure/index.ts';
import { formatDuration } from '../../core/time/index.ts';

export interface TargetGoal {
  /** Percent (attainment, availability, OTIF), milliseconds (mean resolution time) or the KPI's own unit. */
  readonly value: number;
  readonly unit: 'percent' | 'ms' | 'number';
  readonly direction: Direction;
  readonly goalKind: 'percent' | 'number';
  /** Percentage points (percent goals) or a fraction of the goal (numbers); 0: no amber zone for closeness. */
  readonly warningMargin: number;
}

/** The target's goal, or null when it has none (only a draft can lack one). */
export function goalOf(target: Target, agreement: Agreement): TargetGoal | null {
  const percentMargin = (own: number | undefined) => own ?? agreement.spec.amberMargin ?? 0;
  switch (target.metric) {
    case 'first_response':
    case 'next_response':
    case 'resolution':
    case 'periodic_update':
    case 'otif':
      return target.goal === undefined
        ? null
        : {
            value: target.goal,
            unit: 'percent',
            direction: 'atLeast',
            goalKind: 'percent',
            warningMargin: percentMargin(target.amberMargin),
          };
    case 'availability':
      return {
        value: target.objective,
        unit: 'percent',
        direction: 'atLeast',
        goalKind: 'percent',
        warningMargin: percentMargin(target.amberMargin),
      };
    case 'mean_resolution_time':
      return {
        value: target.objective,
        unit: 'ms',
        direction: 'atMost',
        goalKind: 'number',
        warningMargin: target.amberMargin ?? 0,
      };
    case 'kpi':
      return {
        value: target.objective,
        unit: 'number',
        direction: target.direction,
        goalKind: 'number',
        warningMargin: target.amberMargin ?? 0,
      };
  }
}

/**
 * Green, amber, red or grey; `projected` is the value the period is projected to end with (current period only) and
 * `basis` what that projection rests on, in words.
 */
export function ragOf(
  goal: TargetGoal | null,
  value: number | null,
  projected: number | null = null,
  basis?: string,
): RagResult {
  if (goal === null) return { status: 'grey', code: 'NO_DATA', reason: 'the target has no goal' };
  return rateRag({
    value,
    goal: goal.value,
    direction: goal.direction,
    goalKind: goal.goalKind,
    warningMargin: goal.warningMargin,
    projectedValue: projected,
    ...(basis === undefined ? {} : { projectionBasis: basis }),
    ...(goal.unit === 'ms' ? { formatValue: (ms: number) => formatDuration(ms, 'business') } : {}),
  });
}

/** Whether the goal was missed (null: no value or no goal), for termination triggers. */
export function missedGoal(goal: TargetGoal | null, value: number | null): boolean | null {
  if (goal === null || value === null) return null;
  return marginOf(value, goal.value, goal.direction) < 0;
}
