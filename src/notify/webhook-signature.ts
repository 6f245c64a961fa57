/**
 * Signing and verifying Covenant webhooks, in the style of Standard Webhooks: the signed content is
 * `${id}.${timestamp}.${rawBody}`, the MAC is HMAC-SHA256 keyed with the subscription secret (its UTF-8 bytes),
 * written in hex after `v1=`. Several space-separated signatures may be sent while a secret is being rotated; a
 * receiver accepts the request if any of them matches any secret it holds. The timestamp bounds replays in time, and
 * the id (stable across retries) lets a receiver drop a delivery it already processed.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const WEBHOOK_ID_HEADER = 'covenant-webhook-id';
export const WEBHOOK_TIMESTAMP_HEADER = 'covenant-webhook-timestamp';
export const WEBHOOK_SIGNATURE_HEADER = 'covenant-webhook-signature';

/** Hex HMAC-SHA256 of `${id}.${timestamp}.${rawBody}`; the body is hashed as the exact bytes sent. */
export function computeWebhookSignature(
  secret: string,
  id: string,
  timestampSeconds: number,
  rawBody: string | Uint8Array,
): string {
  return createHmac('sha256', secret).update(`${id}.${timestampSeconds}.`).update(rawBody).digest('hex');
}

/** The signature header's value: one `v1=` entry per secret (the current one first). */
export function formatSignatureHeader(
  secrets: readonly string[],
  id: string,
  timestampSeconds: number,
  rawBody: string | Uint8Array,
): string {
  return secrets.map((secret) => `v1=${computeWebhookSignature(secret, id, timestampSeconds, rawBody)}`).join(' ');
}

/** Request headers as Node's `IncomingMessage.headers` (lower-case keys) or a fetch `Headers`; lookup ignores case. */
export type WebhookHeaders = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

export interface VerifyWebhookSignatureInput {
  readonly headers: WebhookHeaders;
  /** The body exactly as received, before any JSON parsing (re-serialising changes bytes and breaks the MAC). */
  readonly rawBody: string | Uint8Array;
  /** The subscription secret, or several during a rotation (any may match). */
  readonly secret: string | readonly string[];
  /** Current time, epoch ms. */
  readonly now: number;
  /** Largest accepted distance between the timestamp and `now`, either way; default 300 s. */
  readonly toleranceSeconds?: number;
  /**
   * Ids already processed. Only read: add the id yourself once the delivery has been handled, so that a retry after
   * your own failure (same id) is not turned away as a replay.
   */
  readonly seenIds?: { has(id: string): boolean };
}

export type WebhookRejection =
  | 'missing-header'
  | 'malformed-header'
  | 'timestamp-out-of-tolerance'
  | 'bad-signature'
  | 'already-seen';

export type WebhookVerification =
  | { readonly ok: true; readonly id: string; readonly timestampSeconds: number }
  | { readonly ok: false; readonly reason: WebhookRejection; readonly message: string };

const SIGNATURE_ENTRY = /^v1=([0-9a-f]{64})$/i;

/** Checks a received webhook: headers present, timestamp fresh, a signature matching, id not seen. Never throws. */
export function verifyWebhookSignature(input: VerifyWebhookSignatureInput): WebhookVerification {
  const id = readHeader(input.headers, WEBHOOK_ID_HEADER);
  const timestampText = readHeader(input.headers, WEBHOOK_TIMESTAMP_HEADER);
  const signatureText = readHeader(input.headers, WEBHOOK_SIGNATURE_HEADER);
  if (!id || !timestampText || !signatureText) {
    return reject('missing-header', `the ${WEBHOOK_ID_HEADER}, timestamp and signature headers are required`);
  }
  if (!/^\d{1,12}$/.test(timestampText)) return reject('malformed-header', 'the timestamp is not unix seconds');
  const timestampSeconds = Number(timestampText);
  const tolerance = input.toleranceSeconds ?? 300;
  if (Math.abs(input.now / 1000 - timestampSeconds) > tolerance) {
    return reject('timestamp-out-of-tolerance', `the timestamp is more than ${tolerance} s away from now`);
  }
  const received = signatureText
    .split(/\s+/)
    .map((entry) => SIGNATURE_ENTRY.exec(entry)?.[1])
    .filter((hex): hex is string => hex !== undefined)
    .map((hex) => Buffer.from(hex, 'hex'));
  if (received.length === 0) return reject('malformed-header', 'no v1= signature in the signature header');
  const secrets = typeof input.secret === 'string' ? [input.secret] : input.secret;
  const expected = secrets.map((secret) =>
    Buffer.from(computeWebhookSignature(secret, id, timestampSeconds, input.rawBody), 'hex'),
  );
  // Every pair is compared in constant time; all lengths are 32 bytes by construction of SIGNATURE_ENTRY.
  const matches = expected.some((mac) => received.some((candidate) => timingSafeEqual(mac, candidate)));
  if (!matches) return reject('bad-signature', 'no signature matches the body with the known secrets');
  if (input.seenIds?.has(id)) return reject('already-seen', `delivery ${id} was already processed`);
  return { ok: true, id, timestampSeconds };
}

function reject(reason: WebhookRejection, message: string): WebhookVerification {
  return { ok: false, reason, message };
}

function readHeader(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name)?.trim() || undefined;
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  const key = name in record ? name : Object.keys(record).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  const text = typeof value === 'string' ? value : value?.join(' ');
  return text?.trim() || undefined;
}
