/**
 * The NotificationRepository (decision 0016): a user's in-app notifications and preferences, webhook subscriptions
 * and their delivery log, and the outbox as operators see it; the clock queue and deviations come from
 * monitoring-queries.store.ts, the attention queue from attention-queue.store.ts. Subscriptions are read without their signing secret: only the sender reads that
 * (MonitoringRepository.subscriptionSecret).
 */
import { type SQL, sql } from 'drizzle-orm';
import { defaultPreferences, type OutboxStatus } from '../../app/ports/monitoring-repository.ts';
import type {
  NotificationRecord,
  NotificationRepository,
  WebhookDeliveryRecord,
  WebhookRecord,
} from '../../app/ports/notification-repository.ts';
import { type Executor, queryRows } from '../sql-rows.ts';
import { attentionQueueQueries } from './attention-queue.store.ts';
import { outboxMessageOf } from './monitoring.store.ts';
import { and, monitoringQueries } from './monitoring-queries.store.ts';
import { epochOf, epochOrNull, isoOf, jsonOf } from './row-mapping.ts';

const webhookColumns = sql`id, url, event_types, description, active, created_by, created_at, updated_at`;

export function notificationRepository(db: Executor): NotificationRepository {
  const count = async (from: SQL) => {
    const [row] = await queryRows<{ total: unknown }>(db, sql`SELECT count(*) AS total FROM ${from}`);
    return Number(row?.total ?? 0);
  };
  return {
    ...monitoringQueries(db),
    ...attentionQueueQueries(db),
    async listNotifications(workspaceId, userId, page, filter) {
      const mine = sql`workspace_id = ${workspaceId} AND user_id = ${userId}`;
      const where = filter.unread === undefined ? mine : sql`${mine} AND (read_at IS NULL) = ${filter.unread}`;
      const [rows, [counts]] = await Promise.all([
        queryRows(
          db,
          sql`SELECT id, kind, title, body, link, payload, created_at, read_at FROM notifications WHERE ${where}
              ORDER BY created_at DESC, id DESC LIMIT ${page.limit} OFFSET ${page.offset}`,
        ),
        queryRows<{ total: unknown; unread: unknown }>(
          db,
          sql`SELECT count(*) FILTER (WHERE ${where}) AS total, count(*) FILTER (WHERE read_at IS NULL) AS unread
              FROM notifications WHERE ${mine}`,
        ),
      ]);
      return {
        items: rows.map(notificationOf),
        total: Number(counts?.total ?? 0),
        unread: Number(counts?.unread ?? 0),
        ...page,
      };
    },
    async markNotificationRead(workspaceId, userId, id, now) {
      const [row] = await queryRows(
        db,
        sql`UPDATE notifications SET read_at = coalesce(read_at, ${isoOf(now)}::timestamptz)
            WHERE id = ${id} AND workspace_id = ${workspaceId} AND user_id = ${userId}
            RETURNING id, kind, title, body, link, payload, created_at, read_at`,
      );
      return row ? notificationOf(row) : null;
    },
    async markAllNotificationsRead(workspaceId, userId, now) {
      const rows = await queryRows(
        db,
        sql`UPDATE notifications SET read_at = ${isoOf(now)}::timestamptz
            WHERE workspace_id = ${workspaceId} AND user_id = ${userId} AND read_at IS NULL
            RETURNING 1`,
      );
      return rows.length;
    },
    async preferencesOf(workspaceId, userId) {
      const [row] = await queryRows<{ email: boolean; in_app: boolean; time_zone: string | null; kinds: unknown }>(
        db,
        sql`SELECT email, in_app, time_zone, kinds FROM notification_preferences
            WHERE user_id = ${userId} AND workspace_id = ${workspaceId}`,
      );
      if (!row) return null;
      const kinds = (jsonOf(row.kinds) ?? {}) as Record<string, boolean>;
      return {
        email: row.email,
        inApp: row.in_app,
        timeZone: row.time_zone,
        kinds: { ...defaultPreferences.kinds, ...kinds },
      };
    },
    async savePreferences(workspaceId, userId, preferences, now) {
      await queryRows(
        db,
        sql`INSERT INTO notification_preferences (workspace_id, user_id, email, in_app, time_zone, kinds, updated_at)
            VALUES (${workspaceId}, ${userId}, ${preferences.email}, ${preferences.inApp}, ${preferences.timeZone},
                    ${JSON.stringify(preferences.kinds)}::jsonb, ${isoOf(now)}::timestamptz)
            ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, in_app = excluded.in_app,
                   time_zone = excluded.time_zone, kinds = excluded.kinds, updated_at = excluded.updated_at
            WHERE notification_preferences.workspace_id = excluded.workspace_id`,
      );
    },
    async listWebhooks(workspaceId, page) {
      const where = sql`workspace_id = ${workspaceId}`;
      const [rows, total] = await Promise.all([
        queryRows(
          db,
          sql`SELECT ${webhookColumns} FROM webhook_subscriptions WHERE ${where}
              ORDER BY created_at, id LIMIT ${page.limit} OFFSET ${page.offset}`,
        ),
        count(sql`webhook_subscriptions WHERE ${where}`),
      ]);
      return { items: rows.map(webhookOf), total, ...page };
    },
    async getWebhook(workspaceId, id) {
      const [row] = await queryRows(
        db,
        sql`SELECT ${webhookColumns} FROM webhook_subscriptions WHERE id = ${id} AND workspace_id = ${workspaceId}`,
      );
      return row ? webhookOf(row) : null;
    },
    async createWebhook(workspaceId, values, now) {
      const [row] = await queryRows(
        db,
        sql`INSERT INTO webhook_subscriptions (workspace_id, url, secret, event_types, description, active, created_by,
                                               created_at, updated_at)
            VALUES (${workspaceId}, ${values.url}, ${values.secret}, ${JSON.stringify(values.eventTypes)}::jsonb,
                    ${values.description}, ${values.active}, ${values.createdBy}, ${isoOf(now)}::timestamptz,
                    ${isoOf(now)}::timestamptz)
            RETURNING ${webhookColumns}`,
      );
      return webhookOf(row!);
    },
    async updateWebhook(workspaceId, id, values, now) {
      const secret = values.secret === undefined ? sql`` : sql`, secret = ${values.secret}`;
      const [row] = await queryRows(
        db,
        sql`UPDATE webhook_subscriptions SET url = ${values.url}, event_types = ${JSON.stringify(values.eventTypes)}::jsonb,
                   description = ${values.description}, active = ${values.active},
                   updated_at = ${isoOf(now)}::timestamptz ${secret}
            WHERE id = ${id} AND workspace_id = ${workspaceId}
            RETURNING ${webhookColumns}`,
      );
      return row ? webhookOf(row) : null;
    },
    async deleteWebhook(workspaceId, id) {
      const rows = await queryRows(
        db,
        sql`DELETE FROM webhook_subscriptions WHERE id = ${id} AND workspace_id = ${workspaceId} RETURNING 1`,
      );
      return rows.length > 0;
    },
    async listWebhookDeliveries(workspaceId, subscriptionId, page) {
      const where = sql`a.workspace_id = ${workspaceId} AND a.subscription_id = ${subscriptionId}`;
      const [rows, total] = await Promise.all([
        queryRows(
          db,
          sql`SELECT a.id, a.attempt, a.attempted_at, a.ok, a.status, a.detail, o.kind, a.outbox_id,
                     o.status AS outbox_status
              FROM delivery_attempts a JOIN outbox o ON o.id = a.outbox_id
              WHERE ${where}
              ORDER BY a.attempted_at DESC, a.attempt DESC, a.id
              LIMIT ${page.limit} OFFSET ${page.offset}`,
        ),
        count(sql`delivery_attempts a JOIN outbox o ON o.id = a.outbox_id WHERE ${where}`),
      ]);
      return { items: rows.map(deliveryOf), total, ...page };
    },
    async listOutbox(workspaceId, page, filter) {
      const conditions = [sql`workspace_id = ${workspaceId}`];
      if (filter.status !== undefined) conditions.push(sql`status = ${filter.status}`);
      if (filter.channel !== undefined) conditions.push(sql`channel = ${filter.channel}`);
      const where = and(conditions);
      const [rows, total] = await Promise.all([
        queryRows(
          db,
          sql`SELECT * FROM outbox WHERE ${where}
              ORDER BY created_at DESC, id LIMIT ${page.limit} OFFSET ${page.offset}`,
        ),
        count(sql`outbox WHERE ${where}`),
      ]);
      return { items: rows.map(outboxMessageOf), total, ...page };
    },
    async getOutboxMessage(workspaceId, id) {
      const [row] = await queryRows(db, sql`SELECT * FROM outbox WHERE id = ${id} AND workspace_id = ${workspaceId}`);
      return row ? outboxMessageOf(row) : null;
    },
    async retryDeadOutboxMessage(workspaceId, id, now) {
      // The status condition makes the retry safe against a second click or another operator: only one wins.
      const [row] = await queryRows(
        db,
        sql`UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ${isoOf(now)}::timestamptz,
                   lease_until = NULL, updated_at = ${isoOf(now)}::timestamptz
            WHERE id = ${id} AND workspace_id = ${workspaceId} AND status = 'dead'
            RETURNING *`,
      );
      return row ? outboxMessageOf(row) : null;
    },
  };
}

function notificationOf(row: Record<string, unknown>): NotificationRecord {
  return {
    id: row.id as string,
    kind: row.kind as string,
    title: row.title as string,
    body: row.body as string,
    link: (row.link as string | null) ?? null,
    payload: jsonOf(row.payload),
    createdAt: epochOf(row.created_at),
    readAt: epochOrNull(row.read_at),
  };
}

function webhookOf(row: Record<string, unknown>): WebhookRecord {
  return {
    id: row.id as string,
    url: row.url as string,
    eventTypes: jsonOf(row.event_types) as string[],
    description: (row.description as string | null) ?? null,
    active: row.active as boolean,
    createdBy: (row.created_by as string | null) ?? null,
    createdAt: epochOf(row.created_at),
    updatedAt: epochOf(row.updated_at),
  };
}

function deliveryOf(row: Record<string, unknown>): WebhookDeliveryRecord {
  return {
    id: row.id as string,
    attempt: Number(row.attempt),
    attemptedAt: epochOf(row.attempted_at),
    ok: row.ok as boolean,
    status: row.status === null || row.status === undefined ? null : Number(row.status),
    detail: row.detail as string,
    eventType: row.kind as string,
    outboxId: row.outbox_id as string,
    outboxStatus: row.outbox_status as OutboxStatus,
  };
}
