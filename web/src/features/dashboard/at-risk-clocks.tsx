/** Running clocks, soonest due first, with live countdowns: what falls due next (breaches are in NeedsAttention). */
import { useState } from 'react';
import { monitoringApi } from '../../api/monitoring-api.ts';
import { AsyncView } from '../../components/async-view.tsx';
import { Badge } from '../../components/badge.tsx';
import { Pagination } from '../../components/pagination.tsx';
import { TableScroll } from '../../components/table-scroll.tsx';
import { formatCountdown, formatInstant, formatMinutes } from '../../components/time-format.ts';
import { useNow, useResource } from '../../components/use-resource.ts';
import { Link } from '../../routes/router.tsx';
import type { DashboardFilters } from './dashboard-filters.ts';

const PAGE_SIZE = 10;

export function AtRiskClocks({ filters }: { filters: DashboardFilters }) {
  const [offset, setOffset] = useState(0);
  const clocks = useResource(
    (signal) =>
      monitoringApi.clocks(
        {
          state: 'running',
          sort: 'due',
          limit: PAGE_SIZE,
          offset,
          customerId: filters.customerId,
          service: filters.service,
          priority: filters.priority,
        },
        signal,
      ),
    [filters.customerId, filters.service, filters.priority, offset],
  );
  const now = useNow(1000);
  return (
    <section className="card" aria-labelledby="due-next-heading">
      <h2 id="due-next-heading">Due next</h2>
      <p className="small muted">Running clocks of open tickets, soonest due first.</p>
      <AsyncView
        resource={clocks}
        what="the clock queue"
        isEmpty={(page) => page.data.length === 0}
        empty="No running clocks match."
      >
        {(page) => (
          <>
            <TableScroll label="Running clocks by due instant">
              <table>
                <caption className="visually-hidden">Running clocks by due instant</caption>
                <thead>
                  <tr>
                    <th scope="col">Ticket</th>
                    <th scope="col">Target</th>
                    <th scope="col">Due</th>
                    <th scope="col">Used</th>
                  </tr>
                </thead>
                <tbody>
                  {page.data.map((clock) => {
                    const due = clock.dueAt ? Date.parse(clock.dueAt) : null;
                    const left = due === null ? null : due - now;
                    const tone = left === null ? undefined : left < 0 ? 'red' : left < 3_600_000 ? 'amber' : undefined;
                    return (
                      <tr key={`${clock.ticketId}-${clock.targetId}`}>
                        <td>
                          <Link to={`/tickets/${clock.ticketId}`}>
                            {clock.externalRef ? `${clock.externalRef}: ` : ''}
                            {clock.ticketTitle}
                          </Link>
                          <div className="small muted">
                            {clock.customerName}
                            {clock.service ? ` · ${clock.service}` : ''}
                          </div>
                        </td>
                        <td>
                          {clock.priority && <Badge tone="blue">{clock.priority}</Badge>} {clock.targetId}
                        </td>
                        <td>
                          {due === null ? (
                            '—'
                          ) : (
                            <>
                              <span className="countdown" data-tone={tone}>
                                {formatCountdown(due, now)}
                              </span>
                              <div className="small muted">{formatInstant(due)}</div>
                            </>
                          )}
                        </td>
                        <td>
                          <progress
                            max={100}
                            value={Math.min(100, clock.percentUsed)}
                            aria-label={`${clock.percentUsed.toFixed(0)} % of ${formatMinutes(clock.durationMinutes, 'business')} used`}
                          />
                          <div className="small">
                            {clock.percentUsed.toFixed(0)} % of {formatMinutes(clock.durationMinutes, 'business')}
                          </div>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </TableScroll>
            <Pagination page={page.page} label="running clocks" onChange={setOffset} />
          </>
        )}
      </AsyncView>
    </section>
  );
}
