import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CreditRule,
  computeServiceCredit,
  deepestTierReached,
  percentOfCents,
  type ServiceCreditInput,
} from '../../../src/core/credits/index.ts';
import { runs } from '../time/calendar-arbitraries.ts';

const cents = fc.integer({ min: 0, max: 100_000_000 });
const percent = fc.integer({ min: 0, max: 100_000 }).map((thousandths) => thousandths / 1000);
const tiers = fc.uniqueArray(
  fc.record({ belowPercent: percent, creditPercent: fc.integer({ min: 0, max: 5000 }).map((c) => c / 100) }),
  {
    minLength: 1,
    maxLength: 4,
    selector: (tier) => tier.belowPercent,
  },
);
const inputArbitrary: fc.Arbitrary<ServiceCreditInput> = fc
  .record({
    feeCents: cents,
    tiers,
    perBreach: fc.integer({ min: 0, max: 1000 }).map((c) => c / 100),
    measured: percent,
    breached: fc.nat(30),
    monthlyCap: fc.option(fc.integer({ min: 0, max: 100 })),
    rollingCap: fc.option(fc.integer({ min: 0, max: 100 })),
    history: fc.array(fc.tuple(cents, cents), { maxLength: 14 }),
  })
  .map((raw) => {
    const rules: CreditRule[] = [
      { kind: 'tiers', targetId: 'availability', tiers: raw.tiers },
      { kind: 'per_breach', targetId: 'p1', percentPerBreach: raw.perBreach },
    ];
    return {
      period: 'now',
      fee: raw.feeCents / 100,
      rules,
      results: [
        { targetId: 'availability', percent: raw.measured },
        { targetId: 'p1', breached: raw.breached },
      ],
      monthlyCapPercent: raw.monthlyCap,
      rollingTwelveMonthCapPercent: raw.rollingCap,
      previousPeriods: raw.history.map(([fee, credit], index) => ({
        period: `p${index}`,
        fee: fee / 100,
        credit: credit / 100,
      })),
    };
  });

describe('service credit properties', () => {
  it('never negative, never above the monthly cap, never above the sum of the lines, whole cents', () => {
    fc.assert(
      fc.property(inputArbitrary, (input) => {
        const result = computeServiceCredit(input);
        expect(Number.isInteger(result.creditCents)).toBe(true);
        expect(result.creditCents).toBeGreaterThanOrEqual(0);
        expect(result.creditCents).toBeLessThanOrEqual(result.uncappedCents);
        expect(result.uncappedCents).toBe(result.lines.reduce((sum, line) => sum + line.amountCents, 0));
        if (input.monthlyCapPercent !== null && input.monthlyCapPercent !== undefined) {
          expect(result.creditCents).toBeLessThanOrEqual(percentOfCents(result.feeCents, input.monthlyCapPercent));
        }
        if (result.rollingCap !== null) {
          expect(result.creditCents).toBeLessThanOrEqual(Math.max(0, result.rollingCap.remainingCents));
        }
        expect(result.credit).toBe(result.creditCents / 100);
      }),
      { numRuns: runs(500) },
    );
  });

  it('the deepest tier reached is the one with the lowest threshold above the value; a worse result never earns less', () => {
    fc.assert(
      fc.property(tiers, percent, percent, (tierList, a, b) => {
        const tier = deepestTierReached(tierList, a);
        const reached = tierList.filter((t) => a < t.belowPercent);
        if (reached.length === 0) expect(tier).toBeNull();
        else expect(tier!.belowPercent).toBe(Math.min(...reached.map((t) => t.belowPercent)));
        // With credits growing as thresholds fall (the usual contract), a lower result never earns a smaller credit.
        const monotone = [...tierList]
          .sort((x, y) => y.belowPercent - x.belowPercent)
          .map((t, index) => ({ ...t, creditPercent: index + 1 }));
        const credit = (value: number) => deepestTierReached(monotone, value)?.creditPercent ?? 0;
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(credit(low)).toBeGreaterThanOrEqual(credit(high));
      }),
      { numRuns: runs(500) },
    );
  });

  it('a percentage of cents is the exact product rounded half away from zero', () => {
    fc.assert(
      fc.property(cents, fc.integer({ min: 0, max: 100_000 }), (amount, thousandths) => {
        const exactTimes1e5 = BigInt(amount) * BigInt(thousandths); // amount × percent × 1e3 ... / 1e5
        const quotient = exactTimes1e5 / 100_000n;
        const remainder = exactTimes1e5 % 100_000n;
        const expected = Number(remainder * 2n >= 100_000n ? quotient + 1n : quotient);
        expect(percentOfCents(amount, thousandths / 1000)).toBe(expected);
      }),
      { numRuns: runs(1000) },
    );
  });
});
