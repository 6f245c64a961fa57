/** Outages in PostgreSQL; every query is bounded by the caller's data scope (workspace-wide rows included). */
import { and, asc, desc, eq, isNotNull, isNull, type SQL } from 'drizzle-orm';
import type { DataScope } from '../../app/access/principal.ts';
import type { OutageRecord, OutageRepository, OutageValues } from '../../app/ports/outage-repository.ts';
import type { OutageSeverity } from '../../core/measure/availability.ts';
import { outages } from '../schema.ts';
import { inDataScope } from './data-scope-predicates.ts';
import { affectingCustomer, countWhere, type Db, overlapping } from './facts-predicates.ts';
import { dateOf, millis } from './row-mapping.ts';

function outageRecord(row: typeof outages.$inferSelect): OutageRecord {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    customerId: row.customerId,
    service: row.service,
    startsAt: millis(row.startsAt),
    endsAt: millis(row.endsAt),
    severity: row.severity as OutageSeverity,
    source: row.source,
    externalRef: row.externalRef,
    description: row.description,
    createdAt: millis(row.createdAt),
  };
}

function columnsOf(values: OutageValues) {
  return {
    customerId: values.customerId,
    service: values.service,
    startsAt: dateOf(values.startsAt),
    endsAt: dateOf(values.endsAt),
    severity: values.severity,
    source: values.source,
    externalRef: values.externalRef,
    description: values.description,
  };
}

const inScope = (scope: DataScope): SQL =>
  inDataScope(scope, { workspace: outages.workspaceId, customer: outages.customerId, sharedRows: true });

export function outageRepository(db: Db): OutageRepository {
  return {
    async create(workspaceId, values) {
      const [row] = await db
        .insert(outages)
        .values({ workspaceId, ...columnsOf(values) })
        .returning();
      return outageRecord(row!);
    },
    async get(scope, id) {
      const [row] = await db
        .select()
        .from(outages)
        .where(and(inScope(scope), eq(outages.id, id)));
      return row ? outageRecord(row) : null;
    },
    async list(scope, page, filter) {
      const conditions: SQL[] = [
        inScope(scope),
        ...overlapping(outages.startsAt, outages.endsAt, filter.from, filter.to),
      ];
      if (filter.service !== undefined) conditions.push(eq(outages.service, filter.service));
      if (filter.customerId !== undefined) conditions.push(affectingCustomer(outages.customerId, filter.customerId));
      if (filter.workspaceWide !== undefined) {
        conditions.push(filter.workspaceWide ? isNull(outages.customerId) : isNotNull(outages.customerId));
      }
      if (filter.severity !== undefined) conditions.push(eq(outages.severity, filter.severity));
      if (filter.source !== undefined) conditions.push(eq(outages.source, filter.source));
      if (filter.ongoing !== undefined)
        conditions.push(filter.ongoing ? isNull(outages.endsAt) : isNotNull(outages.endsAt));
      const where = and(...conditions);
      const rows = await db
        .select()
        .from(outages)
        .where(where)
        .orderBy(filter.sort === '-startsAt' ? desc(outages.startsAt) : asc(outages.startsAt), asc(outages.id))
        .limit(page.limit)
        .offset(page.offset);
      return { items: rows.map(outageRecord), total: await countWhere(db, outages, where), ...page };
    },
    async update(scope, id, values) {
      const [row] = await db
        .update(outages)
        .set(columnsOf(values))
        .where(and(inScope(scope), eq(outages.id, id)))
        .returning();
      return row ? outageRecord(row) : null;
    },
    async delete(scope, id) {
      const rows = await db
        .delete(outages)
        .where(and(inScope(scope), eq(outages.id, id)))
        .returning({ id: outages.id });
      return rows.length > 0;
    },
  };
}
