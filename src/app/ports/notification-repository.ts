/**
 * Storage port of the monitoring API (decision 0016): what people read and manage over the scheduler's tables: the
 * at-risk clock queue, their own in-app notifications and preferences, webhook subscriptions and their delivery log,
 * the outbox, and deviations. Every query is bounded by a workspace; customer-scoped rows also by the caller's
 * customer, and a user's inbox by the user.
 */
import type { DataScope } from '../access/principal.ts';
import type { NotificationPreferences, OutboxChannel, OutboxMessage, OutboxStatus } from './monitoring-repository.ts';
import type { Page, PageRequest } from './pagination.ts';

export const clockStates = ['running', 'paused', 'breached', 'met', 'cancelled'] as const;
export type ClockState = (typeof clockStates)[number];

export const ticketLifecycles = ['open', 'resolved', 'closed', 'cancelled'] as const;
export type TicketLifecycle = (typeof ticketLifecycles)[number];

/** One clock row of the projection with the ticket and customer it belongs to. */
export interface MonitoredClockRecord {
  readonly ticketId: string;
  readonly ticketTitle: string;
  readonly externalRef: string | null;
  readonly lifecycle: string;
  readonly customerId: string;
  readonly customerName: string;
  readonly service: string | null;
  readonly priority: string | null;
  readonly assignee: string | null;
  readonly targetId: string;
  readonly metric: string;
  readonly state: string;
  readonly dueAt: number | null;
  readonly breachAt: number | null;
  /** Used business time as of `evaluatedAt`, not as of the read. */
  readonly usedMs: number;
  readonly durationMs: number;
  readonly percentUsed: number;
  readonly nextCheckAt: number | null;
  readonly evaluatedAt: number;
}

export interface ClockListFilter {
  readonly state?: ClockState | undefined;
  readonly customerId?: string | undefined;
  readonly service?: string | undefined;
  readonly priority?: string | undefined;
  readonly targetId?: string | undefined;
  /** Clocks due strictly before this instant (clocks without a due instant are left out). */
  readonly dueBefore?: number | undefined;
  /** The tickets' lifecycle; `any` for every ticket. */
  readonly lifecycle: TicketLifecycle | 'any';
  /** due: soonest first, no due instant last; -due: the reverse; percent: most of the target used first. */
  readonly sort: 'due' | '-due' | 'percent';
}

/** Filters of the attention queue: the clock queue's, without state, lifecycle or sort (the queue fixes them). */
export type AttentionFilter = Pick<ClockListFilter, 'customerId' | 'service' | 'priority' | 'targetId'>;

/**
 * Why a clock of an open ticket needs attention at `now`: `breached` (past its due instant and not stopped) or
 * `at_risk` (running, not yet due, with at least the at-risk share of its time used as of its evaluation).
 */
export type AttentionKind = 'breached' | 'at_risk';

export interface AttentionClockRecord extends MonitoredClockRecord {
  readonly attention: AttentionKind;
}

/** Open tickets needing attention in one bucket: breached (any clock), else at risk. */
export interface AttentionCount {
  readonly breached: number;
  readonly atRisk: number;
}

export interface AttentionCounts extends AttentionCount {
  /** Per assignee (null: unassigned), most breached first. */
  readonly byAssignee: readonly (AttentionCount & { readonly assignee: string | null })[];
  /** Per customer, most breached first. */
  readonly byCustomer: readonly (AttentionCount & { readonly customerId: string; readonly customerName: string })[];
}

export interface AttentionQueue extends Page<AttentionClockRecord> {
  /** Counted over every matching clock, not only the page. */
  readonly counts: AttentionCounts;
}

export interface NotificationRecord {
  readonly id: string;
  readonly kind: string;
  readonly title: string;
  readonly body: string;
  readonly link: string | null;
  readonly payload: unknown;
  readonly createdAt: number;
  readonly readAt: number | null;
}

export interface NotificationPage extends Page<NotificationRecord> {
  /** Unread notifications of the user, whatever the filter. */
  readonly unread: number;
}

export const webhookEventTypes = [
  'clock.warning',
  'clock.escalation',
  'clock.breach',
  'report.ready',
  'notification.test',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/** A webhook subscription as it is shown: never with its signing secret. */
export interface WebhookRecord {
  readonly id: string;
  readonly url: string;
  readonly eventTypes: readonly string[];
  readonly description: string | null;
  readonly active: boolean;
  readonly createdBy: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface WebhookValues {
  readonly url: string;
  readonly eventTypes: readonly string[];
  readonly description: string | null;
  readonly active: boolean;
}

/** One attempt to deliver an outbox message to a subscription, with the message it belongs to. */
export interface WebhookDeliveryRecord {
  readonly id: string;
  readonly attempt: number;
  readonly attemptedAt: number;
  readonly ok: boolean;
  readonly status: number | null;
  readonly detail: string;
  readonly eventType: string;
  readonly outboxId: string;
  readonly outboxStatus: OutboxStatus;
}

export interface OutboxListFilter {
  readonly status?: OutboxStatus | undefined;
  readonly channel?: OutboxChannel | undefined;
}

export const deviationStatuses = ['open', 'in_progress', 'closed'] as const;
export type DeviationStatus = (typeof deviationStatuses)[number];

export interface DeviationRecord {
  readonly id: string;
  readonly customerId: string;
  readonly customerName: string;
  readonly agreementId: string | null;
  readonly ticketId: string | null;
  readonly targetId: string;
  readonly source: string;
  readonly sourceId: string;
  readonly title: string;
  readonly status: DeviationStatus;
  readonly note: string | null;
  readonly evidence: unknown;
  readonly openedAt: number;
  readonly closedAt: number | null;
  readonly updatedAt: number;
}

export interface DeviationListFilter {
  readonly status?: DeviationStatus | undefined;
  readonly customerId?: string | undefined;
}

export interface DeviationChange {
  readonly status: DeviationStatus;
  readonly note: string | null;
  readonly closedAt: number | null;
}

export interface NotificationRepository {
  listClocks(scope: DataScope, page: PageRequest, filter: ClockListFilter): Promise<Page<MonitoredClockRecord>>;
  /**
   * The clocks of open tickets that need attention at `now`: breached ones first, longest past due first, then those
   * at risk (`atRiskPercent` or more used), most used first; with counts of tickets per assignee and per customer.
   */
  attentionQueue(
    scope: DataScope,
    page: PageRequest,
    filter: AttentionFilter,
    now: number,
    atRiskPercent: number,
  ): Promise<AttentionQueue>;

  listNotifications(
    workspaceId: string,
    userId: string,
    page: PageRequest,
    filter: { unread?: boolean | undefined },
  ): Promise<NotificationPage>;
  /** Marks one of the user's notifications read (keeping the first read instant); null when it is not the user's. */
  markNotificationRead(
    workspaceId: string,
    userId: string,
    id: string,
    now: number,
  ): Promise<NotificationRecord | null>;
  /** Marks every unread notification of the user read; returns how many. */
  markAllNotificationsRead(workspaceId: string, userId: string, now: number): Promise<number>;
  /** The user's stored preferences; null when none were saved. */
  preferencesOf(workspaceId: string, userId: string): Promise<NotificationPreferences | null>;
  savePreferences(
    workspaceId: string,
    userId: string,
    preferences: NotificationPreferences,
    now: number,
  ): Promise<void>;

  listWebhooks(workspaceId: string, page: PageRequest): Promise<Page<WebhookRecord>>;
  getWebhook(workspaceId: string, id: string): Promise<WebhookRecord | null>;
  createWebhook(
    workspaceId: string,
    values: WebhookValues & { secret: string; createdBy: string | null },
    now: number,
  ): Promise<WebhookRecord>;
  /** Changes a subscription; `secret` replaces the signing secret when given. */
  updateWebhook(
    workspaceId: string,
    id: string,
    values: WebhookValues & { secret?: string | undefined },
    now: number,
  ): Promise<WebhookRecord | null>;
  deleteWebhook(workspaceId: string, id: string): Promise<boolean>;
  /** The subscription's delivery attempts, newest first. */
  listWebhookDeliveries(
    workspaceId: string,
    subscriptionId: string,
    page: PageRequest,
  ): Promise<Page<WebhookDeliveryRecord>>;

  /** Outbox messages, newest first. */
  listOutbox(workspaceId: string, page: PageRequest, filter: OutboxListFilter): Promise<Page<OutboxMessage>>;
  getOutboxMessage(workspaceId: string, id: string): Promise<OutboxMessage | null>;
  /** A dead message back to pending, due now, with its attempts reset; null when it is not (or no longer) dead. */
  retryDeadOutboxMessage(workspaceId: string, id: string, now: number): Promise<OutboxMessage | null>;

  listDeviations(scope: DataScope, page: PageRequest, filter: DeviationListFilter): Promise<Page<DeviationRecord>>;
  getDeviation(scope: DataScope, id: string): Promise<DeviationRecord | null>;
  updateDeviation(scope: DataScope, id: string, change: DeviationChange, now: number): Promise<DeviationRecord | null>;
}
