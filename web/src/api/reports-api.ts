/**
 * Period results and reports (decision 0014): an agreement's report (JSON, CSV, PDF) and the portfolio roll-up; the
 * period results, which the report screen falls back to on a server without the report endpoint.
 */
import { api, download, type Query } from './client.ts';
import type { Portfolio } from './report-types.ts';
import type { PeriodResults } from './types.ts';

export const reportsApi = {
  results: (agreementId: string, period: string, signal?: AbortSignal) =>
    api.get<PeriodResults>(`/api/v1/agreements/${agreementId}/results`, { period }, signal),
  report: (agreementId: string, period: string) =>
    api.get<PeriodResults & Record<string, unknown>>(`/api/v1/agreements/${agreementId}/report`, {
      period,
      format: 'json',
    }),
  exportReport: (agreementId: string, query: Query, fallbackName: string) =>
    download(`/api/v1/agreements/${agreementId}/report`, query, fallbackName),
  portfolio: (period: string, groupBy: 'customer' | 'service' | 'workspace') =>
    api.get<Portfolio>('/api/v1/reports/portfolio', { period, groupBy }),
};
