/**
 * Tickets that are not measured (decision 0025): a ticket no agreement version covers, or whose priority no target
 * matches, counts in no result; the dashboard says how many there are and why, and leads to them.
 */
import { ticketsApi } from '../../api/tickets-api.ts';
import { AsyncView } from '../../components/async-view.tsx';
import { useResource } from '../../components/use-resource.ts';
import { Link } from '../../routes/router.tsx';
import { useSession } from '../auth/session-context.tsx';
import { unmeasuredLabels } from '../tickets/measurement-label.ts';
import type { DashboardFilters } from './dashboard-filters.ts';

export function NotMeasured({ filters }: { filters: DashboardFilters }) {
  const { can } = useSession();
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
                    {entry.reason === 'customer_unknown' && can('mail.triage') ? (
                      <Link to="/mail/triage">{`${entry.count} ${unmeasuredLabels[entry.reason]}`}</Link>
                    ) : (
                      `${entry.count} ${unmeasuredLabels[entry.reason] ?? entry.reason.replaceAll('_', ' ')}`
                    )}
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
