/**
 * The conversation on a ticket (issue 20): messages in and out on every channel, internal notes, logged calls and
 * automatic mail, as GET /tickets/:id/messages answers them.
 */

export type MessageKind = 'reply' | 'note' | 'call' | 'automatic';
export type MessageChannel = 'email' | 'portal' | 'web' | 'api' | 'phone';

export interface MessageAttachment {
  readonly id: string;
  readonly filename: string | null;
  readonly contentType: string;
  readonly size: number;
  readonly inline: boolean;
  /** Why the file itself was not kept (over the size limit); the download is then absent. */
  readonly omittedReason: string | null;
  readonly url: string | null;
}

export interface MessageRecipient {
  readonly address: string;
  readonly name: string | null;
  readonly kind: 'to' | 'cc';
}

export interface TicketMessage {
  readonly id: string;
  readonly kind: MessageKind;
  readonly direction: 'in' | 'out';
  readonly channel: MessageChannel | (string & {});
  readonly author: {
    readonly name: string | null;
    readonly address: string | null;
    readonly userId: string | null;
  } | null;
  readonly recipients: MessageRecipient[];
  readonly subject: string | null;
  readonly text: string;
  /** The quoted history the sender's client appended (folded in the UI, never dropped). */
  readonly quotedText: string;
  /** Sanitised HTML (no scripts, no remote loading), or null when the message is text only. */
  readonly html: string | null;
  readonly automaticReason: string | null;
  readonly call: { readonly caller: string; readonly startedAt: string; readonly durationSeconds: number } | null;
  readonly delivery: { readonly state: 'queued' | 'sent' | 'failed'; readonly error: string | null } | null;
  readonly occurredAt: string;
  readonly attachments: MessageAttachment[];
}

export interface CallInput {
  caller: string;
  startedAt: string;
  durationSeconds: number;
  summary: string;
}

export interface Mailbox {
  readonly id: string;
  readonly name: string;
  readonly kind: 'imap' | 'forward';
  readonly host: string | null;
  readonly port: number | null;
  readonly tls: 'implicit' | 'starttls' | 'none' | null;
  readonly username: string | null;
  readonly passwordSet: boolean;
  readonly folder: string;
  readonly processed: { readonly action: 'flag' | 'move'; readonly folder: string | null };
  readonly customerId: string | null;
  readonly service: string | null;
  readonly category: string | null;
  readonly acknowledge: boolean;
  readonly listMailIsAutomatic: boolean;
  readonly enabled: boolean;
  readonly status: {
    readonly state: string | null;
    readonly error: string | null;
    readonly at: string | null;
    readonly uidValidity: number | string | null;
  };
  readonly revision: number;
}

/** What the form sends; `password` only when it is set or changed (it is never read back). */
export interface MailboxInput {
  name: string;
  kind: 'imap' | 'forward';
  host?: string | null;
  port?: number | null;
  tls?: 'implicit' | 'starttls' | 'none' | null;
  username?: string | null;
  password?: string;
  folder?: string;
  processed?: { action: 'flag' | 'move'; folder: string | null };
  customerId: string | null;
  service: string | null;
  category: string | null;
  acknowledge: boolean;
  listMailIsAutomatic: boolean;
  enabled: boolean;
}

export type IntakeOutcome =
  | 'new_ticket'
  | 'reply'
  | 'automatic'
  | 'ignored'
  | 'triage'
  | 'held'
  | 'duplicate'
  | 'refused';

export interface TriageItem {
  readonly id: string;
  readonly receivedAt: string;
  readonly from: string | null;
  readonly subject: string | null;
  readonly text: string;
  readonly messages: number;
  /** Why it waits: no customer knows the sender, or several could. */
  readonly reason: string | null;
  readonly suggestedCustomers: { readonly id: string; readonly name: string }[];
}

export interface MailLogEntry {
  readonly id: string;
  readonly mailboxId: string | null;
  readonly receivedAt: string;
  readonly from: string | null;
  readonly subject: string | null;
  readonly outcome: IntakeOutcome | (string & {});
  readonly reason: string | null;
  readonly ticketId: string | null;
}
