/**
 * Numeric KPIs (docs/semantics.md#kpis): any number per period with an objective and a direction, e.g. mean resolution
 * time at most 6 business hours, CSAT at least 4.2. Reaching the objective exactly meets it.
 */
import { invalidMeasurement, requireFiniteNumber } from './period.ts';

/** `atLeast`: higher is better and the objective is a floor; `atMost`: lower is better and it is a ceiling. */
export type Direction = 'atLeast' | 'atMost';

export interface KpiInput {
  /** The measured value; null when the period has no data (e.g. no ticket resolved). */
  readonly value: number | null;
  readonly objective: number;
  readonly direction: Direction;
}

export interface KpiResult {
  readonly status: 'met' | 'missed' | 'no_data';
  readonly value: number | null;
  readonly objective: number;
  readonly direction: Direction;
  /** How far the value is on the good side of the objective (negative: missed by that much); null without data. */
  readonly margin: number | null;
  /** margin / |objective|; null without data or when the objective is 0. */
  readonly relativeMargin: number | null;
}

/** Judges a KPI value against its objective. */
export function evaluateKpi(input: KpiInput): KpiResult {
  checkDirection(input.direction, 'direction');
  const objective = requireFiniteNumber(input.objective, 'objective');
  const base = { value: input.value, objective, direction: input.direction };
  if (input.value === null) return { ...base, status: 'no_data', margin: null, relativeMargin: null };
  const value = requireFiniteNumber(input.value, 'value');
  const margin = marginOf(value, objective, input.direction);
  return {
    ...base,
    status: margin >= 0 ? 'met' : 'missed',
    margin,
    relativeMargin: objective === 0 ? null : margin / Math.abs(objective),
  };
}

/** The signed distance on the good side of the objective: value - objective for atLeast, objective - value for atMost. */
export function marginOf(value: number, objective: number, direction: Direction): number {
  return direction === 'atLeast' ? value - objective : objective - value;
}

/** Throws `MEASUREMENT_INPUT_INVALID` unless the direction is atLeast or atMost. */
export function checkDirection(direction: unknown, path: string): asserts direction is Direction {
  if (direction !== 'atLeast' && direction !== 'atMost') {
    invalidMeasurement(path, 'must be atLeast or atMost', direction);
  }
}
