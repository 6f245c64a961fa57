/**
 * Sweep benchmark (docs/semantics.md#quality-bars, monitoring): with N open clocks in PostgreSQL, a stream of tickets
 * whose thresholds fall due during a measurement window is acted on by two scheduler loops (as two instances would);
 * prints the delay between each due instant and its action (p50/p99/max) and the sweep's cost per due row, for a
 * small and a large number of open clocks side by side (the cost must follow the due rows, not the open ones), beside
 * the peer: one scan of every open clock, which is what a sweep without `next_check_at` would do on every pass.
 *
 *   npm run bench:sweep [-- --open 1000000] [-- --due-per-second 300] [-- --window 30] [-- --json]
 *
 * PostgreSQL: BENCH_DATABASE_URL, TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres (a throwaway
 * database per size, dropped afterwards). Bar: p99 < 1 s with 1,000,000 open clocks.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import { systemPrincipal } from '../src/app/access/principal.ts';
import { createCustomer } from '../src/app/customers/manage-customers.ts';
import { openTicket } from '../src/app/tickets/open-ticket.ts';
import { loadConfig } from '../src/config/config.ts';
import { startScheduler } from '../src/jobs/scheduler.ts';
import { composeHeadless } from '../src/main/composition.ts';
import { argon2idPasswords, systemClock, systemRandom } from '../src/main/platform-services.ts';
import type { DatabaseHandle } from '../src/store/database.ts';
import { migrate } from '../src/store/migrate.ts';
import { queryRows } from '../src/store/sql-rows.ts';
import { seedActiveAgreement } from '../test/support/seed-agreement.ts';
import { postgresHandle } from './load/throwaway-postgres.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const asJson = args.includes('--json');
const largeOpen = option('open', 1_000_000);
const duePerSecond = option('due-per-second', 300);
const windowSeconds = option('window', 30);
const log = (line: string) => {
  if (!asJson) process.stderr.write(`${line}\n`);
};

// P1 tickets answer within one minute (warning at 50 %): they fall due during the window. P2 tickets have targets
// months long: they are the open clocks that must not cost anything.
const agreementYaml = `apiVersion: covenant/v1
kind: Agreement
metadata: { id: sweep-bench, title: Sweep benchmark, customer: bench }
spec:
  term: { start: 2026-01-01, end: 2030-12-31, renewal: manual, noticeDays: 30, timezone: UTC }
  review: { every: P3M }
  services: [ { id: ops, name: Operations, scope: [incident handling] } ]
  calendars: { always: 24x7 }
  priorities: { levels: [P1, P2] }
  targets:
    - { id: p1-response, metric: first_response, priorities: [P1], within: PT1M, calendar: always, goal: 95%, warnAt: [50%] }
    - { id: p2-response, metric: first_response, priorities: [P2], within: PT3000H, calendar: always, goal: 95% }
    - { id: p2-resolution, metric: resolution, priorities: [P2], within: PT6000H, calendar: always, goal: 90% }
  credits: { monthlyFee: { amount: 1000, currency: EUR }, rules: [ { target: p1-response, perBreach: 1% } ], monthlyCap: 10% }
`;

interface Figures {
  openClocks: number;
  dueTickets: number;
  firings: number;
  missing: number;
  delayP50Ms: number;
  delayP99Ms: number;
  delayMaxMs: number;
  costPerDueTicketMs: number;
  passes: number;
  scanAllOpenMs: number;
  claimDueMs: number;
}

async function copyTickets(
  handle: DatabaseHandle,
  templateId: string,
  count: number,
  shift: (index: string) => ReturnType<typeof sql>,
) {
  // Copies a ticket with its events and clocks `count` times; `shift` gives each copy's offset (an interval).
  await handle.db.execute(sql`
    WITH copies AS (
      SELECT gen_random_uuid() AS id, ${shift('n')} AS delta FROM generate_series(1, ${count}) AS n
    ),
    new_tickets AS (
      INSERT INTO tickets (id, workspace_id, customer_id, agreement_id, agreement_version_id, title, priority, status,
                           lifecycle, opened_at, event_count, created_at, updated_at)
      SELECT c.id, t.workspace_id, t.customer_id, t.agreement_id, t.agreement_version_id, t.title, t.priority,
             t.status, t.lifecycle, t.opened_at + c.delta, t.event_count, t.created_at, t.updated_at
      FROM copies c CROSS JOIN tickets t WHERE t.id = ${templateId}
      RETURNING 1
    ),
    new_events AS (
      INSERT INTO ticket_events (workspace_id, customer_id, ticket_id, event_key, type, occurred_at, recorded_at, payload)
      SELECT e.workspace_id, e.customer_id, c.id, e.event_key, e.type, e.occurred_at + c.delta, e.recorded_at, e.payload
      FROM copies c CROSS JOIN ticket_events e WHERE e.ticket_id = ${templateId}
      RETURNING 1
    )
    INSERT INTO clocks (workspace_id, customer_id, ticket_id, target_id, metric, state, due_at, breach_at, used_ms,
                        duration_ms, percent_used, cycles, next_check_at, evaluated_at, crossing_count, updated_at)
    SELECT k.workspace_id, k.customer_id, c.id, k.target_id, k.metric, k.state, k.due_at + c.delta, k.breach_at,
           k.used_ms, k.duration_ms, k.percent_used, k.cycles, k.next_check_at + c.delta, k.evaluated_at, 0, now()
    FROM copies c CROSS JOIN clocks k WHERE k.ticket_id = ${templateId}
      AND (SELECT count(*) FROM new_tickets) >= 0 AND (SELECT count(*) FROM new_events) >= 0`);
}

async function run(openClocks: number): Promise<Figures> {
  const { handle, drop } = await postgresHandle(24);
  try {
    await migrate(handle.db);
    const store = composeHeadless(loadConfig({}), handle, 'bench').store;
    const dependencies = { store, clock: systemClock, passwords: argon2idPasswords, random: systemRandom };
    const workspace = await store.read.workspaces.create({ slug: 'bench', name: 'Sweep benchmark' });
    const system = systemPrincipal(workspace.id, 'bench');
    const customer = await createCustomer(dependencies, system, { slug: 'bench', name: 'Bench customer' });
    await store.read.users.create({
      workspaceId: workspace.id,
      email: 'manager@bench.example',
      name: 'Manager',
      role: 'manager',
      customerId: null,
      passwordHash: null,
      timezone: 'Europe/Warsaw',
    });
    await handle.db.execute(
      sql`INSERT INTO webhook_subscriptions (workspace_id, url, secret, event_types, created_at, updated_at)
          VALUES (${workspace.id}, 'http://127.0.0.1:9/hook', 'whsec_bench', '["clock.breach"]'::jsonb, now(), now())`,
    );
    const file = join(mkdtempSync(join(tmpdir(), 'covenant-sweep-')), 'agreement.yaml');
    writeFileSync(file, agreementYaml);
    await seedActiveAgreement(handle, {
      workspaceId: workspace.id,
      customerId: customer.id,
      example: 'sweep-bench',
      file: pathToFileURL(file),
      activatedAt: Date.parse('2026-01-01T00:00:00Z'),
    });

    // Open clocks: copies of one P2 ticket (two clocks each, next checks months away).
    const now = Date.now();
    const background = await openTicket(dependencies, system, {
      customerId: customer.id,
      title: 'Background',
      priority: 'P2',
      openedAt: now - 3_600_000,
    });
    const backgroundTickets = Math.floor(openClocks / 2) - 1;
    const chunk = 50_000;
    for (let done = 0; done < backgroundTickets; done += chunk) {
      await copyTickets(handle, background.ticket.id, Math.min(chunk, backgroundTickets - done), (n) =>
        sql.raw(`(${n} % 86400) * interval '1 second'`),
      );
      log(
        `  ${openClocks.toLocaleString('en-US')} open clocks: loaded ${Math.min(done + chunk, backgroundTickets) * 2} clocks`,
      );
    }

    // Due tickets: copies of one P1 ticket, their 50 % warnings spread evenly over the window, breaches 30 s later.
    const dueTickets = duePerSecond * windowSeconds;
    const windowStart = Date.now() + 20_000;
    const template = await openTicket(dependencies, system, {
      customerId: customer.id,
      title: 'Falls due',
      priority: 'P1',
      openedAt: Date.now() - 1000,
    });
    const templateWarning = template.ticket.openedAt + 30_000;
    const stepMs = (windowSeconds * 1000) / dueTickets;
    const offsetMs = windowStart - templateWarning;
    await copyTickets(handle, template.ticket.id, dueTickets, (n) =>
      sql.raw(`((${offsetMs} + (${n} - 1) * ${stepMs}) * interval '1 millisecond')`),
    );
    await handle.db.execute(sql`DELETE FROM tickets WHERE id = ${template.ticket.id}`);
    await handle.db.execute(sql`DELETE FROM clocks WHERE ticket_id = ${template.ticket.id}`);
    await handle.db.execute(sql`VACUUM ANALYZE`);

    // The peer: one pass over every open clock, against one claim of the due rows.
    let started = performance.now();
    await queryRows(handle.db, sql`SELECT count(*) FROM clocks WHERE state IN ('running', 'paused')`);
    const scanAllOpenMs = performance.now() - started;
    started = performance.now();
    await queryRows(
      handle.db,
      sql`SELECT ticket_id FROM clocks WHERE next_check_at <= ${new Date(windowStart + 1000).toISOString()}::timestamptz
          ORDER BY next_check_at LIMIT 200`,
    );
    const claimDueMs = performance.now() - started;

    const waitMs = windowStart - Date.now();
    log(
      `  ${dueTickets} tickets fall due from ${new Date(windowStart).toISOString()} (in ${(waitMs / 1000).toFixed(0)} s)`,
    );
    let passes = 0;
    let sweptTickets = 0;
    let sweepMs = 0;
    let last = performance.now();
    const onSweep = (result: { tickets: number }) => {
      const at = performance.now();
      if (result.tickets > 0) {
        passes++;
        sweptTickets += result.tickets;
        sweepMs += at - last;
      }
      last = at;
    };
    // Two loops, as two instances would run them; they share the due rows through SKIP LOCKED.
    const delivery = {
      store,
      clock: systemClock,
      email: null,
      webhooks: { deliver: async () => ({ ok: true as const, detail: '' }) },
      renderer: {
        clockAlertEmail: () => ({ subject: '', text: '', html: '' }),
        reportReadyEmail: () => ({ subject: '', text: '', html: '' }),
        conversationReplyEmail: () => ({ subject: '', text: '', html: '' }),
        acknowledgementEmail: () => ({ subject: '', text: '', html: '' }),
        webhookData: () => ({}),
      },
      baseUrl: 'http://localhost',
      secrets: store.read.monitoring,
      reportAttachment: async () => {
        throw new Error('this benchmark sends no reports');
      },
    };
    const schedulers = [
      startScheduler(delivery, { deliver: false, reportsEveryMs: 0, onSweep }),
      startScheduler(delivery, { deliver: false, reportsEveryMs: 0, onSweep }),
    ];
    const endAt = windowStart + windowSeconds * 1000 + 30_000 + 3000;
    while (Date.now() < endAt) await new Promise((resolve) => setTimeout(resolve, 500));
    await Promise.all(schedulers.map((scheduler) => scheduler.stop()));

    const rows = await queryRows<{ delay: number }>(
      handle.db,
      sql`SELECT (extract(epoch from acted_at - reached_at) * 1000)::float8 AS delay FROM clock_firings
          WHERE reached_at >= ${new Date(windowStart - 1000).toISOString()}::timestamptz AND suppressed IS NULL`,
    );
    const delays = rows.map((row) => row.delay).sort((a, b) => a - b);
    const quantile = (q: number) => delays[Math.min(delays.length - 1, Math.floor(delays.length * q))] ?? Number.NaN;
    return {
      openClocks,
      dueTickets,
      firings: delays.length,
      missing: dueTickets * 2 - delays.length,
      delayP50Ms: quantile(0.5),
      delayP99Ms: quantile(0.99),
      delayMaxMs: delays.at(-1) ?? Number.NaN,
      costPerDueTicketMs: sweptTickets === 0 ? Number.NaN : sweepMs / sweptTickets,
      passes,
      scanAllOpenMs,
      claimDueMs,
    };
  } finally {
    await handle.close();
    await drop();
  }
}

const sizes = [Math.min(100_000, largeOpen), largeOpen];
const results: Figures[] = [];
for (const size of sizes) {
  log(
    `sweep benchmark: ${size.toLocaleString('en-US')} open clocks, ${duePerSecond} tickets falling due per second for ${windowSeconds} s...`,
  );
  results.push(await run(size));
}
if (asJson) {
  process.stdout.write(`${JSON.stringify({ results })}\n`);
} else {
  const pad = (value: string, width: number) => value.padStart(width);
  const number = (value: number, digits = 0) =>
    value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  console.log(
    `\n${pad('open clocks', 12)}${pad('due tickets', 13)}${pad('firings', 9)}${pad('missing', 9)}${pad('delay p50 ms', 14)}` +
      `${pad('p99 ms', 9)}${pad('max ms', 9)}${pad('ms/due ticket', 15)}${pad('scan all open ms', 18)}${pad('claim due ms', 14)}`,
  );
  for (const figures of results) {
    console.log(
      `${pad(number(figures.openClocks), 12)}${pad(number(figures.dueTickets), 13)}${pad(number(figures.firings), 9)}` +
        `${pad(number(figures.missing), 9)}${pad(number(figures.delayP50Ms), 14)}${pad(number(figures.delayP99Ms), 9)}` +
        `${pad(number(figures.delayMaxMs), 9)}${pad(number(figures.costPerDueTicketMs, 2), 15)}` +
        `${pad(number(figures.scanAllOpenMs, 1), 18)}${pad(number(figures.claimDueMs, 1), 14)}`,
    );
  }
  const large = results.at(-1)!;
  console.log(
    `\nbar (${number(large.openClocks)} open clocks): acted on within 1 s of the due instant, p99: ${large.delayP99Ms < 1000 && large.missing === 0 ? 'met' : 'NOT met'}`,
  );
}
