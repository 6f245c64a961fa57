import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepDueClocks } from '../../../src/app/monitoring/sweep-due-clocks.ts';
import { queryRows } from '../../../src/store/sql-rows.ts';
import { type ApiFixture, createApiFixture } from '../../support/api-fixture.ts';
import { seedAcmeErpAgreement, seedActiveAgreement } from '../../support/seed-agreement.ts';
import { testBackends } from '../../support/test-database.ts';

// The fixture clock starts on Monday 2026-10-05 08:00Z (10:00 in Warsaw). The ERP agreement's P1 first response is
// due 30 production minutes later (warnAt 50 %, 80 %), and its escalation levels are 75 % (assignee, owner),
// 100 % (owner, manager, customer contact, deviation) and 150 % for resolution targets (reassign to senior consultants).
const at = (iso: string) => Date.parse(iso);

describe.each(testBackends)('due-clock sweep ($name)', (backend) => {
  let api: ApiFixture;
  const sweep = () => sweepDueClocks(api.dependencies);
  const firingsOf = (ticketId: string) =>
    queryRows<{ kind: string; percent: number; target_id: string; suppressed: string | null; actions: unknown }>(
      api.handle.db,
      sql`SELECT kind, percent, target_id, suppressed, actions FROM clock_firings WHERE ticket_id = ${ticketId}
          ORDER BY reached_at, target_id, kind`,
    );
  const outboxOf = (ticketId: string) =>
    queryRows<{ channel: string; kind: string; recipient: string }>(
      api.handle.db,
      sql`SELECT o.channel, o.kind, o.recipient FROM outbox o JOIN clock_firings f ON f.id = o.source_id
          WHERE f.ticket_id = ${ticketId} ORDER BY o.kind, o.channel, o.recipient`,
    );

  beforeAll(async () => {
    api = await createApiFixture(backend);
    await seedAcmeErpAgreement(api);
    await api.userOf('manager');
    await api.userOf('customer');
    await api.userOf('otherCustomer');
    await api.handle.db.execute(
      sql`INSERT INTO webhook_subscriptions (workspace_id, url, secret, event_types, created_at, updated_at)
          VALUES (${api.world.alpha.workspaceId}, 'https://hooks.example/covenant', 'whsec_test',
                  '["clock.breach"]'::jsonb, now(), now())`,
    );
  });
  afterAll(() => api?.close());

  it('acts on each threshold once, when it falls due, and again for nothing', async () => {
    api.clock.current = at('2026-10-05T08:00:00Z');
    const ticket = (
      await api.request('agent', 'POST', '/api/v1/tickets', {
        customerId: api.world.alpha.acme,
        title: 'Production line stopped',
        priority: 'P1',
      })
    ).body;
    expect((await sweep()).firings).toBe(0);

    api.clock.current = at('2026-10-05T08:15:00.500Z');
    const first = await sweep();
    expect(first.firings).toBe(1);
    expect(first.delays).toEqual([500]);
    expect(await firingsOf(ticket.id)).toEqual([
      { kind: 'warning', percent: 50, target_id: 'p1-response', suppressed: null, actions: [] },
    ]);
    // Nobody is assigned: the warning goes to the service level managers, in-app and by e-mail.
    expect(await outboxOf(ticket.id)).toEqual([
      { channel: 'email', kind: 'clock.warning', recipient: 'manager@alpha.example' },
    ]);
    expect((await sweep()).firings).toBe(0);

    api.clock.current = at('2026-10-05T08:31:00Z');
    const second = await sweep();
    expect(second.firings).toBe(4);
    expect((await firingsOf(ticket.id)).map((row) => `${row.target_id} ${row.kind} ${row.percent}`)).toEqual([
      'p1-response warning 50',
      'p1-response escalation 75',
      'p1-response warning 80',
      'p1-response breach 100',
      'p1-response escalation 100',
    ]);
    const outbox = await outboxOf(ticket.id);
    // The customer contact of ACME hears of the breach; Globex's representative never does.
    expect(outbox.map((row) => `${row.kind} ${row.channel} ${row.recipient}`)).toEqual([
      'clock.breach email manager@alpha.example',
      'clock.breach webhook https://hooks.example/covenant',
      'clock.escalation email customer@alpha.example',
      'clock.escalation email manager@alpha.example',
      'clock.escalation email manager@alpha.example',
      'clock.warning email manager@alpha.example',
      'clock.warning email manager@alpha.example',
    ]);
    const deviations = await queryRows<{ target_id: string; status: string }>(
      api.handle.db,
      sql`SELECT target_id, status FROM deviations WHERE ticket_id = ${ticket.id}`,
    );
    expect(deviations).toEqual([{ target_id: 'p1-response', status: 'open' }]);
    const inApp = await queryRows<{ email: string; kind: string }>(
      api.handle.db,
      sql`SELECT u.email, n.kind FROM notifications n JOIN users u ON u.id = n.user_id
          WHERE n.payload->'ticket'->>'id' = ${ticket.id} ORDER BY u.email, n.created_at, n.kind`,
    );
    expect(inApp.filter((row) => row.email === 'othercustomer@alpha.example')).toEqual([]);
    expect(inApp.filter((row) => row.email === 'customer@alpha.example').map((row) => row.kind)).toEqual([
      'escalation',
    ]);
    expect((await sweep()).firings).toBe(0);
  });

  it('reassigns at the 150 % level of the resolution target, through the ticket log', async () => {
    api.clock.current = at('2026-10-05T08:00:00Z');
    const ticket = (
      await api.request('agent', 'POST', '/api/v1/tickets', {
        customerId: api.world.alpha.acme,
        title: 'MRP run fails',
        priority: 'P1',
      })
    ).body;
    await api.request('agent', 'POST', `/api/v1/tickets/${ticket.id}/events`, {
      type: 'agent_reply',
      occurredAt: '2026-10-05T08:05:00Z',
    });
    // Resolution: 4 production hours, so 150 % is reached at 14:00Z.
    api.clock.current = at('2026-10-05T14:00:01Z');
    await sweep();
    const firings = await firingsOf(ticket.id);
    const level = firings.find((row) => row.target_id === 'p1-resolution' && row.percent === 150)!;
    expect(level).toMatchObject({ kind: 'escalation', actions: ['reassigned to erp-senior-consultants'] });
    const detail = await api.request('agent', 'GET', `/api/v1/tickets/${ticket.id}/timeline`);
    expect(detail.body.events.at(-1)).toMatchObject({ type: 'assigned', assignee: 'erp-senior-consultants' });
    expect((await sweep()).firings).toBe(0);
  });

  it('records thresholds reached before the ticket was recorded, without telling anyone', async () => {
    api.clock.current = at('2026-10-06T12:00:00Z');
    const ticket = (
      await api.request('agent', 'POST', '/api/v1/tickets', {
        customerId: api.world.alpha.acme,
        title: 'Imported from the old helpdesk',
        priority: 'P1',
        openedAt: '2026-10-06T06:00:00Z',
      })
    ).body;
    const result = await sweep();
    const firings = await firingsOf(ticket.id);
    // The P1 response (due 06:30), first hourly update (07:00) and resolution (10:00) were long breached when the
    // ticket arrived at 12:00.
    expect(firings.filter((row) => row.kind === 'breach').map((row) => row.target_id)).toEqual([
      'p1-response',
      'p1-updates',
      'p1-resolution',
    ]);
    // Everything but the 150 % level of the resolution (six production hours after 06:00: now) is history.
    const acted = firings.filter((row) => row.suppressed === null);
    expect(acted.map((row) => `${row.target_id} ${row.kind} ${row.percent}`)).toEqual(['p1-resolution escalation 150']);
    expect(
      firings
        .filter((row) => row.suppressed !== null)
        .every((row) => row.suppressed === 'reached before the ticket was recorded in Covenant'),
    ).toBe(true);
    expect(result.suppressed).toBeGreaterThanOrEqual(firings.length - 1);
    expect((await outboxOf(ticket.id)).map((row) => row.kind)).toEqual(['clock.escalation', 'clock.escalation']);
  });

  it('acts at once on a breach that a late event reveals', async () => {
    api.clock.current = at('2026-10-07T08:00:00Z');
    const ticket = (
      await api.request('agent', 'POST', '/api/v1/tickets', {
        customerId: api.world.alpha.acme,
        title: 'Label printer offline',
        priority: 'P2',
      })
    ).body;
    api.clock.current = at('2026-10-07T08:10:00Z');
    await sweep();
    // Recorded late: the ticket was raised to P1 at 08:01, so its 30-minute response target was breached... not yet;
    // the P1 resolution's 50 % warning is hours away. Only 50 % of the P1 response (08:15) is still ahead.
    await api.request('agent', 'POST', `/api/v1/tickets/${ticket.id}/events`, {
      type: 'priority',
      priority: 'P1',
      occurredAt: '2026-10-07T08:01:00Z',
    });
    api.clock.current = at('2026-10-07T08:40:00Z');
    await api.request('agent', 'POST', `/api/v1/tickets/${ticket.id}/events`, {
      type: 'status',
      status: 'in_progress',
      occurredAt: '2026-10-07T08:39:00Z',
    });
    // The event's projection reached the breach; the sweep acts on it now, not at some later check.
    const result = await sweep();
    expect((await firingsOf(ticket.id)).some((row) => row.kind === 'breach' && row.target_id === 'p1-response')).toBe(
      true,
    );
    expect(result.delays.every((delay) => delay >= 0)).toBe(true);
    expect((await sweep()).firings).toBe(0);
  });

  it('never acts twice when sweeps run at the same time', async () => {
    api.clock.current = at('2026-10-08T08:00:00Z');
    const ids: string[] = [];
    for (let index = 0; index < 12; index++) {
      const ticket = await api.request('agent', 'POST', '/api/v1/tickets', {
        customerId: api.world.alpha.acme,
        title: `Batch ${index}`,
        priority: 'P1',
      });
      ids.push(ticket.body.id);
    }
    api.clock.current = at('2026-10-08T08:40:00Z');
    const results = await Promise.all([
      sweepDueClocks(api.dependencies, 5),
      sweepDueClocks(api.dependencies, 5),
      sweepDueClocks(api.dependencies, 5),
    ]);
    while ((await sweepDueClocks(api.dependencies, 5)).tickets > 0) {}
    const total = await queryRows<{ firings: number; distinct: number }>(
      api.handle.db,
      sql`SELECT count(*)::int AS firings, count(DISTINCT (ticket_id, target_id, kind, percent))::int AS distinct
          FROM clock_firings WHERE ticket_id = ANY (${`{${ids.join(',')}}`}::uuid[])`,
    );
    expect(total[0]!.firings).toBe(total[0]!.distinct);
    // 12 tickets x (response: 50 w, 75 e, 80 w, breach, 100 e) + resolution 50 % is at 10:00, not yet.
    expect(total[0]!.firings).toBe(12 * 5);
    expect(results.reduce((sum, result) => sum + result.tickets, 0)).toBeGreaterThan(0);
  });

  it('raises the priority one level at a breach; the targets of the raised priority apply from the opening', async () => {
    await seedActiveAgreement(api.handle, {
      workspaceId: api.world.alpha.workspaceId,
      customerId: api.world.alpha.globex,
      example: 'raise-priority',
      file: new URL('../../fixtures/agreements/raise-priority.yaml', import.meta.url),
      activatedAt: at('2026-01-01T00:00:00Z'),
    });
    api.clock.current = at('2026-10-09T08:00:00Z');
    const ticket = (
      await api.request('agent', 'POST', '/api/v1/tickets', {
        customerId: api.world.alpha.globex,
        title: 'Warehouse scanner down',
        priority: 'P2',
      })
    ).body;
    api.clock.current = at('2026-10-09T09:00:01Z');
    await sweep();
    const detail = await api.request('agent', 'GET', `/api/v1/tickets/${ticket.id}`);
    expect(detail.body.priority).toBe('P1');
    const firings = await firingsOf(ticket.id);
    expect(firings.find((row) => row.kind === 'escalation')).toMatchObject({
      target_id: 'p2-response',
      actions: ['priority raised from P2 to P1'],
    });
    // P1's 15-minute response applies from 08:00: long breached; the next pass acts on it, once.
    await sweep();
    const after = await firingsOf(ticket.id);
    expect(after.filter((row) => row.target_id === 'p1-response').map((row) => row.kind)).toEqual(['breach']);
    expect((await sweep()).firings).toBe(0);
  });
});
