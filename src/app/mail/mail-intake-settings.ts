/**
 * What e-mail intake and the outgoing conversation are given by the composition: the parser, the limits (from the
 * configuration) and the domain of Covenant's own Message-IDs.
 */
import type { MailParser } from '../ports/mail-parser.ts';
import type { RandomSource } from '../ports/security.ts';
import type { Clock, Store } from '../ports/store.ts';

export interface MailIntakeLimits {
  /** A message larger than this is refused (kept in the log without its bytes, left in the mailbox). */
  readonly maxMessageBytes: number;
  /** An attachment larger than this is listed without its content (the raw message still holds it). */
  readonly maxAttachmentBytes: number;
  /** Attachments of one message stored up to this many bytes together; the rest are listed without content. */
  readonly maxAttachmentBytesPerMessage: number;
  /** More messages than this from one sender within a minute are held (loop protection). */
  readonly senderMessagesPerMinute: number;
}

export const MIB = 1024 * 1024;

export const defaultMailIntakeLimits: MailIntakeLimits = {
  maxMessageBytes: 25 * MIB,
  maxAttachmentBytes: 10 * MIB,
  maxAttachmentBytesPerMessage: 25 * MIB,
  senderMessagesPerMinute: 20,
};

export interface MailServices {
  readonly parser: MailParser;
  readonly limits: MailIntakeLimits;
  /**
   * Messages of one mailbox taken in at the same time, each in its own transaction; related messages keep their order
   * (docs/mail.md#throughput). On the embedded database transactions run one at a time whatever this says.
   */
  readonly intakeConcurrency: number;
  /** The right-hand side of the Message-IDs Covenant sends (the sender address's domain). */
  readonly messageIdDomain: string;
  /** HTML made safe to show (no scripts, no remote loading); null when nothing is left of it. */
  readonly sanitizeHtml: (html: string) => string | null;
}

export interface MailIntakeDependencies {
  readonly store: Store;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly mail: MailServices;
}
