/**
 * Storage port of the conversation on a ticket: every public message in and out on any channel, internal notes,
 * logged calls and automatic mail kept with the reason it changed nothing, and their attachments.
 */
import type { DataScope } from '../access/principal.ts';

export const messageKinds = ['reply', 'note', 'call', 'automatic'] as const;
export type MessageKind = (typeof messageKinds)[number];
export type MessageDirection = 'in' | 'out';
export const messageChannels = ['email', 'portal', 'web', 'api', 'phone'] as const;
export type MessageChannel = (typeof messageChannels)[number];
export type DeliveryState = 'queued' | 'sent' | 'failed';

export interface MessageRecipient {
  readonly address: string;
  readonly name: string;
  readonly kind: 'to' | 'cc';
}

export interface CallDetails {
  readonly caller: string;
  readonly startedAt: number;
  readonly durationSeconds: number;
}

export interface NewTicketMessage {
  /** Chosen by the caller when something must point at the message before it is written (an outbox e-mail). */
  readonly id?: string | undefined;
  readonly workspaceId: string;
  readonly customerId: string;
  readonly ticketId: string;
  readonly kind: MessageKind;
  readonly direction: MessageDirection;
  readonly channel: MessageChannel;
  /** The ticket event the message recorded; null for notes and automatic mail. */
  readonly eventKey: string | null;
  readonly authorUserId: string | null;
  readonly authorName: string | null;
  readonly authorAddress: string | null;
  readonly recipients: readonly MessageRecipient[];
  readonly subject: string | null;
  readonly text: string;
  readonly quotedText: string;
  readonly html: string | null;
  readonly mailMessageId: string | null;
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
  readonly automaticReason: string | null;
  readonly call: CallDetails | null;
  readonly deliveryState: DeliveryState | null;
  readonly occurredAt: number;
  /** The request's Idempotency-Key: a retry finds the message it created. */
  readonly idempotencyKey: string | null;
}

export interface AttachmentSummary {
  readonly id: string;
  readonly filename: string | null;
  readonly contentType: string;
  readonly size: number;
  readonly inline: boolean;
  readonly contentId: string | null;
  /** Why the content is not stored (over a size limit); null when it is. */
  readonly omittedReason: string | null;
}

export interface TicketMessageRecord extends Omit<NewTicketMessage, 'id'> {
  readonly id: string;
  readonly deliveryError: string | null;
  readonly attachments: readonly AttachmentSummary[];
  readonly createdAt: number;
}

export interface NewTicketAttachment {
  readonly workspaceId: string;
  readonly customerId: string;
  readonly ticketId: string;
  readonly messageId: string;
  readonly filename: string | null;
  readonly contentType: string;
  readonly size: number;
  readonly contentId: string | null;
  readonly inline: boolean;
  /** Null when not stored (omittedReason says why). */
  readonly content: Uint8Array | null;
  readonly omittedReason: string | null;
}

/** The thread's mail identity: what a new outgoing reply answers (public replies only: no notes, no automatic mail). */
export interface ThreadTail {
  /** The Message-ID of the latest reply of the ticket that has one. */
  readonly lastMessageId: string | null;
  /** Every Message-ID of the ticket's replies, oldest first. */
  readonly messageIds: readonly string[];
  /** The References of the oldest of them: the thread as it was before it reached Covenant. */
  readonly rootReferences: readonly string[];
}

export interface TicketMessageRepository {
  /** Null when the ticket already has a message with the idempotency key. */
  insert(message: NewTicketMessage): Promise<TicketMessageRecord | null>;
  addAttachments(attachments: readonly NewTicketAttachment[]): Promise<void>;
  /** The ticket's messages of the kinds given (all when undefined), oldest first, with their attachments. */
  listOf(
    scope: DataScope,
    ticketId: string,
    kinds?: readonly MessageKind[] | undefined,
  ): Promise<TicketMessageRecord[]>;
  findByIdempotencyKey(scope: DataScope, ticketId: string, key: string): Promise<TicketMessageRecord | null>;
  threadTail(workspaceId: string, ticketId: string): Promise<ThreadTail>;
  setDelivery(workspaceId: string, id: string, state: DeliveryState, error: string | null): Promise<void>;
  /** An attachment of the ticket with its content and the kind of message it came with. */
  attachment(
    scope: DataScope,
    ticketId: string,
    attachmentId: string,
  ): Promise<{ summary: AttachmentSummary; content: Uint8Array | null; messageKind: MessageKind } | null>;
}
