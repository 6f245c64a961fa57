/**
 * The conversation on tickets in PostgreSQL: ticket_messages and ticket_attachments. Reads for a principal are bounded
 * by its data scope (decision 0032); attachment contents are read only one at a time, for a download. Messages of the
 * same instant keep the order they were written in: `created_at` is the statement's clock, not the transaction's.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { DataScope } from '../../app/access/principal.ts';
import type {
  AttachmentSummary,
  CallDetails,
  DeliveryState,
  MessageChannel,
  MessageDirection,
  MessageKind,
  MessageRecipient,
  TicketMessageRecord,
  TicketMessageRepository,
} from '../../app/ports/ticket-message-repository.ts';
import { type Executor, queryRows } from '../sql-rows.ts';
import { inDataScope } from './data-scope-predicates.ts';
import { epochOf, jsonOf, timestampOf } from './row-mapping.ts';

type Row = Record<string, unknown>;

const messageColumns = sql.raw(`m.id, m.workspace_id, m.customer_id, m.ticket_id, m.kind, m.direction, m.channel,
  m.event_key, m.author_user_id, m.author_name, m.author_address, m.recipients, m.subject, m.body_text, m.quoted_text,
  m.body_html, m.mail_message_id, m.in_reply_to, m."references", m.automatic_reason, m.call_caller, m.call_started_at,
  m.call_duration_seconds, m.delivery_state, m.delivery_error, m.occurred_at, m.created_at, m.idempotency_key`);

const attachmentColumns = sql.raw(`a.id, a.message_id, a.filename, a.content_type, a.size, a.inline, a.content_id,
  a.omitted_reason`);

function attachmentOf(row: Row): AttachmentSummary {
  return {
    id: row.id as string,
    filename: (row.filename as string | null) ?? null,
    contentType: row.content_type as string,
    size: Number(row.size),
    inline: row.inline === true,
    contentId: (row.content_id as string | null) ?? null,
    omittedReason: (row.omitted_reason as string | null) ?? null,
  };
}

function messageOf(row: Row, attachments: readonly AttachmentSummary[]): TicketMessageRecord {
  const call: CallDetails | null =
    row.call_caller === null || row.call_caller === undefined
      ? null
      : {
          caller: row.call_caller as string,
          startedAt: epochOf(row.call_started_at),
          durationSeconds: Number(row.call_duration_seconds),
        };
  return {
    id: row.id as string,
    workspaceId: row.workspace_id as string,
    customerId: row.customer_id as string,
    ticketId: row.ticket_id as string,
    kind: row.kind as MessageKind,
    direction: row.direction as MessageDirection,
    channel: row.channel as MessageChannel,
    eventKey: (row.event_key as string | null) ?? null,
    authorUserId: (row.author_user_id as string | null) ?? null,
    authorName: (row.author_name as string | null) ?? null,
    authorAddress: (row.author_address as string | null) ?? null,
    recipients: jsonOf<MessageRecipient[]>(row.recipients),
    subject: (row.subject as string | null) ?? null,
    text: row.body_text as string,
    quotedText: row.quoted_text as string,
    html: (row.body_html as string | null) ?? null,
    mailMessageId: (row.mail_message_id as string | null) ?? null,
    inReplyTo: (row.in_reply_to as string | null) ?? null,
    references: jsonOf<string[]>(row.references),
    automaticReason: (row.automatic_reason as string | null) ?? null,
    call,
    deliveryState: (row.delivery_state as DeliveryState | null) ?? null,
    deliveryError: (row.delivery_error as string | null) ?? null,
    occurredAt: epochOf(row.occurred_at),
    idempotencyKey: (row.idempotency_key as string | null) ?? null,
    attachments,
    createdAt: epochOf(row.created_at),
  };
}

const inScope = (scope: DataScope): SQL => inDataScope(scope, aliasedColumnsOf('m'));
const aliasedColumnsOf = (alias: 'm' | 'a') =>
  alias === 'm'
    ? { workspace: sql.raw('m.workspace_id'), customer: sql.raw('m.customer_id') }
    : { workspace: sql.raw('a.workspace_id'), customer: sql.raw('a.customer_id') };

export function ticketMessageRepository(db: Executor): TicketMessageRepository {
  async function withAttachments(rows: Row[]): Promise<TicketMessageRecord[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id as string);
    const attachmentRows = await queryRows(
      db,
      sql`SELECT ${attachmentColumns} FROM ticket_attachments a
          WHERE a.message_id = ANY (ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid))
          ORDER BY a.created_at, a.id`,
    );
    const byMessage = new Map<string, AttachmentSummary[]>();
    for (const row of attachmentRows) {
      const list = byMessage.get(row.message_id as string) ?? [];
      list.push(attachmentOf(row));
      byMessage.set(row.message_id as string, list);
    }
    return rows.map((row) => messageOf(row, byMessage.get(row.id as string) ?? []));
  }

  return {
    async insert(message) {
      const call = message.call;
      const [row] = await queryRows(
        db,
        sql`INSERT INTO ticket_messages AS m (id, workspace_id, customer_id, ticket_id, kind, direction, channel,
              event_key, author_user_id, author_name, author_address, recipients, subject, body_text, quoted_text,
              body_html, mail_message_id, in_reply_to, "references", automatic_reason, call_caller, call_started_at,
              call_duration_seconds, delivery_state, occurred_at, idempotency_key, created_at)
            VALUES (coalesce(${message.id ?? null}::uuid, gen_random_uuid()), ${message.workspaceId},
              ${message.customerId}, ${message.ticketId}, ${message.kind}, ${message.direction}, ${message.channel},
              ${message.eventKey}, ${message.authorUserId}, ${message.authorName}, ${message.authorAddress},
              ${JSON.stringify(message.recipients)}::jsonb, ${message.subject}, ${message.text}, ${message.quotedText},
              ${message.html}, ${message.mailMessageId}, ${message.inReplyTo},
              ${JSON.stringify(message.references)}::jsonb, ${message.automaticReason}, ${call?.caller ?? null},
              ${call === null ? null : timestampOf(call.startedAt)}, ${call?.durationSeconds ?? null},
              ${message.deliveryState}, ${timestampOf(message.occurredAt)}, ${message.idempotencyKey},
              clock_timestamp())
            ON CONFLICT (ticket_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
            RETURNING ${messageColumns}`,
      );
      return row ? messageOf(row, []) : null;
    },
    async addAttachments(attachments) {
      for (const attachment of attachments) {
        await queryRows(
          db,
          sql`INSERT INTO ticket_attachments (workspace_id, customer_id, ticket_id, message_id, filename, content_type,
                size, content_id, inline, content, omitted_reason)
              VALUES (${attachment.workspaceId}, ${attachment.customerId}, ${attachment.ticketId},
                ${attachment.messageId}, ${attachment.filename}, ${attachment.contentType}, ${attachment.size},
                ${attachment.contentId}, ${attachment.inline}, ${attachment.content}::bytea,
                ${attachment.omittedReason})`,
        );
      }
    },
    async listOf(scope, ticketId, kinds) {
      const kindFilter =
        kinds === undefined
          ? sql``
          : sql`AND m.kind = ANY (ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(kinds)}::jsonb)))`;
      const rows = await queryRows(
        db,
        sql`SELECT ${messageColumns} FROM ticket_messages m
            WHERE ${inScope(scope)} AND m.ticket_id = ${ticketId} ${kindFilter}
            ORDER BY m.occurred_at, m.created_at, m.id`,
      );
      return withAttachments(rows);
    },
    async findByIdempotencyKey(scope, ticketId, key) {
      const rows = await queryRows(
        db,
        sql`SELECT ${messageColumns} FROM ticket_messages m
            WHERE ${inScope(scope)} AND m.ticket_id = ${ticketId} AND m.idempotency_key = ${key}`,
      );
      const [message] = await withAttachments(rows);
      return message ?? null;
    },
    async threadTail(workspaceId, ticketId) {
      const rows = await queryRows<{ mail_message_id: string; references: unknown }>(
        db,
        sql`SELECT mail_message_id, "references" FROM ticket_messages
            WHERE workspace_id = ${workspaceId} AND ticket_id = ${ticketId} AND mail_message_id IS NOT NULL
              AND kind = 'reply'
            ORDER BY occurred_at, created_at, id`,
      );
      const messageIds = rows.map((row) => row.mail_message_id);
      const rootReferences = rows[0] === undefined ? [] : jsonOf<string[]>(rows[0].references);
      return { lastMessageId: messageIds.at(-1) ?? null, messageIds, rootReferences };
    },
    async setDelivery(workspaceId, id, state, error) {
      await queryRows(
        db,
        sql`UPDATE ticket_messages SET delivery_state = ${state}, delivery_error = ${error}
            WHERE workspace_id = ${workspaceId} AND id = ${id}`,
      );
    },
    async attachment(scope, ticketId, attachmentId) {
      const [row] = await queryRows(
        db,
        sql`SELECT ${attachmentColumns}, a.content, m.kind AS message_kind
            FROM ticket_attachments a JOIN ticket_messages m ON m.id = a.message_id
            WHERE ${inDataScope(scope, aliasedColumnsOf('a'))} AND a.ticket_id = ${ticketId} AND a.id = ${attachmentId}`,
      );
      if (!row) return null;
      return {
        summary: attachmentOf(row),
        content: (row.content as Uint8Array | null) ?? null,
        messageKind: row.message_kind as MessageKind,
      };
    },
  };
}
