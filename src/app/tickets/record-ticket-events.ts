/**
 * Use-case: record ticket events, one or many tickets per request. The whole request is checked first (access,
 * tickets in scope, each event well-formed, not in the future, not before the opening), then the new events are
 * appended (a key seen before is skipped: retries never duplicate), and the clocks of every ticket that changed are
 * recomputed in the same transaction. Ticket events are an append-only, attributed log of their own, so they are
 * not copied into the audit log (decision 0009).
 */

import { sha256Hex } from '../../core/canonical-json.ts';
import type { EventChannel, TicketEvent, TicketEventType } from '../../core/clocks/index.ts';
import { type Principal, requirePermission, scopeAdmits } from '../access/principal.ts';
import { roleAllows } from '../access/roles.ts';
import { AppError, forbidden, invalid } from '../app-error.ts';
import type { Clock, Repositories, Store } from '../ports/store.ts';
import type { EventToRecord, TicketRecord } from '../ports/ticket-repository.ts';
import {
  type AppendResult,
  appendAndProject,
  lockTickets,
  type ProjectedTicket,
  planAppend,
  projectionWrite,
} from './project-ticket-clocks.ts';

/** How far in the future an event may claim to have happened (clock skew between systems). */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
export const MAX_EVENTS_PER_REQUEST = 10_000;

export interface TicketEventInput {
  /** Idempotency key; without one, the event's content is its key (the same event twice counts once). */
  readonly key?: string | undefined;
  readonly type: Exclude<TicketEventType, 'opened'>;
  readonly occurredAt: number;
  readonly status?: string | undefined;
  readonly priority?: string | undefined;
  readonly impact?: string | undefined;
  readonly urgency?: string | undefined;
  readonly assignee?: string | undefined;
  readonly channel?: EventChannel | undefined;
}

export interface RecordedEvent {
  readonly ticketId: string;
  readonly key: string;
  readonly outcome: 'recorded' | 'duplicate';
}

export interface RecordEventsResult {
  readonly recorded: number;
  readonly duplicates: number;
  readonly events: readonly RecordedEvent[];
  readonly tickets: readonly ProjectedTicket[];
}

/** Event types a customer representative may record on their own tickets. */
const customerEventTypes = new Set<TicketEventType>(['customer_reply', 'reopened']);

/** A request that passed the checks needing no data, with the distinct tickets it names. */
export interface EventRequest {
  readonly principal: Principal;
  readonly items: readonly { ticketId: string; event: TicketEventInput }[];
  readonly ticketIds: readonly string[];
}

/** A request's result, or the error that refused it (the other requests recorded with it are not affected). */
export type RequestOutcome = { ok: true; result: RecordEventsResult } | { ok: false; error: unknown };

export async function recordTicketEvents(
  dependencies: { store: Store; clock: Clock },
  principal: Principal,
  items: readonly { ticketId: string; event: TicketEventInput }[],
): Promise<RecordEventsResult> {
  return recordRequest(dependencies, checkEventRequest(principal, items));
}

/** Records one checked request: optimistically, and under its tickets' locks if they kept changing meanwhile. */
export async function recordRequest(
  dependencies: { store: Store; clock: Clock },
  request: EventRequest,
): Promise<RecordEventsResult> {
  const now = dependencies.clock.now();
  const outcomes = await recordTogether(dependencies, request.principal.workspaceId, [request], now);
  if (outcomes === null) return recordUnderLocks(dependencies, request, now);
  const [outcome] = outcomes;
  if (!outcome!.ok) throw outcome!.error;
  return outcome!.result;
}

/** The checks that need no data (permission, size, the event types the role may record); throws the refusal. */
export function checkEventRequest(
  principal: Principal,
  items: readonly { ticketId: string; event: TicketEventInput }[],
): EventRequest {
  requirePermission(principal, 'tickets.read');
  if (items.length === 0) throw invalid('NO_EVENTS', 'send at least one event');
  if (items.length > MAX_EVENTS_PER_REQUEST) {
    throw invalid('TOO_MANY_EVENTS', `send at most ${MAX_EVENTS_PER_REQUEST} events per request`);
  }
  for (const [index, { event }] of items.entries()) checkAccess(principal, event.type, index);
  return { principal, items, ticketIds: [...new Set(items.map((item) => item.ticketId))] };
}

/**
 * Records checked requests of one workspace optimistically and together: one unlocked read of all their tickets, one
 * guarded write of all their new events and projections (two round trips and one commit, however many requests). A
 * request refused by the checks that need its tickets (not found, out of scope, before the opening) fails alone.
 * Null when the tickets changed under every attempt: the caller then records each request under locks.
 */
export async function recordTogether(
  { store }: { store: Store },
  workspaceId: string,
  requests: readonly EventRequest[],
  now: number,
): Promise<RequestOutcome[] | null> {
  const allTicketIds = [...new Set(requests.flatMap((request) => request.ticketIds))];
  // Optimistic: read without locks (or from the store's memory of its last writes), write in one guarded statement
  // that refuses if a ticket changed meanwhile (one or two round trips instead of four). After two refusals, the
  // caller takes the locks.
  for (let attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
    const { read, records, refusals } = await readAndCheck(
      store,
      workspaceId,
      requests,
      allTicketIds,
      now,
      attempt === 0,
    );
    const plan = await planAppend(store.read, workspaceId, read, records.flat(), now);
    const written =
      plan.fresh.length === 0 ||
      (await store.read.tickets.writeProjectionIfUnchanged(
        workspaceId,
        projectionWrite(plan.projected, plan.fresh, read.base),
        { configurationRevision: read.configurationRevision },
      ));
    if (!written) continue;
    // In arrival order: of two requests carrying the same key for a ticket, the first one recorded it.
    const seen = new Set<string>();
    return requests.map((_, index): RequestOutcome => {
      if (refusals.has(index)) return { ok: false, error: refusals.get(index) };
      return { ok: true, result: resultOf(records[index]!, plan, seen, new Set(requests[index]!.ticketIds)) };
    });
  }
  return null;
}

/** Records one checked request in a transaction that locks its tickets (in id order) first. */
export function recordUnderLocks(
  { store }: { store: Store },
  request: EventRequest,
  now: number,
): Promise<RecordEventsResult> {
  return store.transaction((repositories) => recordInTransaction(repositories, request, now));
}

/** Records one checked request inside the caller's transaction (which may write more with it: a message's text). */
export async function recordInTransaction(
  repositories: Repositories,
  { principal, items, ticketIds }: EventRequest,
  now: number,
): Promise<RecordEventsResult> {
  const locked = await lockTickets(repositories, principal.workspaceId, ticketIds);
  const toRecord = eventsToRecord(principal, items, locked.tickets, ticketIds, now);
  return resultOf(toRecord, await appendAndProject(repositories, principal.workspaceId, locked, toRecord, now));
}

const OPTIMISTIC_ATTEMPTS = 2;

/**
 * Reads the tickets of the requests and checks each request against them. A refusal based on a remembered (possibly
 * stale) read is confirmed by a fresh one: nothing is refused on what the tickets used to be.
 */
async function readAndCheck(
  store: Store,
  workspaceId: string,
  requests: readonly EventRequest[],
  ticketIds: readonly string[],
  now: number,
  fromMemory: boolean,
) {
  const read = await store.read.tickets.readForProjection(workspaceId, ticketIds, { fromMemory });
  const refusals = new Map<number, unknown>();
  const records = requests.map(({ principal, items, ticketIds: ids }, index) => {
    try {
      return eventsToRecord(principal, items, read.tickets, ids, now);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      refusals.set(index, error);
      return [];
    }
  });
  if (refusals.size > 0 && read.remembered === true) {
    return readAndCheck(store, workspaceId, requests, ticketIds, now, false);
  }
  return { read, records, refusals };
}

/** The checked events to record, or the reason the request is refused (tickets out of scope, malformed events). */
function eventsToRecord(
  principal: Principal,
  items: readonly { ticketId: string; event: TicketEventInput }[],
  tickets: readonly TicketRecord[],
  ticketIds: readonly string[],
  now: number,
): EventToRecord[] {
  // Read for the whole workspace (requests of several principals are read together, decision 0020): scoped here.
  const visible = new Map(
    tickets.filter((ticket) => scopeAdmits(principal, ticket.customerId)).map((ticket) => [ticket.id, ticket]),
  );
  const missing = ticketIds.filter((id) => !visible.has(id));
  if (missing.length > 0) {
    throw new AppError('not_found', 'NOT_FOUND', `ticket ${missing[0]} was not found`, {
      entity: 'ticket',
      ids: missing,
    });
  }
  return items.map((item, index): EventToRecord => {
    const ticket = visible.get(item.ticketId)!;
    return {
      ticketId: ticket.id,
      customerId: ticket.customerId,
      event: checkedEvent(item.event, ticket, now, index),
      actorUserId: principal.userId,
      actorTokenId: principal.tokenId,
    };
  });
}

function resultOf(
  toRecord: readonly EventToRecord[],
  outcome: AppendResult,
  seen = new Set<string>(),
  ticketIds?: ReadonlySet<string>,
): RecordEventsResult {
  const events = toRecord.map((record): RecordedEvent => {
    const identity = `${record.ticketId}\u0000${record.event.id}`;
    // The first occurrence of a key in the request is the one recorded; a repeat within it is a duplicate.
    const isNew = outcome.inserted.has(identity) && !seen.has(identity);
    seen.add(identity);
    return { ticketId: record.ticketId, key: record.event.id, outcome: isNew ? 'recorded' : 'duplicate' };
  });
  const recorded = events.filter((event) => event.outcome === 'recorded').length;
  const tickets = ticketIds ? outcome.projected.filter((entry) => ticketIds.has(entry.ticket.id)) : outcome.projected;
  return { recorded, duplicates: events.length - recorded, events, tickets };
}

function checkAccess(principal: Principal, type: TicketEventType, index: number): void {
  if (roleAllows(principal.role, 'tickets.work')) return;
  if (roleAllows(principal.role, 'tickets.customer_events') && customerEventTypes.has(type)) return;
  throw forbidden(
    principal.role === 'customer'
      ? `events[${index}]: a customer representative may record only customer replies and reopens, not ${type}`
      : `the ${principal.role} role may not record ticket events`,
  );
}

function checkedEvent(input: TicketEventInput, ticket: TicketRecord, now: number, index: number): TicketEvent {
  const at = `events[${index}]`;
  if (input.occurredAt > now + FUTURE_TOLERANCE_MS) {
    throw invalid('EVENT_IN_FUTURE', `${at}: occurredAt is in the future; record events when they have happened`, {
      index,
    });
  }
  if (input.occurredAt < ticket.openedAt) {
    throw invalid('EVENT_BEFORE_OPENING', `${at}: occurredAt is before the ticket was opened`, { index });
  }
  if (input.type === 'status' && input.status === undefined) {
    throw invalid('EVENT_FIELD_MISSING', `${at}: a status event needs the new status`, { index, field: 'status' });
  }
  if (
    input.type === 'priority' &&
    input.priority === undefined &&
    input.impact === undefined &&
    input.urgency === undefined
  ) {
    throw invalid('EVENT_FIELD_MISSING', `${at}: a priority event needs a priority, an impact or an urgency`, {
      index,
      field: 'priority',
    });
  }
  const event: TicketEvent = {
    id: input.key ?? '',
    type: input.type,
    occurredAt: input.occurredAt,
    status: input.status,
    priority: input.priority,
    impact: input.impact,
    urgency: input.urgency,
    assignee: input.assignee,
    channel: input.channel,
  };
  return event.id === '' ? { ...event, id: contentKey(event) } : event;
}

/**
 * A key derived from the event's content, for events sent without an idempotency key. The channel is left out: it
 * does not make another event of the same move, and keys of events recorded before it existed must stay the same.
 */
function contentKey(event: TicketEvent): string {
  return `content:${sha256Hex(JSON.stringify([event.type, event.occurredAt, event.status, event.priority, event.impact, event.urgency, event.assignee])).slice(0, 32)}`;
}
