/**
 * Freshdesk automation webhooks (docs/connectors.md#freshdesk). Freshdesk posts whatever body the rule's author
 * wrote from its placeholders; the shape read here is the one its integrations document, the ticket's fields under
 * `freshdesk_webhook` (`ticket_id`, `ticket_status`, `ticket_priority`, and `triggered_event` from the
 * `{{triggered_event}}` placeholder), or the same fields at the top level. `triggered_event` says what happened in
 * Freshdesk's own unquoted notation: `{ticket_action:created}`, `{status:{from:2,to:4}}`, `{note_type:private}`.
 * The documented body names no actor and carries no instant, so both are left unknown.
 */
import { type ConnectorAction, refuse, type WebhookNormalisation } from './connector-types.ts';
import { idAt, isRecord, recordAt, textAt } from './payload-fields.ts';

/** Freshdesk's built-in statuses and priorities by number; custom statuses (6 and up) have only the name it sends. */
const statusNames: Readonly<Record<string, string>> = { '2': 'Open', '3': 'Pending', '4': 'Resolved', '5': 'Closed' };
const priorityNames: Readonly<Record<string, string>> = { '1': 'Low', '2': 'Medium', '3': 'High', '4': 'Urgent' };

interface TriggeredEvent {
  readonly property: string;
  /** `created` in `{ticket_action:created}`; null for a change. */
  readonly value: string | null;
  readonly from: string | null;
  readonly to: string | null;
}

export function normaliseFreshdeskWebhook(payload: unknown): WebhookNormalisation {
  if (!isRecord(payload)) return refuse('NOT_A_FRESHDESK_PAYLOAD', 'a Freshdesk webhook is a JSON object');
  const ticket = recordAt(payload, 'freshdesk_webhook') ?? payload;
  const ticketId = idAt(ticket, 'ticket_id');
  if (ticketId === null) {
    return refuse('NOT_A_FRESHDESK_PAYLOAD', 'no "ticket_id" in "freshdesk_webhook": add "ticket_id":"{{ticket.id}}"');
  }
  const triggeredText = textAt(ticket, 'triggered_event');
  if (triggeredText === null) {
    return refuse(
      'NOT_A_FRESHDESK_PAYLOAD',
      'no "triggered_event": add "triggered_event":"{{triggered_event}}" to the webhook body',
    );
  }
  const triggered = parseTriggeredEvent(triggeredText);
  if (triggered === null) {
    return refuse(
      'NOT_A_FRESHDESK_PAYLOAD',
      `triggered_event ${JSON.stringify(triggeredText)} is not Freshdesk's {property:value} notation`,
    );
  }
  const changedTo = (names: Readonly<Record<string, string>>) =>
    triggered.to === null ? null : nameOf(triggered.to, names);
  return {
    events: [
      {
        externalId: ticketId,
        action: actionOf(triggered),
        status: textAt(ticket, 'ticket_status') ?? (triggered.property === 'status' ? changedTo(statusNames) : null),
        priority:
          textAt(ticket, 'ticket_priority') ?? (triggered.property === 'priority' ? changedTo(priorityNames) : null),
        occurredAt: null,
        actorIsCustomer: null,
      },
    ],
  };
}

/** `{ticket_action:created}`, `{note_type:public}`, `{status:{from:4,to:Open}}` (numbers or names, unquoted). */
function parseTriggeredEvent(text: string): TriggeredEvent | null {
  const change = /^\{\s*([\w.]+)\s*:\s*\{\s*from\s*:\s*([^,{}]*?)\s*,\s*to\s*:\s*([^,{}]*?)\s*\}\s*\}$/i.exec(
    text.trim(),
  );
  if (change)
    return { property: change[1]!.toLowerCase(), value: null, from: change[2] || null, to: change[3] || null };
  const simple = /^\{\s*([\w.]+)\s*:\s*([^{}]*?)\s*\}$/.exec(text.trim());
  if (simple) return { property: simple[1]!.toLowerCase(), value: simple[2]!.toLowerCase(), from: null, to: null };
  return null;
}

/** A number Freshdesk sent for one of its built-in values becomes the value's name; a name stays as it is. */
function nameOf(value: string, names: Readonly<Record<string, string>>): string | null {
  if (/^\d+$/.test(value)) return names[value] ?? null;
  return value;
}

const isResolved = (status: string | null) => status !== null && /^(4|resolved)$/i.test(status);
const isClosed = (status: string | null) => status !== null && /^(5|closed)$/i.test(status);

function actionOf(triggered: TriggeredEvent): ConnectorAction {
  switch (triggered.property) {
    case 'ticket_action':
      return triggered.value === 'created' ? 'opened' : 'other';
    case 'status':
      if (isResolved(triggered.to)) return 'resolved';
      if (isClosed(triggered.to)) return 'closed';
      if (isResolved(triggered.from) || isClosed(triggered.from)) return 'reopened';
      return 'status_changed';
    case 'priority':
      return 'priority_changed';
    case 'responder_id':
    case 'agent':
    case 'agent_id':
      return 'assigned';
    case 'note_type':
      if (triggered.value === 'private') return 'internal_comment';
      return triggered.value === 'public' ? 'public_comment' : 'other';
    case 'reply_sent':
      // An agent's reply is sent to the requester: a public response.
      return 'public_comment';
    default:
      return 'other';
  }
}
