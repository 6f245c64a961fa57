/**
 * The IMAP mailbox watchers of a process (decision 0037): every `covenant serve` and `covenant worker` watches every
 * enabled IMAP mailbox, so `npm start` alone reads the support mailboxes an administrator configures. A message that
 * could not be taken in stays in its folder and is offered again; the log says why.
 */
import type { MailWatcherLogger } from '../mail/imap-mailbox-watcher.ts';
import { type RunningMailboxWatchers, startMailboxWatchers } from '../mail/mailbox-watchers.ts';
import { type CovenantDependencies, composeMailIntake } from './composition.ts';

export interface MailWatcherServicesLogger extends MailWatcherLogger {
  error(object: object, message: string): void;
}

export function startConfiguredMailWatchers(
  dependencies: CovenantDependencies,
  logger: MailWatcherServicesLogger,
): RunningMailboxWatchers {
  const { sink, connections } = composeMailIntake(dependencies, ({ mailboxId, uid, error }) =>
    logger.error({ mailboxId, uid, err: error }, 'a message could not be taken in; it stays in its folder'),
  );
  return startMailboxWatchers(connections, sink, { logger });
}
