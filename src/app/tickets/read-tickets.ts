/**
 * Reading tickets: lists from the stored summaries; a single ticket's clocks and timeline evaluated live from its
 * events at the current instant (the stored projection is what the scheduler works from, and may be minutes old).
 */
import { type UnmeasuredReason, unmeasuredReasons } from '../../core/clocks/index.ts';
import { type Principal, requirePermission, scopeOf } from '../access/principal.ts';
import { notFound } from '../app-error.ts';
import type { Page, PageRequest } from '../ports/pagination.ts';
import type { Clock, Store } from '../ports/store.ts';
import type { StoredTicketEvent, TicketListFilter, TicketRecord } from '../ports/ticket-repository.ts';
import { evaluateTickets, type ProjectedTicket } from './project-ticket-clocks.ts';

export async function listTickets(
  store: Store,
  principal: Principal,
  page: PageRequest,
  filter: TicketListFilter,
): Promise<Page<TicketRecord>> {
  requirePermission(principal, 'tickets.read');
  return store.read.tickets.list(scopeOf(principal), page, filter);
}

/**
 * The tickets of the principal's scope that are not measured, by reason (decision 0025): what the dashboard counts,
 * with the e-mail requests waiting in triage as `customer_unknown` (they become tickets measured from their arrival).
 */
export async function countUnmeasuredTickets(
  store: Store,
  principal: Principal,
  filter: { customerId?: string | undefined } = {},
): Promise<{ reason: UnmeasuredReason; count: number }[]> {
  requirePermission(principal, 'tickets.read');
  const counts = await store.read.tickets.unmeasuredCounts(scopeOf(principal), filter);
  // Requests in e-mail triage belong to no customer yet: the provider sees them, counted apart from any customer's.
  if (principal.customerId === null && filter.customerId === undefined) {
    counts.set('customer_unknown', await store.read.inboundMail.countTriage(principal.workspaceId));
  }
  return unmeasuredReasons
    .filter((reason) => (counts.get(reason) ?? 0) > 0)
    .map((reason) => ({ reason, count: counts.get(reason)! }));
}

export interface TicketDetail {
  readonly ticket: TicketRecord;
  readonly projection: ProjectedTicket;
  readonly events: readonly StoredTicketEvent[];
}

/** The ticket with its clocks evaluated now and its event timeline (events in the order they happened). */
export async function getTicketDetail(
  { store, clock }: { store: Store; clock: Clock },
  principal: Principal,
  id: string,
): Promise<TicketDetail> {
  requirePermission(principal, 'tickets.read');
  const ticket = await store.read.tickets.get(scopeOf(principal), id);
  if (!ticket) throw notFound('ticket', id);
  const [projection] = await evaluateTickets(store.read, principal.workspaceId, [ticket], clock.now());
  const events = await store.read.tickets.eventsOf(scopeOf(principal), id);
  return {
    // Measured or not as of now, like the clocks shown with it.
    ticket: { ...ticket, unmeasuredReason: projection!.summary.unmeasuredReason },
    projection: projection!,
    events: [...events].sort((a, b) => a.occurredAt - b.occurredAt || a.sequence - b.sequence),
  };
}
