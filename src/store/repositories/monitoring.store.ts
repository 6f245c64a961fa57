/**
 * Monitoring storage (decision 0012): the sweep's claims over `clocks.next_check_at`, firings recorded once by their
 * deterministic id, the outbox with leases, in-app notifications and deviations. Every insert of an effect is
 * "insert if absent", so a retried sweep or a second instance cannot repeat one.
 */
import { sql } from 'drizzle-orm';
import {
  defaultPreferences,
  type MonitoringRepository,
  type NotificationPreferences,
  type OutboxMessage,
  type Recipient,
} from '../../app/ports/monitoring-repository.ts';
import type { Database, PreparedStatements } from '../database.ts';
import { queryRows } from '../sql-rows.ts';
import { epochOf, epochOrNull, isoOf, uuidArray } from './row-mapping.ts';

export function monitoringRepository(db: Database, statements: PreparedStatements): MonitoringRepository {
  return {
    async claimDueTickets(now, limit) {
      // Candidates come from the two partial/ordered indexes; the lock skips tickets another sweeper (or a writer)
      // holds, so several instances share the due rows instead of queueing behind each other.
      const rows = await statements.run<{ id: string; workspace_id: string }>(
        'covenant_claim_due_tickets',
        sql`WITH candidates AS (
              (SELECT ticket_id FROM clocks WHERE next_check_at <= ${isoOf(now)}::timestamptz
               ORDER BY next_check_at LIMIT ${limit * 4})
              UNION ALL
              (SELECT ticket_id FROM clocks WHERE crossing_count > acknowledged_crossings
               ORDER BY evaluated_at LIMIT ${limit * 4})
            )
            SELECT t.id, t.workspace_id FROM tickets t
            WHERE t.id IN (SELECT ticket_id FROM candidates)
            ORDER BY t.id
            LIMIT ${limit}
            FOR UPDATE OF t SKIP LOCKED`,
      );
      const byWorkspace = new Map<string, string[]>();
      for (const row of rows) {
        const list = byWorkspace.get(row.workspace_id) ?? [];
        list.push(row.id);
        byWorkspace.set(row.workspace_id, list);
      }
      return [...byWorkspace].map(([workspaceId, ticketIds]) => ({ workspaceId, ticketIds }));
    },
    async nextDueAt() {
      const [row] = await queryRows<{ due: unknown; pending: unknown }>(
        db,
        sql`SELECT (SELECT min(next_check_at) FROM clocks) AS due,
                   (SELECT min(evaluated_at) FROM clocks WHERE crossing_count > acknowledged_crossings) AS pending`,
      );
      const candidates = [epochOrNull(row?.due), row?.pending === null ? null : epochOrNull(row?.pending)];
      const instants = candidates.filter((value): value is number => value !== null);
      return instants.length === 0 ? null : Math.min(...instants);
    },
    async recordFirings(firings) {
      if (firings.length === 0) return new Set();
      const rows = firings.map((firing) => ({
        id: firing.id,
        workspace_id: firing.workspaceId,
        customer_id: firing.customerId,
        ticket_id: firing.ticketId,
        target_id: firing.targetId,
        cycle_start: isoOf(firing.cycleStart),
        kind: firing.kind,
        percent: firing.percent,
        reached_at: isoOf(firing.reachedAt),
        acted_at: isoOf(firing.actedAt),
        suppressed: firing.suppressed,
        actions: firing.actions,
      }));
      const inserted = await queryRows<{ id: string }>(
        db,
        sql`INSERT INTO clock_firings (id, workspace_id, customer_id, ticket_id, target_id, cycle_start, kind, percent,
                                       reached_at, acted_at, suppressed, actions)
            SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS f(id text, workspace_id uuid,
                 customer_id uuid, ticket_id uuid, target_id text, cycle_start timestamptz, kind text,
                 percent double precision, reached_at timestamptz, acted_at timestamptz, suppressed text, actions jsonb)
            ON CONFLICT (id) DO NOTHING
            RETURNING id`,
      );
      return new Set(inserted.map((row) => row.id));
    },
    async acknowledgeCrossings(workspaceId, ticketIds, now) {
      if (ticketIds.length === 0) return;
      await queryRows(
        db,
        sql`UPDATE clocks SET acknowledged_crossings = crossing_count,
                   -- never leave a clock due in the past: it would be claimed again at once, forever
                   next_check_at = CASE WHEN next_check_at <= ${isoOf(now)}::timestamptz
                                        THEN ${isoOf(now + 1000)}::timestamptz ELSE next_check_at END
            WHERE ticket_id = ANY (${uuidArray(ticketIds)}) AND (workspace_id = ${workspaceId}) IS TRUE
              AND (crossing_count <> acknowledged_crossings OR next_check_at <= ${isoOf(now)}::timestamptz)`,
      );
    },
    async enqueue(drafts, now) {
      if (drafts.length === 0) return 0;
      const rows = drafts.map((draft) => ({
        id: draft.id,
        workspace_id: draft.workspaceId,
        customer_id: draft.customerId,
        channel: draft.channel,
        kind: draft.kind,
        recipient: draft.recipient,
        subscription_id: draft.subscriptionId,
        source_id: draft.sourceId,
        payload: draft.payload,
      }));
      const inserted = await queryRows(
        db,
        sql`INSERT INTO outbox (id, workspace_id, customer_id, channel, kind, recipient, subscription_id, source_id,
                                payload, next_attempt_at, created_at, updated_at)
            SELECT o.*, ${isoOf(now)}::timestamptz, ${isoOf(now)}::timestamptz, ${isoOf(now)}::timestamptz
            FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS o(id text, workspace_id uuid, customer_id uuid,
                 channel text, kind text, recipient text, subscription_id uuid, source_id text, payload jsonb)
            ON CONFLICT (id) DO NOTHING
            RETURNING 1`,
      );
      return inserted.length;
    },
    async notify(drafts, now) {
      if (drafts.length === 0) return 0;
      const rows = drafts.map((draft) => ({
        workspace_id: draft.workspaceId,
        user_id: draft.userId,
        customer_id: draft.customerId,
        source_id: draft.sourceId,
        kind: draft.kind,
        title: draft.title,
        body: draft.body,
        link: draft.link,
        payload: draft.payload,
      }));
      const inserted = await queryRows(
        db,
        sql`INSERT INTO notifications (workspace_id, user_id, customer_id, source_id, kind, title, body, link, payload,
                                       created_at)
            SELECT n.*, ${isoOf(now)}::timestamptz
            FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS n(workspace_id uuid, user_id uuid,
                 customer_id uuid, source_id text, kind text, title text, body text, link text, payload jsonb)
            ON CONFLICT (workspace_id, user_id, source_id) DO NOTHING
            RETURNING 1`,
      );
      return inserted.length;
    },
    async openDeviations(drafts, now) {
      if (drafts.length === 0) return 0;
      const rows = drafts.map((draft) => ({
        workspace_id: draft.workspaceId,
        customer_id: draft.customerId,
        agreement_id: draft.agreementId,
        ticket_id: draft.ticketId,
        target_id: draft.targetId,
        source: draft.source,
        source_id: draft.sourceId,
        title: draft.title,
        evidence: draft.evidence,
      }));
      const inserted = await queryRows(
        db,
        sql`INSERT INTO deviations (workspace_id, customer_id, agreement_id, ticket_id, target_id, source, source_id,
                                    title, evidence, opened_at, updated_at)
            SELECT d.*, ${isoOf(now)}::timestamptz, ${isoOf(now)}::timestamptz
            FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS d(workspace_id uuid, customer_id uuid,
                 agreement_id uuid, ticket_id uuid, target_id text, source text, source_id text, title text,
                 evidence jsonb)
            ON CONFLICT (workspace_id, source_id) DO NOTHING
            RETURNING 1`,
      );
      return inserted.length;
    },
    async directory(workspaceId) {
      // One after another: these run on the transaction's single connection.
      const users = await queryRows<{
        id: string;
        email: string;
        name: string;
        role: string;
        customer_id: string | null;
        timezone: string | null;
        email_on: boolean | null;
        in_app: boolean | null;
        time_zone: string | null;
        kinds: Record<string, boolean> | string | null;
      }>(
        db,
        sql`SELECT u.id, u.email, u.name, u.role, u.customer_id, u.timezone,
                     p.email AS email_on, p.in_app, p.time_zone, p.kinds
              FROM users u LEFT JOIN notification_preferences p ON p.user_id = u.id
              WHERE (u.workspace_id = ${workspaceId}) IS TRUE AND u.disabled_at IS NULL`,
      );
      const services = await queryRows<{ slug: string; owner_user_id: string | null }>(
        db,
        sql`SELECT slug, owner_user_id FROM services WHERE (workspace_id = ${workspaceId}) IS TRUE`,
      );
      const customers = await queryRows<{ id: string; name: string }>(
        db,
        sql`SELECT id, name FROM customers WHERE (workspace_id = ${workspaceId}) IS TRUE`,
      );
      const contacts = await queryRows<{ customer_id: string; email: string }>(
        db,
        sql`SELECT customer_id, email FROM contacts WHERE (workspace_id = ${workspaceId}) IS TRUE ORDER BY email`,
      );
      const agreements = await queryRows<{ id: string; title: string }>(
        db,
        sql`SELECT id, title FROM agreements WHERE (workspace_id = ${workspaceId}) IS TRUE`,
      );
      const webhooks = await queryRows<{ id: string; url: string; event_types: string[] | string }>(
        db,
        sql`SELECT id, url, event_types FROM webhook_subscriptions
              WHERE (workspace_id = ${workspaceId}) IS TRUE AND active ORDER BY created_at, id`,
      );
      const recipients: Recipient[] = users.map((user) => ({
        userId: user.id,
        email: user.email,
        name: user.name,
        role: user.role,
        customerId: user.customer_id,
        timeZone: user.time_zone ?? user.timezone,
        preferences: preferencesOf(user),
      }));
      const contactsOf = new Map<string, string[]>();
      for (const contact of contacts) {
        contactsOf.set(contact.customer_id, [...(contactsOf.get(contact.customer_id) ?? []), contact.email]);
      }
      return {
        recipients,
        serviceOwners: new Map(
          services.filter((service) => service.owner_user_id !== null).map((s) => [s.slug, s.owner_user_id!]),
        ),
        customers: new Map(
          customers.map((customer) => [
            customer.id,
            { name: customer.name, contacts: contactsOf.get(customer.id) ?? [] },
          ]),
        ),
        agreements: new Map(agreements.map((agreement) => [agreement.id, agreement.title])),
        webhooks: webhooks.map((hook) => ({
          id: hook.id,
          url: hook.url,
          eventTypes: typeof hook.event_types === 'string' ? JSON.parse(hook.event_types) : hook.event_types,
        })),
      };
    },
    async claimOutbox(now, limit, leaseUntil) {
      const rows = await statements.run(
        'covenant_claim_outbox',
        sql`UPDATE outbox SET status = 'sending', lease_until = ${isoOf(leaseUntil)}::timestamptz,
                   attempts = attempts + 1, updated_at = ${isoOf(now)}::timestamptz
            WHERE id IN (
              SELECT id FROM outbox
              WHERE status IN ('pending', 'sending') AND next_attempt_at <= ${isoOf(now)}::timestamptz
                AND (status = 'pending' OR lease_until < ${isoOf(now)}::timestamptz)
              ORDER BY next_attempt_at LIMIT ${limit}
              FOR UPDATE SKIP LOCKED)
            RETURNING *`,
      );
      return rows.map(outboxMessageOf);
    },
    async nextOutboxAttemptAt() {
      const [row] = await queryRows<{ at: unknown }>(
        db,
        sql`SELECT min(CASE WHEN status = 'sending' THEN greatest(next_attempt_at, lease_until) ELSE next_attempt_at END)
                   AS at FROM outbox WHERE status IN ('pending', 'sending')`,
      );
      return epochOrNull(row?.at);
    },
    async reportingAgreements() {
      const rows = await queryRows<{
        workspace_id: string;
        id: string;
        customer_id: string;
        title: string;
        customer_name: string;
      }>(
        db,
        sql`SELECT a.workspace_id, a.id, a.customer_id, a.title, c.name AS customer_name
            FROM agreements a JOIN customers c ON c.id = a.customer_id AND c.workspace_id = a.workspace_id
            WHERE EXISTS (SELECT 1 FROM agreement_versions v
                          WHERE v.agreement_id = a.id AND v.workspace_id = a.workspace_id AND v.activated_at IS NOT NULL)
            ORDER BY a.workspace_id, a.id`,
      );
      return rows.map((row) => ({
        workspaceId: row.workspace_id,
        agreementId: row.id,
        customerId: row.customer_id,
        title: row.title,
        customerName: row.customer_name,
      }));
    },
    async outboxHasSource(workspaceId, sourceId) {
      const rows = await queryRows(
        db,
        sql`SELECT 1 FROM outbox WHERE workspace_id = ${workspaceId} AND source_id = ${sourceId} LIMIT 1`,
      );
      return rows.length > 0;
    },
    async subscriptionSecret(workspaceId, subscriptionId) {
      const [row] = await queryRows<{ secret: string }>(
        db,
        sql`SELECT secret FROM webhook_subscriptions WHERE id = ${subscriptionId} AND workspace_id = ${workspaceId}`,
      );
      return row?.secret ?? null;
    },
    async completeDelivery(message, outcome, next, now) {
      await queryRows(
        db,
        sql`WITH attempt AS (
              INSERT INTO delivery_attempts (workspace_id, outbox_id, subscription_id, attempt, attempted_at, ok, status,
                                             detail)
              VALUES (${message.workspaceId}, ${message.id}, ${message.subscriptionId}, ${message.attempts},
                      ${isoOf(now)}::timestamptz, ${outcome.ok}, ${outcome.status}, ${outcome.detail.slice(0, 2000)})
              RETURNING 1
            )
            UPDATE outbox SET status = ${next.status}, next_attempt_at = ${isoOf(next.nextAttemptAt)}::timestamptz,
                   lease_until = NULL, last_error = ${outcome.ok ? null : outcome.detail.slice(0, 2000)},
                   delivered_at = ${outcome.ok ? isoOf(now) : null}::timestamptz, updated_at = ${isoOf(now)}::timestamptz
            WHERE id = ${message.id} AND (SELECT count(*) FROM attempt) = 1`,
      );
    },
  };
}

function preferencesOf(row: {
  email_on: boolean | null;
  in_app: boolean | null;
  time_zone: string | null;
  kinds: Record<string, boolean> | string | null;
}): NotificationPreferences {
  if (row.email_on === null) return defaultPreferences;
  const kinds = typeof row.kinds === 'string' ? JSON.parse(row.kinds) : (row.kinds ?? {});
  return {
    email: row.email_on,
    inApp: row.in_app ?? true,
    timeZone: row.time_zone,
    kinds: { ...defaultPreferences.kinds, ...kinds },
  };
}

export function outboxMessageOf(row: Record<string, unknown>): OutboxMessage {
  return {
    id: row.id as string,
    workspaceId: row.workspace_id as string,
    customerId: (row.customer_id as string | null) ?? null,
    channel: row.channel as OutboxMessage['channel'],
    kind: row.kind as string,
    recipient: row.recipient as string,
    subscriptionId: (row.subscription_id as string | null) ?? null,
    sourceId: (row.source_id as string | null) ?? null,
    payload: typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload,
    status: row.status as OutboxMessage['status'],
    attempts: Number(row.attempts),
    nextAttemptAt: epochOf(row.next_attempt_at),
    lastError: (row.last_error as string | null) ?? null,
    deliveredAt: epochOrNull(row.delivered_at),
    createdAt: epochOf(row.created_at),
    updatedAt: epochOf(row.updated_at),
  };
}
