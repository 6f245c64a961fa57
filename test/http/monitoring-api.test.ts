import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiFixture } from '../support/api-fixture.ts';
import { testBackends } from '../support/test-database.ts';
import { at, createMonitoredFixture, expectErrorBody, openTicket, sweepAt } from './monitoring-support.ts';

// biome-ignore lint/suspicious/noExplicitAny: API answers are inspected freely
type Item = any;

describe.each(testBackends)('clock queue API ($name)', (backend) => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await createMonitoredFixture(backend);
  });
  afterAll(() => api?.close());

  const clocks = async (query = '', actor: Parameters<ApiFixture['request']>[0] = 'manager') => {
    const response = await api.request(actor, 'GET', `/api/v1/clocks?limit=500${query}`);
    expect(response.status).toBe(200);
    return response.body.data as Item[];
  };
  const dueOrder = (items: Item[]) =>
    items.map((item) => (item.dueAt === null ? Number.POSITIVE_INFINITY : at(item.dueAt)));

  it('lists the clocks of open tickets soonest due first, with used time as of their evaluation', async () => {
    api.clock.current = at('2026-10-05T08:00:00Z');
    const acmeP1 = await openTicket(api, { customer: 'acme', title: 'Production line stopped', priority: 'P1' });
    const globexP2 = await openTicket(api, { customer: 'globex', title: 'Label printer offline', priority: 'P2' });

    const items = await clocks();
    const response = items.find((item) => item.ticketId === acmeP1 && item.targetId === 'p1-response');
    expect(response).toEqual({
      ticketId: acmeP1,
      ticketTitle: 'Production line stopped',
      externalRef: null,
      lifecycle: 'open',
      customerId: api.world.alpha.acme,
      customerName: 'ACME Manufacturing',
      service: expect.toSatisfy((value: unknown) => value === null || typeof value === 'string'),
      priority: 'P1',
      assignee: null,
      targetId: 'p1-response',
      metric: 'first_response',
      state: 'running',
      dueAt: '2026-10-05T08:30:00.000Z',
      breachAt: null,
      usedMinutes: 0,
      remainingMinutes: 30,
      percentUsed: 0,
      durationMinutes: 30,
      nextCheckAt: '2026-10-05T08:15:00.000Z',
      evaluatedAt: '2026-10-05T08:00:00.000Z',
    });
    expect(items.some((item) => item.ticketId === globexP2 && item.targetId === 'p2-response')).toBe(true);
    const order = dueOrder(items);
    expect(order).toEqual([...order].sort((a, b) => a - b));

    // Time passes: the stored clock still says what it said at its evaluation, and evaluatedAt says when that was.
    api.clock.current = at('2026-10-05T08:20:00Z');
    const unchanged = (await clocks()).find((item) => item.ticketId === acmeP1 && item.targetId === 'p1-response');
    expect(unchanged).toMatchObject({ usedMinutes: 0, evaluatedAt: '2026-10-05T08:00:00.000Z' });
    // The sweep re-evaluates the clock at its next check (the 50 % warning at 08:15).
    await sweepAt(api, '2026-10-05T08:20:00Z');
    const swept = (await clocks()).find((item) => item.ticketId === acmeP1 && item.targetId === 'p1-response');
    expect(swept).toMatchObject({
      usedMinutes: 20,
      remainingMinutes: 10,
      evaluatedAt: '2026-10-05T08:20:00.000Z',
      state: 'running',
    });
    expect(swept.percentUsed).toBeCloseTo(66.667, 2);

    // A customer sees its own customer's clocks only, whatever it asks for.
    const acmeView = await clocks('', 'customer');
    expect(acmeView.length).toBeGreaterThan(0);
    expect(acmeView.every((item) => item.customerId === api.world.alpha.acme)).toBe(true);
    expect(await clocks(`&customerId=${api.world.alpha.globex}`, 'customer')).toEqual([]);
    const globexView = await clocks('', 'otherCustomer');
    expect(globexView.some((item) => item.ticketId === globexP2)).toBe(true);
    expect(globexView.every((item) => item.customerId === api.world.alpha.globex)).toBe(true);
    expect(await clocks('', 'foreignAdmin')).toEqual([]);
  });

  it('filters by state, customer, priority, target and due instant, and sorts by due or percent used', async () => {
    await sweepAt(api, '2026-10-05T08:31:00Z');
    const breached = await clocks('&state=breached');
    expect(breached.length).toBeGreaterThan(0);
    expect(breached.every((item) => item.state === 'breached')).toBe(true);
    expect(
      breached.some((item) => item.targetId === 'p1-response' && item.breachAt === '2026-10-05T08:30:00.000Z'),
    ).toBe(true);
    const p2 = await clocks('&priority=P2');
    expect(p2.length).toBeGreaterThan(0);
    expect(p2.every((item) => item.priority === 'P2')).toBe(true);
    const target = await clocks('&targetId=p1-response');
    expect(target.every((item) => item.targetId === 'p1-response')).toBe(true);
    const globex = await clocks(`&customerId=${api.world.alpha.globex}`);
    expect(globex.every((item) => item.customerId === api.world.alpha.globex)).toBe(true);
    const dueSoon = await clocks(`&dueBefore=${encodeURIComponent('2026-10-05T10:45:00+02:00')}`);
    expect(dueSoon.length).toBeGreaterThan(0);
    expect(dueSoon.every((item) => item.dueAt !== null && at(item.dueAt) < at('2026-10-05T08:45:00Z'))).toBe(true);

    const byPercent = (await clocks('&sort=percent')).map((item) => item.percentUsed);
    expect(byPercent).toEqual([...byPercent].sort((a, b) => b - a));
    const latestFirst = dueOrder(await clocks('&sort=-due')).filter(Number.isFinite);
    expect(latestFirst).toEqual([...latestFirst].sort((a, b) => b - a));

    const paged = await api.request('manager', 'GET', '/api/v1/clocks?limit=1&offset=1');
    expect(paged.body.page).toMatchObject({ limit: 1, offset: 1 });
    expect(paged.body.page.total).toBe((await clocks()).length);
    expect(paged.body.data).toHaveLength(1);
  });

  it('shows clocks of resolved tickets only when asked', async () => {
    api.clock.current = at('2026-10-05T09:00:00Z');
    const ticket = await openTicket(api, { customer: 'acme', title: 'Report export slow', priority: 'P3' });
    const resolved = await api.request('agent', 'POST', `/api/v1/tickets/${ticket}/events`, {
      type: 'resolved',
      occurredAt: '2026-10-05T09:00:00Z',
    });
    expect(resolved.status).toBeLessThan(300);
    expect((await clocks()).some((item) => item.ticketId === ticket)).toBe(false);
    const closedOnes = await clocks('&lifecycle=resolved');
    expect(closedOnes.some((item) => item.ticketId === ticket && item.lifecycle === 'resolved')).toBe(true);
    expect(closedOnes.every((item) => item.lifecycle === 'resolved')).toBe(true);
    expect((await clocks('&lifecycle=any')).some((item) => item.ticketId === ticket)).toBe(true);
  });

  it('refuses bad queries with a 400 and the error body', async () => {
    for (const query of [
      'state=late',
      'sort=urgency',
      'customerId=123',
      'dueBefore=tomorrow',
      'dueBefore=2026-10-05',
      'limit=0',
      'lifecycle=archived',
      'colour=red',
    ]) {
      expectErrorBody(await api.request('manager', 'GET', `/api/v1/clocks?${query}`), 400, 'VALIDATION_FAILED');
    }
    expectErrorBody(await api.request('anonymous', 'GET', '/api/v1/clocks'), 401, 'UNAUTHENTICATED');
  });
});
