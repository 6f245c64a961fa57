/**
 * The database-backed sink behind the real IMAP watcher, against a private Dovecot, on PGlite and PostgreSQL: a
 * mailbox configured through the API is watched, its messages open tickets (and automatic mail is only logged), the
 * watcher marks them on the server only once they are recorded, a message over the intake's limit stays in the folder,
 * the mailbox's status reaches the API, and the settings check signs in for real.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailIntakeSink } from '../../src/app/mail/mail-intake-sink.ts';
import { watchImapMailbox } from '../../src/mail/imap-mailbox-watcher.ts';
import { composeMailIntake } from '../../src/main/composition.ts';
import { composeMail, createMailWorld, type MailWorld, messageId } from '../http/mail-support.ts';
import { dovecotMissing, reportIfDovecotMissing, startDovecot, type TestDovecot } from '../support/dovecot.ts';
import { testBackends } from '../support/test-database.ts';

reportIfDovecotMissing();

// biome-ignore lint/suspicious/noExplicitAny: API answers are inspected freely
type Item = any;

describe.skipIf(dovecotMissing !== null).each(testBackends)('IMAP intake into the database ($name)', (backend) => {
  let dovecot: TestDovecot;
  let world: MailWorld;
  let mailboxId: string;
  beforeAll(async () => {
    dovecot = await startDovecot({ users: { support: 'support-password' } });
    world = await createMailWorld(backend);
    const contact = await world.api.request(
      'manager',
      'POST',
      `/api/v1/customers/${world.api.world.alpha.acme}/contacts`,
      {
        name: 'Anna',
        email: 'anna@acme.example',
      },
    );
    expect(contact.status).toBe(201);
    const created = await world.api.request('admin', 'POST', '/api/v1/mailboxes', {
      name: 'imap support',
      kind: 'imap',
      host: dovecot.host,
      port: dovecot.port,
      tls: 'none',
      username: 'support',
      password: 'support-password',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ passwordSet: true, processed: { action: 'flag', folder: null } });
    expect(JSON.stringify(created.body)).not.toContain('support-password');
    mailboxId = created.body.id;
  });
  afterAll(async () => {
    await world?.api.close();
    await dovecot?.dispose();
  });

  it('checks the settings by signing in, and names what is wrong', async () => {
    const ok = await world.api.request('admin', 'POST', `/api/v1/mailboxes/${mailboxId}/check`);
    expect(ok.body).toEqual({ ok: true });
    const wrong = await world.api.request('admin', 'POST', '/api/v1/mailboxes', {
      name: 'wrong password',
      kind: 'imap',
      host: dovecot.host,
      port: dovecot.port,
      tls: 'none',
      username: 'support',
      password: 'not-it',
      enabled: false,
    });
    const refused = await world.api.request('admin', 'POST', `/api/v1/mailboxes/${wrong.body.id}/check`);
    expect(refused.body).toMatchObject({ ok: false, code: 'IMAP_AUTH_FAILED' });
  });

  it('takes in the folder through the watcher: tickets, automatic mail logged, marks only after recording, big mail left', async () => {
    const { api } = world;
    const requestId = messageId('imap');
    const raws = [
      await composeMail({ from: 'anna@acme.example', subject: 'Sent by IMAP', messageId: requestId }),
      readFileSync(new URL('../fixtures/email-sample/sisimai-rfc3834-05.eml', import.meta.url)),
      await composeMail({
        from: 'anna@acme.example',
        subject: 'Too big',
        messageId: messageId('big'),
        attachments: [{ filename: 'big.bin', content: Buffer.alloc(20_000, 3) }],
      }),
    ];
    const uids = await dovecot.appendMessages('support', 'INBOX', raws);
    const { connections } = composeMailIntake(api.dependencies);
    const [connection] = (await connections()).filter((entry) => entry.mailboxId === mailboxId);
    expect(connection).toMatchObject({ host: dovecot.host, username: 'support', processed: { action: 'flag' } });
    // The same sink as the composition's, with a message limit the third message exceeds.
    const sink = mailIntakeSink({
      store: api.store,
      clock: api.clock,
      random: api.dependencies.random,
      mail: { ...api.dependencies.mail, limits: { ...api.dependencies.mail.limits, maxMessageBytes: 16 * 1024 } },
    });
    const controller = new AbortController();
    const watching = watchImapMailbox(connection!, sink, controller.signal, { reconnectMinMs: 50 });
    try {
      await expect
        .poll(async () => (await api.request('admin', 'GET', `/api/v1/mailboxes/${mailboxId}`)).body.status.state)
        .toBe('idle');
      const log = (await api.request('manager', 'GET', '/api/v1/mail/log?limit=500')).body.items as Item[];
      const fromImap = log.filter((entry) => entry.mailboxId === mailboxId);
      expect(fromImap.map((entry) => [entry.subject, entry.outcome]).sort()).toEqual([
        ['Sent by IMAP', 'new_ticket'],
        ['Too big', 'refused'],
        ['kitununulinitoquekegu', 'ignored'],
      ]);
      const flags = await dovecot.flagsOf('support', 'INBOX');
      expect(flags.map((message) => [message.uid, message.flags.includes('$Covenant')])).toEqual([
        [uids[0], true],
        [uids[1], true],
        [uids[2], false],
      ]);
      const status = (await api.request('admin', 'GET', `/api/v1/mailboxes/${mailboxId}`)).body.status;
      expect(status.uidValidity).toBe(await dovecot.uidValidityOf('support', 'INBOX'));
      const ticketId = fromImap.find((entry) => entry.outcome === 'new_ticket').ticketId;
      expect((await api.request('agent', 'GET', `/api/v1/tickets/${ticketId}`)).body).toMatchObject({
        channel: 'email',
        requesterEmail: 'anna@acme.example',
      });
    } finally {
      controller.abort();
      await watching;
    }
  });
});
