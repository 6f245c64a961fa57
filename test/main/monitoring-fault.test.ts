/**
 * The durability bar (docs/semantics.md#quality-bars) for monitoring: two server processes share one PostgreSQL (each
 * running the sweep and the outbox delivery) under a steady stream of new tickets and events whose thresholds fall due
 * within seconds; the servers are killed with SIGKILL several times and restarted. Afterwards every threshold that fell
 * due was acted on exactly once, every e-mail and webhook reached a real receiver (an SMTP server and an HTTP server in
 * this process), and every event the API acknowledged is stored. Needs TEST_DATABASE_URL (CI sets it).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { systemPrincipal } from '../../src/app/access/principal.ts';
import { createCustomer } from '../../src/app/customers/manage-customers.ts';
import { createApiToken } from '../../src/app/identity/manage-api-tokens.ts';
import { composeHeadless } from '../../src/main/composition.ts';
import type { DatabaseHandle } from '../../src/store/database.ts';
import { queryRows } from '../../src/store/sql-rows.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../notify/support/test-smtp-server.ts';
import { startWebhookReceiver, type TestWebhookReceiver } from '../notify/support/test-webhook-receiver.ts';
import { testConfig } from '../support/api-fixture.ts';
import { freePort } from '../support/free-port.ts';
import { repoRoot } from '../support/run-cli.ts';
import { seedActiveAgreement } from '../support/seed-agreement.ts';
import { untilExited, untilReady } from '../support/server-process.ts';
import { testBackends } from '../support/test-database.ts';

const postgres = testBackends.find((backend) => backend.name === 'postgres');
const LOAD_MS = 20_000;
const MIN_TICKETS = 50;
const MIN_KILLS = 4;
const KILL_EVERY_MS = 4_000;

interface Instance {
  port: number;
  child: ChildProcess | null;
  output: string;
  /** Answering requests: set when /api/ready answered, cleared when the instance is killed. */
  serving: boolean;
}

describe.skipIf(!postgres)('monitoring under kill -9 with two instances on one PostgreSQL', () => {
  let handle: DatabaseHandle | undefined;
  let smtp: TestSmtpServer | undefined;
  let hooks: TestWebhookReceiver | undefined;
  const instances: Instance[] = [];
  afterAll(async () => {
    for (const instance of instances) instance.child?.kill('SIGKILL');
    await smtp?.close();
    await hooks?.close();
    await handle?.close();
  });

  it('acts on every threshold exactly once, delivers every message, and loses no acknowledged event', async () => {
    handle = await postgres!.open();
    const dependencies = composeHeadless(testConfig, handle, 'test');
    const { store } = dependencies;
    const workspace = await store.read.workspaces.create({ slug: 'fault', name: 'Fault test' });
    const system = systemPrincipal(workspace.id, 'fault test');
    const customer = await createCustomer(dependencies, system, { slug: 'acme', name: 'ACME' });
    await store.read.users.create({
      workspaceId: workspace.id,
      email: 'manager@fault.example',
      name: 'Service level manager',
      role: 'manager',
      customerId: null,
      passwordHash: null,
      timezone: 'Europe/Warsaw',
    });
    const { token } = await createApiToken(dependencies, system, { name: 'load', role: 'agent', customerId: null });
    await seedActiveAgreement(handle, {
      workspaceId: workspace.id,
      customerId: customer.id,
      example: 'fast-clocks',
      file: new URL('../fixtures/agreements/fast-clocks.yaml', import.meta.url),
      activatedAt: Date.parse('2026-01-01T00:00:00Z'),
    });
    smtp = await startTestSmtpServer();
    hooks = await startWebhookReceiver((_request, response) => response.writeHead(204).end());
    await handle.db.execute(
      sql`INSERT INTO webhook_subscriptions (workspace_id, url, secret, event_types, created_at, updated_at)
          VALUES (${workspace.id}, ${hooks.url}, 'whsec_fault',
                  '["clock.warning", "clock.escalation", "clock.breach"]'::jsonb, now(), now())`,
    );

    const environment = {
      ...process.env,
      DATABASE_URL: handle.location,
      COVENANT_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      COVENANT_OUTBOX_LEASE_SECONDS: '5',
      COVENANT_LOG_LEVEL: 'warn',
      COVENANT_WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
    };
    const start = (instance: Instance) => {
      const child = spawn(process.execPath, ['bin/covenant.mjs', 'serve', '--no-demo'], {
        cwd: repoRoot,
        env: { ...environment, PORT: String(instance.port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (chunk) => {
        instance.output += chunk;
      });
      child.stderr!.on('data', (chunk) => {
        instance.output += chunk;
      });
      instance.child = child;
    };
    const ready = async (instance: Instance) => {
      await untilReady(`http://127.0.0.1:${instance.port}`, instance.child!, () => instance.output);
      instance.serving = true;
    };
    for (let index = 0; index < 2; index++) {
      const instance: Instance = { port: await freePort(), child: null, output: '', serving: false };
      instances.push(instance);
      start(instance);
    }
    await Promise.all(instances.map(ready));

    const post = async (path: string, body: unknown) => {
      const instance = instances[Math.floor(Math.random() * instances.length)]!;
      try {
        const response = await fetch(`http://127.0.0.1:${instance.port}/api/v1${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        return response.ok ? ((await response.json()) as { id?: string }) : null;
      } catch {
        return null; // the instance was killed: not acknowledged
      }
    };

    // Tickets opened when they are sent: the 50 % warning of the one-minute response falls due 30 s later, the breach
    // and the 100 % escalation 60 s later. Backdating them would save waiting but would count on the server recording
    // each ticket before its first threshold (a threshold reached before that is history, never acted on).
    const tickets: string[] = [];
    const acknowledgedEvents: { ticketId: string; key: string }[] = [];
    let kills = 0;
    const restarts: Promise<void>[] = [];
    let failedStart: Error | null = null;
    const began = Date.now();
    let nextKill = began + KILL_EVERY_MS;
    let sequence = 0;
    // At least LOAD_MS, and on until the minimum of work below is done, however long a slow, busy machine takes. An
    // instance is killed only while the other one serves, so requests keep being acknowledged between restarts even
    // when a restart takes longer than KILL_EVERY_MS.
    const enoughWork = () => tickets.length > MIN_TICKETS && kills >= MIN_KILLS;
    while (Date.now() - began < LOAD_MS || !enoughWork()) {
      if (failedStart) throw failedStart;
      const opened = await post('/tickets', {
        customerId: customer.id,
        title: `Fault ticket ${sequence}`,
        priority: 'P1',
        openedAt: new Date().toISOString(),
      });
      if (opened?.id) tickets.push(opened.id);
      for (let burst = 0; burst < 3 && tickets.length > 0; burst++) {
        const ticketId = tickets[Math.floor(Math.random() * tickets.length)]!;
        const key = `status-${sequence}-${burst}`;
        const event = {
          key,
          type: 'status',
          status: burst % 2 === 0 ? 'in_progress' : 'open',
          occurredAt: new Date().toISOString(),
        };
        if (await post(`/tickets/${ticketId}/events`, event)) acknowledgedEvents.push({ ticketId, key });
      }
      sequence++;
      const victim = instances[kills % instances.length]!;
      const other = instances[(kills + 1) % instances.length]!;
      if (Date.now() >= nextKill && victim.serving && other.serving) {
        victim.serving = false;
        victim.child!.kill('SIGKILL');
        kills++;
        await untilExited(victim.child!);
        start(victim);
        const restart = ready(victim);
        restart.catch((error: Error) => {
          failedStart ??= error;
        });
        restarts.push(restart);
        nextKill = Date.now() + KILL_EVERY_MS;
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    await Promise.all(restarts);
    expect(kills).toBeGreaterThanOrEqual(MIN_KILLS);
    expect(tickets.length).toBeGreaterThan(MIN_TICKETS);

    // Every ticket stored counts, acknowledged or not: a server killed between its commit and its answer leaves a
    // ticket the client never heard of, whose thresholds must be acted on all the same.
    const storedTickets = (
      await queryRows<{ id: string }>(handle.db, sql`SELECT id::text FROM tickets WHERE workspace_id = ${workspace.id}`)
    ).map((row) => row.id);
    expect(tickets.filter((id) => !storedTickets.includes(id))).toEqual([]);

    // Wait until the last ticket's breach has fallen due and everything is delivered, however long the sweeps of a
    // busy machine take.
    const idList = `{${storedTickets.join(',')}}`;
    let firings: { ticket_id: string; kind: string; percent: number; suppressed: string | null; delay: number }[] = [];
    let unsettled = -1;
    const settlement = async () => {
      firings = await queryRows(
        handle!.db,
        sql`SELECT ticket_id::text, kind, percent, suppressed,
                   (extract(epoch from acted_at - reached_at) * 1000)::float8 AS delay
            FROM clock_firings WHERE ticket_id = ANY (${idList}::uuid[])`,
      );
      const [row] = await queryRows<{ open: number }>(
        handle!.db,
        sql`SELECT count(*)::int AS open FROM outbox WHERE status <> 'delivered'`,
      );
      unsettled = row!.open;
      return firings.length >= storedTickets.length * 3 && unsettled === 0
        ? 'settled'
        : `${firings.length} of ${storedTickets.length * 3} thresholds acted on, ${unsettled} messages not delivered`;
    };
    await expect.poll(settlement, { interval: 500 }).toBe('settled');

    // Every threshold of every ticket, exactly once.
    const perTicket = new Map<string, string[]>();
    for (const firing of firings) {
      perTicket.set(firing.ticket_id, [...(perTicket.get(firing.ticket_id) ?? []), `${firing.kind} ${firing.percent}`]);
    }
    const expected = ['breach 100', 'escalation 100', 'warning 50'];
    const wrong = storedTickets.filter(
      (id) => JSON.stringify((perTicket.get(id) ?? []).sort()) !== JSON.stringify(expected),
    );
    expect(wrong, `tickets whose firings are not exactly ${expected.join(', ')}`).toEqual([]);
    expect(firings.every((firing) => firing.suppressed === null)).toBe(true);
    expect(unsettled).toBe(0);

    // Every message reached its receiver; a repeat of the same id (a crash between the send and its record) is the
    // at-least-once contract's only allowance, recognisable by the stable id.
    const outbox = await queryRows<{ id: string; channel: string; kind: string }>(
      handle.db,
      sql`SELECT id, channel, kind FROM outbox WHERE workspace_id = ${workspace.id}`,
    );
    // Besides the clocks' messages, the agreement's monthly report of the last closed month goes out once.
    const clockMessages = outbox.filter((row) => row.kind.startsWith('clock.'));
    expect(clockMessages.filter((row) => row.channel === 'email').length).toBe(storedTickets.length * 4);
    expect(clockMessages.filter((row) => row.channel === 'webhook').length).toBe(storedTickets.length * 3);
    const emailIds = new Set(outbox.filter((row) => row.channel === 'email').map((row) => `<${row.id}@covenant>`));
    const webhookIds = new Set(outbox.filter((row) => row.channel === 'webhook').map((row) => row.id));
    const receivedEmailIds = smtp.received.map((mail) => /^message-id:\s*(\S+)/im.exec(mail.raw.toString())?.[1] ?? '');
    const receivedWebhookIds = hooks.received.map((request) => String(request.headers['covenant-webhook-id']));
    expect(new Set(receivedEmailIds)).toEqual(emailIds);
    expect(new Set(receivedWebhookIds)).toEqual(webhookIds);
    const repeats = receivedEmailIds.length - emailIds.size + (receivedWebhookIds.length - webhookIds.size);

    // No acknowledged event was lost.
    const stored = await queryRows<{ ticket_id: string; event_key: string }>(
      handle.db,
      sql`SELECT ticket_id::text, event_key FROM ticket_events WHERE workspace_id = ${workspace.id}`,
    );
    const storedKeys = new Set(stored.map((row) => `${row.ticket_id}/${row.event_key}`));
    const lost = acknowledgedEvents.filter((event) => !storedKeys.has(`${event.ticketId}/${event.key}`));
    expect(lost).toEqual([]);

    const delays = firings.map((firing) => firing.delay).sort((a, b) => a - b);
    const p99 = delays[Math.min(delays.length - 1, Math.floor(delays.length * 0.99))] ?? 0;
    console.log(
      `fault test: ${tickets.length} tickets, ${acknowledgedEvents.length} acknowledged events, ${kills} kills, ` +
        `${firings.length} firings, ${emailIds.size} e-mails, ${webhookIds.size} webhooks, ${repeats} repeated deliveries; ` +
        `delay p50 ${delays[Math.floor(delays.length / 2)]?.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms (kills included)`,
    );
  });
});
