/**
 * Mailboxes in PostgreSQL. The password is written, and read only by `credentials`/`enabledImap` for the watcher
 * that logs in: every record the API sees says only whether one is set.
 */
import { type SQL, sql } from 'drizzle-orm';
import type {
  MailboxCredentials,
  MailboxKind,
  MailboxRecord,
  MailboxRepository,
  MailboxTls,
  MailboxValues,
} from '../../app/ports/mail-repository.ts';
import { type Executor, queryRows } from '../sql-rows.ts';
import { epochOf, epochOrNull, timestampOf } from './row-mapping.ts';

type Row = Record<string, unknown>;

const columns = sql.raw(`id, workspace_id, name, kind, host, port, tls, username, password IS NOT NULL AS password_set,
  folder, processed_action, processed_folder, customer_id, service, category, acknowledge, list_mail_is_automatic,
  enabled, uid_validity, state, state_error, state_at, revision, created_at, updated_at`);

function recordOf(row: Row): MailboxRecord {
  return {
    id: row.id as string,
    workspaceId: row.workspace_id as string,
    name: row.name as string,
    kind: row.kind as MailboxKind,
    host: (row.host as string | null) ?? null,
    port: row.port === null || row.port === undefined ? null : Number(row.port),
    tls: (row.tls as MailboxTls | null) ?? null,
    username: (row.username as string | null) ?? null,
    passwordSet: row.password_set === true,
    folder: row.folder as string,
    processedAction: row.processed_action as 'flag' | 'move',
    processedFolder: (row.processed_folder as string | null) ?? null,
    customerId: (row.customer_id as string | null) ?? null,
    service: (row.service as string | null) ?? null,
    category: (row.category as string | null) ?? null,
    acknowledge: row.acknowledge === true,
    listMailIsAutomatic: row.list_mail_is_automatic === true,
    enabled: row.enabled === true,
    uidValidity: row.uid_validity === null || row.uid_validity === undefined ? null : Number(row.uid_validity),
    state: (row.state as string | null) ?? null,
    stateError: (row.state_error as string | null) ?? null,
    stateAt: epochOrNull(row.state_at),
    revision: Number(row.revision),
    createdAt: epochOf(row.created_at),
    updatedAt: epochOf(row.updated_at),
  };
}

function credentialsOf(row: Row): MailboxCredentials {
  return { ...recordOf(row), password: (row.password as string | null) ?? null };
}

const columnOf: Record<keyof MailboxValues | 'password', string> = {
  name: 'name',
  kind: 'kind',
  host: 'host',
  port: 'port',
  tls: 'tls',
  username: 'username',
  password: 'password',
  folder: 'folder',
  processedAction: 'processed_action',
  processedFolder: 'processed_folder',
  customerId: 'customer_id',
  service: 'service',
  category: 'category',
  acknowledge: 'acknowledge',
  listMailIsAutomatic: 'list_mail_is_automatic',
  enabled: 'enabled',
};

export function mailboxRepository(db: Executor): MailboxRepository {
  return {
    async create(workspaceId, values) {
      const [row] = await queryRows(
        db,
        sql`INSERT INTO mailboxes (workspace_id, name, kind, host, port, tls, username, password, folder,
              processed_action, processed_folder, customer_id, service, category, acknowledge, list_mail_is_automatic,
              enabled)
            VALUES (${workspaceId}, ${values.name}, ${values.kind}, ${values.host}, ${values.port}, ${values.tls},
              ${values.username}, ${values.password}, ${values.folder}, ${values.processedAction},
              ${values.processedFolder}, ${values.customerId}, ${values.service}, ${values.category},
              ${values.acknowledge}, ${values.listMailIsAutomatic}, ${values.enabled})
            ON CONFLICT (workspace_id, name) DO NOTHING
            RETURNING ${columns}`,
      );
      return row ? recordOf(row) : null;
    },
    async get(workspaceId, id) {
      const [row] = await queryRows(
        db,
        sql`SELECT ${columns} FROM mailboxes WHERE workspace_id = ${workspaceId} AND id = ${id}`,
      );
      return row ? recordOf(row) : null;
    },
    async list(workspaceId) {
      const rows = await queryRows(
        db,
        sql`SELECT ${columns} FROM mailboxes WHERE workspace_id = ${workspaceId} ORDER BY name, id`,
      );
      return rows.map(recordOf);
    },
    async update(workspaceId, id, changes, expectedRevision) {
      const assignments: SQL[] = [];
      for (const [key, value] of Object.entries(changes)) {
        if (value === undefined) continue;
        assignments.push(sql`${sql.raw(columnOf[key as keyof typeof columnOf])} = ${value}`);
      }
      // A changed address or folder is another mailbox: what the watcher knew of the old one no longer holds.
      const moved = ['host', 'port', 'username', 'folder', 'kind'].some(
        (key) => changes[key as keyof typeof changes] !== undefined,
      );
      if (moved) assignments.push(sql`uid_validity = NULL, state = NULL, state_error = NULL, state_at = NULL`);
      if (changes.name !== undefined) {
        const [taken] = await queryRows(
          db,
          sql`SELECT 1 FROM mailboxes WHERE workspace_id = ${workspaceId} AND name = ${changes.name} AND id <> ${id}`,
        );
        if (taken) return 'name-taken';
      }
      const revision = expectedRevision === undefined ? sql`` : sql`AND revision = ${expectedRevision}`;
      const [row] = await queryRows(
        db,
        sql`UPDATE mailboxes SET ${sql.join([...assignments, sql`revision = revision + 1, updated_at = now()`], sql`, `)}
            WHERE workspace_id = ${workspaceId} AND id = ${id} ${revision}
            RETURNING ${columns}`,
      );
      return row ? recordOf(row) : null;
    },
    async delete(workspaceId, id) {
      const rows = await queryRows(
        db,
        sql`DELETE FROM mailboxes WHERE workspace_id = ${workspaceId} AND id = ${id} RETURNING id`,
      );
      return rows.length > 0;
    },
    async credentials(id) {
      const [row] = await queryRows(db, sql`SELECT ${columns}, password FROM mailboxes WHERE id = ${id}`);
      return row ? credentialsOf(row) : null;
    },
    async enabledImap() {
      const rows = await queryRows(
        db,
        sql`SELECT ${columns}, password FROM mailboxes WHERE enabled AND kind = 'imap' ORDER BY workspace_id, name`,
      );
      return rows.map(credentialsOf);
    },
    async setStatus(id, status) {
      const uidValidity = status.uidValidity === undefined ? sql`` : sql`, uid_validity = ${status.uidValidity}`;
      await queryRows(
        db,
        sql`UPDATE mailboxes SET state = ${status.state}, state_error = ${status.error},
              state_at = ${timestampOf(status.at)} ${uidValidity}
            WHERE id = ${id}`,
      );
    },
  };
}
