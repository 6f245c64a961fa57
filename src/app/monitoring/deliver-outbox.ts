/**
 * Use-case: deliver what the outbox holds (decision 0012). Messages are claimed with a lease (a crashed sender's
 * claim expires and another takes over), sent, and then marked delivered, retried later with exponential backoff,
 * or dead-lettered with the reason after the last attempt or a permanent refusal. Delivery is at least once: a crash
 * between the send and its record repeats the send with the same message id (e-mail Message-ID, webhook id), which
 * receivers use to recognise the repeat.
 */

import type { AcknowledgementEmail, ConversationReplyEmail } from '../ports/conversation-mail.ts';
import type { MonitoringRepository, OutboxMessage, OutboxStatus } from '../ports/monitoring-repository.ts';
import type { ClockAlert, ReportReady } from '../ports/notification-content.ts';
import type {
  DeliveryOutcome,
  EmailAttachment,
  EmailMessage,
  EmailSender,
  NotificationRenderer,
  WebhookSender,
} from '../ports/outbound-channels.ts';
import type { Clock, Store } from '../ports/store.ts';
import { isTestEmailPayload, testEmailContent } from './test-messages.ts';

const MAX_ATTEMPTS = 8;
const BASE_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 60 * 60_000;
const DEFAULT_LEASE_MS = 2 * 60_000;

export interface OutboxDelivery {
  readonly store: Store;
  readonly clock: Clock;
  /** Null when no SMTP server is configured: e-mails wait (and are retried) until one is. */
  readonly email: EmailSender | null;
  readonly webhooks: WebhookSender;
  readonly renderer: NotificationRenderer;
  readonly baseUrl: string;
  readonly secrets: Pick<MonitoringRepository, 'subscriptionSecret'>;
  /** Renders the report a `report.ready` e-mail carries (the closed period's frozen snapshot, as PDF). */
  readonly reportAttachment: (workspaceId: string, agreementId: string, period: string) => Promise<EmailAttachment>;
}

export interface DeliveryPass {
  readonly claimed: number;
  readonly delivered: number;
  readonly retried: number;
  readonly dead: number;
}

/** Backoff before attempt `attempts + 1`: 30 s, 1 min, 2 min, ... capped at one hour. */
function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
}

/**
 * One delivery pass. `leaseMs` is how long a claimed message is left to its sender before another may take it over:
 * longer than any send can take, or a slow send would be repeated.
 */
export async function deliverOutbox(
  dependencies: OutboxDelivery,
  batchSize = 50,
  leaseMs = DEFAULT_LEASE_MS,
): Promise<DeliveryPass> {
  const { store, clock } = dependencies;
  const claimedAt = clock.now();
  const messages = await store.transaction((repositories) =>
    repositories.monitoring.claimOutbox(claimedAt, batchSize, claimedAt + leaseMs),
  );
  const pass = { claimed: messages.length, delivered: 0, retried: 0, dead: 0 };
  await Promise.all(
    messages.map(async (message) => {
      const outcome = await send(dependencies, message);
      const now = clock.now();
      const next = nextState(message, outcome, now);
      if (next.status === 'delivered') pass.delivered++;
      else if (next.status === 'dead') pass.dead++;
      else pass.retried++;
      await store.read.monitoring.completeDelivery(
        message,
        { ok: outcome.ok, status: outcome.status ?? null, detail: outcome.detail },
        next,
        now,
      );
      await followOnTicket(store, message, next.status, outcome);
    }),
  );
  return pass;
}

function nextState(
  message: OutboxMessage,
  outcome: DeliveryOutcome,
  now: number,
): { status: OutboxStatus; nextAttemptAt: number } {
  if (outcome.ok) return { status: 'delivered', nextAttemptAt: now };
  if (!outcome.retryable || message.attempts >= MAX_ATTEMPTS) return { status: 'dead', nextAttemptAt: now };
  return { status: 'pending', nextAttemptAt: now + backoffMs(message.attempts) };
}

async function send(dependencies: OutboxDelivery, message: OutboxMessage): Promise<DeliveryOutcome> {
  try {
    if (message.channel === 'email') return await sendEmail(dependencies, message);
    return await sendWebhook(dependencies, message);
  } catch (error) {
    // A rendering or adapter bug must not stop the other messages; it is retried and, if it persists, dead-lettered.
    return { ok: false, retryable: true, detail: `delivery failed: ${(error as Error).message}` };
  }
}

async function sendEmail(dependencies: OutboxDelivery, message: OutboxMessage): Promise<DeliveryOutcome> {
  if (dependencies.email === null) {
    return { ok: false, retryable: true, detail: 'no SMTP server is configured (set COVENANT_SMTP_URL)' };
  }
  const payload = message.payload as {
    alert?: ClockAlert;
    report?: ReportReady;
    recipientTimeZone?: string;
    attachment?: { agreementId: string; period: string };
  };
  const options = { recipientTimeZone: payload.recipientTimeZone ?? 'UTC', baseUrl: dependencies.baseUrl };
  const conversation = conversationEmailOf(dependencies, message);
  if (conversation !== null) return dependencies.email.send(conversation);
  const rendered = payload.alert
    ? dependencies.renderer.clockAlertEmail(payload.alert, options)
    : payload.report
      ? dependencies.renderer.reportReadyEmail(payload.report, options)
      : isTestEmailPayload(payload)
        ? testEmailContent(payload)
        : null;
  if (rendered === null) return { ok: false, retryable: false, detail: `unknown e-mail content for ${message.kind}` };
  const attachments = payload.attachment
    ? [
        await dependencies.reportAttachment(
          message.workspaceId,
          payload.attachment.agreementId,
          payload.attachment.period,
        ),
      ]
    : [];
  return dependencies.email.send({ to: [message.recipient], messageId: message.id, ...rendered, attachments });
}

/**
 * A message of a ticket's conversation: an agent's reply (no Auto-Submitted: a person wrote it) or an acknowledgement
 * (`auto-replied`), threaded, with the Message-ID stored on the ticket message.
 */
function conversationEmailOf(dependencies: OutboxDelivery, message: OutboxMessage): EmailMessage | null {
  const payload = message.payload as Partial<{ reply: ConversationReplyEmail; acknowledgement: AcknowledgementEmail }>;
  if (payload.reply) {
    const { reply } = payload;
    return {
      to: [message.recipient],
      cc: reply.cc,
      ...dependencies.renderer.conversationReplyEmail(reply),
      messageId: reply.mailMessageId,
      inReplyTo: reply.inReplyTo,
      references: reply.references,
      autoSubmitted: null,
    };
  }
  if (payload.acknowledgement) {
    const { acknowledgement } = payload;
    return {
      to: [message.recipient],
      ...dependencies.renderer.acknowledgementEmail(acknowledgement, { baseUrl: dependencies.baseUrl }),
      messageId: acknowledgement.mailMessageId,
      inReplyTo: acknowledgement.inReplyTo,
      references: acknowledgement.references,
      autoSubmitted: 'auto-replied',
    };
  }
  return null;
}

/** The delivery state of the ticket message an e-mail carries: sent, failed for good, or still queued (and why). */
async function followOnTicket(
  store: Store,
  message: OutboxMessage,
  status: OutboxStatus,
  outcome: DeliveryOutcome,
): Promise<void> {
  const ticketMessageId = (message.payload as { ticketMessageId?: unknown } | null)?.ticketMessageId;
  if (typeof ticketMessageId !== 'string') return;
  const state = status === 'delivered' ? 'sent' : status === 'dead' ? 'failed' : 'queued';
  await store.read.ticketMessages.setDelivery(
    message.workspaceId,
    ticketMessageId,
    state,
    outcome.ok ? null : outcome.detail,
  );
}

async function sendWebhook(dependencies: OutboxDelivery, message: OutboxMessage): Promise<DeliveryOutcome> {
  const secret =
    message.subscriptionId === null
      ? null
      : await dependencies.secrets.subscriptionSecret(message.workspaceId, message.subscriptionId);
  if (secret === null) return { ok: false, retryable: false, detail: 'the webhook subscription was deleted' };
  return dependencies.webhooks.deliver(
    {
      url: message.recipient,
      secret,
      deliveryId: message.id,
      eventType: message.kind,
      payload: dependencies.renderer.webhookData(message.kind, message.payload),
      // The event's own instant: a retry carries the same body.
      createdAt: message.createdAt,
    },
    dependencies.clock.now(),
  );
}
