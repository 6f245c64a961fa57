/** Monitoring answers (decision 0016): the clock queue, deviations, notifications, webhooks, the outbox. */

/** GET /api/v1/clocks: the clock queue, soonest due first. */
export interface MonitoredClock {
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
  readonly dueAt: string | null;
  readonly breachAt: string | null;
  readonly usedMinutes: number;
  readonly remainingMinutes: number;
  readonly percentUsed: number;
  readonly durationMinutes: number;
  readonly nextCheckAt: string | null;
  readonly evaluatedAt: string;
}

/** GET /api/v1/clocks/attention: a clock of an open ticket that is breached and still running, or at risk. */
export interface AttentionClock extends MonitoredClock {
  readonly attention: 'breached' | 'at_risk';
  /** Breached: minutes of real time since the due instant, as of `asOf`; at risk: null. */
  readonly pastDueMinutes: number | null;
}

/** Open tickets needing attention: breached when any of their clocks is, else at risk. */
export interface AttentionCount {
  readonly breached: number;
  readonly atRisk: number;
}

export interface AttentionQueue {
  readonly data: AttentionClock[];
  readonly page: { total: number; limit: number; offset: number };
  readonly asOf: string;
  readonly atRiskPercentUsed: number;
  readonly counts: AttentionCount & {
    /** `assignee` null: unassigned. */
    readonly byAssignee: (AttentionCount & { assignee: string | null })[];
    readonly byCustomer: (AttentionCount & { customerId: string; customerName: string })[];
  };
}

export interface Deviation {
  readonly id: string;
  readonly customerId: string;
  readonly customerName: string;
  readonly agreementId: string | null;
  readonly ticketId: string | null;
  readonly targetId: string;
  readonly source: string;
  readonly title: string;
  readonly status: 'open' | 'in_progress' | 'closed';
  readonly note: string | null;
  readonly openedAt: string;
  readonly closedAt: string | null;
  readonly updatedAt: string;
}

export interface AppNotification {
  readonly id: string;
  readonly kind: string;
  readonly title: string;
  readonly body: string;
  readonly link: string | null;
  readonly createdAt: string;
  readonly readAt: string | null;
}

export interface NotificationPreferences {
  readonly email: boolean;
  readonly inApp: boolean;
  readonly timeZone: string | null;
  readonly kinds: { warning: boolean; escalation: boolean; breach: boolean; report: boolean };
}

export const webhookEventTypes = [
  'clock.warning',
  'clock.escalation',
  'clock.breach',
  'report.ready',
  'notification.test',
] as const;

export interface Webhook {
  readonly id: string;
  readonly url: string;
  readonly eventTypes: string[];
  readonly description: string | null;
  readonly active: boolean;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface WebhookDelivery {
  readonly id: string;
  readonly attempt: number;
  readonly attemptedAt: string;
  readonly ok: boolean;
  readonly status: number | null;
  readonly detail: string;
  readonly eventType: string;
  readonly outboxId: string;
  readonly outboxStatus: 'pending' | 'sending' | 'delivered' | 'dead';
}

export interface OutboxMessage {
  readonly id: string;
  readonly channel: 'email' | 'webhook';
  readonly kind: string;
  readonly recipient: string;
  readonly status: 'pending' | 'sending' | 'delivered' | 'dead';
  readonly attempts: number;
  readonly nextAttemptAt: string;
  readonly lastError: string | null;
  readonly deliveredAt: string | null;
  readonly createdAt: string;
}

export interface EmailSettings {
  readonly configured: boolean;
  readonly host: string | null;
  readonly from: string | null;
}
