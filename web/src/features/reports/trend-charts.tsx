/**
 * The attainment trend (each percent target's value per month, with its goal) and the SLAM chart (RAG per target per
 * month). Each chart has its numbers in a table as well; RAG cells carry a letter, not only a colour.
 */
import { useMemo } from 'react';
import { type ChartOption, EChart, ragColours } from '../../components/echart.tsx';
import { TableScroll } from '../../components/table-scroll.tsx';
import type { ReportView } from './load-report.ts';

const ragCode = { green: 1, amber: 2, red: 3, grey: 0 } as const;
const ragLetter = ['–', 'G', 'A', 'R'];

export function AttainmentTrend({ trend, goals }: { trend: ReportView['trend']; goals: ReadonlyMap<string, number> }) {
  const series = trend.targets.filter(
    (target) => target.unit === 'percent' && target.values.some((value) => value !== null),
  );
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: {
        trigger: 'axis',
        valueFormatter: (value: unknown) => (typeof value === 'number' ? `${value.toFixed(1)} %` : '—'),
      },
      legend: { type: 'scroll', bottom: 0 },
      grid: { left: 8, right: 24, top: 16, bottom: 48, containLabel: true },
      xAxis: { type: 'category', data: trend.months, boundaryGap: false },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
      series: series.map((target) => ({
        name: target.id,
        type: 'line',
        connectNulls: false,
        symbolSize: 6,
        data: target.values.map((value) => (value === null ? null : Math.round(value * 10) / 10)),
        ...(goals.has(target.id)
          ? {
              markLine: {
                symbol: 'none',
                lineStyle: { type: 'dashed', opacity: 0.5 },
                label: { show: false },
                data: [{ yAxis: goals.get(target.id), name: `${target.id} goal` }],
              },
            }
          : {}),
      })),
    }),
    [trend, series, goals],
  );
  if (series.length === 0) return <p className="empty">No percent targets with values in these months.</p>;
  return (
    <>
      <EChart option={option} label="Attainment per target and month in percent; the table below has the values." />
      <details>
        <summary>The values as a table</summary>
        <TrendTable
          trend={{ months: trend.months, targets: series }}
          render={(target, index) => formatValue(target.values[index])}
        />
      </details>
    </>
  );
}

export function SlamChart({ trend }: { trend: ReportView['trend'] }) {
  const targets = trend.targets;
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: {
        formatter: (params: { data: [number, number, number] }) => {
          const [month, target, code] = params.data;
          return `${targets[target]?.id} ${trend.months[month]}: ${['no data', 'green', 'amber', 'red'][code]}`;
        },
      },
      grid: { left: 8, right: 8, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: trend.months, splitArea: { show: true } },
      yAxis: { type: 'category', data: targets.map((target) => target.id), inverse: true },
      visualMap: {
        type: 'piecewise',
        show: false,
        dimension: 2,
        pieces: [
          { value: 0, color: '#e4e8ed' },
          { value: 1, color: ragColours.green },
          { value: 2, color: ragColours.amber },
          { value: 3, color: ragColours.red },
        ],
      },
      series: [
        {
          type: 'heatmap',
          label: {
            show: true,
            color: '#ffffff',
            fontWeight: 'bold',
            formatter: (params: { data: [number, number, number] }) => ragLetter[params.data[2]] ?? '',
          },
          itemStyle: { borderColor: '#ffffff', borderWidth: 2 },
          data: targets.flatMap((target, targetIndex) =>
            target.rag.flatMap((rag, monthIndex) => (rag === null ? [] : [[monthIndex, targetIndex, ragCode[rag]]])),
          ),
        },
      ],
    }),
    [trend, targets],
  );
  if (targets.length === 0) return <p className="empty">No targets in these months.</p>;
  return (
    <>
      <EChart
        option={option}
        height={Math.max(160, 40 + targets.length * 30)}
        label="SLAM chart: RAG status per target and month (G green, A amber, R red); the table below has the same."
      />
      <details>
        <summary>The SLAM chart as a table</summary>
        <TrendTable trend={trend} render={(target, index) => ragWord(target.rag[index] ?? null)} />
      </details>
    </>
  );
}

function TrendTable({
  trend,
  render,
}: {
  trend: ReportView['trend'];
  render: (target: ReportView['trend']['targets'][number], index: number) => string;
}) {
  return (
    <TableScroll label="Values per target and month">
      <table>
        <thead>
          <tr>
            <th scope="col">Target</th>
            {trend.months.map((month) => (
              <th key={month} scope="col" className="num">
                {month}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {trend.targets.map((target) => (
            <tr key={target.id}>
              <th scope="row">{target.id}</th>
              {trend.months.map((month, index) => (
                <td key={month} className="num">
                  {render(target, index)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function formatValue(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${value.toFixed(1)} %`;
}

function ragWord(rag: string | null): string {
  return rag === null ? '—' : rag === 'grey' ? 'no data' : rag;
}
