/**
 * Jira Cloud, Jira Data Center and Jira Service Management webhooks (docs/connectors.md#jira): `jira:issue_created`,
 * `jira:issue_updated` (what changed is in `changelog.items`; Data Center sends comments this way too, as
 * `issue_commented`), and `comment_created`. The body names its event (`webhookEvent`) and carries the delivery's
 * instant (`timestamp`, epoch milliseconds), which is when the change happened. Status and priority are the issue's
 * after the change, by name, as Jira shows them.
 */
import { type ConnectorAction, refuse, type VendorEvent, type WebhookNormalisation } from './connector-types.ts';
import { arrayAt, booleanAt, idAt, isRecord, type JsonRecord, recordAt, textAt } from './payload-fields.ts';
import { instantFromEpochMilliseconds, instantFromText } from './vendor-instant.ts';

const issueEvents = ['jira:issue_created', 'jira:issue_updated', 'jira:issue_deleted'];
const commentEvents = ['comment_created', 'comment_updated', 'comment_deleted'];

export function normaliseJiraWebhook(payload: unknown, eventName?: string): WebhookNormalisation {
  if (!isRecord(payload)) return refuse('NOT_A_JIRA_PAYLOAD', 'a Jira webhook is a JSON object');
  const named = textAt(payload, 'webhookEvent');
  if (named !== null && eventName !== undefined && eventName !== named) {
    return refuse('WEBHOOK_EVENT_MISMATCH', `--event says "${eventName}" but the payload's webhookEvent is "${named}"`);
  }
  const event = named ?? eventName ?? null;
  if (event === null) return refuse('NOT_A_JIRA_PAYLOAD', 'no "webhookEvent": every Jira webhook names its event');
  if (!issueEvents.includes(event) && !commentEvents.includes(event)) {
    return refuse(
      'UNSUPPORTED_WEBHOOK_EVENT',
      `Jira "${event}" webhooks say nothing about an issue's progress; Covenant reads ${[...issueEvents, ...commentEvents].join(', ')}`,
    );
  }
  const issue = recordAt(payload, 'issue');
  const key = idAt(issue, 'key');
  if (issue === undefined || key === null) {
    return refuse('NOT_A_JIRA_PAYLOAD', `a "${event}" webhook carries the "issue" with its "key"`);
  }
  const fields = recordAt(issue, 'fields');
  const comment = recordAt(payload, 'comment');
  const reporter = recordAt(fields, 'reporter');
  const actor = actorOf(event, payload);
  const occurredAt =
    instantFromEpochMilliseconds(payload.timestamp) ??
    instantFromText(comment?.created) ??
    instantFromText(fields?.updated);
  const ticketEvent = (action: ConnectorAction): VendorEvent => ({
    externalId: key,
    action,
    status: textAt(recordAt(fields, 'status'), 'name'),
    priority: textAt(recordAt(fields, 'priority'), 'name'),
    occurredAt,
    actorIsCustomer: isSameJiraUser(actor, reporter),
  });
  return { events: actionsOf(event, payload, fields).map(ticketEvent) };
}

/** Who acted: the webhook's user for issue events; for comment events, who wrote (or last edited) the comment. */
function actorOf(event: string, payload: JsonRecord): JsonRecord | undefined {
  if (!commentEvents.includes(event)) return recordAt(payload, 'user');
  const comment = recordAt(payload, 'comment');
  if (event === 'comment_created') return recordAt(comment, 'author');
  return recordAt(comment, 'updateAuthor') ?? recordAt(comment, 'author');
}

function actionsOf(event: string, payload: JsonRecord, fields: JsonRecord | undefined): ConnectorAction[] {
  const comment = recordAt(payload, 'comment');
  switch (event) {
    case 'jira:issue_created':
      // The changelog of a creation lists the fields it was created with: they are part of the opening.
      return ['opened'];
    case 'comment_created':
      return [commentAction(comment)];
    case 'jira:issue_updated': {
      const actions = changelogActions(payload, fields);
      const eventType = textAt(payload, 'issue_event_type_name');
      if (eventType === 'issue_commented' && comment !== undefined) actions.push(commentAction(comment));
      return actions.length > 0 ? actions : ['other'];
    }
    default:
      // Deletions and edits of comments, deleted issues: recorded, but they move no clock.
      return ['other'];
  }
}

/**
 * Jira Service Management marks comments the customer cannot see with `jsdPublic: false`; Jira Software restricts a
 * comment to a role or group with `visibility`. Either makes it internal; anything else is public.
 */
function commentAction(comment: JsonRecord | undefined): ConnectorAction {
  const internal = booleanAt(comment, 'jsdPublic') === false || recordAt(comment, 'visibility') !== undefined;
  return internal ? 'internal_comment' : 'public_comment';
}

interface ChangelogItem {
  readonly field: string;
  readonly from: string | null;
  readonly to: string | null;
}

/** One action per kind of change: the lifecycle (status and resolution together), the priority, the assignee. */
function changelogActions(payload: JsonRecord, fields: JsonRecord | undefined): ConnectorAction[] {
  const items = changelogItems(payload);
  const item = (field: string) => items.find((candidate) => candidate.field === field);
  const actions: ConnectorAction[] = [];
  const lifecycle = lifecycleAction(item('status'), item('resolution'), recordAt(fields, 'status'));
  if (lifecycle !== null) actions.push(lifecycle);
  if (item('priority')) actions.push('priority_changed');
  if (item('assignee')) actions.push('assigned');
  return actions;
}

function changelogItems(payload: JsonRecord): ChangelogItem[] {
  const items: ChangelogItem[] = [];
  for (const entry of arrayAt(recordAt(payload, 'changelog'), 'items') ?? []) {
    if (!isRecord(entry)) continue;
    // fieldId is the stable name (Cloud); older Data Center payloads only have the display name.
    const field = (textAt(entry, 'fieldId') ?? textAt(entry, 'field'))?.toLowerCase();
    if (field === undefined) continue;
    // The names (fromString, toString) say more than the ids (a status id means nothing without the workflow).
    items.push({
      field,
      from: textAt(entry, 'fromString') ?? idAt(entry, 'from'),
      to: textAt(entry, 'toString') ?? idAt(entry, 'to'),
    });
  }
  return items;
}

/**
 * A resolution set is a resolution (a closing when the status is called Closed); a resolution cleared is a reopening.
 * Without a resolution change, the status's category decides: `done` resolves, and leaving a status named Done,
 * Resolved or Closed reopens. Workflows name statuses freely, so names are only trusted for these three.
 */
function lifecycleAction(
  status: ChangelogItem | undefined,
  resolution: ChangelogItem | undefined,
  currentStatus: JsonRecord | undefined,
): ConnectorAction | null {
  const statusName = textAt(currentStatus, 'name') ?? status?.to ?? '';
  const closedByName = /^closed$/i.test(statusName.trim());
  if (resolution?.to) return closedByName ? 'closed' : 'resolved';
  if (resolution?.from) return 'reopened';
  if (status === undefined) return null;
  if (closedByName) return 'closed';
  if (textAt(recordAt(currentStatus, 'statusCategory'), 'key') === 'done') return 'resolved';
  if (/^(done|resolved|closed)$/i.test(status.from?.trim() ?? '')) return 'reopened';
  return 'status_changed';
}

/**
 * The reporter-identity rule with Jira's identities: Cloud identifies people by `accountId`, Data Center by `key` and
 * `name`. Two users are compared on the first identity both carry; with none in common, nobody can tell.
 */
function isSameJiraUser(actor: JsonRecord | undefined, reporter: JsonRecord | undefined): boolean | null {
  if (actor === undefined || reporter === undefined) return null;
  for (const identity of ['accountId', 'key', 'name']) {
    const actorId = idAt(actor, identity);
    const reporterId = idAt(reporter, identity);
    if (actorId !== null && reporterId !== null) return actorId === reporterId;
  }
  return null;
}
