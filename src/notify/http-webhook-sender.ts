/**
 * Webhooks out: one signed JSON POST per delivery, through node:http(s). Every connection resolves the receiver's
 * name itself and refuses it when an address it resolves to is internal (loopback, private, link-local...; see
 * webhook-destination-policy.ts, decision 0034), so an administrator cannot make the server call its own network, not
 * even through a name that resolves elsewhere the second time (DNS rebinding). Redirects are never followed (a signed
 * request must not be replayed to an address nobody subscribed). The answer's body is never read: the delivery log
 * keeps the status and a short reason, and a failure to connect says only that, so the log cannot be used to read
 * internal services or to tell open ports from closed ones. The whole exchange has a deadline, and the outcome tells
 * the outbox job whether trying again later can help: 408, 425, 429, 5xx and network failures can; any other 4xx, a
 * redirect or a refused address will not change by itself.
 */
import { lookup as resolveName } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { DeliveryOutcome, WebhookRequest, WebhookSender } from '../app/ports/outbound-channels.ts';
import { REFUSED_DESTINATION_REASON, type WebhookDestinations } from './webhook-destination-policy.ts';
import {
  formatSignatureHeader,
  WEBHOOK_ID_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
} from './webhook-signature.ts';

export interface HttpWebhookSenderOptions {
  /** Which addresses the sender may connect to (the composition's, from COVENANT_WEBHOOK_ALLOW_HOSTS). */
  readonly destinations: WebhookDestinations;
  /** Deadline for the whole exchange (resolve, connect, send, status); default 10 s. */
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
const COULD_NOT_CONNECT = 'could not connect to the receiver';
const REFUSED_ADDRESS_CODE = 'COVENANT_WEBHOOK_ADDRESS_REFUSED';

export class HttpWebhookSender implements WebhookSender {
  readonly #destinations: WebhookDestinations;
  readonly #timeoutMs: number;
  readonly #userAgent: string;
  readonly #lookup: LookupFunction;

  constructor(options: HttpWebhookSenderOptions) {
    this.#destinations = options.destinations;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#userAgent = options.userAgent ?? 'Covenant-Webhooks/1';
    this.#lookup = guardedLookup(options.destinations);
  }

  async deliver(request: WebhookRequest, now: number): Promise<DeliveryOutcome> {
    const checked = checkRequest(request);
    if (typeof checked === 'string') return { ok: false, retryable: false, detail: checked };
    const url = checked;
    // Address literals never reach a lookup: judge them here; names (localhost too) are judged by what the lookup of
    // each connection resolves them to.
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    if (isIP(host) !== 0 && !this.#destinations.allowsAddress(host, host)) {
      return { ok: false, retryable: false, detail: REFUSED_DESTINATION_REASON };
    }
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
    const headers = {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(rawBody)),
      'user-agent': this.#userAgent,
      [WEBHOOK_ID_HEADER]: request.deliveryId,
      [WEBHOOK_TIMESTAMP_HEADER]: String(timestampSeconds),
      [WEBHOOK_SIGNATURE_HEADER]: formatSignatureHeader(secrets, request.deliveryId, timestampSeconds, rawBody),
    };
    try {
      const status = await this.#post(url, headers, rawBody);
      return outcomeOf(status);
    } catch (error) {
      return { ok: false, ...describeFailure(error, this.#timeoutMs) };
    }
  }

  /** One POST on a fresh connection (no pooling: every connection goes through the guarded lookup); the status. */
  #post(url: URL, headers: Record<string, string>, body: string): Promise<number> {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<number>((resolve, reject) => {
      let connected = false;
      const outgoing = send(url, {
        method: 'POST',
        headers,
        agent: false,
        lookup: this.#lookup,
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      outgoing.on('socket', (socket) => {
        socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
          connected = true;
        });
      });
      outgoing.on('response', (response: IncomingMessage) => {
        // The body is not ours to keep: stop reading it and drop the connection.
        response.destroy();
        resolve(response.statusCode ?? 0);
      });
      outgoing.on('error', (error: Error) => reject(Object.assign(error, { connected })));
      outgoing.end(body);
    });
  }
}

/** A lookup that resolves every address of the name and keeps only those the policy allows; none left: an error. */
function guardedLookup(destinations: WebhookDestinations): LookupFunction {
  return (hostname, options, callback) => {
    resolveName(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const allowed = addresses.filter((entry) => destinations.allowsAddress(hostname, entry.address));
      if (allowed.length === 0) {
        const refused = Object.assign(new Error(REFUSED_DESTINATION_REASON), { code: REFUSED_ADDRESS_CODE });
        return callback(refused, '', 0);
      }
      if ((options as { all?: boolean }).all) return (callback as (e: null, a: typeof allowed) => void)(null, allowed);
      callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}

/** The URL to post to, or why the request can never succeed. */
function checkRequest(request: WebhookRequest): URL | string {
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
  return url;
}

function outcomeOf(status: number): DeliveryOutcome {
  if (status >= 200 && status < 300) return { ok: true, status, detail: `HTTP ${status}` };
  if (status >= 300 && status < 400) {
    return { ok: false, retryable: false, status, detail: `HTTP ${status}: redirect not followed` };
  }
  const retryable = status >= 500 || RETRYABLE_CLIENT_STATUSES.has(status);
  return { ok: false, retryable, status, detail: `HTTP ${status}` };
}

/**
 * A failure without an answer, in words that do not tell a closed port from a filtered one or an unknown name: the
 * receiver could not be reached, it did not answer in time once connected, or its address is refused.
 */
function describeFailure(error: unknown, timeoutMs: number): { retryable: boolean; detail: string } {
  const failure = error as { name?: string; code?: string; connected?: boolean };
  if (failure.code === REFUSED_ADDRESS_CODE) return { retryable: false, detail: REFUSED_DESTINATION_REASON };
  const timedOut = failure.name === 'TimeoutError' || failure.name === 'AbortError';
  if (timedOut && failure.connected) return { retryable: true, detail: `no answer within ${timeoutMs} ms` };
  return { retryable: true, detail: COULD_NOT_CONNECT };
}
