/** The sections of the printed report (pdfmake document nodes), in reading order. */
import { type AgreementReport, measurementOfFlow } from '../app/reports/agreement-report.ts';
import type { AgreementReportAnswer } from '../app/reports/build-agreement-report.ts';
import { metricName } from '../core/agreement/metric-names.ts';
import type { RagStatus } from '../core/measure/index.ts';
import { ragColours, slamChartSvg, trendChartSvg } from './report-charts.ts';
import {
  businessTimeText,
  localDate,
  localDateTime,
  percentText,
  targetGoalText,
  targetValueText,
} from './report-format.ts';

export type PdfNode = string | { readonly [key: string]: unknown } | readonly PdfNode[];

/** Breaches printed per target; the CSV export lists all of them. */
const PRINTED_BREACHES = 40;

const heading = (text: string): PdfNode => ({ text, style: 'heading' });
const cell = (text: string, extra: Record<string, unknown> = {}): PdfNode => ({ text, ...extra });
const header = (labels: readonly string[]): PdfNode[] => labels.map((label) => ({ text: label, style: 'tableHeader' }));
/** Thin rules between rows, compact cell padding (the results table has ten columns on a portrait page). */
const compact = {
  hLineWidth: (row: number) => (row === 1 ? 0.8 : 0.3),
  vLineWidth: () => 0,
  hLineColor: () => '#bdbdbd',
  paddingLeft: () => 3,
  paddingRight: () => 3,
  paddingTop: () => 2,
  paddingBottom: () => 2,
};
const table = (widths: readonly (string | number)[], body: readonly (readonly PdfNode[])[]): PdfNode => ({
  table: { headerRows: 1, widths, body, dontBreakRows: true },
  layout: compact,
});
/**
 * A figure of the results table (a percent or a duration), in a size that fits its narrow columns; a duration breaks
 * only between its hours and its minutes (`1 business h` / `10 min`), never inside `35 business min`.
 */
const figureCell = (text: string, extra: Record<string, unknown> = {}): PdfNode => ({
  text: text.replace(
    /(\d) (business )?(h|min|s)\b/g,
    (_match, number: string, business: string | undefined, unit: string) =>
      `${number}\u00a0${business ? 'business\u00a0' : ''}${unit}`,
  ),
  fontSize: 7.5,
  ...extra,
});
const ragCell = (status: RagStatus | null, text: string = status ?? '–'): PdfNode => ({
  text,
  color: status === null ? '#212121' : '#ffffff',
  fillColor: status === null ? undefined : ragColours[status],
  bold: true,
  alignment: 'center',
});

export function headerSection(answer: AgreementReportAnswer): PdfNode[] {
  const { report, publication } = answer;
  const { results } = report;
  const zone = results.period.timeZone;
  const status =
    publication.status === 'published'
      ? `published ${localDateTime(publication.publishedAt, zone)}`
      : publication.status === 'recomputed'
        ? 'recomputed from the data now (not the published report)'
        : `provisional: the period is still running (measured to ${localDateTime(results.period.measuredTo, zone)})`;
  const counts = { green: 0, amber: 0, red: 0, grey: 0 };
  for (const target of results.targets) counts[target.rag.status]++;
  const credit = results.credits;
  return [
    { text: 'Service level report', style: 'title' },
    { text: results.agreement.title, style: 'subtitle' },
    {
      columns: [
        {
          width: '*',
          stack: [
            `Customer: ${report.customer.name}`,
            `Period: ${results.period.label ?? 'range'} (${localDateTime(results.period.from, zone)} – ${localDateTime(results.period.to, zone)}, ${zone})`,
            `Agreement version ${results.version.record.number}, active since ${localDate(results.version.activatedAt, zone)}`,
            `Report ${status}`,
          ],
        },
        {
          width: 190,
          stack: [
            {
              table: {
                widths: ['*', '*', '*', '*'],
                body: [
                  (['green', 'amber', 'red', 'grey'] as const).map((rag) => ragCell(rag, `${counts[rag]} ${rag}`)),
                ],
              },
              layout: 'noBorders',
            },
            {
              text:
                credit === null
                  ? 'No service credits'
                  : `Service credit: ${credit.result.credit.toFixed(2)} ${credit.currency}${credit.provisional ? ' (provisional)' : ''}`,
              margin: [0, 6, 0, 0],
            },
            `Termination triggers raised: ${(results.termination ?? []).filter((status) => status.triggered).length}`,
          ],
        },
      ],
    },
  ];
}

export function correctionsSection(answer: AgreementReportAnswer): PdfNode[] {
  const lists = [
    { title: 'Corrections since this report was published', corrections: answer.corrections },
    {
      title: `Corrections to the published report of ${answer.previousCorrections?.period ?? ''}`,
      corrections: answer.previousCorrections?.corrections ?? null,
    },
  ].filter((entry) => entry.corrections?.dataChanged === true);
  return lists.flatMap(({ title, corrections }) => [
    heading(title),
    corrections!.changes.length === 0
      ? 'The data changed since publication, but none of the published figures.'
      : table(
          ['*', 90, 90],
          [
            header(['Item', 'Published', 'Now']),
            ...corrections!.changes.map((change) => [
              cell(change.item),
              cell(correctionText(answer.report, change.item, change.published)),
              cell(correctionText(answer.report, change.item, change.current)),
            ]),
          ],
        ),
  ]);
}

/** A corrected figure as the results table shows it: a target's value in its unit, anything else as it is. */
function correctionText(report: AgreementReport, item: string, value: number | string | boolean | null): string {
  if (value === null) return '–';
  const targetValue = /^targets\.(.+)\.value$/.exec(item);
  const target = targetValue && report.results.targets.find((result) => result.target.id === targetValue[1]);
  if (target && typeof value === 'number') return targetValueText(target.goal, value);
  return String(value);
}

export function resultsSection(report: AgreementReport): PdfNode[] {
  const previous = new Map((report.previous?.targets ?? []).map((entry) => [entry.targetId, entry]));
  const rows = report.results.targets.map((result): PdfNode[] => {
    const before = previous.get(result.target.id);
    const tickets = result.tickets;
    return [
      {
        stack: [
          { text: result.target.id, bold: true },
          { text: result.target.description ?? metricName(result.target.metric), style: 'small' },
          { text: result.rag.reason, style: 'small' },
        ],
      },
      figureCell(targetGoalText(result.goal)),
      figureCell(targetValueText(result.goal, result.value), { bold: true }),
      figureCell(before === undefined ? '–' : targetValueText(before.goal, before.value)),
      cell(tickets ? String(tickets.met) : '–', { alignment: 'right' }),
      cell(tickets ? String(tickets.breached) : '–', { alignment: 'right' }),
      figureCell(tickets ? businessTimeText(tickets.usedMs.mean) : '–'),
      figureCell(tickets ? businessTimeText(tickets.usedMs.median) : '–'),
      figureCell(tickets ? businessTimeText(tickets.usedMs.p90) : '–'),
      ragCell(result.rag.status),
    ];
  });
  return [
    heading(`Results against the agreement (previous period: ${report.previous?.label ?? 'none'})`),
    table(
      ['*', 50, 50, 50, 20, 34, 56, 56, 56, 30],
      [header(['Target', 'Goal', 'Result', 'Previous', 'Met', 'Breached', 'Mean', 'Median', 'P90', 'RAG']), ...rows],
    ),
  ];
}

export function chartsSection(report: AgreementReport): PdfNode[] {
  const months = report.trend.map((month) => month.label);
  const ids = report.results.targets.map((result) => result.target.id);
  const cellsOf = (id: string) => report.trend.map((month) => month.targets.find((cell) => cell.targetId === id));
  // Percent targets with a value in at least one month: a line for each.
  const percentTargets = report.results.targets.filter(
    (result) =>
      result.goal?.unit === 'percent' &&
      cellsOf(result.target.id).some((cell) => cell !== undefined && cell.value !== null),
  );
  return [
    {
      unbreakable: true,
      stack: [
        heading('Attainment trend, last 12 months'),
        {
          svg: trendChartSvg(
            months,
            percentTargets.map((result) => ({
              id: result.target.id,
              values: cellsOf(result.target.id).map((cell) => cell?.value ?? null),
              goal: result.goal?.value ?? null,
            })),
          ),
        },
      ],
    },
    {
      unbreakable: true,
      stack: [
        heading('SLAM chart: RAG per target per month'),
        {
          svg: slamChartSvg(
            months,
            ids.map((id) => ({ id, statuses: cellsOf(id).map((cell) => cell?.rag.status ?? null) })),
          ),
        },
      ],
    },
  ];
}

export function flowSection(report: AgreementReport): PdfNode[] {
  const row = (label: string, current: string, before: string) => [cell(label), cell(current), cell(before)];
  const previous = report.previous?.flow;
  const flow = report.flow;
  const measurement = measurementOfFlow(flow);
  const before = previous ? measurementOfFlow(previous) : null;
  const previousMeasured = before ? String(before.measured) : '–';
  const previousNotMeasured = before ? String(before.notMeasured.total) : '–';
  return [
    heading('Tickets'),
    table(
      ['*', 80, 80],
      [
        header(['', 'This period', 'Previous period']),
        row('Opened', String(flow.opened), previous ? String(previous.opened) : '–'),
        row('Resolved', String(flow.resolved), previous ? String(previous.resolved) : '–'),
        row('Backlog at the start', String(flow.backlogAtStart), previous ? String(previous.backlogAtStart) : '–'),
        row('Backlog at the end', String(flow.backlogAtEnd), previous ? String(previous.backlogAtEnd) : '–'),
        row(
          'Reopen rate (of those resolved)',
          percentText(flow.reopenRatePercent),
          previous ? percentText(previous.reopenRatePercent) : '–',
        ),
        ...(measurement === null
          ? []
          : [
              row('Measured (of those opened)', String(measurement.measured), previousMeasured),
              row('Not measured (of those opened)', String(measurement.notMeasured.total), previousNotMeasured),
            ]),
      ],
    ),
    ...(measurement === null || measurement.notMeasured.total === 0
      ? []
      : [
          {
            text: `Not measured: ${measurement.notMeasured.reasons.map((entry) => `${entry.count} because ${entry.message}`).join('; ')}.`,
            style: 'small',
          },
        ]),
  ];
}

export function availabilitySection(report: AgreementReport): PdfNode[] {
  return report.results.targets.flatMap((result) => {
    const availability = result.availability;
    if (!availability) return [];
    const zone = report.results.period.timeZone;
    return [
      heading(`Availability of ${result.target.id}`),
      {
        text: `Agreed service time ${businessTimeText(availability.trace.agreedServiceMs)}, downtime ${businessTimeText(availability.trace.downtime.totalMs)}.`,
      },
      { text: `In business minutes: ${availability.trace.formula}`, style: 'small' },
      ...(availability.trace.maintenance.length === 0
        ? []
        : [
            table(
              ['*', '*', '*', 60],
              [
                header(['Maintenance from', 'to', 'announced', 'treated as']),
                ...availability.trace.maintenance.map((window) => [
                  cell(localDateTime(window.from, zone)),
                  cell(localDateTime(window.to, zone)),
                  cell(localDateTime(window.announcedAt, zone)),
                  cell(window.treatedAs),
                ]),
              ],
            ),
          ]),
    ];
  });
}

export function creditsSection(report: AgreementReport): PdfNode[] {
  const credits = report.results.credits;
  if (credits === null) return [heading('Service credits'), report.results.note ?? 'No service credits.'];
  const result = credits.result;
  return [
    heading(
      `Service credits: ${result.credit.toFixed(2)} ${credits.currency}${credits.provisional ? ' (provisional)' : ''}`,
    ),
    table(
      ['*', 60],
      [
        header(['Rule', 'Amount']),
        ...result.lines.map((line) => [
          cell(line.explanation),
          cell((line.amountCents / 100).toFixed(2), { alignment: 'right' }),
        ]),
      ],
    ),
    { text: 'Calculation', bold: true, margin: [0, 6, 0, 2] },
    { ul: [...result.trace] },
    { text: 'Rolling twelve months (credits computed for the months before)', bold: true, margin: [0, 6, 0, 2] },
    {
      text:
        credits.history.length === 0
          ? 'none'
          : credits.history
              .map((entry) => `${entry.period}: ${entry.credit.toFixed(2)} of ${entry.fee.toFixed(2)}`)
              .join(' · '),
      style: 'small',
    },
  ];
}

export function terminationSection(report: AgreementReport): PdfNode[] {
  const statuses = report.results.termination;
  if (statuses === null || statuses.length === 0) return [];
  return [
    heading('Termination triggers'),
    table(
      ['*', 80, 110],
      [
        header(['Right and trigger', 'Raised', 'Missed periods']),
        ...statuses.map((status) => [
          {
            stack: [
              status.right,
              { text: status.reason, style: 'small' },
              ...(status.provisional === null ? [] : [{ text: status.provisional.reason, style: 'small' }]),
            ],
          },
          status.triggered
            ? ragCell('red', 'yes')
            : status.provisional?.wouldTrigger
              ? ragCell('amber', 'no; would if the month closed now')
              : ragCell('green', 'no'),
          cell(status.missedPeriods.join(', ') || 'none'),
        ]),
      ],
    ),
  ];
}

export function breachesSection(report: AgreementReport): PdfNode[] {
  const zone = report.results.period.timeZone;
  return report.results.targets.flatMap((result) => {
    const breaches = result.tickets?.breaches ?? [];
    if (breaches.length === 0) return [];
    const more = result.tickets!.breached - Math.min(breaches.length, PRINTED_BREACHES);
    return [
      heading(`Breaches of ${result.target.id} (${result.tickets!.breached})`),
      table(
        [80, 36, 80, 80, 60, '*'],
        [
          header(['Ticket', 'Priority', 'Breached at', 'Stopped at', 'Used', 'Ticket id']),
          ...breaches
            .slice(0, PRINTED_BREACHES)
            .map((breach) => [
              cell(breach.externalRef ?? '–'),
              cell(breach.priority ?? '–'),
              cell(localDateTime(breach.breachAt, zone)),
              cell(breach.stop === null ? 'still running' : localDateTime(breach.stop, zone)),
              figureCell(businessTimeText(breach.usedMs)),
              cell(breach.ticketId, { style: 'small' }),
            ]),
        ],
      ),
      ...(more > 0 ? [{ text: `${more} more in the CSV export (format=csv&part=breaches).`, style: 'small' }] : []),
    ];
  });
}
