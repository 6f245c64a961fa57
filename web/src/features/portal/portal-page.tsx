/**
 * The customer's portal: their own tickets with the state of each clock, the agreement versions waiting for their
 * approval, and the way to report an incident. Everything here is scoped by the server to the customer.
 */
import { agreementsApi } from '../../api/agreements-api.ts';
import { ticketsApi } from '../../api/tickets-api.ts';
import { AsyncView } from '../../components/async-view.tsx';
import { StateBadge } from '../../components/badge.tsx';
import { Field } from '../../components/field.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { Pagination } from '../../components/pagination.tsx';
import { TableScroll } from '../../components/table-scroll.tsx';
import { viewerTimeZone } from '../../components/time-format.ts';
import { useNow, useResource } from '../../components/use-resource.ts';
import { Link, useQueryParams } from '../../routes/router.tsx';
import { useSession } from '../auth/session-context.tsx';
import { ticketLabel } from '../tickets/ticket-label.ts';
import { TicketStatusCells } from '../tickets/ticket-status-cells.tsx';
import { useRowClocks } from '../tickets/use-row-clocks.ts';

const PAGE_SIZE = 20;
const awaiting = ['in_review', 'approved_by_provider'];

export function PortalPage() {
  const { customer } = useSession();
  const [params, setParams] = useQueryParams();
  const lifecycle = params.get('lifecycle') ?? 'open';
  const offset = Number(params.get('offset') ?? 0) || 0;
  const tickets = useResource(
    (signal) =>
      ticketsApi.list({ limit: PAGE_SIZE, offset, lifecycle: lifecycle === 'all' ? undefined : lifecycle }, signal),
    [lifecycle, offset],
  );
  const approvals = useResource(
    async () =>
      (await agreementsApi.list({ limit: 100 })).data.filter((agreement) =>
        awaiting.includes(agreement.latestVersion?.status ?? ''),
      ),
    [],
  );
  const clocks = useRowClocks(tickets.data?.data);
  const now = useNow(1000);
  const zone = viewerTimeZone();

  return (
    <>
      <PageHeader
        title={customer ? `${customer.name}: support` : 'Support'}
        description="Your incidents and requests, and how the provider keeps its promises."
        actions={
          <Link className="button" to="/portal/report">
            Report an incident
          </Link>
        }
      />
      <AsyncView
        resource={approvals}
        what="versions to approve"
        isEmpty={(list) => list.length === 0}
        empty="No agreement is waiting for your approval."
      >
        {(list) => (
          <section className="notice" data-tone="warning" aria-labelledby="to-approve">
            <h2 id="to-approve">Waiting for your approval</h2>
            <ul>
              {list.map((agreement) => (
                <li key={agreement.id}>
                  <Link to={`/agreements/${agreement.id}?version=${agreement.latestVersion!.id}&tab=approvals`}>
                    {agreement.title}, version {agreement.latestVersion!.number}
                  </Link>{' '}
                  <StateBadge state={agreement.latestVersion!.status} />
                </li>
              ))}
            </ul>
          </section>
        )}
      </AsyncView>
      <section aria-labelledby="my-tickets">
        <div className="page-header">
          <h2 id="my-tickets">Your tickets</h2>
          <Field label="Show">
            <select value={lifecycle} onChange={(event) => setParams({ lifecycle: event.target.value, offset: null })}>
              <option value="open">Open</option>
              <option value="resolved">Resolved</option>
              <option value="closed">Closed</option>
              <option value="all">All</option>
            </select>
          </Field>
        </div>
        <AsyncView
          resource={tickets}
          what="your tickets"
          isEmpty={(page) => page.data.length === 0}
          empty={lifecycle === 'open' ? 'You have no open tickets.' : 'No tickets.'}
        >
          {(page) => (
            <>
              <TableScroll label="Your tickets">
                <table>
                  <caption className="visually-hidden">Your tickets</caption>
                  <thead>
                    <tr>
                      <th scope="col">Ticket</th>
                      <th scope="col">Priority</th>
                      <th scope="col">State</th>
                      <th scope="col">Reported</th>
                      <th scope="col">Promises</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.data.map((ticket) => (
                      <tr key={ticket.id}>
                        <td>
                          <Link to={`/tickets/${ticket.id}`}>
                            {ticketLabel(ticket)}
                            {ticket.title}
                          </Link>
                        </td>
                        <TicketStatusCells ticket={ticket} clocks={clocks.get(ticket.id)} now={now} zone={zone} />
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
              <Pagination page={page.page} label="tickets" onChange={(next) => setParams({ offset: String(next) })} />
            </>
          )}
        </AsyncView>
      </section>
    </>
  );
}
