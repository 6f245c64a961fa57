import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clocks, maintenanceWindows } from '../../src/store/schema.ts';
import { type ApiFixture, createApiFixture } from '../support/api-fixture.ts';
import { seedAcmeErpAgreement } from '../support/seed-agreement.ts';
import { testBackends } from '../support/test-database.ts';

// The fixture clock starts on Monday 2026-10-05 08:00Z = 10:00 in Warsaw (CEST). The ERP agreement's production
// calendar is Mon-Sat 06:00-22:00 Warsaw: P1 response is due 30 minutes later, resolution 4 hours later.
const MINUTE = 60_000;

describe.each(testBackends)('tickets API ($name)', (backend) => {
  let api: ApiFixture;
  let agreementId: string;
  beforeAll(async () => {
    api = await createApiFixture(backend);
    ({ agreementId } = await seedAcmeErpAgreement(api));
  });
  afterAll(() => api?.close());

  const open = (
    actor: Parameters<ApiFixture['request']>[0],
    body: Record<string, unknown>,
    headers?: Record<string, string>,
  ) => api.request(actor, 'POST', '/api/v1/tickets', body, headers);

  it("opens a ticket under the customer's agreement, derives the priority and starts its clocks", async () => {
    const opened = await open('agent', {
      customerId: api.world.alpha.acme,
      title: 'Invoices cannot be posted',
      impact: 'high',
      urgency: 'high',
    });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ agreementId, priority: 'P1', lifecycle: 'open', eventCount: 1 });
    const detail = await api.request('agent', 'GET', `/api/v1/tickets/${opened.body.id}`);
    const byTarget = Object.fromEntries(
      detail.body.clocks.map((clock: { targetId: string }) => [clock.targetId, clock]),
    );
    expect(Object.keys(byTarget).sort()).toEqual(['p1-resolution', 'p1-response', 'p1-updates']);
    expect(byTarget['p1-response']).toMatchObject({
      state: 'running',
      dueAt: '2026-10-05T08:30:00.000Z',
      durationMinutes: 30,
    });
    expect(byTarget['p1-resolution']).toMatchObject({ state: 'running', dueAt: '2026-10-05T12:00:00.000Z' });
    // The projection was stored with the ticket, with the next instant the scheduler must look at it.
    const stored = await api.handle.db.select().from(clocks).where(eq(clocks.ticketId, opened.body.id));
    expect(stored.find((row) => row.targetId === 'p1-response')!.nextCheckAt!.toISOString()).toBe(
      '2026-10-05T08:15:00.000Z',
    );
  });

  it('returns the same ticket when a creation is retried with the same Idempotency-Key', async () => {
    const body = { customerId: api.world.alpha.acme, title: 'Printer queue stuck', priority: 'P3' };
    const first = await open('agent', body, { 'idempotency-key': 'create-42' });
    const retry = await open('agent', body, { 'idempotency-key': 'create-42' });
    expect([first.status, retry.status]).toEqual([201, 200]);
    expect(retry.body.id).toBe(first.body.id);
  });

  it("answers a replayed Idempotency-Key of another customer's ticket with a conflict that reveals nothing", async () => {
    const body = { title: 'Payroll export fails for the night shift', description: 'Acme only: cost centre 4711' };
    const first = await open('customer', body, { 'idempotency-key': 'acme-key-7' });
    expect(first.status).toBe(201);
    // The representative of globex (same workspace) replays the key, with or without naming a customer.
    for (const replay of [body, { ...body, customerId: api.world.alpha.globex }, { title: 'x' }]) {
      const answer = await open('otherCustomer', replay, { 'idempotency-key': 'acme-key-7' });
      expect(answer).toMatchObject({ status: 409, body: { error: { code: 'IDEMPOTENCY_KEY_CONFLICT' } } });
      const text = JSON.stringify(answer.body);
      for (const secret of [first.body.id, 'Payroll', '4711', api.world.alpha.acme]) expect(text).not.toContain(secret);
    }
    const globexTickets = await api.request('otherCustomer', 'GET', '/api/v1/tickets?limit=500');
    expect(JSON.stringify(globexTickets.body)).not.toContain('Payroll');
    // Whoever may see the ticket still gets it back on a retry.
    for (const actor of ['customer', 'agent'] as const) {
      const retry = await open(actor, body, { 'idempotency-key': 'acme-key-7' });
      expect({ status: retry.status, id: retry.body.id }).toEqual({ status: 200, id: first.body.id });
    }
  });

  it('records events once, however often they are sent, and keeps the clocks in step', async () => {
    const ticket = (await open('agent', { customerId: api.world.alpha.acme, title: 'EDI down', priority: 'P1' })).body;
    api.clock.advance(20 * MINUTE);
    const reply = { key: 'r1', type: 'agent_reply', occurredAt: '2026-10-05T08:20:00Z' };
    const first = await api.request('agent', 'POST', `/api/v1/tickets/${ticket.id}/events`, reply);
    const again = await api.request('agent', 'POST', `/api/v1/tickets/${ticket.id}/events`, reply);
    expect(first).toMatchObject({ status: 201, body: { recorded: 1, duplicates: 0 } });
    expect(again).toMatchObject({ status: 200, body: { recorded: 0, duplicates: 1 } });
    const timeline = await api.request('agent', 'GET', `/api/v1/tickets/${ticket.id}/timeline`);
    expect(timeline.body.events.map((event: { type: string }) => event.type)).toEqual(['opened', 'agent_reply']);
    const response = timeline.body.clocks.find((clock: { targetId: string }) => clock.targetId === 'p1-response');
    expect(response.cycles[0]).toMatchObject({ state: 'met', usedMinutes: 20, stop: '2026-10-05T08:20:00.000Z' });
    api.clock.advance(-20 * MINUTE);
  });

  it('records a call with its channel: the response where the target counts calls, not where it counts replies only', async () => {
    // The example's p1-response admits calls (respondedBy: [public_reply, call]); p1-updates counts public replies.
    const ticket = (await open('agent', { customerId: api.world.alpha.acme, title: 'MRP run hangs', priority: 'P1' }))
      .body;
    api.clock.advance(15 * MINUTE);
    const call = { key: 'c1', type: 'call', channel: 'phone', occurredAt: '2026-10-05T08:10:00Z' };
    expect(await api.request('agent', 'POST', `/api/v1/tickets/${ticket.id}/events`, call)).toMatchObject({
      status: 201,
      body: { recorded: 1 },
    });
    const note = { key: 'r1', type: 'agent_reply', channel: 'email', occurredAt: '2026-10-05T08:12:00Z' };
    await api.request('agent', 'POST', `/api/v1/tickets/${ticket.id}/events`, note);
    const timeline = await api.request('agent', 'GET', `/api/v1/tickets/${ticket.id}/timeline`);
    expect(
      timeline.body.events.map((event: { type: string; channel?: string }) => [event.type, event.channel ?? null]),
    ).toEqual([
      ['opened', null],
      ['call', 'phone'],
      ['agent_reply', 'email'],
    ]);
    const clock = (id: string) =>
      timeline.body.clocks.find((candidate: { targetId: string }) => candidate.targetId === id);
    expect(clock('p1-response').cycles).toEqual([
      expect.objectContaining({ state: 'met', usedMinutes: 10, stop: '2026-10-05T08:10:00.000Z' }),
    ]);
    // Public replies only: the call does not end the first update cycle, the reply two minutes later does.
    expect(
      clock('p1-updates').cycles.map((cycle: { start: string; stop: string | null }) => [cycle.start, cycle.stop]),
    ).toEqual([
      ['2026-10-05T08:00:00.000Z', '2026-10-05T08:12:00.000Z'],
      ['2026-10-05T08:12:00.000Z', null],
    ]);
    // A customer representative does not log calls; a channel must be one the API knows.
    const mine = await open('customer', { title: 'Called the desk', impact: 'medium', urgency: 'high' });
    const customerCall = { type: 'call', occurredAt: '2026-10-05T08:10:00Z' };
    expect((await api.request('customer', 'POST', `/api/v1/tickets/${mine.body.id}/events`, customerCall)).status).toBe(
      403,
    );
    const fax = { type: 'agent_reply', channel: 'fax', occurredAt: '2026-10-05T08:10:00Z' };
    expect(await api.request('agent', 'POST', `/api/v1/tickets/${ticket.id}/events`, fax)).toMatchObject({
      status: 400,
    });
    api.clock.advance(-15 * MINUTE);
  });

  it('records a batch across tickets in one transaction, skipping duplicates', async () => {
    const a = (await open('agent', { customerId: api.world.alpha.acme, title: 'A', priority: 'P2' })).body;
    const b = (await open('agent', { customerId: api.world.alpha.acme, title: 'B', priority: 'P2' })).body;
    const events = [
      { ticketId: a.id, key: 'a1', type: 'status', status: 'awaiting_customer', occurredAt: '2026-10-05T08:00:00Z' },
      { ticketId: a.id, key: 'a2', type: 'customer_reply', occurredAt: '2026-10-05T08:00:00Z' },
      { ticketId: b.id, key: 'b1', type: 'resolved', occurredAt: '2026-10-05T08:00:00Z' },
    ];
    const batch = await api.request('agent', 'POST', '/api/v1/ticket-events/batch', { events });
    expect(batch).toMatchObject({ status: 200, body: { recorded: 3, duplicates: 0 } });
    const retry = await api.request('agent', 'POST', '/api/v1/ticket-events/batch', { events });
    expect(retry.body).toMatchObject({ recorded: 0, duplicates: 3 });
    expect((await api.request('agent', 'GET', `/api/v1/tickets/${b.id}`)).body.lifecycle).toBe('resolved');
    expect((await api.request('agent', 'GET', `/api/v1/tickets/${a.id}`)).body.status).toBe('awaiting_customer');
  });

  it('reads the status "resolved" after a resolution, and the reopen status after a reopen', async () => {
    const ticket = (await open('agent', { customerId: api.world.alpha.acme, title: 'Slow reports', priority: 'P2' }))
      .body;
    const post = (body: unknown) => api.request('agent', 'POST', `/api/v1/tickets/${ticket.id}/events`, body);
    await post({ key: 's1', type: 'status', status: 'in_progress', occurredAt: '2026-10-05T08:00:00Z' });
    await post({ key: 's2', type: 'resolved', occurredAt: '2026-10-05T08:00:00Z' });
    const resolved = await api.request('agent', 'GET', `/api/v1/tickets/${ticket.id}`);
    expect(resolved.body).toMatchObject({ lifecycle: 'resolved', status: 'resolved' });
    const listed = await api.request('agent', 'GET', `/api/v1/tickets?lifecycle=resolved&limit=500`);
    expect(listed.body.data.find((row: { id: string }) => row.id === ticket.id)).toMatchObject({ status: 'resolved' });
    await post({ key: 's3', type: 'reopened', occurredAt: '2026-10-05T08:00:00Z' });
    const reopened = await api.request('agent', 'GET', `/api/v1/tickets/${ticket.id}`);
    expect(reopened.body).toMatchObject({ lifecycle: 'open', status: 'open' });
  });

  it('refuses events that are malformed, in the future, before the opening, or of the wrong kind', async () => {
    const ticket = (await open('agent', { customerId: api.world.alpha.acme, title: 'Bad events', priority: 'P3' }))
      .body;
    const post = (body: unknown) => api.request('agent', 'POST', `/api/v1/tickets/${ticket.id}/events`, body);
    expect((await post({ type: 'agent_reply', occurredAt: '2026-10-05T09:00:00Z' })).body.error.code).toBe(
      'EVENT_IN_FUTURE',
    );
    expect((await post({ type: 'agent_reply', occurredAt: '2026-10-04T09:00:00Z' })).body.error.code).toBe(
      'EVENT_BEFORE_OPENING',
    );
    expect((await post({ type: 'status', occurredAt: '2026-10-05T08:00:00Z' })).body.error.code).toBe(
      'EVENT_FIELD_MISSING',
    );
    expect((await post({ type: 'opened', occurredAt: '2026-10-05T08:00:00Z' })).status).toBe(400);
    expect((await post({ type: 'agent_reply', occurredAt: '5 Oct 2026' })).status).toBe(400);
    expect((await post({ type: 'agent_reply', occurredAt: '2026-10-05T08:00:00Z', colour: 'red' })).status).toBe(400);
    const unknownTicket = await api.request('agent', 'POST', '/api/v1/ticket-events/batch', {
      events: [
        { ticketId: '00000000-0000-4000-8000-000000000000', type: 'agent_reply', occurredAt: '2026-10-05T08:00:00Z' },
      ],
    });
    expect(unknownTicket).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
  });

  it('lets a customer representative open tickets for their customer and reply, but not act as an agent', async () => {
    const mine = await open('customer', { title: 'Cannot log in', impact: 'medium', urgency: 'high' });
    expect(mine).toMatchObject({ status: 201, body: { customerId: api.world.alpha.acme, priority: 'P2' } });
    const reply = { type: 'customer_reply', occurredAt: '2026-10-05T08:00:00Z' };
    expect((await api.request('customer', 'POST', `/api/v1/tickets/${mine.body.id}/events`, reply)).status).toBe(201);
    const asAgent = { type: 'agent_reply', occurredAt: '2026-10-05T08:00:00Z' };
    expect((await api.request('customer', 'POST', `/api/v1/tickets/${mine.body.id}/events`, asAgent)).status).toBe(403);
    expect((await api.request('otherCustomer', 'GET', `/api/v1/tickets/${mine.body.id}`)).status).toBe(404);
    expect((await open('customer', { customerId: api.world.alpha.globex, title: 'Not mine' })).status).toBe(404);
    const list = await api.request('otherCustomer', 'GET', '/api/v1/tickets');
    expect(list.body.data).toEqual([]);
  });

  it('rebuilds the clocks from the events when an exclusion window is declared afterwards', async () => {
    const ticket = (
      await open('agent', { customerId: api.world.alpha.acme, title: 'During maintenance', priority: 'P1' })
    ).body;
    await api.handle.db.insert(maintenanceWindows).values({
      workspaceId: api.world.alpha.workspaceId,
      kind: 'force_majeure',
      services: [],
      startsAt: new Date('2026-10-05T07:00:00Z'),
      endsAt: new Date('2026-10-05T09:00:00Z'),
      announcedAt: new Date('2026-10-05T08:00:00Z'),
      pausesClocks: true,
    });
    const rebuilt = await api.request('manager', 'POST', '/api/v1/tickets/rebuild', { onlyOpen: true });
    expect(rebuilt.status).toBe(200);
    expect(rebuilt.body.tickets).toBeGreaterThan(0);
    const stored = await api.handle.db.select().from(clocks).where(eq(clocks.ticketId, ticket.id));
    expect(stored.find((row) => row.targetId === 'p1-response')!.state).toBe('paused');
    expect((await api.request('agent', 'POST', '/api/v1/tickets/rebuild', {})).status).toBe(403);
  });
});
