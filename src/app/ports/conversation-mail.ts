/**
 * The e-mails of a ticket's conversation, as data in the outbox (rendered by src/notify at delivery): an agent's
 * public reply, and the acknowledgement of a request. Both are threaded to the ticket's mail (In-Reply-To,
 * References) and carry the ticket's key in the subject; each names the ticket message whose delivery state it
 * updates.
 */

interface ThreadedEmail {
  /** The ticket message this e-mail is (its delivery state follows the outbox). */
  readonly ticketMessageId: string;
  /** The Message-ID it is sent with (stored on the ticket message). */
  readonly mailMessageId: string;
  readonly subject: string;
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
}

/** An agent's public reply: the text as written, to the requester and the cc's. No Auto-Submitted header. */
export interface ConversationReplyEmail extends ThreadedEmail {
  readonly text: string;
  readonly cc: readonly string[];
  /** Who wrote it, for the signature line. */
  readonly authorName: string | null;
}

/** The acknowledgement of a request (`Auto-Submitted: auto-replied`). */
export interface AcknowledgementEmail extends ThreadedEmail {
  readonly ticket: {
    readonly id: string;
    readonly key: string;
    readonly title: string;
    readonly priority: string | null;
  };
  /** When the first response is due (epoch ms); null when no first-response target applies. */
  readonly firstResponseDueAt: number | null;
  /** The requester's zone, in which the instant is written. */
  readonly timeZone: string;
}

/** What an outbox e-mail of the conversation carries. */
export type ConversationEmailPayload =
  | { readonly reply: ConversationReplyEmail; readonly ticketMessageId: string }
  | { readonly acknowledgement: AcknowledgementEmail; readonly ticketMessageId: string };
