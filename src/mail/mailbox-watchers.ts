/**
 * Runs one IMAP watcher per enabled mailbox and follows the configuration: the loader is asked again every few
 * seconds; a new mailbox gets a watcher, a removed or disabled one loses it, and a changed one (host, password,
 * folder, ...) is stopped and started again with its new settings. Every process that runs this (each `covenant
 * serve` and `covenant worker`) watches every mailbox: the sink's deduplication makes that safe (docs/mail.md).
 */
import type {
  MailboxChangeSignal,
  MailboxConnection,
  MailboxConnectionLoader,
  MailIntakeSink,
} from '../app/ports/mail-intake.ts';
import { type ImapMailboxWatcherOptions, type MailWatcherLogger, watchImapMailbox } from './imap-mailbox-watcher.ts';
import { sleep } from './interruptible-wait.ts';

export interface MailboxWatchersOptions {
  /** How often the mailboxes are loaded again (ms). Default 30 s. */
  readonly reloadEveryMs?: number;
  /** Options of every watcher. */
  readonly watcher?: ImapMailboxWatcherOptions;
  readonly logger?: MailWatcherLogger;
}

export interface RunningMailboxWatchers {
  /** Loads the mailboxes now and starts and stops watchers to match; resolves once the stopped ones have logged out. */
  reload(): Promise<void>;
  /** The ids of the mailboxes being watched. */
  watching(): string[];
  /** Stops reloading and every watcher; resolves once all have logged out. */
  stop(): Promise<void>;
}

interface RunningWatcher {
  readonly settings: string;
  readonly controller: AbortController;
  readonly done: Promise<void>;
}

export function startMailboxWatchers(
  load: MailboxConnectionLoader,
  sink: MailIntakeSink,
  options: MailboxWatchersOptions = {},
): RunningMailboxWatchers {
  const watchers = new Map<string, RunningWatcher>();
  const stopping = new AbortController();
  const logger = options.logger;

  const startWatcher = (mailbox: MailboxConnection): void => {
    const controller = new AbortController();
    const done = watchImapMailbox(mailbox, sink, controller.signal, {
      ...options.watcher,
      ...(logger ? { logger } : {}),
    });
    watchers.set(mailbox.mailboxId, { settings: settingsOf(mailbox), controller, done });
  };

  const stopWatchers = async (ids: readonly string[]): Promise<void> => {
    const done: Promise<void>[] = [];
    for (const id of ids) {
      const watcher = watchers.get(id);
      if (!watcher) continue;
      watchers.delete(id);
      watcher.controller.abort();
      done.push(watcher.done);
    }
    await Promise.all(done);
  };

  const reloadOnce = async (): Promise<void> => {
    if (stopping.signal.aborted) return;
    let mailboxes: readonly MailboxConnection[];
    try {
      mailboxes = await load();
    } catch (error) {
      // The watchers keep going with the settings they have; the next reload tries again.
      logger?.warn({ err: error }, 'mailbox watchers: loading the mailboxes failed');
      return;
    }
    const wanted = new Map(mailboxes.map((mailbox) => [mailbox.mailboxId, mailbox]));
    const outdated = [...watchers].filter(([id, watcher]) => {
      const mailbox = wanted.get(id);
      return mailbox === undefined || settingsOf(mailbox) !== watcher.settings;
    });
    // A changed mailbox's old watcher logs out before the new one signs in.
    await stopWatchers(outdated.map(([id]) => id));
    if (stopping.signal.aborted) return;
    let started = 0;
    for (const mailbox of wanted.values()) {
      if (watchers.has(mailbox.mailboxId)) continue;
      startWatcher(mailbox);
      started += 1;
    }
    if (outdated.length > 0 || started > 0) {
      logger?.info(
        { watching: watchers.size, started, stopped: outdated.length },
        'mailbox watchers: mailboxes reloaded',
      );
    }
  };

  // One reload at a time, whether from the loop or from a caller.
  let reloads: Promise<void> = Promise.resolve();
  const reload = (): Promise<void> => {
    reloads = reloads.then(reloadOnce);
    return reloads;
  };

  const reloadEveryMs = options.reloadEveryMs ?? 30_000;
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      await reload();
      await sleep(reloadEveryMs, stopping.signal);
    }
  })();

  return {
    reload,
    watching: () => [...watchers.keys()],
    async stop() {
      stopping.abort();
      await loop;
      await reloads;
      await stopWatchers([...watchers.keys()]);
    },
  };
}

/** Everything a watcher connects with: a difference means the watcher must start again. */
function settingsOf(mailbox: MailboxConnection): string {
  const { mailboxId, workspaceId, host, port, tls, username, password, folder, processed } = mailbox;
  const mark = processed.action === 'move' ? ['move', processed.folder] : ['flag'];
  return JSON.stringify([mailboxId, workspaceId, host, port, tls, username, password, folder, mark]);
}

/**
 * The signal the API gives when a mailbox changes, relayed to the watchers this process runs (none until they start,
 * and none in a server whose scheduler runs in a worker).
 */
export class MailboxChangeRelay implements MailboxChangeSignal {
  #listener: (() => void) | null = null;

  /** From now on `changed` calls `listener`; null stops relaying. */
  follow(listener: (() => void) | null): void {
    this.#listener = listener;
  }

  changed(): void {
    this.#listener?.();
  }
}
