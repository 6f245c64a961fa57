/** Maintenance and force-majeure windows in PostgreSQL; every query is bounded by the caller's data scope. */
import { and, asc, desc, eq, isNotNull, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { DataScope } from '../../app/access/principal.ts';
import type {
  MaintenanceKind,
  MaintenanceWindowRecord,
  MaintenanceWindowRepository,
  MaintenanceWindowValues,
} from '../../app/ports/maintenance-window-repository.ts';
import { maintenanceWindows } from '../schema.ts';
import { inDataScope } from './data-scope-predicates.ts';
import { affectingCustomer, countWhere, type Db, overlapping } from './facts-predicates.ts';
import { dateOf, millis } from './row-mapping.ts';

function windowRecord(row: typeof maintenanceWindows.$inferSelect): MaintenanceWindowRecord {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    customerId: row.customerId,
    kind: row.kind as MaintenanceKind,
    services: Array.isArray(row.services) ? (row.services as string[]) : [],
    startsAt: millis(row.startsAt),
    endsAt: millis(row.endsAt),
    announcedAt: millis(row.announcedAt),
    pausesClocks: row.pausesClocks,
    description: row.description,
    createdAt: millis(row.createdAt),
  };
}

function columnsOf(values: MaintenanceWindowValues) {
  return {
    customerId: values.customerId,
    kind: values.kind,
    services: [...values.services],
    startsAt: dateOf(values.startsAt),
    endsAt: dateOf(values.endsAt),
    announcedAt: dateOf(values.announcedAt),
    pausesClocks: values.pausesClocks,
    description: values.description,
  };
}

const inScope = (scope: DataScope): SQL =>
  inDataScope(scope, {
    workspace: maintenanceWindows.workspaceId,
    customer: maintenanceWindows.customerId,
    sharedRows: true,
  });

export function maintenanceWindowRepository(db: Db): MaintenanceWindowRepository {
  return {
    async create(workspaceId, values) {
      const [row] = await db
        .insert(maintenanceWindows)
        .values({ workspaceId, ...columnsOf(values) })
        .returning();
      return windowRecord(row!);
    },
    async get(scope, id) {
      const [row] = await db
        .select()
        .from(maintenanceWindows)
        .where(and(inScope(scope), eq(maintenanceWindows.id, id)));
      return row ? windowRecord(row) : null;
    },
    async list(scope, page, filter) {
      const conditions: SQL[] = [
        inScope(scope),
        ...overlapping(maintenanceWindows.startsAt, maintenanceWindows.endsAt, filter.from, filter.to),
      ];
      if (filter.kind !== undefined) conditions.push(eq(maintenanceWindows.kind, filter.kind));
      if (filter.service !== undefined) {
        // A window that lists no service covers them all.
        conditions.push(
          or(
            sql`${maintenanceWindows.services} @> ${JSON.stringify([filter.service])}::jsonb`,
            sql`jsonb_array_length(${maintenanceWindows.services}) = 0`,
          )!,
        );
      }
      if (filter.customerId !== undefined) {
        conditions.push(affectingCustomer(maintenanceWindows.customerId, filter.customerId));
      }
      if (filter.workspaceWide !== undefined) {
        conditions.push(
          filter.workspaceWide ? isNull(maintenanceWindows.customerId) : isNotNull(maintenanceWindows.customerId),
        );
      }
      if (filter.pausesClocks !== undefined) conditions.push(eq(maintenanceWindows.pausesClocks, filter.pausesClocks));
      const where = and(...conditions);
      const rows = await db
        .select()
        .from(maintenanceWindows)
        .where(where)
        .orderBy(
          filter.sort === '-startsAt' ? desc(maintenanceWindows.startsAt) : asc(maintenanceWindows.startsAt),
          asc(maintenanceWindows.id),
        )
        .limit(page.limit)
        .offset(page.offset);
      return { items: rows.map(windowRecord), total: await countWhere(db, maintenanceWindows, where), ...page };
    },
    async update(scope, id, values) {
      const [row] = await db
        .update(maintenanceWindows)
        .set(columnsOf(values))
        .where(and(inScope(scope), eq(maintenanceWindows.id, id)))
        .returning();
      return row ? windowRecord(row) : null;
    },
    async delete(scope, id) {
      const rows = await db
        .delete(maintenanceWindows)
        .where(and(inScope(scope), eq(maintenanceWindows.id, id)))
        .returning({ id: maintenanceWindows.id });
      return rows.length > 0;
    },
  };
}
