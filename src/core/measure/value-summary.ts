/**
 * Summary statistics of measured durations (mean, median, p90). Percentiles use the nearest-rank method: the P-th
 * percentile of n sorted values is the value at rank ceil(P/100 × n) (1-based). It is always a value that really
 * occurred and reads as a promise: "at least P % of the tickets took at most this". The median is the nearest-rank
 * P50, so for an even count it is the lower of the two middle values (of 2 values: the smaller), never an average.
 */
import { invalidMeasurement } from './period.ts';

/** Count, mean, nearest-rank median and p90, minimum and maximum of a set of values; null statistics when empty. */
export interface ValueSummary {
  readonly count: number;
  readonly mean: number | null;
  readonly median: number | null;
  readonly p90: number | null;
  readonly min: number | null;
  readonly max: number | null;
}

/**
 * The nearest-rank percentile (`percent` in (0, 100]; 0 gives the minimum) of values sorted ascending; null when
 * there are none.
 */
export function nearestRankPercentile(sortedValues: readonly number[], percent: number): number | null {
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) {
    invalidMeasurement('percent', 'a percentile must be between 0 and 100', percent);
  }
  const count = sortedValues.length;
  if (count === 0) return null;
  // percent × count is exact for integer percents, so ceil never rounds 9.000000000000002 up to 10.
  const rank = Math.max(1, Math.ceil((percent * count) / 100));
  return sortedValues[Math.min(rank, count) - 1]!;
}

/** Summarises values (any order); the input is not modified. */
export function summarizeValues(values: readonly number[]): ValueSummary {
  const sorted = [...values].sort((a, b) => a - b);
  const count = sorted.length;
  if (count === 0) return { count: 0, mean: null, median: null, p90: null, min: null, max: null };
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    count,
    mean: sum / count,
    median: nearestRankPercentile(sorted, 50),
    p90: nearestRankPercentile(sorted, 90),
    min: sorted[0]!,
    max: sorted[count - 1]!,
  };
}
