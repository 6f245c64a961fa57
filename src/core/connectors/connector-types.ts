/**
 * What a vendor's webhook payload becomes in Covenant's words (docs/connectors.md): ticket events for the helpdesks
 * and issue trackers, outages for monitoring and status pages. The vendors' own words (statuses, priorities) travel
 * as they are; only the kind of change is translated, so that a connector's mapping can decide later what a vendor's
 * status or priority means under an agreement.
 */

export const connectorVendors = [
  'github',
  'jira',
  'zendesk',
  'gitlab',
  'freshdesk',
  'alertmanager',
  'statuspage',
] as const;
export type ConnectorVendor = (typeof connectorVendors)[number];

/** The kinds of change a ticket event can be, whatever the vendor calls them. */
export const connectorActions = [
  'opened',
  'status_changed',
  'priority_changed',
  'assigned',
  'public_comment',
  'internal_comment',
  'resolved',
  'closed',
  'reopened',
  'other',
] as const;
export type ConnectorAction = (typeof connectorActions)[number];

/** One change to one ticket, as a vendor reported it. */
export interface VendorEvent {
  /** The vendor's ticket id as people see it: GitHub's and GitLab's issue number, Jira's key, Zendesk's id. */
  readonly externalId: string;
  readonly action: ConnectorAction;
  /** The ticket's status after the change, in the vendor's words; null when the payload does not say. */
  readonly status: string | null;
  /** The ticket's priority after the change, in the vendor's words; null when it has none or the payload does not say. */
  readonly priority: string | null;
  /** ISO-8601 in UTC, with the vendor's own precision; null when the payload carries no instant for the change. */
  readonly occurredAt: string | null;
  /** Whether the one who acted is the ticket's reporter (requester); null when the payload cannot tell. */
  readonly actorIsCustomer: boolean | null;
}

/** An outage (an alert or an incident) as a monitoring tool or status page reported it. */
export interface VendorOutage {
  /** Stable across deliveries: Alertmanager's fingerprint, Statuspage's incident or component id. */
  readonly id: string;
  /** The vendor's state: `firing`/`resolved`, `investigating`/.../`resolved`, a component's status. */
  readonly state: string;
  readonly startedAt: string | null;
  /** Null while the outage goes on, or when the payload does not say when it ended. */
  readonly endedAt: string | null;
}

/** Stable codes of payloads that cannot be normalised; the CLI prints them, a webhook endpoint will answer with them. */
export const connectorErrorCodes = [
  'NOT_A_GITHUB_PAYLOAD',
  'NOT_A_JIRA_PAYLOAD',
  'NOT_A_ZENDESK_PAYLOAD',
  'NOT_A_GITLAB_PAYLOAD',
  'NOT_A_FRESHDESK_PAYLOAD',
  'NOT_A_ALERTMANAGER_PAYLOAD',
  'NOT_A_STATUSPAGE_PAYLOAD',
  /** A payload of the vendor, but of an event that says nothing about tickets or outages (a push, a merge request). */
  'UNSUPPORTED_WEBHOOK_EVENT',
  /** The event name given with the payload (its header) contradicts the one the payload names itself. */
  'WEBHOOK_EVENT_MISMATCH',
] as const;
export type ConnectorErrorCode = (typeof connectorErrorCodes)[number];

export interface ConnectorError {
  readonly code: ConnectorErrorCode;
  /** One sentence for a person, saying what was expected. */
  readonly message: string;
}

/** What `normaliseWebhook` makes of one payload: ticket events, outages, or why neither. */
export type WebhookNormalisation =
  | { readonly events: readonly VendorEvent[] }
  | {
      readonly outages: readonly VendorOutage[];
      /** Alertmanager only: the notification's alert group as a whole (its groupKey and status). */
      readonly group?: VendorOutage;
    }
  | { readonly error: ConnectorError };

export function refuse(code: ConnectorErrorCode, message: string): { readonly error: ConnectorError } {
  return { error: { code, message } };
}
