/** The provider's ticket list: filters in the URL, paging, and each row's clock status with a live countdown. */
import { useEffect, useState } from 'react';
import { identityApi } from '../../api/identity-api.ts';
import { ticketsApi } from '../../api/tickets-api.ts';
import type { Customer } from '../../api/types.ts';
import { AsyncView } from '../../components/async-view.tsx';
import { Field } from '../../components/field.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { Pagination } from '../../components/pagination.tsx';
import { TableScroll } from '../../components/table-scroll.tsx';
import { viewerTimeZone } from '../../components/time-format.ts';
import { useNow, useResource } from '../../components/use-resource.ts';
import { Link, useQueryParams } from '../../routes/router.tsx';
import { useSession } from '../auth/session-context.tsx';
import { channelName, ticketLabel } from './ticket-label.ts';
import { TicketStatusCells } from './ticket-status-cells.tsx';
import { useRowClocks } from './use-row-clocks.ts';

const PAGE_SIZE = 25;

export function TicketsPage() {
  const [params, setParams] = useQueryParams();
  const { can } = useSession();
  const query = {
    search: params.get('search') ?? '',
    customerId: params.get('customer') ?? '',
    lifecycle: params.get('lifecycle') ?? '',
    priority: params.get('priority') ?? '',
    service: params.get('service') ?? '',
    measurement: params.get('measurement') ?? '',
    offset: Number(params.get('offset') ?? 0) || 0,
  };
  // Text filters apply when the form is sent (not at every keystroke); selects apply at once.
  const [draft, setDraft] = useState({ search: query.search, priority: query.priority, service: query.service });
  useEffect(
    () => setDraft({ search: query.search, priority: query.priority, service: query.service }),
    [query.search, query.priority, query.service],
  );
  const customers = useResource(() => identityApi.listCustomers(), []);
  const customerNames = new Map((customers.data?.data ?? []).map((customer: Customer) => [customer.id, customer.name]));
  const tickets = useResource(
    (signal) =>
      ticketsApi.list(
        {
          limit: PAGE_SIZE,
          offset: query.offset,
          search: query.search,
          customerId: query.customerId,
          lifecycle: query.lifecycle,
          priority: query.priority,
          service: query.service,
          measurement: query.measurement,
        },
        signal,
      ),
    [query.search, query.customerId, query.lifecycle, query.priority, query.service, query.measurement, query.offset],
  );
  const clocks = useRowClocks(tickets.data?.data);
  const now = useNow(1000);
  const zone = viewerTimeZone();
  const filter = (changes: Record<string, string | null>) => setParams({ ...changes, offset: null });

  return (
    <>
      <PageHeader
        title="Tickets"
        description="Every ticket with the state of its SLA clocks."
        actions={
          can('tickets.create') && (
            <Link className="button" to="/tickets/new-call">
              New ticket by phone
            </Link>
          )
        }
      />
      <search>
        <form
          className="filters"
          aria-label="Filter tickets"
          onSubmit={(event) => {
            event.preventDefault();
            filter(draft);
          }}
        >
          <Field label="Search">
            <input
              value={draft.search}
              onChange={(event) => setDraft({ ...draft, search: event.target.value })}
              placeholder="Title or reference"
            />
          </Field>
          <Field label="Customer">
            <select value={query.customerId} onChange={(event) => filter({ customer: event.target.value })}>
              <option value="">All customers</option>
              {customers.data?.data.map((customer) => (
                <option key={customer.id} value={customer.id}>
                  {customer.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="State">
            <select value={query.lifecycle} onChange={(event) => filter({ lifecycle: event.target.value })}>
              <option value="">Any</option>
              <option value="open">Open</option>
              <option value="resolved">Resolved</option>
              <option value="closed">Closed</option>
              <option value="cancelled">Cancelled</option>
            </select>
          </Field>
          <Field label="Measured">
            <select value={query.measurement} onChange={(event) => filter({ measurement: event.target.value })}>
              <option value="">Any</option>
              <option value="measured">Measured</option>
              <option value="none">Not measured</option>
            </select>
          </Field>
          <Field label="Priority">
            <input
              value={draft.priority}
              onChange={(event) => setDraft({ ...draft, priority: event.target.value })}
              placeholder="e.g. P1"
              size={8}
            />
          </Field>
          <Field label="Service">
            <input
              value={draft.service}
              onChange={(event) => setDraft({ ...draft, service: event.target.value })}
              placeholder="e.g. erp"
              size={12}
            />
          </Field>
          <button type="submit" className="button" data-variant="secondary">
            Search
          </button>
        </form>
      </search>
      <AsyncView
        resource={tickets}
        what="tickets"
        isEmpty={(page) => page.data.length === 0}
        empty="No tickets match these filters."
      >
        {(page) => (
          <>
            <TableScroll label="Tickets, newest first">
              <table>
                <caption className="visually-hidden">Tickets, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Ticket</th>
                    <th scope="col">Customer</th>
                    <th scope="col">Priority</th>
                    <th scope="col">State</th>
                    <th scope="col">Opened</th>
                    <th scope="col">Clocks</th>
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
                        <div className="small muted">
                          {[ticket.channel && `by ${channelName(ticket.channel)}`, ticket.service, ticket.category]
                            .filter(Boolean)
                            .join(' · ')}
                        </div>
                      </td>
                      <td>{customerNames.get(ticket.customerId) ?? '…'}</td>
                      <TicketStatusCells ticket={ticket} clocks={clocks.get(ticket.id)} now={now} zone={zone} />
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            <Pagination page={page.page} label="tickets" onChange={(offset) => setParams({ offset: String(offset) })} />
          </>
        )}
      </AsyncView>
    </>
  );
}
