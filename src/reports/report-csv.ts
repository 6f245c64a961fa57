/**
 * CSV exports of a compliance report (decision 0014): the results table (one row per target, with the previous period
 * beside it) and the breach list (one row per listed breach, with the path of its ticket). The columns a program
 * reads come first, as the JSON API has them: instants ISO-8601 UTC, business durations in minutes, percentages to
 * three decimals, metric ids. The columns a person reads (`*_text`, `metric_name`) follow them, written as the PDF
 * writes them (decision 0027): durations in business hours and minutes, metrics by name.
 */
import type { AgreementReportAnswer } from '../app/reports/build-agreement-report.ts';
import type { PortfolioReport } from '../app/reports/portfolio-report.ts';
import { metricName } from '../core/agreement/metric-names.ts';
import { type CsvValue, csvDocument } from './csv.ts';
import {
  businessTimeText,
  decimals,
  isoOrEmpty,
  minutesOf,
  periodName,
  targetGoalText,
  targetValueText,
} from './report-format.ts';

export const resultsCsvHeader = [
  'agreement',
  'period',
  'target',
  'metric',
  'description',
  'goal',
  'unit',
  'direction',
  'value',
  'rag',
  'rag_code',
  'rag_reason',
  'met',
  'breached',
  'counted',
  'open_due',
  'mean_minutes',
  'median_minutes',
  'p90_minutes',
  'previous_value',
  'previous_rag',
  'change',
  'metric_name',
  'goal_text',
  'value_text',
  'previous_value_text',
  'mean_text',
  'median_text',
  'p90_text',
] as const;

export function resultsCsv({ report }: AgreementReportAnswer): string {
  const { results } = report;
  const period = periodName(results.period);
  const previous = new Map((report.previous?.targets ?? []).map((cell) => [cell.targetId, cell]));
  const rows = results.targets.map((target): CsvValue[] => {
    const unit = target.goal?.unit;
    const shown = (value: number | null) => (unit === 'ms' ? minutesOf(value) : decimals(value, 3));
    const before = previous.get(target.target.id);
    const tickets = target.tickets;
    const value = shown(target.value);
    const previousValue = before === undefined ? null : shown(before.value);
    return [
      results.agreement.slug,
      period,
      target.target.id,
      target.target.metric,
      target.target.description ?? null,
      target.goal === null ? null : shown(target.goal.value),
      unit === 'ms' ? 'minutes' : (unit ?? null),
      target.goal?.direction ?? null,
      value,
      target.rag.status,
      target.rag.code,
      target.rag.reason,
      tickets?.met ?? null,
      tickets?.breached ?? null,
      tickets?.counted ?? null,
      tickets?.openDueInPeriod ?? null,
      tickets ? minutesOf(tickets.usedMs.mean) : null,
      tickets ? minutesOf(tickets.usedMs.median) : null,
      tickets ? minutesOf(tickets.usedMs.p90) : null,
      previousValue,
      before?.rag.status ?? null,
      value === null || previousValue === null ? null : decimals(value - previousValue, 3),
      metricName(target.target.metric),
      targetGoalText(target.goal),
      targetValueText(target.goal, target.value),
      before === undefined ? null : targetValueText(before.goal, before.value),
      tickets ? businessTimeText(tickets.usedMs.mean) : null,
      tickets ? businessTimeText(tickets.usedMs.median) : null,
      tickets ? businessTimeText(tickets.usedMs.p90) : null,
    ];
  });
  return csvDocument(resultsCsvHeader, rows);
}

export const breachesCsvHeader = [
  'agreement',
  'period',
  'target',
  'ticket_id',
  'external_ref',
  'priority',
  'breach_at',
  'stopped_at',
  'used_minutes',
  'ticket',
  'timeline',
  'used_text',
] as const;

/** Every breach the report lists (up to 1,000 per target; the JSON says when a target has more). */
export function breachesCsv({ report }: AgreementReportAnswer): string {
  const { results } = report;
  const period = periodName(results.period);
  const rows: CsvValue[][] = [];
  for (const target of results.targets) {
    for (const breach of target.tickets?.breaches ?? []) {
      rows.push([
        results.agreement.slug,
        period,
        target.target.id,
        breach.ticketId,
        breach.externalRef,
        breach.priority,
        isoOrEmpty(breach.breachAt),
        isoOrEmpty(breach.stop),
        minutesOf(breach.usedMs),
        `/api/v1/tickets/${breach.ticketId}`,
        `/api/v1/tickets/${breach.ticketId}/timeline`,
        businessTimeText(breach.usedMs),
      ]);
    }
  }
  return csvDocument(breachesCsvHeader, rows);
}

export const portfolioCsvHeader = [
  'group',
  'name',
  'agreements',
  'green',
  'amber',
  'red',
  'grey',
  'worst',
  'met',
  'breached',
  'attainment_percent',
  'credits',
  'termination_triggered',
  'termination_would_trigger',
] as const;

export function portfolioCsv(portfolio: PortfolioReport): string {
  const rows = portfolio.groups.map((group): CsvValue[] => [
    group.key,
    group.name,
    group.agreements.length,
    group.rag.green,
    group.rag.amber,
    group.rag.red,
    group.rag.grey,
    group.worst,
    group.tickets.met,
    group.tickets.breached,
    decimals(group.tickets.attainmentPercent, 3),
    group.credits === null ? null : group.credits.map((credit) => `${credit.amount} ${credit.currency}`).join('; '),
    group.terminationTriggered,
    group.terminationWouldTrigger,
  ]);
  return csvDocument(portfolioCsvHeader, rows);
}
