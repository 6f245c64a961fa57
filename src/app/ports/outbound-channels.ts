/**
 * The ways effects leave Covenant: e-mail and webhooks. The outbox delivery job (src/jobs) calls these after the
 * transaction that decided the effect has committed; adapters live in src/notify. A failed delivery says whether a
 * later attempt may succeed, so the job retries transient failures with backoff and dead-letters permanent ones.
 */

import type { AcknowledgementEmail, ConversationReplyEmail } from './conversation-mail.ts';
import type { ClockAlert, RenderedEmail, ReportReady } from './notification-content.ts';

export interface EmailAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly content: Uint8Array;
}

/**
 * RFC 3834: `auto-generated` for notifications (alerts, reports), `auto-replied` for an acknowledgement of a request,
 * null for a person's message (an agent's reply), which must look like one: auto-responders answer it.
 */
export type AutoSubmitted = 'auto-generated' | 'auto-replied' | null;

export interface EmailMessage {
  readonly to: readonly string[];
  readonly cc?: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /**
   * Stable across retries (the outbox message id), so receivers and logs can spot a repeat; a full `<id@domain>` is
   * sent as it is (a conversation message's Message-ID, stored on the ticket).
   */
  readonly messageId: string;
  readonly attachments?: readonly EmailAttachment[];
  /** Threading: the Message-ID answered, and the thread's Message-IDs oldest first. */
  readonly inReplyTo?: string | null;
  readonly references?: readonly string[];
  /** Default `auto-generated`. */
  readonly autoSubmitted?: AutoSubmitted;
}

export interface WebhookRequest {
  readonly url: string;
  /** The subscription's signing secret. */
  readonly secret: string;
  /** Stable across retries: receivers deduplicate on it. */
  readonly deliveryId: string;
  readonly eventType: string;
  readonly payload: unknown;
  /**
   * Older secrets still valid during a rotation window: the request is signed with each of them as well (several
   * `v1=` values), so a receiver that has not switched to the new secret yet still accepts it.
   */
  readonly previousSecrets?: readonly string[];
  /** When the event happened (epoch ms), the body's `createdAt`, stable across retries; defaults to the attempt's `now`. */
  readonly createdAt?: number;
}

export type DeliveryOutcome =
  | { readonly ok: true; readonly detail: string; readonly status?: number }
  | { readonly ok: false; readonly retryable: boolean; readonly detail: string; readonly status?: number };

export interface EmailSender {
  send(message: EmailMessage): Promise<DeliveryOutcome>;
}

export interface WebhookSender {
  /** Sends one signed POST; `now` (epoch ms) is the signature timestamp. */
  deliver(request: WebhookRequest, now: number): Promise<DeliveryOutcome>;
}

/** Renders stored notification content for a channel (adapters in src/notify; wired by main). */
export interface NotificationRenderer {
  clockAlertEmail(alert: ClockAlert, options: { recipientTimeZone: string; baseUrl: string }): RenderedEmail;
  reportReadyEmail(report: ReportReady, options: { recipientTimeZone: string; baseUrl: string }): RenderedEmail;
  /** An agent's reply on a ticket: their text as written. */
  conversationReplyEmail(reply: ConversationReplyEmail): RenderedEmail;
  /** The acknowledgement of a request that opened a ticket. */
  acknowledgementEmail(acknowledgement: AcknowledgementEmail, options: { baseUrl: string }): RenderedEmail;
  /** The `data` object of a webhook for an outbox message's kind and payload. */
  webhookData(kind: string, payload: unknown): unknown;
}

/**
 * Where webhooks may go (decision 0034): never to this server's own network (loopback, private, link-local and other
 * internal addresses) unless the operator allow-listed the host. `refusalOf` judges a URL as written (an address
 * literal, `localhost`); the sender judges again every address a name resolves to, at every connection.
 */
export interface WebhookDestinationPolicy {
  /** Why webhooks may not be sent to this URL's host, in a short sentence; null when it may be tried. */
  refusalOf(url: URL): string | null;
}
