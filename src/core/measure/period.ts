/**
 * The measurement period and the input checks every measure shares. A period is half-open, `[from, to)`, in epoch
 * milliseconds, so consecutive periods tile time without double counting an instant on their boundary.
 */
import { DomainError } from '../errors.ts';

/** A half-open reporting period `[from, to)` in epoch milliseconds. */
export interface Period {
  readonly from: number;
  readonly to: number;
}

/** Throws `PERIOD_INVALID` unless `from` and `to` are finite instants with `from < to`. */
export function assertPeriod(period: Period): void {
  if (
    typeof period !== 'object' ||
    period === null ||
    !Number.isFinite(period.from) ||
    !Number.isFinite(period.to) ||
    period.from >= period.to
  ) {
    throw new DomainError('PERIOD_INVALID', 'a period needs finite instants with from < to (half-open [from, to))', {
      period,
    });
  }
}

/** Whether an instant falls inside the half-open period. */
export function isInPeriod(instant: number, period: Period): boolean {
  return instant >= period.from && instant < period.to;
}

/** Throws `MEASUREMENT_INPUT_INVALID` with the path of the offending value. */
export function invalidMeasurement(path: string, message: string, value?: unknown): never {
  throw new DomainError('MEASUREMENT_INPUT_INVALID', `${path}: ${message}`, { path, value });
}

/** Checks a finite number, optionally within bounds (inclusive). */
export function requireFiniteNumber(value: unknown, path: string, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const range =
      min === -Infinity && max === Infinity
        ? 'a finite number'
        : max === Infinity
          ? `a finite number >= ${min}`
          : `a number between ${min} and ${max}`;
    invalidMeasurement(path, `must be ${range}, got ${String(value)}`, value);
  }
  return value;
}
