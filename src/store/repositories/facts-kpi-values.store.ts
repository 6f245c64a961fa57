/** KPI values in PostgreSQL, upserted by (agreement, target, period); every query is bounded by the data scope. */
import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import type { DataScope } from '../../app/access/principal.ts';
import type { KpiValueRecord, KpiValueRepository } from '../../app/ports/kpi-value-repository.ts';
import { kpiValues } from '../schema.ts';
import { inDataScope } from './data-scope-predicates.ts';
import { countWhere, type Db } from './facts-predicates.ts';
import { millis } from './row-mapping.ts';

function kpiValueRecord(row: typeof kpiValues.$inferSelect): KpiValueRecord {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    customerId: row.customerId,
    agreementId: row.agreementId,
    targetId: row.targetId,
    period: row.period,
    value: row.value,
    note: row.note,
    createdAt: millis(row.createdAt),
  };
}

const inScope = (scope: DataScope): SQL =>
  inDataScope(scope, { workspace: kpiValues.workspaceId, customer: kpiValues.customerId });

export function kpiValueRepository(db: Db): KpiValueRepository {
  return {
    async get(scope, id) {
      const [row] = await db
        .select()
        .from(kpiValues)
        .where(and(inScope(scope), eq(kpiValues.id, id)));
      return row ? kpiValueRecord(row) : null;
    },
    async findByKey(scope, key) {
      const [row] = await db
        .select()
        .from(kpiValues)
        .where(
          and(
            inScope(scope),
            eq(kpiValues.agreementId, key.agreementId),
            eq(kpiValues.targetId, key.targetId),
            eq(kpiValues.period, key.period),
          ),
        );
      return row ? kpiValueRecord(row) : null;
    },
    async list(scope, page, filter) {
      const conditions: SQL[] = [inScope(scope)];
      if (filter.customerId !== undefined) conditions.push(eq(kpiValues.customerId, filter.customerId));
      if (filter.agreementId !== undefined) conditions.push(eq(kpiValues.agreementId, filter.agreementId));
      if (filter.targetId !== undefined) conditions.push(eq(kpiValues.targetId, filter.targetId));
      if (filter.period !== undefined) conditions.push(eq(kpiValues.period, filter.period));
      if (filter.periodPattern !== undefined) conditions.push(sql`${kpiValues.period} ~ ${filter.periodPattern}`);
      if (filter.periodFrom !== undefined) conditions.push(sql`${kpiValues.period} >= ${filter.periodFrom}`);
      if (filter.periodTo !== undefined) conditions.push(sql`${kpiValues.period} <= ${filter.periodTo}`);
      const where = and(...conditions);
      const rows = await db
        .select()
        .from(kpiValues)
        .where(where)
        .orderBy(asc(kpiValues.period), asc(kpiValues.targetId), asc(kpiValues.id))
        .limit(page.limit)
        .offset(page.offset);
      return { items: rows.map(kpiValueRecord), total: await countWhere(db, kpiValues, where), ...page };
    },
    async upsert(workspaceId, values) {
      const [row] = await db
        .insert(kpiValues)
        .values({ workspaceId, ...values })
        .onConflictDoUpdate({
          target: [kpiValues.agreementId, kpiValues.targetId, kpiValues.period],
          set: { value: values.value, note: values.note },
        })
        .returning();
      return kpiValueRecord(row!);
    },
    async update(scope, id, changes) {
      const [row] = await db
        .update(kpiValues)
        .set({ value: changes.value, note: changes.note })
        .where(and(inScope(scope), eq(kpiValues.id, id)))
        .returning();
      return row ? kpiValueRecord(row) : null;
    },
    async delete(scope, id) {
      const rows = await db
        .delete(kpiValues)
        .where(and(inScope(scope), eq(kpiValues.id, id)))
        .returning({ id: kpiValues.id });
      return rows.length > 0;
    },
  };
}
