/**
 * Tickets, their append-only events and the clock projection in PostgreSQL. Batches are written with one statement
 * per step (multi-row inserts, UPDATE ... FROM VALUES), so recording thousands of events is a handful of round trips.
 * Duplicate events (same ticket and idempotency key) are skipped by the unique index, never written twice.
 */
import {
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  gte,
  ilike,
  inArray,
  isNotNull,
  isNull,
  lt,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { DataScope } from '../../app/access/principal.ts';
import type {
  EventToRecord,
  ExclusionWindowSource,
  ProjectionWrite,
  StoredClock,
  StoredTicketEvent,
  TicketLifecycle,
  TicketRecord,
  TicketRepository,
  TicketsForProjection,
} from '../../app/ports/ticket-repository.ts';
import type {
  CycleResult,
  EventChannel,
  TicketEventType,
  TicketMetric,
  UnmeasuredReason,
} from '../../core/clocks/index.ts';
import type { Database, PreparedStatements } from '../database.ts';
import { clocks, maintenanceWindows, ticketEvents, tickets } from '../schema.ts';
import { queryRows } from '../sql-rows.ts';
import {
  type CycleChanges,
  type CycleRow,
  cycleChanges,
  storedCycleRows,
  storedCycleTuplesSql,
} from './clock-cycle-rows.ts';
import { inDataScope } from './data-scope-predicates.ts';
import type { ProjectionMemory, RememberedTicket } from './projection-memory.ts';
import { dateOf, jsonOf, likePattern, millis, uuidArray } from './row-mapping.ts';

type Db = Pick<Database, 'select' | 'insert' | 'update' | 'delete' | 'execute'>;

function ticketRecord(row: typeof tickets.$inferSelect): TicketRecord {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    customerId: row.customerId,
    agreementId: row.agreementId,
    agreementVersionId: row.agreementVersionId,
    externalRef: row.externalRef,
    number: row.number,
    requesterEmail: row.requesterEmail,
    requesterName: row.requesterName,
    title: row.title,
    description: row.description,
    service: row.service,
    category: row.category,
    channel: row.channel,
    priority: row.priority,
    status: row.status,
    lifecycle: row.lifecycle as TicketLifecycle,
    assignee: row.assignee,
    openedAt: millis(row.openedAt),
    resolvedAt: millis(row.resolvedAt),
    reopenCount: row.reopenCount,
    eventCount: row.eventCount,
    unmeasuredReason: row.unmeasuredReason as UnmeasuredReason | null,
    closedAt: millis(row.closedAt),
    createdAt: millis(row.createdAt),
    updatedAt: millis(row.updatedAt),
  };
}

/** An event as the locking query returns it: [sequence, key, type, occurredAt ms, payload, recordedAt ms, user, token]. */
type EventTuple = [
  number | string,
  string,
  string,
  number | string,
  EventPayload,
  number | string,
  string | null,
  string | null,
];

function eventFromTuple(ticketId: string, tuple: EventTuple): StoredTicketEvent {
  const [sequence, key, type, occurredAt, payload, recordedAt, actorUserId, actorTokenId] = tuple;
  return storedEvent({
    ticketId,
    key,
    type,
    occurredAt: Number(occurredAt),
    payload,
    sequence: Number(sequence),
    recordedAt: Number(recordedAt),
    actorUserId,
    actorTokenId,
  });
}

/** A stored event from its columns, whichever way they were read (row, JSON tuple, or returned by the write). */
function storedEvent(columns: {
  ticketId: string;
  key: string;
  type: string;
  occurredAt: number;
  payload: EventPayload;
  sequence: number;
  recordedAt: number;
  actorUserId: string | null;
  actorTokenId: string | null;
}): StoredTicketEvent {
  const { payload } = columns;
  return {
    id: columns.key,
    type: columns.type as TicketEventType,
    occurredAt: columns.occurredAt,
    status: payload.status,
    priority: payload.priority,
    impact: payload.impact,
    urgency: payload.urgency,
    assignee: payload.assignee,
    service: payload.service,
    channel: payload.channel,
    ticketId: columns.ticketId,
    sequence: columns.sequence,
    recordedAt: columns.recordedAt,
    actorUserId: columns.actorUserId,
    actorTokenId: columns.actorTokenId,
  };
}

/** A ticket row read with raw SQL (snake_case columns). */
function ticketFromRaw(row: Record<string, unknown>): TicketRecord {
  const instant = (value: unknown) =>
    value === null || value === undefined ? null : new Date(value as string | Date).getTime();
  return {
    id: row.id as string,
    workspaceId: row.workspace_id as string,
    customerId: row.customer_id as string,
    agreementId: (row.agreement_id as string | null) ?? null,
    agreementVersionId: (row.agreement_version_id as string | null) ?? null,
    externalRef: (row.external_ref as string | null) ?? null,
    number: Number(row.number),
    requesterEmail: (row.requester_email as string | null) ?? null,
    requesterName: (row.requester_name as string | null) ?? null,
    title: row.title as string,
    description: (row.description as string | null) ?? null,
    service: (row.service as string | null) ?? null,
    category: (row.category as string | null) ?? null,
    channel: (row.channel as string | null) ?? null,
    priority: (row.priority as string | null) ?? null,
    status: (row.status as string | null) ?? null,
    lifecycle: row.lifecycle as TicketLifecycle,
    assignee: (row.assignee as string | null) ?? null,
    openedAt: instant(row.opened_at)!,
    resolvedAt: instant(row.resolved_at),
    reopenCount: Number(row.reopen_count),
    eventCount: Number(row.event_count),
    unmeasuredReason: (row.unmeasured_reason as UnmeasuredReason | null) ?? null,
    closedAt: instant(row.closed_at),
    createdAt: instant(row.created_at)!,
    updatedAt: instant(row.updated_at)!,
  };
}

const ticketColumns = { workspace: tickets.workspaceId, customer: tickets.customerId };
const inScope = (scope: DataScope): SQL => inDataScope(scope, ticketColumns);

interface EventPayload {
  status?: string;
  priority?: string;
  impact?: string;
  urgency?: string;
  assignee?: string;
  service?: string;
  channel?: EventChannel;
}

function eventOf(row: typeof ticketEvents.$inferSelect): StoredTicketEvent {
  return storedEvent({
    ticketId: row.ticketId,
    key: row.eventKey,
    type: row.type,
    occurredAt: millis(row.occurredAt),
    payload: row.payload as EventPayload,
    sequence: row.sequence,
    recordedAt: millis(row.recordedAt),
    actorUserId: row.actorUserId,
    actorTokenId: row.actorTokenId,
  });
}

function clockOf(row: typeof clocks.$inferSelect): StoredClock {
  return {
    ticketId: row.ticketId,
    customerId: row.customerId,
    targetId: row.targetId,
    metric: row.metric as TicketMetric,
    state: row.state as CycleResult['state'],
    dueAt: millis(row.dueAt),
    breachAt: millis(row.breachAt),
    usedMs: row.usedMs,
    durationMs: row.durationMs,
    percentUsed: row.percentUsed,
    cycles: row.cycles as CycleResult[],
    nextCheckAt: millis(row.nextCheckAt),
    evaluatedAt: millis(row.evaluatedAt),
    crossingCount: row.crossingCount,
  };
}

const INSERT_CHUNK = 1000;

/**
 * `memory` is shared by the store's repositories; `inTransaction` says these run inside one, whose reads may see its
 * own uncommitted writes and whose writes may still roll back: they make the memory forget, never remember.
 */
export function ticketRepository(
  db: Db,
  statements: PreparedStatements,
  memory: ProjectionMemory,
  inTransaction: boolean,
): TicketRepository {
  return {
    async create(ticket) {
      // A concurrent request with the same idempotency key (or external reference) loses the race quietly.
      const { recordedAt, ...fields } = ticket;
      const [row] = await db
        .insert(tickets)
        .values({
          ...fields,
          openedAt: dateOf(ticket.openedAt),
          createdAt: dateOf(recordedAt),
          updatedAt: dateOf(recordedAt),
          lifecycle: 'open',
        })
        .onConflictDoNothing()
        .returning({
          ...getTableColumns(tickets),
          rowVersion: sql<string>`${tickets}.xmin::text`,
          configurationRevision: sql<string>`(SELECT configuration_revision FROM workspaces WHERE id = ${ticket.workspaceId})`,
        });
      if (!row) return null;
      const { rowVersion, configurationRevision, ...columns } = row;
      const created = ticketRecord(columns);
      return {
        ticket: created,
        forProjection: {
          tickets: [created],
          events: new Map([[created.id, []]]),
          configurationRevision: Number(configurationRevision),
          base: { rowVersions: new Map([[created.id, rowVersion]]), storedCycles: new Map([[created.id, []]]) },
        },
      };
    },
    async get(scope, id) {
      const [row] = await db
        .select()
        .from(tickets)
        .where(and(inScope(scope), eq(tickets.id, id)));
      return row ? ticketRecord(row) : null;
    },
    async findByIdempotencyKey(scope, key) {
      // The key is unique in the workspace: a ticket outside the scope holding it is reported, never returned.
      const [row] = await db
        .select({ ticket: tickets, visible: inDataScope(scope, ticketColumns) })
        .from(tickets)
        .where(and(eq(tickets.workspaceId, scope.workspaceId), eq(tickets.idempotencyKey, key)));
      if (!row) return null;
      return row.visible ? ticketRecord(row.ticket) : 'outside-scope';
    },
    async findByExternalRef(scope, externalRef) {
      const [row] = await db
        .select()
        .from(tickets)
        .where(and(inScope(scope), eq(tickets.externalRef, externalRef)));
      return row ? ticketRecord(row) : null;
    },
    lockForProjection: (workspaceId, ids) => readTickets(statements, workspaceId, ids, { lock: true }),
    readForProjection: (workspaceId, ids, options) =>
      readTickets(statements, workspaceId, ids, {
        lock: false,
        memory: inTransaction ? null : memory,
        recall: options?.fromMemory === true,
      }),
    async writeProjectionIfUnchanged(workspaceId, write, expected) {
      const guard = [...write.base.rowVersions].map(([id, rowVersion]) => ({ id, row_version: rowVersion }));
      const ids = guard.map((entry) => entry.id);
      const changes = cycleChanges(write);
      let row: WrittenRow | undefined;
      try {
        [row] = await statements.run<WrittenRow>(
          'covenant_write_projection_guarded',
          projectionStatement(workspaceId, write, changes, {
            ids,
            tickets: JSON.stringify(guard),
            count: guard.length,
            configurationRevision: expected.configurationRevision,
          }),
        );
      } catch (error) {
        memory.forget(workspaceId, ids);
        // Two guarded writes that lock the same tickets in opposite orders: PostgreSQL aborts one. It wrote nothing.
        if ((error as { code?: string }).code === '40P01') return false;
        throw error;
      }
      if (row?.ok !== true) {
        memory.refused(workspaceId, ids);
        return false;
      }
      if (inTransaction) memory.forget(workspaceId, ids);
      else rememberWritten(memory, workspaceId, expected.configurationRevision, write, changes, row);
      return true;
    },
    async writeProjection(workspaceId, write, options) {
      if (write.tickets.length === 0 && write.events.length === 0) return [];
      // Under the tickets' locks, in a transaction that may still roll back: what it writes is not remembered.
      memory.forget(
        workspaceId,
        write.tickets.map((ticket) => ticket.id),
      );
      const returnTickets = options?.returnTickets === true;
      const [row] = await statements.run<WrittenRow>(
        returnTickets ? 'covenant_write_projection_returning' : 'covenant_write_projection',
        projectionStatement(workspaceId, write, cycleChanges(write), null, returnTickets),
      );
      return returnTickets ? (jsonOf<Record<string, unknown>[]>(row?.written_tickets) ?? []).map(ticketFromRaw) : [];
    },
    async list(scope, page, filter) {
      const conditions: SQL[] = [inScope(scope)];
      if (filter.customerId) conditions.push(eq(tickets.customerId, filter.customerId));
      if (filter.agreementId) conditions.push(eq(tickets.agreementId, filter.agreementId));
      if (filter.lifecycle) conditions.push(eq(tickets.lifecycle, filter.lifecycle));
      if (filter.measurement === 'measured') conditions.push(isNull(tickets.unmeasuredReason));
      if (filter.measurement === 'none') conditions.push(isNotNull(tickets.unmeasuredReason));
      if (filter.unmeasuredReason) conditions.push(eq(tickets.unmeasuredReason, filter.unmeasuredReason));
      if (filter.priority) conditions.push(eq(tickets.priority, filter.priority));
      if (filter.service) conditions.push(eq(tickets.service, filter.service));
      if (filter.openedFrom !== undefined) conditions.push(gte(tickets.openedAt, dateOf(filter.openedFrom)));
      if (filter.openedTo !== undefined) conditions.push(lt(tickets.openedAt, dateOf(filter.openedTo)));
      if (filter.search) {
        const pattern = likePattern(filter.search);
        conditions.push(or(ilike(tickets.title, pattern), ilike(tickets.externalRef, pattern))!);
      }
      const where = and(...conditions);
      const order =
        filter.sort === 'opened'
          ? asc(tickets.openedAt)
          : filter.sort === 'updated'
            ? asc(tickets.updatedAt)
            : filter.sort === '-updated'
              ? desc(tickets.updatedAt)
              : desc(tickets.openedAt);
      const rows = await db
        .select()
        .from(tickets)
        .where(where)
        .orderBy(order, asc(tickets.id))
        .limit(page.limit)
        .offset(page.offset);
      const [total] = await db.select({ value: count() }).from(tickets).where(where);
      return { items: rows.map(ticketRecord), total: Number(total?.value ?? 0), ...page };
    },
    async unmeasuredCounts(scope, filter) {
      const customer = filter.customerId === undefined ? undefined : eq(tickets.customerId, filter.customerId);
      const rows = await db
        .select({ reason: tickets.unmeasuredReason, count: count() })
        .from(tickets)
        .where(and(inScope(scope), isNotNull(tickets.unmeasuredReason), customer))
        .groupBy(tickets.unmeasuredReason);
      return new Map(rows.map((row) => [row.reason as UnmeasuredReason, Number(row.count)]));
    },
    async appendEvents(workspaceId, events) {
      const inserted = new Set<string>();
      for (let start = 0; start < events.length; start += INSERT_CHUNK) {
        const chunk = events.slice(start, start + INSERT_CHUNK);
        const rows = await db
          .insert(ticketEvents)
          .values(
            chunk.map(({ ticketId, customerId, event, actorUserId, actorTokenId }) => ({
              workspaceId,
              customerId,
              ticketId,
              eventKey: event.id,
              type: event.type,
              occurredAt: dateOf(event.occurredAt),
              payload: payloadOf(event),
              actorUserId,
              actorTokenId,
            })),
          )
          .onConflictDoNothing()
          .returning({ ticketId: ticketEvents.ticketId, eventKey: ticketEvents.eventKey });
        for (const row of rows) inserted.add(`${row.ticketId}\u0000${row.eventKey}`);
      }
      return inserted;
    },
    async eventsOf(scope, ticketId) {
      const rows = await db
        .select()
        .from(ticketEvents)
        .where(
          and(
            inDataScope(scope, { workspace: ticketEvents.workspaceId, customer: ticketEvents.customerId }),
            eq(ticketEvents.ticketId, ticketId),
          ),
        )
        .orderBy(asc(ticketEvents.sequence));
      return rows.map(eventOf);
    },
    async eventsOfMany(workspaceId, ticketIds) {
      const result = new Map<string, StoredTicketEvent[]>(ticketIds.map((id) => [id, []]));
      if (ticketIds.length === 0) return result;
      const rows = await db
        .select()
        .from(ticketEvents)
        .where(and(eq(ticketEvents.workspaceId, workspaceId), inArray(ticketEvents.ticketId, [...ticketIds])))
        .orderBy(asc(ticketEvents.ticketId), asc(ticketEvents.sequence));
      for (const row of rows) result.get(row.ticketId)?.push(eventOf(row));
      return result;
    },
    async clocksOf(workspaceId, ticketId) {
      const rows = await db
        .select()
        .from(clocks)
        .where(and(eq(clocks.workspaceId, workspaceId), eq(clocks.ticketId, ticketId)))
        .orderBy(asc(clocks.targetId));
      return rows.map(clockOf);
    },
    async agreementCandidates(workspaceId, customerId) {
      return queryRows<{ agreementId: string; slug: string }>(
        db,
        sql`SELECT a.id AS "agreementId", a.slug FROM agreements a
            WHERE a.workspace_id = ${workspaceId} AND a.customer_id = ${customerId}
            ORDER BY a.slug`,
      );
    },
    async attachToAgreement(workspaceId, input) {
      const rows = await db
        .update(tickets)
        .set({ agreementId: input.agreementId, updatedAt: sql`now()` })
        .where(
          and(
            eq(tickets.workspaceId, workspaceId),
            eq(tickets.customerId, input.customerId),
            isNull(tickets.agreementId),
            gte(tickets.openedAt, dateOf(input.openedSince)),
          ),
        )
        .returning({ id: tickets.id });
      memory.forget(
        workspaceId,
        rows.map((row) => row.id),
      );
      return rows.length;
    },
    async idsForRebuild(workspaceId, filter) {
      const conditions: SQL[] = [eq(tickets.workspaceId, workspaceId)];
      if (filter.agreementIds) {
        if (filter.agreementIds.length === 0) return [];
        conditions.push(inArray(tickets.agreementId, [...filter.agreementIds]));
      }
      const open = inArray(tickets.lifecycle, ['open', 'resolved']);
      if (filter.tickets === 'open') conditions.push(open);
      else if (filter.tickets !== 'all') {
        const since = dateOf(filter.tickets.openSince);
        conditions.push(or(open, gte(tickets.openedAt, since), gte(tickets.closedAt, since))!);
      }
      const rows = await db
        .select({ id: tickets.id })
        .from(tickets)
        .where(and(...conditions))
        .orderBy(asc(tickets.id));
      return rows.map((row) => row.id);
    },
  };
}

function payloadOf(event: StoredTicketEvent | import('../../core/clocks/index.ts').TicketEvent): EventPayload {
  const payload: EventPayload = {};
  if (event.status !== undefined) payload.status = event.status;
  if (event.priority !== undefined) payload.priority = event.priority;
  if (event.impact !== undefined) payload.impact = event.impact;
  if (event.urgency !== undefined) payload.urgency = event.urgency;
  if (event.assignee !== undefined) payload.assignee = event.assignee;
  if (event.service !== undefined) payload.service = event.service;
  if (event.channel !== undefined) payload.channel = event.channel;
  return payload;
}

interface ProjectionGuard {
  readonly ids: readonly string[];
  /** JSON of [{ id, event_count }]: the tickets as they were read. */
  readonly tickets: string;
  readonly count: number;
  readonly configurationRevision: number;
}

/**
 * The statement that writes a projection: new events, the tickets' clock rows (stale targets deleted, current ones
 * upserted) and their summaries. With a guard, it writes only when every ticket still has the event count it was read
 * with and the workspace its configuration revision (the guard locks those tickets for the statement, and a ticket
 * changed meanwhile drops out of it); without one, the caller holds the tickets' locks.
 */
function projectionStatement(
  workspaceId: string,
  write: ProjectionWrite,
  changes: CycleChanges,
  guard: ProjectionGuard | null,
  returnTickets = false,
): SQL {
  const events = write.events.map(({ ticketId, customerId, event, actorUserId, actorTokenId }, ordinal) => ({
    ordinal,
    ticket_id: ticketId,
    customer_id: customerId,
    event_key: event.id,
    type: event.type,
    occurred_at: new Date(event.occurredAt).toISOString(),
    payload: payloadOf(event),
    actor_user_id: actorUserId,
    actor_token_id: actorTokenId,
  }));
  const clockRows = write.clocks.map((clock) => ({
    ticket_id: clock.ticketId,
    customer_id: clock.customerId,
    target_id: clock.targetId,
    metric: clock.metric,
    state: clock.state,
    due_at: clock.dueAt === null ? null : new Date(clock.dueAt).toISOString(),
    breach_at: clock.breachAt === null ? null : new Date(clock.breachAt).toISOString(),
    used_ms: Math.round(clock.usedMs),
    duration_ms: Math.round(clock.durationMs),
    percent_used: clock.percentUsed,
    cycles: clock.cycles,
    next_check_at: clock.nextCheckAt === null ? null : new Date(clock.nextCheckAt).toISOString(),
    evaluated_at: new Date(clock.evaluatedAt).toISOString(),
    crossing_count: clock.crossingCount,
  }));
  const summaries = [...write.summaries].map(([ticketId, summary]) => ({
    id: ticketId,
    priority: summary.priority,
    status: summary.status,
    lifecycle: summary.lifecycle,
    assignee: summary.assignee,
    resolved_at: summary.resolvedAt === null ? null : new Date(summary.resolvedAt).toISOString(),
    reopen_count: summary.reopenCount,
    event_count: summary.eventCount,
    agreement_version_id: summary.agreementVersionId,
    unmeasured_reason: summary.unmeasuredReason,
    closed_at: summary.closedAt === null ? null : new Date(summary.closedAt).toISOString(),
  }));
  // The projected tickets' clocks are found by `ticket_id = ANY (...)`, an index condition whatever the planner
  // believes: joined with the rows given as JSON (estimated at 100 whatever their number) and with statistics behind
  // a growing table, the update and the insert's existence check were planned as scans of every clock of the database
  // (O(clocks) per ticket; seen as 22,000 rows read per projection at 25,000 clocks, decision 0043).
  const projectedIds = uuidArray(write.tickets.map((ticket) => ticket.id));
  // One round trip. The sub-statements touch different rows: stale clocks are those whose target is no longer
  // computed for their ticket, so the upsert and the delete never meet.
  const guardClause =
    guard === null
      ? sql``
      : sql`guard AS (
          SELECT t.id FROM tickets t
          JOIN jsonb_to_recordset(${guard.tickets}::jsonb) AS g(id uuid, row_version text)
            ON g.id = t.id AND t.xmin::text = g.row_version
          WHERE t.id = ANY (${uuidArray(guard.ids)}) AND (t.workspace_id = ${workspaceId}) IS TRUE
            AND (SELECT configuration_revision FROM workspaces WHERE id = ${workspaceId}) = ${guard.configurationRevision}
          FOR UPDATE OF t
        ),
        allowed AS (SELECT count(*) = ${guard.count} AS ok FROM guard),
        `;
  const allowed = guard === null ? sql`true` : sql`(SELECT ok FROM allowed)`;
  // What a guarded write left, for the store's memory (decision 0021); a locked write's is not remembered, but its
  // tickets are returned when the caller asks for them.
  const written =
    guard !== null
      ? {
          events: sql`ticket_id, event_key, sequence, (extract(epoch from recorded_at) * 1000)::bigint AS recorded_at`,
          tickets: sql`tickets.*, tickets.xmin::text AS row_version`,
          result: sql`(SELECT coalesce(json_agg(s), '[]'::json) FROM summaries s) AS written_tickets,
               (SELECT coalesce(json_agg(n ORDER BY n.sequence), '[]'::json) FROM new_events n) AS written_events`,
        }
      : returnTickets
        ? {
            events: sql`1`,
            tickets: sql`tickets.*`,
            result: sql`(SELECT coalesce(json_agg(s), '[]'::json) FROM summaries s) AS written_tickets,
                 NULL AS written_events`,
          }
        : { events: sql`1`, tickets: sql`1`, result: sql`NULL AS written_tickets, NULL AS written_events` };
  return sql`
        WITH ${guardClause}new_events AS (
          INSERT INTO ticket_events (workspace_id, customer_id, ticket_id, event_key, type, occurred_at, payload,
                                     actor_user_id, actor_token_id)
          SELECT ${workspaceId}::uuid, e.customer_id, e.ticket_id, e.event_key, e.type, e.occurred_at, e.payload,
                 e.actor_user_id, e.actor_token_id
          FROM jsonb_to_recordset(${JSON.stringify(events)}::jsonb) AS e(ordinal int, ticket_id uuid, customer_id uuid,
               event_key text, type text, occurred_at timestamptz, payload jsonb, actor_user_id uuid, actor_token_id uuid)
          WHERE ${allowed}
          ORDER BY e.ordinal
          ON CONFLICT DO NOTHING
          RETURNING ${written.events}
        ),
        current_clocks AS (
          SELECT * FROM jsonb_to_recordset(${JSON.stringify(clockRows)}::jsonb) AS c(ticket_id uuid, customer_id uuid,
                 target_id text, metric text, state text, due_at timestamptz, breach_at timestamptz, used_ms bigint,
                 duration_ms bigint, percent_used double precision, cycles jsonb, next_check_at timestamptz,
                 evaluated_at timestamptz, crossing_count int)
        ),
        stale_clocks AS (
          DELETE FROM clocks
          WHERE ticket_id = ANY (${projectedIds}) AND (workspace_id = ${workspaceId}) IS TRUE
            AND (ticket_id, target_id) NOT IN (SELECT ticket_id, target_id FROM current_clocks) AND ${allowed}
          RETURNING 1
        ),
        -- Existing clocks are updated in place and only missing ones inserted: an upsert would lock each row first
        -- (one more WAL record per clock) before its update (decision 0022).
        updated_clocks AS (
          UPDATE clocks SET metric = c.metric, state = c.state, due_at = c.due_at, breach_at = c.breach_at,
                 used_ms = c.used_ms, duration_ms = c.duration_ms, percent_used = c.percent_used, cycles = c.cycles,
                 next_check_at = c.next_check_at, evaluated_at = c.evaluated_at, crossing_count = c.crossing_count,
                 updated_at = now()
          FROM current_clocks c
          WHERE clocks.ticket_id = ANY (${projectedIds}) AND clocks.ticket_id = c.ticket_id
            AND clocks.target_id = c.target_id AND (clocks.workspace_id = ${workspaceId}) IS TRUE AND ${allowed}
          RETURNING 1
        ),
        inserted_clocks AS (
          INSERT INTO clocks (workspace_id, customer_id, ticket_id, target_id, metric, state, due_at, breach_at, used_ms,
                              duration_ms, percent_used, cycles, next_check_at, evaluated_at, crossing_count, updated_at)
          SELECT ${workspaceId}::uuid, c.customer_id, c.ticket_id, c.target_id, c.metric, c.state, c.due_at, c.breach_at,
                 c.used_ms, c.duration_ms, c.percent_used, c.cycles, c.next_check_at, c.evaluated_at, c.crossing_count,
                 now()
          FROM current_clocks c
          WHERE ${allowed}
            AND NOT EXISTS (SELECT 1 FROM clocks x WHERE x.ticket_id = ANY (${projectedIds})
                              AND x.ticket_id = c.ticket_id AND x.target_id = c.target_id)
          RETURNING 1
        ),
        summary_rows AS (
          SELECT * FROM jsonb_to_recordset(${JSON.stringify(summaries)}::jsonb) AS s(id uuid, priority text,
                 status text, lifecycle text, assignee text, resolved_at timestamptz, reopen_count int, event_count int,
                 agreement_version_id uuid, unmeasured_reason text, closed_at timestamptz)
        ),
        summaries AS (
          UPDATE tickets SET priority = s.priority, status = s.status, lifecycle = s.lifecycle, assignee = s.assignee,
                 resolved_at = s.resolved_at, reopen_count = s.reopen_count, event_count = s.event_count,
                 agreement_version_id = s.agreement_version_id, unmeasured_reason = s.unmeasured_reason,
                 closed_at = s.closed_at, updated_at = now()
          FROM summary_rows s
          WHERE tickets.id = ANY (${uuidArray([...write.summaries.keys()])}) AND tickets.id = s.id
            AND (tickets.workspace_id = ${workspaceId}) IS TRUE AND ${allowed}
          RETURNING ${written.tickets}
        ),
        ${cycleStatements(workspaceId, changes, allowed)}
        SELECT ${allowed} AS ok, (SELECT count(*) FROM new_events) AS events, (SELECT count(*) FROM updated_clocks) + (SELECT count(*) FROM inserted_clocks) AS clocks,
               (SELECT count(*) FROM stale_clocks) AS stale, (SELECT count(*) FROM summaries) AS tickets,
               (SELECT count(*) FROM upserted_cycles) + (SELECT count(*) FROM deleted_cycles) AS cycles,
               (SELECT count(*) FROM cycle_markers) AS markers,
               ${written.result}`;
}

/**
 * The per-cycle rows that changed (clock-cycle-rows.ts): upserted or deleted by key, and the days of corrections of
 * the past marked in clock_cycle_changes (candidates older than 48 hours by the database's clock). The sub-statements
 * touch different rows (upsert: new or changed; delete: gone), so they never meet.
 */
function cycleStatements(workspaceId: string, changes: CycleChanges, allowed: SQL): SQL {
  return sql`upserted_cycles AS (
          INSERT INTO clock_cycles (workspace_id, customer_id, agreement_id, version_id, ticket_id, target_id, ordinal,
                                    metric, state, priority, service, external_ref, stop_ms, due_ms, breach_ms, used_ms,
                                    counted_ms)
          SELECT ${workspaceId}::uuid, d.customer_id, d.agreement_id, d.version_id, d.ticket_id, d.target_id, d.ordinal,
                 d.metric, d.state, d.priority, d.service, d.external_ref, d.stop_ms, d.due_ms, d.breach_ms, d.used_ms,
                 d.counted_ms
          FROM jsonb_to_recordset(${JSON.stringify(changes.upserts)}::jsonb) AS d(ticket_id uuid, target_id text,
               ordinal int, customer_id uuid, agreement_id uuid, version_id uuid, metric text, state text, priority text,
               service text, external_ref text, stop_ms float8, due_ms float8, breach_ms float8, used_ms float8,
               counted_ms float8)
          WHERE ${allowed}
          ON CONFLICT (ticket_id, target_id, ordinal) DO UPDATE SET
            customer_id = excluded.customer_id, agreement_id = excluded.agreement_id, version_id = excluded.version_id,
            metric = excluded.metric, state = excluded.state, priority = excluded.priority, service = excluded.service,
            external_ref = excluded.external_ref, stop_ms = excluded.stop_ms, due_ms = excluded.due_ms,
            breach_ms = excluded.breach_ms, used_ms = excluded.used_ms, counted_ms = excluded.counted_ms
          RETURNING 1
        ),
        deleted_cycles AS (
          DELETE FROM clock_cycles cc
          USING jsonb_to_recordset(${JSON.stringify(changes.deletes)}::jsonb) AS g(ticket_id uuid, target_id text,
                ordinal int)
          WHERE cc.ticket_id = g.ticket_id AND cc.target_id = g.target_id AND cc.ordinal = g.ordinal
            AND (cc.workspace_id = ${workspaceId}) IS TRUE AND ${allowed}
          RETURNING 1
        ),
        cycle_markers AS (
          INSERT INTO clock_cycle_changes (workspace_id, customer_id, agreement_id, day_ms, txid)
          SELECT ${workspaceId}::uuid, m.customer_id, m.agreement_id, m.day_ms, pg_current_xact_id()
          FROM jsonb_to_recordset(${JSON.stringify(changes.markers)}::jsonb) AS m(customer_id uuid, agreement_id uuid,
               day_ms float8, instant float8)
          WHERE m.instant < extract(epoch FROM clock_timestamp() - interval '48 hours') * 1000 AND ${allowed}
          RETURNING 1
        )`;
}

/**
 * Tickets with their events, the workspace's configuration revision and the projection base (each ticket row's
 * version and its stored per-cycle rows). Unlocked, one statement: everything comes from one snapshot, which is what
 * an optimistic writer's guard relies on. Locked, two statements: under READ COMMITTED a `FOR UPDATE` returns the
 * newest version of a row it had to wait for, but a subquery of the same statement would still see the snapshot from
 * before the wait and miss events committed meanwhile, so the events and cycles are read after the lock is held.
 */
async function readTickets(
  statements: PreparedStatements,
  workspaceId: string,
  ids: readonly string[],
  options: { lock: true } | { lock: false; memory: ProjectionMemory | null; recall: boolean },
): Promise<TicketsForProjection> {
  const { lock } = options;
  // Locked reads and reads in a transaction are neither answered from memory nor remembered.
  const memory = lock ? null : options.memory;
  const uniqueIds = [...new Set(ids)];
  if (!lock && options.recall && memory !== null) {
    const recalled = memory.recall(workspaceId, uniqueIds);
    if (recalled !== null) return fromMemory(recalled);
  }
  if (ids.length === 0) {
    return {
      tickets: [],
      events: new Map(),
      configurationRevision: 0,
      base: { rowVersions: new Map(), storedCycles: new Map() },
    };
  }
  const idList = uuidArray(uniqueIds);
  const projectionOf = sql.raw(`(SELECT coalesce(json_agg(json_build_array(e.sequence, e.event_key, e.type,
                                         (extract(epoch from e.occurred_at) * 1000)::bigint, e.payload,
                                         (extract(epoch from e.recorded_at) * 1000)::bigint, e.actor_user_id,
                                         e.actor_token_id) ORDER BY e.sequence), '[]'::json)
                         FROM ticket_events e WHERE e.ticket_id = t.id) AS events,
                        ${storedCycleTuplesSql('t.id')} AS cycles`);
  const rows = lock
    ? await statements.run<Record<string, unknown>>(
        'covenant_lock_tickets',
        sql`SELECT t.*, t.xmin::text AS row_version, w.configuration_revision
            FROM tickets t JOIN workspaces w ON w.id = t.workspace_id
            WHERE t.id = ANY (${idList}) AND (t.workspace_id = ${workspaceId}) IS TRUE
            ORDER BY t.id FOR UPDATE OF t`,
      )
    : await statements.run<Record<string, unknown>>(
        'covenant_read_tickets',
        sql`SELECT t.*, t.xmin::text AS row_version, w.configuration_revision, ${projectionOf}
            FROM tickets t JOIN workspaces w ON w.id = t.workspace_id
            WHERE t.id = ANY (${idList}) AND (t.workspace_id = ${workspaceId}) IS TRUE`,
      );
  const projectionRows = lock
    ? await statements.run<Record<string, unknown>>(
        'covenant_locked_ticket_events',
        sql`SELECT t.id, ${projectionOf} FROM tickets t WHERE t.id = ANY (${idList})`,
      )
    : rows;
  const events = new Map<string, StoredTicketEvent[]>();
  const storedCycles = new Map<string, CycleRow[]>();
  for (const row of projectionRows) {
    const id = row.id as string;
    const raw = jsonOf<EventTuple[]>(row.events);
    events.set(
      id,
      raw.map((tuple) => eventFromTuple(id, tuple)),
    );
    storedCycles.set(id, storedCycleRows(id, row.cycles));
  }
  const read = {
    tickets: rows.map(ticketFromRaw),
    events,
    configurationRevision: rows.length > 0 ? Number(rows[0]!.configuration_revision) : 0,
    base: { rowVersions: new Map(rows.map((row) => [row.id as string, row.row_version as string])), storedCycles },
  };
  // From one snapshot, so consistent: worth remembering even if it is never written (the guard judges it later).
  if (memory !== null && rows.length > 0) {
    memory.remember(
      workspaceId,
      read.configurationRevision,
      read.tickets.map((ticket) => ({
        ticket,
        rowVersion: read.base.rowVersions.get(ticket.id)!,
        events: events.get(ticket.id) ?? [],
        cycles: storedCycles.get(ticket.id) ?? [],
      })),
    );
  }
  return read;
}

/** A read answered from memory: copies, so the caller may change them. */
function fromMemory({ revision, tickets }: { revision: number; tickets: RememberedTicket[] }): TicketsForProjection {
  return {
    tickets: tickets.map((state) => state.ticket),
    events: new Map(tickets.map((state) => [state.ticket.id, [...state.events]])),
    configurationRevision: revision,
    base: {
      rowVersions: new Map(tickets.map((state) => [state.ticket.id, state.rowVersion])),
      storedCycles: new Map(tickets.map((state) => [state.ticket.id, state.cycles])),
    },
    remembered: true,
  };
}

/** What the guarded projection statement returns. */
interface WrittenRow {
  readonly ok: boolean;
  /** The ticket rows as updated, with their new version. */
  readonly written_tickets: unknown;
  /** The new events: ticket_id, event_key, sequence, recorded_at (ms). */
  readonly written_events: unknown;
}

/**
 * Remembers the tickets a guarded write changed as the database now holds them: the state it was based on (if still
 * remembered as that version) with the new events, the updated ticket row and its new version, and the cycle rows.
 */
function rememberWritten(
  memory: ProjectionMemory,
  workspaceId: string,
  revision: number,
  write: ProjectionWrite,
  changes: CycleChanges,
  row: WrittenRow,
): void {
  const written = jsonOf<Record<string, unknown>[]>(row.written_tickets) ?? [];
  const assigned = new Map(
    (
      jsonOf<{ ticket_id: string; event_key: string; sequence: number; recorded_at: number }[]>(row.written_events) ??
      []
    ).map((event) => [`${event.ticket_id}\u0000${event.event_key}`, event]),
  );
  const added = new Map<string, StoredTicketEvent[]>();
  // A ticket one of whose events the statement skipped as already there changed in a way this process did not see.
  const unseen = new Set<string>();
  for (const record of write.events) {
    const stored = assigned.get(`${record.ticketId}\u0000${record.event.id}`);
    if (stored === undefined) {
      unseen.add(record.ticketId);
      continue;
    }
    const list = added.get(record.ticketId) ?? [];
    added.set(record.ticketId, list);
    list.push(storedEventOf(record, stored.sequence, stored.recorded_at));
  }
  const states: RememberedTicket[] = [];
  for (const raw of written) {
    const id = raw.id as string;
    const before = memory.peek(workspaceId, id);
    if (before === undefined || before.rowVersion !== write.base.rowVersions.get(id) || unseen.has(id)) {
      memory.forget(workspaceId, [id]);
      continue;
    }
    states.push({
      ticket: ticketFromRaw(raw),
      rowVersion: raw.row_version as string,
      events: [...before.events, ...(added.get(id) ?? [])],
      cycles: changes.current.get(id) ?? [],
    });
  }
  memory.remember(workspaceId, revision, states);
}

/** A new event as a read would give it back. */
function storedEventOf(record: EventToRecord, sequence: number, recordedAt: number): StoredTicketEvent {
  return storedEvent({
    ticketId: record.ticketId,
    key: record.event.id,
    type: record.event.type,
    occurredAt: record.event.occurredAt,
    payload: payloadOf(record.event),
    sequence,
    recordedAt,
    actorUserId: record.actorUserId,
    actorTokenId: record.actorTokenId,
  });
}

/** Exclusion windows from the maintenance table: windows that pause clocks, for the customer or workspace-wide. */
export function exclusionWindowSource(db: Db): ExclusionWindowSource {
  return {
    async forCustomer(workspaceId, customerId) {
      const rows = await db
        .select()
        .from(maintenanceWindows)
        .where(
          and(
            eq(maintenanceWindows.workspaceId, workspaceId),
            eq(maintenanceWindows.pausesClocks, true),
            or(eq(maintenanceWindows.customerId, customerId), sql`${maintenanceWindows.customerId} IS NULL`),
          ),
        );
      return rows.map((row) => {
        const services = row.services as string[] | null;
        return {
          from: millis(row.startsAt),
          to: millis(row.endsAt),
          services: services && services.length > 0 ? services : null,
          customerId: row.customerId,
        };
      });
    },
  };
}
