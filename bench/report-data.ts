/**
 * Synthetic tickets for the report benchmark, shaped by the real UCI incident log: each ticket replays the event
 * history of a randomly drawn real incident (priority, waits, replies, resolution, reopen) shifted to its opening
 * instant in the benchmark's window, so the priority mix, the resolution-time distribution and the reopen share are the log's.
 * Without the log, incidents of the same shape come from the demo generator (src/app/demo), and the run says so.
 * Each ticket is evaluated with the core clock engine at `now`, as the projection would store it, and written
 * straight into tickets, clocks and the per-cycle rows reports read (as the projection statement writes them).
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { generateDemoIncidents } from '../src/app/demo/demo-generated-incidents.ts';
import { seededRandom } from '../src/app/demo/demo-random.ts';
import type { ClockPolicy, TicketEvent } from '../src/core/clocks/index.ts';
import { evaluateTicketClocks } from '../src/core/clocks/index.ts';
import { readServiceNowIncidents, withCovenantLabels } from '../src/importers/servicenow/index.ts';
import type { DatabaseHandle } from '../src/store/database.ts';

export const uciLog = fileURLToPath(
  new URL('../../shared/data/uci-incident-event-log/incident_event_log.csv.gz', import.meta.url),
);

export interface IncidentShape {
  readonly source: string;
  /** Event histories relative to their opening (occurredAt 0 = opened). */
  readonly histories: readonly (readonly TicketEvent[])[];
  readonly services: readonly string[];
}

/** The real incidents' histories, or generated ones of the same shape when the log is absent. */
export async function loadIncidentShape(): Promise<IncidentShape> {
  const histories: TicketEvent[][] = [];
  let source: string;
  if (existsSync(uciLog)) {
    source = `the UCI incident event log (${uciLog})`;
    for await (const incident of readServiceNowIncidents(createReadStream(uciLog), {
      timeZone: 'America/Sao_Paulo',
      inferFirstResponse: true,
    })) {
      histories.push(relative(incident.events.map(withCovenantLabels)));
    }
  } else {
    source = `generated incidents of the UCI log's shape (${uciLog} is not present)`;
    process.stderr.write(`note: ${uciLog} is not present; generating incidents of the same shape instead\n`);
    for (const incident of generateDemoIncidents(2026, 25_000)) histories.push(relative([...incident.events]));
  }
  const services = [...new Set(histories.flatMap((events) => events.flatMap((event) => event.service ?? [])))];
  return { source, histories: histories.filter((events) => events.length > 0), services };
}

function relative(events: TicketEvent[]): TicketEvent[] {
  const opened = events.find((event) => event.type === 'opened')?.occurredAt ?? events[0]?.occurredAt ?? 0;
  return events.map((event) => ({ ...event, occurredAt: event.occurredAt - opened }));
}

export interface LoadTarget {
  readonly handle: DatabaseHandle;
  readonly workspaceId: string;
  readonly customerId: string;
  readonly agreementId: string;
  readonly versionId: string;
  readonly policy: ClockPolicy;
}

export interface LoadedTickets {
  readonly tickets: number;
  readonly clocks: number;
  readonly reopened: number;
  readonly byPriority: Record<string, number>;
}

const BATCH = 5_000;

/** Writes `count` tickets opened uniformly in [from, now), evaluated at `now`. */
export async function loadTickets(
  target: LoadTarget,
  shape: IncidentShape,
  options: { count: number; from: number; now: number; onProgress?: (done: number) => void },
): Promise<LoadedTickets> {
  const random = seededRandom(1_000_003);
  const totals: LoadedTickets = { tickets: 0, clocks: 0, reopened: 0, byPriority: {} };
  let clocks = 0;
  let reopened = 0;
  for (let start = 0; start < options.count; start += BATCH) {
    const ticketRows: unknown[][] = [[], [], [], [], [], [], [], [], [], [], [], []];
    const clockRows: unknown[][] = [[], [], [], [], [], [], [], [], [], [], [], []];
    for (let index = start; index < Math.min(options.count, start + BATCH); index++) {
      const history = shape.histories[Math.floor(random() * shape.histories.length)]!;
      // Tickets open in time order (spread evenly with jitter), as a live system writes them: the rows of a month's
      // cycles then lie near each other on disk, as they do in production.
      const slot = (options.now - options.from) / options.count;
      const openedAt = Math.floor(options.from + (index + random()) * slot);
      const events = history
        .map((event) => ({ ...event, id: `${index}:${event.id}`, occurredAt: event.occurredAt + openedAt }))
        .filter((event) => event.occurredAt <= options.now);
      const evaluation = evaluateTicketClocks(target.policy, events, options.now);
      let resolvedAt: number | null = null;
      let reopenCount = 0;
      for (const event of events) {
        if (event.type === 'resolved' || (event.type === 'closed' && resolvedAt === null))
          resolvedAt = event.occurredAt;
        if (event.type === 'reopened') {
          reopenCount++;
          resolvedAt = null;
        }
      }
      const lifecycle = evaluation.lifecycle === 'not_opened' ? 'open' : evaluation.lifecycle;
      if (lifecycle === 'open') resolvedAt = null;
      const id = randomUUID();
      const priority = evaluation.priority ?? 'P3';
      totals.byPriority[priority] = (totals.byPriority[priority] ?? 0) + 1;
      if (reopenCount > 0) reopened++;
      const ticket = [
        id,
        `BENCH${String(index).padStart(8, '0')}`,
        priority,
        evaluation.status,
        lifecycle,
        new Date(openedAt).toISOString(),
        resolvedAt === null ? null : new Date(resolvedAt).toISOString(),
        reopenCount,
        events.length,
        evaluation.service,
        `Incident ${index}`,
        null,
      ];
      ticket.forEach((value, column) => {
        ticketRows[column]!.push(value);
      });
      for (const clock of evaluation.clocks) {
        const latest = clock.cycles.at(-1);
        const row = [
          id,
          clock.targetId,
          clock.metric,
          latest?.state ?? 'cancelled',
          latest?.dueAt == null ? null : new Date(latest.dueAt).toISOString(),
          latest?.breachAt == null ? null : new Date(latest.breachAt).toISOString(),
          Math.round(latest?.usedMs ?? 0),
          Math.round(clock.durationMs),
          latest?.percentUsed ?? 0,
          JSON.stringify(clock.cycles),
          clock.nextCheckAt === null ? null : new Date(clock.nextCheckAt).toISOString(),
          new Date(options.now).toISOString(),
        ];
        row.forEach((value, column) => {
          clockRows[column]!.push(value);
        });
        clocks++;
      }
    }
    await insertBatch(target, ticketRows, clockRows);
    options.onProgress?.(Math.min(options.count, start + BATCH));
  }
  return { ...totals, tickets: options.count, clocks, reopened };
}

/** One multi-row insert per table (arrays unnested server-side): a handful of round trips per 5,000 tickets. */
async function insertBatch(target: LoadTarget, tickets: unknown[][], clocks: unknown[][]): Promise<void> {
  const [id, ref, priority, status, lifecycle, opened, resolved, reopens, eventCount, service, title] = tickets;
  const [ticketId, targetId, metric, state, dueAt, breachAt, used, duration, percent, cycles, nextCheck, evaluated] =
    clocks;
  await target.handle.transaction(async (tx) => {
    await tx.execute(sql`
      INSERT INTO tickets (id, workspace_id, customer_id, agreement_id, agreement_version_id, external_ref, priority,
                           status, lifecycle, opened_at, resolved_at, reopen_count, event_count, service, title)
      SELECT r.id, ${target.workspaceId}::uuid, ${target.customerId}::uuid, ${target.agreementId}::uuid,
             ${target.versionId}::uuid, r.ref, r.priority, r.status, r.lifecycle, r.opened, r.resolved, r.reopens,
             r.event_count, r.service, r.title
      FROM unnest(${pgTextArray(id!)}::uuid[], ${pgTextArray(ref!)}::text[], ${pgTextArray(priority!)}::text[],
                  ${pgTextArray(status!)}::text[], ${pgTextArray(lifecycle!)}::text[],
                  ${pgTextArray(opened!)}::timestamptz[], ${pgTextArray(resolved!)}::timestamptz[],
                  ${pgTextArray(reopens!)}::int[], ${pgTextArray(eventCount!)}::int[], ${pgTextArray(service!)}::text[],
                  ${pgTextArray(title!)}::text[])
        AS r(id, ref, priority, status, lifecycle, opened, resolved, reopens, event_count, service, title)`);
    await tx.execute(sql`
      INSERT INTO clocks (workspace_id, customer_id, ticket_id, target_id, metric, state, due_at, breach_at, used_ms,
                          duration_ms, percent_used, cycles, next_check_at, evaluated_at)
      SELECT ${target.workspaceId}::uuid, ${target.customerId}::uuid, r.ticket_id, r.target_id, r.metric, r.state,
             r.due_at, r.breach_at, r.used_ms, r.duration_ms, r.percent_used, r.cycles::jsonb, r.next_check_at,
             r.evaluated_at
      FROM unnest(${pgTextArray(ticketId!)}::uuid[], ${pgTextArray(targetId!)}::text[],
                  ${pgTextArray(metric!)}::text[], ${pgTextArray(state!)}::text[], ${pgTextArray(dueAt!)}::timestamptz[],
                  ${pgTextArray(breachAt!)}::timestamptz[], ${pgTextArray(used!)}::bigint[],
                  ${pgTextArray(duration!)}::bigint[], ${pgTextArray(percent!)}::float8[], ${pgTextArray(cycles!)}::text[],
                  ${pgTextArray(nextCheck!)}::timestamptz[], ${pgTextArray(evaluated!)}::timestamptz[])
        AS r(ticket_id, target_id, metric, state, due_at, breach_at, used_ms, duration_ms, percent_used, cycles,
             next_check_at, evaluated_at)`);
    // The per-cycle rows of these clocks, exactly as migration 0003 backfills them. By key: during the load there are
    // no statistics yet, and a scan of clocks per batch would make the load quadratic.
    await tx.execute(sql`SET LOCAL enable_seqscan = off`);
    await tx.execute(sql`
      INSERT INTO clock_cycles (workspace_id, customer_id, agreement_id, version_id, ticket_id, target_id, ordinal, metric,
                                state, priority, service, external_ref, stop_ms, due_ms, breach_ms, used_ms, counted_ms)
      SELECT c.workspace_id, c.customer_id, t.agreement_id, t.agreement_version_id, c.ticket_id, c.target_id, e.ordinal,
             c.metric, e.cycle ->> 'state', t.priority, t.service, t.external_ref,
             (e.cycle ->> 'stop')::float8, (e.cycle ->> 'dueAt')::float8, (e.cycle ->> 'breachAt')::float8,
             coalesce((e.cycle ->> 'usedMs')::float8, 0),
             CASE e.cycle ->> 'state' WHEN 'met' THEN (e.cycle ->> 'stop')::float8
               WHEN 'breached' THEN (e.cycle ->> 'breachAt')::float8 WHEN 'running' THEN (e.cycle ->> 'dueAt')::float8 END
      FROM clocks c
      JOIN tickets t ON t.id = c.ticket_id
      CROSS JOIN LATERAL jsonb_array_elements(c.cycles) WITH ORDINALITY AS e(cycle, ordinal)
      WHERE c.ticket_id = ANY (${pgTextArray([...new Set(ticketId!)])}::uuid[])`);
  });
}

/** A PostgreSQL array literal of text values (NULL for null). */
function pgTextArray(values: unknown[]): string {
  return `{${values
    .map((value) =>
      value === null || value === undefined ? 'NULL' : `"${String(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`,
    )
    .join(',')}}`;
}
