import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildTicketClocks } from '../../src/app/tickets/rebuild-ticket-clocks.ts';
import { recordTicketEvents } from '../../src/app/tickets/record-ticket-events.ts';
import { clocks, tickets } from '../../src/store/schema.ts';
import { type ApiFixture, createApiFixture } from '../support/api-fixture.ts';
import { openTestTicket } from '../support/open-test-ticket.ts';
import { seedAcmeErpAgreement } from '../support/seed-agreement.ts';
import { testBackends } from '../support/test-database.ts';

describe.each(testBackends)('recording events concurrently ($name)', (backend) => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await createApiFixture(backend);
    await seedAcmeErpAgreement(api);
  });
  afterAll(() => api?.close());

  const storedClocks = async (ticketId: string) =>
    (await api.handle.db.select().from(clocks).where(eq(clocks.ticketId, ticketId)))
      .map((row) => ({ target: row.targetId, state: row.state, dueAt: row.dueAt?.getTime(), cycles: row.cycles }))
      .sort((a, b) => a.target.localeCompare(b.target));

  it('records every event of many simultaneous writers exactly once, and the projection equals a rebuild', async () => {
    const principal = api.principal('agent');
    const ticket = await openTestTicket(api, 'Contended');
    const writers = Array.from({ length: 24 }, (_, index) =>
      recordTicketEvents(api.dependencies, principal, [
        {
          ticketId: ticket.id,
          event: {
            key: `w${index}`,
            type: index % 3 === 0 ? 'agent_reply' : index % 3 === 1 ? 'customer_reply' : 'status',
            status: index % 3 === 2 ? (index % 2 === 0 ? 'awaiting_customer' : 'in_progress') : undefined,
            occurredAt: ticket.openedAt + (index + 1) * 60_000,
          },
        },
      ]),
    );
    // The same key from several writers at once: recorded by one, a duplicate for the others.
    const twins = Array.from({ length: 6 }, () =>
      recordTicketEvents(api.dependencies, principal, [
        {
          ticketId: ticket.id,
          event: { key: 'twin', type: 'customer_reply', occurredAt: ticket.openedAt + 30 * 60_000 },
        },
      ]),
    );
    const results = await Promise.all([...writers, ...twins]);
    expect(results.slice(0, 24).every((result) => result.recorded === 1)).toBe(true);
    expect(
      results
        .slice(24)
        .map((result) => result.recorded)
        .sort(),
    ).toEqual([0, 0, 0, 0, 0, 1]);

    const [row] = await api.handle.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(row!.eventCount).toBe(26);
    const projected = await storedClocks(ticket.id);
    await rebuildTicketClocks(api.dependencies, { workspaceId: api.world.alpha.workspaceId, tickets: 'all' });
    const rebuilt = await storedClocks(ticket.id);
    expect(projected).toEqual(rebuilt);
  });
});
