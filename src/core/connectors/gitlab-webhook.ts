/**
 * GitLab issue webhooks (docs/connectors.md#gitlab): the Issue Hook (`object_kind: issue`, also for incidents and
 * tasks, and `work_item` on newer GitLab) and the Note Hook on issues (`object_kind: note`). GitLab names the event
 * twice, in the `X-Gitlab-Event` header and in `object_kind`; given both, they must agree. The ticket id is the
 * project-scoped `iid` people see (`#2`), not the global `id`. GitLab has no priority field: it comes from labels.
 */
import { type ConnectorAction, refuse, type VendorEvent, type WebhookNormalisation } from './connector-types.ts';
import { booleanAt, idAt, isRecord, isSameIdentity, type JsonRecord, recordAt, textAt } from './payload-fields.ts';
import { labelNamesAt, priorityFromLabels } from './priority-labels.ts';
import { instantFromText } from './vendor-instant.ts';

/**
 * `X-Gitlab-Event` values (or the object_kind itself) and the object_kind each carries; the confidential variants are
 * GitLab's internal issues and notes.
 */
const kindOfHeader: Readonly<Record<string, string>> = {
  'issue hook': 'issue',
  'confidential issue hook': 'issue',
  'work item hook': 'work_item',
  'note hook': 'note',
  'confidential note hook': 'note',
  issue: 'issue',
  work_item: 'work_item',
  note: 'note',
};
const ticketKinds = ['issue', 'work_item', 'note'];

export function normaliseGitLabHook(payload: unknown, eventName?: string): WebhookNormalisation {
  if (!isRecord(payload)) return refuse('NOT_A_GITLAB_PAYLOAD', 'a GitLab webhook is a JSON object');
  const kind = textAt(payload, 'object_kind');
  if (kind === null) return refuse('NOT_A_GITLAB_PAYLOAD', 'no "object_kind": every GitLab webhook names its kind');
  if (eventName !== undefined) {
    // Hooks Covenant does not read (Push Hook, Job Hook...) are refused below as unsupported, whatever the header.
    const headerKind = kindOfHeader[eventName.trim().toLowerCase()] ?? null;
    if (headerKind !== kind && (headerKind !== null || ticketKinds.includes(kind))) {
      return refuse('WEBHOOK_EVENT_MISMATCH', `--event says "${eventName}" but the payload's object_kind is "${kind}"`);
    }
  }
  if (kind === 'issue' || kind === 'work_item') return issueHookEvents(payload);
  if (kind === 'note') return noteHookEvents(payload);
  return refuse(
    'UNSUPPORTED_WEBHOOK_EVENT',
    `GitLab "${kind}" webhooks say nothing about issues; Covenant reads the Issue Hook and the Note Hook`,
  );
}

function issueHookEvents(payload: JsonRecord): WebhookNormalisation {
  const issue = recordAt(payload, 'object_attributes');
  const iid = idAt(issue, 'iid');
  if (issue === undefined || iid === null) {
    return refuse('NOT_A_GITLAB_PAYLOAD', 'an Issue Hook carries the issue in "object_attributes" with its "iid"');
  }
  const action = textAt(issue, 'action');
  const updatedAt = instantFromText(issue.updated_at);
  const occurredAt =
    action === 'open'
      ? (instantFromText(issue.created_at) ?? updatedAt)
      : action === 'close'
        ? (instantFromText(issue.closed_at) ?? updatedAt)
        : updatedAt;
  const labels = labelNamesAt(payload, 'labels');
  const event = (ticketAction: ConnectorAction): VendorEvent => ({
    externalId: iid,
    action: ticketAction,
    status: textAt(issue, 'state'),
    priority: priorityFromLabels(labels.length > 0 ? labels : labelNamesAt(issue, 'labels')),
    occurredAt,
    // The user who acted, against the issue's author. Older GitLab sent users without an id: then nobody can tell.
    actorIsCustomer: isSameIdentity(idAt(recordAt(payload, 'user'), 'id'), idAt(issue, 'author_id')),
  });
  return { events: issueActions(action, recordAt(payload, 'changes')).map(event) };
}

function issueActions(action: string | null, changes: JsonRecord | undefined): ConnectorAction[] {
  switch (action) {
    case 'open':
      return ['opened'];
    case 'close':
      return ['closed'];
    case 'reopen':
      return ['reopened'];
    default: {
      // An update (or an action this version of GitLab added since): what changed is in `changes`.
      const actions: ConnectorAction[] = [];
      if (changes?.assignees !== undefined || changes?.assignee_id !== undefined) actions.push('assigned');
      if (priorityChanged(recordAt(changes, 'labels'))) actions.push('priority_changed');
      return actions.length > 0 ? actions : ['other'];
    }
  }
}

function priorityChanged(labels: JsonRecord | undefined): boolean {
  if (labels === undefined) return false;
  return priorityFromLabels(labelNamesAt(labels, 'previous')) !== priorityFromLabels(labelNamesAt(labels, 'current'));
}

/**
 * A comment on an issue. Internal notes (GitLab's "internal", formerly "confidential", notes) arrive as a
 * Confidential Note Hook, with `event_type: confidential_note` and, on newer GitLab, `internal: true`.
 */
function noteHookEvents(payload: JsonRecord): WebhookNormalisation {
  const note = recordAt(payload, 'object_attributes');
  const noteableType = textAt(note, 'noteable_type');
  if (note === undefined || noteableType === null) {
    return refuse('NOT_A_GITLAB_PAYLOAD', 'a Note Hook carries the note in "object_attributes" with "noteable_type"');
  }
  if (noteableType !== 'Issue') {
    return refuse('UNSUPPORTED_WEBHOOK_EVENT', `a comment on a ${noteableType}, not on an issue`);
  }
  const issue = recordAt(payload, 'issue');
  const iid = idAt(issue, 'iid');
  if (issue === undefined || iid === null) {
    return refuse('NOT_A_GITLAB_PAYLOAD', 'a Note Hook on an issue carries the "issue" with its "iid"');
  }
  const internal =
    booleanAt(note, 'internal') === true ||
    booleanAt(note, 'confidential') === true ||
    textAt(payload, 'event_type') === 'confidential_note';
  // GitLab sends notes when they are edited too (object_attributes.action "update"): no new response.
  const edited = textAt(note, 'action') === 'update';
  const action: ConnectorAction = edited ? 'other' : internal ? 'internal_comment' : 'public_comment';
  const actorId = idAt(recordAt(payload, 'user'), 'id') ?? idAt(note, 'author_id');
  return {
    events: [
      {
        externalId: iid,
        action,
        status: textAt(issue, 'state'),
        priority: priorityFromLabels(labelNamesAt(issue, 'labels')),
        occurredAt: instantFromText(edited ? note.updated_at : note.created_at),
        actorIsCustomer: isSameIdentity(actorId, idAt(issue, 'author_id')),
      },
    ],
  };
}
