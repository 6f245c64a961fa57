/**
 * Who has tickets needing attention, and for whom: open tickets breached (any clock past due and running) or at risk,
 * counted by the server over the whole queue, per assignee (unassigned is a bucket of its own) and per customer.
 */
import { monitoringApi } from '../../api/monitoring-api.ts';
import type { AttentionCount } from '../../api/monitoring-types.ts';
import { AsyncView } from '../../components/async-view.tsx';
import { TableScroll } from '../../components/table-scroll.tsx';
import { useResource } from '../../components/use-resource.ts';
import type { DashboardFilters } from './dashboard-filters.ts';

export function AttentionCounts({ filters }: { filters: DashboardFilters }) {
  const counts = useResource(
    async (signal) =>
      (
        await monitoringApi.attention(
          { limit: 1, customerId: filters.customerId, service: filters.service, priority: filters.priority },
          signal,
        )
      ).counts,
    [filters.customerId, filters.service, filters.priority],
  );
  return (
    <section className="card" aria-labelledby="attention-counts-heading">
      <h2 id="attention-counts-heading">Tickets needing attention</h2>
      <AsyncView
        resource={counts}
        what="the counts"
        isEmpty={(data) => data.breached + data.atRisk === 0}
        empty="No open ticket is past due or at risk."
      >
        {(data) => (
          <div className="stack">
            <p>
              <strong>{data.breached}</strong> breached · <strong>{data.atRisk}</strong> at risk
            </p>
            <CountTable
              caption="Per assignee"
              heading="Assignee"
              rows={data.byAssignee.map((entry) => ({
                ...entry,
                key: entry.assignee === null ? 'unassigned' : `assignee:${entry.assignee}`,
                name: entry.assignee ?? 'Unassigned',
              }))}
            />
            <CountTable
              caption="Per customer"
              heading="Customer"
              rows={data.byCustomer.map((entry) => ({ ...entry, key: entry.customerId, name: entry.customerName }))}
            />
          </div>
        )}
      </AsyncView>
    </section>
  );
}

/** Rows shown per table; the rest are summed in one line (the busiest come first). */
const SHOWN = 10;

function CountTable({
  caption,
  heading,
  rows,
}: {
  caption: string;
  heading: string;
  rows: (AttentionCount & { key: string; name: string })[];
}) {
  return (
    <TableScroll label={`Tickets needing attention ${caption.toLowerCase()}`}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{heading}</th>
            <th scope="col" className="num">
              Breached
            </th>
            <th scope="col" className="num">
              At risk
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, SHOWN).map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.name}</th>
              <td className="num">{row.breached}</td>
              <td className="num">{row.atRisk}</td>
            </tr>
          ))}
          {rows.length > SHOWN && (
            <tr>
              <th scope="row">{rows.length - SHOWN} more</th>
              <td className="num">{sum(rows.slice(SHOWN), 'breached')}</td>
              <td className="num">{sum(rows.slice(SHOWN), 'atRisk')}</td>
            </tr>
          )}
        </tbody>
      </table>
    </TableScroll>
  );
}

function sum(rows: readonly AttentionCount[], key: keyof AttentionCount): number {
  return rows.reduce((total, row) => total + row[key], 0);
}
