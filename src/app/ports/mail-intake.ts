/**
 * E-mail intake from IMAP mailboxes (docs/mail.md#mailboxes-and-imap). The watcher (src/mail) reads each mailbox and
 * hands every pending message to a sink; the sink records the message and its ticket in one transaction, deduplicated
 * by (mailbox, UIDVALIDITY, UID) and by Message-ID, so a crash or a second watcher of the same mailbox never opens a
 * ticket twice. Only after the sink answers `processed` does the watcher mark the message on the server (a keyword or
 * a move): the server's mark is a shortcut that spares re-reading, never the guarantee of exactly-once.
 */

/** How the connection is protected: TLS from the first byte (usually port 993), STARTTLS (143), or none. */
export type ImapSecurity = 'implicit' | 'starttls' | 'none';

/** What marks a message as taken in on the server. */
export type ProcessedAction = { readonly action: 'flag' } | { readonly action: 'move'; readonly folder: string };

export interface MailboxConnection {
  readonly mailboxId: string;
  readonly workspaceId: string;
  readonly host: string;
  readonly port: number;
  readonly tls: ImapSecurity;
  readonly username: string;
  readonly password: string;
  /** The watched folder, e.g. `INBOX`. */
  readonly folder: string;
  readonly processed: ProcessedAction;
}

/** The enabled mailboxes as configured now; the supervisor calls it again every few seconds. */
export type MailboxConnectionLoader = () => Promise<readonly MailboxConnection[]>;

/** Where a message was read: the identity the sink deduplicates on (with the Message-ID inside the raw message). */
export interface MailSource {
  readonly mailboxId: string;
  readonly uidValidity: number;
  readonly uid: number;
}

/**
 * `processed`: recorded now, or recorded before (idempotent): the watcher marks it on the server.
 * `leave`: not taken (refused as too large, a transient failure): the watcher leaves it unmarked and offers it again
 * later.
 */
export type TakeInOutcome = 'processed' | 'leave';

export const mailboxStates = ['connected', 'idle', 'polling', 'error'] as const;
/**
 * `connected`: signed in, the folder is open, pending mail is being taken in. `idle`: waiting for new mail with IMAP
 * IDLE. `polling`: the server has no IDLE, the folder is checked at an interval. `error`: not connected; the watcher
 * retries with growing pauses.
 */
export type MailboxState = (typeof mailboxStates)[number];

export const mailboxErrorCodes = [
  /** The server refused the user name or password. */
  'IMAP_AUTH_FAILED',
  /** The watched folder does not exist (or the account may not open it). */
  'IMAP_FOLDER_NOT_FOUND',
  /** The TLS handshake failed (certificate not trusted, wrong protocol) or STARTTLS is not offered. */
  'IMAP_TLS_FAILED',
  /** No connection: host unknown, connection refused, or no answer in time. */
  'IMAP_CONNECT_FAILED',
  /** The connection was lost or the server answered in a way the watcher cannot continue from. */
  'IMAP_CONNECTION_LOST',
  /** Messages cannot be marked as processed: the folder is read-only, or the move target cannot be used. */
  'IMAP_CANNOT_MARK',
] as const;
export type MailboxErrorCode = (typeof mailboxErrorCodes)[number];

export interface MailboxStatus {
  readonly state: MailboxState;
  /** Epoch milliseconds. */
  readonly at: number;
  /** With `state: 'error'`: a stable code and a sentence for the mailbox's owner. */
  readonly errorCode?: MailboxErrorCode;
  readonly error?: string;
  /** The folder's UIDVALIDITY once it is open. */
  readonly uidValidity?: number;
  /**
   * Something the owner should know while intake works, e.g. that the server does not allow keywords so processed
   * messages are marked \Flagged instead, or that messages were left in the folder.
   */
  readonly notice?: string;
}

/** A message as read from the mailbox. */
export interface ReadMail {
  readonly source: MailSource;
  readonly raw: Uint8Array;
}

export interface MailIntakeSink {
  /**
   * Takes in the messages of one mailbox read in one pass (in UID order) and answers for each, in the same order.
   * The sink may take unrelated messages in side by side; related ones (a thread, a sender) keep their order.
   */
  takeIn(messages: readonly ReadMail[]): Promise<TakeInOutcome[]>;
  mailboxStatus(mailboxId: string, status: MailboxStatus): Promise<void>;
}

/**
 * Told when an administrator adds, changes or removes a mailbox, so that the watchers of this process follow at once
 * instead of at their next reload (every 30 s); other processes (workers) follow at theirs.
 */
export interface MailboxChangeSignal {
  changed(): void;
}
