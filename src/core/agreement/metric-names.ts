/**
 * What each metric is called where a person reads it (reports, e-mail, lint, the version diff, the CLI); its id
 * (`first_response`) stays in documents, paths and machine columns. The web UI has the same table in
 * web/src/components/metric-names.ts (docs/decisions/0027-durations-and-metric-names-for-people.md).
 */
import type { TargetMetric } from './agreement-schema.ts';

export const metricNames: Readonly<Record<TargetMetric, string>> = {
  first_response: 'First response',
  next_response: 'Next response',
  resolution: 'Resolution',
  periodic_update: 'Periodic update',
  availability: 'Availability',
  otif: 'OTIF',
  mean_resolution_time: 'Mean resolution time',
  kpi: 'KPI',
};

/** The metric's name; an id this version does not know (from newer stored data) is shown as written. */
export function metricName(metric: string): string {
  return (metricNames as Readonly<Record<string, string>>)[metric] ?? metric;
}

/** The name inside a sentence ("75 % of the P1 resolution time used"): lower case, but `OTIF` and `KPI` as they are. */
export function metricNameInSentence(metric: string): string {
  const name = metricName(metric);
  return name === name.toUpperCase() ? name : `${name.charAt(0).toLowerCase()}${name.slice(1)}`;
}
