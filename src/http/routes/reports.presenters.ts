/**
 * The compliance report as the API presents it (decision 0014): the period results exactly as
 * GET /agreements/:id/results presents them (instants ISO-8601 UTC, business durations in minutes, money as decimal
 * amounts), each target with the previous period's value beside it and its breaches linked to their tickets and clock
 * timelines; ticket flow; the trend as one series per target over twelve months (values and RAG: the attainment
 * chart and the SLAM chart); how the report was published and what has been corrected since.
 */
import { z } from 'zod';
import { measurementOfFlow, type ReportFlow } from '../../app/reports/agreement-report.ts';
import type { AgreementReportAnswer } from '../../app/reports/build-agreement-report.ts';
import { unmeasuredReasons } from '../../core/clocks/index.ts';
import { periodResultsSchema, presentPeriodResults } from './results.routes.ts';
import { instantSchema, iso } from './route-schemas.ts';

const nullableNumber = z.number().nullable();
const ragStatus = z.enum(['green', 'amber', 'red', 'grey']);

const flowSchema = z.object({
  opened: z.number(),
  resolved: z.number().describe('Tickets whose latest resolution lies in the period.'),
  reopened: z.number().describe('Of those resolved in the period, reopened at least once.'),
  reopenRatePercent: nullableNumber,
  backlogAtStart: z.number().describe('Tickets open at the start of the period.'),
  backlogAtEnd: z.number().describe('Tickets open at its end (now, for a running period).'),
  measured: nullableNumber.describe(
    'Of the tickets opened in the period, how many are measured against the agreement (null in reports published before it was counted).',
  ),
  notMeasured: z
    .object({
      total: z.number(),
      reasons: z.array(z.object({ reason: z.enum(unmeasuredReasons), count: z.number(), message: z.string() })),
    })
    .nullable()
    .describe('Of the tickets opened in the period, those not measured, and why (decision 0025).'),
});

const baseTarget = periodResultsSchema.shape.targets.element;
const baseTickets = baseTarget.shape.tickets.unwrap();
const breachSchema = baseTickets.shape.breaches.element.extend({
  links: z.object({
    ticket: z.string().describe('The ticket.'),
    timeline: z.string().describe("The ticket's events and clock cycles."),
  }),
});

const reportTargetSchema = baseTarget.extend({
  tickets: baseTickets.extend({ breaches: z.array(breachSchema) }).optional(),
  previous: z
    .object({ value: nullableNumber, rag: ragStatus, met: nullableNumber, breached: nullableNumber })
    .nullable()
    .describe('The same target in the previous period; null when it was not part of the agreement then.'),
  change: nullableNumber.describe('value - previous value (percentage points, minutes or the KPI unit).'),
});

const correctionsSchema = z.object({
  dataChanged: z.boolean().describe('Whether the data the report was computed from changed since it was published.'),
  changes: z.array(
    z.object({
      item: z.string(),
      published: z.union([z.number(), z.string(), z.boolean()]).nullable(),
      current: z.union([z.number(), z.string(), z.boolean()]).nullable(),
    }),
  ),
});

export const agreementReportSchema = periodResultsSchema.extend({
  format: z.literal('covenant/agreement-report@1'),
  agreement: periodResultsSchema.shape.agreement.extend({ customerName: z.string() }),
  generatedAt: instantSchema,
  targets: z.array(reportTargetSchema),
  flow: flowSchema,
  previous: z
    .object({
      label: z.string().nullable(),
      kind: z.string(),
      from: instantSchema,
      to: instantSchema,
      versionNumber: nullableNumber,
      flow: flowSchema,
    })
    .nullable(),
  trend: z.object({
    months: z.array(
      z.object({
        label: z.string(),
        from: instantSchema,
        to: instantSchema,
        current: z.boolean(),
        versionNumber: nullableNumber.describe('null: no version of the agreement was in force.'),
      }),
    ),
    targets: z.array(
      z.object({
        id: z.string(),
        metric: z.string(),
        unit: z.enum(['percent', 'minutes', 'number']),
        values: z.array(nullableNumber).describe('One per month; minutes for mean resolution time.'),
        rag: z.array(ragStatus.nullable()).describe('One per month (the SLAM chart); null: not a target then.'),
      }),
    ),
  }),
  publication: z.object({
    status: z.enum(['provisional', 'published', 'recomputed']),
    snapshotId: z.string().nullable(),
    publishedAt: instantSchema.nullable(),
    contentHash: z.string().describe('SHA-256 of the canonical report: the same hash, the same report.'),
    fingerprint: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe('What the published report was computed from: tickets, events, facts, versions, calendars.'),
  }),
  corrections: correctionsSchema.nullable().describe('Differences of the data now from the published report.'),
  previousCorrections: z
    .object({ period: z.string(), publishedAt: instantSchema, corrections: correctionsSchema })
    .nullable()
    .describe("Corrections of the previous period's published report."),
});

export type AgreementReportDocument = z.infer<typeof agreementReportSchema>;

const presentFlow = (flow: ReportFlow): z.infer<typeof flowSchema> => ({
  opened: flow.opened,
  resolved: flow.resolved,
  reopened: flow.reopened,
  reopenRatePercent: flow.reopenRatePercent,
  backlogAtStart: flow.backlogAtStart,
  backlogAtEnd: flow.backlogAtEnd,
  ...presentMeasurementCounts(flow),
});

/** Measured and not measured among the tickets opened in the period (null for reports published before). */
function presentMeasurementCounts(flow: ReportFlow): Pick<z.infer<typeof flowSchema>, 'measured' | 'notMeasured'> {
  const measurement = measurementOfFlow(flow);
  if (measurement === null) return { measured: null, notMeasured: null };
  const { total, reasons } = measurement.notMeasured;
  return { measured: measurement.measured, notMeasured: { total, reasons: [...reasons] } };
}

const toMinutes = (value: number | null, unit: string | undefined) =>
  value === null ? null : unit === 'ms' ? value / 60_000 : value;

export function presentAgreementReport(answer: AgreementReportAnswer, breachLimit: number): AgreementReportDocument {
  const { report, publication } = answer;
  const base = presentPeriodResults(report.results);
  const previousTargets = new Map((report.previous?.targets ?? []).map((cell) => [cell.targetId, cell]));
  const targets = base.targets.map(({ tickets: listed, ...target }) => {
    const before = previousTargets.get(target.id);
    const previousValue = before === undefined ? null : toMinutes(before.value, before.goal?.unit);
    const tickets = listed && {
      ...listed,
      breachesTruncated: listed.breachesTruncated || listed.breaches.length > breachLimit,
      breaches: listed.breaches.slice(0, breachLimit).map((breach) => ({
        ...breach,
        links: {
          ticket: `/api/v1/tickets/${breach.ticketId}`,
          timeline: `/api/v1/tickets/${breach.ticketId}/timeline`,
        },
      })),
    };
    return {
      ...target,
      ...(tickets ? { tickets } : {}),
      previous:
        before === undefined
          ? null
          : { value: previousValue, rag: before.rag.status, met: before.met, breached: before.breached },
      change: target.value === null || previousValue === null ? null : target.value - previousValue,
    };
  });

  // One series per target over the trend's months: the reported version's targets first, then any other.
  const ids: string[] = report.results.targets.map((target) => target.target.id);
  for (const month of report.trend)
    for (const cell of month.targets) if (!ids.includes(cell.targetId)) ids.push(cell.targetId);
  const series = ids.map((id) => {
    const cells = report.trend.map((month) => month.targets.find((cell) => cell.targetId === id));
    const sample = cells.find((cell) => cell !== undefined);
    const unit = sample?.goal?.unit;
    return {
      id,
      metric: sample?.metric ?? report.results.targets.find((target) => target.target.id === id)?.target.metric ?? '',
      unit: unit === 'ms' ? ('minutes' as const) : unit === 'number' ? ('number' as const) : ('percent' as const),
      values: cells.map((cell) => (cell === undefined ? null : toMinutes(cell.value, unit))),
      rag: cells.map((cell) => cell?.rag.status ?? null),
    };
  });

  return {
    ...base,
    format: report.format,
    agreement: { ...base.agreement, customerName: report.customer.name },
    generatedAt: iso(report.generatedAt),
    targets,
    flow: presentFlow(report.flow),
    previous:
      report.previous === null
        ? null
        : {
            label: report.previous.label,
            kind: report.previous.kind,
            from: iso(report.previous.from),
            to: iso(report.previous.to),
            versionNumber: report.previous.versionNumber,
            flow: presentFlow(report.previous.flow),
          },
    trend: {
      months: report.trend.map((month) => ({
        label: month.label,
        from: iso(month.from),
        to: iso(month.to),
        current: month.current,
        versionNumber: month.versionNumber,
      })),
      targets: series,
    },
    publication: {
      status: publication.status,
      snapshotId: publication.snapshotId,
      publishedAt: iso(publication.publishedAt),
      contentHash: publication.contentHash,
      fingerprint: publication.fingerprint === null ? null : { ...publication.fingerprint },
    },
    corrections:
      answer.corrections === null ? null : { ...answer.corrections, changes: [...answer.corrections.changes] },
    previousCorrections:
      answer.previousCorrections === null
        ? null
        : {
            period: answer.previousCorrections.period,
            publishedAt: iso(answer.previousCorrections.publishedAt),
            corrections: {
              ...answer.previousCorrections.corrections,
              changes: [...answer.previousCorrections.corrections.changes],
            },
          },
  };
}
