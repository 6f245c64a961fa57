/**
 * The audit log in PostgreSQL. Appending locks the workspace row (SELECT ... FOR UPDATE), reads the chain head,
 * inserts the entry with the next sequence and its hash, and moves the head, all inside the caller's transaction:
 * concurrent writers of one workspace queue on that row, so the chain never forks.
 */
import { and, asc, count, desc, eq, gt, type SQL, sql } from 'drizzle-orm';
import type { AuditRepository } from '../../app/ports/audit-repository.ts';
import { auditEntryHash, type ChainedAuditEntry } from '../../core/audit/audit-chain.ts';
import type { Database } from '../database.ts';
import { auditLog, workspaces } from '../schema.ts';
import { queryRows } from '../sql-rows.ts';
import { dateOf, millis } from './row-mapping.ts';

type Db = Pick<Database, 'select' | 'insert' | 'update' | 'execute'>;

function entryOf(row: typeof auditLog.$inferSelect): ChainedAuditEntry {
  return {
    workspaceId: row.workspaceId,
    sequence: row.sequence,
    at: millis(row.at),
    actorUserId: row.actorUserId,
    actorTokenId: row.actorTokenId,
    actorLabel: row.actorLabel,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    customerId: row.customerId,
    before: row.before ?? null,
    after: row.after ?? null,
    previousHash: row.previousHash,
    hash: row.hash,
  };
}

export function auditRepository(db: Db): AuditRepository {
  return {
    async append(entry) {
      const [head] = await queryRows<{ audit_head: string; audit_sequence: number }>(
        db,
        sql`SELECT audit_head, audit_sequence FROM workspaces WHERE id = ${entry.workspaceId} FOR UPDATE`,
      );
      if (!head) throw new Error(`workspace ${entry.workspaceId} does not exist`);
      // JSON round trip: the hash must cover exactly what jsonb stores and returns.
      const content = {
        ...entry,
        before: entry.before === undefined ? null : JSON.parse(JSON.stringify(entry.before)),
        after: entry.after === undefined ? null : JSON.parse(JSON.stringify(entry.after)),
        sequence: Number(head.audit_sequence) + 1,
      };
      const hash = auditEntryHash(head.audit_head, content);
      await db.insert(auditLog).values({
        ...content,
        at: dateOf(content.at),
        previousHash: head.audit_head,
        hash,
      });
      await db
        .update(workspaces)
        .set({ auditHead: hash, auditSequence: content.sequence })
        .where(eq(workspaces.id, entry.workspaceId));
      return { ...content, previousHash: head.audit_head, hash };
    },
    async list(workspaceId, page, filter) {
      const conditions: SQL[] = [eq(auditLog.workspaceId, workspaceId)];
      if (filter.entityType) conditions.push(eq(auditLog.entityType, filter.entityType));
      if (filter.entityId) conditions.push(eq(auditLog.entityId, filter.entityId));
      if (filter.action) conditions.push(eq(auditLog.action, filter.action));
      const where = and(...conditions);
      const rows = await db
        .select()
        .from(auditLog)
        .where(where)
        .orderBy(desc(auditLog.sequence))
        .limit(page.limit)
        .offset(page.offset);
      const [total] = await db.select({ value: count() }).from(auditLog).where(where);
      return { items: rows.map(entryOf), total: Number(total?.value ?? 0), ...page };
    },
    async head(workspaceId) {
      const [row] = await db
        .select({ hash: workspaces.auditHead, sequence: workspaces.auditSequence })
        .from(workspaces)
        .where(eq(workspaces.id, workspaceId));
      return row ? { hash: row.hash, sequence: Number(row.sequence) } : null;
    },
    async *scan(workspaceId) {
      let after = 0;
      for (;;) {
        const rows = await db
          .select()
          .from(auditLog)
          .where(and(eq(auditLog.workspaceId, workspaceId), gt(auditLog.sequence, after)))
          .orderBy(asc(auditLog.sequence))
          .limit(1000);
        for (const row of rows) yield entryOf(row);
        if (rows.length < 1000) return;
        after = rows[rows.length - 1]!.sequence;
      }
    },
  };
}
