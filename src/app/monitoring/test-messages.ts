/**
 * Test messages (decision 0016): an administrator checks a webhook subscription or the SMTP setup by sending a
 * message of kind `notification.test` through the real outbox, so it takes the same path (signing, retries, delivery
 * log) as a real alert. Each request gets its own outbox id, derived from what it tests and a nonce: a random one, or
 * the request's Idempotency-Key so that a retried request enqueues nothing new.
 */
import { formatInstantUtc } from '../../core/time/instant.ts';
import type { RenderedEmail } from '../ports/notification-content.ts';
import { outboxMessageId } from './outbox-drafts.ts';

export const TEST_MESSAGE_KIND = 'notification.test';

/** The e-mail payload of a test message (`OutboxDraft.payload`). */
export interface TestEmailPayload {
  readonly test: { readonly requestedBy: string; readonly requestedAt?: number };
}

/** The webhook payload of a test message, as NotificationRenderer.webhookData reads it for `notification.test`. */
export interface TestWebhookPayload {
  readonly requestedAt: number;
  readonly requestedBy: string;
}

export function testMessageId(channel: 'email' | 'webhook', target: string, nonce: string): string {
  return outboxMessageId(`${TEST_MESSAGE_KIND}|${nonce}`, channel, target);
}

export function isTestEmailPayload(payload: unknown): payload is TestEmailPayload {
  if (payload === null || typeof payload !== 'object') return false;
  const test = (payload as { test?: unknown }).test;
  return (
    test !== null && typeof test === 'object' && typeof (test as { requestedBy?: unknown }).requestedBy === 'string'
  );
}

/** A short plain message: it proves the SMTP settings work, nothing more, so it needs no template. */
export function testEmailContent(payload: TestEmailPayload): RenderedEmail {
  const { requestedBy, requestedAt } = payload.test;
  const when = typeof requestedAt === 'number' ? ` at ${formatInstantUtc(requestedAt)}` : '';
  const line = `This is a test e-mail from Covenant, requested by ${requestedBy}${when}.`;
  const advice = 'If you can read it, Covenant can send notifications by e-mail.';
  return {
    subject: 'Covenant test e-mail',
    text: `${line}\n\n${advice}\n`,
    html: `<!doctype html><html><body><p>${escapeHtml(line)}</p><p>${escapeHtml(advice)}</p></body></html>`,
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
