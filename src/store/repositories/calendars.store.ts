/** The workspace's business calendars in PostgreSQL; every change bumps the revision. */
import { and, asc, count, desc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { CalendarRecord, CalendarRepository } from '../../app/ports/calendar-repository.ts';
import type { Database } from '../database.ts';
import { calendars } from '../schema.ts';
import { likePattern, millis } from './row-mapping.ts';

type Db = Pick<Database, 'select' | 'insert' | 'update' | 'delete'>;

function calendarRecord(row: typeof calendars.$inferSelect): CalendarRecord {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    slug: row.slug,
    name: row.name,
    definition: row.definition,
    revision: row.revision,
    createdAt: millis(row.createdAt),
    updatedAt: millis(row.updatedAt),
  };
}

const sortOrders = {
  slug: asc(calendars.slug),
  '-slug': desc(calendars.slug),
  name: asc(calendars.name),
  '-name': desc(calendars.name),
  updated: asc(calendars.updatedAt),
  '-updated': desc(calendars.updatedAt),
} as const;

export function calendarRepository(db: Db): CalendarRepository {
  const byId = (workspaceId: string, id: string) => and(eq(calendars.workspaceId, workspaceId), eq(calendars.id, id));
  return {
    async create(input) {
      const [row] = await db.insert(calendars).values(input).onConflictDoNothing().returning();
      return row ? calendarRecord(row) : null;
    },
    async get(workspaceId, id) {
      const [row] = await db.select().from(calendars).where(byId(workspaceId, id));
      return row ? calendarRecord(row) : null;
    },
    async lock(workspaceId, id) {
      const [row] = await db.select().from(calendars).where(byId(workspaceId, id)).for('update');
      return row ? calendarRecord(row) : null;
    },
    async findBySlug(workspaceId, slug) {
      const [row] = await db
        .select()
        .from(calendars)
        .where(and(eq(calendars.workspaceId, workspaceId), eq(calendars.slug, slug)));
      return row ? calendarRecord(row) : null;
    },
    async findBySlugs(workspaceId, slugs) {
      if (slugs.length === 0) return [];
      const rows = await db
        .select()
        .from(calendars)
        .where(and(eq(calendars.workspaceId, workspaceId), inArray(calendars.slug, [...slugs])));
      return rows.map(calendarRecord);
    },
    async list(workspaceId, page, filter) {
      const conditions: SQL[] = [eq(calendars.workspaceId, workspaceId)];
      if (filter.search) {
        const pattern = likePattern(filter.search);
        conditions.push(or(ilike(calendars.name, pattern), ilike(calendars.slug, pattern))!);
      }
      const where = and(...conditions);
      const rows = await db
        .select()
        .from(calendars)
        .where(where)
        .orderBy(sortOrders[filter.sort ?? 'slug'], asc(calendars.id))
        .limit(page.limit)
        .offset(page.offset);
      const [total] = await db.select({ value: count() }).from(calendars).where(where);
      return { items: rows.map(calendarRecord), total: Number(total?.value ?? 0), ...page };
    },
    async update(workspaceId, id, changes) {
      const [row] = await db
        .update(calendars)
        .set({ ...changes, revision: sql`${calendars.revision} + 1`, updatedAt: sql`now()` })
        .where(byId(workspaceId, id))
        .returning();
      return row ? calendarRecord(row) : null;
    },
    async delete(workspaceId, id) {
      await db.delete(calendars).where(byId(workspaceId, id));
    },
  };
}
