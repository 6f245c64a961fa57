/** Deviations still open: results or escalations that need an improvement decision. */
import { monitoringApi } from '../../api/monitoring-api.ts';
import { AsyncView } from '../../components/async-view.tsx';
import { StateBadge } from '../../components/badge.tsx';
import { formatDate } from '../../components/time-format.ts';
import { useResource } from '../../components/use-resource.ts';
import { Link } from '../../routes/router.tsx';
import type { DashboardFilters } from './dashboard-filters.ts';

export function OpenDeviations({ filters }: { filters: DashboardFilters }) {
  const deviations = useResource(
    () => monitoringApi.deviations({ status: 'open', limit: 8, customerId: filters.customerId }),
    [filters.customerId],
  );
  return (
    <section className="card" aria-labelledby="deviations-heading">
      <h2 id="deviations-heading">Open deviations</h2>
      <AsyncView
        resource={deviations}
        what="deviations"
        isEmpty={(page) => page.data.length === 0}
        empty="No open deviations."
      >
        {(page) => (
          <>
            <p className="stat">{page.page.total}</p>
            <ul className="stack" style={{ listStyle: 'none', padding: 0 }}>
              {page.data.map((deviation) => (
                <li key={deviation.id}>
                  {deviation.ticketId ? (
                    <Link to={`/tickets/${deviation.ticketId}`}>{deviation.title}</Link>
                  ) : deviation.agreementId ? (
                    <Link to={`/agreements/${deviation.agreementId}`}>{deviation.title}</Link>
                  ) : (
                    deviation.title
                  )}{' '}
                  <StateBadge state={deviation.status} />
                  <div className="small muted">
                    {deviation.customerName} · {deviation.targetId} · opened {formatDate(deviation.openedAt)} ·{' '}
                    {deviation.source}
                  </div>
                </li>
              ))}
            </ul>
          </>
        )}
      </AsyncView>
    </section>
  );
}
