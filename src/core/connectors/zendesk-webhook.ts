/**
 * Zendesk webhooks subscribed to ticket events (docs/connectors.md#zendesk): `zen:event-type:ticket.created`,
 * `ticket.status_changed`, `ticket.priority_changed`, `ticket.agent_assignment_changed`, `ticket.comment_added` and
 * the other `ticket.*` types. Every such payload carries the ticket as it is after the change (`detail`), what
 * changed (`event`) and when (`time`). Zendesk's statuses are new, open, pending, hold, solved and closed; solved is
 * the agent's resolution, closed the end of the ticket's life.
 */
import { type ConnectorAction, refuse, type WebhookNormalisation } from './connector-types.ts';
import { booleanAt, idAt, isRecord, isSameIdentity, type JsonRecord, recordAt, textAt } from './payload-fields.ts';
import { instantFromText } from './vendor-instant.ts';

const eventTypePrefix = 'zen:event-type:';
const ticketEventPrefix = `${eventTypePrefix}ticket.`;

export function normaliseZendeskEvent(payload: unknown): WebhookNormalisation {
  if (!isRecord(payload)) return refuse('NOT_A_ZENDESK_PAYLOAD', 'a Zendesk webhook is a JSON object');
  const type = textAt(payload, 'type');
  if (type === null || !type.startsWith(eventTypePrefix)) {
    return refuse(
      'NOT_A_ZENDESK_PAYLOAD',
      'no "type" of the form zen:event-type:ticket.<event>: connect the webhook to ticket events',
    );
  }
  if (!type.startsWith(ticketEventPrefix)) {
    return refuse('UNSUPPORTED_WEBHOOK_EVENT', `Zendesk "${type}" events say nothing about tickets`);
  }
  const detail = recordAt(payload, 'detail');
  const ticketId = idAt(detail, 'id') ?? ticketIdOfSubject(textAt(payload, 'subject'));
  if (detail === undefined || ticketId === null) {
    return refuse('NOT_A_ZENDESK_PAYLOAD', `a "${type}" event carries the ticket in "detail" with its "id"`);
  }
  const event = recordAt(payload, 'event');
  const comment = recordAt(event, 'comment');
  const kind = type.slice(ticketEventPrefix.length);
  const actorId = kind === 'comment_added' ? idAt(recordAt(comment, 'author'), 'id') : idAt(detail, 'actor_id');
  const status = textAt(detail, 'status') ?? (kind === 'status_changed' ? textAt(event, 'current') : null);
  return {
    events: [
      {
        externalId: ticketId,
        action: actionOf(kind, event, status),
        status,
        priority: textAt(detail, 'priority') ?? (kind === 'priority_changed' ? textAt(event, 'current') : null),
        occurredAt: instantFromText(payload.time) ?? instantFromText(detail.updated_at),
        actorIsCustomer: isSameIdentity(actorId, idAt(detail, 'requester_id')),
      },
    ],
  };
}

/** `zen:ticket:35436` names ticket 35436. */
function ticketIdOfSubject(subject: string | null): string | null {
  return /^zen:ticket:(\d+)$/.exec(subject ?? '')?.[1] ?? null;
}

function actionOf(kind: string, event: JsonRecord | undefined, statusAfter: string | null): ConnectorAction {
  switch (kind) {
    case 'created':
      return 'opened';
    case 'status_changed':
      return statusAction(textAt(event, 'previous'), textAt(event, 'current') ?? statusAfter);
    case 'priority_changed':
      return 'priority_changed';
    case 'agent_assignment_changed':
      return 'assigned';
    case 'comment_added':
      // Zendesk's comments are public unless made private; a payload that does not say is taken at that default.
      return booleanAt(recordAt(event, 'comment'), 'is_public') === false ? 'internal_comment' : 'public_comment';
    default:
      // Custom fields, tags, groups, custom statuses, comments made private...: recorded, no clock moves by them.
      return 'other';
  }
}

const isEnded = (status: string | null) => status !== null && /^(solved|closed)$/i.test(status);

function statusAction(previous: string | null, current: string | null): ConnectorAction {
  if (current !== null && /^solved$/i.test(current)) return 'resolved';
  if (current !== null && /^closed$/i.test(current)) return 'closed';
  if (isEnded(previous) && current !== null && !/^(deleted|archived|scrubbed)$/i.test(current)) return 'reopened';
  return 'status_changed';
}
