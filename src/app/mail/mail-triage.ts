/**
 * Requests waiting in triage (docs/mail.md#what-intake-does-with-a-message): mail from senders no customer is known for (or several are, or the
 * customer has several agreements in force). They count as "not measured: customer unknown" until a manager names the
 * customer: the ticket is then opened at the first message's arrival, so it is measured from when the customer asked,
 * and every later message of the thread is recorded on it as a customer reply at its own arrival. The manager may
 * remember the sender as a contact of the customer, or its domain as one of the customer's e-mail domains.
 */

import type { InboundMessage } from '../../core/mail/inbound-message.ts';
import { domainOfAddress } from '../../core/mail/mail-identity.ts';
import { formatTicketKey } from '../../core/mail/ticket-key.ts';
import { type Principal, requirePermission, scopeOf } from '../access/principal.ts';
import { conflict, invalid, notFound } from '../app-error.ts';
import { recordChange } from '../audit/record-change.ts';
import { requireClaimableAddress, requireClaimableDomain } from '../customers/manage-customers.ts';
import type { InboundMailWithRaw, MailboxRecord } from '../ports/mail-repository.ts';
import type { Repositories, Store } from '../ports/store.ts';
import type { EventToRecord } from '../ports/ticket-repository.ts';
import { openTicketIn } from '../tickets/open-ticket.ts';
import { appendAndProject, lockTickets } from '../tickets/project-ticket-clocks.ts';
import { keepMailMessage } from './keep-mail-message.ts';
import type { MailIntakeDependencies, MailServices } from './mail-intake-settings.ts';
import { detachedMailbox } from './mail-log.ts';
import { titleOf } from './route-inbound-message.ts';

export interface TriageEntry {
  readonly id: string;
  readonly receivedAt: number;
  readonly from: string | null;
  readonly subject: string | null;
  /** The start of the request's text. */
  readonly text: string;
  readonly messages: number;
  readonly suggestedCustomers: readonly { id: string; name: string }[];
  readonly reason: string | null;
}

const TEXT_PREVIEW = 2000;

export async function listTriage(
  { store, mail }: { store: Store; mail: MailServices },
  principal: Principal,
  limit: number,
): Promise<TriageEntry[]> {
  requirePermission(principal, 'mail.triage');
  const waiting = await store.read.inboundMail.triage(principal.workspaceId, limit);
  return Promise.all(
    waiting.map(async ({ root, messages }) => {
      const raw = await store.read.inboundMail.rawOf(principal.workspaceId, root.id);
      const parsed = raw === null ? null : await parsedOrNull(mail, raw);
      const suggestions = root.fromAddress
        ? await store.read.senders.customersOf(principal.workspaceId, root.fromAddress)
        : [];
      const named =
        root.customerId === null ? null : await store.read.customers.get(scopeOf(principal), root.customerId);
      const suggestedCustomers = [
        ...(named ? [{ id: named.id, name: named.name }] : []),
        ...suggestions
          .filter((customer) => customer.customerId !== named?.id)
          .map((candidate) => ({ id: candidate.customerId, name: candidate.customer.name })),
      ];
      return {
        id: root.id,
        receivedAt: root.receivedAt,
        from: root.fromAddress,
        subject: root.subject,
        text: (parsed?.newText ?? '').slice(0, TEXT_PREVIEW),
        messages,
        suggestedCustomers,
        reason: root.reason,
      };
    }),
  );
}

export interface TriageAssignment {
  readonly customerId: string;
  readonly agreementId?: string | undefined;
  readonly rememberSender?: 'contact' | 'domain' | null | undefined;
}

export async function assignTriage(
  dependencies: MailIntakeDependencies,
  principal: Principal,
  rootId: string,
  assignment: TriageAssignment,
): Promise<{ ticketId: string; ticketKey: string }> {
  requirePermission(principal, 'mail.triage');
  requirePermission(principal, 'tickets.create');
  const { store, clock, mail } = dependencies;
  return store.transaction(async (repositories) => {
    const thread = await repositories.inboundMail.lockTriageThread(principal.workspaceId, rootId);
    if (thread.length === 0) {
      const root = await repositories.inboundMail.get(principal.workspaceId, rootId);
      if (root?.triageRootId === rootId && root.ticketId !== null) {
        throw conflict('TRIAGE_ALREADY_ASSIGNED', 'the request was already assigned; its ticket is open', {
          ticketId: root.ticketId,
        });
      }
      throw notFound('triage request', rootId);
    }
    const now = clock.now();
    const root = thread[0]!;
    const mailbox =
      (root.mailboxId === null ? null : await repositories.mailboxes.get(principal.workspaceId, root.mailboxId)) ??
      detachedMailbox(principal.workspaceId);
    const messages = await Promise.all(thread.map((entry) => parsedMessage(mail, mailbox, entry)));
    const first = messages[0]!;
    const requester = first.replyTo[0] ?? first.from;
    const opened = await openTicketIn(
      repositories,
      principal,
      {
        customerId: assignment.customerId,
        agreementId: assignment.agreementId,
        title: titleOf(first.subject),
        description: first.newText.slice(0, 20_000),
        channel: 'email',
        service: mailbox.service ?? undefined,
        category: mailbox.category ?? undefined,
        openedAt: root.receivedAt,
        requesterEmail: requester?.address ?? null,
        requesterName: requester?.name || null,
      },
      now,
    );
    if (opened === null) throw new Error('a ticket opened from triage has no idempotency key to collide on');
    const { ticket } = opened;
    const keep = (entry: InboundMailWithRaw, message: InboundMessage, eventKey: string) =>
      keepMailMessage(repositories, mail.limits, {
        workspaceId: principal.workspaceId,
        ticket,
        message,
        mailMessageId: entry.mailMessageId,
        kind: 'reply',
        direction: 'in',
        eventKey,
        automaticReason: null,
        occurredAt: Math.max(entry.receivedAt, ticket.openedAt),
      });
    await keep(root, first, 'opened');
    const replies: EventToRecord[] = [];
    for (const [index, entry] of thread.entries()) {
      if (index === 0) continue;
      const eventKey = `mail:${entry.id}`;
      replies.push({
        ticketId: ticket.id,
        customerId: ticket.customerId,
        event: {
          id: eventKey,
          type: 'customer_reply',
          occurredAt: Math.max(entry.receivedAt, ticket.openedAt),
          channel: 'email',
        },
        actorUserId: principal.userId,
        actorTokenId: principal.tokenId,
      });
      await keep(entry, messages[index]!, eventKey);
    }
    if (replies.length > 0) {
      const locked = await lockTickets(repositories, principal.workspaceId, [ticket.id]);
      await appendAndProject(repositories, principal.workspaceId, locked, replies, now);
    }
    for (const entry of thread) {
      await repositories.inboundMail.settle(principal.workspaceId, entry.id, {
        outcome: 'triage',
        reason: 'assigned',
        ticketId: ticket.id,
        customerId: ticket.customerId,
        triageRootId: rootId,
      });
    }
    await rememberSender(repositories, principal, now, assignment, first);
    await recordChange(repositories, principal, now, {
      action: 'mail.triage.assigned',
      entityType: 'inbound_mail',
      entityId: rootId,
      customerId: ticket.customerId,
      after: { ticketId: ticket.id, messages: thread.length, rememberSender: assignment.rememberSender ?? null },
    });
    return { ticketId: ticket.id, ticketKey: formatTicketKey(ticket.number) };
  });
}

async function rememberSender(
  repositories: Repositories,
  principal: Principal,
  now: number,
  assignment: TriageAssignment,
  message: InboundMessage,
): Promise<void> {
  const address = message.from?.address;
  if (!assignment.rememberSender || !address) return;
  if (assignment.rememberSender === 'contact') {
    const contacts = await repositories.customers.listContacts(scopeOf(principal), assignment.customerId);
    if (contacts.some((contact) => contact.email.toLowerCase() === address)) return;
    await requireClaimableAddress(repositories.customers, principal.workspaceId, address, 'rememberSender');
    const contact = await repositories.customers.addContact(principal.workspaceId, assignment.customerId, {
      name: message.from?.name || address,
      email: address,
      title: null,
      phone: null,
      role: null,
      signatory: false,
    });
    await recordChange(repositories, principal, now, {
      action: 'contact.created',
      entityType: 'contact',
      entityId: contact.id,
      customerId: assignment.customerId,
      after: { name: contact.name, email: contact.email },
    });
    return;
  }
  const domain = domainOfAddress(address);
  if (domain === null) throw invalid('SENDER_HAS_NO_DOMAIN', `the sender ${address} has no domain to remember`);
  await requireClaimableDomain(
    repositories.customers,
    principal.workspaceId,
    assignment.customerId,
    domain,
    'rememberSender',
  );
  await repositories.senders.addEmailDomain(principal.workspaceId, assignment.customerId, domain);
  await recordChange(repositories, principal, now, {
    action: 'customer.email_domain_added',
    entityType: 'customer',
    entityId: assignment.customerId,
    customerId: assignment.customerId,
    after: { emailDomain: domain },
  });
}

async function parsedMessage(
  mail: MailServices,
  mailbox: MailboxRecord,
  entry: InboundMailWithRaw,
): Promise<InboundMessage> {
  if (entry.raw === null) throw conflict('MAIL_RAW_MISSING', `message ${entry.id} was not kept; it cannot be taken in`);
  return mail.parser.parse(entry.raw, {
    listMailIsAutomatic: mailbox.listMailIsAutomatic,
    maxAttachmentBytes: mail.limits.maxAttachmentBytes,
  });
}

async function parsedOrNull(mail: MailServices, raw: Uint8Array): Promise<InboundMessage | null> {
  try {
    return await mail.parser.parse(raw, { listMailIsAutomatic: true, maxAttachmentBytes: 0 });
  } catch {
    return null;
  }
}
