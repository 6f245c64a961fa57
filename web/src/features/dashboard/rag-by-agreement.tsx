/**
 * How each agreement stands in the current period: its targets counted by RAG (a chart and the same numbers in a
 * table), worst first. Results come from each agreement's period results, evaluated now.
 */
import { useMemo } from 'react';
import { agreementsApi } from '../../api/agreements-api.ts';
import { ApiError } from '../../api/client.ts';
import { reportsApi } from '../../api/reports-api.ts';
import type { PeriodResults, RagStatus } from '../../api/types.ts';
import { AsyncView } from '../../components/async-view.tsx';
import { RagBadge } from '../../components/badge.tsx';
import { type ChartOption, EChart, ragColours } from '../../components/echart.tsx';
import { TableScroll } from '../../components/table-scroll.tsx';
import { useResource } from '../../components/use-resource.ts';
import { Link } from '../../routes/router.tsx';
import type { DashboardFilters } from './dashboard-filters.ts';

const order: RagStatus[] = ['red', 'amber', 'green', 'grey'];

interface Standing {
  readonly agreementId: string;
  readonly slug: string;
  readonly title: string;
  readonly periodLabel: string;
  readonly counts: Record<RagStatus, number>;
  readonly worst: RagStatus;
}

/**
 * The current month's standing of every agreement in force: one portfolio request (decision 0014), or, on a server
 * without it, the period results of each agreement.
 */
async function loadStandings(customerId: string, signal: AbortSignal): Promise<Standing[]> {
  let standings: Standing[];
  try {
    const portfolio = await reportsApi.portfolio('', 'customer');
    standings = portfolio.groups
      .flatMap((group) => group.agreements)
      .filter((agreement) => !customerId || agreement.customerId === customerId)
      .map((agreement) => ({
        agreementId: agreement.agreementId,
        slug: agreement.slug,
        title: agreement.title,
        periodLabel: agreement.period.label ?? '',
        counts: { ...agreement.rag },
        worst: agreement.worst,
      }));
  } catch (error) {
    if (!(error instanceof ApiError && error.isMissingRoute)) throw error;
    standings = await standingsFromResults(customerId, signal);
  }
  return standings.sort((a, b) => order.indexOf(a.worst) - order.indexOf(b.worst) || b.counts.red - a.counts.red);
}

async function standingsFromResults(customerId: string, signal: AbortSignal): Promise<Standing[]> {
  const agreements = await agreementsApi.list({ limit: 100, customer: customerId || undefined });
  const inForce = agreements.data.filter((agreement) => agreement.activeVersion);
  const results = await Promise.all(
    inForce.map((agreement) => reportsApi.results(agreement.id, '', signal).catch(() => null)),
  );
  return results
    .filter((result): result is PeriodResults => result !== null)
    .map((result) => {
      const counts: Record<RagStatus, number> = { green: 0, amber: 0, red: 0, grey: 0 };
      for (const target of result.targets) counts[target.rag.status] += 1;
      const worst = order.find((status) => status !== 'grey' && counts[status] > 0) ?? 'grey';
      return {
        agreementId: result.agreement.id,
        slug: result.agreement.slug,
        title: result.agreement.title,
        periodLabel: result.period.label ?? '',
        counts,
        worst,
      };
    });
}

export function RagByAgreement({ filters }: { filters: DashboardFilters }) {
  const standings = useResource((signal) => loadStandings(filters.customerId, signal), [filters.customerId]);
  return (
    <section className="card" aria-labelledby="rag-heading">
      <h2 id="rag-heading">Agreements this period</h2>
      <AsyncView
        resource={standings}
        what="agreement results"
        isEmpty={(list) => list.length === 0}
        empty="No agreement is in force."
      >
        {(list) => <StandingView list={list} />}
      </AsyncView>
    </section>
  );
}

function StandingView({ list }: { list: readonly Standing[] }) {
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 8, bottom: 36, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        data: list.map((standing) => standing.slug),
        inverse: true,
      },
      series: order.map((status) => ({
        name: status === 'grey' ? 'no data' : status,
        type: 'bar',
        stack: 'rag',
        itemStyle: { color: ragColours[status] },
        data: list.map((standing) => standing.counts[status]),
      })),
    }),
    [list],
  );
  return (
    <>
      <EChart
        option={option}
        height={Math.max(140, 60 + list.length * 44)}
        label="Targets of each agreement by RAG status this period; the table below has the numbers."
      />
      <TableScroll label="Targets by RAG status per agreement">
        <table>
          <caption className="visually-hidden">Targets by RAG status per agreement</caption>
          <thead>
            <tr>
              <th scope="col">Agreement</th>
              <th scope="col">Overall</th>
              <th scope="col" className="num">
                Red
              </th>
              <th scope="col" className="num">
                Amber
              </th>
              <th scope="col" className="num">
                Green
              </th>
              <th scope="col" className="num">
                No data
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((standing) => (
              <tr key={standing.agreementId}>
                <td>
                  <Link to={`/reports?agreement=${standing.agreementId}&period=${standing.periodLabel}`}>
                    {standing.title}
                  </Link>
                  <div className="small muted">period {standing.periodLabel}</div>
                </td>
                <td>
                  <RagBadge status={standing.worst} />
                </td>
                <td className="num">{standing.counts.red}</td>
                <td className="num">{standing.counts.amber}</td>
                <td className="num">{standing.counts.green}</td>
                <td className="num">{standing.counts.grey}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}
