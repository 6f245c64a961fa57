/**
 * Use-case: write on a ticket's conversation (docs/mail.md#the-conversation). An agent's public reply records an
 * `agent_reply` event and goes out by e-mail to the requester and the cc's, threaded to the ticket's mail (In-Reply-To,
 * References, the ticket key in the subject) through the transactional outbox; a customer representative's reply (the
 * portal) records a `customer_reply` event with its text; an internal note is for the provider only and never touches
 * a clock. A retried request with the same Idempotency-Key returns the message it created.
 */
import { outgoingMessageId, referencesFor } from '../../core/mail/mail-identity.ts';
import { subjectWithTicketKey } from '../../core/mail/ticket-key.ts';
import { type Principal, requirePermission, scopeOf } from '../access/principal.ts';
import { AppError, invalid, notFound } from '../app-error.ts';
import type { MailServices } from '../mail/mail-intake-settings.ts';
import { outboxMessageId } from '../monitoring/outbox-drafts.ts';
import type { ConversationReplyEmail } from '../ports/conversation-mail.ts';
import type { RandomSource } from '../ports/security.ts';
import type { Clock, Repositories, Store } from '../ports/store.ts';
import type { MessageChannel, TicketMessageRecord } from '../ports/ticket-message-repository.ts';
import type { TicketRecord } from '../ports/ticket-repository.ts';
import { appendAndProject, lockTickets } from '../tickets/project-ticket-clocks.ts';
import { checkEventRequest, FUTURE_TOLERANCE_MS, recordInTransaction } from '../tickets/record-ticket-events.ts';
import { customerReplyEvents } from './customer-reply-events.ts';

export interface ConversationDependencies {
  readonly store: Store;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly mail: Pick<MailServices, 'messageIdDomain'>;
}

export interface PostMessageInput {
  readonly kind: 'reply' | 'note';
  readonly text: string;
  /** Who else gets an agent's reply (addresses). */
  readonly cc?: readonly string[] | undefined;
  /** Default: now. */
  readonly occurredAt?: number | undefined;
  readonly idempotencyKey?: string | undefined;
}

export const REPLY_EMAIL_KIND = 'ticket.reply';

export async function postTicketMessage(
  dependencies: ConversationDependencies,
  principal: Principal,
  ticketId: string,
  input: PostMessageInput,
): Promise<{ created: boolean; message: TicketMessageRecord }> {
  const fromCustomer = principal.customerId !== null || principal.role === 'customer';
  if (input.kind === 'note') requirePermission(principal, 'tickets.note');
  else requirePermission(principal, fromCustomer ? 'tickets.customer_events' : 'tickets.work');
  if (fromCustomer && (input.cc?.length ?? 0) > 0) {
    throw invalid('CC_NOT_ALLOWED', "a customer's reply is not e-mailed; send it without cc");
  }
  const { store, clock } = dependencies;
  const existing = await replayed(store, principal, ticketId, input.idempotencyKey);
  if (existing) return { created: false, message: existing };
  const now = clock.now();
  const occurredAt = input.occurredAt ?? now;
  const message = await store.transaction(async (repositories) => {
    const author = await authorOf(repositories, principal);
    if (input.kind === 'note') {
      const ticket = await visibleTicket(repositories, principal, ticketId);
      checkInstant(occurredAt, ticket, now);
      return repositories.ticketMessages.insert({
        ...blankMessage(ticket, author),
        kind: 'note',
        direction: 'out',
        channel: principal.userId === null ? 'api' : 'web',
        text: input.text,
        occurredAt,
        idempotencyKey: input.idempotencyKey ?? null,
      });
    }
    const ticket = await visibleTicket(repositories, principal, ticketId);
    const mailed = !fromCustomer && (ticket.requesterEmail !== null || (input.cc?.length ?? 0) > 0);
    const channel: MessageChannel = mailed
      ? 'email'
      : principal.userId === null
        ? 'api'
        : fromCustomer
          ? 'portal'
          : 'web';
    const eventKey = `message:${input.idempotencyKey ?? dependencies.random.token(12)}`;
    checkInstant(occurredAt, ticket, now);
    if (fromCustomer) {
      // The customer answering ends a wait for the customer: the status moves back to open with the reply.
      const locked = await lockTickets(repositories, principal.workspaceId, [ticketId]);
      const events = await customerReplyEvents(repositories, locked.tickets[0] ?? ticket, {
        key: eventKey,
        occurredAt,
        channel,
      });
      const actor = { actorUserId: principal.userId, actorTokenId: principal.tokenId };
      await appendAndProject(
        repositories,
        principal.workspaceId,
        locked,
        events.map((event) => ({ ticketId, customerId: ticket.customerId, event, ...actor })),
        now,
      );
    } else {
      await recordInTransaction(
        repositories,
        checkEventRequest(principal, [
          { ticketId, event: { key: eventKey, type: 'agent_reply', occurredAt, channel } },
        ]),
        now,
      );
    }
    if (!mailed) {
      return repositories.ticketMessages.insert({
        ...blankMessage(ticket, author),
        kind: 'reply',
        direction: fromCustomer ? 'in' : 'out',
        channel,
        eventKey,
        text: input.text,
        occurredAt,
        idempotencyKey: input.idempotencyKey ?? null,
      });
    }
    return sendReply(repositories, dependencies, { ticket, author, input, eventKey, occurredAt, now });
  });
  if (message !== null) return { created: true, message };
  // A concurrent request with the same key won: it created the message.
  const twin = await replayed(store, principal, ticketId, input.idempotencyKey);
  if (!twin) throw new Error('a message without its key was refused as a duplicate');
  return { created: false, message: twin };
}

interface Author {
  readonly userId: string | null;
  readonly name: string;
  readonly address: string | null;
}

/** The agent's reply as a message with its e-mail queued in the outbox (delivery `queued` until sent). */
async function sendReply(
  repositories: Repositories,
  dependencies: ConversationDependencies,
  reply: {
    ticket: TicketRecord;
    author: Author;
    input: PostMessageInput;
    eventKey: string;
    occurredAt: number;
    now: number;
  },
): Promise<TicketMessageRecord | null> {
  const { ticket, author, input } = reply;
  const tail = await repositories.ticketMessages.threadTail(ticket.workspaceId, ticket.id);
  const mailMessageId = outgoingMessageId(dependencies.random.token(18), dependencies.mail.messageIdDomain);
  const subject = subjectWithTicketKey(ticket.title, ticket.number, { reply: true });
  const cc = [...new Set((input.cc ?? []).map((address) => address.toLowerCase()))];
  const to = ticket.requesterEmail ?? cc[0]!;
  const copies = cc.filter((address) => address !== to.toLowerCase());
  const references = referencesFor([...new Set([...tail.rootReferences, ...tail.messageIds])]);
  const stored = await repositories.ticketMessages.insert({
    ...blankMessage(ticket, author),
    kind: 'reply',
    direction: 'out',
    channel: 'email',
    eventKey: reply.eventKey,
    recipients: [
      { address: to, name: to === ticket.requesterEmail ? (ticket.requesterName ?? '') : '', kind: 'to' },
      ...copies.map((address) => ({ address, name: '', kind: 'cc' as const })),
    ],
    subject,
    text: input.text,
    mailMessageId,
    inReplyTo: tail.lastMessageId,
    references,
    deliveryState: 'queued',
    occurredAt: reply.occurredAt,
    idempotencyKey: input.idempotencyKey ?? null,
  });
  if (stored === null) return null;
  const email: ConversationReplyEmail = {
    ticketMessageId: stored.id,
    mailMessageId,
    subject,
    inReplyTo: tail.lastMessageId,
    references,
    text: input.text,
    cc: copies,
    authorName: author.name,
  };
  await repositories.monitoring.enqueue(
    [
      {
        id: outboxMessageId(stored.id, 'email', to.toLowerCase()),
        workspaceId: ticket.workspaceId,
        customerId: ticket.customerId,
        channel: 'email',
        kind: REPLY_EMAIL_KIND,
        recipient: to,
        subscriptionId: null,
        sourceId: stored.id,
        payload: { reply: email, ticketMessageId: stored.id },
      },
    ],
    reply.now,
  );
  return stored;
}

async function replayed(
  store: Store,
  principal: Principal,
  ticketId: string,
  key: string | undefined,
): Promise<TicketMessageRecord | null> {
  if (key === undefined) return null;
  return store.read.ticketMessages.findByIdempotencyKey(scopeOf(principal), ticketId, key);
}

export async function visibleTicket(
  repositories: Repositories,
  principal: Principal,
  ticketId: string,
): Promise<TicketRecord> {
  const ticket = await repositories.tickets.get(scopeOf(principal), ticketId);
  if (!ticket) throw notFound('ticket', ticketId);
  return ticket;
}

export function checkInstant(occurredAt: number, ticket: TicketRecord, now: number): void {
  if (occurredAt > now + FUTURE_TOLERANCE_MS) {
    throw invalid('EVENT_IN_FUTURE', 'occurredAt is in the future; record messages when they have happened');
  }
  if (occurredAt < ticket.openedAt) throw invalid('EVENT_BEFORE_OPENING', 'occurredAt is before the ticket was opened');
}

export async function authorOf(repositories: Repositories, principal: Principal): Promise<Author> {
  if (principal.userId === null) return { userId: null, name: principal.label, address: null };
  const user = await repositories.users.get(principal.workspaceId, principal.userId);
  if (!user) throw new AppError('unauthenticated', 'UNAUTHENTICATED', 'the signed-in user no longer exists');
  return { userId: user.id, name: user.name, address: user.email };
}

/** The fields every message of the ticket starts from. */
export function blankMessage(ticket: TicketRecord, author: Author) {
  return {
    workspaceId: ticket.workspaceId,
    customerId: ticket.customerId,
    ticketId: ticket.id,
    eventKey: null,
    authorUserId: author.userId,
    authorName: author.name,
    authorAddress: author.address,
    recipients: [],
    subject: null,
    quotedText: '',
    html: null,
    mailMessageId: null,
    inReplyTo: null,
    references: [],
    automaticReason: null,
    call: null,
    deliveryState: null,
  } as const;
}
