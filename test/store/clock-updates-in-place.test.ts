import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordTicketEvents } from '../../src/app/tickets/record-ticket-events.ts';
import { clocks } from '../../src/store/schema.ts';
import { queryRows } from '../../src/store/sql-rows.ts';
import { type ApiFixture, createApiFixture } from '../support/api-fixture.ts';
import { openTestTicket } from '../support/open-test-ticket.ts';
import { seedAcmeErpAgreement } from '../support/seed-agreement.ts';
import { testBackends } from '../support/test-database.ts';

/**
 * Decision 0022: every event rewrites its ticket's clock rows. While a clock keeps running, an evaluation changes only
 * columns no index reads, so the update is heap-only (HOT): no index entries, no index pages to write back.
 */
describe.each(testBackends)('clock rows updated in place ($name)', (backend) => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await createApiFixture(backend);
    await seedAcmeErpAgreement(api);
  });
  afterAll(() => api?.close());

  it('re-evaluating a running clock is a heap-only update', async () => {
    const ticket = await openTestTicket(api, 'Running');
    await recordTicketEvents(api.dependencies, api.principal('agent'), [
      { ticketId: ticket.id, event: { key: 'r1', type: 'customer_reply', occurredAt: ticket.openedAt + 60_000 } },
    ]);
    const running = await api.handle.db.select().from(clocks).where(eq(clocks.ticketId, ticket.id));
    expect(running.length).toBeGreaterThan(0);

    // What an evaluation of a running clock changes: how much of it is used, as of when, its cycles.
    const hot = await api.handle.db.transaction(async (tx) => {
      // The backend's counts not yet reported include earlier transactions' work: count this update's by difference.
      const hotUpdates = async () =>
        Number(
          (
            await queryRows<{ hot: string | number }>(
              tx,
              sql`SELECT pg_stat_get_xact_tuples_hot_updated('clocks'::regclass) AS hot`,
            )
          )[0]?.hot,
        );
      const before = await hotUpdates();
      await tx.execute(sql`UPDATE clocks SET evaluated_at = evaluated_at + interval '1 minute',
                                used_ms = used_ms + 60000, percent_used = percent_used + 1, cycles = cycles,
                                updated_at = now()
                            WHERE ticket_id = ${ticket.id}`);
      return (await hotUpdates()) - before;
    });
    expect(hot).toBe(running.length);
  });

  it('leaves room on new clock and ticket pages for those updates', async () => {
    const options = await queryRows<{ relname: string; reloptions: string[] | null }>(
      api.handle.db,
      sql`SELECT relname, reloptions FROM pg_class WHERE relname IN ('clocks', 'tickets') ORDER BY relname`,
    );
    expect(options.map((row) => [row.relname, row.reloptions])).toEqual([
      ['clocks', ['fillfactor=70']],
      ['tickets', ['fillfactor=80']],
    ]);
  });

  it('keys the unacknowledged-crossings index on the ticket, not on what every evaluation changes', async () => {
    const [index] = await queryRows<{ definition: string }>(
      api.handle.db,
      sql`SELECT pg_get_indexdef('clocks_unacknowledged'::regclass) AS definition`,
    );
    expect(index?.definition).toContain('(ticket_id) WHERE (crossing_count > acknowledged_crossings)');
  });
});
