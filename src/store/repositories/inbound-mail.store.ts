/**
 * The log of every message intake received (inbound_mail) in PostgreSQL. Its two unique indexes, on the Message-ID
 * and on the mailbox UID, make intake exactly-once: the row is inserted first in the transaction that acts on the
 * message, so a second instance, a crash replayed or a concurrent delivery of the same message finds it taken.
 */
import { sql } from 'drizzle-orm';
import type {
  InboundMailRecord,
  InboundMailRepository,
  InboundMailWithRaw,
  InboundOutcome,
} from '../../app/ports/mail-repository.ts';
import { type Executor, queryRows } from '../sql-rows.ts';
import { epochOf, timestampOf } from './row-mapping.ts';

const columns = sql.raw(`id, workspace_id, mailbox_id, uid_validity, uid, mail_message_id, received_at, from_address,
  subject, outcome, reason, ticket_id, customer_id, triage_root_id`);

type Row = Record<string, unknown>;

const numberOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

function recordOf(row: Row): InboundMailRecord {
  return {
    id: row.id as string,
    workspaceId: row.workspace_id as string,
    mailboxId: (row.mailbox_id as string | null) ?? null,
    uidValidity: numberOrNull(row.uid_validity),
    uid: numberOrNull(row.uid),
    mailMessageId: row.mail_message_id as string,
    receivedAt: epochOf(row.received_at),
    fromAddress: (row.from_address as string | null) ?? null,
    subject: (row.subject as string | null) ?? null,
    outcome: row.outcome as InboundOutcome,
    reason: (row.reason as string | null) ?? null,
    ticketId: (row.ticket_id as string | null) ?? null,
    customerId: (row.customer_id as string | null) ?? null,
    triageRootId: (row.triage_root_id as string | null) ?? null,
  };
}

function withRaw(row: Row): InboundMailWithRaw {
  return { ...recordOf(row), raw: (row.raw as Uint8Array | null) ?? null };
}

export function inboundMailRepository(db: Executor): InboundMailRepository {
  return {
    async insert(mail, options = {}) {
      const since = options.countFromSenderSince;
      // No conflict target: a clash on either unique index (Message-ID, mailbox UID) means the message is taken. The
      // count reads the table as it was before this insert (one snapshot): the new row is added to it.
      const counted =
        since === undefined || mail.fromAddress === null
          ? sql`NULL::bigint`
          : sql`(SELECT count(*) FROM inbound_mail WHERE workspace_id = ${mail.workspaceId}
                  AND from_address = ${mail.fromAddress} AND received_at >= ${timestampOf(since)}) + 1`;
      const [row] = await queryRows(
        db,
        sql`WITH inserted AS (
              INSERT INTO inbound_mail (workspace_id, mailbox_id, uid_validity, uid, mail_message_id, received_at,
                from_address, subject, outcome, reason, raw)
              VALUES (${mail.workspaceId}, ${mail.mailboxId}, ${mail.uidValidity}, ${mail.uid}, ${mail.mailMessageId},
                ${timestampOf(mail.receivedAt)}, ${mail.fromAddress}, ${mail.subject}, ${mail.outcome}, ${mail.reason},
                ${mail.raw}::bytea)
              ON CONFLICT DO NOTHING
              RETURNING ${columns}
            )
            SELECT inserted.*, ${counted} AS from_sender_since FROM inserted`,
      );
      return row ? { ...recordOf(row), fromSenderSince: numberOrNull(row.from_sender_since) } : null;
    },
    async findTaken(workspaceId, key) {
      const byUid =
        key.mailboxId !== null && key.uid !== null
          ? sql`OR (mailbox_id = ${key.mailboxId} AND uid_validity IS NOT DISTINCT FROM ${key.uidValidity} AND uid = ${key.uid})`
          : sql``;
      const [row] = await queryRows(
        db,
        sql`SELECT ${columns} FROM inbound_mail
            WHERE workspace_id = ${workspaceId} AND (mail_message_id = ${key.mailMessageId} ${byUid})
            ORDER BY received_at LIMIT 1`,
      );
      return row ? recordOf(row) : null;
    },
    async settle(workspaceId, id, settlement) {
      await queryRows(
        db,
        sql`UPDATE inbound_mail SET outcome = ${settlement.outcome}, reason = ${settlement.reason},
              ticket_id = ${settlement.ticketId}, customer_id = ${settlement.customerId},
              triage_root_id = ${settlement.triageRootId}
            WHERE workspace_id = ${workspaceId} AND id = ${id}`,
      );
    },
    async get(workspaceId, id) {
      const [row] = await queryRows(
        db,
        sql`SELECT ${columns} FROM inbound_mail WHERE workspace_id = ${workspaceId} AND id = ${id}`,
      );
      return row ? recordOf(row) : null;
    },
    async rawOf(workspaceId, id) {
      const [row] = await queryRows<{ raw: Uint8Array | null }>(
        db,
        sql`SELECT raw FROM inbound_mail WHERE workspace_id = ${workspaceId} AND id = ${id}`,
      );
      return row?.raw ?? null;
    },
    async lock(workspaceId, id) {
      const [row] = await queryRows(
        db,
        sql`SELECT ${columns}, raw FROM inbound_mail WHERE workspace_id = ${workspaceId} AND id = ${id} FOR UPDATE`,
      );
      return row ? withRaw(row) : null;
    },
    async findThread(workspaceId, messageIds) {
      if (messageIds.length === 0) return null;
      // Every message Covenant sent or kept on a ticket, and every message it received (a request in triage has no
      // ticket yet); the id found earliest in the list wins.
      // `= ANY (ARRAY(...))` is an index condition whatever the planner believes of the tables' sizes: a join with the
      // list was planned as a scan of every message of the workspace when the statistics were behind (decision 0042).
      const wanted = sql`ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(messageIds)}::jsonb))`;
      const rows = await queryRows<{ position: number; ticket_id: string | null; triage_root_id: string | null }>(
        db,
        sql`WITH wanted AS (SELECT ${wanted} AS ids)
            SELECT array_position(w.ids, m.mail_message_id) AS position, m.ticket_id, NULL::uuid AS triage_root_id
              FROM wanted w JOIN ticket_messages m
                ON m.workspace_id = ${workspaceId} AND m.mail_message_id = ANY (w.ids)
            UNION ALL
            SELECT array_position(w.ids, i.mail_message_id), i.ticket_id, i.triage_root_id
              FROM wanted w JOIN inbound_mail i
                ON i.workspace_id = ${workspaceId} AND i.mail_message_id = ANY (w.ids)
             WHERE i.ticket_id IS NOT NULL OR i.triage_root_id IS NOT NULL
            ORDER BY 1, 2 NULLS LAST
            LIMIT 1`,
      );
      const [row] = rows;
      return row
        ? { ticketId: row.ticket_id ?? null, triageRootId: row.triage_root_id ?? null, index: Number(row.position) - 1 }
        : null;
    },
    async log(workspaceId, filter) {
      const outcome = filter.outcome === undefined ? sql`` : sql`AND outcome = ${filter.outcome}`;
      const before =
        filter.before === undefined
          ? sql``
          : sql`AND (received_at, id) < (${timestampOf(filter.before.receivedAt)}, ${filter.before.id}::uuid)`;
      const rows = await queryRows(
        db,
        sql`SELECT ${columns} FROM inbound_mail
            WHERE workspace_id = ${workspaceId} ${outcome} ${before}
            ORDER BY received_at DESC, id DESC LIMIT ${filter.limit}`,
      );
      return rows.map(recordOf);
    },
    async triage(workspaceId, limit) {
      const rows = await queryRows(
        db,
        sql`SELECT ${columns},
              (SELECT count(*) FROM inbound_mail t
                WHERE t.workspace_id = r.workspace_id AND t.triage_root_id = r.id) AS thread_size
            FROM inbound_mail r
            WHERE r.workspace_id = ${workspaceId} AND r.triage_root_id = r.id AND r.ticket_id IS NULL
              AND r.outcome = 'triage'
            ORDER BY r.received_at, r.id LIMIT ${limit}`,
      );
      return rows.map((row) => ({ root: recordOf(row), messages: Number(row.thread_size) }));
    },
    async countTriage(workspaceId) {
      const [row] = await queryRows<{ count: number | string }>(
        db,
        sql`SELECT count(*) AS count FROM inbound_mail
            WHERE workspace_id = ${workspaceId} AND triage_root_id = id AND ticket_id IS NULL AND outcome = 'triage'`,
      );
      return Number(row?.count ?? 0);
    },
    async lockTriageThread(workspaceId, rootId) {
      const rows = await queryRows(
        db,
        sql`SELECT ${columns}, raw FROM inbound_mail
            WHERE workspace_id = ${workspaceId} AND triage_root_id = ${rootId} AND ticket_id IS NULL
            ORDER BY (id = ${rootId}) DESC, received_at, id
            FOR UPDATE`,
      );
      const thread = rows.map(withRaw);
      return thread[0]?.id === rootId && thread[0].outcome === 'triage' ? thread : [];
    },
  };
}
