/**
 * The compliance report of an agreement for a period (docs/semantics.md#measuring-a-period, decision 0014): the period
 * results (every target against its goal with counts, business-time statistics, RAG with its reason and the breaches;
 * availability, OTIF and KPIs with their traces; credits with their calculation; termination triggers with their
 * evidence), and around them what a service level manager reads a report for: ticket flow (backlog, reopen rate), the
 * previous period for comparison, and twelve months of every target's value and RAG (the attainment trend and the SLAM
 * chart).
 *
 * Built inside one transaction from the same state of the data; plain data (epoch milliseconds, durations in
 * milliseconds) that survives JSON unchanged, because a closed period's report is frozen as JSON text.
 */
import { type UnmeasuredReason, unmeasuredReasons, unmeasuredReasonTexts } from '../../core/clocks/index.ts';
import { percentOf } from '../../core/measure/index.ts';
import { type Principal, scopeOf } from '../access/principal.ts';
import { AppError } from '../app-error.ts';
import type { TicketFlowRow } from '../ports/results-repository.ts';
import type { Repositories } from '../ports/store.ts';
import { MAX_BREACH_LIMIT, type PeriodResults, periodResults } from '../results/period-results.ts';
import {
  type ResultsPeriod,
  type ResultsPeriodKind,
  type ResultsPeriodRequest,
  resolveResultsPeriod,
  shiftMonth,
} from '../results/results-period.ts';
import { type TrendCell, type TrendMonth, trendMonth } from '../results/results-trend.ts';
import { monthLabelsEndingWith, previousPeriodRequest, TREND_MONTHS, trendEndMonth } from './report-periods.ts';

export const REPORT_FORMAT = 'covenant/agreement-report@1';

export interface ReportFlow extends TicketFlowRow {
  /** reopened / resolved × 100; null when nothing was resolved. */
  readonly reopenRatePercent: number | null;
}

export interface ReportPreviousPeriod {
  readonly label: string | null;
  readonly kind: ResultsPeriodKind;
  readonly from: number;
  readonly to: number;
  readonly versionNumber: number | null;
  /** Every target of the version then in force; empty when none was. */
  readonly targets: readonly TrendCell[];
  readonly flow: ReportFlow;
}

export interface AgreementReport {
  readonly format: typeof REPORT_FORMAT;
  readonly generatedAt: number;
  readonly customer: { readonly id: string; readonly slug: string; readonly name: string };
  /** The period's results, with up to MAX_BREACH_LIMIT (1,000) breaches per target (`trend` is below). */
  readonly results: PeriodResults;
  readonly flow: ReportFlow;
  readonly previous: ReportPreviousPeriod | null;
  /** TREND_MONTHS months ending with the month in which the period ends, oldest first. */
  readonly trend: readonly TrendMonth[];
}

/** Computes the report inside the caller's transaction (after `results.prepareReport()`). */
export async function computeAgreementReport(
  repositories: Repositories,
  principal: Principal,
  agreementId: string,
  request: ResultsPeriodRequest,
  now: number,
): Promise<AgreementReport> {
  const results = await periodResults(
    repositories,
    principal,
    agreementId,
    { ...request, breachLimit: MAX_BREACH_LIMIT, trendMonths: TREND_MONTHS },
    now,
  );
  const { agreement, period } = results;
  const customer = await repositories.customers.get(scopeOf(principal), agreement.customerId);
  const flowScope = { workspaceId: principal.workspaceId, agreementId: agreement.id };
  const flow = flowOf(await repositories.results.ticketFlow(flowScope, period));

  const months =
    period.kind === 'month'
      ? (results.trend ?? [])
      : await trendOfMonth(repositories, principal, agreementId, trendEndMonth(period, now), now);
  const trend = padTrend(months, period, now);

  let previous: ReportPreviousPeriod | null;
  if (period.kind === 'month') {
    const before = trend.at(-2)!;
    previous = {
      label: before.label,
      kind: 'month',
      from: before.from,
      to: before.to,
      versionNumber: before.versionNumber,
      targets: before.targets,
      flow: flowOf(await repositories.results.ticketFlow(flowScope, before)),
    };
  } else {
    previous = await previousOtherPeriod(repositories, principal, agreementId, period, now);
  }

  return {
    format: REPORT_FORMAT,
    generatedAt: now,
    customer: {
      id: agreement.customerId,
      slug: customer?.slug ?? '',
      name: customer?.name ?? '',
    },
    results: { ...results, trend: null },
    flow,
    previous,
    trend,
  };
}

/** Of the tickets opened in the period, how many are measured and how many not, and why. */
export interface FlowMeasurement {
  readonly measured: number;
  readonly notMeasured: {
    readonly total: number;
    readonly reasons: readonly { reason: UnmeasuredReason; count: number; message: string }[];
  };
}

/** The measurement counts of a period's flow; null for a report published before they were counted. */
export function measurementOfFlow(flow: TicketFlowRow): FlowMeasurement | null {
  if (flow.unmeasured === undefined) return null;
  const reasons = unmeasuredReasons
    .filter((reason) => (flow.unmeasured?.[reason] ?? 0) > 0)
    .map((reason) => ({ reason, count: flow.unmeasured![reason]!, message: unmeasuredReasonTexts[reason] }));
  const total = reasons.reduce((sum, entry) => sum + entry.count, 0);
  return { measured: flow.opened - total, notMeasured: { total, reasons } };
}

function flowOf(row: TicketFlowRow): ReportFlow {
  return { ...row, reopenRatePercent: percentOf(row.reopened, row.resolved) };
}

/** The trend of the months up to `label`, as a month report computes it; none when no version was in force then. */
async function trendOfMonth(
  repositories: Repositories,
  principal: Principal,
  agreementId: string,
  label: string,
  now: number,
): Promise<readonly TrendMonth[]> {
  try {
    const month = await periodResults(
      repositories,
      principal,
      agreementId,
      { period: label, breachLimit: 1, trendMonths: TREND_MONTHS },
      now,
    );
    return month.trend ?? [];
  } catch (error) {
    if (error instanceof AppError && error.code === 'AGREEMENT_NOT_IN_FORCE') return [];
    throw error;
  }
}

/** Exactly TREND_MONTHS months ending with the month of the period's end; months before the agreement are empty. */
function padTrend(months: readonly TrendMonth[], period: ResultsPeriod, now: number): TrendMonth[] {
  const last = trendEndMonth(period, now);
  const byLabel = new Map(months.map((month) => [month.label, month]));
  // Read as any month label is; `now` at infinity because a month of the trend has always started.
  const lastMonth = resolveResultsPeriod({ period: last }, period.timeZone, Number.POSITIVE_INFINITY);
  return monthLabelsEndingWith(last, TREND_MONTHS).map((label, index) => {
    const known = byLabel.get(label);
    if (known) return known;
    const month = shiftMonth(lastMonth, index - (TREND_MONTHS - 1));
    return trendMonth(month, undefined, [], now);
  });
}

/** The period before a non-month period, with its targets; targets empty when no version was in force then. */
async function previousOtherPeriod(
  repositories: Repositories,
  principal: Principal,
  agreementId: string,
  period: ResultsPeriod,
  now: number,
): Promise<ReportPreviousPeriod | null> {
  const request = previousPeriodRequest(period);
  let before: ResultsPeriod;
  try {
    before = resolveResultsPeriod(request, period.timeZone, now);
  } catch {
    return null;
  }
  const flow = flowOf(
    await repositories.results.ticketFlow({ workspaceId: principal.workspaceId, agreementId }, before),
  );
  try {
    const results = await periodResults(repositories, principal, agreementId, { ...request, breachLimit: 1 }, now);
    const month = trendMonth(results.period, results.version, results.targets, now);
    return {
      label: before.label,
      kind: before.kind,
      from: before.from,
      to: before.to,
      versionNumber: month.versionNumber,
      targets: month.targets,
      flow,
    };
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'AGREEMENT_NOT_IN_FORCE')) throw error;
    return {
      label: before.label,
      kind: before.kind,
      from: before.from,
      to: before.to,
      versionNumber: null,
      targets: [],
      flow,
    };
  }
}
