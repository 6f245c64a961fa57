/**
 * Ingest benchmark: ticket events through the real HTTP batch API into PostgreSQL and into PGlite (the embedded
 * default), printed beside the raw insert rate of the same rows without the API (the physical limit here); and
 * single-event latency (p50/p99) at a fixed request rate, beside the p99 of committing the same rows one per
 * transaction at that rate without the API (the latency floor: each commit waits for the disk to flush).
 *
 *   npm run bench:ingest [-- --json] [-- --events 50000] [-- --rate 500] [-- --seconds 60] [-- --only postgres|pglite]
 *
 * PostgreSQL: BENCH_DATABASE_URL, or TEST_DATABASE_URL, or postgres://postgres@127.0.0.1:5432/postgres (a throwaway
 * database is created and dropped). Bars (docs/semantics.md#quality-bars): >= 5,000 events/s through the batch API into
 * PostgreSQL; single-event p99 < 25 ms at 500 requests/s.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { systemPrincipal } from '../src/app/access/principal.ts';
import { createCustomer } from '../src/app/customers/manage-customers.ts';
import { createApiToken } from '../src/app/identity/manage-api-tokens.ts';
import type { Store } from '../src/app/ports/store.ts';
import { openTicket } from '../src/app/tickets/open-ticket.ts';
import { loadConfig } from '../src/config/config.ts';
import { composeHeadless } from '../src/main/composition.ts';
import { systemClock, systemRandom } from '../src/main/platform-services.ts';
import { type DatabaseHandle, openEmbedded } from '../src/store/database.ts';
import { migrate } from '../src/store/migrate.ts';
import { seedActiveAgreement } from '../test/support/seed-agreement.ts';
import { runOpenLoopCalls } from './load/open-loop-calls.ts';
import { type Answer, runOpenLoop } from './load/open-loop-client.ts';
import { postgresHandle } from './load/throwaway-postgres.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const asJson = args.includes('--json');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const totalEvents = option('events', 20_000);
const rate = option('rate', 500);
// Long enough to include the kernel's write-back of the phase's own writes (dirty pages are written ~30 s after),
// which is what a steady stream of events meets (decision 0019).
const seconds = option('seconds', 60);
const BATCH = 1000;
/** Tickets written to by each phase: realistic histories (the UCI log averages 5.7 events per incident). */
const TICKETS = 2000;
const SINGLE_TICKETS = 1000;
const CONCURRENCY = 4;

interface Figures {
  rawEventsPerSecond: number;
  batchEventsPerSecond: number;
  singleP50Ms: number;
  singleP99Ms: number;
  /** The peer of the single-event latency: one event row per transaction at the same rate, no API, no clocks. */
  rawSingleP99Ms: number;
  singleAchievedRate: number;
  singleErrors: number;
  /** How late the load generator itself sent single events (p99, max): when it is late too, the machine stalled. */
  generatorLateP99Ms: number;
  generatorLateMaxMs: number;
}

/** A workspace with one customer under the ERP agreement, TICKETS open tickets, and an agent token. */
async function prepare(handle: DatabaseHandle, store: Store) {
  await migrate(handle.db);
  const workspace = await store.read.workspaces.create({ slug: 'bench', name: 'Bench' });
  const system = systemPrincipal(workspace.id, 'bench');
  const dependencies = { store, clock: systemClock, random: systemRandom };
  const customer = await createCustomer(dependencies, system, { slug: 'stalmet', name: 'Stalmet' });
  const openedAt = Date.now() - 2 * 86_400_000;
  await seedActiveAgreement(handle, {
    workspaceId: workspace.id,
    customerId: customer.id,
    example: 'erp-support',
    activatedAt: openedAt - 86_400_000,
  });
  const tickets: string[] = [];
  const priorities = ['P1', 'P2', 'P3', 'P4'];
  for (let index = 0; index < TICKETS + SINGLE_TICKETS; index++) {
    const { ticket } = await openTicket(dependencies, system, {
      customerId: customer.id,
      title: `Bench ticket ${index}`,
      priority: priorities[index % 4],
      openedAt,
    });
    tickets.push(ticket.id);
  }
  const { token } = await createApiToken(dependencies, system, { name: 'bench agent', role: 'agent' });
  return {
    workspaceId: workspace.id,
    customerId: customer.id,
    tickets: tickets.slice(0, TICKETS),
    singleTickets: tickets.slice(TICKETS),
    token,
    openedAt,
  };
}

const eventTypes = ['agent_reply', 'customer_reply', 'status', 'agent_reply', 'customer_reply'] as const;

function eventFor(ticketId: string, sequence: number, openedAt: number) {
  const type = eventTypes[sequence % eventTypes.length]!;
  return {
    ticketId,
    key: `bench-${sequence}`,
    type,
    occurredAt: new Date(openedAt + sequence * 10).toISOString(),
    ...(type === 'status' ? { status: sequence % 2 === 0 ? 'awaiting_customer' : 'in_progress' } : {}),
  };
}

async function measure(
  label: string,
  handle: DatabaseHandle,
  release: () => Promise<void>,
  serverEnvironment: Record<string, string>,
  analyse: () => Promise<void>,
): Promise<Figures> {
  const store = composeHeadless(loadConfig({}), handle, 'bench').store;
  process.stderr.write(`${label}: preparing ${TICKETS} tickets...\n`);
  const world = await prepare(handle, store);

  // The physical limit: the same rows straight into the events table, 1,000 per transaction, no API, no clocks.
  process.stderr.write(`${label}: raw inserts...\n`);
  const rawStarted = performance.now();
  let sequence = 0;
  for (let sent = 0; sent < totalEvents; sent += BATCH) {
    await store.transaction((repositories) =>
      repositories.tickets.appendEvents(
        world.workspaceId,
        Array.from({ length: BATCH }, () => {
          const event = eventFor(world.tickets[sequence % TICKETS]!, sequence++, world.openedAt);
          return {
            ticketId: event.ticketId,
            customerId: world.customerId,
            event: {
              id: `raw-${event.key}`,
              type: event.type,
              occurredAt: Date.parse(event.occurredAt),
              status: event.status,
            },
            actorUserId: null,
            actorTokenId: null,
          };
        }),
      ),
    );
  }
  const rawEventsPerSecond = totalEvents / ((performance.now() - rawStarted) / 1000);

  // The latency floor: one event row per transaction (each commit waits for its WAL flush, as the API's do) at the
  // same rate, straight from this process. A commit that waits on a slow disk flush shows here as in the API.
  process.stderr.write(`${label}: raw single inserts at ${rate}/s for ${seconds} s...\n`);
  const rawSingle = await runOpenLoopCalls({
    rate,
    seconds,
    concurrency: 16,
    call: async (index) => {
      const event = eventFor(world.singleTickets[index % SINGLE_TICKETS]!, index, world.openedAt);
      await store.read.tickets.appendEvents(world.workspaceId, [
        {
          ticketId: event.ticketId,
          customerId: world.customerId,
          event: {
            id: `raw-single-${index}`,
            type: event.type,
            occurredAt: Date.parse(event.occurredAt),
            status: event.status,
          },
          actorUserId: null,
          actorTokenId: null,
        },
      ]);
    },
  });
  if (rawSingle.failures > 0) throw new Error(`raw single inserts failed: ${rawSingle.firstFailure}`);
  // The raw rows only measure the physical limit: remove them, so the API phases see tickets with normal histories.
  await handle.db.execute(sql`DELETE FROM ticket_events WHERE event_key LIKE 'raw-%'`);

  // The server runs as its own process, as in a deployment; this process only generates the load.
  await release();
  const server = await startServerProcess(serverEnvironment);
  const address = server.url;
  const headers = { authorization: `Bearer ${world.token}`, 'content-type': 'application/json' };

  // Throughput: batches of 1,000 events (5 per ticket, 200 tickets), CONCURRENCY requests in flight.
  process.stderr.write(`${label}: batch API...\n`);
  const batches = Math.ceil(totalEvents / BATCH);
  let next = 0;
  const batchStarted = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let batch = next++; batch < batches; batch = next++) {
        const events = Array.from({ length: BATCH }, (_, index) => {
          const ticket = world.tickets[(batch * 200 + Math.floor(index / 5)) % TICKETS]!;
          return eventFor(ticket, 1_000_000 + batch * BATCH + index, world.openedAt);
        });
        const response = await fetch(`${address}/api/v1/ticket-events/batch`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ events }),
        });
        if (response.status !== 200) throw new Error(`batch failed: ${response.status} ${await response.text()}`);
        await response.arrayBuffer();
      }
    }),
  );
  const batchEventsPerSecond = (batches * BATCH) / ((performance.now() - batchStarted) / 1000);

  // Latency: single events at a fixed rate (open loop: requests leave on schedule, whatever the answers do). The bulk
  // load above leaves work for autovacuum; analyse first (as an operator would after a bulk load), then warm the
  // server up at the same rate for a few seconds, unmeasured (JIT, caches, prepared statements).
  await analyse();
  process.stderr.write(`${label}: warming up at ${rate} requests/s...\n`);
  const target = new URL(address);
  const singleEvent = (index: number) => ({
    method: 'POST',
    path: `/api/v1/tickets/${world.singleTickets[index % SINGLE_TICKETS]}/events`,
    headers,
    body: JSON.stringify({
      key: `single-${index}`,
      type: 'customer_reply',
      occurredAt: new Date(world.openedAt + 3_600_000 + index).toISOString(),
    }),
  });
  await runOpenLoop({
    host: target.hostname,
    port: Number(target.port),
    rate,
    seconds: 5,
    connections: 64,
    expectStatus: 201,
    requestFor: (index) => singleEvent(10_000_000 + index),
  });
  process.stderr.write(`${label}: ${rate} single events/s for ${seconds} s...\n`);
  const phaseStartedAt = new Date();
  const phaseStartedAtMs = performance.now();
  const load = await runOpenLoop({
    host: target.hostname,
    port: Number(target.port),
    rate,
    seconds,
    connections: 64,
    expectStatus: 201,
    requestFor: singleEvent,
  });
  const latencies = load.timeline.map((answer) => answer.latencyMs);
  if (process.env.BENCH_TIMELINE) {
    // The wall-clock start lines the timeline up with the database's log (autovacuum, checkpoints).
    process.stderr.write(
      `  timeline from ${phaseStartedAt.toISOString()} (${phaseStartedAtMs.toFixed(0)} ms into this process, as in --trace-gc), by half second:\n`,
    );
    const buckets = new Map<number, Answer[]>();
    for (const answer of load.timeline) {
      const bucket = Math.floor(answer.dueAt * 2) / 2;
      const answers = buckets.get(bucket) ?? [];
      answers.push(answer);
      buckets.set(bucket, answers);
    }
    for (const [bucket, answers] of [...buckets].sort((a, b) => a[0] - b[0])) {
      const values = answers.map((answer) => answer.latencyMs).sort((a, b) => a - b);
      const late = Math.max(...answers.map((answer) => answer.lateMs));
      process.stderr.write(
        `  t=${bucket.toFixed(1)}s n=${values.length} p50=${values[Math.floor(values.length / 2)]!.toFixed(1)} max=${values[values.length - 1]!.toFixed(1)} generator late max=${late.toFixed(1)}\n`,
      );
    }
  }
  const errors = load.sent - (load.statuses.get(201) ?? 0);
  if (load.firstFailure) server.noteError(load.firstFailure);
  const elapsed = load.elapsedSeconds;
  const total = load.sent;
  const firstError = server.firstError();
  await server.stop();
  if (firstError) process.stderr.write(`${label}: first failed request: ${firstError}\n`);
  latencies.sort((a, b) => a - b);
  const lateness = load.timeline.map((answer) => answer.lateMs).sort((a, b) => a - b);
  return {
    rawEventsPerSecond,
    batchEventsPerSecond,
    singleP50Ms: percentile(latencies, 50),
    singleP99Ms: percentile(latencies, 99),
    rawSingleP99Ms: percentile(
      rawSingle.latenciesMs.sort((a, b) => a - b),
      99,
    ),
    singleAchievedRate: total / elapsed,
    singleErrors: errors,
    generatorLateP99Ms: percentile(lateness, 99),
    generatorLateMaxMs: lateness[lateness.length - 1] ?? Number.NaN,
  };
}

/** The p-th percentile of ascending values (nearest rank). */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

interface ServerProcess {
  readonly url: string;
  noteError(text: string): void;
  firstError(): string | null;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts `covenant serve` as a child process and waits until it answers /api/ready. */
async function startServerProcess(environment: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      // BENCH_SERVER_NODE_ARGS: extra node flags for the server process only, e.g. "--cpu-prof --cpu-prof-dir=prof".
      ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      fileURLToPath(new URL('../bin/covenant.mjs', import.meta.url)),
      'serve',
      '--no-demo',
    ],
    {
      env: {
        ...process.env,
        ...environment,
        PORT: String(port),
        HOST: '127.0.0.1',
        COVENANT_LOG_LEVEL: 'warn',
        COVENANT_SWEEP: 'off',
      },
      stdio: ['ignore', process.env.BENCH_SERVER_STDOUT ? 'inherit' : 'ignore', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    try {
      if ((await fetch(`${url}/api/ready`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (attempt > 300 || child.exitCode !== null) throw new Error('the server did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  let first: string | null = null;
  return {
    url,
    noteError: (text) => {
      first ??= text;
    },
    firstError: () => first,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const results: Record<string, Figures> = {};
if (only !== 'pglite') {
  const { handle, drop, url } = await postgresHandle();
  try {
    results.postgres = await measure(
      'postgres',
      handle,
      () => Promise.resolve(),
      { DATABASE_URL: url },
      async () => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query('VACUUM ANALYZE');
        // The bulk phases above leave tens of megabytes of dirty pages that the kernel writes back about 30 s later,
        // in the middle of the latency phase, stalling every commit's flush behind them: write them out first, so
        // the latency phase sees the write-back of its own work only (decision 0019).
        await client.query('CHECKPOINT').catch((error: Error) => {
          process.stderr.write(`postgres: CHECKPOINT refused (${error.message}); bulk-load write-back may show\n`);
        });
        await client.end();
      },
    );
  } finally {
    await handle.close();
    await drop();
  }
}
if (only !== 'postgres') {
  const directory = mkdtempSync(join(tmpdir(), 'covenant-bench-'));
  const handle = await openEmbedded(directory);
  let closed = false;
  const release = async () => {
    closed = true;
    await handle.close();
  };
  try {
    // The embedded database belongs to the server process by then; it is small enough to need no analysis.
    results.pglite = await measure('pglite', handle, release, { COVENANT_DATA_DIR: directory }, () =>
      Promise.resolve(),
    );
  } finally {
    if (!closed) await handle.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

const format = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const lines = [
  `Ingest benchmark: ${format(totalEvents)} events per run in batches of ${BATCH} (${CONCURRENCY} in flight) over ${TICKETS} tickets; single events at ${rate}/s for ${seconds} s (after 5 s of warm-up) over ${SINGLE_TICKETS} other tickets`,
  '',
  `${'database'.padEnd(10)}${'raw insert ev/s'.padStart(17)}${'batch API ev/s'.padStart(16)}${'API/raw'.padStart(9)}${'single p50 ms'.padStart(15)}${'single p99 ms'.padStart(15)}${'raw single p99'.padStart(16)}${'achieved req/s'.padStart(16)}${'errors'.padStart(8)}`,
];
for (const [name, figures] of Object.entries(results)) {
  lines.push(
    `${name.padEnd(10)}${format(figures.rawEventsPerSecond).padStart(17)}${format(figures.batchEventsPerSecond).padStart(16)}${`${format((100 * figures.batchEventsPerSecond) / figures.rawEventsPerSecond)}%`.padStart(9)}${format(figures.singleP50Ms, 1).padStart(15)}${format(figures.singleP99Ms, 1).padStart(15)}${format(figures.rawSingleP99Ms, 1).padStart(16)}${format(figures.singleAchievedRate).padStart(16)}${String(figures.singleErrors).padStart(8)}`,
  );
}
lines.push('');
for (const [name, figures] of Object.entries(results)) {
  lines.push(
    `${name}: the load generator itself sent single events late by ${format(figures.generatorLateP99Ms, 1)} ms (p99), ${format(figures.generatorLateMaxMs, 1)} ms at most (when it is late too, the whole machine stalled)`,
  );
}
if (results.postgres) {
  lines.push(
    '',
    `bars (PostgreSQL): batch >= 5,000 events/s: ${results.postgres.batchEventsPerSecond >= 5000 ? 'met' : 'NOT MET'}; single p99 < 25 ms at ${rate}/s: ${results.postgres.singleP99Ms < 25 && results.postgres.singleErrors === 0 ? 'met' : 'NOT MET'}`,
  );
}
process.stdout.write(`${lines.join('\n')}\n`);
if (asJson) process.stdout.write(`${JSON.stringify(results)}\n`);
