/**
 * The audit log in PostgreSQL. Appending locks the workspace row (SELECT ... FOR UPDATE), reads the chain head,
 * inserts the entries with the next sequences and their hashes, and moves the head, all inside the caller's
 * transaction (at its end): concurrent writers of one workspace queue on that row, so the chain never forks.
 */
import { and, asc, count, desc, eq, gt, type SQL, sql } from 'drizzle-orm';
import type { AuditAppend, AuditRepository } from '../../app/ports/audit-repository.ts';
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

/**
 * The entries a transaction recorded, written to the chain only at its end (decision 0042): the workspace row stays
 * locked from the chain's head being read until the commit, so writing last keeps concurrent transactions of one
 * workspace from queueing behind each other for their whole length, only for their commits.
 */
export class DeferredAuditEntries {
  #pending: AuditAppend[] = [];

  add(entry: AuditAppend): void {
    this.#pending.push(entry);
  }

  /** Appends what was recorded, in the order it was recorded; called before the commit, and before a read. */
  async write(db: Db): Promise<void> {
    const pending = this.#pending;
    this.#pending = [];
    const workspaces = [...new Set(pending.map((entry) => entry.workspaceId))].sort();
    for (const workspaceId of workspaces) {
      await appendEntries(
        db,
        workspaceId,
        pending.filter((entry) => entry.workspaceId === workspaceId),
      );
    }
  }
}

/** Appends entries of one workspace at the head of its chain: one lock, one insert, one move of the head. */
async function appendEntries(db: Db, workspaceId: string, entries: readonly AuditAppend[]): Promise<void> {
  const [head] = await queryRows<{ audit_head: string; audit_sequence: number }>(
    db,
    sql`SELECT audit_head, audit_sequence FROM workspaces WHERE id = ${workspaceId} FOR UPDATE`,
  );
  if (!head) throw new Error(`workspace ${workspaceId} does not exist`);
  let previousHash = head.audit_head;
  let sequence = Number(head.audit_sequence);
  const rows: (typeof auditLog.$inferInsert)[] = [];
  for (const entry of entries) {
    sequence += 1;
    // JSON round trip: the hash must cover exactly what jsonb stores and returns.
    const content = {
      ...entry,
      before: entry.before === undefined ? null : JSON.parse(JSON.stringify(entry.before)),
      after: entry.after === undefined ? null : JSON.parse(JSON.stringify(entry.after)),
      sequence,
    };
    const hash = auditEntryHash(previousHash, content);
    rows.push({ ...content, at: dateOf(content.at), previousHash, hash });
    previousHash = hash;
  }
  await db.insert(auditLog).values(rows);
  await db
    .update(workspaces)
    .set({ auditHead: previousHash, auditSequence: sequence })
    .where(eq(workspaces.id, workspaceId));
}

/**
 * Outside a transaction, an entry is appended at once; inside one (`deferred`), at the transaction's end, and reads
 * made in the transaction first write what it recorded.
 */
export function auditRepository(db: Db, deferred: DeferredAuditEntries | null = null): AuditRepository {
  const written = async () => {
    if (deferred) await deferred.write(db);
  };
  return {
    async append(entry) {
      if (deferred) deferred.add(entry);
      else await appendEntries(db, entry.workspaceId, [entry]);
    },
    async list(workspaceId, page, filter) {
      await written();
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
      await written();
      const [row] = await db
        .select({ hash: workspaces.auditHead, sequence: workspaces.auditSequence })
        .from(workspaces)
        .where(eq(workspaces.id, workspaceId));
      return row ? { hash: row.hash, sequence: Number(row.sequence) } : null;
    },
    async *scan(workspaceId) {
      await written();
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
