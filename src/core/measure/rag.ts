/**
 * RAG status of a result (docs/semantics.md#rag-status): red when missed; amber when met but within the agreement's
 * warning margin of the goal, or when the caller's projection of the period-end value misses; green otherwise; grey
 * without data. The warning margin is in percentage points for percentage goals (goal 95 %, margin 2: amber from 95 up
 * to but not including 97) and relative to the goal for numeric KPIs (objective 6 h, margin 0.1: amber when less than
 * 0.6 h on the good side; with a goal of 0 no relative margin applies). The projection is the caller's own number, e.g.
 * a ticket target's `projectAttainment`, with its basis; a projected miss is amber even before anything is decided.
 */
import { roundHalfAwayFromZero } from './decimal.ts';
import { checkDirection, type Direction, marginOf } from './kpi.ts';
import { invalidMeasurement, requireFiniteNumber } from './period.ts';

export type RagStatus = 'green' | 'amber' | 'red' | 'grey';

export type RagReasonCode = 'MET' | 'NEAR_GOAL' | 'PROJECTED_TO_MISS' | 'MISSED' | 'NO_DATA';

export interface RagInput {
  /** The value so far (attainment %, availability %, OTIF %, or a KPI value); null without data. */
  readonly value: number | null;
  readonly goal: number;
  readonly direction: Direction;
  /** `percent`: the margin is in percentage points; `number`: the margin is a fraction of the goal. */
  readonly goalKind: 'percent' | 'number';
  /** The agreement's warning margin (0 or absent: no amber for closeness). */
  readonly warningMargin?: number;
  /** The value projected for the end of the period (absent or null: no projection). */
  readonly projectedValue?: number | null;
  /** What the projection rests on, in words (decision 0029); quoted in the reason when the projection decides. */
  readonly projectionBasis?: string;
  /**
   * How the value and the goal are written in the reason, e.g. a mean resolution time as `52 business h 14 min`
   * (absent: the number to three decimals, with ` %` for percent goals).
   */
  readonly formatValue?: (value: number) => string;
}

export interface RagResult {
  readonly status: RagStatus;
  readonly code: RagReasonCode;
  readonly reason: string;
}

/** Rates a value green, amber, red or grey; projection misses outrank closeness as the amber reason. */
export function rateRag(input: RagInput): RagResult {
  checkDirection(input.direction, 'direction');
  const goal = requireFiniteNumber(input.goal, 'goal');
  const warningMargin = requireFiniteNumber(input.warningMargin ?? 0, 'warningMargin', 0);
  if (input.goalKind !== 'percent' && input.goalKind !== 'number') {
    invalidMeasurement('goalKind', 'must be percent or number', input.goalKind);
  }
  const unit = input.goalKind === 'percent' ? ' %' : '';
  const show = input.formatValue ?? ((value: number) => `${String(roundHalfAwayFromZero(value, 3))}${unit}`);
  const wanted = `${input.direction === 'atLeast' ? 'at least' : 'at most'} ${show(goal)}`;
  const projected = input.projectedValue ?? null;
  const projectedToMiss =
    projected !== null && marginOf(requireFiniteNumber(projected, 'projectedValue'), goal, input.direction) < 0;
  const basis = input.projectionBasis === undefined ? '' : ` (${input.projectionBasis})`;
  if (input.value === null) {
    if (projectedToMiss) {
      return {
        status: 'amber',
        code: 'PROJECTED_TO_MISS',
        reason: `nothing decided yet but projected to miss: ${show(projected!)} by the period's end${basis}, goal ${wanted}`,
      };
    }
    return { status: 'grey', code: 'NO_DATA', reason: `no data in the period (goal ${wanted})` };
  }
  const value = requireFiniteNumber(input.value, 'value');
  const margin = marginOf(value, goal, input.direction);
  if (margin < 0) return { status: 'red', code: 'MISSED', reason: `missed: ${show(value)}, goal ${wanted}` };
  if (projectedToMiss) {
    return {
      status: 'amber',
      code: 'PROJECTED_TO_MISS',
      reason: `met so far (${show(value)}) but projected to miss: ${show(projected!)} by the period's end${basis}, goal ${wanted}`,
    };
  }
  const closeness = input.goalKind === 'percent' ? margin : goal === 0 ? Infinity : margin / Math.abs(goal);
  if (closeness < warningMargin) {
    const marginText =
      input.goalKind === 'percent'
        ? `${warningMargin} points`
        : `${roundHalfAwayFromZero(warningMargin * 100, 6)} % of the goal`;
    return {
      status: 'amber',
      code: 'NEAR_GOAL',
      reason: `met (${show(value)}) but within the warning margin of ${marginText}, goal ${wanted}`,
    };
  }
  return { status: 'green', code: 'MET', reason: `met: ${show(value)}, goal ${wanted}` };
}
