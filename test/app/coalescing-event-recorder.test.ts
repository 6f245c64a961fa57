import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/app/access/principal.ts';
import type { AppError } from '../../src/app/app-error.ts';
import { coalescingEventRecorder } from '../../src/app/tickets/coalescing-event-recorder.ts';
import { rebuildTicketClocks } from '../../src/app/tickets/rebuild-ticket-clocks.ts';
import type { TicketEventInput } from '../../src/app/tickets/record-ticket-events.ts';
import { clocks, ticketEvents } from '../../src/store/schema.ts';
import { type ApiFixture, createApiFixture } from '../support/api-fixture.ts';
import { openTestTicket } from '../support/open-test-ticket.ts';
import { seedAcmeErpAgreement } from '../support/seed-agreement.ts';
import { testBackends } from '../support/test-database.ts';

describe.each(testBackends)('recording the events of queued requests together ($name)', (backend) => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await createApiFixture(backend);
    await seedAcmeErpAgreement(api);
  });
  afterAll(() => api?.close());

  const open = (actor: 'agent' | 'foreignAdmin', customerId: string, title: string) =>
    openTestTicket(api, title, { actor, customerId });
  const reply = (key: string, occurredAt: number): TicketEventInput => ({ key, type: 'customer_reply', occurredAt });
  /** One round at a time: the first request runs alone, every request sent meanwhile waits for the next round. */
  const recorder = (rounds: number[], maxEventsPerRound = 500) =>
    coalescingEventRecorder(
      { store: api.store, clock: api.clock },
      { maxRounds: 1, maxEventsPerRound, onRound: (requests) => rounds.push(requests) },
    );
  /** The keys of a ticket's recorded events, without its opening. */
  const keysOf = async (ticketId: string) =>
    (await api.handle.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId)))
      .map((row) => row.eventKey)
      .filter((key) => !key.startsWith('opened'))
      .sort();
  const storedClocks = async (ticketIds: string[]) =>
    (await api.handle.db.select().from(clocks).where(inArray(clocks.ticketId, ticketIds)))
      .map((row) => ({ ticket: row.ticketId, target: row.targetId, state: row.state, dueAt: row.dueAt?.getTime() }))
      .sort((a, b) => `${a.ticket}${a.target}`.localeCompare(`${b.ticket}${b.target}`));

  it('records queued requests in one round, each exactly once, with a projection equal to a rebuild', async () => {
    const agent = api.principal('agent');
    const opened = await Promise.all(
      Array.from({ length: 5 }, (_, index) => open('agent', api.world.alpha.acme, `Queued ${index}`)),
    );
    const rounds: number[] = [];
    const events = recorder(rounds);
    // Twelve requests over five tickets, two events of one ticket in different requests of the same round.
    const requests = Array.from({ length: 12 }, (_, index) => {
      const ticket = opened[index % 5]!;
      return events.record(agent, [
        { ticketId: ticket.id, event: reply(`q${index}`, ticket.openedAt + (index + 1) * 60_000) },
      ]);
    });
    const results = await Promise.all(requests);

    expect(rounds).toEqual([1, 11]);
    results.forEach((result, index) => {
      expect(result.recorded).toBe(1);
      expect(result.events).toEqual([{ ticketId: opened[index % 5]!.id, key: `q${index}`, outcome: 'recorded' }]);
      // A request sees the projection of its own ticket only, not of the others recorded with it.
      expect(result.tickets.map((entry) => entry.ticket.id)).toEqual([opened[index % 5]!.id]);
    });
    const ids = opened.map((ticket) => ticket.id);
    const stored = await api.handle.db.select().from(ticketEvents).where(inArray(ticketEvents.ticketId, ids));
    expect(stored.filter((row) => row.type === 'customer_reply')).toHaveLength(12);
    const projected = await storedClocks(ids);
    await rebuildTicketClocks(api.dependencies, { workspaceId: api.world.alpha.workspaceId, tickets: 'all' });
    expect(await storedClocks(ids)).toEqual(projected);
  });

  it('refuses only the request at fault; the others of its round are recorded', async () => {
    const agent = api.principal('agent');
    const customer = api.principal('customer');
    const ours = await open('agent', api.world.alpha.acme, 'Ours');
    const theirs = await open('agent', api.world.alpha.globex, 'Theirs');
    const rounds: number[] = [];
    const events = recorder(rounds);
    const settled = await Promise.allSettled([
      events.record(agent, [{ ticketId: ours.id, event: reply('first', ours.openedAt + 60_000) }]),
      // A customer representative of acme naming globex's ticket: not found (its existence must not leak).
      events.record(customer, [{ ticketId: theirs.id, event: reply('foreign', theirs.openedAt + 60_000) }]),
      events.record(agent, [{ ticketId: ours.id, event: reply('early', ours.openedAt - 60_000) }]),
      events.record(customer, [{ ticketId: ours.id, event: reply('own', ours.openedAt + 120_000) }]),
      events.record(agent, [{ ticketId: theirs.id, event: reply('allowed', theirs.openedAt + 60_000) }]),
    ]);

    expect(rounds).toEqual([1, 4]);
    const codes = settled.map((outcome) =>
      outcome.status === 'fulfilled' ? outcome.value.recorded : (outcome.reason as AppError).code,
    );
    expect(codes).toEqual([1, 'NOT_FOUND', 'EVENT_BEFORE_OPENING', 1, 1]);
    expect(await keysOf(ours.id)).toEqual(['first', 'own']);
    expect(await keysOf(theirs.id)).toEqual(['allowed']);
  });

  it('records a key sent twice in one round once: the earlier request has it, the later one is a duplicate', async () => {
    const agent = api.principal('agent');
    const ticket = await open('agent', api.world.alpha.acme, 'Twins');
    const rounds: number[] = [];
    const events = recorder(rounds);
    const event = reply('twin', ticket.openedAt + 60_000);
    const results = await Promise.all([
      events.record(agent, [{ ticketId: ticket.id, event: reply('before', ticket.openedAt + 30_000) }]),
      events.record(agent, [{ ticketId: ticket.id, event }]),
      events.record(agent, [{ ticketId: ticket.id, event }]),
    ]);
    expect(rounds).toEqual([1, 2]);
    expect(results.map((result) => [result.recorded, result.duplicates])).toEqual([
      [1, 0],
      [1, 0],
      [0, 1],
    ]);
  });

  it('keeps the workspaces apart: waiting requests of two workspaces go in separate rounds', async () => {
    const alphaTicket = await open('agent', api.world.alpha.acme, 'Alpha');
    const betaTicket = await open('foreignAdmin', api.world.beta.initech, 'Beta');
    const rounds: number[] = [];
    const events = recorder(rounds);
    const record = (principal: Principal, ticketId: string, key: string, at: number) =>
      events.record(principal, [{ ticketId, event: reply(key, at) }]);
    const agent = api.principal('agent');
    const foreign = api.principal('foreignAdmin');
    const settled = await Promise.allSettled([
      record(agent, alphaTicket.id, 'a1', alphaTicket.openedAt + 60_000),
      record(foreign, betaTicket.id, 'b1', betaTicket.openedAt + 60_000),
      record(agent, alphaTicket.id, 'a2', alphaTicket.openedAt + 120_000),
      // Beta's administrator naming alpha's ticket, in a round of beta's requests: not found.
      record(foreign, alphaTicket.id, 'b-cross', alphaTicket.openedAt + 180_000),
      record(foreign, betaTicket.id, 'b2', betaTicket.openedAt + 120_000),
    ]);
    // a1 alone; then beta's b1 and b2 (b-cross names alpha's ticket, which a2 before it waits to write); a2; b-cross.
    expect(rounds).toEqual([1, 2, 1, 1]);
    expect(settled.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value.recorded : 'refused'))).toEqual([
      1,
      1,
      1,
      'refused',
      1,
    ]);
    expect(await keysOf(alphaTicket.id)).toEqual(['a1', 'a2']);
    expect(await keysOf(betaTicket.id)).toEqual(['b1', 'b2']);
  });

  it('never writes a ticket in two rounds at once: its later requests wait for the round in flight', async () => {
    const agent = api.principal('agent');
    const first = await open('agent', api.world.alpha.acme, 'Busy');
    const second = await open('agent', api.world.alpha.acme, 'Free');
    const rounds: number[] = [];
    const events = coalescingEventRecorder(
      { store: api.store, clock: api.clock },
      { maxRounds: 2, onRound: (requests) => rounds.push(requests) },
    );
    const results = await Promise.all([
      events.record(agent, [{ ticketId: first.id, event: reply('r0', first.openedAt + 60_000) }]),
      events.record(agent, [{ ticketId: first.id, event: reply('r1', first.openedAt + 120_000) }]),
      events.record(agent, [{ ticketId: second.id, event: reply('r2', second.openedAt + 60_000) }]),
      events.record(agent, [{ ticketId: first.id, event: reply('r3', first.openedAt + 180_000) }]),
    ]);
    // r0 runs at once; r1 waits for it (same ticket); r2 takes the second round; r1 and r3 follow r0 together.
    expect(rounds).toEqual([1, 1, 2]);
    expect(results.map((result) => result.recorded)).toEqual([1, 1, 1, 1]);
  });

  it('records a request larger than a round on its own, and refuses an empty one at once', async () => {
    const agent = api.principal('agent');
    const ticket = await open('agent', api.world.alpha.acme, 'Large');
    const rounds: number[] = [];
    const events = recorder(rounds, 3);
    const large = Array.from({ length: 4 }, (_, index) => ({
      ticketId: ticket.id,
      event: reply(`large${index}`, ticket.openedAt + (index + 1) * 60_000),
    }));
    expect((await events.record(agent, large)).recorded).toBe(4);
    expect(rounds).toEqual([]);
    await expect(events.record(agent, [])).rejects.toMatchObject({ code: 'NO_EVENTS' });
    await expect(
      events.record(api.principal('viewer'), [{ ticketId: ticket.id, event: reply('v', ticket.openedAt + 1) }]),
    ).rejects.toMatchObject({ kind: 'forbidden' });
  });
});
