/**
 * Use-case: take in one received e-mail, exactly once (docs/mail.md#what-intake-does-with-a-message). The message is
 * parsed first, outside any transaction; then ONE transaction inserts its row in the intake log (a Message-ID or a
 * mailbox UID already there means it was taken in before, by this process or another: the call answers `duplicate`
 * and changes nothing), routes it (new ticket, reply, automatic mail, triage, held), settles the row and queues the
 * acknowledgement. A crash anywhere before the commit leaves nothing behind, so the message is simply taken in again.
 */

import type { InboundMessage } from '../../core/mail/inbound-message.ts';
import { intakeLanes } from '../../core/mail/intake-order.ts';
import { derivedMessageId } from '../../core/mail/mail-identity.ts';
import { formatTicketKey, ticketNumberInSubject } from '../../core/mail/ticket-key.ts';
import { type Principal, requirePermission, workspaceScope } from '../access/principal.ts';
import { notFound } from '../app-error.ts';
import type { InboundMailRecord, InboundOutcome, MailboxRecord } from '../ports/mail-repository.ts';
import type { Repositories } from '../ports/store.ts';
import { acknowledgeRequest } from './acknowledge-request.ts';
import type { MailIntakeDependencies } from './mail-intake-settings.ts';
import { LOOP_WINDOW_MS, type RoutedMessage, routeInboundMessage } from './route-inbound-message.ts';

export type IntakeOutcome = InboundOutcome | 'duplicate';

export interface IntakeResult {
  readonly outcome: IntakeOutcome;
  readonly reason: string | null;
  readonly ticketId: string | null;
  readonly ticketKey: string | null;
  readonly inboundId: string | null;
  /** For a duplicate: what became of the message when it was first taken in. */
  readonly earlier?: { readonly outcome: InboundOutcome; readonly reason: string | null } | undefined;
}

/** Where the message was read: a mailbox UID (IMAP), or none (forwarded to the API). */
export interface MailArrival {
  readonly mailboxId: string;
  readonly uidValidity: number | null;
  readonly uid: number | null;
}

export const refusalReasons = { tooLarge: 'too_large', unreadable: 'unreadable' } as const;

/** Takes in a message read from a mailbox (any workspace's: the watcher serves them all). */
export async function takeInMail(
  dependencies: MailIntakeDependencies,
  arrival: MailArrival,
  raw: Uint8Array,
): Promise<IntakeResult> {
  const mailbox = await dependencies.store.read.mailboxes.credentials(arrival.mailboxId);
  if (mailbox === null) throw notFound('mailbox', arrival.mailboxId);
  return takeInto(dependencies, mailbox, arrival, raw);
}

/** Takes in a message forwarded to the API (`POST /mail/inbound`) for a mailbox of the principal's workspace. */
export async function takeInForwardedMail(
  dependencies: MailIntakeDependencies,
  principal: Principal,
  mailboxId: string,
  raw: Uint8Array,
): Promise<IntakeResult> {
  requirePermission(principal, 'mail.intake');
  const mailbox = await dependencies.store.read.mailboxes.get(principal.workspaceId, mailboxId);
  if (mailbox === null) throw notFound('mailbox', mailboxId);
  return takeInto(dependencies, mailbox, { mailboxId, uidValidity: null, uid: null }, raw);
}

async function takeInto(
  dependencies: MailIntakeDependencies,
  mailbox: MailboxRecord,
  arrival: MailArrival,
  raw: Uint8Array,
): Promise<IntakeResult> {
  return record(dependencies, mailbox, arrival, raw, await read(dependencies, mailbox, raw));
}

/** A message read before its transaction: parsed, or to be logged only (too large, unreadable). */
type ReadMessage =
  | { readonly kind: 'parsed'; readonly message: InboundMessage }
  | {
      readonly kind: 'log_only';
      readonly head: MessageHead | null;
      readonly reason: string;
      readonly keepRaw: boolean;
    };

async function read(
  dependencies: MailIntakeDependencies,
  mailbox: MailboxRecord,
  raw: Uint8Array,
): Promise<ReadMessage> {
  const { limits } = dependencies.mail;
  const parseOptions = {
    listMailIsAutomatic: mailbox.listMailIsAutomatic,
    maxAttachmentBytes: limits.maxAttachmentBytes,
  };
  if (raw.byteLength > limits.maxMessageBytes) {
    // Too large to keep: logged without its bytes, and left in the mailbox for a person to deal with.
    const head = await parseHead(dependencies, raw, parseOptions);
    return { kind: 'log_only', head, reason: refusalReasons.tooLarge, keepRaw: false };
  }
  try {
    return { kind: 'parsed', message: await dependencies.mail.parser.parse(raw, parseOptions) };
  } catch {
    return { kind: 'log_only', head: null, reason: refusalReasons.unreadable, keepRaw: true };
  }
}

async function record(
  dependencies: MailIntakeDependencies,
  mailbox: MailboxRecord,
  arrival: MailArrival,
  raw: Uint8Array,
  read: ReadMessage,
): Promise<IntakeResult> {
  if (read.kind === 'log_only') {
    return logOnly(dependencies, mailbox, arrival, read.head, raw, 'refused', read.reason, read.keepRaw);
  }
  const { message } = read;
  const { limits } = dependencies.mail;
  const now = dependencies.clock.now();
  const mailMessageId = message.messageId ?? derivedMessageId(raw);
  return dependencies.store.transaction(async (repositories) => {
    const inbound = await repositories.inboundMail.insert(
      {
        workspaceId: mailbox.workspaceId,
        mailboxId: mailbox.id,
        uidValidity: arrival.uidValidity,
        uid: arrival.uid,
        mailMessageId,
        receivedAt: now,
        fromAddress: message.from?.address ?? null,
        subject: message.subject,
        outcome: 'ignored',
        reason: 'being_taken_in',
        raw,
      },
      { countFromSenderSince: now - LOOP_WINDOW_MS },
    );
    if (inbound === null) return duplicateOf(repositories, mailbox.workspaceId, mailMessageId, arrival);
    const routed = await routeInboundMessage(repositories, {
      workspaceId: mailbox.workspaceId,
      mailbox,
      inbound,
      message,
      arrivedAt: now,
      now,
      recentFromSender: inbound.fromSenderSince,
      limits,
    });
    return finish(repositories, dependencies, { mailbox, inbound, message, routed, now, acknowledge: true });
  });
}

/** One message of a batch read from a mailbox, and what became of it: a result, or the failure that left it. */
export interface BatchItem {
  readonly arrival: MailArrival;
  readonly raw: Uint8Array;
}
export type BatchOutcome = { readonly result: IntakeResult } | { readonly error: unknown };

/**
 * Takes in the messages of one mailbox read in one pass, `concurrency` at a time, in separate transactions: related
 * messages (a thread, a sender, a ticket key: core/mail/intake-order.ts) one after the other in the given order,
 * unrelated ones side by side. Each message is exactly-once on its own, as with `takeInMail`; a failure leaves only
 * its own message. Outcomes come back in the order of `items`.
 */
export async function takeInMailBatch(
  dependencies: MailIntakeDependencies,
  mailboxId: string,
  items: readonly BatchItem[],
  concurrency: number,
): Promise<BatchOutcome[]> {
  const mailbox = await dependencies.store.read.mailboxes.credentials(mailboxId);
  if (mailbox === null) throw notFound('mailbox', mailboxId);
  const reads: (ReadMessage | { readonly kind: 'failed'; readonly error: unknown })[] = [];
  for (const item of items) {
    reads.push(
      await read(dependencies, mailbox, item.raw).catch((error: unknown) => ({ kind: 'failed', error }) as const),
    );
  }
  const lanes = intakeLanes(
    reads.map((entry) => {
      if (entry.kind !== 'parsed') return null;
      const { message } = entry;
      return {
        sender: message.from?.address ?? null,
        messageIds: [message.messageId, message.inReplyTo, ...message.references].filter((id) => id !== null),
        ticketNumber: ticketNumberInSubject(message.subject),
      };
    }),
  );
  const outcomes: BatchOutcome[] = new Array(items.length);
  let next = 0;
  const runLanes = async () => {
    while (next < lanes.length) {
      const lane = lanes[next++]!;
      for (const index of lane) {
        const entry = reads[index]!;
        const item = items[index]!;
        if (entry.kind === 'failed') {
          outcomes[index] = { error: entry.error };
          continue;
        }
        try {
          outcomes[index] = { result: await record(dependencies, mailbox, item.arrival, item.raw, entry) };
        } catch (error) {
          outcomes[index] = { error };
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, lanes.length)) }, runLanes));
  return outcomes;
}

/** Settles the log row and, for a request that opened a ticket, queues its acknowledgement if the mailbox sends one. */
export async function finish(
  repositories: Repositories,
  dependencies: Pick<MailIntakeDependencies, 'random' | 'mail'>,
  input: {
    mailbox: MailboxRecord;
    inbound: InboundMailRecord;
    message: InboundMessage;
    routed: RoutedMessage;
    now: number;
    acknowledge: boolean;
  },
): Promise<IntakeResult> {
  const { routed, inbound, mailbox } = input;
  await repositories.inboundMail.settle(mailbox.workspaceId, inbound.id, routed.settlement);
  if (input.acknowledge && mailbox.acknowledge && routed.settlement.outcome === 'new_ticket' && routed.ticket) {
    await acknowledgeRequest(
      repositories,
      { random: dependencies.random, messageIdDomain: dependencies.mail.messageIdDomain },
      {
        ticket: routed.ticket,
        projection: routed.opened,
        request: input.message,
        requestMessageId: inbound.mailMessageId,
        now: input.now,
        customerTimeZone: routed.customerTimeZone,
      },
    );
  }
  return {
    outcome: routed.settlement.outcome,
    reason: routed.settlement.reason,
    ticketId: routed.ticket?.id ?? null,
    ticketKey: routed.ticket ? formatTicketKey(routed.ticket.number) : null,
    inboundId: inbound.id,
  };
}

interface MessageHead {
  readonly from: string | null;
  readonly subject: string | null;
  readonly messageId: string | null;
}

/** The header of a message too large to parse whole: who sent it and what it is called, for the log. */
async function parseHead(
  dependencies: MailIntakeDependencies,
  raw: Uint8Array,
  options: { listMailIsAutomatic: boolean; maxAttachmentBytes: number },
): Promise<MessageHead | null> {
  const window = raw.subarray(0, Math.min(raw.byteLength, 256 * 1024));
  const end = headerEnd(window);
  if (end === -1) return null;
  try {
    const head = await dependencies.mail.parser.parse(window.subarray(0, end), options);
    return { from: head.from?.address ?? null, subject: head.subject, messageId: head.messageId };
  } catch {
    return null;
  }
}

/** Where the header ends (the blank line, included), or -1. */
function headerEnd(bytes: Uint8Array): number {
  for (let index = 0; index + 1 < bytes.length; index++) {
    if (bytes[index] !== 10) continue;
    if (bytes[index + 1] === 10) return index + 2;
    if (bytes[index + 1] === 13 && bytes[index + 2] === 10) return index + 3;
  }
  return -1;
}

/** A message recorded in the log only (refused): exactly-once by its Message-ID or UID all the same. */
async function logOnly(
  dependencies: MailIntakeDependencies,
  mailbox: MailboxRecord,
  arrival: MailArrival,
  head: MessageHead | null,
  raw: Uint8Array,
  outcome: InboundOutcome,
  reason: string,
  keepRaw: boolean,
): Promise<IntakeResult> {
  const mailMessageId = head?.messageId ?? derivedMessageId(raw);
  return dependencies.store.transaction(async (repositories) => {
    const inbound = await repositories.inboundMail.insert({
      workspaceId: mailbox.workspaceId,
      mailboxId: mailbox.id,
      uidValidity: arrival.uidValidity,
      uid: arrival.uid,
      mailMessageId,
      receivedAt: dependencies.clock.now(),
      fromAddress: head?.from ?? null,
      subject: head?.subject ?? null,
      outcome,
      reason,
      raw: keepRaw ? raw : null,
    });
    if (inbound === null) return duplicateOf(repositories, mailbox.workspaceId, mailMessageId, arrival);
    return { outcome, reason, ticketId: null, ticketKey: null, inboundId: inbound.id };
  });
}

async function duplicateOf(
  repositories: Repositories,
  workspaceId: string,
  mailMessageId: string,
  arrival: MailArrival,
): Promise<IntakeResult> {
  const taken = await repositories.inboundMail.findTaken(workspaceId, { mailMessageId, ...arrival });
  const ticket =
    taken?.ticketId == null ? null : await repositories.tickets.get(workspaceScope(workspaceId), taken.ticketId);
  return {
    outcome: 'duplicate',
    reason: 'already_taken_in',
    ticketId: taken?.ticketId ?? null,
    ticketKey: ticket ? formatTicketKey(ticket.number) : null,
    inboundId: taken?.id ?? null,
    earlier: taken === null ? undefined : { outcome: taken.outcome, reason: taken.reason },
  };
}
