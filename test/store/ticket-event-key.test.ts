import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordTicketEvents } from '../../src/app/tickets/record-ticket-events.ts';
import { queryRows } from '../../src/store/sql-rows.ts';
import { type ApiFixture, createApiFixture } from '../support/api-fixture.ts';
import { openTestTicket } from '../support/open-test-ticket.ts';
import { seedAcmeErpAgreement } from '../support/seed-agreement.ts';
import { testBackends } from '../support/test-database.ts';

/**
 * Decision 0023: a recorded event writes one index entry besides its sequence. The idempotency key is unique per
 * ticket (a ticket belongs to one workspace) and, leading with the ticket, serves the reads by ticket and the cascade.
 */
describe.each(testBackends)('ticket event key ($name)', (backend) => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await createApiFixture(backend);
    await seedAcmeErpAgreement(api);
  });
  afterAll(() => api?.close());

  it('indexes events by their sequence and by ticket and key only', async () => {
    const indexes = await queryRows<{ indexname: string; indexdef: string }>(
      api.handle.db,
      sql`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'ticket_events' ORDER BY indexname`,
    );
    expect(indexes.map((index) => index.indexname)).toEqual(['ticket_events_pkey', 'ticket_events_ticket_key']);
    expect(indexes[1]?.indexdef).toContain('UNIQUE INDEX ticket_events_ticket_key');
    expect(indexes[1]?.indexdef).toContain('(ticket_id, event_key)');
  });

  it('keeps a key once per ticket, and the same key on another ticket is that ticket’s own event', async () => {
    const first = await openTestTicket(api, 'First');
    const second = await openTestTicket(api, 'Second');
    const reply = (ticketId: string, minutes: number) => ({
      ticketId,
      event: { key: 'reply-1', type: 'customer_reply' as const, occurredAt: first.openedAt + minutes * 60_000 },
    });
    await recordTicketEvents(api.dependencies, api.principal('agent'), [reply(first.id, 1)]);
    await recordTicketEvents(api.dependencies, api.principal('agent'), [reply(first.id, 2), reply(second.id, 3)]);
    const rows = await queryRows<{ ticket_id: string; occurred_at: Date | string }>(
      api.handle.db,
      sql`SELECT ticket_id, occurred_at FROM ticket_events
          WHERE ticket_id IN (${first.id}, ${second.id}) AND event_key = 'reply-1' ORDER BY sequence`,
    );
    expect(rows.map((row) => [row.ticket_id, new Date(row.occurred_at).getTime()])).toEqual([
      [first.id, first.openedAt + 60_000],
      [second.id, first.openedAt + 180_000],
    ]);
  });

  it('finds a ticket’s events through that key, for the reads by ticket and the cascade from tickets', async () => {
    const ticket = await openTestTicket(api, 'Deleted');
    await recordTicketEvents(api.dependencies, api.principal('agent'), [
      { ticketId: ticket.id, event: { key: 'r1', type: 'customer_reply', occurredAt: ticket.openedAt + 60_000 } },
    ]);
    const plan = await api.handle.db.transaction(async (tx) => {
      // A test table is small enough for a sequential scan; ask whether an index can answer at all.
      await tx.execute(sql`SET LOCAL enable_seqscan = off`);
      const lines = await queryRows<{ 'QUERY PLAN': string }>(
        tx,
        sql`EXPLAIN SELECT sequence FROM ticket_events WHERE ticket_id = ${ticket.id}`,
      );
      return lines.map((line) => line['QUERY PLAN']).join('\n');
    });
    expect(plan).toMatch(/(Index (Only )?Scan using|Bitmap Index Scan on) ticket_events_ticket_key/);
    expect(plan).toContain('Index Cond: (ticket_id =');

    await api.handle.db.execute(sql`DELETE FROM tickets WHERE id = ${ticket.id}`);
    const left = await queryRows<{ n: string | number }>(
      api.handle.db,
      sql`SELECT count(*) AS n FROM ticket_events WHERE ticket_id = ${ticket.id}`,
    );
    expect(Number(left[0]?.n)).toBe(0);
  });
});
