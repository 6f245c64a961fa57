/**
 * INTERIM adapter of the MailParser port, used until helper A's parseMail (src/mail/parse-mail.ts) is merged: mailparser
 * directly, with the automatic-mail signs of RFC 3834 and the common vendor headers. Replaced, not extended.
 */
import { simpleParser } from 'mailparser';
import sanitize from 'sanitize-html';
import type { MailParseOptions, MailParser } from '../app/ports/mail-parser.ts';
import type { AutomaticMailReason, InboundMessage, MailAddress } from '../core/mail/inbound-message.ts';

export const interimMailParser: MailParser = {
  async parse(raw: Uint8Array, options: MailParseOptions): Promise<InboundMessage> {
    const parsed = await simpleParser(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), {
      skipTextToHtml: true,
    });
    if (parsed.headerLines.length === 0) throw new Error('This is not an e-mail message: it has no header');
    const header = (name: string) => {
      const value = parsed.headers.get(name);
      return typeof value === 'string' ? value : value === undefined ? null : JSON.stringify(value);
    };
    const addresses = (value: unknown): MailAddress[] => {
      const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
      return list.flatMap((entry: { value: { address?: string; name?: string }[] }) =>
        entry.value
          .filter((item) => item.address)
          .map((item) => ({ address: item.address!.toLowerCase(), name: item.name ?? '' })),
      );
    };
    const from = addresses(parsed.from)[0] ?? null;
    const references = parsed.references === undefined ? [] : [parsed.references].flat();
    const text = (parsed.text ?? '').trim();
    const reason = automaticReason(header, from, parsed.headers.get('content-type'), options.listMailIsAutomatic);
    return {
      from,
      replyTo: addresses(parsed.replyTo),
      to: addresses(parsed.to),
      cc: addresses(parsed.cc),
      subject: (parsed.subject ?? '').trim(),
      messageId: parsed.messageId ?? null,
      inReplyTo: parsed.inReplyTo ?? null,
      references,
      sentAt: parsed.date?.getTime() ?? null,
      automatic: reason !== null,
      automaticReason: reason,
      text,
      newText: text,
      quotedText: '',
      html: null,
      attachments: parsed.attachments.map((attachment) => {
        const omitted = attachment.size > options.maxAttachmentBytes;
        return {
          filename: attachment.filename ?? null,
          contentType: attachment.contentType,
          size: attachment.size,
          contentId: attachment.contentId?.replace(/^<|>$/g, '') ?? null,
          inline: attachment.contentDisposition === 'inline',
          content: omitted ? new Uint8Array() : new Uint8Array(attachment.content),
          contentOmitted: omitted,
        };
      }),
    };
  },
};

function automaticReason(
  header: (name: string) => string | null,
  from: MailAddress | null,
  contentType: unknown,
  listMailIsAutomatic: boolean,
): AutomaticMailReason | null {
  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted !== null && !/^\s*no\b/i.test(autoSubmitted)) return 'auto_submitted';
  if (header('x-autoreply') !== null || header('x-autorespond') !== null) return 'auto_reply_header';
  if (/^(bulk|junk|list)$/i.test(header('precedence')?.trim() ?? '')) return 'precedence';
  const type = (contentType as { value?: string } | undefined)?.value ?? '';
  if (type.toLowerCase() === 'multipart/report') return 'delivery_report';
  if (/^(mailer-daemon|postmaster)@/i.test(from?.address ?? '')) return 'mailer_daemon';
  if (listMailIsAutomatic && header('list-id') !== null) return 'mailing_list';
  return null;
}

/** INTERIM: sanitize-html's defaults (no scripts, no images); replaced by helper A's sanitizeMailHtml. */
export function interimSanitizeHtml(html: string): string | null {
  const clean = sanitize(html).trim();
  return clean === '' ? null : clean;
}
