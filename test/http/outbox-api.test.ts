import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverOutbox } from '../../src/app/monitoring/deliver-outbox.ts';
import { loadConfig } from '../../src/config/config.ts';
import { buildServer } from '../../src/http/server.ts';
import { composeDelivery } from '../../src/main/composition.ts';
import { HttpWebhookSender } from '../../src/notify/http-webhook-sender.ts';
import { queryRows } from '../../src/store/sql-rows.ts';
import { bodyText, headerOf, parseMimeMessage } from '../notify/support/mime-message.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../notify/support/test-smtp-server.ts';
import type { ApiFixture } from '../support/api-fixture.ts';
import { testBackends } from '../support/test-database.ts';
import {
  at,
  auditActionsOf,
  createMonitoredFixture,
  expectErrorBody,
  openTicket,
  sweepAt,
} from './monitoring-support.ts';

// biome-ignore lint/suspicious/noExplicitAny: API answers are inspected freely
type Item = any;

const emailSettings = { configured: true, host: '127.0.0.1:2525', from: 'Covenant <sla@alpha.example>' };

describe.each(testBackends)('outbox and e-mail settings API ($name)', (backend) => {
  let api: ApiFixture;
  let smtp: TestSmtpServer;
  /** The same API with outgoing e-mail configured. */
  let configured: FastifyInstance;
  let refuse = new Set<string>();
  beforeAll(async () => {
    api = await createMonitoredFixture(backend);
    smtp = await startTestSmtpServer({
      refuseRecipient: (address) =>
        refuse.has(address) ? { code: 550, text: '5.1.1 mailbox unavailable' } : undefined,
    });
    configured = await buildServer({ ...api.dependencies, emailSettings });
  });
  afterAll(async () => {
    await configured?.close();
    await smtp?.close();
    await api?.close();
  });

  const deliver = () =>
    deliverOutbox({
      ...composeDelivery(
        api.dependencies,
        loadConfig({ COVENANT_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, COVENANT_MAIL_FROM: emailSettings.from }),
        'https://covenant.example',
      ),
      // The receiver answers at once, from this process: the sender's own limit must not be what decides the test when
      // a busy machine runs it late (the test's bound ends a delivery that never ends).
      webhooks: new HttpWebhookSender({ destinations: api.dependencies.webhookDestinations, timeoutMs: 10 * 60_000 }),
    });
  const outbox = async (query = '', actor: Parameters<ApiFixture['request']>[0] = 'manager') => {
    const response = await api.request(actor, 'GET', `/api/v1/outbox?limit=500${query}`);
    expect(response.status).toBe(200);
    return response.body.data as Item[];
  };
  /** Sends as a signed-in user through the server with e-mail configured. */
  const asUserConfigured = async (actor: 'admin' | 'manager', method: 'GET' | 'POST', url: string) => {
    const user = await api.userOf(actor);
    const response = await configured.inject({
      method,
      url,
      headers: { cookie: `covenant_session=${user.sessionToken}`, 'x-csrf-token': user.csrfToken },
    });
    return { status: response.statusCode, body: JSON.parse(response.body) };
  };

  it('lists the messages the sweep queued with their delivery state; a dead one can be retried once', async () => {
    api.clock.current = at('2026-10-05T08:00:00Z');
    await openTicket(api, { customer: 'acme', title: 'Production line stopped', priority: 'P1' });
    await sweepAt(api, '2026-10-05T08:16:00Z');
    const queued = await outbox();
    expect(queued).toEqual([
      {
        id: expect.stringMatching(/^m_/),
        channel: 'email',
        kind: 'clock.warning',
        recipient: 'manager@alpha.example',
        subscriptionId: null,
        customerId: api.world.alpha.acme,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: '2026-10-05T08:16:00.000Z',
        lastError: null,
        deliveredAt: null,
        createdAt: '2026-10-05T08:16:00.000Z',
        updatedAt: '2026-10-05T08:16:00.000Z',
        sourceId: expect.any(String),
      },
    ]);

    // The manager's mailbox refuses mail for good: the message is dead-lettered with the reason.
    refuse = new Set(['manager@alpha.example']);
    await deliver();
    const [dead] = await outbox('&status=dead');
    expect(dead).toMatchObject({ id: queued[0].id, status: 'dead', attempts: 1, deliveredAt: null });
    expect(dead.lastError).toContain('550');
    expect(await outbox('&status=pending')).toEqual([]);

    api.clock.current = at('2026-10-05T09:00:00Z');
    const retried = await api.request('manager', 'POST', `/api/v1/outbox/${dead.id}/retry`);
    expect(retried).toMatchObject({
      status: 200,
      body: { id: dead.id, status: 'pending', attempts: 0, nextAttemptAt: '2026-10-05T09:00:00.000Z' },
    });
    const again = await api.request('admin', 'POST', `/api/v1/outbox/${dead.id}/retry`, {});
    expectErrorBody(again, 409, 'OUTBOX_MESSAGE_NOT_DEAD');
    expect(again.body.error.details).toEqual({ id: dead.id, status: 'pending' });

    refuse = new Set();
    await deliver();
    const [delivered] = await outbox(`&status=delivered&channel=email`);
    expect(delivered).toMatchObject({ id: dead.id, attempts: 1, deliveredAt: '2026-10-05T09:00:00.000Z' });
    expect(smtp.received.map((mail) => mail.recipients)).toEqual([['manager@alpha.example']]);
    expectErrorBody(
      await api.request('manager', 'POST', `/api/v1/outbox/${dead.id}/retry`),
      409,
      'OUTBOX_MESSAGE_NOT_DEAD',
    );
    expect(await auditActionsOf(api, dead.id)).toEqual(['outbox.retried']);
    const attempts = await queryRows<{ attempt: number; ok: boolean }>(
      api.handle.db,
      sql`SELECT attempt, ok FROM delivery_attempts WHERE outbox_id = ${dead.id} ORDER BY attempted_at`,
    );
    expect(attempts).toEqual([
      { attempt: 1, ok: false },
      { attempt: 1, ok: true },
    ]);
    expect(await outbox('&channel=webhook')).toEqual([]);
  });

  it('is for managers and administrators of the workspace only', async () => {
    const [message] = await outbox();
    for (const actor of ['owner', 'agent', 'viewer', 'customer', 'otherCustomer', 'foreignCustomer'] as const) {
      expectErrorBody(await api.request(actor, 'GET', '/api/v1/outbox'), 403, 'FORBIDDEN');
      expectErrorBody(await api.request(actor, 'POST', `/api/v1/outbox/${message.id}/retry`), 403, 'FORBIDDEN');
    }
    expect(await outbox('', 'foreignAdmin')).toEqual([]);
    expectErrorBody(await api.request('foreignAdmin', 'POST', `/api/v1/outbox/${message.id}/retry`), 404, 'NOT_FOUND');
    expectErrorBody(await api.request('anonymous', 'GET', '/api/v1/outbox'), 401, 'UNAUTHENTICATED');
  });

  it('refuses bad input with a 4xx and the error body', async () => {
    for (const query of ['status=failed', 'channel=sms', 'kind=clock.breach', 'offset=-1']) {
      expectErrorBody(await api.request('manager', 'GET', `/api/v1/outbox?${query}`), 400, 'VALIDATION_FAILED');
    }
    expectErrorBody(await api.request('manager', 'POST', '/api/v1/outbox/m_unknown/retry'), 404, 'NOT_FOUND');
    expectErrorBody(
      await api.request('manager', 'POST', `/api/v1/outbox/${encodeURIComponent('m x;drop')}/retry`),
      400,
      'VALIDATION_FAILED',
    );
    const [message] = await outbox();
    expectErrorBody(
      await api.request('manager', 'POST', `/api/v1/outbox/${message.id}/retry`, { force: true }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('shows the e-mail settings to administrators; without SMTP a test e-mail is refused', async () => {
    expect(await api.request('admin', 'GET', '/api/v1/settings/email')).toMatchObject({
      status: 200,
      body: { configured: false, host: null, from: null },
    });
    expectErrorBody(await api.request('manager', 'GET', '/api/v1/settings/email'), 403, 'FORBIDDEN');
    expectErrorBody(
      await api.requestAsUser('admin', 'POST', '/api/v1/settings/email/test'),
      409,
      'EMAIL_NOT_CONFIGURED',
    );
    expect(await asUserConfigured('admin', 'GET', '/api/v1/settings/email')).toEqual({
      status: 200,
      body: emailSettings,
    });
  });

  it("sends a test e-mail to the administrator's own address through the outbox", async () => {
    api.clock.current = at('2026-10-05T10:00:00Z');
    const before = smtp.received.length;
    const queued = await asUserConfigured('admin', 'POST', '/api/v1/settings/email/test');
    expect(queued).toEqual({
      status: 202,
      body: { outboxId: expect.stringMatching(/^m_/), recipient: 'admin@alpha.example' },
    });
    const [message] = await outbox('&status=pending');
    expect(message).toMatchObject({ id: queued.body.outboxId, kind: 'notification.test', channel: 'email' });
    await deliver();
    const mails = smtp.received.slice(before);
    expect(mails.map((mail) => mail.recipients)).toEqual([['admin@alpha.example']]);
    const parsed = parseMimeMessage(mails[0]!.raw);
    expect(headerOf(parsed, 'subject')).toBe('Covenant test e-mail');
    expect(bodyText(parsed, 'text/plain')).toContain('requested by admin@alpha.example at 2026-10-05T10:00:00Z');
    expect(bodyText(parsed, 'text/html')).toContain('<p>This is a test e-mail from Covenant');

    // An API token has no address; other roles may not send.
    expectErrorBody(await asUserConfigured('manager', 'POST', '/api/v1/settings/email/test'), 403, 'FORBIDDEN');
    expectErrorBody(
      await api.request('admin', 'POST', '/api/v1/settings/email/test'),
      400,
      'NOTIFICATIONS_NEED_A_USER',
    );
    expectErrorBody(
      await api.requestAsUser('admin', 'POST', '/api/v1/settings/email/test', { to: 'someone@example.com' }),
      400,
      'VALIDATION_FAILED',
    );
  });
});
