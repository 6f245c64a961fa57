/**
 * Use-case: the results of an agreement in a period (docs/semantics.md#measuring-a-period,
 * docs/semantics.md#credits-and-termination, decision 0010). For the version the period is reported against, per
 * target: attainment of ticket targets (from the stored clock projection, aggregated in SQL), availability with its
 * trace, OTIF, mean resolution time and KPI values, each against its goal with a RAG status (amber "projected to miss"
 * in the current period from the worst-case projection of ticket targets); then, for a month, the service credit with
 * the credits of the months before it (rolling cap) and the termination triggers over the months up to it.
 *
 * Customer representatives see the results of their own customer's agreements only (404 otherwise), like the
 * agreements themselves.
 */
import type { Agreement, Target } from '../../core/agreement/index.ts';
import { isTicketTarget } from '../../core/agreement/index.ts';
import type { AvailabilityResult, KpiResult, OtifResult, RagResult } from '../../core/measure/index.ts';
import type { CompiledCalendar } from '../../core/time/index.ts';
import { type Principal, requirePermission } from '../access/principal.ts';
import { loadAgreement } from '../agreements/agreement-access.ts';
import type { AgreementRecord } from '../ports/agreement-repository.ts';
import type { DeliveryRecord } from '../ports/delivery-repository.ts';
import type { MaintenanceWindowRecord } from '../ports/maintenance-window-repository.ts';
import type { OutageRecord } from '../ports/outage-repository.ts';
import type {
  BreachRow,
  CycleCountRow,
  CycleScope,
  KpiValueOfPeriod,
  ResolutionTimeRow,
  ResultsBucket,
  UsedTimeRow,
} from '../ports/results-repository.ts';
import type { Clock, Repositories, Store } from '../ports/store.ts';
import {
  type MonthCredit,
  type MonthOutcomes,
  monthCredit,
  type TerminationStatus,
  terminationStatus,
} from './credit-results.ts';
import {
  availabilityResult,
  kpiResult,
  meanResolutionResult,
  otifResult,
  versionCalendars,
} from './fact-target-results.ts';
import { atRiskCyclesDue, usedTimeOverrides } from './open-cycle-time.ts';
import {
  monthIndex,
  monthLabelAt,
  monthsBetween,
  type ResultsPeriod,
  type ResultsPeriodRequest,
  resolveResultsPeriod,
  shiftMonth,
} from './results-period.ts';
import { type TrendMonth, trendMonth } from './results-trend.ts';
import {
  agreementTimeZone,
  loadActivatedVersions,
  notInForce,
  type ResultsVersion,
  versionForPeriod,
} from './results-versions.ts';
import { goalOf, missedGoal, ragOf, type TargetGoal } from './target-goals.ts';
import { type TicketTargetPeriodResult, ticketTargetResult } from './ticket-target-results.ts';

/** Months of history read for the rolling cap and termination triggers, at most (ten years). */
export const MAX_HISTORY_MONTHS = 120;
export const DEFAULT_BREACH_LIMIT = 100;
export const MAX_BREACH_LIMIT = 1000;

export interface PeriodResultsRequest extends ResultsPeriodRequest {
  /** How many breaches to list per ticket target (counts are always complete); default 100. */
  readonly breachLimit?: number | undefined;
  /**
   * For a month: also measure every target in this many months up to it (the reported one included), for a trend
   * and a SLAM chart (`trend`); default 0: only what credits and termination triggers need.
   */
  readonly trendMonths?: number | undefined;
}

export interface TargetPeriodResult {
  readonly target: Target;
  readonly goal: TargetGoal | null;
  /** The headline value: attainment, availability or OTIF percent, mean resolution time (ms), or the KPI value. */
  readonly value: number | null;
  readonly rag: RagResult;
  readonly tickets?: TicketTargetPeriodResult;
  readonly availability?: AvailabilityResult;
  readonly otif?: OtifResult;
  readonly meanResolution?: KpiResult & { readonly cycles: number };
  readonly kpi?: KpiResult & { readonly note: string | null };
}

export interface PeriodResults {
  readonly agreement: AgreementRecord;
  readonly period: ResultsPeriod & {
    /** Whether the period is still running: its results are provisional. */
    readonly current: boolean;
    /** The end of what was measured: the period's end, or now. */
    readonly measuredTo: number;
  };
  readonly evaluatedAt: number;
  readonly version: ResultsVersion;
  /** Cycles counted in the period per version their tickets are pinned to. */
  readonly ticketVersions: readonly { versionId: string | null; number: number | null; cycles: number }[];
  readonly targets: readonly TargetPeriodResult[];
  /** Cycles counted for targets that the reported version does not have (tickets pinned to another version). */
  readonly otherTargets: readonly { targetId: string; met: number; breached: number }[];
  readonly credits: (MonthCredit & { readonly provisional: boolean }) | null;
  readonly termination: readonly TerminationStatus[] | null;
  /** Why credits and termination are absent, when they are. */
  readonly note: string | null;
  /** Every target month by month, oldest first, ending with the reported month (when asked for a month's trend). */
  readonly trend: readonly TrendMonth[] | null;
}

/** The facts and aggregate rows one request reads, each once. */
interface LoadedData {
  readonly currentCounts: readonly CycleCountRow[];
  readonly historyCounts: readonly CycleCountRow[];
  readonly usedTime: readonly UsedTimeRow[];
  readonly breaches: readonly BreachRow[];
  /** Resolution times of the reported period (bucket 0) and of the months before it (bucket = month index). */
  readonly currentResolutionTimes: readonly ResolutionTimeRow[];
  readonly historyResolutionTimes: readonly ResolutionTimeRow[];
  readonly outages: readonly OutageRecord[];
  readonly windows: readonly MaintenanceWindowRecord[];
  readonly deliveries: readonly DeliveryRecord[];
  readonly kpiValues: readonly KpiValueOfPeriod[];
  readonly calendars: ReadonlyMap<string, ReadonlyMap<string, CompiledCalendar>>;
  readonly trendFrom: number;
  /** Per target, the open cycles due in the reported period that are at risk now; null once the period has ended. */
  readonly atRisk: ReadonlyMap<string, number> | null;
}

export async function getPeriodResults(
  { store, clock }: { store: Store; clock: Clock },
  principal: Principal,
  agreementId: string,
  request: PeriodResultsRequest,
): Promise<PeriodResults> {
  requirePermission(principal, 'results.read');
  const now = clock.now();
  // One transaction: every figure of the report comes from the same state of the data.
  return store.transaction(async (repositories) => {
    await repositories.results.prepareReport();
    return periodResults(repositories, principal, agreementId, request, now);
  });
}

/**
 * The results inside a transaction the caller holds (after `results.prepareReport()`), without the permission check:
 * for use-cases that build on them (compliance reports) and check their own.
 */
export async function periodResults(
  repositories: Repositories,
  principal: Principal,
  agreementId: string,
  request: PeriodResultsRequest,
  now: number,
): Promise<PeriodResults> {
  const agreement = await loadAgreement(repositories, principal, agreementId);
  const versions = await loadActivatedVersions(repositories, principal.workspaceId, agreement.id);
  if (versions.length === 0) throw notInForce();
  const period = resolveResultsPeriod(request, agreementTimeZone(versions, now), now);
  const version = versionForPeriod(versions, period, now);
  if (version === undefined) throw notInForce(period.label);

  // A month is reported with the months before it (credits' rolling cap, termination triggers); other periods alone.
  const months = period.kind === 'month' ? historyMonths(period, versions, now) : [period];
  const monthVersions = months.map((month) => versionForPeriod(versions, month, now));
  const data = await loadData(repositories, {
    workspaceId: principal.workspaceId,
    agreement,
    now,
    period,
    months,
    monthVersions,
    versions,
    breachLimit: Math.min(Math.max(1, request.breachLimit ?? DEFAULT_BREACH_LIMIT), MAX_BREACH_LIMIT),
    trendFrom: period.kind === 'month' ? Math.max(0, months.length - (request.trendMonths ?? 0)) : months.length,
  });

  const current = now < period.to;
  const targets = version.agreement.spec.targets.map((target) =>
    targetResult(
      target,
      version,
      data,
      { reported: true, bucket: 0, period, counts: data.currentCounts, label: period.label },
      now,
    ),
  );
  const known = new Set(version.agreement.spec.targets.map((target) => target.id));
  const otherTargets = [...new Set(data.currentCounts.map((row) => row.targetId))]
    .filter((id) => !known.has(id))
    .sort()
    .map((targetId) => {
      const rows = data.currentCounts.filter((row) => row.targetId === targetId);
      return {
        targetId,
        met: rows.reduce((sum, row) => sum + row.met, 0),
        breached: rows.reduce((sum, row) => sum + row.breached, 0),
      };
    })
    .filter((entry) => entry.met + entry.breached > 0);

  let credits: PeriodResults['credits'] = null;
  let termination: PeriodResults['termination'] = null;
  let note: string | null = null;
  let trend: TrendMonth[] | null = null;
  if (period.kind === 'month') {
    const trendFrom = data.trendFrom;
    const monthsOfTrend: TrendMonth[] = [];
    const outcomes: MonthOutcomes[] = months.map((month, index) => {
      const monthVersion = monthVersions[index];
      const inTrend = index >= trendFrom;
      if (index === months.length - 1) {
        if (inTrend) monthsOfTrend.push(trendMonth(month, version, targets, now));
        return { label: month.label!, agreement: version.agreement, targets: outcomesOf(targets) };
      }
      if (monthVersion === undefined) {
        if (inTrend) monthsOfTrend.push(trendMonth(month, undefined, [], now));
        return { label: month.label!, agreement: undefined, targets: new Map() };
      }
      const needed = neededTargets(monthVersion.agreement);
      const results = monthVersion.agreement.spec.targets
        .filter((target) => inTrend || needed.has(target.id))
        .map((target) =>
          targetResult(
            target,
            monthVersion,
            data,
            { reported: false, bucket: index, period: month, counts: data.historyCounts, label: month.label },
            now,
          ),
        );
      if (inTrend) monthsOfTrend.push(trendMonth(month, monthVersion, results, now));
      return { label: month.label!, agreement: monthVersion.agreement, targets: outcomesOf(results) };
    });
    if ((request.trendMonths ?? 0) > 0) trend = monthsOfTrend;
    const credit = monthCredit(outcomes);
    credits = credit === null ? null : { ...credit, provisional: current };
    termination = terminationStatus(outcomes, current);
    if (credit === null) note = 'the agreement has no service credits';
  } else {
    note = 'credits and termination triggers are computed per calendar month: ask for a month (period=YYYY-MM)';
  }

  const byVersion = new Map<string | null, number>();
  for (const row of data.currentCounts) {
    byVersion.set(row.versionId, (byVersion.get(row.versionId) ?? 0) + row.met + row.breached);
  }
  const numbers = new Map(versions.map((entry) => [entry.record.id, entry.record.number]));
  return {
    agreement,
    period: { ...period, current, measuredTo: Math.min(period.to, now) },
    evaluatedAt: now,
    version,
    ticketVersions: [...byVersion.entries()]
      .filter(([, cycles]) => cycles > 0)
      .map(([versionId, cycles]) => ({
        versionId,
        number: versionId === null ? null : (numbers.get(versionId) ?? null),
        cycles,
      }))
      .sort((a, b) => (a.number ?? 0) - (b.number ?? 0)),
    targets,
    otherTargets,
    credits,
    termination,
    note,
    trend,
  };
}

/** The months from the first one with a version in force (at most MAX_HISTORY_MONTHS) to the period. */
function historyMonths(period: ResultsPeriod, versions: readonly ResultsVersion[], now: number): ResultsPeriod[] {
  const starts = versions.filter((version) => version.activatedAt <= now).map((version) => version.inForceFrom);
  if (starts.length === 0) return [period];
  const first = monthLabelAt(period.timeZone, Math.min(...starts)).label;
  const back = monthIndex(period.label!) - monthIndex(first);
  return monthsBetween(shiftMonth(period, -Math.min(Math.max(back, 0), MAX_HISTORY_MONTHS - 1)), period);
}

/** Targets whose history matters: named by a credit rule or a termination trigger. */
function neededTargets(agreement: Agreement): Set<string> {
  const needed = new Set<string>((agreement.spec.credits?.rules ?? []).map((rule) => rule.target));
  for (const clause of agreement.spec.termination) if (clause.trigger) needed.add(clause.trigger.target);
  return needed;
}

interface LoadRequest {
  readonly workspaceId: string;
  readonly agreement: AgreementRecord;
  readonly now: number;
  readonly period: ResultsPeriod;
  readonly months: readonly ResultsPeriod[];
  readonly monthVersions: readonly (ResultsVersion | undefined)[];
  readonly versions: readonly ResultsVersion[];
  readonly breachLimit: number;
  /** Index of the first month in which every target is measured (months.length: none). */
  readonly trendFrom: number;
}

async function loadData(repositories: Repositories, request: LoadRequest): Promise<LoadedData> {
  const { workspaceId, agreement, now, period, months, monthVersions } = request;
  const results = repositories.results;
  const scope: CycleScope = { workspaceId, agreementId: agreement.id, now };
  const current: ResultsBucket = { from: period.from, to: period.to };
  const reported = monthVersions.filter((version): version is ResultsVersion => version !== undefined);
  const historyTargets = new Set<string>();
  for (const version of monthVersions.slice(0, -1)) {
    for (const id of version === undefined ? [] : neededTargets(version.agreement)) historyTargets.add(id);
  }
  const trendStart = request.trendFrom < months.length - 1 ? months[request.trendFrom]!.from : null;
  const history = months.slice(0, -1);
  const allTargets = reported.flatMap((version) => version.agreement.spec.targets);

  // Mean resolution time needs the resolution cycles of earlier months only when a credit or a trigger names it, or
  // the month is in the trend.
  const needsResolution = (version: ResultsVersion | undefined, index: number) =>
    version?.agreement.spec.targets.some(
      (target) =>
        target.metric === 'mean_resolution_time' &&
        (index >= request.trendFrom || neededTargets(version.agreement).has(target.id)),
    ) === true;
  const overrides = await usedTimeOverrides(repositories, scope, current, request.versions);
  const atRisk = now < period.to ? await atRiskCyclesDue(repositories, scope, current, request.versions) : null;
  const reportedCycles = await results.periodCycles(scope, current, overrides, request.breachLimit);
  const historyCycles = await results.historyCycles(
    {
      ...scope,
      targetIds: [...historyTargets],
      allTargetsFrom: trendStart,
      resolutionTimes: monthVersions.slice(0, -1).some(needsResolution),
    },
    history,
  );
  const span: ResultsBucket = { from: months[0]!.from, to: period.to };
  const services = [
    ...new Set(allTargets.flatMap((target) => (target.metric === 'availability' ? [target.service] : []))),
  ];
  const availability = services.length > 0;
  const [outages, windows, deliveries, kpiValues] = await Promise.all([
    availability ? results.outages(workspaceId, agreement.customerId, services, span) : Promise.resolve([]),
    availability ? results.maintenanceWindows(workspaceId, agreement.customerId, span) : Promise.resolve([]),
    allTargets.some((target) => target.metric === 'otif')
      ? results.deliveries(workspaceId, agreement.customerId, agreement.id, span)
      : Promise.resolve([]),
    allTargets.some((target) => target.metric === 'kpi')
      ? results.kpiValues(
          workspaceId,
          agreement.id,
          months.flatMap((month) => (month.label === null ? [] : [month.label])),
        )
      : Promise.resolve([]),
  ]);
  const calendars = new Map<string, ReadonlyMap<string, CompiledCalendar>>();
  for (const version of reported) {
    if (!calendars.has(version.record.id)) {
      calendars.set(version.record.id, await versionCalendars(repositories, workspaceId, version.agreement));
    }
  }
  return {
    currentCounts: reportedCycles.counts,
    historyCounts: historyCycles.counts,
    usedTime: reportedCycles.usedTime,
    breaches: reportedCycles.breaches,
    currentResolutionTimes: reportedCycles.resolutionTimes,
    historyResolutionTimes: historyCycles.resolutionTimes,
    outages,
    windows,
    deliveries,
    kpiValues,
    calendars,
    trendFrom: request.trendFrom,
    atRisk,
  };
}

interface BucketContext {
  /** The reported period (details: used time, breaches) rather than a month of its history. */
  readonly reported: boolean;
  /** Index of the bucket in `counts` (0 for the reported period; the month index in the history rows). */
  readonly bucket: number;
  readonly period: ResultsBucket;
  readonly counts: readonly CycleCountRow[];
  readonly label: string | null;
}

function targetResult(
  target: Target,
  version: ResultsVersion,
  data: LoadedData,
  context: BucketContext,
  now: number,
): TargetPeriodResult {
  const goal = goalOf(target, version.agreement);
  const isReported = context.reported;
  const calendars = data.calendars.get(version.record.id) ?? new Map<string, CompiledCalendar>();
  if (isTicketTarget(target)) {
    const tickets = ticketTargetResult(
      target.id,
      context.counts,
      context.bucket,
      isReported ? data.usedTime.find((row) => row.targetId === target.id) : undefined,
      isReported ? data.breaches : [],
      isReported && data.atRisk !== null ? (data.atRisk.get(target.id) ?? 0) : null,
    );
    const { projection } = tickets;
    return {
      target,
      goal,
      value: tickets.attainmentPercent,
      rag: ragOf(goal, tickets.attainmentPercent, projection?.projectedPercent ?? null, projection?.basis),
      tickets,
    };
  }
  switch (target.metric) {
    case 'availability': {
      const availability = availabilityResult(target, calendars, context.period, data.outages, data.windows, now);
      return { target, goal, value: availability.percent, rag: ragOf(goal, availability.percent), availability };
    }
    case 'otif': {
      const otif = otifResult(target, calendars, data.deliveries, context.period, now);
      return { target, goal, value: otif.percent, rag: ragOf(goal, otif.percent), otif };
    }
    case 'mean_resolution_time': {
      const meanResolution = isReported
        ? meanResolutionResult(target, data.currentResolutionTimes, 0)
        : meanResolutionResult(target, data.historyResolutionTimes, context.bucket);
      return { target, goal, value: meanResolution.value, rag: ragOf(goal, meanResolution.value), meanResolution };
    }
    case 'kpi': {
      const kpi = kpiResult(target, data.kpiValues, context.label);
      return { target, goal, value: kpi.value, rag: ragOf(goal, kpi.value), kpi };
    }
  }
  throw new Error(`unknown metric of target ${(target as Target).id}`);
}

function outcomesOf(results: readonly TargetPeriodResult[]): MonthOutcomes['targets'] {
  return new Map(
    results.map((result) => [
      result.target.id,
      {
        percent: result.goal?.unit === 'percent' ? result.value : null,
        breached: result.tickets?.breached ?? 0,
        missed: missedGoal(result.goal, result.value),
      },
    ]),
  );
}
