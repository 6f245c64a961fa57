/**
 * What each metric is called on screen; its id (`first_response`) stays in documents and paths. The same table as
 * the server's (src/core/agreement/metric-names.ts, decision 0027); both are tested against
 * test/fixtures/metric-name-cases.ts.
 */
const metricNames: Readonly<Record<string, string>> = {
  first_response: 'First response',
  next_response: 'Next response',
  resolution: 'Resolution',
  periodic_update: 'Periodic update',
  availability: 'Availability',
  otif: 'OTIF',
  mean_resolution_time: 'Mean resolution time',
  kpi: 'KPI',
};

/** The metric's name; an id the UI does not know is shown as written. */
export function metricName(metric: string): string {
  return metricNames[metric] ?? metric;
}
