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
import { isoOf, millis } from './row-mapping.ts';

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

/**
 * Appends entries of one workspace at the head of its chain in two statements: one locks the workspace row and reads
 * the head; one inserts the entries and moves the head (intake writes one entry per ticket it opens, so every round
 * trip shows in its throughput).
 */
async function appendEntries(db: Db, workspaceId: string, entries: readonly AuditAppend[]): Promise<void> {
  const [head] = await queryRows<{ audit_head: string; audit_sequence: number }>(
    db,
    sql`SELECT audit_head, audit_sequence FROM workspaces WHERE id = ${workspaceId} FOR UPDATE`,
  );
  if (!head) throw new Error(`workspace ${workspaceId} does not exist`);
  let previousHash = head.audit_head;
  let sequence = Number(head.audit_sequence);
  const rows: Record<string, unknown>[] = [];
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
    rows.push({
      sequence,
      at: isoOf(content.at),
      actor_user_id: content.actorUserId,
      actor_token_id: content.actorTokenId,
      actor_label: content.actorLabel,
      action: content.action,
      entity_type: content.entityType,
      entity_id: content.entityId,
      customer_id: content.customerId,
      before: content.before,
      after: content.after,
      previous_hash: previousHash,
      hash,
    });
    previousHash = hash;
  }
  // A JSON null in jsonb_to_recordset is SQL NULL, as the entry's absent before/after were stored before.
  await db.execute(
    sql`WITH appended AS (
          INSERT INTO audit_log (workspace_id, sequence, at, actor_user_id, actor_token_id, actor_label, action,
                                 entity_type, entity_id, customer_id, before, after, previous_hash, hash)
          SELECT ${workspaceId}::uuid, e.sequence, e.at, e.actor_user_id, e.actor_token_id, e.actor_label, e.action,
                 e.entity_type, e.entity_id, e.customer_id, e.before, e.after, e.previous_hash, e.hash
          FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS e(sequence bigint, at timestamptz,
               actor_user_id uuid, actor_token_id uuid, actor_label text, action text, entity_type text,
               entity_id text, customer_id uuid, before jsonb, after jsonb, previous_hash text, hash text)
          RETURNING 1
        )
        UPDATE workspaces SET audit_head = ${previousHash}, audit_sequence = ${sequence}
        WHERE id = ${workspaceId}`,
  );
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
