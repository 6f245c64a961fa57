/** Workspaces, users, sessions and API tokens in PostgreSQL. */
import { and, asc, count, eq, isNull, lt, type SQL } from 'drizzle-orm';
import type { Role } from '../../app/access/roles.ts';
import type {
  ApiTokenRecord,
  ApiTokenRepository,
  SessionRecord,
  SessionRepository,
  UserRecord,
  UserRepository,
  UserWithPassword,
  WorkspaceRecord,
  WorkspaceRepository,
} from '../../app/ports/identity-repositories.ts';
import type { Database } from '../database.ts';
import { apiTokens, sessions, users, workspaces } from '../schema.ts';
import { dateOf, millis } from './row-mapping.ts';

type Db = Pick<Database, 'select' | 'insert' | 'update' | 'delete'>;

export function workspaceRepository(db: Db): WorkspaceRepository {
  const toRecord = (row: typeof workspaces.$inferSelect): WorkspaceRecord => ({
    id: row.id,
    slug: row.slug,
    name: row.name,
    createdAt: millis(row.createdAt),
  });
  return {
    async create(input) {
      const [row] = await db.insert(workspaces).values(input).returning();
      return toRecord(row!);
    },
    async findBySlug(slug) {
      const [row] = await db.select().from(workspaces).where(eq(workspaces.slug, slug));
      return row ? toRecord(row) : null;
    },
    async get(id) {
      const [row] = await db.select().from(workspaces).where(eq(workspaces.id, id));
      return row ? toRecord(row) : null;
    },
    async count() {
      const [row] = await db.select({ value: count() }).from(workspaces);
      return Number(row?.value ?? 0);
    },
  };
}

function userRecord(row: typeof users.$inferSelect): UserRecord {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    customerId: row.customerId,
    timezone: row.timezone,
    disabledAt: millis(row.disabledAt),
    createdAt: millis(row.createdAt),
  };
}

export function userRepository(db: Db): UserRepository {
  return {
    async create(input) {
      const [row] = await db
        .insert(users)
        .values({ ...input, email: input.email.toLowerCase() })
        .returning();
      return userRecord(row!);
    },
    async get(workspaceId, id) {
      const [row] = await db
        .select()
        .from(users)
        .where(and(eq(users.workspaceId, workspaceId), eq(users.id, id)));
      return row ? userRecord(row) : null;
    },
    async findByEmailAnyWorkspace(email) {
      const rows = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
      return rows.map((row): UserWithPassword => ({ ...userRecord(row), passwordHash: row.passwordHash }));
    },
    async findByEmail(workspaceId, email) {
      const [row] = await db
        .select()
        .from(users)
        .where(and(eq(users.workspaceId, workspaceId), eq(users.email, email.toLowerCase())));
      return row ? userRecord(row) : null;
    },
    async list(workspaceId, page, filter) {
      const conditions: SQL[] = [eq(users.workspaceId, workspaceId)];
      if (filter.role) conditions.push(eq(users.role, filter.role));
      if (filter.customerId) conditions.push(eq(users.customerId, filter.customerId));
      const where = and(...conditions);
      const rows = await db
        .select()
        .from(users)
        .where(where)
        .orderBy(asc(users.email))
        .limit(page.limit)
        .offset(page.offset);
      const [total] = await db.select({ value: count() }).from(users).where(where);
      return { items: rows.map(userRecord), total: Number(total?.value ?? 0), ...page };
    },
    async update(workspaceId, id, changes) {
      const { disabledAt, ...rest } = changes;
      const values = { ...rest, ...(disabledAt === undefined ? {} : { disabledAt: dateOf(disabledAt) }) };
      if (Object.keys(values).length === 0) return this.get(workspaceId, id);
      const [row] = await db
        .update(users)
        .set(values)
        .where(and(eq(users.workspaceId, workspaceId), eq(users.id, id)))
        .returning();
      return row ? userRecord(row) : null;
    },
  };
}

export function sessionRepository(db: Db): SessionRepository {
  return {
    async create(session) {
      await db.insert(sessions).values({ ...session, expiresAt: dateOf(session.expiresAt) });
    },
    async find(tokenHash) {
      const [row] = await db.select().from(sessions).where(eq(sessions.tokenHash, tokenHash));
      return row
        ? ({
            tokenHash: row.tokenHash,
            workspaceId: row.workspaceId,
            userId: row.userId,
            csrfToken: row.csrfToken,
            expiresAt: millis(row.expiresAt),
          } satisfies SessionRecord)
        : null;
    },
    async delete(tokenHash) {
      await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
    },
    async deleteForUser(userId) {
      await db.delete(sessions).where(eq(sessions.userId, userId));
    },
    async deleteExpired(now) {
      const rows = await db
        .delete(sessions)
        .where(lt(sessions.expiresAt, dateOf(now)))
        .returning();
      return rows.length;
    },
  };
}

function tokenRecord(row: typeof apiTokens.$inferSelect): ApiTokenRecord {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    name: row.name,
    prefix: row.prefix,
    role: row.role as Role,
    customerId: row.customerId,
    createdBy: row.createdBy,
    lastUsedAt: millis(row.lastUsedAt),
    revokedAt: millis(row.revokedAt),
    createdAt: millis(row.createdAt),
  };
}

export function apiTokenRepository(db: Db): ApiTokenRepository {
  return {
    async create(input) {
      const [row] = await db.insert(apiTokens).values(input).returning();
      return tokenRecord(row!);
    },
    async findActiveByHash(tokenHash) {
      const [row] = await db
        .select()
        .from(apiTokens)
        .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
      return row ? tokenRecord(row) : null;
    },
    async list(workspaceId, page) {
      const where = eq(apiTokens.workspaceId, workspaceId);
      const rows = await db
        .select()
        .from(apiTokens)
        .where(where)
        .orderBy(asc(apiTokens.createdAt))
        .limit(page.limit)
        .offset(page.offset);
      const [total] = await db.select({ value: count() }).from(apiTokens).where(where);
      return { items: rows.map(tokenRecord), total: Number(total?.value ?? 0), ...page };
    },
    async get(workspaceId, id) {
      const [row] = await db
        .select()
        .from(apiTokens)
        .where(and(eq(apiTokens.workspaceId, workspaceId), eq(apiTokens.id, id)));
      return row ? tokenRecord(row) : null;
    },
    async revoke(workspaceId, id, at) {
      const [row] = await db
        .update(apiTokens)
        .set({ revokedAt: dateOf(at) })
        .where(and(eq(apiTokens.workspaceId, workspaceId), eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
        .returning();
      return row ? tokenRecord(row) : null;
    },
    async touch(id, at) {
      await db
        .update(apiTokens)
        .set({ lastUsedAt: dateOf(at) })
        .where(eq(apiTokens.id, id));
    },
  };
}
