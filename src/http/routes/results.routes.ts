/**
 * Period results of an agreement (decision 0010): per target attainment, availability, OTIF, mean resolution time or
 * KPI value against its goal with a RAG status, then the month's service credit with its calculation and the status
 * of the termination triggers. Instants in ISO-8601 UTC, business durations in minutes, money as decimal amounts.
 */
import { z } from 'zod';
import {
  getPeriodResults,
  MAX_BREACH_LIMIT,
  type PeriodResults,
  type TargetPeriodResult,
} from '../../app/results/period-results.ts';
import type { TicketTargetPeriodResult } from '../../app/results/ticket-target-results.ts';
import type { AvailabilityResult, OtifCounts, ValueSummary } from '../../core/measure/index.ts';
import { principalOf } from '../authentication.ts';
import type { HttpDependencies } from '../http-dependencies.ts';
import type { ZodApp } from '../zod-app.ts';
import { idParams, instantInput, instantSchema, iso, standardErrors, textInput } from './route-schemas.ts';

const minutes = (ms: number) => ms / 60_000;
const minutesOrNull = (ms: number | null) => (ms === null ? null : ms / 60_000);
const amount = (cents: number) => cents / 100;
const nullableNumber = z.number().nullable();

const ragSchema = z.object({
  status: z.enum(['green', 'amber', 'red', 'grey']),
  code: z.enum(['MET', 'NEAR_GOAL', 'PROJECTED_TO_MISS', 'MISSED', 'NO_DATA']),
  reason: z.string(),
});

const goalSchema = z
  .object({
    value: z.number(),
    unit: z.enum(['percent', 'minutes', 'number']),
    direction: z.enum(['atLeast', 'atMost']),
    amberMargin: z.number(),
    amberMarginKind: z.enum(['points', 'fraction']).describe('Percentage points, or a fraction of the goal.'),
  })
  .nullable();

const summarySchema = z.object({
  count: z.number(),
  mean: nullableNumber,
  median: nullableNumber,
  p90: nullableNumber,
  min: nullableNumber,
  max: nullableNumber,
});

const ticketsSchema = z.object({
  met: z.number(),
  breached: z.number(),
  counted: z.number(),
  attainmentPercent: nullableNumber,
  worstCaseAttainmentPercent: nullableNumber.describe('Attainment if every open cycle due in the period breaches.'),
  openDueInPeriod: z.number(),
  atRiskDueInPeriod: z.number().describe('Open cycles due in the period that have used 75 % of their time or more.'),
  projection: z
    .object({
      atRiskPercentUsed: z.number(),
      met: z.number(),
      breached: z.number(),
      openDue: z.number(),
      atRisk: z.number(),
      projectedPercent: nullableNumber.describe('met / (met + breached + atRisk); null: no open cycle at risk.'),
      basis: z.string(),
    })
    .nullable()
    .describe('What the RAG projects for the running period and on what evidence (decision 0029); null once ended.'),
  usedMinutes: summarySchema.describe('Business minutes used by the counted cycles (nearest-rank percentiles).'),
  byPriority: z.array(
    z.object({
      priority: z.string().nullable(),
      met: z.number(),
      breached: z.number(),
      attainmentPercent: nullableNumber,
    }),
  ),
  breaches: z.array(
    z.object({
      ticketId: z.string(),
      externalRef: z.string().nullable(),
      priority: z.string().nullable(),
      breachAt: instantSchema,
      stop: instantSchema.nullable(),
      usedMinutes: z.number(),
    }),
  ),
  breachesTruncated: z.boolean(),
});

const availabilitySchema = z.object({
  percent: nullableNumber,
  reason: z.object({ code: z.string(), message: z.string() }).nullable(),
  trace: z.object({
    from: instantSchema,
    to: instantSchema,
    mode: z.string(),
    businessMinutes: z.number(),
    excludedMinutes: z.number(),
    agreedServiceMinutes: z.number(),
    downtime: z.object({
      plannedMaintenanceMinutes: z.number(),
      fullOutageMinutes: z.number(),
      lateNoticeMaintenanceMinutes: z.number(),
      partialOutageMinutes: z.number(),
      partialWeight: z.number(),
      totalMinutes: z.number(),
    }),
    outageInsideMaintenanceMinutes: z.number(),
    maintenance: z.array(
      z.object({
        id: z.string().nullable(),
        from: instantSchema,
        to: instantSchema,
        announcedAt: instantSchema,
        treatedAs: z.enum(['planned', 'late_notice']),
        noticeHours: z.number(),
        businessMinutes: z.number(),
      }),
    ),
    formula: z.string(),
  }),
});

const otifCountsSchema = z.object({
  total: z.number(),
  onTime: z.number(),
  inFull: z.number(),
  otif: z.number(),
  onTimePercent: nullableNumber,
  inFullPercent: nullableNumber,
  otifPercent: nullableNumber,
});

const otifSchema = z.object({
  level: z.enum(['line', 'order']),
  percent: nullableNumber,
  lines: otifCountsSchema,
  orders: otifCountsSchema,
  pendingLines: z.number(),
  pendingOrders: z.number(),
});

const kpiStatus = z.enum(['met', 'missed', 'no_data']);

const targetSchema = z.object({
  id: z.string(),
  metric: z.string(),
  description: z.string().nullable(),
  goal: goalSchema,
  value: nullableNumber.describe('Percent, minutes (mean resolution time) or the KPI value, as the goal.'),
  rag: ragSchema,
  tickets: ticketsSchema.optional(),
  availability: availabilitySchema.optional(),
  otif: otifSchema.optional(),
  meanResolution: z
    .object({
      status: kpiStatus,
      valueMinutes: nullableNumber,
      objectiveMinutes: z.number(),
      marginMinutes: nullableNumber,
      relativeMargin: nullableNumber,
      cycles: z.number(),
    })
    .optional(),
  kpi: z
    .object({
      status: kpiStatus,
      name: z.string(),
      unit: z.string().nullable(),
      value: nullableNumber,
      objective: z.number(),
      direction: z.enum(['atLeast', 'atMost']),
      margin: nullableNumber,
      relativeMargin: nullableNumber,
      note: z.string().nullable(),
    })
    .optional(),
});

const creditsSchema = z.object({
  period: z.string(),
  currency: z.string(),
  fee: z.number(),
  uncapped: z.number(),
  credit: z.number(),
  boundBy: z.enum(['none', 'monthly_cap', 'rolling_cap']),
  provisional: z.boolean().describe('The period is still running: the credit may change.'),
  lines: z.array(
    z.object({
      ruleId: z.string(),
      targetId: z.string(),
      kind: z.enum(['tiers', 'per_breach']),
      percent: nullableNumber.optional(),
      breached: z.number().optional(),
      tier: z.object({ belowPercent: z.number(), creditPercent: z.number() }).nullable(),
      creditPercent: z.number(),
      amount: z.number(),
      explanation: z.string(),
    }),
  ),
  monthlyCap: z.object({ percent: z.number(), limit: z.number(), bound: z.boolean() }).nullable(),
  rollingCap: z
    .object({
      percent: z.number(),
      periods: z.array(z.string()),
      fees: z.number(),
      previousCredits: z.number(),
      remaining: z.number(),
      bound: z.boolean(),
    })
    .nullable(),
  trace: z.array(z.string()),
  history: z.array(z.object({ period: z.string(), fee: z.number(), credit: z.number() })),
});

const terminationSchema = z.object({
  triggerId: z.string(),
  targetId: z.string(),
  right: z.string(),
  triggered: z.boolean(),
  period: z.string().nullable(),
  consideredPeriods: z.array(z.string()),
  missedPeriods: z.array(z.string()),
  reason: z.string(),
  /** The reported month while it runs: what it would do to the trigger if it closed now (it raises nothing yet). */
  provisional: z
    .object({
      period: z.string(),
      wouldTrigger: z.boolean(),
      consideredPeriods: z.array(z.string()),
      missedPeriods: z.array(z.string()),
      reason: z.string(),
    })
    .nullable(),
});

export const periodResultsSchema = z.object({
  agreement: z.object({ id: z.string(), slug: z.string(), title: z.string(), customerId: z.string() }),
  period: z.object({
    label: z.string().nullable(),
    kind: z.enum(['year', 'quarter', 'month', 'week', 'day', 'range']),
    from: instantSchema,
    to: instantSchema,
    timezone: z.string(),
    current: z.boolean(),
    measuredTo: instantSchema,
  }),
  evaluatedAt: instantSchema,
  version: z.object({
    id: z.string(),
    number: z.number(),
    status: z.string(),
    activatedAt: instantSchema,
    endedAt: instantSchema.nullable(),
  }),
  ticketVersions: z.array(z.object({ versionId: z.string().nullable(), number: nullableNumber, cycles: z.number() })),
  targets: z.array(targetSchema),
  otherTargets: z.array(z.object({ targetId: z.string(), met: z.number(), breached: z.number() })),
  credits: creditsSchema.nullable(),
  termination: z.array(terminationSchema).nullable(),
  note: z.string().nullable(),
});

function presentSummary(summary: ValueSummary): z.infer<typeof summarySchema> {
  return {
    count: summary.count,
    mean: minutesOrNull(summary.mean),
    median: minutesOrNull(summary.median),
    p90: minutesOrNull(summary.p90),
    min: minutesOrNull(summary.min),
    max: minutesOrNull(summary.max),
  };
}

function presentTickets(tickets: TicketTargetPeriodResult): z.infer<typeof ticketsSchema> {
  return {
    met: tickets.met,
    breached: tickets.breached,
    counted: tickets.counted,
    attainmentPercent: tickets.attainmentPercent,
    worstCaseAttainmentPercent: tickets.worstCaseAttainmentPercent,
    openDueInPeriod: tickets.openDueInPeriod,
    atRiskDueInPeriod: tickets.atRiskDueInPeriod ?? 0,
    // Reports published before projections were recorded have none (undefined in their frozen JSON).
    projection: tickets.projection == null ? null : { ...tickets.projection },
    usedMinutes: presentSummary(tickets.usedMs),
    byPriority: tickets.byPriority.map((entry) => ({ ...entry })),
    breaches: tickets.breaches.map((breach) => ({
      ticketId: breach.ticketId,
      externalRef: breach.externalRef,
      priority: breach.priority,
      breachAt: iso(breach.breachAt),
      stop: iso(breach.stop),
      usedMinutes: minutes(breach.usedMs),
    })),
    breachesTruncated: tickets.breachesTruncated,
  };
}

function presentAvailability(result: AvailabilityResult): z.infer<typeof availabilitySchema> {
  const { trace } = result;
  return {
    percent: result.percent,
    reason: result.reason,
    trace: {
      from: iso(trace.from),
      to: iso(trace.to),
      mode: trace.mode,
      businessMinutes: minutes(trace.businessMs),
      excludedMinutes: minutes(trace.excludedMs),
      agreedServiceMinutes: minutes(trace.agreedServiceMs),
      downtime: {
        plannedMaintenanceMinutes: minutes(trace.downtime.plannedMaintenanceMs),
        fullOutageMinutes: minutes(trace.downtime.fullOutageMs),
        lateNoticeMaintenanceMinutes: minutes(trace.downtime.lateNoticeMaintenanceMs),
        partialOutageMinutes: minutes(trace.downtime.partialOutageMs),
        partialWeight: trace.downtime.partialWeight,
        totalMinutes: minutes(trace.downtime.totalMs),
      },
      outageInsideMaintenanceMinutes: minutes(trace.outageInsideMaintenanceMs),
      maintenance: trace.maintenance.map((window) => ({
        id: window.id ?? null,
        from: iso(window.from),
        to: iso(window.to),
        announcedAt: iso(window.announcedAt),
        treatedAs: window.treatedAs,
        noticeHours: window.noticeHours,
        businessMinutes: minutes(window.businessMs),
      })),
      formula: trace.formula,
    },
  };
}

const counts = (value: OtifCounts): z.infer<typeof otifCountsSchema> => ({ ...value });

function presentTarget(result: TargetPeriodResult): z.infer<typeof targetSchema> {
  const { target, goal } = result;
  const isDuration = goal?.unit === 'ms';
  const presented: z.infer<typeof targetSchema> = {
    id: target.id,
    metric: target.metric,
    description: target.description ?? null,
    goal:
      goal === null
        ? null
        : {
            value: isDuration ? minutes(goal.value) : goal.value,
            unit: isDuration ? 'minutes' : goal.unit,
            direction: goal.direction,
            amberMargin: goal.warningMargin,
            amberMarginKind: goal.goalKind === 'percent' ? 'points' : 'fraction',
          },
    value: isDuration ? minutesOrNull(result.value) : result.value,
    rag: result.rag,
  };
  if (result.tickets) presented.tickets = presentTickets(result.tickets);
  if (result.availability) presented.availability = presentAvailability(result.availability);
  if (result.otif) {
    const { level, percent, lines, orders, pendingLines, pendingOrders } = result.otif;
    presented.otif = { level, percent, lines: counts(lines), orders: counts(orders), pendingLines, pendingOrders };
  }
  if (result.meanResolution) {
    const mean = result.meanResolution;
    presented.meanResolution = {
      status: mean.status,
      valueMinutes: minutesOrNull(mean.value),
      objectiveMinutes: minutes(mean.objective),
      marginMinutes: minutesOrNull(mean.margin),
      relativeMargin: mean.relativeMargin,
      cycles: mean.cycles,
    };
  }
  if (result.kpi && target.metric === 'kpi') {
    const kpi = result.kpi;
    presented.kpi = {
      status: kpi.status,
      name: target.name,
      unit: target.unit ?? null,
      value: kpi.value,
      objective: kpi.objective,
      direction: kpi.direction,
      margin: kpi.margin,
      relativeMargin: kpi.relativeMargin,
      note: kpi.note,
    };
  }
  return presented;
}

export function presentPeriodResults(results: PeriodResults): z.infer<typeof periodResultsSchema> {
  const { period, version, credits } = results;
  return {
    agreement: {
      id: results.agreement.id,
      slug: results.agreement.slug,
      title: results.agreement.title,
      customerId: results.agreement.customerId,
    },
    period: {
      label: period.label,
      kind: period.kind,
      from: iso(period.from),
      to: iso(period.to),
      timezone: period.timeZone,
      current: period.current,
      measuredTo: iso(period.measuredTo),
    },
    evaluatedAt: iso(results.evaluatedAt),
    version: {
      id: version.record.id,
      number: version.record.number,
      status: version.record.status,
      activatedAt: iso(version.activatedAt),
      endedAt: iso(version.endedAt),
    },
    ticketVersions: [...results.ticketVersions],
    targets: results.targets.map(presentTarget),
    otherTargets: [...results.otherTargets],
    credits:
      credits === null
        ? null
        : {
            period: credits.result.period,
            currency: credits.currency,
            fee: amount(credits.result.feeCents),
            uncapped: amount(credits.result.uncappedCents),
            credit: credits.result.credit,
            boundBy: credits.result.boundBy,
            provisional: credits.provisional,
            lines: credits.result.lines.map((line) => ({
              ruleId: line.ruleId,
              targetId: line.targetId,
              kind: line.kind,
              ...line.basis,
              tier: line.tier,
              creditPercent: line.creditPercent,
              amount: amount(line.amountCents),
              explanation: line.explanation,
            })),
            monthlyCap:
              credits.result.monthlyCap === null
                ? null
                : {
                    percent: credits.result.monthlyCap.percent,
                    limit: amount(credits.result.monthlyCap.limitCents),
                    bound: credits.result.monthlyCap.bound,
                  },
            rollingCap:
              credits.result.rollingCap === null
                ? null
                : {
                    percent: credits.result.rollingCap.percent,
                    periods: [...credits.result.rollingCap.periods],
                    fees: amount(credits.result.rollingCap.feesCents),
                    previousCredits: amount(credits.result.rollingCap.previousCreditsCents),
                    remaining: amount(credits.result.rollingCap.remainingCents),
                    bound: credits.result.rollingCap.bound,
                  },
            trace: [...credits.result.trace],
            history: credits.history.map((entry) => ({ ...entry })),
          },
    termination:
      results.termination === null
        ? null
        : results.termination.map((status) => ({
            triggerId: status.triggerId,
            targetId: status.targetId,
            right: status.right,
            triggered: status.triggered,
            period: status.period,
            consideredPeriods: [...status.consideredPeriods],
            missedPeriods: [...status.missedPeriods],
            reason: status.reason,
            // Reports published before this field existed lack it (closed months: nothing provisional).
            provisional:
              status.provisional == null
                ? null
                : {
                    ...status.provisional,
                    consideredPeriods: [...status.provisional.consideredPeriods],
                    missedPeriods: [...status.provisional.missedPeriods],
                  },
          })),
    note: results.note,
  };
}

export function resultRoutes(app: ZodApp, dependencies: HttpDependencies): void {
  app.get(
    '/api/v1/agreements/:id/results',
    {
      schema: {
        tags: ['results'],
        summary: 'Results of the agreement in a period: per target against its goal with RAG, credits, termination',
        description:
          "The period is a label read in the agreement's zone (2026-10 month, 2026-Q4, 2026-W41, 2026-10-05, 2026), " +
          'or from/to instants; default: the current month. Credits and termination triggers are computed for months.',
        params: idParams,
        querystring: z.strictObject({
          period: textInput.min(4).max(10).optional().describe('A period label; default: the current month.'),
          from: instantInput.optional().describe('Start of a range of instants (with to, instead of period).'),
          to: instantInput.optional().describe('End of the range (exclusive).'),
          breachLimit: z.coerce
            .number()
            .int()
            .min(1)
            .max(MAX_BREACH_LIMIT)
            .optional()
            .describe('Breaches listed per ticket target (default 100); the counts are always complete.'),
        }),
        response: { 200: periodResultsSchema, ...standardErrors },
      },
    },
    async (request) => {
      const { period, from, to, breachLimit } = request.query;
      const results = await getPeriodResults(dependencies, principalOf(request), request.params.id, {
        period,
        from: from === undefined ? undefined : Date.parse(from),
        to: to === undefined ? undefined : Date.parse(to),
        breachLimit,
      });
      return presentPeriodResults(results);
    },
  );
}
