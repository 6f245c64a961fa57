/**
 * The IMAP watcher against Dovecot servers set up differently: TLS (implicit and STARTTLS, trusted or not), no IDLE,
 * a server that refuses our keyword, a server that goes away and comes back, and no server at all.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MailboxConnection, MailIntakeSink } from '../../src/app/ports/mail-intake.ts';
import { type ImapMailboxWatcherOptions, watchImapMailbox } from '../../src/mail/imap-mailbox-watcher.ts';
import {
  dovecotMissing,
  dovecotTlsMissing,
  reportIfDovecotMissing,
  startDovecot,
  type TestDovecot,
} from '../support/dovecot.ts';
import { freePort } from '../support/free-port.ts';
import { idOf, RecordingSink, testMessage } from './recording-sink.ts';

reportIfDovecotMissing();

const users = { alice: 'alice-password', bob: 'bob-password', carol: 'carol-password', dave: 'dave-password' };

const running: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((stop) => stop()));
});

function watch(mailbox: MailboxConnection, sink: MailIntakeSink, options: ImapMailboxWatcherOptions = {}) {
  const controller = new AbortController();
  const done = watchImapMailbox(mailbox, sink, controller.signal, {
    reconnectMinMs: 50,
    reconnectMaxMs: 400,
    ...options,
  });
  const stop = async () => {
    controller.abort();
    await done;
  };
  running.push(stop);
  return stop;
}

function mailboxOn(dovecot: TestDovecot, user: keyof typeof users, overrides: Partial<MailboxConnection> = {}) {
  return {
    mailboxId: `mailbox-${user}-${overrides.tls ?? 'none'}`,
    workspaceId: 'workspace-1',
    host: dovecot.host,
    port: dovecot.port,
    tls: 'none',
    username: user,
    password: users[user],
    folder: 'INBOX',
    processed: { action: 'flag' },
    ...overrides,
  } satisfies MailboxConnection;
}

describe.skipIf(dovecotTlsMissing !== null)('IMAP over TLS', () => {
  let dovecot: TestDovecot;
  beforeAll(async () => {
    dovecot = await startDovecot({ users, tls: true });
  });
  afterAll(async () => {
    await dovecot?.dispose();
  });

  it('reads a mailbox over implicit TLS when the certificate is trusted', async () => {
    const mailbox = mailboxOn(dovecot, 'alice', { tls: 'implicit', port: dovecot.tlsPort });
    await dovecot.appendMessages('alice', 'INBOX', [testMessage('tls-implicit')]);
    const sink = new RecordingSink();
    watch(mailbox, sink, { tls: { ca: dovecot.certificate } });
    await expect.poll(() => sink.recorded).toEqual([idOf('tls-implicit')]);
  });

  it('reads a mailbox over STARTTLS when the certificate is trusted', async () => {
    const mailbox = mailboxOn(dovecot, 'bob', { tls: 'starttls' });
    await dovecot.appendMessages('bob', 'INBOX', [testMessage('tls-starttls')]);
    const sink = new RecordingSink();
    watch(mailbox, sink, { tls: { ca: dovecot.certificate } });
    await expect.poll(() => sink.recorded).toEqual([idOf('tls-starttls')]);
  });

  it('refuses an untrusted certificate, implicit or STARTTLS, with a clear error', async () => {
    const implicit = mailboxOn(dovecot, 'carol', { tls: 'implicit', port: dovecot.tlsPort });
    const starttls = mailboxOn(dovecot, 'carol', { tls: 'starttls' });
    await dovecot.appendMessages('carol', 'INBOX', [testMessage('never-read')]);
    const sink = new RecordingSink();
    watch(implicit, sink);
    watch(starttls, sink);
    for (const mailbox of [implicit, starttls]) {
      await expect
        .poll(() => sink.lastStatusOf(mailbox.mailboxId))
        .toMatchObject({
          state: 'error',
          errorCode: 'IMAP_TLS_FAILED',
          error: `TLS with 127.0.0.1:${mailbox.port} failed: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT).`,
        });
    }
    expect(sink.offers).toEqual([]);
  });
});

describe.skipIf(dovecotMissing !== null)('IMAP server without IDLE', () => {
  let dovecot: TestDovecot;
  beforeAll(async () => {
    dovecot = await startDovecot({ users, idle: false });
  });
  afterAll(async () => {
    await dovecot?.dispose();
  });

  it('polls: a message appended while it waits is taken in', async () => {
    const mailbox = mailboxOn(dovecot, 'alice');
    await dovecot.appendMessages('alice', 'INBOX', [testMessage('before-poll')]);
    const sink = new RecordingSink();
    watch(mailbox, sink, { pollIntervalMs: 200, rescanIntervalMs: 60 * 60_000 });
    await expect.poll(() => sink.lastStatusOf(mailbox.mailboxId)?.state).toBe('polling');
    expect(sink.recorded).toEqual([idOf('before-poll')]);

    await dovecot.appendMessages('alice', 'INBOX', [testMessage('polled')]);
    await expect.poll(() => sink.recorded).toEqual([idOf('before-poll'), idOf('polled')]);
    expect(sink.statusesOf(mailbox.mailboxId).map((status) => status.state)).toEqual(['connected', 'polling']);
  });

  it('refuses to send the password in clear text when STARTTLS is required but not offered', async () => {
    const mailbox = mailboxOn(dovecot, 'bob', { tls: 'starttls' });
    const sink = new RecordingSink();
    watch(mailbox, sink);
    await expect
      .poll(() => sink.lastStatusOf(mailbox.mailboxId))
      .toMatchObject({
        state: 'error',
        errorCode: 'IMAP_TLS_FAILED',
        error: `TLS with 127.0.0.1:${dovecot.port} failed: Server does not support STARTTLS.`,
      });
  });
});

describe.skipIf(dovecotMissing !== null)('IMAP server that refuses the $Covenant keyword', () => {
  let dovecot: TestDovecot;
  beforeAll(async () => {
    // Keywords of at most 4 characters: a STORE of $Covenant fails, as on servers that keep no keywords.
    dovecot = await startDovecot({ users, maxKeywordLength: 4 });
  });
  afterAll(async () => {
    await dovecot?.dispose();
  });

  it('marks processed messages \\Flagged and \\Seen instead, says so, and does not offer them all again', async () => {
    const mailbox = mailboxOn(dovecot, 'alice');
    const names = ['fallback-1', 'fallback-2', 'fallback-3'];
    await dovecot.appendMessages(
      'alice',
      'INBOX',
      names.map((name) => testMessage(name)),
    );
    const sink = new RecordingSink();
    const stop = watch(mailbox, sink);
    await expect.poll(() => sink.lastStatusOf(mailbox.mailboxId)?.state).toBe('idle');
    expect(sink.lastStatusOf(mailbox.mailboxId)?.notice).toBe(
      'The server refused the keyword $Covenant in this folder: processed messages are marked \\Flagged (and \\Seen) ' +
        'instead, so a message someone flags before Covenant reads it is not taken in.',
    );
    for (const message of await dovecot.flagsOf('alice', 'INBOX')) {
      expect(message.flags).toEqual(expect.arrayContaining(['\\Flagged', '\\Seen']));
    }
    // The first message was offered alone, to learn that the keyword does not stick; then the rest.
    expect(sink.offers.map((offer) => offer.messageId)).toEqual(names.map(idOf));
    await stop();

    // A restart tries the keyword again with the first message only (the sink answers `processed`, it knows it),
    // learns it is refused, and then looks for unflagged messages: the others are not offered again.
    const offeredBefore = sink.offers.length;
    watch(mailbox, sink);
    await dovecot.appendMessages('alice', 'INBOX', [testMessage('fallback-4')]);
    await expect.poll(() => sink.recorded).toEqual([...names, 'fallback-4'].map(idOf));
    expect(sink.offers.slice(offeredBefore).map((offer) => offer.messageId)).toEqual([
      idOf('fallback-1'),
      idOf('fallback-4'),
    ]);
  });

  it('moves processed messages without claiming them', async () => {
    const mailbox = mailboxOn(dovecot, 'bob', { processed: { action: 'move', folder: 'Done' } });
    await dovecot.appendMessages('bob', 'INBOX', [testMessage('moved-1'), testMessage('moved-2')]);
    const sink = new RecordingSink();
    watch(mailbox, sink);
    await expect
      .poll(async () => (await dovecot.flagsOf('bob', 'Done')).map((message) => message.messageId))
      .toEqual([idOf('moved-1'), idOf('moved-2')]);
    expect(await dovecot.flagsOf('bob', 'INBOX')).toEqual([]);
    expect(sink.statusesOf(mailbox.mailboxId).filter((status) => status.state === 'error')).toEqual([]);
  });
});

describe.skipIf(dovecotMissing !== null)('IMAP server that goes away', () => {
  let dovecot: TestDovecot;
  beforeAll(async () => {
    dovecot = await startDovecot({ users });
  });
  afterAll(async () => {
    await dovecot?.dispose();
  });

  it('reports the lost connection, reconnects when the server is back and goes on', async () => {
    const mailbox = mailboxOn(dovecot, 'alice');
    const sink = new RecordingSink();
    watch(mailbox, sink);
    await dovecot.appendMessages('alice', 'INBOX', [testMessage('before-outage')]);
    await expect.poll(() => sink.recorded).toEqual([idOf('before-outage')]);
    await expect.poll(() => sink.lastStatusOf(mailbox.mailboxId)?.state).toBe('idle');

    await dovecot.stop();
    await expect.poll(() => sink.lastStatusOf(mailbox.mailboxId)?.state).toBe('error');
    expect(['IMAP_CONNECTION_LOST', 'IMAP_CONNECT_FAILED']).toContain(sink.lastStatusOf(mailbox.mailboxId)?.errorCode);

    await dovecot.start();
    await dovecot.appendMessages('alice', 'INBOX', [testMessage('after-outage')]);
    await expect.poll(() => sink.recorded).toEqual([idOf('before-outage'), idOf('after-outage')]);
    await expect.poll(() => sink.lastStatusOf(mailbox.mailboxId)?.state).toBe('idle');
  });
});

describe('IMAP server that is not there', () => {
  it('reports a refused connection clearly', async () => {
    const port = await freePort();
    const mailbox: MailboxConnection = {
      mailboxId: 'mailbox-nowhere',
      workspaceId: 'workspace-1',
      host: '127.0.0.1',
      port,
      tls: 'none',
      username: 'nobody',
      password: 'secret',
      folder: 'INBOX',
      processed: { action: 'flag' },
    };
    const sink = new RecordingSink();
    watch(mailbox, sink);
    await expect
      .poll(() => sink.lastStatusOf(mailbox.mailboxId))
      .toMatchObject({
        state: 'error',
        errorCode: 'IMAP_CONNECT_FAILED',
        error: `Cannot connect to 127.0.0.1:${port}: the connection was refused (is the port right, is the server running?).`,
      });
  });
});
