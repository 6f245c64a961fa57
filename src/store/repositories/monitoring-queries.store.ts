/**
 * Read and change queries of the monitoring API over customer-scoped rows: the clock queue (the `clocks` projection
 * joined with its ticket and customer) and deviations. Part of the NotificationRepository (notifications.store.ts).
 */
import { type SQL, sql } from 'drizzle-orm';
import type { DataScope } from '../../app/access/principal.ts';
import type {
  ClockListFilter,
  DeviationRecord,
  DeviationStatus,
  MonitoredClockRecord,
  NotificationRepository,
} from '../../app/ports/notification-repository.ts';
import type { Executor } from '../sql-rows.ts';
import { queryRows } from '../sql-rows.ts';
import { aliasedColumns, inDataScope } from './data-scope-predicates.ts';
import { epochOf, epochOrNull, isoOf, jsonOf } from './row-mapping.ts';

export const and = (conditions: SQL[]): SQL => sql.join(conditions, sql` AND `);

/** The data scope of a table whose rows always name their customer, for an aliased table. */
export const inScope = (scope: DataScope, alias: 'c' | 'd'): SQL => inDataScope(scope, aliasedColumns(alias));

const clockOrder: Record<ClockListFilter['sort'], SQL> = {
  due: sql`c.due_at ASC NULLS LAST, c.ticket_id, c.target_id`,
  '-due': sql`c.due_at DESC NULLS LAST, c.ticket_id, c.target_id`,
  percent: sql`c.percent_used DESC, c.due_at ASC NULLS LAST, c.ticket_id, c.target_id`,
};

type MonitoringQueries = Pick<
  NotificationRepository,
  'listClocks' | 'listDeviations' | 'getDeviation' | 'updateDeviation'
>;

export function monitoringQueries(db: Executor): MonitoringQueries {
  const deviationsWhere = async (where: SQL, tail: SQL = sql``) => {
    const rows = await queryRows(
      db,
      sql`SELECT d.*, cu.name AS customer_name FROM deviations d JOIN customers cu ON cu.id = d.customer_id
          WHERE ${where} ${tail}`,
    );
    return rows.map(deviationOf);
  };
  return {
    async listClocks(scope, page, filter) {
      const conditions = [inScope(scope, 'c')];
      if (filter.lifecycle !== 'any') conditions.push(sql`t.lifecycle = ${filter.lifecycle}`);
      if (filter.state !== undefined) conditions.push(sql`c.state = ${filter.state}`);
      if (filter.customerId !== undefined) conditions.push(sql`c.customer_id = ${filter.customerId}`);
      if (filter.service !== undefined) conditions.push(sql`t.service = ${filter.service}`);
      if (filter.priority !== undefined) conditions.push(sql`t.priority = ${filter.priority}`);
      if (filter.targetId !== undefined) conditions.push(sql`c.target_id = ${filter.targetId}`);
      if (filter.dueBefore !== undefined) conditions.push(sql`c.due_at < ${isoOf(filter.dueBefore)}::timestamptz`);
      const where = and(conditions);
      const [rows, [total]] = await Promise.all([
        queryRows(
          db,
          sql`SELECT c.ticket_id, t.title, t.external_ref, t.lifecycle, c.customer_id, cu.name AS customer_name,
                     t.service, t.priority, t.assignee, c.target_id, c.metric, c.state, c.due_at, c.breach_at,
                     c.used_ms, c.duration_ms, c.percent_used, c.next_check_at, c.evaluated_at
              FROM clocks c JOIN tickets t ON t.id = c.ticket_id JOIN customers cu ON cu.id = c.customer_id
              WHERE ${where}
              ORDER BY ${clockOrder[filter.sort]}
              LIMIT ${page.limit} OFFSET ${page.offset}`,
        ),
        queryRows<{ total: unknown }>(
          db,
          sql`SELECT count(*) AS total FROM clocks c JOIN tickets t ON t.id = c.ticket_id WHERE ${where}`,
        ),
      ]);
      return { items: rows.map(clockOf), total: Number(total?.total ?? 0), ...page };
    },
    async listDeviations(scope, page, filter) {
      const conditions = [inScope(scope, 'd')];
      if (filter.status !== undefined) conditions.push(sql`d.status = ${filter.status}`);
      if (filter.customerId !== undefined) conditions.push(sql`d.customer_id = ${filter.customerId}`);
      const where = and(conditions);
      const [items, [total]] = await Promise.all([
        deviationsWhere(where, sql`ORDER BY d.opened_at DESC, d.id LIMIT ${page.limit} OFFSET ${page.offset}`),
        queryRows<{ total: unknown }>(db, sql`SELECT count(*) AS total FROM deviations d WHERE ${where}`),
      ]);
      return { items, total: Number(total?.total ?? 0), ...page };
    },
    async getDeviation(scope, id) {
      const [found] = await deviationsWhere(sql`${inScope(scope, 'd')} AND d.id = ${id}`);
      return found ?? null;
    },
    async updateDeviation(scope, id, change, now) {
      const [updated] = await queryRows<{ id: string }>(
        db,
        sql`UPDATE deviations d SET status = ${change.status}, note = ${change.note},
                   closed_at = ${change.closedAt === null ? null : isoOf(change.closedAt)}::timestamptz,
                   updated_at = ${isoOf(now)}::timestamptz
            WHERE ${inScope(scope, 'd')} AND d.id = ${id}
            RETURNING d.id`,
      );
      if (!updated) return null;
      const [found] = await deviationsWhere(sql`${inScope(scope, 'd')} AND d.id = ${id}`);
      return found ?? null;
    },
  };
}

export function clockOf(row: Record<string, unknown>): MonitoredClockRecord {
  return {
    ticketId: row.ticket_id as string,
    ticketTitle: row.title as string,
    externalRef: (row.external_ref as string | null) ?? null,
    lifecycle: row.lifecycle as string,
    customerId: row.customer_id as string,
    customerName: row.customer_name as string,
    service: (row.service as string | null) ?? null,
    priority: (row.priority as string | null) ?? null,
    assignee: (row.assignee as string | null) ?? null,
    targetId: row.target_id as string,
    metric: row.metric as string,
    state: row.state as string,
    dueAt: epochOrNull(row.due_at),
    breachAt: epochOrNull(row.breach_at),
    usedMs: Number(row.used_ms),
    durationMs: Number(row.duration_ms),
    percentUsed: Number(row.percent_used),
    nextCheckAt: epochOrNull(row.next_check_at),
    evaluatedAt: epochOf(row.evaluated_at),
  };
}

function deviationOf(row: Record<string, unknown>): DeviationRecord {
  return {
    id: row.id as string,
    customerId: row.customer_id as string,
    customerName: row.customer_name as string,
    agreementId: (row.agreement_id as string | null) ?? null,
    ticketId: (row.ticket_id as string | null) ?? null,
    targetId: row.target_id as string,
    source: row.source as string,
    sourceId: row.source_id as string,
    title: row.title as string,
    status: row.status as DeviationStatus,
    note: (row.note as string | null) ?? null,
    evidence: jsonOf(row.evidence),
    openedAt: epochOf(row.opened_at),
    closedAt: epochOrNull(row.closed_at),
    updatedAt: epochOf(row.updated_at),
  };
}
