/**
 * The PostgreSQL tables that queries address through drizzle, typed. The database itself is defined by the numbered
 * SQL migrations in ./migrations, written by hand and never edited once committed (the first two were drafted from this
 * file by drizzle-kit; later ones use what a drizzle schema does not express: partial indexes, triggers, storage
 * parameters). Keep the definitions here in step with the migrations; tables queried only in SQL are not repeated here.
 * Every row carries its workspace; customer-scoped rows carry their customer, so tenancy is a plain predicate on every
 * query and the data can later be sharded by workspace. Stay within PostgreSQL 15: the same SQL runs on PGlite (the
 * embedded default) and on PostgreSQL.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const id = () => uuid('id').primaryKey().default(sql`gen_random_uuid()`);
const workspaceId = () => uuid('workspace_id').notNull();
const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const workspaces = pgTable('workspaces', {
  id: id(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  /** Head of the audit hash chain; the row is locked while an entry is appended. */
  auditHead: text('audit_head').notNull().default(''),
  auditSequence: bigint('audit_sequence', { mode: 'number' }).notNull().default(0),
  /**
   * Bumped by triggers whenever something that clock projections depend on changes (agreement versions, calendars,
   * maintenance windows), so each server instance can cache those and know, in the query that locks a ticket,
   * whether its cache is still current.
   */
  configurationRevision: bigint('configuration_revision', { mode: 'number' }).notNull().default(0),
  createdAt: createdAt(),
});

export const customers = pgTable(
  'customers',
  {
    id: id(),
    workspaceId: workspaceId(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    timezone: text('timezone'),
    /** Mail from these domains is the customer's when the sender is not one of its contacts. */
    emailDomains: text('email_domains').array().notNull().default(sql`'{}'`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [uniqueIndex('customers_workspace_slug').on(table.workspaceId, table.slug)],
);

export const contacts = pgTable(
  'contacts',
  {
    id: id(),
    workspaceId: workspaceId(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    email: text('email').notNull(),
    title: text('title'),
    phone: text('phone'),
    role: text('role'),
    signatory: boolean('signatory').notNull().default(false),
    createdAt: createdAt(),
  },
  (table) => [index('contacts_customer').on(table.workspaceId, table.customerId)],
);

export const users = pgTable(
  'users',
  {
    id: id(),
    workspaceId: workspaceId(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash'),
    role: text('role').notNull(),
    /** Set for customer representatives: the one customer whose data they may see. */
    customerId: uuid('customer_id'),
    timezone: text('timezone'),
    disabledAt: instant('disabled_at'),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('users_workspace_email').on(table.workspaceId, table.email)],
);

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the session cookie value; the value itself is never stored. */
    tokenHash: text('token_hash').primaryKey(),
    workspaceId: workspaceId(),
    userId: uuid('user_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    expiresAt: instant('expires_at').notNull(),
    createdAt: createdAt(),
  },
  (table) => [index('sessions_user').on(table.userId)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    /** SHA-256 of the token; the token is shown once at creation. */
    tokenHash: text('token_hash').notNull().unique(),
    prefix: text('prefix').notNull(),
    role: text('role').notNull(),
    customerId: uuid('customer_id'),
    createdBy: uuid('created_by'),
    lastUsedAt: instant('last_used_at'),
    revokedAt: instant('revoked_at'),
    createdAt: createdAt(),
  },
  (table) => [index('api_tokens_workspace').on(table.workspaceId)],
);

export const services = pgTable(
  'services',
  {
    id: id(),
    workspaceId: workspaceId(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    ownerUserId: uuid('owner_user_id'),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('services_workspace_slug').on(table.workspaceId, table.slug)],
);

export const calendars = pgTable(
  'calendars',
  {
    id: id(),
    workspaceId: workspaceId(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    /** The calendar in the form core/time accepts (iCalendar holidays already resolved into dates). */
    definition: jsonb('definition').notNull(),
    revision: integer('revision').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [uniqueIndex('calendars_workspace_slug').on(table.workspaceId, table.slug)],
);

export const agreements = pgTable(
  'agreements',
  {
    id: id(),
    workspaceId: workspaceId(),
    customerId: uuid('customer_id').notNull(),
    /** metadata.id of the agreement document. */
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex('agreements_workspace_slug').on(table.workspaceId, table.slug),
    index('agreements_customer').on(table.workspaceId, table.customerId),
  ],
);

export const agreementVersions = pgTable(
  'agreement_versions',
  {
    id: id(),
    workspaceId: workspaceId(),
    customerId: uuid('customer_id').notNull(),
    agreementId: uuid('agreement_id')
      .notNull()
      .references(() => agreements.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    /** draft | in_review | approved_by_provider | approved_by_customer | approved | active | superseded | expired | terminated */
    status: text('status').notNull(),
    /** The normalised agreement (core/agreement), and the document as its author wrote it. */
    content: jsonb('content').notNull(),
    sourceText: text('source_text').notNull(),
    sourceFormat: text('source_format').notNull(),
    contentHash: text('content_hash').notNull(),
    lint: jsonb('lint').notNull(),
    effectiveFrom: instant('effective_from'),
    appliesToOpenTickets: boolean('applies_to_open_tickets').notNull().default(false),
    /** Optimistic concurrency: bumped on every change, exposed as the ETag. */
    revision: integer('revision').notNull().default(1),
    activatedAt: instant('activated_at'),
    endedAt: instant('ended_at'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex('agreement_versions_number').on(table.agreementId, table.number),
    index('agreement_versions_agreement').on(table.workspaceId, table.agreementId),
  ],
);

export const approvals = pgTable(
  'approvals',
  {
    id: id(),
    workspaceId: workspaceId(),
    customerId: uuid('customer_id').notNull(),
    versionId: uuid('version_id')
      .notNull()
      .references(() => agreementVersions.id, { onDelete: 'cascade' }),
    party: text('party').notNull(),
    userId: uuid('user_id').notNull(),
    userEmail: text('user_email').notNull(),
    contentHash: text('content_hash').notNull(),
    approvedAt: instant('approved_at').notNull(),
  },
  (table) => [index('approvals_version').on(table.versionId)],
);

export const tickets = pgTable(
  'tickets',
  {
    id: id(),
    workspaceId: workspaceId(),
    customerId: uuid('customer_id').notNull(),
    agreementId: uuid('agreement_id'),
    /** The version that governs the ticket (docs/semantics.md#which-agreement-version-governs-a-ticket). */
    agreementVersionId: uuid('agreement_version_id'),
    externalRef: text('external_ref'),
    /** The ticket's key is T-<number> (src/core/mail/ticket-key.ts); one sequence numbers every ticket. */
    number: bigserial('number', { mode: 'number' }).notNull(),
    requesterEmail: text('requester_email'),
    requesterName: text('requester_name'),
    /** Idempotency-Key of the request that created the ticket: a retried creation returns the same ticket. */
    idempotencyKey: text('idempotency_key'),
    title: text('title').notNull(),
    description: text('description'),
    service: text('service'),
    category: text('category'),
    channel: text('channel'),
    priority: text('priority'),
    status: text('status'),
    lifecycle: text('lifecycle').notNull().default('open'),
    assignee: text('assignee'),
    openedAt: instant('opened_at').notNull(),
    resolvedAt: instant('resolved_at'),
    reopenCount: integer('reopen_count').notNull().default(0),
    eventCount: integer('event_count').notNull().default(0),
    /** Why the ticket is not measured (decision 0025); null when it is. */
    unmeasuredReason: text('unmeasured_reason'),
    /** When it was closed or cancelled (the latest such event); null while it is not. */
    closedAt: instant('closed_at'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index('tickets_customer').on(table.workspaceId, table.customerId, table.openedAt),
    index('tickets_agreement').on(table.workspaceId, table.agreementId, table.openedAt),
    uniqueIndex('tickets_external_ref').on(table.workspaceId, table.externalRef),
    uniqueIndex('tickets_idempotency_key').on(table.workspaceId, table.idempotencyKey),
    index('tickets_unmeasured')
      .on(table.workspaceId, table.unmeasuredReason)
      .where(sql`${table.unmeasuredReason} IS NOT NULL`),
  ],
);

export const ticketEvents = pgTable(
  'ticket_events',
  {
    sequence: bigserial('sequence', { mode: 'number' }).primaryKey(),
    workspaceId: workspaceId(),
    customerId: uuid('customer_id').notNull(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    /** The idempotency key: recording the same key twice keeps the first. */
    eventKey: text('event_key').notNull(),
    type: text('type').notNull(),
    occurredAt: instant('occurred_at').notNull(),
    recordedAt: instant('recorded_at').notNull().defaultNow(),
    payload: jsonb('payload').notNull(),
    actorUserId: uuid('actor_user_id'),
    actorTokenId: uuid('actor_token_id'),
  },
  (table) => [
    // A ticket belongs to one workspace: unique per ticket is unique per workspace. Leading with the ticket, the one
    // index also serves the reads by ticket and the cascade from tickets (decision 0023).
    uniqueIndex('ticket_events_ticket_key').on(table.ticketId, table.eventKey),
  ],
);

/** The clock projection: one row per ticket and target, rebuilt from the events at any time. */
export const clocks = pgTable(
  'clocks',
  {
    workspaceId: workspaceId(),
    customerId: uuid('customer_id').notNull(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    targetId: text('target_id').notNull(),
    metric: text('metric').notNull(),
    /** State of the latest cycle. */
    state: text('state').notNull(),
    dueAt: instant('due_at'),
    breachAt: instant('breach_at'),
    usedMs: bigint('used_ms', { mode: 'number' }).notNull(),
    durationMs: bigint('duration_ms', { mode: 'number' }).notNull(),
    percentUsed: doublePrecision('percent_used').notNull(),
    cycles: jsonb('cycles').notNull(),
    nextCheckAt: instant('next_check_at'),
    evaluatedAt: instant('evaluated_at').notNull(),
    /** Thresholds and breaches reached as of the evaluation; the sweep acts while it exceeds the acknowledged ones. */
    crossingCount: integer('crossing_count').notNull().default(0),
    acknowledgedCrossings: integer('acknowledged_crossings').notNull().default(0),
    updatedAt: updatedAt(),
  },
  (table) => [
    primaryKey({ columns: [table.ticketId, table.targetId] }),
    index('clocks_next_check_at').on(table.nextCheckAt),
    index('clocks_workspace_state').on(table.workspaceId, table.state),
  ],
);

export const outages = pgTable(
  'outages',
  {
    id: id(),
    workspaceId: workspaceId(),
    customerId: uuid('customer_id'),
    service: text('service').notNull(),
    startsAt: instant('starts_at').notNull(),
    endsAt: instant('ends_at'),
    severity: text('severity').notNull(),
    source: text('source').notNull().default('api'),
    externalRef: text('external_ref'),
    description: text('description'),
    createdAt: createdAt(),
  },
  (table) => [index('outages_service').on(table.workspaceId, table.service, table.startsAt)],
);

export const maintenanceWindows = pgTable(
  'maintenance_windows',
  {
    id: id(),
    workspaceId: workspaceId(),
    customerId: uuid('customer_id'),
    /** planned_maintenance | force_majeure */
    kind: text('kind').notNull().default('planned_maintenance'),
    services: jsonb('services').notNull(),
    startsAt: instant('starts_at').notNull(),
    endsAt: instant('ends_at').notNull(),
    announcedAt: instant('announced_at').notNull(),
    /** Whether the window pauses ticket clocks (an agreed exclusion window, docs/semantics.md#pauses). */
    pausesClocks: boolean('pauses_clocks').notNull().default(true),
    description: text('description'),
    createdAt: createdAt(),
  },
  (table) => [index('maintenance_windows_time').on(table.workspaceId, table.startsAt)],
);

export const deliveries = pgTable(
  'deliveries',
  {
    id: id(),
    workspaceId: workspaceId(),
    customerId: uuid('customer_id').notNull(),
    agreementId: uuid('agreement_id'),
    orderId: text('order_id').notNull(),
    lineId: text('line_id').notNull(),
    orderedQuantity: doublePrecision('ordered_quantity').notNull(),
    deliveredQuantity: doublePrecision('delivered_quantity'),
    promisedAt: instant('promised_at').notNull(),
    deliveredAt: instant('delivered_at'),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('deliveries_line').on(table.workspaceId, table.customerId, table.orderId, table.lineId)],
);

export const kpiValues = pgTable(
  'kpi_values',
  {
    id: id(),
    workspaceId: workspaceId(),
    customerId: uuid('customer_id').notNull(),
    agreementId: uuid('agreement_id').notNull(),
    targetId: text('target_id').notNull(),
    /** The period label, e.g. 2026-10. */
    period: text('period').notNull(),
    value: doublePrecision('value').notNull(),
    note: text('note'),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('kpi_values_period').on(table.agreementId, table.targetId, table.period)],
);

/** Append-only and hash-chained per workspace: each entry's hash covers the previous hash and the entry. */
export const auditLog = pgTable(
  'audit_log',
  {
    workspaceId: workspaceId(),
    sequence: bigint('sequence', { mode: 'number' }).notNull(),
    at: instant('at').notNull(),
    actorUserId: uuid('actor_user_id'),
    actorTokenId: uuid('actor_token_id'),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    customerId: uuid('customer_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    previousHash: text('previous_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.sequence] })],
);
