/**
 * Report benchmark (docs/semantics.md#quality-bars: a monthly report over 1,000,000 tickets in < 1 s on PostgreSQL). A
 * throwaway database gets 24 months of tickets shaped by the real UCI incident log (bench/report-data.ts), evaluated by
 * the core clock engine and bulk-loaded into tickets, clocks and clock_cycles (as the projection statement writes
 * them), then VACUUM ANALYZE (autovacuum may be off). Measured after a warm-up: the compliance report of the last full
 * month as the API computes it afresh (every target with its statistics and breaches, backlog and reopen rate, the
 * previous month, a 12-month trend and SLAM chart, credits with the rolling cap over every month since the start,
 * termination triggers), printed beside its peer, the plain aggregate query that underlies it (met / breached /
 * percentiles per target over the month's cycles), and beside the same aggregate over the JSON cycles of the clocks
 * table (what reports read before clock_cycles existed).
 *
 *   npm run bench:report [-- --tickets 1000000] [-- --runs 7] [-- --database-url postgres://...] [-- --json]
 *
 * The agreement is examples/agreements/servicenow-replay.yaml (written for the UCI log's priorities and statuses)
 * with a daily periodic-update target, a mean-resolution-time target and a termination trigger added, so every kind of
 * computation a report makes runs.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { systemPrincipal } from '../src/app/access/principal.ts';
import { createCustomer } from '../src/app/customers/manage-customers.ts';
import type { Clock, Store } from '../src/app/ports/store.ts';
import { getAgreementReport } from '../src/app/reports/build-agreement-report.ts';
import { loadConfig } from '../src/config/config.ts';
import { agreementContentHash, clockPolicyOf, lintAgreement, parseAgreement } from '../src/core/agreement/index.ts';
import { composeHeadless } from '../src/main/composition.ts';
import { type DatabaseHandle, openPostgres } from '../src/store/database.ts';
import { migrate } from '../src/store/migrate.ts';
import { agreements, agreementVersions } from '../src/store/schema.ts';
import { queryRows } from '../src/store/sql-rows.ts';
import { loadIncidentShape, loadTickets } from './report-data.ts';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};
const asJson = args.includes('--json');
const ticketCount = Number(option('tickets') ?? 1_000_000);
const runs = Number(option('runs') ?? 7);
const warmups = 2;
/** Development aids: keep the loaded database, or measure again on one kept before (no load). */
const keep = args.includes('--keep');
const reuse = option('reuse');
const databaseUrl =
  option('database-url') ??
  process.env.DATABASE_URL ??
  process.env.BENCH_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';

/** The window of tickets: 24 months; the report is of the last full month, measured a few days after it ended. */
const WINDOW_FROM = Date.parse('2024-01-01T03:00:00Z');
const NOW = Date.parse('2026-01-05T12:00:00Z');
const REPORTED = '2025-12';

function benchAgreementText(): string {
  const text = readFileSync(new URL('../examples/agreements/servicenow-replay.yaml', import.meta.url), 'utf8');
  return text
    .replace('term: { start: 2016-01-01, end: 2017-12-31', 'term: { start: 2024-01-01, end: 2027-12-31')
    .replace(
      '  escalation:',
      '    - { id: p3-updates, metric: periodic_update, priorities: [P3, P4], every: P1D, calendar: business, goal: 80% }\n' +
        '    - { id: mttr-urgent, metric: mean_resolution_time, priorities: [P1, P2], objective: PT6H, calendar: always }\n' +
        '  escalation:',
    )
    .replace(
      '  reporting:',
      '  termination:\n' +
        '    - trigger: { target: p1-resolution, missedConsecutivePeriods: 3 }\n' +
        '      right: The customer may terminate for cause.\n' +
        '  reporting:',
    );
}

/** A new database (dropped at the end unless --keep), or the one named by --reuse (already loaded). */
async function throwawayDatabase(): Promise<{ handle: DatabaseHandle; drop: () => Promise<void> }> {
  const name = reuse ?? `covenant_bench_report_${randomBytes(4).toString('hex')}`;
  if (reuse === undefined) {
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
  }
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  const handle = await openPostgres(url.toString(), { maxConnections: 4 });
  return {
    handle,
    drop: async () => {
      await handle.close();
      if (keep || reuse !== undefined) {
        process.stderr.write(`kept the database ${name} (drop it with DROP DATABASE ${name})\n`);
        return;
      }
      const cleanup = new pg.Client({ connectionString: databaseUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

async function timeRuns(
  label: string,
  body: () => Promise<unknown>,
  count = runs,
): Promise<{ p50: number; max: number }> {
  for (let run = 0; run < warmups; run++) await body();
  const samples: number[] = [];
  for (let run = 0; run < count; run++) {
    const started = performance.now();
    await body();
    samples.push(performance.now() - started);
  }
  process.stderr.write(`${label}: ${samples.map((ms) => ms.toFixed(0)).join(', ')} ms\n`);
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: sorted[Math.floor((sorted.length - 1) / 2)]!, max: sorted.at(-1)! };
}

interface BenchWorld {
  readonly workspaceId: string;
  readonly agreementId: string;
  readonly tickets: number;
  readonly clocks: number;
  readonly reopened: number;
  readonly priorities: Record<string, number>;
  readonly shape: string;
}

/** A workspace, its customer and the bench agreement, then the tickets; VACUUM ANALYZE. */
async function loadWorld(handle: DatabaseHandle, store: Store, clock: Clock): Promise<BenchWorld> {
  await migrate(handle.db);
  const workspace = await store.read.workspaces.create({ slug: 'bench', name: 'Bench' });
  const system = systemPrincipal(workspace.id, 'bench');
  const customer = await createCustomer({ store, clock }, system, { slug: 'uci-company', name: 'UCI Company' });
  const text = benchAgreementText();
  const agreement = parseAgreement(text);
  const [agreementRow] = await handle.db
    .insert(agreements)
    .values({ workspaceId: workspace.id, customerId: customer.id, slug: 'uci-service-desk', title: 'Service desk' })
    .returning();
  const [version] = await handle.db
    .insert(agreementVersions)
    .values({
      workspaceId: workspace.id,
      customerId: customer.id,
      agreementId: agreementRow!.id,
      number: 1,
      status: 'active',
      content: agreement,
      sourceText: text,
      sourceFormat: 'yaml',
      contentHash: agreementContentHash(agreement),
      lint: lintAgreement(agreement),
      effectiveFrom: new Date(WINDOW_FROM - 86_400_000),
      activatedAt: new Date(WINDOW_FROM - 86_400_000),
    })
    .returning();

  const shape = await loadIncidentShape();
  process.stderr.write(`shape: ${shape.histories.length} incident histories from ${shape.source}\n`);
  const loadStarted = performance.now();
  const loaded = await loadTickets(
    {
      handle,
      workspaceId: workspace.id,
      customerId: customer.id,
      agreementId: agreementRow!.id,
      versionId: version!.id,
      policy: clockPolicyOf(agreement),
    },
    shape,
    {
      count: ticketCount,
      from: WINDOW_FROM,
      now: NOW,
      onProgress: (done) => {
        if (done % 100_000 === 0) process.stderr.write(`  ${done} tickets loaded\n`);
      },
    },
  );
  process.stderr.write(`loaded in ${((performance.now() - loadStarted) / 1000).toFixed(0)} s; VACUUM ANALYZE...\n`);
  for (const table of ['tickets', 'clocks', 'clock_cycles']) {
    await handle.db.execute(sql.raw(`VACUUM ANALYZE ${table}`));
  }
  return {
    workspaceId: workspace.id,
    agreementId: agreementRow!.id,
    tickets: loaded.tickets,
    clocks: loaded.clocks,
    reopened: loaded.reopened,
    priorities: loaded.byPriority,
    shape: shape.source,
  };
}

/** The world of a kept database (--reuse). */
async function existingWorld(handle: DatabaseHandle): Promise<BenchWorld> {
  const [row] = await queryRows<Record<string, unknown>>(
    handle.db,
    sql`SELECT w.id AS workspace_id, a.id AS agreement_id, (SELECT count(*) FROM tickets) AS tickets,
               (SELECT count(*) FROM clocks) AS clocks, (SELECT count(*) FROM tickets WHERE reopen_count > 0) AS reopened
        FROM workspaces w JOIN agreements a ON a.workspace_id = w.id WHERE w.slug = 'bench'`,
  );
  const priorities = await queryRows<{ priority: string; count: string }>(
    handle.db,
    sql`SELECT priority, count(*) AS count FROM tickets GROUP BY 1 ORDER BY 1`,
  );
  return {
    workspaceId: row!.workspace_id as string,
    agreementId: row!.agreement_id as string,
    tickets: Number(row!.tickets),
    clocks: Number(row!.clocks),
    reopened: Number(row!.reopened),
    priorities: Object.fromEntries(priorities.map((entry) => [entry.priority, Number(entry.count)])),
    shape: 'a kept database (--reuse)',
  };
}

const { handle, drop } = await throwawayDatabase();
try {
  const clock = { now: () => NOW };
  const store = composeHeadless(loadConfig({}), handle, 'bench', clock).store;
  const world = reuse === undefined ? await loadWorld(handle, store, clock) : await existingWorld(handle);
  const { workspaceId, agreementId } = world;
  const system = systemPrincipal(workspaceId, 'bench');
  const [sizes] = await queryRows<{ cycles: string; month: string }>(
    handle.db,
    sql`SELECT (SELECT count(*) FROM clock_cycles) AS cycles,
               (SELECT count(*) FROM clock_cycles WHERE counted_ms >= ${Date.parse('2025-12-01T03:00:00Z')}
                  AND counted_ms < ${Date.parse('2026-01-01T03:00:00Z')}) AS month`,
  );

  const fresh = () => getAgreementReport({ store, clock }, system, agreementId, { period: REPORTED, fresh: true });
  const cold = await timeRuns(
    'report, cold (no month counted before)',
    async () => {
      await handle.db.execute(sql`TRUNCATE report_month_counts`);
      return fresh();
    },
    Math.min(runs, 3),
  );
  const report = await timeRuns('report (fresh)', fresh);
  const published = await timeRuns('published report served again', () =>
    getAgreementReport({ store, clock }, system, agreementId, { period: REPORTED }),
  );
  const from = Date.parse('2025-12-01T03:00:00Z'); // December 2025 in America/Sao_Paulo (UTC-3, no DST since 2019)
  const to = Date.parse('2026-01-01T03:00:00Z');
  // The peers run with the planner settings of a report's transaction (jit off, random_page_cost), as the report does.
  const planned = <T>(work: (tx: Parameters<Parameters<DatabaseHandle['transaction']>[0]>[0]) => Promise<T>) =>
    handle.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL jit = off`);
      await tx.execute(sql`SET LOCAL work_mem = '64MB'`);
      await tx.execute(sql`SET LOCAL random_page_cost = 1.1`);
      return work(tx);
    });
  const peer = await timeRuns('peer: plain aggregate over clock_cycles', () =>
    planned((tx) =>
      queryRows(
        tx,
        sql`SELECT target_id,
                 count(*) FILTER (WHERE state = 'met') AS met,
                 count(*) FILTER (WHERE state = 'breached' OR (state = 'running' AND counted_ms < ${NOW})) AS breached,
                 percentile_disc(0.5) WITHIN GROUP (ORDER BY used_ms) AS median,
                 percentile_disc(0.9) WITHIN GROUP (ORDER BY used_ms) AS p90
          FROM clock_cycles
          WHERE workspace_id = ${workspaceId} AND agreement_id = ${agreementId}
            AND counted_ms >= ${from} AND counted_ms < ${to} AND state IN ('met', 'breached', 'running')
          GROUP BY target_id`,
      ),
    ),
  );
  const legacy = await timeRuns('peer: the same aggregate over the JSON cycles of clocks', () =>
    planned((tx) =>
      queryRows(
        tx,
        sql`SELECT c.target_id, count(*) FILTER (WHERE e.cycle ->> 'state' = 'met') AS met,
                   percentile_disc(0.5) WITHIN GROUP (ORDER BY (e.cycle ->> 'usedMs')::float8) AS median
            FROM tickets t JOIN clocks c ON c.ticket_id = t.id
            CROSS JOIN LATERAL jsonb_array_elements(c.cycles) e(cycle)
            WHERE t.workspace_id = ${workspaceId} AND t.agreement_id = ${agreementId}
              AND t.opened_at < ${new Date(to).toISOString()}::timestamptz
              AND (t.resolved_at IS NULL OR t.resolved_at >= ${new Date(from).toISOString()}::timestamptz)
              AND CASE e.cycle ->> 'state' WHEN 'met' THEN (e.cycle ->> 'stop')::float8
                    WHEN 'breached' THEN (e.cycle ->> 'breachAt')::float8 END >= ${from}
              AND CASE e.cycle ->> 'state' WHEN 'met' THEN (e.cycle ->> 'stop')::float8
                    WHEN 'breached' THEN (e.cycle ->> 'breachAt')::float8 END < ${to}
            GROUP BY c.target_id`,
      ),
    ),
  );

  const figures = {
    tickets: world.tickets,
    clocks: world.clocks,
    cycles: Number(sizes!.cycles),
    cyclesCountedInMonth: Number(sizes!.month),
    reopenedTickets: world.reopened,
    priorities: world.priorities,
    shape: world.shape,
    runs,
    reportMs: report,
    coldReportMs: cold,
    publishedReportMs: published,
    aggregateOverClockCyclesMs: peer,
    aggregateOverClockJsonMs: legacy,
    bar: 'report p50 < 1000 ms',
    meetsBar: report.p50 < 1000,
  };
  if (asJson) process.stdout.write(`${JSON.stringify(figures)}\n`);
  else {
    const line = (label: string, value: { p50: number; max: number }) =>
      `  ${label.padEnd(58)} p50 ${value.p50.toFixed(0).padStart(5)} ms   max ${value.max.toFixed(0).padStart(5)} ms\n`;
    process.stdout.write(
      `Monthly compliance report, ${REPORTED}, ${figures.tickets.toLocaleString('en')} tickets ` +
        `(${figures.cycles.toLocaleString('en')} cycles, ${figures.cyclesCountedInMonth.toLocaleString('en')} counting in the month), PostgreSQL, ${runs} runs after ${warmups} warm-up\n` +
        line('report, computed afresh (GET .../report?fresh=true)', report) +
        line('  the same with no earlier month counted yet (first report)', cold) +
        line('published report served again (with its corrections check)', published) +
        line('peer: plain aggregate SQL over clock_cycles', peer) +
        line('peer: the same over the JSON cycles of clocks (before 0003)', legacy) +
        `  bar (docs/semantics.md#quality-bars): a monthly report in < 1 s -> p50 ${figures.meetsBar ? 'met' : 'NOT met'}, ` +
        `max ${report.max < 1000 ? 'met' : 'NOT met'}\n`,
    );
  }
} finally {
  await drop();
}
