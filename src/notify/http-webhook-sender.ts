/**
 * Webhooks out: one signed JSON POST per delivery, through Node's built-in fetch (undici). Redirects are not followed
 * (a signed request must not be replayed to an address nobody subscribed), the whole exchange has a deadline, and the
 * outcome tells the outbox job whether trying again later can help: 408, 425, 429, 5xx and network failures can;
 * any other 4xx or a redirect will not change by itself.
 */
import type { DeliveryOutcome, WebhookRequest, WebhookSender } from '../app/ports/outbound-channels.ts';
import {
  formatSignatureHeader,
  WEBHOOK_ID_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
} from './webhook-signature.ts';

export interface HttpWebhookSenderOptions {
  /** Deadline for the whole exchange (connect, send, status, body snippet); default 10 s. */
  readonly timeoutMs?: number;
  /** Default `Covenant-Webhooks/1`. */
  readonly userAgent?: string;
}

/** The JSON body every delivery carries. */
export interface WebhookEnvelope {
  readonly id: string;
  readonly type: string;
  readonly createdAt: string;
  readonly data: unknown;
}

const RETRYABLE_CLIENT_STATUSES = new Set([408, 425, 429]);
const DETAIL_BODY_CHARS = 500;

export class HttpWebhookSender implements WebhookSender {
  readonly #timeoutMs: number;
  readonly #userAgent: string;

  constructor(options: HttpWebhookSenderOptions = {}) {
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#userAgent = options.userAgent ?? 'Covenant-Webhooks/1';
  }

  async deliver(request: WebhookRequest, now: number): Promise<DeliveryOutcome> {
    const problem = checkRequest(request);
    if (problem) return { ok: false, retryable: false, detail: problem };
    let rawBody: string;
    try {
      const envelope: WebhookEnvelope = {
        id: request.deliveryId,
        type: request.eventType,
        createdAt: new Date(request.createdAt ?? now).toISOString(),
        data: request.payload,
      };
      rawBody = JSON.stringify(envelope);
    } catch (error) {
      return { ok: false, retryable: false, detail: `payload is not JSON: ${(error as Error).message}` };
    }
    const timestampSeconds = Math.floor(now / 1000);
    const secrets = [request.secret, ...(request.previousSecrets ?? []).filter((secret) => secret.length > 0)];
    let response: Response;
    try {
      response = await fetch(request.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': this.#userAgent,
          [WEBHOOK_ID_HEADER]: request.deliveryId,
          [WEBHOOK_TIMESTAMP_HEADER]: String(timestampSeconds),
          [WEBHOOK_SIGNATURE_HEADER]: formatSignatureHeader(secrets, request.deliveryId, timestampSeconds, rawBody),
        },
        body: rawBody,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      return { ok: false, retryable: true, detail: describeNetworkError(error, this.#timeoutMs) };
    }
    const snippet = await readSnippet(response);
    return outcomeOf(response, snippet);
  }
}

function checkRequest(request: WebhookRequest): string | undefined {
  if (request.secret.length === 0) return 'the subscription has no signing secret';
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return 'the subscription URL is not a valid URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `unsupported URL scheme ${url.protocol}`;
  // fetch refuses such URLs anyway; saying why beats "fetch failed", and the URL itself is never echoed.
  if (url.username || url.password) return 'the subscription URL must not contain credentials';
  return undefined;
}

function outcomeOf(response: Response, snippet: string): DeliveryOutcome {
  const { status } = response;
  const body = snippet ? `: ${snippet}` : '';
  if (status >= 200 && status < 300) return { ok: true, status, detail: `HTTP ${status}${body}` };
  if (status >= 300 && status < 400) {
    const location = response.headers.get('location');
    const target = location ? ` to ${location.slice(0, 200)}` : '';
    return { ok: false, retryable: false, status, detail: `HTTP ${status} redirect${target} not followed${body}` };
  }
  const retryable = status >= 500 || RETRYABLE_CLIENT_STATUSES.has(status);
  return { ok: false, retryable, status, detail: `HTTP ${status}${body}` };
}

/** The first characters of the response body; the rest is never downloaded. Errors here do not change the outcome. */
async function readSnippet(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < DETAIL_BODY_CHARS) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // A body cut short (timeout, reset) still leaves a status that decides the outcome.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return text.slice(0, DETAIL_BODY_CHARS).trim();
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  const failure = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (failure.name === 'TimeoutError' || failure.name === 'AbortError') return `timed out after ${timeoutMs} ms`;
  const cause = failure.cause;
  if (cause?.code || cause?.message) return `network error: ${[cause.code, cause.message].filter(Boolean).join(' ')}`;
  return `network error: ${failure.message ?? String(error)}`;
}
