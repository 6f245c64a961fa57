/**
 * A received e-mail kept on a ticket as one message of its conversation, with its attachments stored within the
 * limits: a file over the per-file limit, or past the per-message total, is listed with its name, type and size and
 * the reason its content was left out (the raw message in the intake log still holds it).
 */
import type { InboundMessage } from '../../core/mail/inbound-message.ts';
import type { Repositories } from '../ports/store.ts';
import type {
  MessageDirection,
  MessageKind,
  MessageRecipient,
  NewTicketAttachment,
  TicketMessageRecord,
} from '../ports/ticket-message-repository.ts';
import type { MailIntakeLimits } from './mail-intake-settings.ts';

export interface MailMessageToKeep {
  readonly workspaceId: string;
  readonly ticket: { readonly id: string; readonly customerId: string };
  readonly message: InboundMessage;
  /** The Message-ID it is known by (derived from its bytes when it had none). */
  readonly mailMessageId: string;
  readonly kind: MessageKind;
  readonly direction: MessageDirection;
  readonly eventKey: string | null;
  readonly automaticReason: string | null;
  readonly occurredAt: number;
  /** A provider user the message is from (an agent writing by e-mail). */
  readonly authorUserId?: string | null;
}

export const omittedReasons = {
  file: 'larger than the per-file limit',
  message: "over the limit of one message's attachments together",
} as const;

export async function keepMailMessage(
  repositories: Repositories,
  limits: MailIntakeLimits,
  keep: MailMessageToKeep,
): Promise<TicketMessageRecord> {
  const { message } = keep;
  const recipients: MessageRecipient[] = [
    ...message.to.map((to) => ({ address: to.address, name: to.name, kind: 'to' as const })),
    ...message.cc.map((cc) => ({ address: cc.address, name: cc.name, kind: 'cc' as const })),
  ];
  const stored = await repositories.ticketMessages.insert({
    workspaceId: keep.workspaceId,
    customerId: keep.ticket.customerId,
    ticketId: keep.ticket.id,
    kind: keep.kind,
    direction: keep.direction,
    channel: 'email',
    eventKey: keep.eventKey,
    authorUserId: keep.authorUserId ?? null,
    authorName: message.from?.name || null,
    authorAddress: message.from?.address ?? null,
    recipients,
    subject: message.subject,
    text: message.newText,
    quotedText: message.quotedText,
    html: message.html,
    mailMessageId: keep.mailMessageId,
    inReplyTo: message.inReplyTo,
    references: message.references,
    automaticReason: keep.automaticReason,
    call: null,
    deliveryState: null,
    occurredAt: keep.occurredAt,
    idempotencyKey: null,
  });
  if (stored === null) throw new Error('a message without an idempotency key cannot collide');
  await repositories.ticketMessages.addAttachments(attachmentsOf(keep, stored.id, limits));
  return stored;
}

function attachmentsOf(keep: MailMessageToKeep, messageId: string, limits: MailIntakeLimits): NewTicketAttachment[] {
  let storedBytes = 0;
  return keep.message.attachments.map((attachment) => {
    let omittedReason: string | null = null;
    if (attachment.contentOmitted || attachment.size > limits.maxAttachmentBytes) omittedReason = omittedReasons.file;
    else if (storedBytes + attachment.content.byteLength > limits.maxAttachmentBytesPerMessage) {
      omittedReason = omittedReasons.message;
    } else storedBytes += attachment.content.byteLength;
    return {
      workspaceId: keep.workspaceId,
      customerId: keep.ticket.customerId,
      ticketId: keep.ticket.id,
      messageId,
      filename: attachment.filename,
      contentType: attachment.contentType,
      size: attachment.size,
      contentId: attachment.contentId,
      inline: attachment.inline,
      content: omittedReason === null ? attachment.content : null,
      omittedReason,
    };
  });
}
