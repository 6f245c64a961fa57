/**
 * Reading a ticket's conversation (docs/mail.md#the-conversation): every message, oldest first. A customer
 * representative sees the public messages (replies in and out, logged calls), never internal notes nor automatic mail;
 * attachments download for whoever may see the message they came with.
 */
import { type Principal, requirePermission, scopeOf } from '../access/principal.ts';
import { AppError, notFound } from '../app-error.ts';
import type { Store } from '../ports/store.ts';
import type { AttachmentSummary, MessageKind, TicketMessageRecord } from '../ports/ticket-message-repository.ts';

/** The kinds a customer representative may see. */
export const publicMessageKinds: readonly MessageKind[] = ['reply', 'call'];

export function visibleKinds(principal: Principal): readonly MessageKind[] | undefined {
  return principal.customerId === null && principal.role !== 'customer' ? undefined : publicMessageKinds;
}

export async function listTicketMessages(
  store: Store,
  principal: Principal,
  ticketId: string,
): Promise<TicketMessageRecord[]> {
  requirePermission(principal, 'tickets.read');
  const ticket = await store.read.tickets.get(scopeOf(principal), ticketId);
  if (!ticket) throw notFound('ticket', ticketId);
  return store.read.ticketMessages.listOf(scopeOf(principal), ticketId, visibleKinds(principal));
}

export async function downloadAttachment(
  store: Store,
  principal: Principal,
  ticketId: string,
  attachmentId: string,
): Promise<{ summary: AttachmentSummary; content: Uint8Array }> {
  requirePermission(principal, 'tickets.read');
  const found = await store.read.ticketMessages.attachment(scopeOf(principal), ticketId, attachmentId);
  const kinds = visibleKinds(principal);
  if (!found || (kinds !== undefined && !kinds.includes(found.messageKind))) throw notFound('attachment', attachmentId);
  if (found.content === null) {
    throw new AppError(
      'not_found',
      'ATTACHMENT_NOT_STORED',
      `the attachment was not stored (${found.summary.omittedReason ?? 'no content'}); the original message in the intake log holds it`,
      { attachmentId, omittedReason: found.summary.omittedReason },
    );
  }
  return { summary: found.summary, content: found.content };
}
