/**
 * The service credit of one agreement for one period (docs/semantics.md#service-credits). The credit lines of all rules
 * add up; then
 *   credit = min(credit, monthlyCap × fee)
 *   credit = min(credit, yearCap × (fees of the last 11 periods + this fee) − credits of the last 11 periods)
 * never below zero. Every amount is whole cents: each line and each cap is rounded to the cent when it is formed
 * (halves away from zero), and everything after that is exact integer arithmetic, so the trace adds up to the cent.
 */
import { DomainError } from '../errors.ts';
import {
  applyCreditRule,
  type CreditLine,
  type CreditRule,
  checkCreditRule,
  type TargetOutcome,
} from './credit-rules.ts';
import { formatCents, fromCents, percentOfCents, toCents } from './money.ts';

/** A past period's fee and the credit granted for it. */
export interface PastPeriodCredit {
  readonly period: string;
  readonly fee: number;
  readonly credit: number;
}

export interface ServiceCreditInput {
  /** Label of the period credited, e.g. "2026-03". */
  readonly period: string;
  /** This period's fee (decimal amount with at most two places). */
  readonly fee: number;
  readonly rules: readonly CreditRule[];
  /** One outcome per target that a rule names. */
  readonly results: readonly TargetOutcome[];
  /** Percent of this period's fee; null or absent: no monthly cap. */
  readonly monthlyCapPercent?: number | null;
  /** Percent of the fees of the rolling twelve months; null or absent: no rolling cap. */
  readonly rollingTwelveMonthCapPercent?: number | null;
  /** Earlier periods, oldest first; only the last 11 count. */
  readonly previousPeriods?: readonly PastPeriodCredit[];
}

export interface MonthlyCapTrace {
  readonly percent: number;
  readonly limitCents: number;
  /** Whether the cap lowered the credit. */
  readonly bound: boolean;
}

export interface RollingCapTrace {
  readonly percent: number;
  /** The past periods counted (at most 11) and this one. */
  readonly periods: readonly string[];
  /** Fees of the counted past periods plus this fee. */
  readonly feesCents: number;
  /** Credits of the counted past periods. */
  readonly previousCreditsCents: number;
  /** percent × feesCents (rounded to the cent) − previousCreditsCents; may be negative. */
  readonly remainingCents: number;
  readonly bound: boolean;
}

export interface ServiceCreditResult {
  readonly period: string;
  readonly feeCents: number;
  readonly lines: readonly CreditLine[];
  /** Sum of the lines, before caps. */
  readonly uncappedCents: number;
  readonly monthlyCap: MonthlyCapTrace | null;
  readonly rollingCap: RollingCapTrace | null;
  readonly creditCents: number;
  /** creditCents as an amount (0.99). */
  readonly credit: number;
  /** The last limit that lowered the credit. */
  readonly boundBy: 'none' | 'monthly_cap' | 'rolling_cap';
  /** The calculation, one line per step, for the credit note. */
  readonly trace: readonly string[];
}

const ROLLING_PAST_PERIODS = 11;

/** Computes the credit for the period with its calculation trace. */
export function computeServiceCredit(input: ServiceCreditInput): ServiceCreditResult {
  if (typeof input?.period !== 'string') invalid('period', 'must be a period label', input?.period);
  const feeCents = toCents(input.fee, 'fee');
  const outcomes = new Map<string, TargetOutcome>();
  for (const outcome of input.results ?? []) outcomes.set(outcome.targetId, outcome);

  const lines = (input.rules ?? []).map((rule, index) => {
    checkCreditRule(rule, `rules[${index}]`);
    const outcome = outcomes.get(rule.targetId);
    if (outcome === undefined)
      invalid(`rules[${index}].targetId`, `no result for target ${rule.targetId}`, rule.targetId);
    return applyCreditRule(rule, outcome, feeCents, index);
  });
  const trace = lines.map((line) => `${line.ruleId} (${line.targetId}): ${line.explanation}`);
  const uncappedCents = lines.reduce((sum, line) => sum + line.amountCents, 0);
  trace.push(`credit before caps: ${formatCents(uncappedCents)}`);

  let creditCents = uncappedCents;
  let boundBy: ServiceCreditResult['boundBy'] = 'none';
  let monthlyCap: MonthlyCapTrace | null = null;
  const monthlyPercent = optionalPercent(input.monthlyCapPercent, 'monthlyCapPercent');
  if (monthlyPercent !== null) {
    const limitCents = percentOfCents(feeCents, monthlyPercent);
    const bound = creditCents > limitCents;
    if (bound) {
      creditCents = limitCents;
      boundBy = 'monthly_cap';
    }
    monthlyCap = { percent: monthlyPercent, limitCents, bound };
    trace.push(
      `monthly cap ${monthlyPercent} % × ${formatCents(feeCents)} = ${formatCents(limitCents)}: ${bound ? `binds, credit ${formatCents(creditCents)}` : 'not reached'}`,
    );
  }

  let rollingCap: RollingCapTrace | null = null;
  const rollingPercent = optionalPercent(input.rollingTwelveMonthCapPercent, 'rollingTwelveMonthCapPercent');
  if (rollingPercent !== null) {
    const past = (input.previousPeriods ?? []).slice(-ROLLING_PAST_PERIODS);
    const offset = Math.max(0, (input.previousPeriods ?? []).length - ROLLING_PAST_PERIODS);
    let feesCents = feeCents;
    let previousCreditsCents = 0;
    for (const [index, period] of past.entries()) {
      feesCents += toCents(period.fee, `previousPeriods[${offset + index}].fee`);
      previousCreditsCents += toCents(period.credit, `previousPeriods[${offset + index}].credit`);
    }
    const remainingCents = percentOfCents(feesCents, rollingPercent) - previousCreditsCents;
    const allowedCents = Math.max(0, remainingCents);
    const bound = creditCents > allowedCents;
    if (bound) {
      creditCents = allowedCents;
      boundBy = 'rolling_cap';
    }
    rollingCap = {
      percent: rollingPercent,
      periods: [...past.map((period) => period.period), input.period],
      feesCents,
      previousCreditsCents,
      remainingCents,
      bound,
    };
    trace.push(
      `rolling twelve-month cap ${rollingPercent} % × ${formatCents(feesCents)} (fees of ${past.length} earlier period(s) and this one) − ${formatCents(previousCreditsCents)} already credited = ${formatCents(remainingCents)}: ${bound ? `binds, credit ${formatCents(creditCents)}` : 'not reached'}`,
    );
  }
  trace.push(`credit: ${formatCents(creditCents)}`);
  return {
    period: input.period,
    feeCents,
    lines,
    uncappedCents,
    monthlyCap,
    rollingCap,
    creditCents,
    credit: fromCents(creditCents),
    boundBy,
    trace,
  };
}

function optionalPercent(value: number | null | undefined, path: string): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    invalid(path, 'must be a percentage >= 0', value);
  return value;
}

function invalid(path: string, message: string, value: unknown): never {
  throw new DomainError('CREDIT_INPUT_INVALID', `${path}: ${message}`, { path, value });
}
