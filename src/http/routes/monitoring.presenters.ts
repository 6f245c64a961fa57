/**
 * How monitoring looks in the API (decision 0016): clocks, notifications and preferences, webhooks and their
 * deliveries, outbox messages, deviations. Instants are ISO-8601 UTC, business durations minutes.
 */
import { z } from 'zod';
import type { AttentionAnswer } from '../../app/monitoring/read-attention-queue.ts';
import type { NotificationPreferences, OutboxMessage } from '../../app/ports/monitoring-repository.ts';
import type {
  DeviationRecord,
  MonitoredClockRecord,
  NotificationRecord,
  WebhookDeliveryRecord,
  WebhookRecord,
} from '../../app/ports/notification-repository.ts';
import { instantSchema, iso, textInput } from './route-schemas.ts';

/** A POST that takes no input: nothing, `{}` or null; any field is refused. */
export const noBody = z.strictObject({}).nullish();

/** Followed when given: a retried request with the same key queues nothing new and answers the same id. */
export const idempotencyHeaders = z.object({ 'idempotency-key': textInput.min(1).max(200).optional() }).passthrough();

export const queuedSchema = z.object({
  outboxId: z.string().describe('The outbox message: follow it in GET /api/v1/outbox or the delivery log.'),
  recipient: z.string().describe('The e-mail address or webhook URL it goes to.'),
});

const minutes = (ms: number) => ms / 60_000;

export const monitoredClockSchema = z.object({
  ticketId: z.string(),
  ticketTitle: z.string(),
  externalRef: z.string().nullable(),
  lifecycle: z.string().describe("The ticket's lifecycle (open, resolved, closed, cancelled)."),
  customerId: z.string(),
  customerName: z.string(),
  service: z.string().nullable(),
  priority: z.string().nullable(),
  assignee: z.string().nullable(),
  targetId: z.string(),
  metric: z.string(),
  state: z.string().describe('State of the latest cycle: running, paused, breached, met or cancelled.'),
  dueAt: instantSchema.nullable().describe('null while paused before reaching the duration.'),
  breachAt: instantSchema.nullable(),
  usedMinutes: z.number().describe('Business minutes used as of evaluatedAt.'),
  remainingMinutes: z.number().describe('Business minutes left as of evaluatedAt (never negative).'),
  percentUsed: z.number(),
  durationMinutes: z.number(),
  nextCheckAt: instantSchema.nullable(),
  evaluatedAt: instantSchema.describe('The instant used and remaining refer to: a running clock runs on from here.'),
});

export function presentClock(clock: MonitoredClockRecord): z.infer<typeof monitoredClockSchema> {
  return {
    ticketId: clock.ticketId,
    ticketTitle: clock.ticketTitle,
    externalRef: clock.externalRef,
    lifecycle: clock.lifecycle,
    customerId: clock.customerId,
    customerName: clock.customerName,
    service: clock.service,
    priority: clock.priority,
    assignee: clock.assignee,
    targetId: clock.targetId,
    metric: clock.metric,
    state: clock.state,
    dueAt: iso(clock.dueAt),
    breachAt: iso(clock.breachAt),
    usedMinutes: minutes(clock.usedMs),
    remainingMinutes: minutes(Math.max(0, clock.durationMs - clock.usedMs)),
    percentUsed: clock.percentUsed,
    durationMinutes: minutes(clock.durationMs),
    nextCheckAt: iso(clock.nextCheckAt),
    evaluatedAt: iso(clock.evaluatedAt),
  };
}

const attentionCount = { breached: z.number(), atRisk: z.number() };

export const attentionQueueSchema = z.object({
  data: z.array(
    monitoredClockSchema.extend({
      attention: z.enum(['breached', 'at_risk']),
      pastDueMinutes: z
        .number()
        .nullable()
        .describe('Breached: minutes of real time since the due instant, as of asOf; at risk: null.'),
    }),
  ),
  page: z.object({ total: z.number(), limit: z.number(), offset: z.number() }),
  asOf: instantSchema.describe('The instant the queue was judged at.'),
  atRiskPercentUsed: z.number().describe('A running clock is at risk from this share of its time used.'),
  counts: z
    .object({
      ...attentionCount,
      byAssignee: z.array(
        z.object({ assignee: z.string().nullable().describe('null: unassigned'), ...attentionCount }),
      ),
      byCustomer: z.array(z.object({ customerId: z.string(), customerName: z.string(), ...attentionCount })),
    })
    .describe('Open tickets needing attention (breached if any clock is, else at risk), over every matching clock.'),
});

export function presentAttentionQueue(queue: AttentionAnswer): z.infer<typeof attentionQueueSchema> {
  return {
    data: queue.items.map((clock) => ({
      ...presentClock(clock),
      attention: clock.attention,
      pastDueMinutes:
        clock.attention === 'breached' && clock.dueAt !== null ? Math.max(0, queue.asOf - clock.dueAt) / 60_000 : null,
    })),
    page: { total: queue.total, limit: queue.limit, offset: queue.offset },
    asOf: iso(queue.asOf),
    atRiskPercentUsed: queue.atRiskPercentUsed,
    counts: {
      breached: queue.counts.breached,
      atRisk: queue.counts.atRisk,
      byAssignee: queue.counts.byAssignee.map((entry) => ({ ...entry })),
      byCustomer: queue.counts.byCustomer.map((entry) => ({ ...entry })),
    },
  };
}

export const notificationSchema = z.object({
  id: z.string(),
  kind: z.string().describe('warning, escalation, breach or report.'),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable().describe('A path in the web UI, e.g. /tickets/<id>.'),
  createdAt: instantSchema,
  readAt: instantSchema.nullable(),
  payload: z.unknown().describe('What the notification is about (for a clock: the alert with ticket and target).'),
});

export function presentNotification(notification: NotificationRecord): z.infer<typeof notificationSchema> {
  return {
    id: notification.id,
    kind: notification.kind,
    title: notification.title,
    body: notification.body,
    link: notification.link,
    createdAt: iso(notification.createdAt),
    readAt: iso(notification.readAt),
    payload: notification.payload,
  };
}

const kindsSchema = z.object({
  warning: z.boolean(),
  escalation: z.boolean(),
  breach: z.boolean(),
  report: z.boolean(),
});

export const preferencesSchema = z.object({
  email: z.boolean(),
  inApp: z.boolean(),
  timeZone: z.string().nullable().describe("IANA zone of e-mailed times; null: the user's own, else the agreement's."),
  kinds: kindsSchema,
});

export function presentPreferences(preferences: NotificationPreferences): z.infer<typeof preferencesSchema> {
  const { warning, escalation, breach, report } = preferences.kinds;
  return {
    email: preferences.email,
    inApp: preferences.inApp,
    timeZone: preferences.timeZone,
    kinds: { warning, escalation, breach, report },
  };
}

export const webhookSchema = z.object({
  id: z.string(),
  url: z.string(),
  eventTypes: z.array(z.string()),
  description: z.string().nullable(),
  active: z.boolean(),
  createdBy: z.string().nullable().describe('The user who created it (null: an API token).'),
  createdAt: instantSchema,
  updatedAt: instantSchema,
});

export function presentWebhook(webhook: WebhookRecord): z.infer<typeof webhookSchema> {
  return {
    id: webhook.id,
    url: webhook.url,
    eventTypes: [...webhook.eventTypes],
    description: webhook.description,
    active: webhook.active,
    createdBy: webhook.createdBy,
    createdAt: iso(webhook.createdAt),
    updatedAt: iso(webhook.updatedAt),
  };
}

export const deliverySchema = z.object({
  id: z.string(),
  attempt: z.number().describe('1 for the first attempt of the message, 2 for its first retry, ...'),
  attemptedAt: instantSchema,
  ok: z.boolean(),
  status: z.number().nullable().describe("The receiver's HTTP status; null when no answer came."),
  detail: z.string(),
  eventType: z.string(),
  outboxId: z.string(),
  outboxStatus: z.enum(['pending', 'sending', 'delivered', 'dead']),
});

export function presentDelivery(delivery: WebhookDeliveryRecord): z.infer<typeof deliverySchema> {
  return { ...delivery, attemptedAt: iso(delivery.attemptedAt) };
}

export const outboxSchema = z.object({
  id: z.string(),
  channel: z.enum(['email', 'webhook']),
  kind: z.string(),
  recipient: z.string(),
  subscriptionId: z.string().nullable(),
  customerId: z.string().nullable(),
  status: z.enum(['pending', 'sending', 'delivered', 'dead']),
  attempts: z.number(),
  nextAttemptAt: instantSchema,
  lastError: z.string().nullable(),
  deliveredAt: instantSchema.nullable(),
  createdAt: instantSchema,
  updatedAt: instantSchema,
  sourceId: z.string().nullable().describe('What caused it: a firing id, a report id; null for a test message.'),
});

export function presentOutboxMessage(message: OutboxMessage): z.infer<typeof outboxSchema> {
  return {
    id: message.id,
    channel: message.channel,
    kind: message.kind,
    recipient: message.recipient,
    subscriptionId: message.subscriptionId,
    customerId: message.customerId,
    status: message.status,
    attempts: message.attempts,
    nextAttemptAt: iso(message.nextAttemptAt),
    lastError: message.lastError,
    deliveredAt: iso(message.deliveredAt),
    createdAt: iso(message.createdAt),
    updatedAt: iso(message.updatedAt),
    sourceId: message.sourceId,
  };
}

export const deviationSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  agreementId: z.string().nullable(),
  ticketId: z.string().nullable(),
  targetId: z.string(),
  source: z.string().describe('escalation (a clock reached an escalation level) or result (a period result).'),
  title: z.string(),
  status: z.enum(['open', 'in_progress', 'closed']),
  note: z.string().nullable(),
  evidence: z.unknown(),
  openedAt: instantSchema,
  closedAt: instantSchema.nullable(),
  updatedAt: instantSchema,
});

export function presentDeviation(deviation: DeviationRecord): z.infer<typeof deviationSchema> {
  return {
    id: deviation.id,
    customerId: deviation.customerId,
    customerName: deviation.customerName,
    agreementId: deviation.agreementId,
    ticketId: deviation.ticketId,
    targetId: deviation.targetId,
    source: deviation.source,
    title: deviation.title,
    status: deviation.status,
    note: deviation.note,
    evidence: deviation.evidence,
    openedAt: iso(deviation.openedAt),
    closedAt: iso(deviation.closedAt),
    updatedAt: iso(deviation.updatedAt),
  };
}
