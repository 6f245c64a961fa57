import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverOutbox } from '../../src/app/monitoring/deliver-outbox.ts';
import { composeDelivery } from '../../src/main/composition.ts';
import { HttpWebhookSender } from '../../src/notify/http-webhook-sender.ts';
import { verifyWebhookSignature } from '../../src/notify/webhook-signature.ts';
import { queryRows } from '../../src/store/sql-rows.ts';
import { answer, startWebhookReceiver, type TestWebhookReceiver } from '../notify/support/test-webhook-receiver.ts';
import { type ApiFixture, providerActors, testConfig } from '../support/api-fixture.ts';
import { testBackends } from '../support/test-database.ts';
import {
  at,
  auditActionsOf,
  createMonitoredFixture,
  expectErrorBody,
  openTicket,
  sweepAt,
} from './monitoring-support.ts';

describe.each(testBackends)('webhook subscriptions API ($name)', (backend) => {
  let api: ApiFixture;
  let receiver: TestWebhookReceiver;
  beforeAll(async () => {
    api = await createMonitoredFixture(backend);
    receiver = await startWebhookReceiver(answer(204));
  });
  afterAll(async () => {
    await receiver?.close();
    await api?.close();
  });

  const deliver = () =>
    deliverOutbox({
      ...composeDelivery(api.dependencies, testConfig, 'https://covenant.example'),
      // The receiver answers at once, from this process: the sender's own limit must not be what decides the test when
      // a busy machine runs it late (the test's bound ends a delivery that never ends).
      webhooks: new HttpWebhookSender({ destinations: api.dependencies.webhookDestinations, timeoutMs: 10 * 60_000 }),
    });
  const storedSecret = async (id: string) =>
    (
      await queryRows<{ secret: string }>(api.handle.db, sql`SELECT secret FROM webhook_subscriptions WHERE id = ${id}`)
    )[0]?.secret;

  it('creates a subscription and shows its signing secret once; reads never return it', async () => {
    api.clock.current = at('2026-10-05T07:00:00Z');
    const created = await api.request('admin', 'POST', '/api/v1/webhooks', {
      url: receiver.url,
      eventTypes: ['clock.breach', 'clock.escalation', 'clock.breach'],
      description: 'On-call pager bridge',
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      url: receiver.url,
      eventTypes: ['clock.breach', 'clock.escalation'],
      description: 'On-call pager bridge',
      active: true,
      createdBy: null,
      createdAt: '2026-10-05T07:00:00.000Z',
      updatedAt: '2026-10-05T07:00:00.000Z',
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{43}$/),
    });
    const { id, secret } = created.body;
    expect(await storedSecret(id)).toBe(secret);

    const one = await api.request('admin', 'GET', `/api/v1/webhooks/${id}`);
    const list = await api.request('admin', 'GET', '/api/v1/webhooks');
    expect(one.body).not.toHaveProperty('secret');
    expect(list.body.data.find((hook: { id: string }) => hook.id === id)).not.toHaveProperty('secret');
    const audit = await api.request('admin', 'GET', `/api/v1/audit?entityId=${id}`);
    for (const text of [one.body, list.body, audit.body].map((body) => JSON.stringify(body))) {
      expect(text).not.toContain(secret);
    }

    // A person creating one is recorded as its creator.
    const byUser = await api.requestAsUser('admin', 'POST', '/api/v1/webhooks', {
      url: 'https://hooks.example/covenant',
      eventTypes: ['report.ready'],
      active: false,
    });
    expect(byUser.body).toMatchObject({ createdBy: (await api.userOf('admin')).user.id, active: false });
  });

  it('delivers alerts signed with that secret, logs every attempt, and rotates the secret on request', async () => {
    const hook = (await api.request('admin', 'GET', '/api/v1/webhooks')).body.data.find(
      (item: { url: string }) => item.url === receiver.url,
    );
    const secret = await storedSecret(hook.id);
    api.clock.current = at('2026-10-05T08:00:00Z');
    const ticket = await openTicket(api, { customer: 'acme', title: 'Production line stopped', priority: 'P1' });
    await sweepAt(api, '2026-10-05T08:31:00Z');
    await deliver();
    const received = receiver.received.map((request) => JSON.parse(request.rawBody.toString('utf8')));
    expect(received.map((body) => body.type).sort()).toEqual(['clock.breach', 'clock.escalation', 'clock.escalation']);
    for (const request of receiver.received) {
      const verdict = verifyWebhookSignature({
        headers: request.headers as Record<string, string>,
        rawBody: request.rawBody,
        secret: secret!,
        now: api.clock.now(),
      });
      expect(verdict.ok).toBe(true);
    }

    const log = await api.request('admin', 'GET', `/api/v1/webhooks/${hook.id}/deliveries`);
    expect(log.status).toBe(200);
    expect(log.body.page.total).toBe(3);
    expect(log.body.data[0]).toEqual({
      id: expect.any(String),
      attempt: 1,
      attemptedAt: '2026-10-05T08:31:00.000Z',
      ok: true,
      status: 204,
      detail: expect.any(String),
      eventType: expect.stringMatching(/^clock\.(breach|escalation)$/),
      outboxId: expect.stringMatching(/^m_/),
      outboxStatus: 'delivered',
    });
    expect(received.every((body) => JSON.stringify(body.data).includes(ticket))).toBe(true);

    api.clock.current = at('2026-10-05T09:00:00Z');
    const rotated = await api.request('admin', 'PATCH', `/api/v1/webhooks/${hook.id}`, { rotateSecret: true });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(secret);
    expect(await storedSecret(hook.id)).toBe(rotated.body.secret);
    expect((await api.request('admin', 'GET', `/api/v1/webhooks/${hook.id}`)).body).not.toHaveProperty('secret');
    const plain = await api.request('admin', 'PATCH', `/api/v1/webhooks/${hook.id}`, { description: 'Pager' });
    expect(plain.body).not.toHaveProperty('secret');
    expect(await auditActionsOf(api, hook.id)).toEqual([
      'webhook.created',
      'webhook.secret_rotated',
      'webhook.updated',
    ]);
  });

  it('sends a signed test message through the outbox, once per Idempotency-Key', async () => {
    const created = await api.request('admin', 'POST', '/api/v1/webhooks', {
      url: receiver.url,
      eventTypes: ['clock.warning'],
      active: false,
    });
    const { id, secret } = created.body;
    api.clock.current = at('2026-10-05T10:00:00Z');
    const first = await api.request('admin', 'POST', `/api/v1/webhooks/${id}/test`);
    expect(first).toMatchObject({
      status: 202,
      body: { outboxId: expect.stringMatching(/^m_/), recipient: receiver.url },
    });
    const second = await api.request('admin', 'POST', `/api/v1/webhooks/${id}/test`, {});
    expect(second.body.outboxId).not.toBe(first.body.outboxId);
    const keyed = { 'idempotency-key': 'check-after-firewall-change' };
    const third = await api.request('admin', 'POST', `/api/v1/webhooks/${id}/test`, undefined, keyed);
    const repeat = await api.request('admin', 'POST', `/api/v1/webhooks/${id}/test`, undefined, keyed);
    expect(repeat).toMatchObject({ status: 202, body: { outboxId: third.body.outboxId } });
    const queued = await queryRows<{ id: string; kind: string; channel: string; status: string }>(
      api.handle.db,
      sql`SELECT id, kind, channel, status FROM outbox WHERE subscription_id = ${id} ORDER BY id`,
    );
    expect(queued).toHaveLength(3);
    expect(queued.every((row) => row.kind === 'notification.test' && row.channel === 'webhook')).toBe(true);

    const before = receiver.received.length;
    await deliver();
    const tests = receiver.received.slice(before).map((request) => ({
      body: JSON.parse(request.rawBody.toString('utf8')),
      verdict: verifyWebhookSignature({
        headers: request.headers as Record<string, string>,
        rawBody: request.rawBody,
        secret,
        now: api.clock.now(),
      }),
    }));
    expect(tests).toHaveLength(3);
    for (const { body, verdict } of tests) {
      expect(verdict.ok).toBe(true);
      expect(body).toMatchObject({
        type: 'notification.test',
        data: { requestedBy: 'token test admin', requestedAt: '2026-10-05T10:00:00.000Z' },
      });
    }
    const log = await api.request('admin', 'GET', `/api/v1/webhooks/${id}/deliveries?limit=2`);
    expect(log.body.page).toEqual({ total: 3, limit: 2, offset: 0 });
    expect(log.body.data.every((row: { eventType: string }) => row.eventType === 'notification.test')).toBe(true);
  });

  it('changes and deletes subscriptions; only administrators of the workspace manage them', async () => {
    const { body } = await api.request('admin', 'POST', '/api/v1/webhooks', {
      url: 'https://hooks.example/a',
      eventTypes: ['clock.breach'],
    });
    const changed = await api.request('admin', 'PATCH', `/api/v1/webhooks/${body.id}`, {
      url: 'http://hooks.example:8080/b?channel=sla',
      eventTypes: ['clock.warning', 'report.ready'],
      active: false,
      description: null,
    });
    expect(changed.body).toMatchObject({
      url: 'http://hooks.example:8080/b?channel=sla',
      eventTypes: ['clock.warning', 'report.ready'],
      active: false,
      description: null,
    });
    for (const actor of [
      ...providerActors.filter((actor) => actor !== 'admin'),
      'customer',
      'foreignCustomer',
    ] as const) {
      expectErrorBody(await api.request(actor, 'GET', `/api/v1/webhooks/${body.id}`), 403, 'FORBIDDEN');
      expectErrorBody(await api.request(actor, 'DELETE', `/api/v1/webhooks/${body.id}`), 403, 'FORBIDDEN');
    }
    for (const [method, path] of [
      ['GET', ''],
      ['PATCH', ''],
      ['DELETE', ''],
      ['GET', '/deliveries'],
      ['POST', '/test'],
    ] as const) {
      const response = await api.request(
        'foreignAdmin',
        method,
        `/api/v1/webhooks/${body.id}${path}`,
        method === 'PATCH' ? { active: true } : undefined,
      );
      expectErrorBody(response, 404, 'NOT_FOUND');
    }
    expect((await api.request('foreignAdmin', 'GET', '/api/v1/webhooks')).body.data).toEqual([]);
    expect((await api.request('admin', 'DELETE', `/api/v1/webhooks/${body.id}`)).status).toBe(204);
    expectErrorBody(await api.request('admin', 'GET', `/api/v1/webhooks/${body.id}`), 404, 'NOT_FOUND');
    expectErrorBody(await api.request('admin', 'DELETE', `/api/v1/webhooks/${body.id}`), 404, 'NOT_FOUND');
    expect(await auditActionsOf(api, body.id)).toEqual(['webhook.created', 'webhook.updated', 'webhook.deleted']);
  });

  it('refuses internal addresses when a subscription is saved unless allow-listed (issue 19, finding 5)', async () => {
    const post = (url: string) =>
      api.request('admin', 'POST', '/api/v1/webhooks', { url, eventTypes: ['clock.breach'] });
    // The test composition allow-lists 127.0.0.1 only (as an operator would for a receiver on the premises).
    for (const host of [
      'localhost',
      'localhost.',
      '10.0.0.1',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '127.0.0.2',
      '[::1]',
      '[::]',
      '[fe80::1]',
      '[fd00::1]',
      '[ff02::1]',
      '[::ffff:10.0.0.1]',
      '224.0.0.1',
      '255.255.255.255',
    ]) {
      const refused = await post(`http://${host}:8080/hook`);
      expectErrorBody(refused, 400, 'WEBHOOK_URL_ADDRESS_REFUSED');
      expect(refused.body.error.message, host).toMatch(/COVENANT_WEBHOOK_ALLOW_HOSTS/);
    }
    for (const allowed of ['http://127.0.0.1:9/a', 'http://0x7f000001:9/b', 'http://[::ffff:127.0.0.1]:9/c']) {
      expect((await post(allowed)).status, allowed).toBe(201);
    }
    const { body } = await post('https://hooks.example/public');
    const patched = await api.request('admin', 'PATCH', `/api/v1/webhooks/${body.id}`, { url: 'http://10.1.2.3/' });
    expectErrorBody(patched, 400, 'WEBHOOK_URL_ADDRESS_REFUSED');
    expect((await api.request('admin', 'GET', `/api/v1/webhooks/${body.id}`)).body.url).toBe(
      'https://hooks.example/public',
    );
  });

  it('keeps the status and a short reason in the delivery log, never the answer body', async () => {
    const talkative = await startWebhookReceiver(answer(500, 'root:x:0:0:root:/root:/bin/bash internal-only'));
    try {
      const { body } = await api.request('admin', 'POST', '/api/v1/webhooks', {
        url: talkative.url,
        eventTypes: ['clock.breach'],
      });
      await api.request('admin', 'POST', `/api/v1/webhooks/${body.id}/test`);
      await deliver();
      expect(talkative.received).toHaveLength(1);
      const log = await api.request('admin', 'GET', `/api/v1/webhooks/${body.id}/deliveries`);
      expect(log.body.data).toHaveLength(1);
      expect(log.body.data[0]).toMatchObject({ ok: false, status: 500, detail: 'HTTP 500' });
      const stored = await queryRows<{ text: string }>(
        api.handle.db,
        sql`SELECT row_to_json(a)::text AS text FROM delivery_attempts a JOIN outbox o ON o.id = a.outbox_id
            WHERE o.subscription_id = ${body.id}`,
      );
      expect(JSON.stringify([log.body, stored])).not.toContain('internal-only');
    } finally {
      await talkative.close();
    }
  });

  it('refuses bad subscriptions with a 400 and the error body', async () => {
    const post = (body: unknown) => api.request('admin', 'POST', '/api/v1/webhooks', body);
    for (const url of [
      'ftp://hooks.example/covenant',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'data:text/plain,hello',
      'not a url',
      '/relative/path',
      'https://user:password@hooks.example/covenant',
    ]) {
      expectErrorBody(await post({ url, eventTypes: ['clock.breach'] }), 400, 'WEBHOOK_URL_INVALID');
    }
    for (const body of [
      { url: `https://hooks.example/${'x'.repeat(2000)}`, eventTypes: ['clock.breach'] },
      { url: 'https://hooks.example/covenant', eventTypes: [] },
      { url: 'https://hooks.example/covenant', eventTypes: ['ticket.created'] },
      { url: 'https://hooks.example/covenant' },
      { eventTypes: ['clock.breach'] },
      { url: 'https://hooks.example/covenant', eventTypes: ['clock.breach'], secret: 'mine' },
      { url: 'https://hooks.example/covenant', eventTypes: 'clock.breach' },
      { url: 'https://hooks.example/covenant', eventTypes: ['clock.breach'], active: 'yes' },
    ]) {
      expectErrorBody(await post(body), 400, 'VALIDATION_FAILED');
    }
    const { body } = await post({ url: 'https://hooks.example/ok', eventTypes: ['clock.breach'] });
    const patch = (changes: unknown) => api.request('admin', 'PATCH', `/api/v1/webhooks/${body.id}`, changes);
    expectErrorBody(await patch({ url: 'gopher://hooks.example' }), 400, 'WEBHOOK_URL_INVALID');
    expectErrorBody(await patch({ eventTypes: [] }), 400, 'VALIDATION_FAILED');
    expectErrorBody(await patch({ rotateSecret: 'yes' }), 400, 'VALIDATION_FAILED');
    expectErrorBody(await patch({ secret: 'whsec_mine' }), 400, 'VALIDATION_FAILED');
    expect((await api.request('admin', 'GET', `/api/v1/webhooks/${body.id}`)).body.url).toBe(
      'https://hooks.example/ok',
    );
    for (const [method, url] of [
      ['GET', '/api/v1/webhooks/not-a-uuid'],
      ['GET', '/api/v1/webhooks/not-a-uuid/deliveries'],
      ['POST', '/api/v1/webhooks/not-a-uuid/test'],
      ['GET', `/api/v1/webhooks/${body.id}/deliveries?limit=-1`],
      ['GET', '/api/v1/webhooks?active=true'],
    ] as const) {
      expectErrorBody(await api.request('admin', method, url), 400, 'VALIDATION_FAILED');
    }
    expectErrorBody(
      await api.request('admin', 'POST', `/api/v1/webhooks/${body.id}/test`, { eventType: 'clock.breach' }),
      400,
      'VALIDATION_FAILED',
    );
  });
});
