/**
 * What `npm start` runs is what this test drives (issue 18, defect 1): the server is started through `startServer`,
 * the code path of `covenant serve`, on a fresh embedded data directory, and used over real HTTP. A calendar edit and
 * an amendment that applies to open tickets must move the open ticket's due instant at once, and its pending warning
 * must fire once, at the new instant, from the server's own scheduler. Only the clock is the test's, so that hours
 * can pass in a second.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { stringify } from 'yaml';
import type { OutboxDelivery } from '../../src/app/monitoring/deliver-outbox.ts';
import { sweepDueClocks } from '../../src/app/monitoring/sweep-due-clocks.ts';
import { loadConfig } from '../../src/config/config.ts';
import type { HttpDependencies } from '../../src/http/http-dependencies.ts';
import { composeDelivery } from '../../src/main/composition.ts';
import { type RunningServer, startServer } from '../../src/main/serve.ts';
import { minimalDocument } from '../core/agreement/agreement-fixtures.ts';
import { TestClock } from '../support/api-fixture.ts';

const admin = { email: 'sla@provider.example', password: 'a password long enough' };
const director = { email: 'cio@acme.example', password: 'another password, long too' };
const at = (text: string) => Date.parse(text);
/** Monday 5 October 2026, 08:00 in Warsaw. */
const monday = at('2026-10-05T06:00:00Z');
const HOUR = 3_600_000;

/** The keys of T that may be left out. */
type OptionalKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];

interface Session {
  readonly headers: Record<string, string>;
}

describe('the running server rebuilds clocks after a calendar edit and an amendment (production composition)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'covenant-production-'));
  const clock = new TestClock(monday);
  let server: RunningServer;
  let manager: Session;
  let customer: Session;

  const call = async (session: Session | null, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { ...(session?.headers ?? {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const json = text.length > 0 && response.headers.get('content-type')?.includes('json');
    // biome-ignore lint/suspicious/noExplicitAny: responses are inspected freely
    return { status: response.status, body: (json ? JSON.parse(text) : text) as any };
  };
  const signIn = async (credentials: { email: string; password: string }): Promise<Session> => {
    const response = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(credentials),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await response.json()) as { csrfToken: string };
    return { headers: { cookie, 'x-csrf-token': csrfToken } };
  };
  /** The warnings the assignee (the manager) was told of about the ticket, as the notifications API lists them. */
  const warningsOf = async (ticketId: string) => {
    const listed = await call(manager, 'GET', '/api/v1/notifications?limit=100');
    expect(listed.status).toBe(200);
    return (listed.body.data as { payload: { kind: string; reachedAt: number; ticket: { id: string } } }[])
      .map((notification) => notification.payload)
      .filter((alert) => alert.kind === 'warning' && alert.ticket.id === ticketId);
  };
  const resolutionDue = async (ticketId: string) => {
    const ticket = await call(manager, 'GET', `/api/v1/tickets/${ticketId}`);
    expect(ticket.status).toBe(200);
    const clock = ticket.body.clocks.find((candidate: { targetId: string }) => candidate.targetId === 'p2-resolution');
    return { dueAt: clock.dueAt as string, versionId: ticket.body.agreementVersionId as string };
  };
  /** Takes a version through review, both approvals (by people, over HTTP) and into force. */
  const putInForce = async (agreementId: string, versionId: string) => {
    const path = `/api/v1/agreements/${agreementId}/versions/${versionId}`;
    const submitted = await call(manager, 'POST', `${path}/submit`);
    expect(submitted.status).toBe(200);
    const approval = { contentHash: submitted.body.contentHash };
    expect((await call(manager, 'POST', `${path}/approvals/provider`, approval)).status).toBe(201);
    expect((await call(customer, 'POST', `${path}/approvals/customer`, approval)).status).toBe(201);
    const activated = await call(manager, 'POST', `${path}/activate`);
    expect(activated.status).toBe(200);
    return activated.body;
  };
  const agreementDocument = (changes: { p2ResolutionWithin: string; appliesToOpenTickets: boolean }) => {
    const spec = minimalDocument().spec as {
      term: Record<string, unknown>;
      calendars: Record<string, unknown>;
      targets: Record<string, unknown>[];
      signatories: Record<string, string[]>;
      version?: Record<string, unknown>;
    };
    spec.term = { start: '2026-10-01', end: '2027-09-30', renewal: 'manual' };
    spec.calendars.business = { use: 'office' };
    const resolution = spec.targets.find((target) => target.id === 'p2-resolution')!;
    resolution.within = changes.p2ResolutionWithin;
    resolution.warnAt = ['50%'];
    spec.signatories = { provider: [admin.email], customer: [director.email] };
    spec.version = { appliesToOpenTickets: changes.appliesToOpenTickets };
    return stringify({ ...minimalDocument(), spec });
  };

  beforeAll(async () => {
    const config = loadConfig({
      PORT: '0',
      COVENANT_DATA_DIR: directory,
      COVENANT_ADMIN_EMAIL: admin.email,
      COVENANT_ADMIN_PASSWORD: admin.password,
      COVENANT_LOG_LEVEL: 'silent',
    });
    server = await startServer({ demo: false, version: 'test', print: () => {}, clock }, config);
    manager = await signIn(admin);
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it('leaves no dependency out: every port the server is given is there, in type and at run time', () => {
    expectTypeOf<OptionalKeys<HttpDependencies>>().toEqualTypeOf<never>();
    expectTypeOf<OptionalKeys<OutboxDelivery>>().toEqualTypeOf<never>();
    const given = server.dependencies as unknown as Record<string, unknown>;
    const missing = Object.entries(given).filter(([, value]) => value === undefined || value === null);
    expect(missing).toEqual([]);
    const delivery = composeDelivery(server.dependencies, loadConfig({}), server.url) as unknown as Record<
      string,
      unknown
    >;
    // Without an SMTP server e-mails wait in the outbox: `email` is null by design, everything else is wired.
    expect(Object.entries(delivery).filter(([key, value]) => key !== 'email' && value == null)).toEqual([]);
  });

  it("moves the open ticket's due instant at once, and fires its pending warning once, at the new instant", async () => {
    const acme = await call(manager, 'POST', '/api/v1/customers', { slug: 'acme', name: 'ACME Manufacturing' });
    expect(acme.status).toBe(201);
    const user = await call(manager, 'POST', '/api/v1/users', {
      email: director.email,
      name: 'ACME IT director',
      role: 'customer',
      customerId: acme.body.id,
      password: director.password,
    });
    expect(user.status).toBe(201);
    customer = await signIn(director);
    const officeHours = (start: string, end: string) => ({
      timezone: 'Europe/Warsaw',
      weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start, end }],
    });
    const calendar = await call(manager, 'POST', '/api/v1/calendars', {
      slug: 'office',
      name: 'Office hours',
      definition: officeHours('08:00', '16:00'),
    });
    expect(calendar.status).toBe(201);
    const created = await call(manager, 'POST', '/api/v1/agreements', {
      format: 'yaml',
      document: agreementDocument({ p2ResolutionWithin: 'PT8H', appliesToOpenTickets: false }),
    });
    expect(created.status).toBe(201);
    const agreementId = created.body.agreement.id;
    await putInForce(agreementId, created.body.version.id);

    // Monday 08:00: a P2 ticket, assigned to the manager. 8 business hours on 08:00-16:00: due Monday 16:00, and the
    // warning at 50 % falls at 12:00.
    const opened = await call(manager, 'POST', '/api/v1/tickets', {
      customerId: acme.body.id,
      title: 'Goods receipts cannot be posted',
      priority: 'P2',
      service: 'erp',
    });
    expect(opened).toMatchObject({ status: 201, body: { measurement: { state: 'measured' } } });
    const ticketId = opened.body.id;
    const assigned = await call(manager, 'POST', `/api/v1/tickets/${ticketId}/events`, {
      key: 'assign',
      type: 'assigned',
      occurredAt: new Date(monday).toISOString(),
      assignee: admin.email,
    });
    expect(assigned.status).toBe(201);
    expect((await resolutionDue(ticketId)).dueAt).toBe('2026-10-05T14:00:00.000Z');

    // 08:30: the office now opens 10:00-18:00. The same 8 hours end at 18:00 (the warning moves to 14:00).
    clock.advance(HOUR / 2);
    const edited = await call(manager, 'PATCH', `/api/v1/calendars/${calendar.body.id}`, {
      definition: officeHours('10:00', '18:00'),
    });
    expect(edited).toMatchObject({ status: 200, body: { clockRebuild: { status: 'done', tickets: 1 } } });
    expect((await resolutionDue(ticketId)).dueAt).toBe('2026-10-05T16:00:00.000Z');

    // 09:00: an amendment that applies to open tickets cuts P2 resolution to 6 hours: due 16:00, warning at 13:00.
    clock.advance(HOUR / 2);
    const amendment = await call(manager, 'POST', `/api/v1/agreements/${agreementId}/versions`, {
      format: 'yaml',
      document: agreementDocument({ p2ResolutionWithin: 'PT6H', appliesToOpenTickets: true }),
    });
    expect(amendment.status).toBe(201);
    const inForce = await putInForce(agreementId, amendment.body.id);
    expect(inForce).toMatchObject({ status: 'active', clockRebuild: { status: 'done', tickets: 1 } });
    expect(await resolutionDue(ticketId)).toEqual({ dueAt: '2026-10-05T14:00:00.000Z', versionId: amendment.body.id });

    // 12:30: past the instant the first warning was due (12:00). A sweep at this instant finds nothing to say.
    clock.current = at('2026-10-05T10:30:00Z');
    await sweepDueClocks(server.dependencies);
    expect(await warningsOf(ticketId)).toEqual([]);

    // 13:01: the server's own scheduler fires the warning, reached at 13:00.
    clock.current = at('2026-10-05T11:01:00Z');
    let fired = await warningsOf(ticketId);
    while (fired.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      fired = await warningsOf(ticketId);
    }
    expect(fired).toEqual([expect.objectContaining({ percent: 50, reachedAt: at('2026-10-05T11:00:00Z') })]);

    // Later sweeps never repeat it.
    clock.current = at('2026-10-05T11:30:00Z');
    await sweepDueClocks(server.dependencies);
    expect(await warningsOf(ticketId)).toHaveLength(1);
  });
});
