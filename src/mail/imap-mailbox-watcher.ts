/**
 * Watches one IMAP mailbox (docs/mail.md#mailboxes-and-imap): signs in, opens the folder, hands every pending message
 * to the sink in UID order, marks what the sink took (keyword or move), then waits with IDLE for new mail — or polls
 * when the server has no IDLE — and re-scans every few minutes anyway. Any failure ends the session; the next one
 * starts after a pause that doubles up to a cap. Exactly-once is the sink's: it records (mailbox, UIDVALIDITY, UID)
 * and the Message-ID with the ticket, so a message offered twice (after a crash before the mark, by a second watcher,
 * after a UIDVALIDITY change) is answered `processed` without a second ticket.
 */
import type { ImapFlow } from 'imapflow';
import type {
  MailboxConnection,
  MailboxStatus,
  MailIntakeSink,
  ReadMail,
  TakeInOutcome,
} from '../app/ports/mail-intake.ts';
import {
  claimForMove,
  closeQuietly,
  ensureMoveTarget,
  type ImapConnectionOptions,
  imapClientFor,
  moveMessages,
} from './imap-connection.ts';
import { CannotMarkProcessedError, describeImapFailure } from './imap-failure.ts';
import { sleep, Wakeup } from './interruptible-wait.ts';
import { LeftMessages } from './left-messages.ts';
import {
  COVENANT_KEYWORD,
  carriesMark,
  chooseMark,
  flagsOfMark,
  type ProcessedMark,
  pendingQuery,
} from './processed-mark.ts';

export interface MailWatcherLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

export interface ImapMailboxWatcherOptions extends ImapConnectionOptions {
  /** How often a server without IDLE is checked for new mail (ms). Default one minute. */
  readonly pollIntervalMs?: number;
  /** With IDLE, how often the folder is searched anyway, in case a notification was missed (ms). Default 5 minutes. */
  readonly rescanIntervalMs?: number;
  /** First pause before reconnecting after a failure (ms); it doubles after each failure in a row. Default 1 s. */
  readonly reconnectMinMs?: number;
  /** Longest pause before reconnecting (ms). Default 5 minutes. */
  readonly reconnectMaxMs?: number;
  /** First pause before a message the sink left is offered again (ms); doubles up to `rescanIntervalMs`. Default 30 s. */
  readonly retryLeftAfterMs?: number;
  /** Messages per metadata fetch. Default 100. */
  readonly batchSize?: number;
  /** Bytes of message sources fetched in one command (one larger message is fetched alone). Default 8 MiB. */
  readonly batchBytes?: number;
  /** Larger messages are not downloaded: they stay in the folder and the status says so. Default 50 MiB. */
  readonly maxMessageBytes?: number;
  // From ImapConnectionOptions: `tls` (extra TLS options, e.g. `{ ca }` for a private certificate authority) and the
  // connect, greeting and socket inactivity limits in ms (defaults 30 s, 30 s, 5 minutes).
  readonly logger?: MailWatcherLogger;
  /** Epoch milliseconds for the statuses. Default `Date.now`. */
  readonly now?: () => number;
}

/** Watches until `signal` is aborted, then logs out; never rejects. */
export function watchImapMailbox(
  mailbox: MailboxConnection,
  sink: MailIntakeSink,
  signal: AbortSignal,
  options: ImapMailboxWatcherOptions = {},
): Promise<void> {
  return new ImapMailboxWatcher(mailbox, sink, signal, options).run();
}

interface SessionEvents {
  /** Rung by new mail (EXISTS), a closed connection or an error. */
  readonly wakeup: Wakeup;
  failure: Error | null;
}

interface Session {
  readonly client: ImapFlow;
  readonly events: SessionEvents;
  readonly idle: boolean;
  /** The folder's state as last selected; a re-scan selects it again. */
  uidValidity: number;
  permanentFlags: ReadonlySet<string> | undefined;
  mark: ProcessedMark;
  /** The keyword $Covenant was stored in this folder before (it is among the folder's FLAGS) or in this session. */
  keywordProven: boolean;
  folderOpenedAt: number;
}

/** A message as its metadata was read before it was offered. */
interface ProcessedMessage {
  readonly uid: number;
  readonly modseq: bigint | undefined;
}

class ImapMailboxWatcher {
  readonly #mailbox: MailboxConnection;
  readonly #sink: MailIntakeSink;
  readonly #signal: AbortSignal;
  readonly #options: ImapMailboxWatcherOptions;
  readonly #now: () => number;
  readonly #rescanMs: number;
  /** UIDVALIDITY of the last session: a new one means every UID changed meaning. */
  #uidValidity: number | null = null;
  readonly #left: LeftMessages;
  #keywordRefused = false;
  /** In move mode, the claimed messages the last re-scan found still in the folder. */
  #claimedAtLastRescan = new Set<number>();
  #notice: string | undefined;
  #lastStatus = '';

  constructor(
    mailbox: MailboxConnection,
    sink: MailIntakeSink,
    signal: AbortSignal,
    options: ImapMailboxWatcherOptions,
  ) {
    this.#mailbox = mailbox;
    this.#sink = sink;
    this.#signal = signal;
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#rescanMs = options.rescanIntervalMs ?? 5 * 60_000;
    this.#left = new LeftMessages(options.retryLeftAfterMs ?? 30_000, this.#rescanMs);
  }

  async run(): Promise<void> {
    const minPause = this.#options.reconnectMinMs ?? 1000;
    const maxPause = this.#options.reconnectMaxMs ?? 5 * 60_000;
    let failuresInARow = 0;
    while (!this.#signal.aborted) {
      let settled = false;
      try {
        await this.#session(() => {
          settled = true;
        });
      } catch (error) {
        if (this.#signal.aborted) break;
        if (settled) failuresInARow = 0;
        const failure = describeImapFailure(error, this.#mailbox);
        this.#options.logger?.warn(
          { mailboxId: this.#mailbox.mailboxId, code: failure.code, err: error },
          `mailbox watcher: ${failure.message}`,
        );
        await this.#report({ state: 'error', errorCode: failure.code, error: failure.message });
        // Full doubling with a little jitter, so watchers that failed together do not return together.
        const pause = Math.min(maxPause, minPause * 2 ** failuresInARow) * (0.85 + Math.random() * 0.3);
        failuresInARow = Math.min(failuresInARow + 1, 30);
        await sleep(pause, this.#signal);
      }
    }
  }

  /** One connection: returns when stopped, throws on any failure. `onSettled` runs after each complete pass. */
  async #session(onSettled: () => void): Promise<void> {
    const client = imapClientFor(this.#mailbox, this.#options);
    const events: SessionEvents = { wakeup: new Wakeup(), failure: null };
    client.on('exists', () => events.wakeup.ring());
    client.on('close', () => events.wakeup.ring());
    client.on('error', (error: Error) => {
      events.failure = error;
      events.wakeup.ring();
    });
    // Connecting can take until its timeout; a stop must not wait for that.
    const abortConnecting = () => client.close();
    this.#signal.addEventListener('abort', abortConnecting, { once: true });
    try {
      await client.connect();
      const session: Session = {
        client,
        events,
        idle: client.capabilities.has('IDLE'),
        ...(await this.#openFolder(client)),
        folderOpenedAt: this.#now(),
      };
      this.#signal.removeEventListener('abort', abortConnecting);
      if (session.mark.kind === 'move') await ensureMoveTarget(client, session.mark.folder);
      await this.#report({ state: 'connected', uidValidity: session.uidValidity });
      while (!this.#signal.aborted) {
        await this.#takeInPending(session);
        if (this.#signal.aborted) break;
        onSettled();
        await this.#report({ state: session.idle ? 'idle' : 'polling', uidValidity: session.uidValidity });
        await this.#waitForWork(session);
        if (this.#signal.aborted) break;
        if (!client.usable) throw events.failure ?? new Error('the server closed the connection');
        if (this.#now() - session.folderOpenedAt >= this.#rescanMs) {
          await this.#reopenFolder(session);
        } else if (!session.idle) {
          // Without IDLE, nothing told the server to look at the folder since the last command: NOOP makes it report
          // what arrived before the search runs.
          await client.noop();
        }
      }
    } finally {
      this.#signal.removeEventListener('abort', abortConnecting);
      await closeQuietly(client);
    }
  }

  async #openFolder(
    client: ImapFlow,
  ): Promise<Pick<Session, 'uidValidity' | 'permanentFlags' | 'mark' | 'keywordProven'>> {
    const folder = await client.mailboxOpen(this.#mailbox.folder);
    const uidValidity = Number(folder.uidValidity);
    this.#noteUidValidity(uidValidity);
    return {
      uidValidity,
      permanentFlags: folder.permanentFlags,
      mark: this.#chooseMark(folder.permanentFlags, folder.readOnly === true),
      keywordProven: folder.flags.has(COVENANT_KEYWORD),
    };
  }

  /**
   * The safety re-scan selects the folder again: a session keeps showing a folder that was deleted and created anew
   * (Dovecot even answers its old UIDVALIDITY), and IDLE reports nothing from the new one.
   */
  async #reopenFolder(session: Session): Promise<void> {
    const before = session.uidValidity;
    Object.assign(session, await this.#openFolder(session.client), { folderOpenedAt: this.#now() });
    if (session.uidValidity !== before) await this.#report({ state: 'connected', uidValidity: session.uidValidity });
    await this.#moveStrandedClaims(session);
  }

  #noteUidValidity(uidValidity: number): void {
    if (this.#uidValidity !== null && this.#uidValidity !== uidValidity) {
      this.#options.logger?.info(
        { mailboxId: this.#mailbox.mailboxId, from: this.#uidValidity, to: uidValidity },
        'mailbox watcher: UIDVALIDITY changed; every message in the folder is checked again',
      );
      this.#left.clear();
      this.#claimedAtLastRescan.clear();
    }
    this.#uidValidity = uidValidity;
  }

  #chooseMark(permanentFlags: ReadonlySet<string> | undefined, readOnly: boolean): ProcessedMark {
    const chosen = readOnly ? null : chooseMark(this.#mailbox.processed, permanentFlags, this.#keywordRefused);
    if (chosen === null) {
      throw new CannotMarkProcessedError(
        `The folder "${this.#mailbox.folder}" is read-only for this account: Covenant cannot mark the messages it ` +
          'took in. Give the account write access to the folder.',
      );
    }
    if (chosen.mark.kind === 'move' && sameFolder(chosen.mark.folder, this.#mailbox.folder)) {
      throw new CannotMarkProcessedError(
        `Processed messages are to be moved to "${chosen.mark.folder}", the watched folder itself: choose another folder.`,
      );
    }
    this.#notice = chosen.notice;
    return chosen.mark;
  }

  /** Every pending message in UID order, in batches, until a search finds none that is due. */
  async #takeInPending(session: Session): Promise<void> {
    const batchSize = this.#options.batchSize ?? 100;
    let from = 1;
    for (;;) {
      const mark = session.mark;
      const found = await session.client.search({ ...pendingQuery(mark), uid: `${from}:*` }, { uid: true });
      if (!Array.isArray(found)) throw new Error('the server refused the search for pending messages');
      if (from === 1) this.#left.keepOnly(found);
      const now = this.#now();
      // `UID n:*` also matches the highest UID when it is below n (RFC 3501, 6.4.8).
      const due = found.filter((uid) => uid >= from && !this.#left.isWaiting(uid, now)).sort((a, b) => a - b);
      if (due.length === 0) return;
      for (let start = 0; start < due.length && session.mark === mark; ) {
        if (this.#signal.aborted) return;
        // Until the keyword is known to stick in this folder, one message goes first: if the server refuses the
        // keyword, the messages it marked \Flagged on an earlier run are then not offered again (the search changes).
        const size = usesKeyword(mark) && !session.keywordProven ? 1 : batchSize;
        await this.#takeInBatch(session, due.slice(start, start + size));
        start += size;
      }
      // A changed mark changes what is pending: search again from the start.
      from = session.mark === mark ? due[due.length - 1]! + 1 : 1;
    }
  }

  async #takeInBatch(session: Session, uids: readonly number[]): Promise<void> {
    const maxBytes = this.#options.maxMessageBytes ?? 50 * 1024 * 1024;
    const found = new Map<number, ProcessedMessage & { size: number }>();
    const query = { uid: true, size: true, flags: true };
    for await (const message of session.client.fetch(uids.join(','), query, { uid: true })) {
      // Gone (moved or deleted by someone else) or already marked by another watcher: nothing to do.
      if (message.flags && carriesMark(session.mark, message.flags)) continue;
      found.set(message.uid, { uid: message.uid, size: message.size ?? 0, modseq: message.modseq });
    }
    const readable: number[] = [];
    for (const uid of uids) {
      const size = found.get(uid)?.size;
      if (size === undefined) continue;
      if (size <= maxBytes) {
        readable.push(uid);
      } else if (this.#left.leaveTooLarge(uid, this.#now())) {
        this.#options.logger?.warn(
          { mailboxId: this.#mailbox.mailboxId, uid, size, maxBytes },
          'mailbox watcher: a message is larger than the limit and stays in the folder unread',
        );
      }
    }
    const sizeOf = (uid: number) => found.get(uid)?.size ?? 0;
    for (const chunk of chunksBySize(readable, sizeOf, this.#options.batchBytes ?? 8 * 1024 * 1024)) {
      const sources = new Map<number, Uint8Array>();
      for await (const message of session.client.fetch(chunk.join(','), { uid: true, source: true }, { uid: true })) {
        if (message.source) sources.set(message.uid, message.source);
      }
      const read = chunk.flatMap((uid) => {
        const raw = sources.get(uid);
        return raw === undefined
          ? []
          : [{ source: { mailboxId: this.#mailbox.mailboxId, uidValidity: session.uidValidity, uid }, raw }];
      });
      const outcomes = await this.#offer(read);
      const processed: ProcessedMessage[] = [];
      read.forEach(({ source }, index) => {
        if (outcomes[index] === 'processed') {
          processed.push(found.get(source.uid)!);
          this.#left.taken(source.uid);
        } else {
          this.#left.leave(source.uid, this.#now());
        }
      });
      await this.#markProcessed(session, processed);
      if (this.#signal.aborted) return;
    }
  }

  /** The sink takes the chunk in (unrelated messages side by side); a failure of the whole call leaves them all. */
  async #offer(messages: readonly ReadMail[]): Promise<TakeInOutcome[]> {
    if (messages.length === 0) return [];
    try {
      return await this.#sink.takeIn(messages);
    } catch (error) {
      this.#options.logger?.warn(
        { mailboxId: this.#mailbox.mailboxId, uids: messages.map((message) => message.source.uid), err: error },
        'mailbox watcher: taking in messages failed; they stay in the folder and are offered again later',
      );
      return messages.map(() => 'leave');
    }
  }

  async #markProcessed(session: Session, messages: readonly ProcessedMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const { client } = session;
    const mark = session.mark;
    const lost = () => session.events.failure ?? new Error('the connection closed while marking messages');
    if (mark.kind === 'move') {
      const claimed: number[] = [];
      for (const message of messages) {
        const claim = mark.claim ? await claimForMove(client, message, lost) : 'claimed';
        if (claim === 'refused') return this.#refuseKeyword(session, messages);
        if (claim === 'claimed') claimed.push(message.uid);
        if (claim === 'claimed' && mark.claim) session.keywordProven = true;
      }
      return moveMessages(client, mark.folder, claimed, lost);
    }
    const range = messages.map((message) => message.uid).join(',');
    if (await client.messageFlagsAdd(range, flagsOfMark(mark), { uid: true })) {
      if (mark.kind === 'keyword') session.keywordProven = true;
      return;
    }
    if (!client.usable) throw lost();
    if (mark.kind === 'keyword') return this.#refuseKeyword(session, messages);
    throw new CannotMarkProcessedError(
      `The server refused to mark processed messages in "${this.#mailbox.folder}" (${flagsOfMark(mark).join(' ')}).`,
    );
  }

  /** The server will not keep $Covenant in this folder: mark with the fallback (the notice says which) from now on. */
  async #refuseKeyword(session: Session, messages: readonly ProcessedMessage[]): Promise<void> {
    this.#keywordRefused = true;
    session.mark = this.#chooseMark(session.permanentFlags, false);
    await this.#report({ state: 'connected', uidValidity: session.uidValidity });
    return this.#markProcessed(session, messages);
  }

  /**
   * Messages claimed for a move that did not follow (the claiming process stopped in between). A claim seen at two
   * re-scans in a row is not in flight any more: those messages were taken in, so they are moved without offering.
   */
  async #moveStrandedClaims(session: Session): Promise<void> {
    const mark = session.mark;
    if (mark.kind !== 'move' || !mark.claim) return;
    const claimed = await session.client.search({ keyword: COVENANT_KEYWORD }, { uid: true });
    if (!Array.isArray(claimed)) throw new Error('the server refused the search for claimed messages');
    const stranded = claimed.filter((uid) => this.#claimedAtLastRescan.has(uid));
    this.#claimedAtLastRescan = new Set(claimed);
    if (stranded.length === 0) return;
    this.#options.logger?.info(
      { mailboxId: this.#mailbox.mailboxId, count: stranded.length },
      'mailbox watcher: moving messages whose move was interrupted',
    );
    const lost = () => session.events.failure ?? new Error('the connection closed while moving messages');
    await moveMessages(session.client, mark.folder, stranded, lost);
  }

  /** Until new mail, the next re-scan or poll, a left message's retry, a lost connection, or the stop signal. */
  async #waitForWork(session: Session): Promise<void> {
    if (session.events.wakeup.take()) return;
    const now = this.#now();
    let until = session.folderOpenedAt + this.#rescanMs;
    if (!session.idle) until = Math.min(until, now + (this.#options.pollIntervalMs ?? 60_000));
    until = Math.min(until, this.#left.nextRetryAt());
    const waited = new AbortController();
    const cut = AbortSignal.any([this.#signal, waited.signal]);
    const waits: Promise<unknown>[] = [session.events.wakeup.wait(), sleep(until - now, cut)];
    // IDLE runs until the next command breaks it (the search after this wait); it also ends by itself when the
    // connection drops, which ends the wait too.
    if (session.idle) waits.push(session.client.idle().catch(() => undefined));
    await Promise.race(waits);
    waited.abort();
    session.events.wakeup.cancel();
  }

  async #report(status: Omit<MailboxStatus, 'at' | 'notice'>): Promise<void> {
    const notice = this.#statusNotice();
    const full: MailboxStatus = { ...status, ...(notice ? { notice } : {}), at: this.#now() };
    // The same state again is not news; a failed attempt is (the owner sees when the watcher last tried).
    const key = JSON.stringify({ ...full, at: 0 });
    if (key === this.#lastStatus && status.state !== 'error') return;
    this.#lastStatus = key;
    try {
      await this.#sink.mailboxStatus(this.#mailbox.mailboxId, full);
    } catch (error) {
      this.#options.logger?.warn(
        { mailboxId: this.#mailbox.mailboxId, err: error },
        'mailbox watcher: recording the status failed',
      );
    }
  }

  #statusNotice(): string | undefined {
    const text = [this.#notice ?? [], this.#left.notice()].flat().join(' ');
    return text === '' ? undefined : text;
  }
}

function usesKeyword(mark: ProcessedMark): boolean {
  return mark.kind === 'keyword' || (mark.kind === 'move' && mark.claim);
}

/** Consecutive UIDs whose sizes add up to at most `maxBytes` (a larger single message is a chunk of its own). */
function* chunksBySize(uids: readonly number[], sizeOf: (uid: number) => number, maxBytes: number) {
  let chunk: number[] = [];
  let bytes = 0;
  for (const uid of uids) {
    const size = sizeOf(uid);
    if (chunk.length > 0 && bytes + size > maxBytes) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
    chunk.push(uid);
    bytes += size;
  }
  if (chunk.length > 0) yield chunk;
}

function sameFolder(a: string, b: string): boolean {
  return a === b || (a.toUpperCase() === 'INBOX' && b.toUpperCase() === 'INBOX');
}
