/**
 * The attention queue (issue 18, defect 6): open tickets whose clocks breached and still run come first, longest past
 * due first, then clocks at risk (75 % used or more), most used first; counts per assignee (unassigned as a bucket)
 * and per customer are computed over every match, not the page. The ERP agreement's production calendar runs
 * 04:00-20:00Z on Monday 2026-10-05:
 *   A  acme P1, unassigned, opened 08:00: response due 08:30 and updates due 09:00, both breached by 09:25.
 *   C  acme P2, assigned to alice, opened 08:30: response due 09:30, 91.7 % used at 09:25.
 *   B  globex P2, unassigned, opened 08:40: response due 09:40, 75 % used at 09:25.
 *   E  acme P1 opened 08:00, replied late at 08:45: its breached response stopped (history, not work); its other
 *      clocks are under 75 %. It does not appear.
 *   R  acme P1 opened 07:00 and resolved at 08:50, after its response breached: resolved tickets do not appear.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiFixture } from '../support/api-fixture.ts';
import { testBackends } from '../support/test-database.ts';
import { at, createMonitoredFixture, expectErrorBody, openTicket, sweepAt } from './monitoring-support.ts';

// biome-ignore lint/suspicious/noExplicitAny: API answers are inspected freely
type Item = any;

describe.each(testBackends)('attention queue API ($name)', (backend) => {
  let api: ApiFixture;
  const ids: Record<string, string> = {};
  const event = (ticket: string, body: Record<string, unknown>) =>
    api.request('agent', 'POST', `/api/v1/tickets/${ticket}/events`, body);

  beforeAll(async () => {
    api = await createMonitoredFixture(backend);
    api.clock.current = at('2026-10-05T07:00:00Z');
    ids.R = await openTicket(api, { customer: 'acme', title: 'Resolved late', priority: 'P1' });
    api.clock.current = at('2026-10-05T08:00:00Z');
    ids.A = await openTicket(api, { customer: 'acme', title: 'Production line stopped', priority: 'P1' });
    ids.E = await openTicket(api, { customer: 'acme', title: 'Answered late', priority: 'P1' });
    api.clock.current = at('2026-10-05T08:30:00Z');
    ids.C = await openTicket(api, { customer: 'acme', title: 'Invoices stuck', priority: 'P2' });
    await event(ids.C, { type: 'assigned', assignee: 'alice', occurredAt: '2026-10-05T08:30:00Z' });
    api.clock.current = at('2026-10-05T08:40:00Z');
    ids.B = await openTicket(api, { customer: 'globex', title: 'Label printer offline', priority: 'P2' });
    api.clock.current = at('2026-10-05T08:50:00Z');
    await event(ids.E, { type: 'agent_reply', occurredAt: '2026-10-05T08:45:00Z' });
    await event(ids.R, { type: 'resolved', occurredAt: '2026-10-05T08:50:00Z' });
    await sweepAt(api, '2026-10-05T09:25:00Z');
  });
  afterAll(() => api?.close());

  const attention = async (query = '', actor: Parameters<ApiFixture['request']>[0] = 'manager') => {
    const response = await api.request(actor, 'GET', `/api/v1/clocks/attention?limit=500${query}`);
    expect(response.status).toBe(200);
    return response.body;
  };
  const rows = (body: Item) => body.data.map((item: Item) => [item.ticketId, item.targetId, item.attention]);

  it('lists breached open clocks first, longest past due first, then clocks at risk, most used first', async () => {
    const body = await attention();
    expect(rows(body)).toEqual([
      [ids.A, 'p1-response', 'breached'],
      [ids.A, 'p1-updates', 'breached'],
      [ids.C, 'p2-response', 'at_risk'],
      [ids.B, 'p2-response', 'at_risk'],
    ]);
    expect(body.asOf).toBe('2026-10-05T09:25:00.000Z');
    expect(body.atRiskPercentUsed).toBe(75);
    expect(body.data.map((item: Item) => item.pastDueMinutes)).toEqual([55, 25, null, null]);
    expect(body.data[0]).toMatchObject({ state: 'breached', dueAt: '2026-10-05T08:30:00.000Z', assignee: null });
    expect(body.data[2].percentUsed).toBeCloseTo(91.667, 2);
    expect(body.data[3].percentUsed).toBeCloseTo(75, 6);
    expect(body.page).toEqual({ total: 4, limit: 500, offset: 0 });
  });

  it('counts the tickets per assignee, unassigned included, and per customer, over every match', async () => {
    const expected = {
      breached: 1,
      atRisk: 2,
      byAssignee: [
        { assignee: null, breached: 1, atRisk: 1 },
        { assignee: 'alice', breached: 0, atRisk: 1 },
      ],
      byCustomer: [
        { customerId: api.world.alpha.acme, customerName: 'ACME Manufacturing', breached: 1, atRisk: 1 },
        { customerId: api.world.alpha.globex, customerName: expect.any(String), breached: 0, atRisk: 1 },
      ],
    };
    expect((await attention()).counts).toEqual(expected);
    // A page of one: the same counts and total, the second row.
    const second = (await api.request('manager', 'GET', '/api/v1/clocks/attention?limit=1&offset=1')).body;
    expect(second.counts).toEqual(expected);
    expect(rows(second)).toEqual([[ids.A, 'p1-updates', 'breached']]);
    expect(second.page).toEqual({ total: 4, limit: 1, offset: 1 });
    // Filters narrow the list and the counts alike.
    const p2 = await attention('&priority=P2');
    expect(rows(p2)).toEqual([
      [ids.C, 'p2-response', 'at_risk'],
      [ids.B, 'p2-response', 'at_risk'],
    ]);
    expect(p2.counts).toMatchObject({ breached: 0, atRisk: 2 });
  });

  it("gives an agent the same queue, and a customer representative only their own customer's", async () => {
    const manager = await attention();
    expect(await attention('', 'agent')).toEqual(manager);
    const acme = await attention('', 'customer');
    expect(rows(acme)).toEqual([
      [ids.A, 'p1-response', 'breached'],
      [ids.A, 'p1-updates', 'breached'],
      [ids.C, 'p2-response', 'at_risk'],
    ]);
    expect(acme.counts.byCustomer.map((entry: Item) => entry.customerId)).toEqual([api.world.alpha.acme]);
    expect(acme.counts).toMatchObject({ breached: 1, atRisk: 1 });
    expect(await attention(`&customerId=${api.world.alpha.globex}`, 'customer')).toMatchObject({
      data: [],
      counts: { breached: 0, atRisk: 0, byAssignee: [], byCustomer: [] },
    });
    const globex = await attention('', 'otherCustomer');
    expect(rows(globex)).toEqual([[ids.B, 'p2-response', 'at_risk']]);
    expect(JSON.stringify(globex)).not.toContain(api.world.alpha.acme);
    expect((await attention('', 'foreignAdmin')).data).toEqual([]);
  });

  it('judges against now: a running clock past its due instant is breached before the sweep stores it', async () => {
    api.clock.current = at('2026-10-05T09:35:00Z');
    const body = await attention();
    // C's response was due 09:30: stored running at 09:25, breached now; B (due 09:40) is still at risk.
    expect(rows(body)).toEqual([
      [ids.A, 'p1-response', 'breached'],
      [ids.A, 'p1-updates', 'breached'],
      [ids.C, 'p2-response', 'breached'],
      [ids.B, 'p2-response', 'at_risk'],
    ]);
    expect(body.data[2]).toMatchObject({ state: 'running', pastDueMinutes: 5 });
    expect(body.counts).toMatchObject({ breached: 2, atRisk: 1 });
    api.clock.current = at('2026-10-05T09:25:00Z');
  });

  it('refuses bad queries with a 400 and the error body', async () => {
    for (const query of ['state=breached', 'sort=due', 'customerId=123', 'limit=0', 'colour=red']) {
      expectErrorBody(
        await api.request('manager', 'GET', `/api/v1/clocks/attention?${query}`),
        400,
        'VALIDATION_FAILED',
      );
    }
  });
});
