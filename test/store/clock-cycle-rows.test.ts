import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTicket } from '../../src/app/tickets/open-ticket.ts';
import { rebuildTicketClocks } from '../../src/app/tickets/rebuild-ticket-clocks.ts';
import type { TicketEventInput } from '../../src/app/tickets/record-ticket-events.ts';
import { recordTicketEvents } from '../../src/app/tickets/record-ticket-events.ts';
import { queryRows } from '../../src/store/sql-rows.ts';
import { type ApiFixture, createApiFixture } from '../support/api-fixture.ts';
import { openTestTicket } from '../support/open-test-ticket.ts';
import { seedAcmeErpAgreement } from '../support/seed-agreement.ts';
import { testBackends } from '../support/test-database.ts';

/**
 * The per-cycle rows (clock_cycles) are written as differences from the rows read with the tickets. Whatever the
 * events, concurrent or not, they must equal the rows computed afresh from the stored clocks, with the query that
 * filled the table when it was created (migration 0003).
 */
const expectedRows = sql`
  SELECT c.ticket_id, c.target_id, e.ordinal::int AS ordinal, c.customer_id, t.agreement_id, t.agreement_version_id AS version_id,
         c.metric, e.cycle ->> 'state' AS state, t.priority, t.service, t.external_ref,
         (e.cycle ->> 'stop')::float8 AS stop_ms, (e.cycle ->> 'dueAt')::float8 AS due_ms,
         (e.cycle ->> 'breachAt')::float8 AS breach_ms, coalesce((e.cycle ->> 'usedMs')::float8, 0) AS used_ms,
         CASE e.cycle ->> 'state' WHEN 'met' THEN (e.cycle ->> 'stop')::float8
           WHEN 'breached' THEN (e.cycle ->> 'breachAt')::float8 WHEN 'running' THEN (e.cycle ->> 'dueAt')::float8 END
           AS counted_ms
  FROM clocks c JOIN tickets t ON t.id = c.ticket_id
  CROSS JOIN LATERAL jsonb_array_elements(c.cycles) WITH ORDINALITY AS e(cycle, ordinal)
  ORDER BY 1, 2, 3`;
const storedRows = sql`
  SELECT ticket_id, target_id, ordinal, customer_id, agreement_id, version_id, metric, state, priority, service,
         external_ref, stop_ms, due_ms, breach_ms, used_ms, counted_ms
  FROM clock_cycles ORDER BY 1, 2, 3`;

describe.each(testBackends)('per-cycle rows of the clock projection ($name)', (backend) => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await createApiFixture(backend);
    await seedAcmeErpAgreement(api);
  });
  afterAll(() => api?.close());

  const rows = async (query: typeof expectedRows) =>
    (await queryRows(api.handle.db, query)).map((row) => ({
      ...row,
      ordinal: Number(row.ordinal),
      stop_ms: row.stop_ms === null ? null : Number(row.stop_ms),
      due_ms: row.due_ms === null ? null : Number(row.due_ms),
      breach_ms: row.breach_ms === null ? null : Number(row.breach_ms),
      used_ms: Number(row.used_ms),
      counted_ms: row.counted_ms === null ? null : Number(row.counted_ms),
    }));
  const markerCount = async () =>
    Number((await queryRows(api.handle.db, sql`SELECT count(*) AS n FROM clock_cycle_changes`))[0]!.n);

  it('equal the rows computed afresh from the clocks after replies, pauses, priority changes, reopens and cancellations', async () => {
    const principal = api.principal('agent');
    const openedAt = api.clock.now() - 5 * 86_400_000;
    const ids: string[] = [];
    for (const priority of ['P1', 'P2', 'P3', 'P4']) {
      const { ticket } = await openTicket(api.dependencies, principal, {
        customerId: api.world.alpha.acme,
        title: `Cycles ${priority}`,
        priority,
        service: 'erp',
        openedAt,
      });
      ids.push(ticket.id);
    }
    const at = (hours: number) => openedAt + hours * 3_600_000;
    const story: TicketEventInput[] = [
      { type: 'agent_reply', occurredAt: at(1) },
      { type: 'status', status: 'awaiting_customer', occurredAt: at(2) },
      { type: 'customer_reply', occurredAt: at(20) },
      { type: 'status', status: 'in_progress', occurredAt: at(21) },
      { type: 'priority', priority: 'P1', occurredAt: at(22) },
      { type: 'resolved', occurredAt: at(30) },
      { type: 'reopened', occurredAt: at(40) },
      { type: 'priority', priority: 'P3', occurredAt: at(41) },
      { type: 'resolved', occurredAt: at(70) },
    ];
    // One ticket event by event, one with the whole story at once, two with writers racing each other.
    for (const [index, event] of story.entries()) {
      await recordTicketEvents(api.dependencies, principal, [
        { ticketId: ids[0]!, event: { ...event, key: `s${index}` } },
      ]);
      expect(await rows(storedRows)).toEqual(await rows(expectedRows));
    }
    await recordTicketEvents(
      api.dependencies,
      principal,
      story.map((event, index) => ({ ticketId: ids[1]!, event: { ...event, key: `b${index}` } })),
    );
    await Promise.all(
      [ids[2]!, ids[3]!].flatMap((ticketId) =>
        story.map((event, index) =>
          recordTicketEvents(api.dependencies, principal, [{ ticketId, event: { ...event, key: `c${index}` } }]),
        ),
      ),
    );
    // A late event that happened before the others rewrites every later cycle; a cancellation stops them.
    await recordTicketEvents(api.dependencies, principal, [
      { ticketId: ids[2]!, event: { key: 'late', type: 'priority', priority: 'P4', occurredAt: at(0.5) } },
      { ticketId: ids[3]!, event: { key: 'cancel', type: 'cancelled', occurredAt: at(71) } },
    ]);
    const stored = await rows(storedRows);
    expect(stored.length).toBeGreaterThan(12);
    expect(stored).toEqual(await rows(expectedRows));

    // A rebuild at a later instant rewrites what changed (used time of running cycles) and nothing else.
    api.clock.advance(3_600_000);
    await rebuildTicketClocks(api.dependencies, { workspaceId: api.world.alpha.workspaceId, tickets: 'all' });
    expect(await rows(storedRows)).toEqual(await rows(expectedRows));
  });

  it('follow running cycles as time passes, and drop the cycles of targets that are gone', async () => {
    const principal = api.principal('agent');
    const ticket = await openTestTicket(api, 'Still open');
    // Cycles of a target that an amendment removed (the projection no longer computes them).
    await api.handle.db.execute(sql`
      INSERT INTO clock_cycles (workspace_id, customer_id, agreement_id, version_id, ticket_id, target_id, ordinal, metric,
                                state, priority, service, external_ref, stop_ms, due_ms, breach_ms, used_ms, counted_ms)
      SELECT workspace_id, customer_id, agreement_id, agreement_version_id, id, 'removed-target', n, 'resolution',
             'running', priority, service, external_ref, NULL, 1.7e12, NULL, 1000, 1.7e12
      FROM tickets, generate_series(1, 2) AS n WHERE id = ${ticket.id}`);
    for (let index = 0; index < 4; index++) {
      api.clock.advance(15 * 60_000);
      await recordTicketEvents(api.dependencies, principal, [
        {
          ticketId: ticket.id,
          event: { key: `m${index}`, type: index % 2 ? 'customer_reply' : 'agent_reply', occurredAt: api.clock.now() },
        },
      ]);
      const stored = await rows(storedRows);
      expect(stored.filter((row) => (row as { target_id?: string }).target_id === 'removed-target')).toEqual([]);
      expect(stored).toEqual(await rows(expectedRows));
    }
  });

  it('mark the days of changes to cycles that counted more than 48 hours ago, and only those', async () => {
    const principal = api.principal('agent');
    // Instants judged by the database's clock: a ticket of last month, and one of this hour.
    api.clock.current = Date.now();
    const old = await openTicket(api.dependencies, principal, {
      customerId: api.world.alpha.acme,
      title: 'Old',
      priority: 'P2',
      openedAt: Date.now() - 40 * 86_400_000,
    });
    const recent = await openTicket(api.dependencies, principal, {
      customerId: api.world.alpha.acme,
      title: 'Recent',
      priority: 'P2',
      openedAt: Date.now() - 60_000,
    });
    const before = await markerCount();
    await recordTicketEvents(api.dependencies, principal, [
      { ticketId: recent.ticket.id, event: { key: 'r1', type: 'agent_reply', occurredAt: Date.now() - 30_000 } },
    ]);
    expect(await markerCount()).toBe(before);
    await recordTicketEvents(api.dependencies, principal, [
      {
        ticketId: old.ticket.id,
        event: { key: 'o1', type: 'agent_reply', occurredAt: old.ticket.openedAt + 3_600_000 },
      },
    ]);
    const marked = await queryRows(api.handle.db, sql`SELECT DISTINCT day_ms FROM clock_cycle_changes ORDER BY 1`);
    expect(await markerCount()).toBeGreaterThan(before);
    expect(marked.every((row) => Number(row.day_ms) % 86_400_000 === 0)).toBe(true);
    expect(await rows(storedRows)).toEqual(await rows(expectedRows));
  });
});
