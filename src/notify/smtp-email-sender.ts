/**
 * E-mail out through an SMTP relay (nodemailer). The outbox delivery job calls `send` after the deciding transaction
 * committed and retries what this reports as retryable, so the one thing this adapter must get right besides sending
 * is telling a transient failure (4xx reply, network, timeout) from a permanent one (5xx rejection) — and never
 * leaking the relay's password into the outcome the job stores.
 */
import nodemailer, { type SMTPSentMessageInfo, type Transporter } from 'nodemailer';
import type { DeliveryOutcome, EmailMessage, EmailSender } from '../app/ports/outbound-channels.ts';
import { describeSmtpError, type SmtpErrorLike } from './smtp-error-outcome.ts';

export interface SmtpEmailSenderOptions {
  /** `smtp://user:pass@host:port` (STARTTLS when offered) or `smtps://...` (TLS from the start); query options as nodemailer reads them. */
  readonly url: string;
  /** The From header, e.g. `Covenant <sla@provider.example>`. */
  readonly from: string;
  /** Right-hand side of the Message-ID, `<messageId@messageIdDomain>`; default `covenant`. */
  readonly messageIdDomain?: string;
  /** Defaults: connection 10 s, greeting 10 s, socket inactivity 30 s, DNS 10 s. */
  readonly connectionTimeoutMs?: number;
  readonly greetingTimeoutMs?: number;
  readonly socketTimeoutMs?: number;
  readonly dnsTimeoutMs?: number;
}

export class SmtpConfigurationError extends Error {
  override readonly name = 'SmtpConfigurationError';
}

export class SmtpEmailSender implements EmailSender {
  readonly #transport: Transporter<SMTPSentMessageInfo>;
  readonly #from: string;
  readonly #messageIdDomain: string;
  readonly #secrets: readonly string[];

  constructor(options: SmtpEmailSenderOptions) {
    const url = parseSmtpUrl(options.url);
    this.#secrets = secretsOf(url);
    this.#from = options.from;
    this.#messageIdDomain = options.messageIdDomain ?? 'covenant';
    this.#transport = nodemailer.createTransport({
      url: options.url,
      connectionTimeout: options.connectionTimeoutMs ?? 10_000,
      greetingTimeout: options.greetingTimeoutMs ?? 10_000,
      socketTimeout: options.socketTimeoutMs ?? 30_000,
      dnsTimeout: options.dnsTimeoutMs ?? 10_000,
      // Content comes only from the message itself: never let a template or an attachment read files or URLs.
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  }

  async send(message: EmailMessage): Promise<DeliveryOutcome> {
    if (message.to.length === 0) return { ok: false, retryable: false, detail: 'no recipients' };
    try {
      const autoSubmitted = message.autoSubmitted === undefined ? 'auto-generated' : message.autoSubmitted;
      const info = await this.#transport.sendMail({
        from: this.#from,
        to: [...message.to],
        ...(message.cc && message.cc.length > 0 ? { cc: [...message.cc] } : {}),
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: formatMessageId(message.messageId, this.#messageIdDomain),
        ...(message.inReplyTo ? { inReplyTo: message.inReplyTo } : {}),
        ...(message.references && message.references.length > 0 ? { references: [...message.references] } : {}),
        // RFC 3834: automatic mail; out-of-office responders and ticket systems should not answer it. A person's
        // reply carries neither header.
        headers: autoSubmitted === null ? {} : { 'Auto-Submitted': autoSubmitted, 'X-Auto-Response-Suppress': 'All' },
        attachments: (message.attachments ?? []).map((attachment) => ({
          filename: attachment.filename,
          contentType: attachment.contentType,
          content: Buffer.from(attachment.content.buffer, attachment.content.byteOffset, attachment.content.byteLength),
        })),
      });
      return acceptedOutcome(info, this.#secrets);
    } catch (error) {
      const outcome = describeSmtpError(error as SmtpErrorLike);
      return { ...outcome, detail: redact(outcome.detail, this.#secrets) };
    }
  }

  /** Closes idle connections; call on shutdown. */
  close(): void {
    this.#transport.close();
  }
}

interface SentInfo {
  readonly accepted?: readonly unknown[];
  readonly rejected?: readonly unknown[];
  readonly rejectedErrors?: readonly { readonly response?: string; readonly message?: string }[];
  readonly response?: string;
}

/**
 * Some recipients may be refused while others were accepted. The message is then delivered: reporting a failure would
 * make the job send it again to those who already have it, so the refusals are only named in the detail.
 */
function acceptedOutcome(info: SentInfo, secrets: readonly string[]): DeliveryOutcome {
  const accepted = (info.accepted ?? []).map(String);
  const rejected = (info.rejected ?? []).map(String);
  let detail = `accepted for ${accepted.length} recipient(s): ${info.response ?? 'no reply text'}`;
  if (rejected.length > 0) {
    const reasons = (info.rejectedErrors ?? []).map((error) => error.response ?? error.message ?? '').filter(Boolean);
    detail += `; refused ${rejected.join(', ')}${reasons.length > 0 ? ` (${reasons.join('; ')})` : ''}`;
  }
  return { ok: true, detail: redact(detail, secrets) };
}

function parseSmtpUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // The text may hold a password: do not repeat it.
    throw new SmtpConfigurationError('the SMTP URL is not a valid URL (expected smtp://user:pass@host:port)');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new SmtpConfigurationError(`the SMTP URL must start with smtp:// or smtps://, not ${url.protocol}//`);
  }
  if (!url.hostname) throw new SmtpConfigurationError('the SMTP URL has no host');
  return url;
}

function secretsOf(url: URL): string[] {
  if (!url.password) return [];
  const secrets = new Set([url.password]);
  try {
    secrets.add(decodeURIComponent(url.password));
  } catch {
    // A malformed escape: the raw form is all there is to hide.
  }
  return [...secrets].filter((secret) => secret.length > 0);
}

function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) result = result.split(secret).join('***');
  return result;
}

/**
 * A Message-ID from the outbox id, identical on every retry so receivers' deduplication and logs see a repeat. The id
 * is kept to characters valid in a msg-id (RFC 5322 dot-atom text); anything else becomes `-`.
 */
export function formatMessageId(id: string, domain = 'covenant'): string {
  if (/^<[^<>\s]+@[^<>\s]+>$/.test(id)) return id;
  const local =
    id
      .replace(/[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]/g, '-')
      .replace(/\.{2,}/g, '.')
      .replace(/^\.|\.$/g, '') || 'message';
  return `<${local}@${domain}>`;
}
