/**
 * The MIME parser intake uses (adapter: src/mail/parse-mail.ts). It decodes a raw message into the InboundMessage of
 * the core: text in Unicode, sanitised HTML, quoted history split off, automatic mail recognised.
 */
import type { InboundMessage } from '../../core/mail/inbound-message.ts';

export interface MailParseOptions {
  /** Whether mailing-list mail counts as automatic (the mailbox's option). */
  readonly listMailIsAutomatic: boolean;
  /** Attachments larger than this are listed with their size, their content left out. */
  readonly maxAttachmentBytes: number;
}

export interface MailParser {
  /** Rejects when the bytes are no readable message (intake then keeps them in its log as refused). */
  parse(raw: Uint8Array, options: MailParseOptions): Promise<InboundMessage>;
}
