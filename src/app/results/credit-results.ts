/**
 * Service credits and termination triggers of monthly periods (decision 0010), with the core's functions:
 * `computeServiceCredit` per month, oldest first, each month with its own version's fee, rules and caps and the
 * credits computed the same way for the months before it (the rolling twelve-month cap reads the last 11), and
 * `evaluateTerminationTrigger` over the months up to the one reported.
 */
import type { Agreement, CreditRule as AgreementCreditRule, TerminationTrigger } from '../../core/agreement/index.ts';
import {
  type TerminationTrigger as CoreTrigger,
  type CreditRule,
  computeServiceCredit,
  evaluateTerminationStanding,
  type PastPeriodCredit,
  type PeriodOutcome,
  type ServiceCreditResult,
  type TargetOutcome,
  type TerminationStanding,
} from '../../core/credits/index.ts';

/** What a month's results say about one target, as the credit rules and termination triggers read it. */
export interface MonthTargetOutcome {
  /** Attainment, availability or OTIF percent; null without a result (or for other kinds of target). */
  readonly percent: number | null;
  /** Breached cycles counted in the month (ticket targets; 0 otherwise). */
  readonly breached: number;
  /** Whether the goal was missed; null without a result. */
  readonly missed: boolean | null;
}

export interface MonthOutcomes {
  readonly label: string;
  /** The version the month is reported against; undefined when none was in force. */
  readonly agreement: Agreement | undefined;
  readonly targets: ReadonlyMap<string, MonthTargetOutcome>;
}

export interface CreditHistoryEntry {
  readonly period: string;
  readonly fee: number;
  readonly credit: number;
}

export interface MonthCredit {
  readonly currency: string;
  readonly result: ServiceCreditResult;
  /** The months before, as computed for the rolling cap (oldest first). */
  readonly history: readonly CreditHistoryEntry[];
}

export function creditRulesOf(agreement: Agreement): CreditRule[] {
  return (agreement.spec.credits?.rules ?? []).map((rule: AgreementCreditRule, index): CreditRule => {
    const id = `credits.rules[${index}]`;
    return 'tiers' in rule
      ? {
          kind: 'tiers',
          id,
          targetId: rule.target,
          tiers: rule.tiers.map((tier) => ({ belowPercent: tier.below, creditPercent: tier.credit })),
        }
      : { kind: 'per_breach', id, targetId: rule.target, percentPerBreach: rule.perBreach };
  });
}

/** The credit of the last month of `months` (oldest first, one per month, the last being the one reported). */
export function monthCredit(months: readonly MonthOutcomes[]): MonthCredit | null {
  const history: CreditHistoryEntry[] = [];
  let last: MonthCredit | null = null;
  for (const month of months) {
    const credits = month.agreement?.spec.credits;
    if (credits === undefined) {
      history.push({ period: month.label, fee: 0, credit: 0 });
      last = null;
      continue;
    }
    const rules = creditRulesOf(month.agreement!);
    const results: TargetOutcome[] = [...new Set(rules.map((rule) => rule.targetId))].map((targetId) => {
      const outcome = month.targets.get(targetId);
      return { targetId, percent: outcome?.percent ?? null, breached: outcome?.breached ?? 0 };
    });
    const result = computeServiceCredit({
      period: month.label,
      fee: credits.monthlyFee.amount,
      rules,
      results,
      monthlyCapPercent: credits.monthlyCap ?? null,
      rollingTwelveMonthCapPercent: credits.rollingTwelveMonthCap ?? null,
      previousPeriods: history.slice(-11) satisfies PastPeriodCredit[],
    });
    last = { currency: credits.monthlyFee.currency, result, history: history.slice(-11) };
    history.push({ period: month.label, fee: credits.monthlyFee.amount, credit: result.credit });
  }
  return last;
}

export interface TerminationStatus extends TerminationStanding {
  readonly targetId: string;
  readonly right: string;
}

/**
 * Every termination clause of the reported month's version that has a trigger, evaluated over the closed months; when
 * the reported month is still running (`lastIsRunning`), it only says whether it would trigger if it closed now.
 */
export function terminationStatus(months: readonly MonthOutcomes[], lastIsRunning: boolean): TerminationStatus[] {
  const current = months.at(-1)?.agreement;
  if (current === undefined) return [];
  const statuses: TerminationStatus[] = [];
  current.spec.termination.forEach((clause, index) => {
    if (clause.trigger === undefined) return;
    const trigger = coreTrigger(clause.trigger, `termination[${index}]`);
    const outcomes: PeriodOutcome[] = months.map((month) => ({
      period: month.label,
      missed: month.targets.get(clause.trigger!.target)?.missed ?? null,
    }));
    const closed = lastIsRunning ? outcomes.slice(0, -1) : outcomes;
    const running = lastIsRunning ? outcomes.at(-1)! : null;
    statuses.push({
      ...evaluateTerminationStanding(trigger, closed, running),
      targetId: clause.trigger.target,
      right: clause.right,
    });
  });
  return statuses;
}

function coreTrigger(trigger: TerminationTrigger, id: string): CoreTrigger {
  return 'missedOf' in trigger
    ? {
        kind: 'missed_of_last',
        id,
        targetId: trigger.target,
        missed: trigger.missedOf.missed,
        ofLast: trigger.missedOf.periods,
      }
    : { kind: 'consecutive', id, targetId: trigger.target, periods: trigger.missedConsecutivePeriods };
}
