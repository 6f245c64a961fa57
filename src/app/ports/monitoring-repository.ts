/**
 * Storage port of monitoring (decision 0012): claiming due clocks for the sweep, recording firings once, the
 * transactional outbox, in-app notifications and deviations. Claims and the outbox span workspaces (they are the
 * scheduler's own work); everything else is bounded by a workspace.
 */

export interface DueTickets {
  readonly workspaceId: string;
  readonly ticketIds: readonly string[];
}

export interface FiringRecord {
  readonly id: string;
  readonly workspaceId: string;
  readonly customerId: string;
  readonly ticketId: string;
  readonly targetId: string;
  readonly cycleStart: number;
  readonly kind: string;
  readonly percent: number;
  readonly reachedAt: number;
  readonly actedAt: number;
  readonly suppressed: string | null;
  readonly actions: readonly string[];
}

export type OutboxChannel = 'email' | 'webhook';
export type OutboxStatus = 'pending' | 'sending' | 'delivered' | 'dead';

export interface OutboxDraft {
  /** Deterministic: the same effect always gets the same id, so a repeat is ignored. */
  readonly id: string;
  readonly workspaceId: string;
  readonly customerId: string | null;
  readonly channel: OutboxChannel;
  readonly kind: string;
  /** An e-mail address, or the webhook URL. */
  readonly recipient: string;
  readonly subscriptionId: string | null;
  /** What caused it (a firing id, a report snapshot id). */
  readonly sourceId: string | null;
  readonly payload: unknown;
}

export interface OutboxMessage extends OutboxDraft {
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly lastError: string | null;
  readonly deliveredAt: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface DeliveryAttempt {
  readonly id: string;
  readonly outboxId: string;
  readonly subscriptionId: string | null;
  readonly attempt: number;
  readonly attemptedAt: number;
  readonly ok: boolean;
  readonly status: number | null;
  readonly detail: string;
}

export interface NotificationDraft {
  readonly workspaceId: string;
  readonly userId: string;
  readonly customerId: string | null;
  /** Unique per user: the same source never notifies a user twice. */
  readonly sourceId: string;
  readonly kind: string;
  readonly title: string;
  readonly body: string;
  readonly link: string | null;
  readonly payload: unknown;
}

export interface DeviationDraft {
  readonly workspaceId: string;
  readonly customerId: string;
  readonly agreementId: string | null;
  readonly ticketId: string | null;
  readonly targetId: string;
  readonly source: 'escalation' | 'result';
  readonly sourceId: string;
  readonly title: string;
  readonly evidence: unknown;
}

/** The people of a workspace that notifications can reach. */
export interface Recipient {
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  readonly role: string;
  readonly customerId: string | null;
  readonly timeZone: string | null;
  readonly preferences: NotificationPreferences;
}

export const notificationKinds = ['warning', 'escalation', 'breach', 'report'] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export interface NotificationPreferences {
  readonly email: boolean;
  readonly inApp: boolean;
  readonly timeZone: string | null;
  readonly kinds: Readonly<Record<NotificationKind, boolean>>;
}

export const defaultPreferences: NotificationPreferences = {
  email: true,
  inApp: true,
  timeZone: null,
  kinds: { warning: true, escalation: true, breach: true, report: true },
};

export interface WorkspaceDirectory {
  readonly recipients: readonly Recipient[];
  /** Service slug -> owner user id. */
  readonly serviceOwners: ReadonlyMap<string, string>;
  readonly customers: ReadonlyMap<string, { name: string; contacts: readonly string[] }>;
  readonly agreements: ReadonlyMap<string, string>;
  readonly webhooks: readonly { id: string; url: string; eventTypes: readonly string[] }[];
}

export interface MonitoringRepository {
  /**
   * Claims tickets with a clock due at `now` (or with thresholds not yet acted on), oldest first, locking them
   * `FOR UPDATE SKIP LOCKED` for this transaction: another instance skips them.
   */
  claimDueTickets(now: number, limit: number): Promise<DueTickets[]>;
  /** The earliest next check of any clock, to know how long the sweep may sleep; null when none. */
  nextDueAt(): Promise<number | null>;
  /** Inserts firings that are not recorded yet; returns the ids inserted now. */
  recordFirings(firings: readonly FiringRecord[]): Promise<Set<string>>;
  /** Marks the tickets' crossings as acted on; a clock left due at or before `now` is pushed a second ahead. */
  acknowledgeCrossings(workspaceId: string, ticketIds: readonly string[], now: number): Promise<void>;
  enqueue(drafts: readonly OutboxDraft[], now: number): Promise<number>;
  notify(drafts: readonly NotificationDraft[], now: number): Promise<number>;
  openDeviations(drafts: readonly DeviationDraft[], now: number): Promise<number>;
  directory(workspaceId: string): Promise<WorkspaceDirectory>;
  /** Claims due outbox messages (pending, or sending with an expired lease), marking them sending until `leaseUntil`. */
  claimOutbox(now: number, limit: number, leaseUntil: number): Promise<OutboxMessage[]>;
  /** The earliest next attempt of a pending message; null when none. */
  nextOutboxAttemptAt(): Promise<number | null>;
  /** Agreements of every workspace that have had an active version: the candidates for scheduled reports. */
  reportingAgreements(): Promise<
    { workspaceId: string; agreementId: string; customerId: string; title: string; customerName: string }[]
  >;
  /** Whether the outbox already holds a message caused by this source (e.g. a report of a period). */
  outboxHasSource(workspaceId: string, sourceId: string): Promise<boolean>;
  /** A webhook subscription's signing secret; null when it no longer exists. */
  subscriptionSecret(workspaceId: string, subscriptionId: string): Promise<string | null>;
  completeDelivery(
    message: OutboxMessage,
    outcome: { ok: boolean; status: number | null; detail: string },
    next: { status: OutboxStatus; nextAttemptAt: number },
    now: number,
  ): Promise<void>;
}
