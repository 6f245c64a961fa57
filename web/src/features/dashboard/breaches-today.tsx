/**
 * Clocks that breached since midnight in the viewer's zone. The queue is read newest due first and stops at the
 * first breach before today (a breach instant is the due instant, so that order is breach order).
 */
import { monitoringApi } from '../../api/monitoring-api.ts';
import type { MonitoredClock } from '../../api/monitoring-types.ts';
import { AsyncView } from '../../components/async-view.tsx';
import { Badge } from '../../components/badge.tsx';
import { formatInstant, viewerTimeZone } from '../../components/time-format.ts';
import { useResource } from '../../components/use-resource.ts';
import { isoToWallTime, wallTimeToIso } from '../../components/zoned-time.ts';
import { Link } from '../../routes/router.tsx';
import type { DashboardFilters } from './dashboard-filters.ts';

const PAGE = 100;
const MAX_PAGES = 10;

async function loadBreachesToday(filters: DashboardFilters, signal: AbortSignal): Promise<MonitoredClock[]> {
  const zone = viewerTimeZone();
  const midnight = Date.parse(wallTimeToIso(`${isoToWallTime(Date.now(), zone).slice(0, 10)}T00:00`, zone)!);
  const found: MonitoredClock[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await monitoringApi.clocks(
      {
        state: 'breached',
        lifecycle: 'any',
        sort: '-due',
        limit: PAGE,
        offset: page * PAGE,
        customerId: filters.customerId,
        service: filters.service,
        priority: filters.priority,
      },
      signal,
    );
    for (const clock of answer.data) {
      const at = Date.parse(clock.breachAt ?? clock.dueAt ?? '');
      if (!(at >= midnight)) return found;
      found.push(clock);
    }
    if (answer.data.length < PAGE) break;
  }
  return found;
}

export function BreachesToday({ filters }: { filters: DashboardFilters }) {
  const breaches = useResource(
    (signal) => loadBreachesToday(filters, signal),
    [filters.customerId, filters.service, filters.priority],
  );
  return (
    <section className="card" aria-labelledby="breaches-heading">
      <h2 id="breaches-heading">Breaches today</h2>
      <AsyncView
        resource={breaches}
        what="today's breaches"
        isEmpty={(list) => list.length === 0}
        empty="No breaches today."
      >
        {(list) => (
          <>
            <p className="stat">{list.length}</p>
            <ul className="stack" style={{ listStyle: 'none', padding: 0 }}>
              {list.slice(0, 8).map((clock) => (
                <li key={`${clock.ticketId}-${clock.targetId}`}>
                  <Link to={`/tickets/${clock.ticketId}`}>{clock.externalRef ?? clock.ticketTitle}</Link>{' '}
                  {clock.priority && <Badge tone="blue">{clock.priority}</Badge>} {clock.targetId}
                  <div className="small muted">
                    {clock.customerName} · breached {formatInstant(clock.breachAt ?? clock.dueAt)}
                  </div>
                </li>
              ))}
            </ul>
            {list.length > 8 && <p className="small muted">and {list.length - 8} more</p>}
          </>
        )}
      </AsyncView>
    </section>
  );
}
