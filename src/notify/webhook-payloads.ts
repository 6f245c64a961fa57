/**
 * The `data` of each webhook event: a stable, documented contract for receivers, separate from the internal
 * notification types so those can change without breaking anyone's integration. Instants are ISO-8601 UTC strings
 * and business durations are minutes, as in the REST API. Adding a field is compatible; renaming or removing one is a
 * new event version.
 */
import type { ClockAlert, ReportReady } from '../app/ports/notification-content.ts';
import { reportLink, ticketLink } from './covenant-links.ts';

export const WEBHOOK_EVENT_TYPES = [
  'clock.warning',
  'clock.escalation',
  'clock.breach',
  'report.ready',
  'notification.test',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}

/** Where links in payloads point; without a base URL they are null. */
export interface WebhookPayloadOptions {
  readonly baseUrl?: string | null;
}

/** `data` of `clock.warning`, `clock.escalation` and `clock.breach`. */
export interface ClockAlertWebhookData {
  readonly kind: ClockAlert['kind'];
  /** Percent of the target's duration the threshold stands for (100 for a breach). */
  readonly percent: number;
  /** When the threshold was reached. */
  readonly reachedAt: string;
  readonly ticket: {
    readonly id: string;
    readonly title: string;
    readonly externalRef: string | null;
    readonly priority: string | null;
    readonly assignee: string | null;
    readonly url: string | null;
  };
  readonly customer: { readonly id: string; readonly name: string };
  readonly agreement: { readonly id: string; readonly title: string } | null;
  readonly target: { readonly id: string; readonly metric: string; readonly durationMinutes: number };
  /** The cycle's due instant; null while the clock is paused. */
  readonly dueAt: string | null;
  readonly breachAt: string | null;
  readonly usedMinutes: number;
  readonly remainingMinutes: number;
  /** Actions taken at this level besides notifying, e.g. "reassigned to L2". */
  readonly actions: readonly string[];
}

/** `data` of `report.ready`. */
export interface ReportReadyWebhookData {
  readonly agreement: { readonly id: string; readonly title: string };
  readonly customer: { readonly id: string; readonly name: string };
  readonly period: string;
  readonly summary: readonly { readonly label: string; readonly value: string; readonly rag: string }[];
  readonly url: string | null;
}

/** `data` of `notification.test`, sent when someone presses "send test" on a subscription. */
export interface NotificationTestWebhookData {
  readonly message: string;
  readonly requestedAt: string;
  readonly requestedBy: string | null;
}

export function clockAlertEventType(alert: ClockAlert): WebhookEventType {
  return `clock.${alert.kind}`;
}

export function clockAlertWebhookData(alert: ClockAlert, options: WebhookPayloadOptions = {}): ClockAlertWebhookData {
  return {
    kind: alert.kind,
    percent: alert.percent,
    reachedAt: isoInstant(alert.reachedAt),
    ticket: {
      id: alert.ticket.id,
      title: alert.ticket.title,
      externalRef: alert.ticket.externalRef,
      priority: alert.ticket.priority,
      assignee: alert.ticket.assignee,
      url: options.baseUrl ? ticketLink(options.baseUrl, alert.ticket.id) : null,
    },
    customer: { id: alert.customer.id, name: alert.customer.name },
    agreement: alert.agreement ? { id: alert.agreement.id, title: alert.agreement.title } : null,
    target: {
      id: alert.target.id,
      metric: alert.target.metric,
      durationMinutes: minutes(alert.target.durationMs),
    },
    dueAt: alert.dueAt === null ? null : isoInstant(alert.dueAt),
    breachAt: alert.breachAt === null ? null : isoInstant(alert.breachAt),
    usedMinutes: minutes(alert.usedMs),
    remainingMinutes: minutes(alert.remainingMs),
    actions: [...alert.actions],
  };
}

export function reportReadyWebhookData(
  report: ReportReady,
  options: WebhookPayloadOptions = {},
): ReportReadyWebhookData {
  return {
    agreement: { id: report.agreement.id, title: report.agreement.title },
    customer: { id: report.customer.id, name: report.customer.name },
    period: report.period,
    summary: report.summary.map((line) => ({ label: line.label, value: line.value, rag: line.rag })),
    url: options.baseUrl ? reportLink(options.baseUrl, report.agreement.id, report.period) : null,
  };
}

export function notificationTestWebhookData(
  requestedAt: number,
  requestedBy: string | null,
): NotificationTestWebhookData {
  return {
    message:
      'A test delivery from Covenant: if its signature verifies, the subscription URL and secret are set up right.',
    requestedAt: isoInstant(requestedAt),
    requestedBy,
  };
}

function isoInstant(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** Business minutes, to the millisecond (no rounding that would make used + remaining differ from the duration). */
function minutes(ms: number): number {
  return ms / 60_000;
}
