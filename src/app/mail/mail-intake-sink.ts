/**
 * What the IMAP watchers (src/mail) hand their messages to: `takeInMail` for each message, the mailbox's status for
 * each change of the watcher's state, and the connections of the enabled IMAP mailboxes of every workspace. The
 * watcher marks a message on the server only after `processed`; a message refused as too large, or one that could not
 * be taken in because of a failure here, is `leave`: it stays in the folder and is offered again later.
 */
import type { MailboxConnection, MailIntakeSink } from '../ports/mail-intake.ts';
import type { MailboxCredentials } from '../ports/mail-repository.ts';
import type { Store } from '../ports/store.ts';
import type { MailIntakeDependencies } from './mail-intake-settings.ts';
import { refusalReasons, takeInMailBatch } from './take-in-mail.ts';

export interface MailIntakeSinkOptions {
  /** Told of a message that could not be taken in (logged by the composition). */
  readonly onFailure?: (failure: { mailboxId: string; uid: number; error: unknown }) => void;
}

export function mailIntakeSink(
  dependencies: MailIntakeDependencies,
  options: MailIntakeSinkOptions = {},
): MailIntakeSink {
  return {
    async takeIn(messages) {
      if (messages.length === 0) return [];
      const mailboxId = messages[0]!.source.mailboxId;
      const leaveAll = (error: unknown) =>
        messages.map(({ source }) => {
          options.onFailure?.({ mailboxId: source.mailboxId, uid: source.uid, error });
          return 'leave' as const;
        });
      if (messages.some((message) => message.source.mailboxId !== mailboxId)) {
        return leaveAll(new Error('a batch of messages must come from one mailbox'));
      }
      let outcomes: Awaited<ReturnType<typeof takeInMailBatch>>;
      try {
        outcomes = await takeInMailBatch(
          dependencies,
          mailboxId,
          messages.map(({ source, raw }) => ({ arrival: source, raw })),
          dependencies.mail.intakeConcurrency,
        );
      } catch (error) {
        return leaveAll(error);
      }
      return outcomes.map((outcome, index) => {
        if ('error' in outcome) {
          const { source } = messages[index]!;
          options.onFailure?.({ mailboxId: source.mailboxId, uid: source.uid, error: outcome.error });
          return 'leave';
        }
        const { result } = outcome;
        const taken = result.outcome === 'duplicate' ? result.earlier : result;
        return taken?.outcome === 'refused' && taken.reason === refusalReasons.tooLarge ? 'leave' : 'processed';
      });
    },
    async mailboxStatus(mailboxId, status) {
      const error =
        status.error === undefined ? null : status.errorCode ? `${status.errorCode}: ${status.error}` : status.error;
      await dependencies.store.read.mailboxes.setStatus(mailboxId, {
        state: status.state,
        error: error ?? status.notice ?? null,
        at: status.at,
        uidValidity: status.uidValidity,
      });
    },
  };
}

/** The enabled IMAP mailboxes of every workspace that have what a watcher needs to sign in. */
export async function imapConnections(store: Store): Promise<MailboxConnection[]> {
  const mailboxes = await store.read.mailboxes.enabledImap();
  return mailboxes.flatMap((mailbox) => {
    const connection = connectionOf(mailbox);
    return connection === null ? [] : [connection];
  });
}

function connectionOf(mailbox: MailboxCredentials): MailboxConnection | null {
  if (!mailbox.host || mailbox.port === null || !mailbox.tls || !mailbox.username || mailbox.password === null) {
    return null;
  }
  return {
    mailboxId: mailbox.id,
    workspaceId: mailbox.workspaceId,
    host: mailbox.host,
    port: mailbox.port,
    tls: mailbox.tls,
    username: mailbox.username,
    password: mailbox.password,
    folder: mailbox.folder,
    processed:
      mailbox.processedAction === 'move' && mailbox.processedFolder
        ? { action: 'move', folder: mailbox.processedFolder }
        : { action: 'flag' },
  };
}
