import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiFixture } from '../support/api-fixture.ts';
import { testBackends } from '../support/test-database.ts';
import { at, createMonitoredFixture, expectErrorBody, openTicket, sweepAt } from './monitoring-support.ts';

// biome-ignore lint/suspicious/noExplicitAny: API answers are inspected freely
type Item = any;

describe.each(testBackends)('in-app notifications and preferences API ($name)', (backend) => {
  let api: ApiFixture;
  let ticket: string;
  beforeAll(async () => {
    api = await createMonitoredFixture(backend);
    // Nobody is assigned: warnings go to the service level managers; the breach's escalation also reaches ACME's
    // representative (customer contact), never Globex's.
    api.clock.current = at('2026-10-05T08:00:00Z');
    ticket = await openTicket(api, { customer: 'acme', title: 'Production line stopped', priority: 'P1' });
    await sweepAt(api, '2026-10-05T08:31:00Z');
  });
  afterAll(() => api?.close());

  const inbox = async (actor: 'manager' | 'customer' | 'otherCustomer' | 'admin', query = '') => {
    const response = await api.requestAsUser(actor, 'GET', `/api/v1/notifications?limit=500${query}`);
    expect(response.status).toBe(200);
    return response.body as { data: Item[]; page: Item; unread: number };
  };

  it("lists the user's own notifications, newest first, with the unread count", async () => {
    const manager = await inbox('manager');
    expect(manager.data.length).toBeGreaterThanOrEqual(4);
    expect(manager.unread).toBe(manager.data.length);
    expect(manager.page).toEqual({ total: manager.data.length, limit: 500, offset: 0 });
    const warning = manager.data.find((item) => item.kind === 'warning');
    expect(warning).toEqual({
      id: expect.any(String),
      kind: 'warning',
      title: expect.stringMatching(/^Warning: \d+% used: p1-response on Production line stopped$/),
      body: 'Production line stopped (ACME Manufacturing)',
      link: `/tickets/${ticket}`,
      createdAt: expect.any(String),
      readAt: null,
      payload: expect.objectContaining({ kind: 'warning', ticket: expect.objectContaining({ id: ticket }) }),
    });
    const created = manager.data.map((item) => at(item.createdAt));
    expect(created).toEqual([...created].sort((a, b) => b - a));

    const customer = await inbox('customer');
    expect(customer.data.map((item) => item.kind)).toEqual(['escalation']);
    const managerIds = new Set(manager.data.map((item) => item.id));
    expect(customer.data.some((item) => managerIds.has(item.id))).toBe(false);
    expect(await inbox('otherCustomer')).toMatchObject({ data: [], unread: 0, page: { total: 0 } });

    const firstPage = await api.requestAsUser('manager', 'GET', '/api/v1/notifications?limit=2&offset=0');
    expect(firstPage.body.data).toHaveLength(2);
    expect(firstPage.body.page.total).toBe(manager.data.length);
  });

  it("marks one read (keeping the first instant), then all; never another user's", async () => {
    const before = await inbox('manager');
    const [first] = before.data;
    api.clock.current = at('2026-10-05T09:00:00Z');
    const read = await api.requestAsUser('manager', 'POST', `/api/v1/notifications/${first.id}/read`);
    expect(read).toMatchObject({ status: 200, body: { id: first.id, readAt: '2026-10-05T09:00:00.000Z' } });
    api.clock.current = at('2026-10-05T09:05:00Z');
    const again = await api.requestAsUser('manager', 'POST', `/api/v1/notifications/${first.id}/read`, {});
    expect(again.body.readAt).toBe('2026-10-05T09:00:00.000Z');

    const after = await inbox('manager');
    expect(after.unread).toBe(before.unread - 1);
    const unreadOnly = await inbox('manager', '&unread=true');
    expect(unreadOnly.data.map((item) => item.id)).not.toContain(first.id);
    expect(unreadOnly.page.total).toBe(after.unread);
    expect((await inbox('manager', '&unread=false')).data.map((item) => item.id)).toEqual([first.id]);

    // Another user's notification does not exist for you, in your workspace or another.
    const customerNote = (await inbox('customer')).data[0];
    for (const who of ['manager', 'otherCustomer', 'admin', 'foreignAdmin'] as const) {
      expectErrorBody(
        await api.requestAsUser(who, 'POST', `/api/v1/notifications/${customerNote.id}/read`),
        404,
        'NOT_FOUND',
      );
    }
    expect((await inbox('customer')).data[0].readAt).toBeNull();

    const all = await api.requestAsUser('manager', 'POST', '/api/v1/notifications/read-all');
    expect(all).toEqual(expect.objectContaining({ status: 200, body: { marked: after.unread } }));
    expect((await inbox('manager')).unread).toBe(0);
    expect((await api.requestAsUser('manager', 'POST', '/api/v1/notifications/read-all', null)).body).toEqual({
      marked: 0,
    });
    // Marking everything of one user leaves the others' untouched.
    expect((await inbox('customer')).unread).toBe(1);
  });

  it('answers API tokens that they have no inbox, with a stable code', async () => {
    const calls = [
      ['GET', '/api/v1/notifications'],
      ['POST', '/api/v1/notifications/read-all'],
      ['POST', '/api/v1/notifications/00000000-0000-4000-8000-000000000000/read'],
      ['GET', '/api/v1/me/notification-preferences'],
      ['PUT', '/api/v1/me/notification-preferences'],
    ] as const;
    for (const [method, url] of calls) {
      const body = method === 'PUT' ? { email: false } : undefined;
      expectErrorBody(await api.request('manager', method, url, body), 400, 'NOTIFICATIONS_NEED_A_USER');
    }
    expectErrorBody(await api.requestAsUser('anonymous', 'GET', '/api/v1/notifications'), 401, 'UNAUTHENTICATED');
  });

  it('refuses bad input with a 4xx and the error body', async () => {
    for (const url of [
      '/api/v1/notifications?unread=yes',
      '/api/v1/notifications?limit=501',
      '/api/v1/notifications?kind=breach',
    ]) {
      expectErrorBody(await api.requestAsUser('manager', 'GET', url), 400, 'VALIDATION_FAILED');
    }
    expectErrorBody(
      await api.requestAsUser('manager', 'POST', '/api/v1/notifications/42/read'),
      400,
      'VALIDATION_FAILED',
    );
    expectErrorBody(
      await api.requestAsUser('manager', 'POST', '/api/v1/notifications/read-all', { all: true }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('keeps notification preferences per user, with defaults until saved', async () => {
    const defaults = {
      email: true,
      inApp: true,
      timeZone: null,
      kinds: { warning: true, escalation: true, breach: true, report: true },
    };
    expect(await api.requestAsUser('agent', 'GET', '/api/v1/me/notification-preferences')).toMatchObject({
      status: 200,
      body: defaults,
    });
    const saved = await api.requestAsUser('agent', 'PUT', '/api/v1/me/notification-preferences', {
      email: false,
      timeZone: 'America/Sao_Paulo',
      kinds: { warning: false },
    });
    expect(saved).toMatchObject({
      status: 200,
      body: {
        email: false,
        inApp: true,
        timeZone: 'America/Sao_Paulo',
        kinds: { warning: false, escalation: true, breach: true, report: true },
      },
    });
    // Fields left out keep their value; null goes back to the user's own zone.
    const changed = await api.requestAsUser('agent', 'PUT', '/api/v1/me/notification-preferences', {
      timeZone: null,
      kinds: { report: false },
    });
    expect(changed.body).toEqual({
      email: false,
      inApp: true,
      timeZone: null,
      kinds: { warning: false, escalation: true, breach: true, report: false },
    });
    expect((await api.requestAsUser('agent', 'GET', '/api/v1/me/notification-preferences')).body).toEqual(changed.body);
    // Another user's preferences are their own.
    expect((await api.requestAsUser('viewer', 'GET', '/api/v1/me/notification-preferences')).body).toEqual(defaults);
  });

  it('acts on saved preferences: a manager who turned warnings off gets no in-app warning', async () => {
    const manager = await api.userOf('manager');
    const put = await api.requestAsUser(manager, 'PUT', '/api/v1/me/notification-preferences', {
      kinds: { warning: false },
    });
    expect(put.status).toBe(200);
    api.clock.current = at('2026-10-06T08:00:00Z');
    const quiet = await openTicket(api, { customer: 'acme', title: 'Quiet warnings', priority: 'P1' });
    await sweepAt(api, '2026-10-06T08:16:00Z');
    const mine = (await inbox('manager')).data.filter((item) => item.payload?.ticket?.id === quiet);
    expect(mine).toEqual([]);
    await sweepAt(api, '2026-10-06T08:31:00Z');
    const later = (await inbox('manager')).data.filter((item) => item.payload?.ticket?.id === quiet);
    // The 75 % escalation (to the assignee: nobody, so the managers) and the 100 % one still arrive; no warning.
    expect(later.map((item) => item.kind).sort()).toEqual(['breach', 'escalation', 'escalation']);
  });

  it("refuses bad preferences with a 400: unknown zones with the calendars' code", async () => {
    const put = (body: unknown) => api.requestAsUser('agent', 'PUT', '/api/v1/me/notification-preferences', body);
    const badZone = await put({ timeZone: 'Mars/Olympus' });
    expectErrorBody(badZone, 400, 'CALENDAR_UNKNOWN_TIMEZONE');
    expect(badZone.body.error.details.issues).toEqual([
      expect.objectContaining({ path: 'timeZone', code: 'CALENDAR_UNKNOWN_TIMEZONE' }),
    ]);
    expectErrorBody(await put({ timeZone: '+02:00' }), 400, 'CALENDAR_UNKNOWN_TIMEZONE');
    for (const body of [
      { email: 'yes' },
      { timeZone: '' },
      { kinds: { warning: true, digest: true } },
      { kinds: 'all' },
      { language: 'pl' },
      [],
    ]) {
      expectErrorBody(await put(body), 400, 'VALIDATION_FAILED');
    }
    // Nothing was saved by the refused requests.
    expect((await api.requestAsUser('agent', 'GET', '/api/v1/me/notification-preferences')).body.timeZone).toBeNull();
  });
});
