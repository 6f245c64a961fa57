/**
 * The supervisor of the watchers against a real Dovecot: it follows what the loader returns (new, removed and changed
 * mailboxes), survives a failing loader, and stops everything.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MailboxConnection } from '../../src/app/ports/mail-intake.ts';
import { type RunningMailboxWatchers, startMailboxWatchers } from '../../src/mail/mailbox-watchers.ts';
import { dovecotMissing, reportIfDovecotMissing, startDovecot, type TestDovecot } from '../support/dovecot.ts';
import { idOf, RecordingSink, testMessage } from './recording-sink.ts';

reportIfDovecotMissing();

const users = Object.fromEntries(Array.from({ length: 8 }, (_, index) => [`box${index}`, `secret-${index}`]));
const watcher = { reconnectMinMs: 50, reconnectMaxMs: 400 };

describe.skipIf(dovecotMissing !== null)('mailbox watchers (one per enabled mailbox)', () => {
  let dovecot: TestDovecot;
  let supervisor: RunningMailboxWatchers | null = null;

  beforeAll(async () => {
    dovecot = await startDovecot({ users });
  });
  afterEach(async () => {
    await supervisor?.stop();
    supervisor = null;
  });
  afterAll(async () => {
    await dovecot?.dispose();
  });

  function mailboxOf(user: string, overrides: Partial<MailboxConnection> = {}): MailboxConnection {
    return {
      mailboxId: `mailbox-${user}`,
      workspaceId: 'workspace-1',
      host: dovecot.host,
      port: dovecot.port,
      tls: 'none',
      username: user,
      password: users[user]!,
      folder: 'INBOX',
      processed: { action: 'flag' },
      ...overrides,
    };
  }

  it('starts watchers for new mailboxes and stops those removed', async () => {
    let configured = [mailboxOf('box0')];
    const sink = new RecordingSink();
    supervisor = startMailboxWatchers(async () => configured, sink, { reloadEveryMs: 60 * 60_000, watcher });
    await dovecot.appendMessages('box0', 'INBOX', [testMessage('box0-a')]);
    await expect.poll(() => sink.recorded).toEqual([idOf('box0-a')]);

    configured = [mailboxOf('box0'), mailboxOf('box1')];
    await supervisor.reload();
    expect(supervisor.watching().sort()).toEqual(['mailbox-box0', 'mailbox-box1']);
    await dovecot.appendMessages('box1', 'INBOX', [testMessage('box1-a')]);
    await expect.poll(() => sink.recorded).toEqual([idOf('box0-a'), idOf('box1-a')]);

    configured = [mailboxOf('box1')];
    await supervisor.reload(); // resolves once box0's watcher has logged out
    expect(supervisor.watching()).toEqual(['mailbox-box1']);
    await dovecot.appendMessages('box0', 'INBOX', [testMessage('box0-after-removal')]);
    await dovecot.appendMessages('box1', 'INBOX', [testMessage('box1-b')]);
    await expect.poll(() => sink.recorded).toEqual([idOf('box0-a'), idOf('box1-a'), idOf('box1-b')]);
    expect(sink.offersOf(idOf('box0-after-removal'))).toEqual([]);
  });

  it('restarts a watcher whose settings changed (a corrected password)', async () => {
    let configured = [mailboxOf('box2', { password: 'not the password' })];
    const sink = new RecordingSink();
    supervisor = startMailboxWatchers(async () => configured, sink, { reloadEveryMs: 60 * 60_000, watcher });
    await dovecot.appendMessages('box2', 'INBOX', [testMessage('box2-a')]);
    await expect.poll(() => sink.lastStatusOf('mailbox-box2')?.errorCode).toBe('IMAP_AUTH_FAILED');

    configured = [mailboxOf('box2')];
    await supervisor.reload();
    await expect.poll(() => sink.recorded).toEqual([idOf('box2-a')]);
    await expect.poll(() => sink.lastStatusOf('mailbox-box2')?.state).toBe('idle');
  });

  it('reloads on its own, and keeps watching when the loader fails', async () => {
    let configured: MailboxConnection[] | Error = [mailboxOf('box3')];
    const sink = new RecordingSink();
    const load = async () => {
      if (configured instanceof Error) throw configured;
      return configured;
    };
    supervisor = startMailboxWatchers(load, sink, { reloadEveryMs: 50, watcher });
    await expect.poll(() => supervisor!.watching()).toEqual(['mailbox-box3']);

    configured = [mailboxOf('box3'), mailboxOf('box4')];
    await expect.poll(() => supervisor!.watching().sort()).toEqual(['mailbox-box3', 'mailbox-box4']);

    configured = new Error('database unreachable');
    await supervisor.reload();
    expect(supervisor.watching().sort()).toEqual(['mailbox-box3', 'mailbox-box4']);
    await dovecot.appendMessages('box4', 'INBOX', [testMessage('box4-during-outage')]);
    await expect.poll(() => sink.recorded).toEqual([idOf('box4-during-outage')]);
  });

  it('stop() stops every watcher', async () => {
    const sink = new RecordingSink();
    const running = startMailboxWatchers(async () => [mailboxOf('box5'), mailboxOf('box6')], sink, { watcher });
    await expect.poll(() => sink.lastStatusOf('mailbox-box5')?.state).toBe('idle');
    await expect.poll(() => sink.lastStatusOf('mailbox-box6')?.state).toBe('idle');
    await running.stop();
    expect(running.watching()).toEqual([]);

    // Nobody reads the mailboxes any more: a watcher started now finds the messages still pending.
    await dovecot.appendMessages('box5', 'INBOX', [testMessage('box5-after-stop')]);
    const later = new RecordingSink();
    supervisor = startMailboxWatchers(async () => [mailboxOf('box5')], later, { watcher });
    await expect.poll(() => later.recorded).toEqual([idOf('box5-after-stop')]);
    expect(sink.offersOf(idOf('box5-after-stop'))).toEqual([]);
  });
});
