/**
 * A received e-mail as intake sees it once the MIME parser (src/mail) has decoded it: addresses in lower case, text
 * in Unicode whatever the charset, HTML already sanitised, the quoted history split from the new text (never dropped),
 * and whether it is automatic mail (docs/mail.md#automatic-mail) that must never open a ticket or count as a reply.
 */

export interface MailAddress {
  /** The bare address in lower case, e.g. `anna@acme.example`. */
  readonly address: string;
  /** The display name, decoded; empty when there is none. */
  readonly name: string;
}

export const automaticMailReasons = [
  'auto_submitted',
  'auto_reply_header',
  'precedence',
  'delivery_report',
  'mailer_daemon',
  'mailing_list',
] as const;
export type AutomaticMailReason = (typeof automaticMailReasons)[number];

export interface InboundAttachment {
  readonly filename: string | null;
  readonly contentType: string;
  readonly size: number;
  /** The Content-ID without angle brackets (inline images referenced as `cid:` from the HTML), or null. */
  readonly contentId: string | null;
  readonly inline: boolean;
  /** The decoded bytes; empty when the part was larger than the parser's size limit (`contentOmitted`). */
  readonly content: Uint8Array;
  /** True when the part exceeded the size limit: it is listed with its real size, but its bytes were not kept. */
  readonly contentOmitted: boolean;
}

export interface InboundMessage {
  readonly from: MailAddress | null;
  readonly replyTo: readonly MailAddress[];
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  /** Decoded subject; empty when there is none. */
  readonly subject: string;
  /** Message-ID with its angle brackets, as in the header; null when the message has none. */
  readonly messageId: string | null;
  readonly inReplyTo: string | null;
  /** Message-IDs of the References header, oldest first. */
  readonly references: readonly string[];
  /** The Date header as epoch milliseconds, or null when missing or unreadable. */
  readonly sentAt: number | null;
  readonly automatic: boolean;
  readonly automaticReason: AutomaticMailReason | null;
  /** The whole decoded body text (from the HTML part when there is no text part). */
  readonly text: string;
  /** The text without the quoted history. */
  readonly newText: string;
  /** The quoted history (shown folded), empty when there is none. */
  readonly quotedText: string;
  /** The HTML part sanitised (no scripts, no remote loading), or null when the message has none. */
  readonly html: string | null;
  /** Every non-body leaf part (attached files, inline images, attached messages, winmail.dat). */
  readonly attachments: readonly InboundAttachment[];
}
