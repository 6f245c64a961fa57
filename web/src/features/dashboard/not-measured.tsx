/**
 * Tickets that are not measured (decision 0025): a ticket no agreement version covers, or whose priority no target
 * matches, counts in no result; the dashboard says how many there are and why, and leads to them.
 */
import { ticketsApi } from '../../api/tickets-api.ts';
import { AsyncView } from '../../components/async-view.tsx';
import { useResource } from '../../components/use-resource.ts';
import { Link } from '../../routes/router.tsx';
import { unmeasuredLabels } from '../tickets/measurement-label.ts';
import type { DashboardFilters } from './dashboard-filters.ts';

export function NotMeasured({ filters }: { filters: DashboardFilters }) {
  const counts = useResource(
    (signal) => ticketsApi.notMeasured(filters.customerId ? { customerId: filters.customerId } : {}, signal),
    [filters.customerId],
  );
  const list = `/tickets?measurement=none${filters.customerId ? `&customer=${filters.customerId}` : ''}`;
  return (
    <section className="card" aria-labelledby="not-measured-heading">
      <h2 id="not-measured-heading">Not measured</h2>
      <AsyncView resource={counts} what="tickets not measured" isEmpty={() => false} empty="">
        {(answer) =>
          answer.total === 0 ? (
            <p className="small muted">Every ticket is measured against its agreement.</p>
          ) : (
            <>
              <p className="stat">
                <Link to={list}>{answer.total}</Link>
              </p>
              <ul className="stack small" style={{ listStyle: 'none', padding: 0 }}>
                {answer.reasons.map((entry) => (
                  <li key={entry.reason} title={entry.message}>
                    {entry.count} {unmeasuredLabels[entry.reason]}
                  </li>
                ))}
              </ul>
            </>
          )
        }
      </AsyncView>
    </section>
  );
}
