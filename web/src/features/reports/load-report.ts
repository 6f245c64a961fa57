/**
 * The report of an agreement for a period. The server's report endpoint (GET /agreements/:id/report, decision 0014)
 * has everything, including the twelve-month trend; a server without it still has the period results
 * (GET /agreements/:id/results), and the trend is then put together from twelve monthly results, with progress.
 */
import { ApiError } from '../../api/client.ts';
import { reportsApi } from '../../api/reports-api.ts';
import type { PeriodResults, RagStatus, UnmeasuredCounts } from '../../api/types.ts';
import { monthsUpTo } from '../../components/time-format.ts';

export interface TrendSeries {
  readonly id: string;
  readonly metric: string;
  readonly unit: 'percent' | 'minutes' | 'number';
  readonly values: (number | null)[];
  readonly rag: (RagStatus | null)[];
}

export interface ReportFlow {
  readonly opened: number;
  readonly resolved: number;
  readonly reopened: number;
  readonly reopenRatePercent: number | null;
  readonly backlogAtStart: number;
  readonly backlogAtEnd: number;
  /** Of those opened, measured and not (null in reports published before they were counted). */
  readonly measured?: number | null;
  readonly notMeasured?: UnmeasuredCounts | null;
}

export interface ReportView {
  readonly source: 'report' | 'results';
  readonly results: PeriodResults;
  readonly trend: { readonly months: string[]; readonly targets: TrendSeries[] };
  readonly flow: ReportFlow | null;
  readonly publication: { status: string; publishedAt: string | null; contentHash: string } | null;
}

interface ReportDocument extends PeriodResults {
  readonly flow: ReportFlow;
  readonly trend: { months: { label: string }[]; targets: TrendSeries[] };
  readonly publication: { status: string; publishedAt: string | null; contentHash: string };
}

export async function loadReport(
  agreementId: string,
  period: string,
  onProgress: (done: number, total: number) => void,
): Promise<ReportView> {
  try {
    const report = (await reportsApi.report(agreementId, period)) as unknown as ReportDocument;
    return {
      source: 'report',
      results: report,
      trend: { months: report.trend.months.map((month) => month.label), targets: report.trend.targets },
      flow: report.flow,
      publication: report.publication,
    };
  } catch (error) {
    if (!(error instanceof ApiError && error.isMissingRoute)) throw error;
  }
  const results = await reportsApi.results(agreementId, period);
  const months = monthsUpTo(results.period.label?.slice(0, 7) ?? period, 12);
  let done = 0;
  onProgress(done, months.length);
  const monthly = await Promise.all(
    months.map(async (month) => {
      const answer = await reportsApi.results(agreementId, month).catch(() => null);
      onProgress(++done, months.length);
      return answer;
    }),
  );
  return { source: 'results', results, trend: trendOf(months, monthly), flow: null, publication: null };
}

/** One series per target over the months (the period's version's targets first). */
export function trendOf(months: string[], monthly: readonly (PeriodResults | null)[]): ReportView['trend'] {
  const ids: string[] = [];
  for (const result of [...monthly].reverse())
    for (const target of result?.targets ?? []) if (!ids.includes(target.id)) ids.push(target.id);
  const targets = ids.map((id) => {
    const cells = monthly.map((result) => result?.targets.find((target) => target.id === id));
    const sample = cells.find((cell) => cell !== undefined);
    return {
      id,
      metric: sample?.metric ?? '',
      unit: sample?.goal.unit ?? 'percent',
      values: cells.map((cell) => cell?.value ?? null),
      rag: cells.map((cell) => cell?.rag.status ?? null),
    };
  });
  return { months, targets };
}
