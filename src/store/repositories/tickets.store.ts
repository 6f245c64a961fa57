/**
 * Tickets, their append-only events and the clock projection in PostgreSQL. Batches are written with one statement
 * per step (multi-row inserts, UPDATE ... FROM VALUES), so recording thousands of events is a handful of round trips.
 * Duplicate events (same ticket and idempotency key) are skipped by the unique index, never written twice.
 */
import { and, asc, count, desc, eq, gte, ilike, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { DataScope } from '../../app/access/principal.ts';
import type {
  ExclusionWindowSource,
  StoredClock,
  StoredTicketEvent,
  TicketLifecycle,
  TicketRecord,
  TicketRepository,
} from '../../app/ports/ticket-repository.ts';
import type { CycleResult, TicketEventType, TicketMetric } from '../../core/clocks/index.ts';
import type { Database } from '../database.ts';
import { clocks, maintenanceWindows, ticketEvents, tickets } from '../schema.ts';
import { queryRows } from '../sql-rows.ts';
import { dateOf, likePattern, millis } from './row-mapping.ts';

type Db = Pick<Database, 'select' | 'insert' | 'update' | 'delete' | 'execute'>;

function ticketRecord(row: typeof tickets.$inferSelect): TicketRecord {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    customerId: row.customerId,
    agreementId: row.agreementId,
    agreementVersionId: row.agreementVersionId,
    externalRef: row.externalRef,
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
    createdAt: millis(row.createdAt),
    updatedAt: millis(row.updatedAt),
  };
}

function inScope(scope: DataScope): SQL {
  const workspace = eq(tickets.workspaceId, scope.workspaceId);
  return scope.customerId === null ? workspace : and(workspace, eq(tickets.customerId, scope.customerId))!;
}

interface EventPayload {
  status?: string;
  priority?: string;
  impact?: string;
  urgency?: string;
  assignee?: string;
  service?: string;
}

function eventOf(row: typeof ticketEvents.$inferSelect): StoredTicketEvent {
  const payload = row.payload as EventPayload;
  return {
    id: row.eventKey,
    type: row.type as TicketEventType,
    occurredAt: millis(row.occurredAt),
    status: payload.status,
    priority: payload.priority,
    impact: payload.impact,
    urgency: payload.urgency,
    assignee: payload.assignee,
    service: payload.service,
    ticketId: row.ticketId,
    sequence: row.sequence,
    recordedAt: millis(row.recordedAt),
    actorUserId: row.actorUserId,
    actorTokenId: row.actorTokenId,
  };
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
  };
}

const INSERT_CHUNK = 1000;

export function ticketRepository(db: Db): TicketRepository {
  return {
    async create(ticket) {
      // A concurrent request with the same idempotency key (or external reference) loses the race quietly.
      const [row] = await db
        .insert(tickets)
        .values({ ...ticket, openedAt: dateOf(ticket.openedAt), lifecycle: 'open' })
        .onConflictDoNothing()
        .returning();
      return row ? ticketRecord(row) : null;
    },
    async get(scope, id) {
      const [row] = await db
        .select()
        .from(tickets)
        .where(and(inScope(scope), eq(tickets.id, id)));
      return row ? ticketRecord(row) : null;
    },
    async findByIdempotencyKey(workspaceId, key) {
      const [row] = await db
        .select()
        .from(tickets)
        .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.idempotencyKey, key)));
      return row ? ticketRecord(row) : null;
    },
    async findByExternalRef(scope, externalRef) {
      const [row] = await db
        .select()
        .from(tickets)
        .where(and(inScope(scope), eq(tickets.externalRef, externalRef)));
      return row ? ticketRecord(row) : null;
    },
    async lockForUpdate(workspaceId, ids) {
      if (ids.length === 0) return [];
      const sorted = [...new Set(ids)].sort();
      const rows = await db
        .select()
        .from(tickets)
        .where(and(eq(tickets.workspaceId, workspaceId), inArray(tickets.id, sorted)))
        .orderBy(asc(tickets.id))
        .for('update');
      return rows.map(ticketRecord);
    },
    async list(scope, page, filter) {
      const conditions: SQL[] = [inScope(scope)];
      if (filter.customerId) conditions.push(eq(tickets.customerId, filter.customerId));
      if (filter.agreementId) conditions.push(eq(tickets.agreementId, filter.agreementId));
      if (filter.lifecycle) conditions.push(eq(tickets.lifecycle, filter.lifecycle));
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
    async eventsOf(workspaceId, ticketId) {
      const rows = await db
        .select()
        .from(ticketEvents)
        .where(and(eq(ticketEvents.workspaceId, workspaceId), eq(ticketEvents.ticketId, ticketId)))
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
    async updateSummaries(workspaceId, summaries) {
      if (summaries.size === 0) return;
      const rows = [...summaries].map(
        ([ticketId, summary]) =>
          sql`(${ticketId}::uuid, ${summary.priority}, ${summary.status}, ${summary.lifecycle}, ${summary.assignee},
               ${dateOf(summary.resolvedAt)}::timestamptz, ${summary.reopenCount}::int, ${summary.eventCount}::int,
               ${summary.agreementVersionId}::uuid)`,
      );
      await db.execute(sql`
        UPDATE tickets SET priority = v.priority, status = v.status, lifecycle = v.lifecycle, assignee = v.assignee,
               resolved_at = v.resolved_at, reopen_count = v.reopen_count, event_count = v.event_count,
               agreement_version_id = v.agreement_version_id, updated_at = now()
        FROM (VALUES ${sql.join(rows, sql`, `)}) AS v(id, priority, status, lifecycle, assignee, resolved_at, reopen_count,
              event_count, agreement_version_id)
        WHERE tickets.workspace_id = ${workspaceId} AND tickets.id = v.id`);
    },
    async replaceClocks(workspaceId, ticketIds, rows) {
      if (ticketIds.length === 0) return;
      await db.delete(clocks).where(and(eq(clocks.workspaceId, workspaceId), inArray(clocks.ticketId, [...ticketIds])));
      for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
        await db.insert(clocks).values(
          rows.slice(start, start + INSERT_CHUNK).map((clock) => ({
            workspaceId,
            customerId: clock.customerId,
            ticketId: clock.ticketId,
            targetId: clock.targetId,
            metric: clock.metric,
            state: clock.state,
            dueAt: dateOf(clock.dueAt),
            breachAt: dateOf(clock.breachAt),
            usedMs: Math.round(clock.usedMs),
            durationMs: Math.round(clock.durationMs),
            percentUsed: clock.percentUsed,
            cycles: clock.cycles,
            nextCheckAt: dateOf(clock.nextCheckAt),
            evaluatedAt: dateOf(clock.evaluatedAt),
          })),
        );
      }
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
              AND EXISTS (SELECT 1 FROM agreement_versions v WHERE v.agreement_id = a.id AND v.activated_at IS NOT NULL)
            ORDER BY a.slug`,
      );
    },
    async idsForRebuild(workspaceId, filter) {
      const conditions: SQL[] = [eq(tickets.workspaceId, workspaceId)];
      if (filter.agreementIds) {
        if (filter.agreementIds.length === 0) return [];
        conditions.push(inArray(tickets.agreementId, [...filter.agreementIds]));
      }
      if (filter.onlyOpen) conditions.push(inArray(tickets.lifecycle, ['open', 'resolved']));
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
  return payload;
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
