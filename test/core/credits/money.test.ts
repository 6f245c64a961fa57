import { describe, expect, it } from 'vitest';
import { formatCents, percentOfCents, toCents } from '../../../src/core/credits/index.ts';

describe('money in cents', () => {
  it('reads amounts with at most two decimals exactly', () => {
    expect(toCents(11.01, 'x')).toBe(1101);
    expect(toCents(12_000, 'x')).toBe(1_200_000);
    expect(toCents(0.1, 'x')).toBe(10);
    expect(toCents(0, 'x')).toBe(0);
    expect(() => toCents(0.1 + 0.2, 'x')).toThrow(/whole cents/);
  });

  it('takes percentages exactly, halves away from zero', () => {
    expect(percentOfCents(1000, 2)).toBe(20);
    expect(percentOfCents(1, 50)).toBe(1); // 0.5 cent -> 1
    expect(percentOfCents(1, 49.999)).toBe(0);
    expect(percentOfCents(123_457, 0.5)).toBe(617); // 617.285
    expect(percentOfCents(123_457, 2.5)).toBe(3086); // 3086.425
    expect(percentOfCents(12_000, 10)).toBe(1200);
    expect(percentOfCents(1205, 10)).toBe(121); // 120.5 -> 121
    expect(percentOfCents(1000, 0.1, 3)).toBe(3);
  });

  it('formats cents', () => {
    expect(formatCents(99)).toBe('0.99');
    expect(formatCents(120_000)).toBe('1200.00');
    expect(formatCents(-300)).toBe('-3.00');
  });
});
