import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/app/ports/store.ts';
import type { StoredTicketEvent, TicketRecord } from '../../src/app/ports/ticket-repository.ts';
import { createProcessCaches } from '../../src/app/process-caches.ts';
import { rebuildTicketClocks } from '../../src/app/tickets/rebuild-ticket-clocks.ts';
import { recordTicketEvents, type TicketEventInput } from '../../src/app/tickets/record-ticket-events.ts';
import { ProjectionMemory, type RememberedTicket } from '../../src/store/repositories/projection-memory.ts';
import { clocks, ticketEvents, tickets } from '../../src/store/schema.ts';
import { queryRows } from '../../src/store/sql-rows.ts';
import { createStore } from '../../src/store/store.ts';
import { type ApiFixture, createApiFixture } from '../support/api-fixture.ts';
import { openTestTicket } from '../support/open-test-ticket.ts';
import { seedAcmeErpAgreement } from '../support/seed-agreement.ts';
import { testBackends } from '../support/test-database.ts';

describe('the projection memory', () => {
  const state = (id: string, events: number, rowVersion = '1'): RememberedTicket => ({
    ticket: { id } as TicketRecord,
    rowVersion,
    events: Array.from({ length: events }, (_, index) => ({ id: `e${index}` }) as StoredTicketEvent),
    cycles: [],
  });

  it('recalls all the tickets asked for or none, under the newest configuration revision only', () => {
    const memory = new ProjectionMemory();
    memory.remember('w1', 3, [state('a', 2), state('b', 1)]);
    expect(memory.recall('w1', ['a', 'b'])?.tickets.map((entry) => entry.ticket.id)).toEqual(['a', 'b']);
    expect(memory.recall('w1', ['a', 'c'])).toBeNull();
    // Another workspace's tickets are not this one's.
    expect(memory.recall('w2', ['a'])).toBeNull();
    // A read under a newer revision makes everything remembered under the older one useless.
    memory.remember('w1', 4, [state('c', 1)]);
    expect(memory.recall('w1', ['a'])).toBeNull();
    expect(memory.recall('w1', ['c'])?.revision).toBe(4);
    memory.forget('w1', ['c']);
    expect(memory.recall('w1', ['c'])).toBeNull();
  });

  it('keeps within its limits, dropping the least recently used tickets first', () => {
    const memory = new ProjectionMemory({ maxTickets: 3, maxEvents: 10, maxEventsPerTicket: 5 });
    memory.remember('w', 1, [state('a', 2), state('b', 2), state('c', 2)]);
    memory.recall('w', ['a']);
    memory.remember('w', 1, [state('d', 2)]);
    expect(memory.recall('w', ['b'])).toBeNull();
    expect(memory.recall('w', ['a', 'c', 'd'])).not.toBeNull();
    // Too long a history is never remembered; too many events in all push out the oldest.
    memory.remember('w', 1, [state('long', 6)]);
    expect(memory.recall('w', ['long'])).toBeNull();
    memory.remember('w', 1, [state('e', 5)]);
    expect(memory.stats().events).toBeLessThanOrEqual(10);
    expect(memory.recall('w', ['e'])).not.toBeNull();
    expect(memory.recall('w', ['a'])).toBeNull();
  });
});

describe.each(testBackends)('recording events from the store memory ($name)', (backend) => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await createApiFixture(backend);
    await seedAcmeErpAgreement(api);
  });
  afterAll(() => api?.close());

  /** A store of its own on the same database, as another server process would have. */
  const server = () => {
    const memory = new ProjectionMemory();
    return { memory, store: createStore(api.handle, { projections: memory, caches: createProcessCaches() }) };
  };
  const record = (store: Store, ticketId: string, event: TicketEventInput, actor: 'agent' | 'customer' = 'agent') =>
    recordTicketEvents({ store, clock: api.clock }, api.principal(actor), [{ ticketId, event }]);
  const reply = (key: string, occurredAt: number): TicketEventInput => ({ key, type: 'customer_reply', occurredAt });
  const status = (key: string, occurredAt: number, value: string): TicketEventInput => ({
    key,
    type: 'status',
    occurredAt,
    status: value,
  });
  const open = (customerId = api.world.alpha.acme) =>
    openTestTicket(api, 'Remembered', { customerId, openedAt: api.clock.now() - 3 * 3_600_000 });
  /** What the database holds of a ticket's projection: clocks, per-cycle rows and summary. */
  const projectionOf = async (ticketId: string) => ({
    clocks: (await api.handle.db.select().from(clocks).where(eq(clocks.ticketId, ticketId)))
      .map((row) => [row.targetId, row.state, row.dueAt?.getTime(), row.usedMs])
      .sort(),
    cycles: await queryRows(
      api.handle.db,
      sql`SELECT target_id, ordinal, state, due_ms, stop_ms, used_ms, counted_ms FROM clock_cycles
          WHERE ticket_id = ${ticketId} ORDER BY target_id, ordinal`,
    ),
    ticket: await api.handle.db
      .select({ status: tickets.status, events: tickets.eventCount, lifecycle: tickets.lifecycle })
      .from(tickets)
      .where(eq(tickets.id, ticketId)),
  });
  const expectEqualToRebuild = async (ticketId: string) => {
    const projected = await projectionOf(ticketId);
    await rebuildTicketClocks(api.dependencies, { workspaceId: api.world.alpha.workspaceId, tickets: 'all' });
    expect(await projectionOf(ticketId)).toEqual(projected);
  };

  it('records the next event of a ticket it wrote without reading it again, and tells duplicates from memory', async () => {
    const { memory, store } = server();
    const ticket = await open();
    await record(store, ticket.id, reply('m1', ticket.openedAt + 60_000));
    const before = memory.stats();
    const second = await record(store, ticket.id, status('m2', ticket.openedAt + 120_000, 'awaiting_customer'));
    const third = await record(store, ticket.id, reply('m3', ticket.openedAt + 180_000));
    const again = await record(store, ticket.id, reply('m3', ticket.openedAt + 180_000));
    expect([second.recorded, third.recorded, again.duplicates]).toEqual([1, 1, 1]);
    expect(memory.stats().hits - before.hits).toBe(3);
    expect([memory.stats().misses, memory.stats().refusals]).toEqual([before.misses, before.refusals]);
    expect((await projectionOf(ticket.id)).ticket).toEqual([
      { status: 'awaiting_customer', events: 4, lifecycle: 'open' },
    ]);
    await expectEqualToRebuild(ticket.id);
  });

  it('notices what another server recorded meanwhile: nothing is lost and the projection equals a rebuild', async () => {
    const first = server();
    const second = server();
    const ticket = await open();
    await record(first.store, ticket.id, reply('a1', ticket.openedAt + 60_000));
    // The other server pauses the clock; the first one still remembers the ticket without it.
    await record(second.store, ticket.id, status('b1', ticket.openedAt + 120_000, 'awaiting_customer'));
    const refusals = first.memory.stats().refusals;
    const result = await record(first.store, ticket.id, reply('a2', ticket.openedAt + 240_000));
    expect(result.recorded).toBe(1);
    // Its guarded write was refused and the ticket read afresh.
    expect(first.memory.stats().refusals).toBe(refusals + 1);
    const keys = (await api.handle.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id)))
      .map((row) => row.eventKey)
      .filter((key) => !key.startsWith('opened'));
    expect(keys.sort()).toEqual(['a1', 'a2', 'b1']);
    expect((await projectionOf(ticket.id)).ticket).toEqual([
      { status: 'awaiting_customer', events: 4, lifecycle: 'open' },
    ]);
    await expectEqualToRebuild(ticket.id);
    // An event the other server recorded, sent again here: a duplicate, though this memory had not seen it.
    await record(second.store, ticket.id, reply('b2', ticket.openedAt + 300_000));
    const twin = await record(first.store, ticket.id, reply('b2', ticket.openedAt + 300_000));
    expect([twin.recorded, twin.duplicates]).toEqual([0, 1]);
  });

  it('refuses nothing on a remembered state: a refusal is confirmed by reading the ticket afresh', async () => {
    const { store } = server();
    const ticket = await open(api.world.alpha.globex);
    await record(store, ticket.id, reply('g1', ticket.openedAt + 60_000));
    // Another writer moves the ticket to acme (as a correction would); acme's representative may now reply on it.
    await api.handle.db.update(tickets).set({ customerId: api.world.alpha.acme }).where(eq(tickets.id, ticket.id));
    await api.handle.db.execute(
      sql`UPDATE ticket_events SET customer_id = ${api.world.alpha.acme} WHERE ticket_id = ${ticket.id}`,
    );
    const result = await record(store, ticket.id, reply('g2', ticket.openedAt + 120_000), 'customer');
    expect(result.recorded).toBe(1);
  });

  it('notices a configuration change (a new revision) and projects under the new one', async () => {
    const { memory, store } = server();
    const ticket = await open();
    await record(store, ticket.id, reply('c1', ticket.openedAt + 60_000));
    await api.handle.db.execute(
      sql`UPDATE workspaces SET configuration_revision = configuration_revision + 1 WHERE id = ${api.world.alpha.workspaceId}`,
    );
    const refusals = memory.stats().refusals;
    expect((await record(store, ticket.id, reply('c2', ticket.openedAt + 120_000))).recorded).toBe(1);
    expect(memory.stats().refusals).toBe(refusals + 1);
    await expectEqualToRebuild(ticket.id);
  });

  it('is never used by reads inside a transaction (they must see everything committed)', async () => {
    const { store } = server();
    const ticket = await open();
    await record(store, ticket.id, reply('t1', ticket.openedAt + 60_000));
    const outside = await store.read.tickets.readForProjection(api.world.alpha.workspaceId, [ticket.id], {
      fromMemory: true,
    });
    const inside = await store.transaction((repositories) =>
      repositories.tickets.readForProjection(api.world.alpha.workspaceId, [ticket.id], { fromMemory: true }),
    );
    expect([outside.remembered, inside.remembered]).toEqual([true, undefined]);
    expect(inside.events.get(ticket.id)?.map((event) => event.id)).toEqual(
      outside.events.get(ticket.id)?.map((event) => event.id),
    );
  });
});
