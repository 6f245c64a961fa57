/**
 * What intake does with a message once its log row is taken (docs/mail.md#what-intake-does-with-a-message), inside
 * that same transaction: loop protection, automatic mail, replies (by Message-ID references, else by the ticket key
 * in the subject when the sender may write on that ticket), new tickets, and triage for senders no customer is known
 * for. Every branch answers the settlement of the log row; tickets, events and messages are written on the way.
 */

import type { InboundMessage } from '../../core/mail/inbound-message.ts';
import { domainOfAddress, threadMessageIds } from '../../core/mail/mail-identity.ts';
import { ticketNumberInSubject } from '../../core/mail/ticket-key.ts';
import { type Principal, systemPrincipal, workspaceScope } from '../access/principal.ts';
import { AppError } from '../app-error.ts';
import { customerReplyEvents } from '../conversation/customer-reply-events.ts';
import type { CustomerRecord } from '../ports/customer-repository.ts';
import type {
  InboundMailRecord,
  InboundSettlement,
  MailboxRecord,
  SenderCustomer,
  ThreadMatch,
} from '../ports/mail-repository.ts';
import type { Repositories } from '../ports/store.ts';
import type { TicketRecord } from '../ports/ticket-repository.ts';
import { openTicketIn } from '../tickets/open-ticket.ts';
import { appendAndProject, lockTickets, type ProjectedTicket } from '../tickets/project-ticket-clocks.ts';
import { keepMailMessage } from './keep-mail-message.ts';
import type { MailIntakeLimits } from './mail-intake-settings.ts';

export interface InboundContext {
  readonly workspaceId: string;
  readonly mailbox: MailboxRecord;
  readonly inbound: InboundMailRecord;
  readonly message: InboundMessage;
  /** When the message arrived: tickets open and events happen at this instant. */
  readonly arrivedAt: number;
  /** The application clock now (when it is recorded). */
  readonly now: number;
  /**
   * Messages from the sender within the loop window, this one included; null when taken in again by a manager (a held
   * message released): no loop check then.
   */
  readonly recentFromSender: number | null;
  readonly limits: MailIntakeLimits;
}

export interface RoutedMessage {
  readonly settlement: InboundSettlement;
  /** The ticket the message opened or joined. */
  readonly ticket: TicketRecord | null;
  /** Set when the message opened the ticket: its clocks as opened (for the acknowledgement). */
  readonly opened: ProjectedTicket | null;
  /** The time zone of the customer of a ticket the message opened (null: none set), for the acknowledgement. */
  readonly customerTimeZone?: string | null;
}

/** Loop protection counts a sender's messages over this window. */
export const LOOP_WINDOW_MS = 60_000;

/** The principal intake acts as: the system, named after the mailbox in the audit log. */
export function mailboxPrincipal(workspaceId: string, mailbox: Pick<MailboxRecord, 'name'>): Principal {
  return systemPrincipal(workspaceId, `mailbox ${mailbox.name}`);
}

export async function routeInboundMessage(repositories: Repositories, context: InboundContext): Promise<RoutedMessage> {
  const { message, workspaceId } = context;
  const sender = message.from?.address ?? '';
  if (sender === '' || domainOfAddress(sender) === null) return settled('ignored', 'no_sender');
  if (context.recentFromSender !== null && context.recentFromSender > context.limits.senderMessagesPerMinute) {
    return settled('held', 'sender_loop');
  }
  // One look-up for the message's own id and those it refers to: its own id comes first, so it wins when known.
  const references = threadMessageIds(message);
  const own = message.messageId;
  const match = await repositories.inboundMail.findThread(
    workspaceId,
    own === null ? references : [own, ...references],
  );
  if (own !== null && match?.index === 0) {
    // A Message-ID Covenant itself sent (its own reply, copied into the mailbox): nothing to take in.
    return settled('ignored', 'own_message');
  }
  const thread = await findTicketOrTriage(repositories, context, match);
  if (message.automatic) {
    const reason = message.automaticReason ?? 'automatic';
    if (thread?.ticketId == null) return settled('ignored', reason);
    const ticket = await repositories.tickets.get(workspaceScope(workspaceId), thread.ticketId);
    if (ticket === null) return settled('ignored', reason);
    await keep(repositories, context, ticket, { kind: 'automatic', direction: 'in', eventKey: null, reason });
    return { ...settled('automatic', reason, ticket), ticket };
  }
  if (thread?.ticketId) return replyOnTicket(repositories, context, thread.ticketId, thread.via);
  if (thread?.triageRootId) {
    return {
      settlement: {
        outcome: 'triage',
        reason: 'thread_in_triage',
        ticketId: null,
        customerId: null,
        triageRootId: thread.triageRootId,
      },
      ticket: null,
      opened: null,
    };
  }
  return newRequest(repositories, context);
}

/** The thread the message answers: by its references, else by the ticket key in its subject (if the sender may). */
async function findTicketOrTriage(
  repositories: Repositories,
  context: InboundContext,
  match: ThreadMatch | null,
): Promise<{ ticketId: string | null; triageRootId: string | null; via: 'thread' | 'subject_key' } | null> {
  const { message, workspaceId } = context;
  if (match) return { ticketId: match.ticketId, triageRootId: match.triageRootId, via: 'thread' };
  const number = ticketNumberInSubject(message.subject);
  if (number === null) return null;
  const ticketId = await repositories.senders.ticketIdByNumber(workspaceId, number);
  if (ticketId === null) return null;
  const ticket = await repositories.tickets.get(workspaceScope(workspaceId), ticketId);
  if (ticket === null || !(await mayWriteOn(repositories, workspaceId, message.from!.address, ticket))) return null;
  return { ticketId, triageRootId: null, via: 'subject_key' };
}

/** Who may reach a ticket by its key alone: its requester, its customer's contacts and domains, the provider's users. */
async function mayWriteOn(
  repositories: Repositories,
  workspaceId: string,
  address: string,
  ticket: TicketRecord,
): Promise<boolean> {
  if (ticket.requesterEmail !== null && ticket.requesterEmail.toLowerCase() === address) return true;
  const customers = await repositories.senders.customersOf(workspaceId, address);
  if (customers.some((customer) => customer.customerId === ticket.customerId)) return true;
  return (await repositories.senders.providerUser(workspaceId, address)) !== null;
}

/**
 * A reply on a ticket. From a customer: a customer reply (a resolved ticket is reopened first; a closed or cancelled
 * one gets a follow-up ticket instead). From one of the provider's users: an agent's public reply when the requester
 * is among its recipients (they received it), else an internal note (decision 0039).
 */
async function replyOnTicket(
  repositories: Repositories,
  context: InboundContext,
  ticketId: string,
  via: 'thread' | 'subject_key',
): Promise<RoutedMessage> {
  const { workspaceId, message, inbound } = context;
  const locked = await lockTickets(repositories, workspaceId, [ticketId]);
  const ticket = locked.tickets[0];
  if (!ticket) return newRequest(repositories, context);
  const sender = message.from!.address;
  const at = Math.max(context.arrivedAt, ticket.openedAt);
  const eventKey = `mail:${inbound.id}`;
  const agent = await repositories.senders.providerUser(workspaceId, sender);
  if (agent !== null) {
    const requester = ticket.requesterEmail?.toLowerCase();
    const addressed = [...message.to, ...message.cc].some((recipient) => recipient.address === requester);
    if (!addressed) {
      await keep(repositories, context, ticket, {
        kind: 'note',
        direction: 'out',
        eventKey: null,
        authorUserId: agent.id,
      });
      return { ...settled('reply', 'agent_note', ticket), ticket };
    }
    await appendAndProject(
      repositories,
      workspaceId,
      locked,
      [eventOn(ticket, { id: eventKey, type: 'agent_reply', occurredAt: at, channel: 'email' })],
      context.now,
    );
    await keep(repositories, context, ticket, { kind: 'reply', direction: 'out', eventKey, authorUserId: agent.id });
    return { ...settled('reply', 'agent_reply', ticket), ticket };
  }
  if (ticket.lifecycle === 'closed' || ticket.lifecycle === 'cancelled') {
    return openTicketFor(repositories, context, ticket.customerId, 'follow_up');
  }
  const reopen = ticket.lifecycle === 'resolved';
  const reply = await customerReplyEvents(repositories, ticket, { key: eventKey, occurredAt: at, channel: 'email' });
  await appendAndProject(
    repositories,
    workspaceId,
    locked,
    [
      ...(reopen
        ? [eventOn(ticket, { id: `${eventKey}:reopened`, type: 'reopened', occurredAt: at, channel: 'email' })]
        : []),
      ...reply.map((event) => eventOn(ticket, event)),
    ],
    context.now,
  );
  await keep(repositories, context, ticket, { kind: 'reply', direction: 'in', eventKey });
  return { ...settled('reply', reopen ? 'reopened' : via, ticket), ticket };
}

/** A message that answers nothing: a new ticket for the sender's customer, or triage when none (or several) fits. */
async function newRequest(repositories: Repositories, context: InboundContext): Promise<RoutedMessage> {
  if (context.mailbox.customerId !== null) {
    return openTicketFor(repositories, context, context.mailbox.customerId, 'customer_of_mailbox');
  }
  const customers: SenderCustomer[] = await repositories.senders.customersOf(
    context.workspaceId,
    context.message.from!.address,
  );
  if (customers.length === 1) {
    const [match] = customers;
    return openTicketFor(repositories, context, match!.customerId, `customer_by_${match!.matchedBy}`, match!.customer);
  }
  return triage(context, customers.length === 0 ? 'customer_unknown' : 'customer_ambiguous', null);
}

async function openTicketFor(
  repositories: Repositories,
  context: InboundContext,
  customerId: string,
  reason: string,
  customer?: CustomerRecord,
): Promise<RoutedMessage> {
  const { message, mailbox, workspaceId } = context;
  // Replies go where the sender asked them to go (Reply-To); the sender (From) is who the request is from.
  const replyTo = message.replyTo[0];
  const requester = replyTo ?? message.from!;
  let opened: Awaited<ReturnType<typeof openTicketIn>>;
  try {
    opened = await openTicketIn(
      repositories,
      mailboxPrincipal(workspaceId, mailbox),
      {
        customerId,
        title: titleOf(message.subject),
        description: message.newText.slice(0, MAX_DESCRIPTION),
        channel: 'email',
        service: mailbox.service ?? undefined,
        category: mailbox.category ?? undefined,
        openedAt: context.arrivedAt,
        requesterEmail: requester.address,
        requesterName: requester.name || message.from!.name || null,
      },
      context.now,
      { customer },
    );
  } catch (error) {
    // The customer has several agreements in force and the mail cannot say which: a manager decides in triage.
    if (error instanceof AppError && error.code === 'AGREEMENT_AMBIGUOUS') {
      return triage(context, 'agreement_ambiguous', customerId);
    }
    throw error;
  }
  if (opened === null) throw new Error('a ticket opened by mail has no idempotency key to collide on');
  const { ticket, projection } = opened;
  await keep(repositories, context, ticket, { kind: 'reply', direction: 'in', eventKey: 'opened' });
  return {
    ...settled('new_ticket', reason, ticket),
    ticket,
    opened: projection,
    customerTimeZone: opened.customer?.timezone ?? null,
  };
}

const MAX_TITLE = 500;
const MAX_DESCRIPTION = 20_000;

export function titleOf(subject: string): string {
  const title = subject.replace(/\s+/g, ' ').trim();
  return title === '' ? '(no subject)' : title.slice(0, MAX_TITLE);
}

function triage(context: InboundContext, reason: string, customerId: string | null): RoutedMessage {
  return {
    settlement: { outcome: 'triage', reason, ticketId: null, customerId, triageRootId: context.inbound.id },
    ticket: null,
    opened: null,
  };
}

function settled(
  outcome: InboundSettlement['outcome'],
  reason: string,
  ticket: TicketRecord | null = null,
): RoutedMessage {
  return {
    settlement: {
      outcome,
      reason,
      ticketId: ticket?.id ?? null,
      customerId: ticket?.customerId ?? null,
      triageRootId: null,
    },
    ticket,
    opened: null,
  };
}

function eventOn(ticket: TicketRecord, event: Parameters<typeof appendAndProject>[3][number]['event']) {
  return { ticketId: ticket.id, customerId: ticket.customerId, event, actorUserId: null, actorTokenId: null };
}

async function keep(
  repositories: Repositories,
  context: InboundContext,
  ticket: TicketRecord,
  how: {
    kind: 'reply' | 'note' | 'automatic';
    direction: 'in' | 'out';
    eventKey: string | null;
    reason?: string;
    authorUserId?: string;
  },
): Promise<void> {
  await keepMailMessage(repositories, context.limits, {
    workspaceId: context.workspaceId,
    ticket,
    message: context.message,
    mailMessageId: context.inbound.mailMessageId,
    kind: how.kind,
    direction: how.direction,
    eventKey: how.eventKey,
    automaticReason: how.reason ?? null,
    occurredAt: Math.max(context.arrivedAt, ticket.openedAt),
    authorUserId: how.authorUserId ?? null,
  });
}
