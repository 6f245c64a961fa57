/**
 * A received message's raw bytes to the InboundMessage intake works with (docs/mail.md#how-a-message-is-decoded).
 * mailparser splits the MIME structure and undoes the transfer encodings; charsets are decoded by real-world practice
 * (charset-decoding.ts), the header fields intake reads are decoded from the raw header lines (header-text.ts), the HTML
 * is sanitised (html-body.ts), the quoted history is split off and automatic mail is recognised by the core.
 */
import { type Attachment, simpleParser } from 'mailparser';
import { type AutomaticMailOptions, classifyAutomaticMail, type MailHeaderField } from '../core/mail/automatic-mail.ts';
import type { InboundAttachment, InboundMessage, MailAddress } from '../core/mail/inbound-message.ts';
import { splitQuotedHistory } from '../core/mail/quoted-history.ts';
import { MailCharsetConverter } from './charset-decoding.ts';
import { decodeEncodedWords, decodeHeaderLines, headerValue, parseAddressField, senderOf } from './header-text.ts';
import { sanitizeMailHtml, textOfHtml } from './html-body.ts';
import { parseMailDate } from './mail-date.ts';

export interface ParseMailOptions extends AutomaticMailOptions {
  /** Attachments larger than this are listed with their size but keep no content (default 25 MiB). */
  readonly maxAttachmentBytes?: number;
}

export const defaultMaxAttachmentBytes = 25 * 1024 * 1024;

/** A message mailparser cannot read, or bytes that are no message at all (no header field). */
export class MailParseError extends Error {
  override readonly name = 'MailParseError';
  constructor(
    readonly code: 'MAIL_UNPARSEABLE' | 'MAIL_NO_HEADERS',
    message: string,
  ) {
    super(message);
  }
}

export async function parseMail(raw: Uint8Array, options: ParseMailOptions = {}): Promise<InboundMessage> {
  const maxAttachmentBytes = options.maxAttachmentBytes ?? defaultMaxAttachmentBytes;
  let parsed: Awaited<ReturnType<typeof simpleParser>>;
  try {
    parsed = await simpleParser(withLineFeeds(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)), {
      Iconv: MailCharsetConverter,
      keepCidLinks: true,
      skipHtmlToText: true,
      skipTextToHtml: true,
      skipTextLinks: true,
      checksumAlgo: false,
    });
  } catch (error) {
    throw new MailParseError('MAIL_UNPARSEABLE', `The message cannot be parsed: ${(error as Error).message}`);
  }
  const headers = decodeHeaderLines(parsed.headerLines ?? []);
  if (headers.length === 0)
    throw new MailParseError('MAIL_NO_HEADERS', 'This is not an e-mail message: it has no header');
  const decoded: MailHeaderField[] = headers.map((field) => ({
    name: field.name,
    value: decodeEncodedWords(field.value),
  }));

  const from = parseAddressField(headerValue(headers, 'from'))[0] ?? null;
  const html = typeof parsed.html === 'string' ? sanitizeMailHtml(parsed.html) : null;
  const textPart = bodyText(parsed.text ?? '');
  const text = textPart !== '' ? textPart : html === null ? '' : textOfHtml(html);
  const { newText, quotedText } = splitQuotedHistory(text);
  const verdict = classifyAutomaticMail(
    {
      headers: decoded,
      contentType: topLevelType(headerValue(headers, 'content-type')),
      from: senderOf(headerValue(headers, 'from')),
    },
    options,
  );
  return {
    from,
    replyTo: parseAddressField(headerValue(headers, 'reply-to')),
    to: addressesOf(headers, 'to'),
    cc: addressesOf(headers, 'cc'),
    subject: (headerValue(decoded, 'subject') ?? '').replace(/\s+/g, ' ').trim(),
    messageId: firstMessageId(headerValue(headers, 'message-id')),
    inReplyTo: firstMessageId(headerValue(headers, 'in-reply-to')),
    references: messageIds(headerValue(headers, 'references') ?? ''),
    sentAt: parseMailDate(headerValue(headers, 'date')),
    automatic: verdict.automatic,
    automaticReason: verdict.reason,
    text,
    newText,
    quotedText,
    html,
    attachments: parsed.attachments.map((attachment) => inboundAttachment(attachment, maxAttachmentBytes)),
  };
}

/** A message stored with bare CR line ends (classic Mac OS) gets CRLF, the only line end MIME parsers split on. */
function withLineFeeds(raw: Buffer): Buffer {
  if (raw.includes(0x0a) || !raw.includes(0x0d)) return raw;
  return Buffer.from(raw.toString('latin1').replace(/\r/g, '\r\n'), 'latin1');
}

/** Text parts as mailparser joined them, without the blank lines around them. */
function bodyText(text: string): string {
  return text.replace(/^\s*\n/, '').trimEnd();
}

function addressesOf(headers: readonly MailHeaderField[], name: string): MailAddress[] {
  return headers
    .filter((field) => field.name.toLowerCase() === name)
    .flatMap((field) => parseAddressField(field.value));
}

function topLevelType(contentType: string | null): string {
  return (contentType ?? 'text/plain').split(';')[0]!.trim().toLowerCase() || 'text/plain';
}

function messageIds(value: string): string[] {
  return [...value.matchAll(/<[^<>\s]+>/g)].map((match) => match[0]);
}

/** The Message-ID of a field, angle brackets included; a bare `id@host` is given its brackets. */
function firstMessageId(value: string | null): string | null {
  if (value === null) return null;
  const bracketed = messageIds(value)[0];
  if (bracketed !== undefined) return bracketed;
  const bare = value.trim();
  return /^[^<>\s@]+@[^<>\s@]+$/.test(bare) ? `<${bare}>` : null;
}

function inboundAttachment(attachment: Attachment, maxAttachmentBytes: number): InboundAttachment {
  const size = attachment.size ?? attachment.content.length;
  const contentOmitted = size > maxAttachmentBytes;
  return {
    filename: attachment.filename ?? null,
    contentType: attachment.contentType.toLowerCase(),
    size,
    contentId: attachment.cid ?? null,
    inline: attachment.contentDisposition === 'inline' || attachment.related === true,
    content: contentOmitted ? new Uint8Array(0) : attachment.content,
    contentOmitted,
  };
}
