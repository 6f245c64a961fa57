/**
 * What to act on first (issue 18): open tickets whose clocks have breached and still run, longest past due first,
 * then clocks at risk (75 % of their time used or more), most used first. The server orders the whole queue; this
 * shows a page of it with how far past due each breach is, counting on live.
 */
import { useState } from 'react';
import { monitoringApi } from '../../api/monitoring-api.ts';
import type { AttentionClock } from '../../api/monitoring-types.ts';
import { AsyncView } from '../../components/async-view.tsx';
import { Badge } from '../../components/badge.tsx';
import { Pagination } from '../../components/pagination.tsx';
import { TableScroll } from '../../components/table-scroll.tsx';
import { formatCountdown, formatDuration, formatInstant, formatMinutes } from '../../components/time-format.ts';
import { useNow, useResource } from '../../components/use-resource.ts';
import { Link } from '../../routes/router.tsx';
import type { DashboardFilters } from './dashboard-filters.ts';

const PAGE_SIZE = 10;

export function NeedsAttention({ filters }: { filters: DashboardFilters }) {
  const [offset, setOffset] = useState(0);
  const queue = useResource(
    (signal) =>
      monitoringApi.attention(
        {
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
    <section className="card" aria-labelledby="attention-heading">
      <h2 id="attention-heading">Needs attention</h2>
      <p className="small muted">
        Open tickets past their due time first, longest overdue first; then clocks that have used{' '}
        {queue.data?.atRiskPercentUsed ?? 75} % of their time or more, most used first.
      </p>
      <AsyncView
        resource={queue}
        what="the tickets needing attention"
        isEmpty={(answer) => answer.data.length === 0}
        empty="Nothing is past due or at risk."
      >
        {(answer) => (
          <>
            <TableScroll label="Clocks needing attention">
              <table>
                <caption className="visually-hidden">Clocks needing attention, breached first</caption>
                <thead>
                  <tr>
                    <th scope="col">Ticket</th>
                    <th scope="col">Target</th>
                    <th scope="col">Standing</th>
                    <th scope="col">Used</th>
                  </tr>
                </thead>
                <tbody>
                  {answer.data.map((clock) => (
                    <AttentionRow key={`${clock.ticketId}-${clock.targetId}`} clock={clock} now={now} />
                  ))}
                </tbody>
              </table>
            </TableScroll>
            <Pagination page={answer.page} label="clocks needing attention" onChange={setOffset} />
          </>
        )}
      </AsyncView>
    </section>
  );
}

function AttentionRow({ clock, now }: { clock: AttentionClock; now: number }) {
  const due = clock.dueAt ? Date.parse(clock.dueAt) : null;
  return (
    <tr data-attention={clock.attention}>
      <td>
        <Link to={`/tickets/${clock.ticketId}`}>
          {clock.externalRef ? `${clock.externalRef}: ` : ''}
          {clock.ticketTitle}
        </Link>
        <div className="small muted">
          {clock.customerName}
          {clock.service ? ` · ${clock.service}` : ''} · {clock.assignee ?? 'unassigned'}
        </div>
      </td>
      <td>
        {clock.priority && <Badge tone="blue">{clock.priority}</Badge>} {clock.targetId}
      </td>
      <td>
        {clock.attention === 'breached' ? (
          <>
            <Badge tone="red">breached</Badge>{' '}
            <span className="countdown" data-tone="red">
              {due === null ? '' : `${formatDuration(Math.max(0, now - due), 'elapsed')} past due`}
            </span>
          </>
        ) : (
          <>
            <Badge tone="amber">at risk</Badge>{' '}
            <span className="countdown" data-tone="amber">
              {due === null ? '' : `due ${formatCountdown(due, now)}`}
            </span>
          </>
        )}
        <div className="small muted">due {formatInstant(due)}</div>
      </td>
      <td>
        <progress
          max={100}
          value={Math.min(100, clock.percentUsed)}
          aria-label={`${clock.percentUsed.toFixed(0)} % of ${formatMinutes(clock.durationMinutes, 'business')} used`}
        />
        <div className="small" title={`as of ${formatInstant(clock.evaluatedAt)}`}>
          {clock.percentUsed.toFixed(0)} % of {formatMinutes(clock.durationMinutes, 'business')}
        </div>
      </td>
    </tr>
  );
}
