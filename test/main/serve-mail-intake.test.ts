/**
 * What `npm start` runs takes mail in: the server started through `startServer` (the production composition) watches
 * the IMAP mailbox an administrator adds over the API (a private Dovecot), and the customer's message becomes a ticket
 * in the intake log; stopping the server stops the watcher.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { type RunningServer, startServer } from '../../src/main/serve.ts';
import { composeMail, messageId } from '../http/mail-support.ts';
import { dovecotMissing, reportIfDovecotMissing, startDovecot, type TestDovecot } from '../support/dovecot.ts';

reportIfDovecotMissing();

const admin = { email: 'sla@provider.example', password: 'a password long enough' };

describe.skipIf(dovecotMissing !== null)('the running server watches IMAP mailboxes (production composition)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'covenant-mail-serve-'));
  let server: RunningServer;
  let dovecot: TestDovecot;
  let headers: Record<string, string>;

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: responses are inspected freely
    return { status: response.status, body: (await response.json()) as any };
  };

  beforeAll(async () => {
    dovecot = await startDovecot({ users: { desk: 'desk-password' } });
    const config = loadConfig({
      PORT: '0',
      COVENANT_DATA_DIR: directory,
      COVENANT_ADMIN_EMAIL: admin.email,
      COVENANT_ADMIN_PASSWORD: admin.password,
      COVENANT_LOG_LEVEL: 'silent',
    });
    server = await startServer({ demo: false, version: 'test', print: () => {} }, config);
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(admin),
    });
    expect(login.status).toBe(200);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    headers = { cookie: login.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': csrfToken };
  });
  afterAll(async () => {
    await server?.stop();
    await dovecot?.dispose();
    rmSync(directory, { recursive: true, force: true });
  });

  it('takes in the mail of a mailbox added over the API, and marks it on the server', async () => {
    const customer = await call('POST', '/api/v1/customers', { slug: 'acme', name: 'ACME' });
    expect(customer.status).toBe(201);
    expect(
      (
        await call('POST', `/api/v1/customers/${customer.body.id}/contacts`, {
          name: 'Anna',
          email: 'anna@acme.example',
        })
      ).status,
    ).toBe(201);
    const mailbox = await call('POST', '/api/v1/mailboxes', {
      name: 'desk',
      kind: 'imap',
      host: dovecot.host,
      port: dovecot.port,
      tls: 'none',
      username: 'desk',
      password: 'desk-password',
    });
    expect(mailbox.status).toBe(201);
    const id = messageId('served');
    await dovecot.appendMessages('desk', 'INBOX', [
      await composeMail({ from: 'anna@acme.example', subject: 'Printer on fire', messageId: id }),
    ]);
    // The API tells the running watchers at once (and they read the mailboxes again every 30 s anyway).
    await expect
      .poll(async () =>
        ((await call('GET', '/api/v1/mail/log')).body.items as { subject: string; outcome: string }[]).map((entry) => [
          entry.subject,
          entry.outcome,
        ]),
      )
      .toEqual([['Printer on fire', 'new_ticket']]);
    await expect.poll(async () => (await dovecot.flagsOf('desk', 'INBOX'))[0]?.flags).toContain('$Covenant');
    const status = (await call('GET', `/api/v1/mailboxes/${mailbox.body.id}`)).body.status;
    expect(['idle', 'polling', 'connected']).toContain(status.state);
  });
});
