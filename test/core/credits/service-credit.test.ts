import { describe, expect, it } from 'vitest';
import {
  type CreditRule,
  computeServiceCredit,
  type PastPeriodCredit,
  type ServiceCreditInput,
} from '../../../src/core/credits/index.ts';

/**
 * The worked example of docs/semantics.md#service-credits: tiers below 99.8 % -> 2 %, below 98 % -> 3 %; caps 10 %
 * monthly and rolling; fee 10.
 */
const tiers = (deep = 3): CreditRule => ({
  kind: 'tiers',
  id: 'availability-credit',
  targetId: 'availability',
  tiers: [
    { belowPercent: 99.8, creditPercent: 2 },
    { belowPercent: 98, creditPercent: deep },
  ],
});
const example = (percent: number, extra: Partial<ServiceCreditInput> = {}): ServiceCreditInput => ({
  period: '2026-12',
  fee: 10,
  rules: [tiers()],
  results: [{ targetId: 'availability', percent }],
  monthlyCapPercent: 10,
  rollingTwelveMonthCapPercent: 10,
  ...extra,
});

describe('service credits: the worked example of docs/semantics.md#service-credits', () => {
  it('100 % -> 0', () => {
    const result = computeServiceCredit(example(100));
    expect(result.credit).toBe(0);
    expect(result.lines[0]).toMatchObject({ tier: null, amountCents: 0 });
    expect(result.boundBy).toBe('none');
  });

  it('99.7 % -> 0.20', () => {
    const result = computeServiceCredit(example(99.7));
    expect(result.credit).toBe(0.2);
    expect(result.lines[0]!.tier).toEqual({ belowPercent: 99.8, creditPercent: 2 });
  });

  it('97 % -> 0.30: the deepest tier applies alone, tiers do not add up', () => {
    const result = computeServiceCredit(example(97));
    expect(result.credit).toBe(0.3);
    expect(result.lines[0]!.tier).toEqual({ belowPercent: 98, creditPercent: 3 });
  });

  it('with the second tier at 11 %, 97 % -> 1.10 capped at 1.00 by the monthly cap', () => {
    const result = computeServiceCredit(example(97, { rules: [tiers(11)] }));
    expect(result.uncappedCents).toBe(110);
    expect(result.monthlyCap).toEqual({ percent: 10, limitCents: 100, bound: true });
    expect(result.credit).toBe(1);
    expect(result.boundBy).toBe('monthly_cap');
  });

  it('with fees of 110 and credits of 11.01 in the last 11 months, the rolling cap leaves 10 % × 120 - 11.01 = 0.99', () => {
    const previousPeriods: PastPeriodCredit[] = Array.from({ length: 11 }, (_, index) => ({
      period: `2026-${String(index + 1).padStart(2, '0')}`,
      fee: 10,
      credit: index === 0 ? 1.01 : 1,
    }));
    const result = computeServiceCredit(example(97, { rules: [tiers(11)], previousPeriods }));
    expect(result.rollingCap).toEqual({
      percent: 10,
      periods: [...previousPeriods.map((p) => p.period), '2026-12'],
      feesCents: 12_000,
      previousCreditsCents: 1_101,
      remainingCents: 99,
      bound: true,
    });
    expect(result.creditCents).toBe(99);
    expect(result.credit).toBe(0.99);
    expect(result.boundBy).toBe('rolling_cap');
    expect(result.trace).toEqual([
      'availability-credit (availability): 97 % is below 98 % (deepest tier reached): 11 % of 10.00 = 1.10',
      'credit before caps: 1.10',
      'monthly cap 10 % × 10.00 = 1.00: binds, credit 1.00',
      'rolling twelve-month cap 10 % × 120.00 (fees of 11 earlier period(s) and this one) − 11.01 already credited = 0.99: binds, credit 0.99',
      'credit: 0.99',
    ]);
  });
});

describe('service credits: rules, caps and rounding', () => {
  it('exactly at a threshold is not below it', () => {
    expect(computeServiceCredit(example(99.8)).credit).toBe(0);
    expect(computeServiceCredit(example(98)).credit).toBe(0.2);
  });

  it('tiers are found by threshold, whatever their order', () => {
    const reversed: CreditRule = {
      kind: 'tiers',
      targetId: 'availability',
      tiers: [
        { belowPercent: 98, creditPercent: 3 },
        { belowPercent: 99.8, creditPercent: 2 },
      ],
    };
    expect(computeServiceCredit(example(97, { rules: [reversed] })).credit).toBe(0.3);
  });

  it('per-breach amounts, and several rules add up before the caps', () => {
    const perBreach: CreditRule = { kind: 'per_breach', targetId: 'p1-resolution', percentPerBreach: 2 };
    const input: ServiceCreditInput = {
      period: '2026-03',
      fee: 12_000,
      rules: [tiers(), perBreach],
      results: [
        { targetId: 'availability', percent: 97 },
        { targetId: 'p1-resolution', percent: 80, breached: 4 },
      ],
      monthlyCapPercent: 30,
    };
    const result = computeServiceCredit(input);
    expect(result.lines.map((line) => line.amountCents)).toEqual([36_000, 96_000]);
    expect(result.lines[1]).toMatchObject({ creditPercent: 8, basis: { breached: 4 } });
    expect(result.uncappedCents).toBe(132_000);
    expect(result.credit).toBe(1_320);
    expect(computeServiceCredit({ ...input, monthlyCapPercent: 10 }).credit).toBe(1_200);
  });

  it('rounds each amount to the cent, halves away from zero, without float error', () => {
    const rule: CreditRule = {
      kind: 'tiers',
      targetId: 'availability',
      tiers: [{ belowPercent: 100, creditPercent: 10 }],
    };
    const credit = (fee: number) =>
      computeServiceCredit({ period: 'p', fee, rules: [rule], results: [{ targetId: 'availability', percent: 50 }] });
    expect(credit(12.05).creditCents).toBe(121); // 1.205 -> 1.21
    expect(credit(12.04).creditCents).toBe(120); // 1.204 -> 1.20
    expect(credit(0.05).creditCents).toBe(1); // 0.005 -> 0.01
    const third: CreditRule = { kind: 'per_breach', targetId: 't', percentPerBreach: 0.1 };
    const perBreach = computeServiceCredit({
      period: 'p',
      fee: 1234.5,
      rules: [third],
      results: [{ targetId: 't', breached: 3 }],
    });
    expect(perBreach.creditCents).toBe(370); // 3 × 0.1 % × 1234.50 = 3.7035 -> 3.70
    expect(perBreach.lines[0]!.creditPercent).toBe(0.3);
  });

  it('the rolling cap never makes a credit negative', () => {
    const previousPeriods = [{ period: '2026-11', fee: 10, credit: 5 }];
    const result = computeServiceCredit(example(97, { previousPeriods, monthlyCapPercent: null }));
    expect(result.rollingCap).toMatchObject({ feesCents: 2_000, remainingCents: -300, bound: true });
    expect(result.creditCents).toBe(0);
  });

  it('only the last 11 earlier periods count towards the rolling cap', () => {
    const previousPeriods = Array.from({ length: 14 }, (_, index) => ({
      period: `p${index}`,
      fee: 10,
      credit: index < 3 ? 9 : 0,
    }));
    const result = computeServiceCredit(example(97, { previousPeriods }));
    expect(result.rollingCap).toMatchObject({ feesCents: 12_000, previousCreditsCents: 0, bound: false });
    expect(result.rollingCap!.periods[0]).toBe('p3');
    expect(result.credit).toBe(0.3);
  });

  it('no caps: the credit is the sum of the lines; no result: no credit', () => {
    expect(
      computeServiceCredit(
        example(97, { rules: [tiers(50)], monthlyCapPercent: null, rollingTwelveMonthCapPercent: null }),
      ).credit,
    ).toBe(5);
    const none = computeServiceCredit(example(97, { results: [{ targetId: 'availability', percent: null }] }));
    expect(none.credit).toBe(0);
    expect(none.lines[0]!.explanation).toBe('no result in the period: no credit');
  });

  it('refuses inputs it cannot compute honestly', () => {
    const code = (input: ServiceCreditInput) => {
      try {
        computeServiceCredit(input);
      } catch (error) {
        return (error as { code?: string }).code;
      }
      return 'none';
    };
    expect(code(example(97, { fee: 10.005 }))).toBe('CREDIT_INPUT_INVALID');
    expect(code(example(97, { fee: -1 }))).toBe('CREDIT_INPUT_INVALID');
    expect(code(example(97, { results: [] }))).toBe('CREDIT_INPUT_INVALID');
    expect(code(example(97, { results: [{ targetId: 'availability' }] }))).toBe('CREDIT_INPUT_INVALID');
    expect(code(example(97, { monthlyCapPercent: -5 }))).toBe('CREDIT_INPUT_INVALID');
    expect(code(example(Number.NaN))).toBe('CREDIT_INPUT_INVALID');
    expect(code(example(97, { previousPeriods: [{ period: 'x', fee: 0.1 + 0.2, credit: 0 }] }))).toBe(
      'CREDIT_INPUT_INVALID',
    );
    const duplicate: CreditRule = {
      kind: 'tiers',
      targetId: 'availability',
      tiers: [
        { belowPercent: 99, creditPercent: 1 },
        { belowPercent: 99, creditPercent: 2 },
      ],
    };
    expect(code(example(97, { rules: [duplicate] }))).toBe('CREDIT_INPUT_INVALID');
    const perBreach: CreditRule = { kind: 'per_breach', targetId: 'availability', percentPerBreach: 1 };
    expect(code(example(97, { rules: [perBreach] }))).toBe('CREDIT_INPUT_INVALID'); // no breach count
  });
});

describe('the calculation trace reads as people read numbers', () => {
  const traceOf = (percent: number) =>
    computeServiceCredit(example(percent))
      .lines.map((line) => line.explanation)
      .join('; ');

  it('writes an attainment with three decimals, not every digit of the float', () => {
    expect(traceOf(99.82755973808187)).toBe('99.828 % is below no tier: no credit');
    expect(traceOf(97.12345678)).toBe('97.123 % is below 98 % (deepest tier reached): 3 % of 10.00 = 0.30');
    expect(traceOf(97)).toBe('97 % is below 98 % (deepest tier reached): 3 % of 10.00 = 0.30');
  });

  it('keeps the digits that tell it apart from a threshold it is compared with', () => {
    // 99.79999 rounds to 99.8, which would read as "99.8 % is below 99.8 %".
    expect(traceOf(99.79999)).toBe('99.79999 % is below 99.8 % (deepest tier reached): 2 % of 10.00 = 0.20');
    expect(traceOf(99.80001)).toBe('99.80001 % is below no tier: no credit');
  });
});
