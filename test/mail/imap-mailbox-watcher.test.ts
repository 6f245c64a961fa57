/**
 * The IMAP watcher against a real Dovecot (test/support/dovecot.ts) with a sink that records in memory and
 * deduplicates like the database-backed one. Each test has its own account, so the tests share one server.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MailboxConnection, MailIntakeSink, ProcessedAction } from '../../src/app/ports/mail-intake.ts';
import { type ImapMailboxWatcherOptions, watchImapMailbox } from '../../src/mail/imap-mailbox-watcher.ts';
import { dovecotMissing, reportIfDovecotMissing, startDovecot, type TestDovecot } from '../support/dovecot.ts';
import { idOf, RecordingSink, testMessage } from './recording-sink.ts';

reportIfDovecotMissing();

const users = Object.fromEntries(Array.from({ length: 13 }, (_, index) => [`user${index}`, `password-${index}`]));

/** Fast enough for tests; the defaults (seconds to minutes) are for production. */
const quick: ImapMailboxWatcherOptions = { reconnectMinMs: 50, reconnectMaxMs: 400 };

describe.skipIf(dovecotMissing !== null)('IMAP mailbox watcher against Dovecot', () => {
  let dovecot: TestDovecot;
  const running: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    dovecot = await startDovecot({ users });
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((stop) => stop()));
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

  function watch(mailbox: MailboxConnection, sink: MailIntakeSink, options: ImapMailboxWatcherOptions = {}) {
    const controller = new AbortController();
    const done = watchImapMailbox(mailbox, sink, controller.signal, { ...quick, ...options });
    const stop = async () => {
      controller.abort();
      await done;
    };
    running.push(stop);
    return stop;
  }

  it('takes in the pending messages in UID order, marks each $Covenant and \\Seen, then waits with IDLE', async () => {
    const mailbox = mailboxOf('user0');
    const uids = await dovecot.appendMessages(
      'user0',
      'INBOX',
      ['a', 'b', 'c'].map((name) => testMessage(name)),
    );
    const sink = new RecordingSink();
    watch(mailbox, sink);

    await expect.poll(() => sink.lastStatusOf(mailbox.mailboxId)?.state).toBe('idle');
    expect(sink.offers.map((offer) => [offer.source.uid, offer.messageId])).toEqual([
      [uids[0], idOf('a')],
      [uids[1], idOf('b')],
      [uids[2], idOf('c')],
    ]);
    expect(sink.recorded).toEqual([idOf('a'), idOf('b'), idOf('c')]);
    const uidValidity = await dovecot.uidValidityOf('user0', 'INBOX');
    expect(sink.offers.every((offer) => offer.source.uidValidity === uidValidity)).toBe(true);
    expect(sink.statusesOf(mailbox.mailboxId).map((status) => [status.state, status.uidValidity])).toEqual([
      ['connected', uidValidity],
      ['idle', uidValidity],
    ]);
    for (const message of await dovecot.flagsOf('user0', 'INBOX')) {
      expect(message.flags).toEqual(expect.arrayContaining(['$Covenant', '\\Seen']));
    }
  });

  it('takes in a message that arrives while it waits, through IDLE (not the re-scan)', async () => {
    const mailbox = mailboxOf('user1');
    const sink = new RecordingSink();
    // The safety re-scan is an hour away: only IDLE can bring the message in during this test.
    watch(mailbox, sink, { rescanIntervalMs: 60 * 60_000 });
    await expect.poll(() => sink.lastStatusOf(mailbox.mailboxId)?.state).toBe('idle');

    const appendedAt = Date.now();
    await dovecot.appendMessages('user1', 'INBOX', [testMessage('live')]);
    await expect.poll(() => sink.recorded).toEqual([idOf('live')]);
    console.info(`IMAP IDLE: appended to recorded in ${sink.offers[0]!.at - appendedAt} ms`);
    await expect.poll(async () => (await dovecot.flagsOf('user1', 'INBOX'))[0]?.flags).toContain('$Covenant');
  });

  it('does not offer marked messages again after a restart', async () => {
    const mailbox = mailboxOf('user2');
    await dovecot.appendMessages('user2', 'INBOX', [testMessage('first'), testMessage('second')]);
    const before = new RecordingSink();
    const stopFirst = watch(mailbox, before);
    await expect.poll(() => before.recorded.length).toBe(2);
    await expect.poll(() => before.lastStatusOf(mailbox.mailboxId)?.state).toBe('idle');
    await stopFirst();

    // A new process: a sink that remembers nothing, so only the server's marks can keep the two from coming back.
    const after = new RecordingSink();
    watch(mailbox, after);
    await dovecot.appendMessages('user2', 'INBOX', [testMessage('third')]);
    await expect.poll(() => after.recorded).toEqual([idOf('third')]);
    expect(after.offers.map((offer) => offer.messageId)).toEqual([idOf('third')]);
  });

  it('moves processed messages to the configured folder, creating it', async () => {
    const processed: ProcessedAction = { action: 'move', folder: 'Processed' };
    const mailbox = mailboxOf('user3', { processed });
    await dovecot.appendMessages(
      'user3',
      'INBOX',
      ['m1', 'm2', 'm3'].map((name) => testMessage(name)),
    );
    const sink = new RecordingSink();
    watch(mailbox, sink);

    await expect.poll(() => sink.recorded.length).toBe(3);
    await expect.poll(() => dovecot.flagsOf('user3', 'INBOX')).toEqual([]);
    const moved = await dovecot.flagsOf('user3', 'Processed');
    expect(moved.map((message) => message.messageId)).toEqual([idOf('m1'), idOf('m2'), idOf('m3')]);

    await dovecot.appendMessages('user3', 'INBOX', [testMessage('m4')]);
    await expect.poll(async () => (await dovecot.flagsOf('user3', 'Processed')).length).toBe(4);
    expect(sink.offers.map((offer) => offer.messageId)).toEqual([idOf('m1'), idOf('m2'), idOf('m3'), idOf('m4')]);
  });

  it('leaves a message the sink did not take unmarked, says so, and offers it again later', async () => {
    const mailbox = mailboxOf('user4');
    await dovecot.appendMessages('user4', 'INBOX', [testMessage('kept'), testMessage('refused'), testMessage('fine')]);
    const sink = new RecordingSink();
    sink.leave.add(idOf('refused'));
    watch(mailbox, sink, { retryLeftAfterMs: 100 });

    await expect.poll(() => sink.offersOf(idOf('refused')).length).toBeGreaterThanOrEqual(3);
    expect(sink.recorded).toEqual([idOf('kept'), idOf('fine')]);
    const flags = await dovecot.flagsOf('user4', 'INBOX');
    expect(flags.map((message) => [message.messageId, message.flags.includes('$Covenant')])).toEqual([
      [idOf('kept'), true],
      [idOf('refused'), false],
      [idOf('fine'), true],
    ]);
    expect(sink.lastStatusOf(mailbox.mailboxId)?.notice).toBe(
      '1 message was not taken in yet and will be offered again.',
    );
    // Offered again, each time later than the one before (the pause doubles).
    const times = sink.offersOf(idOf('refused')).map((offer) => offer.at);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(150);

    sink.leave.delete(idOf('refused'));
    await expect.poll(() => sink.recorded).toEqual([idOf('kept'), idOf('fine'), idOf('refused')]);
    await expect
      .poll(async () => (await dovecot.flagsOf('user4', 'INBOX')).every((m) => m.flags.includes('$Covenant')))
      .toBe(true);
    await expect.poll(() => sink.lastStatusOf(mailbox.mailboxId)?.notice).toBeUndefined();
  });

  it('after a UIDVALIDITY change checks every message again; the Message-ID keeps each recorded once', async () => {
    const mailbox = mailboxOf('user5', { folder: 'Support' });
    await dovecot.appendMessages('user5', 'Support', [testMessage('old1'), testMessage('old2')]);
    const oldValidity = await dovecot.uidValidityOf('user5', 'Support');
    const sink = new RecordingSink();
    // A session keeps seeing the deleted folder (IDLE reports nothing from the new one): the re-scan finds it.
    watch(mailbox, sink, { rescanIntervalMs: 300 });
    await expect.poll(() => sink.recorded.length).toBe(2);
    await expect.poll(() => sink.lastStatusOf(mailbox.mailboxId)?.state).toBe('idle');

    // The folder is restored from a backup without flags: same messages, new UIDs, new UIDVALIDITY; plus a new one.
    await dovecot.recreateFolder('user5', 'Support');
    await dovecot.appendMessages('user5', 'Support', [testMessage('old1'), testMessage('old2'), testMessage('new')]);
    const newValidity = await dovecot.uidValidityOf('user5', 'Support');
    expect(newValidity).not.toBe(oldValidity);

    await expect.poll(() => sink.recorded).toEqual([idOf('old1'), idOf('old2'), idOf('new')]);
    await expect
      .poll(async () => (await dovecot.flagsOf('user5', 'Support')).every((m) => m.flags.includes('$Covenant')))
      .toBe(true);
    expect(sink.statusesOf(mailbox.mailboxId).some((status) => status.uidValidity === newValidity)).toBe(true);
    const restored = sink.offers.filter((offer) => offer.source.uidValidity === newValidity);
    expect(restored.map((offer) => offer.messageId).sort()).toEqual([idOf('new'), idOf('old1'), idOf('old2')].sort());
  });

  it('two watchers of one mailbox: every message recorded once, none lost, no errors', async () => {
    const mailbox = mailboxOf('user6');
    const names = Array.from({ length: 40 }, (_, index) => `pair-${index}`);
    await dovecot.appendMessages(
      'user6',
      'INBOX',
      names.map((name) => testMessage(name)),
    );
    const sink = new RecordingSink();
    watch(mailbox, sink, { batchSize: 3 });
    watch(mailbox, sink, { batchSize: 4 });
    await dovecot.appendMessages('user6', 'INBOX', [testMessage('late')]);

    await expect.poll(() => sink.recorded.length).toBe(41);
    expect(new Set(sink.recorded)).toEqual(new Set([...names, 'late'].map(idOf)));
    await expect
      .poll(async () => (await dovecot.flagsOf('user6', 'INBOX')).every((m) => m.flags.includes('$Covenant')))
      .toBe(true);
    expect(sink.statusesOf(mailbox.mailboxId).filter((status) => status.state === 'error')).toEqual([]);
  });

  it('two watchers moving from one mailbox: each message moved and recorded once, vanished UIDs tolerated', async () => {
    const mailbox = mailboxOf('user7', { processed: { action: 'move', folder: 'Done' } });
    const names = Array.from({ length: 40 }, (_, index) => `move-${index}`);
    await dovecot.appendMessages(
      'user7',
      'INBOX',
      names.map((name) => testMessage(name)),
    );
    const sink = new RecordingSink();
    watch(mailbox, sink, { batchSize: 3 });
    watch(mailbox, sink, { batchSize: 5 });

    await expect.poll(async () => (await dovecot.flagsOf('user7', 'Done')).length).toBe(40);
    expect(await dovecot.flagsOf('user7', 'INBOX')).toEqual([]);
    expect(sink.recorded.length).toBe(40);
    expect(new Set(sink.recorded)).toEqual(new Set(names.map(idOf)));
    expect(sink.statusesOf(mailbox.mailboxId).filter((status) => status.state === 'error')).toEqual([]);
  });

  it('moves a message whose claim was left by a stopped process, at the second re-scan, without offering it', async () => {
    const mailbox = mailboxOf('user12', { processed: { action: 'move', folder: 'Done' } });
    // Claimed ($Covenant) but never moved: its process stopped between the claim and the move.
    await dovecot.appendMessages('user12', 'INBOX', [testMessage('stranded')], ['$Covenant', '\\Seen']);
    await dovecot.appendMessages('user12', 'INBOX', [testMessage('fresh')]);
    const sink = new RecordingSink();
    watch(mailbox, sink, { rescanIntervalMs: 200 });

    await expect
      .poll(async () => (await dovecot.flagsOf('user12', 'Done')).map((m) => m.messageId))
      .toEqual([idOf('fresh'), idOf('stranded')]);
    expect(await dovecot.flagsOf('user12', 'INBOX')).toEqual([]);
    expect(sink.offers.map((offer) => offer.messageId)).toEqual([idOf('fresh')]);
  });

  it('reads a big folder in batches, in order, each message once', async () => {
    const mailbox = mailboxOf('user8');
    const names = Array.from({ length: 1000 }, (_, index) => `bulk-${String(index).padStart(4, '0')}`);
    await dovecot.appendMessages(
      'user8',
      'INBOX',
      names.map((name) => testMessage(name, 'x'.repeat(2000))),
    );
    const sink = new RecordingSink();
    watch(mailbox, sink, { batchSize: 64, batchBytes: 50_000 });

    await expect.poll(() => sink.recorded.length).toBe(1000);
    expect(sink.recorded).toEqual(names.map(idOf));
    expect(sink.offers.length).toBe(1000);
  });

  it('leaves a message larger than maxMessageBytes unread in the folder and says so', async () => {
    const mailbox = mailboxOf('user9');
    await dovecot.appendMessages('user9', 'INBOX', [
      testMessage('small'),
      testMessage('huge', 'y'.repeat(20_000)),
      testMessage('small2'),
    ]);
    const sink = new RecordingSink();
    watch(mailbox, sink, { maxMessageBytes: 10_000 });

    await expect.poll(() => sink.lastStatusOf(mailbox.mailboxId)?.state).toBe('idle');
    expect(sink.recorded).toEqual([idOf('small'), idOf('small2')]);
    expect(sink.offersOf(idOf('huge'))).toEqual([]);
    expect(sink.lastStatusOf(mailbox.mailboxId)?.notice).toBe(
      '1 message is larger than the size Covenant reads and stays in the folder.',
    );
    const flags = await dovecot.flagsOf('user9', 'INBOX');
    expect(flags.find((message) => message.messageId === idOf('huge'))?.flags).not.toContain('$Covenant');
  });

  it('reports a wrong password clearly and retries with growing pauses', async () => {
    const mailbox = mailboxOf('user10', { password: 'wrong' });
    const sink = new RecordingSink();
    watch(mailbox, sink, { reconnectMinMs: 100, reconnectMaxMs: 60_000 });

    await expect.poll(() => sink.statusesOf(mailbox.mailboxId).length).toBeGreaterThanOrEqual(4);
    const statuses = sink.statusesOf(mailbox.mailboxId);
    expect(statuses[0]).toMatchObject({
      state: 'error',
      errorCode: 'IMAP_AUTH_FAILED',
      error: `${dovecot.host}:${dovecot.port} refused the user name "user10" or its password. The server said: Authentication failed.`,
    });
    // Attempt k+1 comes at least 0.85 × 100 ms × 2^k after attempt k: a busy machine only makes the gaps longer.
    const gaps = statuses.slice(1, 4).map((status, index) => status.at - statuses[index]!.at);
    gaps.forEach((gap, index) => {
      expect(gap).toBeGreaterThanOrEqual(0.85 * 100 * 2 ** index);
    });
  });

  it('reports an unknown folder clearly', async () => {
    const mailbox = mailboxOf('user11', { folder: 'No such folder' });
    const sink = new RecordingSink();
    watch(mailbox, sink);
    await expect.poll(() => sink.lastStatusOf(mailbox.mailboxId)?.errorCode).toBe('IMAP_FOLDER_NOT_FOUND');
    expect(sink.lastStatusOf(mailbox.mailboxId)?.error).toMatch(
      /^The folder "No such folder" does not exist on 127\.0\.0\.1:\d+, or this account may not open it\. The server said: Mailbox doesn't exist: No such folder/,
    );
  });
});
