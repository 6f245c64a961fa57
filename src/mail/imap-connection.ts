/**
 * The imapflow client for a mailbox, and the IMAP steps the watcher needs beyond imapflow's own: closing without
 * throwing, creating the move target, moving with a clear refusal, and claiming a message before a move.
 */
import type { ConnectionOptions } from 'node:tls';
import { ImapFlow } from 'imapflow';
import type { MailboxConnection } from '../app/ports/mail-intake.ts';
import { CannotMarkProcessedError } from './imap-failure.ts';
import { COVENANT_KEYWORD } from './processed-mark.ts';

export interface ImapConnectionOptions {
  readonly tls?: ConnectionOptions;
  readonly connectTimeoutMs?: number;
  readonly greetingTimeoutMs?: number;
  readonly socketTimeoutMs?: number;
}

export function imapClientFor(mailbox: MailboxConnection, options: ImapConnectionOptions): ImapFlow {
  return new ImapFlow({
    host: mailbox.host,
    port: mailbox.port,
    secure: mailbox.tls === 'implicit',
    // STARTTLS is required when asked for (no silent fallback to cleartext) and never tried when `none`.
    ...(mailbox.tls === 'implicit' ? {} : { doSTARTTLS: mailbox.tls === 'starttls' }),
    auth: { user: mailbox.username, pass: mailbox.password },
    ...(options.tls ? { tls: options.tls } : {}),
    logger: false,
    // The watcher decides when to IDLE (after taking in what is pending), so imapflow must not on its own.
    disableAutoIdle: true,
    connectionTimeout: options.connectTimeoutMs ?? 30_000,
    greetingTimeout: options.greetingTimeoutMs ?? 30_000,
    socketTimeout: options.socketTimeoutMs ?? 5 * 60_000,
    clientInfo: { name: 'Covenant' },
  });
}

/** Logs out when the connection still works, otherwise closes the socket; never throws. */
export async function closeQuietly(client: ImapFlow): Promise<void> {
  if (client.usable) {
    try {
      await client.logout();
      return;
    } catch {
      // fall through to closing the socket
    }
  }
  client.close();
}

/** Creates the folder unless it exists. */
export async function ensureMoveTarget(client: ImapFlow, folder: string): Promise<void> {
  try {
    await client.mailboxCreate(folder);
  } catch (error) {
    throw new CannotMarkProcessedError(
      `Processed messages are to be moved to "${folder}", which does not exist and cannot be created: ` +
        `${(error as { responseText?: string }).responseText ?? (error as Error).message}`,
    );
  }
}

/** Moves the messages (UIDs of the selected folder); a UID that is gone already is not an error. */
export async function moveMessages(
  client: ImapFlow,
  folder: string,
  uids: readonly number[],
  lost: () => Error,
): Promise<void> {
  if (uids.length === 0) return;
  const range = uids.join(',');
  if (await client.messageMove(range, folder, { uid: true })) return;
  if (!client.usable) throw lost();
  // The target may have been deleted since the connection created it.
  await ensureMoveTarget(client, folder);
  if (await client.messageMove(range, folder, { uid: true })) return;
  throw new CannotMarkProcessedError(`The server refused to move processed messages to "${folder}".`);
}

/**
 * Claims a message for a move by adding $Covenant (and \Seen) in a conditional STORE (CONDSTORE's UNCHANGEDSINCE,
 * with the mod-sequence read before the message was offered). Two watchers of one mailbox that MOVE the same message
 * at the same moment leave two copies in the target (Dovecot does); only one claim changes the message: the server
 * reports the change to that watcher, and answers the other MODIFIED (or nothing, once the message is gone).
 * `claimed`: this watcher moves it; `taken`: another one does; `refused`: the server does not keep the keyword.
 * Without CONDSTORE the STORE is unconditional and every watcher moves.
 */
export async function claimForMove(
  client: ImapFlow,
  message: { readonly uid: number; readonly modseq: bigint | undefined },
  lost: () => Error,
): Promise<'claimed' | 'taken' | 'refused'> {
  const conditional = message.modseq !== undefined && client.enabled.has('CONDSTORE');
  let modified = false;
  let changed = false;
  const noteModified = (response: { code?: string }) => {
    if (response.code === 'MODIFIED') modified = true;
  };
  const noteChanged = (update: { uid?: number }) => {
    if (update.uid === message.uid) changed = true;
  };
  client.on('response', noteModified);
  client.on('flags', noteChanged);
  try {
    const options = conditional ? { uid: true, unchangedSince: message.modseq } : { uid: true };
    if (!(await client.messageFlagsAdd(String(message.uid), [COVENANT_KEYWORD, '\\Seen'], options))) {
      if (!client.usable) throw lost();
      return 'refused';
    }
    return !conditional || (changed && !modified) ? 'claimed' : 'taken';
  } finally {
    client.off('response', noteModified);
    client.off('flags', noteChanged);
  }
}
