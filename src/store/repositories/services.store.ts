/** The workspace's services in PostgreSQL. */
import { and, asc, count, desc, eq, ilike, or, type SQL } from 'drizzle-orm';
import type { ServiceRecord, ServiceRepository } from '../../app/ports/service-repository.ts';
import type { Database } from '../database.ts';
import { services } from '../schema.ts';
import { likePattern, millis } from './row-mapping.ts';

type Db = Pick<Database, 'select' | 'insert' | 'update' | 'delete'>;

function serviceRecord(row: typeof services.$inferSelect): ServiceRecord {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    slug: row.slug,
    name: row.name,
    ownerUserId: row.ownerUserId,
    createdAt: millis(row.createdAt),
  };
}

const sortOrders = {
  slug: asc(services.slug),
  '-slug': desc(services.slug),
  name: asc(services.name),
  '-name': desc(services.name),
  created: asc(services.createdAt),
  '-created': desc(services.createdAt),
} as const;

export function serviceRepository(db: Db): ServiceRepository {
  const byId = (workspaceId: string, id: string) => and(eq(services.workspaceId, workspaceId), eq(services.id, id));
  return {
    async create(input) {
      const [row] = await db.insert(services).values(input).onConflictDoNothing().returning();
      return row ? serviceRecord(row) : null;
    },
    async get(workspaceId, id) {
      const [row] = await db.select().from(services).where(byId(workspaceId, id));
      return row ? serviceRecord(row) : null;
    },
    async findBySlug(workspaceId, slug) {
      const [row] = await db
        .select()
        .from(services)
        .where(and(eq(services.workspaceId, workspaceId), eq(services.slug, slug)));
      return row ? serviceRecord(row) : null;
    },
    async list(workspaceId, page, filter) {
      const conditions: SQL[] = [eq(services.workspaceId, workspaceId)];
      if (filter.search) {
        const pattern = likePattern(filter.search);
        conditions.push(or(ilike(services.name, pattern), ilike(services.slug, pattern))!);
      }
      if (filter.ownerUserId) conditions.push(eq(services.ownerUserId, filter.ownerUserId));
      const where = and(...conditions);
      const rows = await db
        .select()
        .from(services)
        .where(where)
        .orderBy(sortOrders[filter.sort ?? 'slug'], asc(services.id))
        .limit(page.limit)
        .offset(page.offset);
      const [total] = await db.select({ value: count() }).from(services).where(where);
      return { items: rows.map(serviceRecord), total: Number(total?.value ?? 0), ...page };
    },
    async update(workspaceId, id, changes) {
      const [row] = await db.update(services).set(changes).where(byId(workspaceId, id)).returning();
      return row ? serviceRecord(row) : null;
    },
    async delete(workspaceId, id) {
      await db.delete(services).where(byId(workspaceId, id));
    },
  };
}
