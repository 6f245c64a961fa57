/**
 * The acknowledgement a mailbox may send for a request that opened a ticket: the ticket's key, its priority and the
 * instant its first response is promised by, in the requester's zone (their customer's time zone, else the zone of the
 * agreement version governing the ticket, else UTC). It is automatic mail itself (`Auto-Submitted: auto-replied`,
 * RFC 3834), threaded to the request, and is kept on the ticket as an outgoing automatic message so that an answer to
 * it finds the ticket. Never sent for automatic mail, for held or released mail, or for requests waiting in triage.
 */

import type { InboundMessage } from '../../core/mail/inbound-message.ts';
import { outgoingMessageId, referencesFor } from '../../core/mail/mail-identity.ts';
import { formatTicketKey, subjectWithTicketKey } from '../../core/mail/ticket-key.ts';
import { formatInstant } from '../../core/time/instant.ts';
import { workspaceScope } from '../access/principal.ts';
import { outboxMessageId } from '../monitoring/outbox-drafts.ts';
import type { AcknowledgementEmail } from '../ports/conversation-mail.ts';
import type { RandomSource } from '../ports/security.ts';
import type { Repositories } from '../ports/store.ts';
import type { TicketRecord } from '../ports/ticket-repository.ts';
import type { ProjectedTicket } from '../tickets/project-ticket-clocks.ts';

export const ACKNOWLEDGEMENT_KIND = 'ticket.acknowledgement';

export async function acknowledgeRequest(
  repositories: Repositories,
  services: { random: RandomSource; messageIdDomain: string },
  input: {
    readonly ticket: TicketRecord;
    readonly projection: ProjectedTicket | null;
    readonly request: InboundMessage;
    readonly requestMessageId: string;
    readonly now: number;
    /** The customer's time zone when the caller has it (null: it has none); undefined: read it. */
    readonly customerTimeZone?: string | null | undefined;
  },
): Promise<void> {
  const { ticket, request } = input;
  if (ticket.requesterEmail === null) return;
  const timeZone = await requesterTimeZone(repositories, ticket, input.customerTimeZone);
  const firstResponse = input.projection?.evaluation.clocks.find((clock) => clock.metric === 'first_response');
  const dueAt = firstResponse?.cycles.at(-1)?.dueAt ?? null;
  const mailMessageId = outgoingMessageId(services.random.token(18), services.messageIdDomain);
  const subject = subjectWithTicketKey(request.subject || ticket.title, ticket.number, { reply: true });
  const references = referencesFor([...request.references, input.requestMessageId]);
  const key = formatTicketKey(ticket.number);
  const stored = await repositories.ticketMessages.insert({
    workspaceId: ticket.workspaceId,
    customerId: ticket.customerId,
    ticketId: ticket.id,
    kind: 'automatic',
    direction: 'out',
    channel: 'email',
    eventKey: null,
    authorUserId: null,
    authorName: null,
    authorAddress: null,
    recipients: [{ address: ticket.requesterEmail, name: ticket.requesterName ?? '', kind: 'to' }],
    subject,
    text: `Acknowledgement: ${key}, priority ${ticket.priority ?? 'not set'}, first response ${
      dueAt === null ? 'not promised' : `due ${formatInstant(dueAt, timeZone)} (${timeZone})`
    }.`,
    quotedText: '',
    html: null,
    mailMessageId,
    inReplyTo: input.requestMessageId,
    references,
    automaticReason: 'acknowledgement',
    call: null,
    deliveryState: 'queued',
    occurredAt: input.now,
    idempotencyKey: null,
  });
  if (stored === null) return;
  const acknowledgement: AcknowledgementEmail = {
    ticketMessageId: stored.id,
    mailMessageId,
    subject,
    inReplyTo: input.requestMessageId,
    references,
    ticket: { id: ticket.id, key, title: ticket.title, priority: ticket.priority },
    firstResponseDueAt: dueAt,
    timeZone,
  };
  await repositories.monitoring.enqueue(
    [
      {
        id: outboxMessageId(stored.id, 'email', ticket.requesterEmail.toLowerCase()),
        workspaceId: ticket.workspaceId,
        customerId: ticket.customerId,
        channel: 'email',
        kind: ACKNOWLEDGEMENT_KIND,
        recipient: ticket.requesterEmail,
        subscriptionId: null,
        sourceId: stored.id,
        payload: { acknowledgement, ticketMessageId: stored.id },
      },
    ],
    input.now,
  );
}

async function requesterTimeZone(
  repositories: Repositories,
  ticket: TicketRecord,
  known: string | null | undefined,
): Promise<string> {
  const customerZone =
    known !== undefined
      ? known
      : ((await repositories.customers.get(workspaceScope(ticket.workspaceId), ticket.customerId))?.timezone ?? null);
  if (customerZone) return customerZone;
  if (ticket.agreementVersionId === null) return 'UTC';
  const version = await repositories.caches.frozenVersions.get(
    repositories.agreements,
    ticket.workspaceId,
    ticket.agreementVersionId,
  );
  return version?.timezone ?? 'UTC';
}
