/**
 * Storage ports of e-mail intake (docs/mail.md): the mailboxes Covenant reads, the log of every message it received
 * (whose unique indexes make intake exactly-once), and the directory that tells who a sender is.
 */

import type { CustomerRecord } from './customer-repository.ts';

/** What became of a received message (docs/mail.md#what-intake-does-with-a-message). */
export const inboundOutcomes = ['new_ticket', 'reply', 'automatic', 'ignored', 'triage', 'held', 'refused'] as const;
export type InboundOutcome = (typeof inboundOutcomes)[number];

export interface InboundMailRecord {
  readonly id: string;
  readonly workspaceId: string;
  readonly mailboxId: string | null;
  readonly uidValidity: number | null;
  readonly uid: number | null;
  readonly mailMessageId: string;
  readonly receivedAt: number;
  readonly fromAddress: string | null;
  readonly subject: string | null;
  readonly outcome: InboundOutcome;
  readonly reason: string | null;
  readonly ticketId: string | null;
  readonly customerId: string | null;
  readonly triageRootId: string | null;
}

export interface NewInboundMail {
  readonly workspaceId: string;
  readonly mailboxId: string | null;
  readonly uidValidity: number | null;
  readonly uid: number | null;
  readonly mailMessageId: string;
  readonly receivedAt: number;
  readonly fromAddress: string | null;
  readonly subject: string | null;
  readonly outcome: InboundOutcome;
  readonly reason: string | null;
  /** The raw message as received; null when it is not kept (over the size limit). */
  readonly raw: Uint8Array | null;
}

/** What a message was settled as, once intake decided. */
export interface InboundSettlement {
  readonly outcome: InboundOutcome;
  readonly reason: string | null;
  readonly ticketId: string | null;
  readonly customerId: string | null;
  readonly triageRootId: string | null;
}

/** A message and its raw bytes, for taking it in again (a release, a triage assignment). */
export interface InboundMailWithRaw extends InboundMailRecord {
  readonly raw: Uint8Array | null;
}

/** Where a Message-ID of a thread was found: on a ticket, or on a request waiting in triage. */
export interface ThreadMatch {
  readonly ticketId: string | null;
  readonly triageRootId: string | null;
  /** Which of the ids asked for was found (its index in the list). */
  readonly index: number;
}

export interface TriageItem {
  readonly root: InboundMailRecord;
  /** Messages of the thread, the first included. */
  readonly messages: number;
}

export interface InboundMailLogFilter {
  readonly outcome?: InboundOutcome | undefined;
  readonly limit: number;
  /** Exclusive: the entries received before this one (newest first). */
  readonly before?: { receivedAt: number; id: string } | undefined;
}

export interface InboundMailRepository {
  /**
   * Inserts the message; null when either unique index already holds it (Message-ID, or mailbox UID). With
   * `countFromSenderSince`, also says how many messages from its sender arrived since then, itself included (loop
   * protection, in the same round trip).
   */
  insert(
    mail: NewInboundMail,
    options?: { countFromSenderSince?: number },
  ): Promise<(InboundMailRecord & { readonly fromSenderSince: number | null }) | null>;
  /** The message that holds the Message-ID or the mailbox UID already. */
  findTaken(
    workspaceId: string,
    key: { mailMessageId: string; mailboxId: string | null; uidValidity: number | null; uid: number | null },
  ): Promise<InboundMailRecord | null>;
  settle(workspaceId: string, id: string, settlement: InboundSettlement): Promise<void>;
  get(workspaceId: string, id: string): Promise<InboundMailRecord | null>;
  /** The raw bytes of a message (null when they were not kept). */
  rawOf(workspaceId: string, id: string): Promise<Uint8Array | null>;
  /** Locks the message for taking it in again; with its raw bytes. */
  lock(workspaceId: string, id: string): Promise<InboundMailWithRaw | null>;
  /**
   * The ticket or triage request holding one of the Message-IDs, among every message Covenant received or sent; the
   * ids are tried in the order given (the most specific first).
   */
  findThread(workspaceId: string, messageIds: readonly string[]): Promise<ThreadMatch | null>;
  /** The workspace's log, newest first. */
  log(workspaceId: string, filter: InboundMailLogFilter): Promise<InboundMailRecord[]>;
  /** Requests waiting in triage (first message of each thread, no ticket yet), oldest first. */
  triage(workspaceId: string, limit: number): Promise<TriageItem[]>;
  countTriage(workspaceId: string): Promise<number>;
  /** Locks the messages of a triage thread (the first one first) with their raw bytes; empty when none waits. */
  lockTriageThread(workspaceId: string, rootId: string): Promise<InboundMailWithRaw[]>;
}

/** A customer a sender belongs to, and how that was found. */
export interface SenderCustomer {
  readonly customerId: string;
  /** The customer whole: a ticket opened for it needs no second read. */
  readonly customer: CustomerRecord;
  /** By a contact's address (then the contact's name), or by the customer's e-mail domains. */
  readonly matchedBy: 'contact' | 'domain';
  readonly contactName: string | null;
}

/** A user of the provider (not a customer representative). */
export interface ProviderUser {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly role: string;
}

export interface SenderDirectory {
  /** Customers whose contacts have the address (case-insensitive), else those listing its domain exactly. */
  customersOf(workspaceId: string, address: string): Promise<SenderCustomer[]>;
  /** The provider's enabled user with that address, if any. */
  providerUser(workspaceId: string, address: string): Promise<ProviderUser | null>;
  /** Adds the domain to the customer's e-mail domains (once). */
  addEmailDomain(workspaceId: string, customerId: string, domain: string): Promise<void>;
  /** The id of the ticket with that number in the workspace. */
  ticketIdByNumber(workspaceId: string, number: number): Promise<string | null>;
}

export type MailboxKind = 'imap' | 'forward';
export type MailboxTls = 'implicit' | 'starttls' | 'none';

export interface MailboxRecord {
  readonly id: string;
  readonly workspaceId: string;
  readonly name: string;
  readonly kind: MailboxKind;
  readonly host: string | null;
  readonly port: number | null;
  readonly tls: MailboxTls | null;
  readonly username: string | null;
  readonly passwordSet: boolean;
  readonly folder: string;
  readonly processedAction: 'flag' | 'move';
  readonly processedFolder: string | null;
  readonly customerId: string | null;
  readonly service: string | null;
  readonly category: string | null;
  readonly acknowledge: boolean;
  readonly listMailIsAutomatic: boolean;
  readonly enabled: boolean;
  readonly uidValidity: number | null;
  readonly state: string | null;
  readonly stateError: string | null;
  readonly stateAt: number | null;
  readonly revision: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A mailbox with its password: only for the watcher that logs in, never for the API. */
export interface MailboxCredentials extends MailboxRecord {
  readonly password: string | null;
}

export interface MailboxValues {
  readonly name: string;
  readonly kind: MailboxKind;
  readonly host: string | null;
  readonly port: number | null;
  readonly tls: MailboxTls | null;
  readonly username: string | null;
  readonly folder: string;
  readonly processedAction: 'flag' | 'move';
  readonly processedFolder: string | null;
  readonly customerId: string | null;
  readonly service: string | null;
  readonly category: string | null;
  readonly acknowledge: boolean;
  readonly listMailIsAutomatic: boolean;
  readonly enabled: boolean;
}

/** What the watcher last reported of a mailbox. */
export interface MailboxStatusUpdate {
  readonly state: string;
  readonly error: string | null;
  readonly at: number;
  readonly uidValidity?: number | null | undefined;
}

export interface MailboxRepository {
  /** Null when the workspace has a mailbox of that name. */
  create(workspaceId: string, values: MailboxValues & { password: string | null }): Promise<MailboxRecord | null>;
  get(workspaceId: string, id: string): Promise<MailboxRecord | null>;
  list(workspaceId: string): Promise<MailboxRecord[]>;
  /**
   * Changes the mailbox if it still has the expected revision (undefined: any); `password` undefined keeps it. Null
   * when it was not found or changed meanwhile; 'name-taken' when another mailbox has the name.
   */
  update(
    workspaceId: string,
    id: string,
    changes: Partial<MailboxValues> & { password?: string | null },
    expectedRevision: number | undefined,
  ): Promise<MailboxRecord | null | 'name-taken'>;
  delete(workspaceId: string, id: string): Promise<boolean>;
  /** Any workspace's mailbox with its password (the watchers run for every workspace). */
  credentials(id: string): Promise<MailboxCredentials | null>;
  /** Every enabled IMAP mailbox of every workspace, with passwords. */
  enabledImap(): Promise<MailboxCredentials[]>;
  setStatus(id: string, status: MailboxStatusUpdate): Promise<void>;
}
