/**
 * Phone calls (docs/mail.md#phone-calls). A call an agent logs on a ticket records a `call` event at the call's
 * start (whether it counts as a response is up to each target's `respondedBy`) and a `call` message with the caller,
 * the duration and the summary. A call that opens a ticket opens it at the call's start with channel `phone`; that
 * call is the customer's request, so it records no `call` event (it cannot be its own response).
 */
import { type Principal, requirePermission, scopeOf } from '../access/principal.ts';
import type { RandomSource } from '../ports/security.ts';
import type { Clock, Store } from '../ports/store.ts';
import type { TicketMessageRecord } from '../ports/ticket-message-repository.ts';
import {
  checkOpening,
  concurrentTwin,
  type OpenedTicket,
  type OpenTicketInput,
  openTicketIn,
} from '../tickets/open-ticket.ts';
import { checkEventRequest, recordInTransaction } from '../tickets/record-ticket-events.ts';
import { authorOf, blankMessage, visibleTicket } from './post-ticket-message.ts';

export interface CallInput {
  /** Who called (a name, a number). */
  readonly caller: string;
  readonly startedAt: number;
  readonly durationSeconds: number;
  readonly summary: string;
}

export async function logCall(
  { store, clock, random }: { store: Store; clock: Clock; random: RandomSource },
  principal: Principal,
  ticketId: string,
  call: CallInput,
  idempotencyKey?: string | undefined,
): Promise<{ created: boolean; message: TicketMessageRecord }> {
  requirePermission(principal, 'tickets.work');
  if (idempotencyKey !== undefined) {
    const existing = await store.read.ticketMessages.findByIdempotencyKey(scopeOf(principal), ticketId, idempotencyKey);
    if (existing) return { created: false, message: existing };
  }
  const now = clock.now();
  const message = await store.transaction(async (repositories) => {
    const ticket = await visibleTicket(repositories, principal, ticketId);
    const eventKey = `call:${idempotencyKey ?? random.token(12)}`;
    await recordInTransaction(
      repositories,
      checkEventRequest(principal, [
        { ticketId, event: { key: eventKey, type: 'call', occurredAt: call.startedAt, channel: 'phone' } },
      ]),
      now,
    );
    return repositories.ticketMessages.insert({
      ...blankMessage(ticket, await authorOf(repositories, principal)),
      kind: 'call',
      direction: 'out',
      channel: 'phone',
      eventKey,
      text: call.summary,
      call: { caller: call.caller, startedAt: call.startedAt, durationSeconds: call.durationSeconds },
      occurredAt: call.startedAt,
      idempotencyKey: idempotencyKey ?? null,
    });
  });
  if (message === null) {
    const twin = await store.read.ticketMessages.findByIdempotencyKey(scopeOf(principal), ticketId, idempotencyKey!);
    return { created: false, message: twin! };
  }
  return { created: true, message };
}

/** Opens a ticket for a call, at the call's start, with the call logged on it as the request. */
export async function openTicketByCall(
  { store, clock }: { store: Store; clock: Clock },
  principal: Principal,
  input: OpenTicketInput,
  call: CallInput,
): Promise<OpenedTicket> {
  requirePermission(principal, 'tickets.create');
  requirePermission(principal, 'tickets.work');
  const now = clock.now();
  const opening: OpenTicketInput = {
    ...input,
    channel: 'phone',
    openedAt: call.startedAt,
    requesterName: input.requesterName ?? call.caller,
  };
  checkOpening(opening, now);
  if (opening.idempotencyKey) {
    const existing = await store.read.tickets.findByIdempotencyKey(scopeOf(principal), opening.idempotencyKey);
    if (existing !== null) return concurrentTwin(store, principal, opening);
  }
  const opened = await store.transaction(async (repositories) => {
    const result = await openTicketIn(repositories, principal, opening, now);
    if (result === null) return null;
    await repositories.ticketMessages.insert({
      ...blankMessage(result.ticket, await authorOf(repositories, principal)),
      kind: 'call',
      direction: 'in',
      channel: 'phone',
      eventKey: 'opened',
      text: call.summary,
      call: { caller: call.caller, startedAt: call.startedAt, durationSeconds: call.durationSeconds },
      occurredAt: call.startedAt,
      idempotencyKey: null,
    });
    return result;
  });
  return opened ?? concurrentTwin(store, principal, opening);
}
