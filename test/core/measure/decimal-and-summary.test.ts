import { describe, expect, it } from 'vitest';
import {
  exactDecimalOf,
  formatFixed,
  nearestRankPercentile,
  roundHalfAwayFromZero,
  summarizeValues,
} from '../../../src/core/measure/index.ts';

describe('rounding halves away from zero on the decimal a number shows', () => {
  it.each([
    [1.005, 2, 1.01],
    [0.125, 2, 0.13],
    [-0.125, 2, -0.13],
    [0.124999, 2, 0.12],
    [99.65277777777777, 3, 99.653],
    [99.93055555555556, 3, 99.931],
    [99.93036211699165, 3, 99.93],
    [33.333333333333336, 1, 33.3],
    [66.66666666666667, 1, 66.7],
    [2.5, 0, 3],
    [-2.5, 0, -3],
    [-0.004, 2, 0],
    [1e21, 2, 1e21],
    [1.5e-7, 6, 0],
    [5e-7, 6, 0.000001],
  ])('%s to %s places is %s', (value, decimals, expected) => {
    expect(roundHalfAwayFromZero(value, decimals)).toBe(expected);
  });

  it('never returns negative zero', () => {
    expect(Object.is(roundHalfAwayFromZero(-0.001, 2), 0)).toBe(true);
  });

  it('reads the shortest decimal text, including exponents', () => {
    expect(exactDecimalOf(0.1)).toEqual({ units: 1n, scale: 1 });
    expect(exactDecimalOf(1.5e-7)).toEqual({ units: 15n, scale: 8 });
    expect(exactDecimalOf(1.5e21)).toEqual({ units: 1_500_000_000_000_000_000_000n, scale: 0 });
  });

  it('formats with a fixed number of places', () => {
    expect(formatFixed(99.93, 3)).toBe('99.930');
    expect(formatFixed(0.5, 0)).toBe('1');
    expect(formatFixed(-0.125, 2)).toBe('-0.13');
    expect(formatFixed(0.004, 2)).toBe('0.00');
    expect(formatFixed(1234.5, 1)).toBe('1234.5');
  });
});

describe('nearest-rank percentiles', () => {
  it('of one value: every percentile is that value', () => {
    expect(summarizeValues([7])).toEqual({ count: 1, mean: 7, median: 7, p90: 7, min: 7, max: 7 });
  });

  it('of two values: the median is the lower, p90 the upper', () => {
    expect(summarizeValues([9, 1])).toEqual({ count: 2, mean: 5, median: 1, p90: 9, min: 1, max: 9 });
  });

  it('of ten values: p90 is the 9th, the median the 5th', () => {
    const values = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    expect(summarizeValues(values)).toMatchObject({ median: 5, p90: 9, mean: 5.5 });
    expect(values[0]).toBe(10); // input untouched
  });

  it('of eleven values: p90 is rank ceil(9.9) = 10', () => {
    expect(nearestRankPercentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90)).toBe(10);
  });

  it('P0 is the minimum, P100 the maximum, none of nothing', () => {
    expect(nearestRankPercentile([1, 2, 3], 0)).toBe(1);
    expect(nearestRankPercentile([1, 2, 3], 100)).toBe(3);
    expect(nearestRankPercentile([], 50)).toBeNull();
    expect(summarizeValues([])).toEqual({ count: 0, mean: null, median: null, p90: null, min: null, max: null });
  });

  it('refuses a percentile outside 0..100', () => {
    expect(() => nearestRankPercentile([1], 101)).toThrow(
      expect.objectContaining({ code: 'MEASUREMENT_INPUT_INVALID' }),
    );
  });
});
