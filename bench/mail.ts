/**
 * E-mail intake benchmark (docs/mail.md#throughput): real MIME messages appended to a private Dovecot mailbox and
 * taken in by `covenant worker` (the production composition, its IMAP watcher with IDLE) into PostgreSQL, beside
 * parsing the same messages alone in this process (the limit: intake cannot be faster than its parser).
 *
 *   npm run bench:mail [-- --json] [-- --messages 10000] [-- --rate 100] [-- --seconds 30] [-- --timeline]
 *
 * Two phases on one database:
 *   - backlog: `--messages` messages appended as fast as Dovecot takes them (as after an outage of the intake), and
 *     the rate at which they become recorded tickets, replies, triage entries or automatic mail;
 *   - steady: messages appended at `--rate` per second for `--seconds`, and the time from each message's arrival in
 *     the mailbox to its record in the database (p50, p99); `--timeline` prints that delay every 5 s of arrivals.
 * Bars (issue 20): >= 100 messages/s end to end; p99 from arrival to recorded ticket < 5 s.
 *
 * Needs Debian's dovecot-imapd (/usr/sbin/dovecot). PostgreSQL: BENCH_DATABASE_URL, or TEST_DATABASE_URL, or
 * postgres://postgres@127.0.0.1:5432/postgres (a throwaway database is created and dropped).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { systemPrincipal } from '../src/app/access/principal.ts';
import { addContact, createCustomer } from '../src/app/customers/manage-customers.ts';
import { createMailbox } from '../src/app/mail/manage-mailboxes.ts';
import { loadConfig } from '../src/config/config.ts';
import { parseMail } from '../src/mail/parse-mail.ts';
import { composeHeadless } from '../src/main/composition.ts';
import { systemClock, systemRandom } from '../src/main/platform-services.ts';
import { migrate } from '../src/store/migrate.ts';
import { startTestSmtpServer } from '../test/notify/support/test-smtp-server.ts';
import { dovecotMissing, startDovecot, type TestDovecot } from '../test/support/dovecot.ts';
import { seedActiveAgreement } from '../test/support/seed-agreement.ts';
import { type CorpusCustomer, type CorpusMessage, corpusCustomers, mailCorpus } from './load/mail-corpus.ts';
import { cpuMsOf, databaseCpu } from './load/process-cpu.ts';
import { postgresHandle } from './load/throwaway-postgres.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const asJson = args.includes('--json');
const timeline = args.includes('--timeline');
const backlogCount = option('messages', 10_000);
const rate = option('rate', 100);
const seconds = option('seconds', 30);
const progress = (line: string) => process.stderr.write(`${line}\n`);
/** Messages taken in before the measured phases, then analysed: a mailbox in use, as production has it. */
const HISTORY = 1000;

if (dovecotMissing !== null) {
  progress(`bench:mail cannot run here: ${dovecotMissing}`);
  process.exit(2);
}

/**
 * Message-ID -> when its record became visible. A trigger in the throwaway database (the bench's own, not the
 * product's) notifies each row of the intake log, and PostgreSQL delivers a notification only when its transaction
 * commits: the moment the message is recorded. Cheaper for the machine than polling ten thousand rows.
 */
class RecordWatch {
  readonly seen = new Map<string, number>();
  readonly #waiters = new Set<() => void>();
  readonly #onSeen = new Set<(id: string) => void>();

  static async listen(client: pg.Client): Promise<RecordWatch> {
    await client.query(`
      CREATE OR REPLACE FUNCTION bench_notify_inbound() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('bench_inbound', NEW.mail_message_id); RETURN NEW; END $$;
      CREATE OR REPLACE TRIGGER bench_notify_inbound AFTER INSERT ON inbound_mail
        FOR EACH ROW EXECUTE FUNCTION bench_notify_inbound();
      LISTEN bench_inbound;`);
    const watch = new RecordWatch();
    client.on('notification', (message) => {
      const id = message.payload;
      if (!id || watch.seen.has(id)) return;
      watch.seen.set(id, performance.now());
      for (const onSeen of watch.#onSeen) onSeen(id);
      for (const wake of watch.#waiters) wake();
    });
    return watch;
  }

  async until(ids: readonly string[], timeoutMs: number): Promise<void> {
    const started = performance.now();
    // Counted down as notifications arrive: scanning every id on each of them cost the bench a fifth of a core,
    // taken from the worker and the database it measures.
    const pending = new Set(ids.filter((id) => !this.seen.has(id)));
    const onSeen = (id: string) => pending.delete(id);
    this.#onSeen.add(onSeen);
    try {
      let reported = 0;
      for (;;) {
        const done = ids.length - pending.size;
        if (pending.size === 0) return;
        if (done - reported >= 1000) {
          progress(`  ${done} of ${ids.length} recorded`);
          reported = done;
        }
        if (performance.now() - started > timeoutMs) {
          throw new Error(`only ${done} of ${ids.length} messages were recorded within ${timeoutMs / 1000} s`);
        }
        if (worker?.exitCode !== null) throw new Error('the worker exited');
        await new Promise<void>((resolve) => {
          const wake = () => {
            this.#waiters.delete(wake);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(wake, 1000);
          this.#waiters.add(wake);
        });
      }
    } finally {
      this.#onSeen.delete(onSeen);
    }
  }
}

// A thousand contacts: in a backlog, each sends about ten messages, under the loop protection of 20 a minute.
const customers = corpusCustomers(100, 10);
progress(`composing ${backlogCount} + ${rate * seconds} messages...`);
const backlog = await mailCorpus(customers, backlogCount, { label: 'backlog', seed: 1 });
const steady = await mailCorpus(customers, rate * seconds, { label: 'steady', seed: 2 });
const history = await mailCorpus(customers, HISTORY, { label: 'history', seed: 3 });

// The limit: the same messages parsed in one process, one after the other, as intake parses them.
progress('parsing alone...');
const parseStarted = performance.now();
for (const message of backlog) await parseMail(message.raw);
const parseSeconds = (performance.now() - parseStarted) / 1000;
const parsePerSecond = backlog.length / parseSeconds;

const dovecot = await startDovecot({ users: { desk: 'desk-password' } });
// The acknowledgements the mailbox sends go to a real SMTP server, as in production (without one, the worker would
// retry each of them and the outbox would grow).
const smtp = await startTestSmtpServer();
const database = await postgresHandle(4);
let worker: ChildProcess | null = null;
let stopping = false;
const agreementDirectory = mkdtempSync(join(tmpdir(), 'covenant-bench-mail-'));
let figures: Figures;
try {
  progress('preparing the workspace, customers, agreements and mailbox...');
  await prepare(database.handle, dovecot, customers);
  // The worker opens its own pool; the bench keeps one connection to watch the records arrive.
  await database.handle.close();
  worker = startWorker(database.url, smtp.port);
  const watcher = new pg.Client({ connectionString: database.url });
  await watcher.connect();
  try {
    await untilWatching(watcher);
    const watch = await RecordWatch.listen(watcher);
    progress(`history: ${HISTORY} messages taken in, then the database analysed...`);
    await appendAll(dovecot, history);
    await watch.until(
      history.map((message) => message.messageId),
      600_000,
    );
    await watcher.query('VACUUM ANALYZE');
    figures = {
      parsePerSecond,
      ...(await backlogPhase(watch, dovecot, backlog, watcher)),
      ...(await steadyPhase(watch, dovecot, steady)),
      outcomes: await outcomes(watcher),
      acknowledgementsSent: smtp.received.length,
    };
  } finally {
    await watcher.end();
  }
} finally {
  await stopWorker(worker);
  await smtp.close();
  await dovecot.dispose();
  await database.drop();
  rmSync(agreementDirectory, { recursive: true, force: true });
}

interface Figures {
  parsePerSecond: number;
  backlogMessages: number;
  backlogSeconds: number;
  backlogPerSecond: number;
  /** CPU time per message in the backlog phase: the worker process, and PostgreSQL's backends for its connections. */
  backlogWorkerCpuMsPerMessage: number | null;
  backlogDatabaseCpuMsPerMessage: number | null;
  steadyMessages: number;
  steadyAchievedRate: number;
  steadyP50Ms: number;
  steadyP99Ms: number;
  steadyMaxMs: number;
  outcomes: Record<string, number>;
  /** Acknowledgements the worker delivered to the SMTP server by the end. */
  acknowledgementsSent: number;
}

async function prepare(
  handle: Awaited<ReturnType<typeof postgresHandle>>['handle'],
  server: TestDovecot,
  list: readonly CorpusCustomer[],
): Promise<void> {
  await migrate(handle.db);
  const store = composeHeadless(loadConfig({}), handle, 'bench').store;
  const workspace = await store.read.workspaces.create({ slug: 'bench', name: 'Bench' });
  const system = systemPrincipal(workspace.id, 'bench');
  const dependencies = { store, clock: systemClock, random: systemRandom };
  // The ERP example with a default priority, so that a ticket opened by mail is measured at once.
  const text = readFileSync(new URL('../examples/agreements/erp-support.yaml', import.meta.url), 'utf8');
  const file = join(agreementDirectory, 'erp-default-p2.yaml');
  writeFileSync(
    file,
    text.replace('    levels: [P1, P2, P3, P4]\n', '    levels: [P1, P2, P3, P4]\n    default: P2\n'),
  );
  for (const entry of list) {
    const customer = await createCustomer(dependencies, system, {
      slug: entry.slug,
      name: entry.slug,
      emailDomains: [entry.domain],
    });
    for (const [index, email] of entry.contacts.entries()) {
      await addContact(dependencies, system, customer.id, { name: `Person ${index + 1}`, email });
    }
    await seedActiveAgreement(handle, {
      workspaceId: workspace.id,
      customerId: customer.id,
      example: 'erp-support',
      file: pathToFileURL(file),
      activatedAt: Date.now() - 86_400_000,
      slug: `erp-${entry.slug}`,
    });
  }
  await createMailbox(dependencies, system, {
    name: 'support',
    kind: 'imap',
    host: server.host,
    port: server.port,
    tls: 'none',
    username: 'desk',
    password: 'desk-password',
    service: 'erp',
    acknowledge: process.env.BENCH_ACKNOWLEDGE === '1',
  });
  // The folder exists before the worker opens it.
  await server.createFolder('desk', 'INBOX').catch(() => undefined);
}

function startWorker(url: string, smtpPort: number): ChildProcess {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      fileURLToPath(new URL('../bin/covenant.mjs', import.meta.url)),
      'worker',
    ],
    {
      env: {
        ...process.env,
        DATABASE_URL: url,
        COVENANT_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        COVENANT_MAIL_FROM: 'Support <support@provider.example>',
        COVENANT_LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  child.once('exit', (code, signal) => {
    if (worker === child && !stopping) progress(`the worker exited early (code ${code}, signal ${signal})`);
  });
  return child;
}

async function stopWorker(child: ChildProcess | null): Promise<void> {
  stopping = true;
  if (child === null || child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Until the worker's watcher reports that it waits for mail (its status in the mailbox row). */
async function untilWatching(client: pg.Client): Promise<void> {
  const started = performance.now();
  for (;;) {
    const { rows } = await client.query<{ state: string | null }>('SELECT state FROM mailboxes');
    if (rows[0]?.state === 'idle' || rows[0]?.state === 'polling') return;
    if (performance.now() - started > 120_000)
      throw new Error(`the worker's watcher did not start (${rows[0]?.state})`);
    if (worker?.exitCode !== null) throw new Error('the worker exited');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function appendAll(server: TestDovecot, messages: readonly CorpusMessage[]): Promise<void> {
  await server.appendMessages(
    'desk',
    'INBOX',
    messages.map((message) => message.raw),
  );
}

async function backlogPhase(
  watch: RecordWatch,
  server: TestDovecot,
  messages: readonly CorpusMessage[],
  client: pg.Client,
) {
  progress(`backlog: appending ${messages.length} messages...`);
  const workerCpuBefore = worker?.pid === undefined ? null : cpuMsOf(worker.pid);
  const databaseCpuUsed = await databaseCpu(client);
  const started = performance.now();
  await appendAll(server, messages);
  progress(`  appended in ${((performance.now() - started) / 1000).toFixed(1)} s; waiting for intake...`);
  await watch.until(
    messages.map((message) => message.messageId),
    600_000,
  );
  const last = Math.max(...messages.map((message) => watch.seen.get(message.messageId)!));
  const backlogSeconds = (last - started) / 1000;
  const workerCpuAfter = worker?.pid === undefined ? null : cpuMsOf(worker.pid);
  const databaseCpuMs = await databaseCpuUsed.stop();
  return {
    backlogWorkerCpuMsPerMessage:
      workerCpuBefore === null || workerCpuAfter === null ? null : (workerCpuAfter - workerCpuBefore) / messages.length,
    backlogDatabaseCpuMsPerMessage: databaseCpuMs === null ? null : databaseCpuMs / messages.length,
    backlogMessages: messages.length,
    backlogSeconds,
    backlogPerSecond: messages.length / backlogSeconds,
  };
}

async function steadyPhase(watch: RecordWatch, server: TestDovecot, messages: readonly CorpusMessage[]) {
  progress(`steady: ${messages.length} messages at ${rate}/s...`);
  const arrived = new Map<string, number>();
  // Ten appends a second, each of rate/10 messages, on schedule (open loop: a slow intake does not slow arrivals).
  const perTick = Math.max(1, Math.round(rate / 10));
  const started = performance.now();
  const appends: Promise<void>[] = [];
  for (let index = 0, tick = 0; index < messages.length; index += perTick, tick++) {
    const due = started + tick * 100;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const chunk = messages.slice(index, index + perTick);
    appends.push(
      appendAll(server, chunk).then(() => {
        const at = performance.now();
        for (const message of chunk) arrived.set(message.messageId, at);
      }),
    );
  }
  await Promise.all(appends);
  const appendSeconds = (performance.now() - started) / 1000;
  await watch.until(
    messages.map((message) => message.messageId),
    300_000,
  );
  // A record seen before its append answered counts as no delay.
  if (timeline) {
    // Whether intake kept up: a delay that grows through the phase means it takes in fewer than arrive.
    const byArrival = messages
      .map((message) => ({
        at: arrived.get(message.messageId)! - started,
        delay: watch.seen.get(message.messageId)! - arrived.get(message.messageId)!,
      }))
      .sort((a, b) => a.at - b.at);
    for (let index = 0; index < byArrival.length; index += rate * 5) {
      const { at, delay } = byArrival[index]!;
      progress(`  arrived at ${(at / 1000).toFixed(1)} s: recorded ${Math.max(0, delay).toFixed(0)} ms later`);
    }
  }
  const delays = messages
    .map((message) => Math.max(0, watch.seen.get(message.messageId)! - arrived.get(message.messageId)!))
    .sort((a, b) => a - b);
  return {
    steadyMessages: messages.length,
    steadyAchievedRate: messages.length / appendSeconds,
    steadyP50Ms: percentile(delays, 50),
    steadyP99Ms: percentile(delays, 99),
    steadyMaxMs: delays[delays.length - 1] ?? Number.NaN,
  };
}

async function outcomes(client: pg.Client): Promise<Record<string, number>> {
  const { rows } = await client.query<{ outcome: string; count: string }>(
    'SELECT outcome, count(*) AS count FROM inbound_mail GROUP BY outcome ORDER BY outcome',
  );
  return Object.fromEntries(rows.map((row) => [row.outcome, Number(row.count)]));
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const format = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const cpuText = (ms: number | null) => (ms === null ? 'not measured (not on this machine)' : `${format(ms, 2)} ms`);
if (asJson) {
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} else {
  const result = figures;
  const bar = (ok: boolean) => (ok ? 'meets the bar' : 'BELOW THE BAR');
  process.stdout.write(
    [
      `E-mail intake benchmark: Dovecot (IMAP IDLE) -> covenant worker -> PostgreSQL`,
      '',
      `${'what'.padEnd(44)}${'messages/s'.padStart(12)}`,
      `${'parsing alone (the limit)'.padEnd(44)}${format(result.parsePerSecond).padStart(12)}`,
      `${`backlog of ${format(result.backlogMessages)} taken in end to end`.padEnd(44)}${format(result.backlogPerSecond).padStart(12)}   ${bar(result.backlogPerSecond >= 100)} (>= 100/s); ${format(result.backlogSeconds, 1)} s in all`,
      `${'CPU per message in the backlog'.padEnd(44)}worker ${cpuText(result.backlogWorkerCpuMsPerMessage)}, PostgreSQL backends ${cpuText(result.backlogDatabaseCpuMsPerMessage)}`,
      '',
      `steady arrivals: ${format(result.steadyMessages)} messages at ${format(result.steadyAchievedRate, 1)}/s, arrival -> recorded:`,
      `  p50 ${format(result.steadyP50Ms)} ms   p99 ${format(result.steadyP99Ms)} ms   max ${format(result.steadyMaxMs)} ms   ${bar(result.steadyP99Ms < 5000)} (p99 < 5 s)`,
      '',
      `outcomes: ${Object.entries(result.outcomes)
        .map(([outcome, count]) => `${outcome} ${format(count)}`)
        .join(', ')}; acknowledgements delivered by SMTP: ${format(result.acknowledgementsSent)}`,
      '',
    ].join('\n'),
  );
}
