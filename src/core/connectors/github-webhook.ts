/**
 * GitHub Issues deliveries (docs/connectors.md#github): the `issues` and `issue_comment` events. GitHub names the
 * event only in the `X-GitHub-Event` header; without it the event is recognised by the payload's shape (a `comment`
 * beside the `issue` is a comment). An issue has no priority field, so the priority comes from its labels; its status
 * is GitHub's `state` (`open`, `closed`). Pull requests are not tickets, so comments on them are refused.
 */
import { type ConnectorAction, refuse, type VendorEvent, type WebhookNormalisation } from './connector-types.ts';
import { idAt, isRecord, isSameIdentity, type JsonRecord, recordAt, textAt } from './payload-fields.ts';
import { isPriorityLabel, labelNamesAt, priorityFromLabels } from './priority-labels.ts';
import { instantFromText } from './vendor-instant.ts';

const ticketEvents = ['issues', 'issue_comment'];

export function normaliseGitHubDelivery(payload: unknown, eventName?: string): WebhookNormalisation {
  if (!isRecord(payload)) return refuse('NOT_A_GITHUB_PAYLOAD', 'a GitHub delivery is a JSON object');
  const event = eventName ?? eventOfShape(payload);
  if (event === null) {
    return refuse(
      'NOT_A_GITHUB_PAYLOAD',
      'no issue in the payload: an issues or issue_comment delivery carries "issue" and "action" ' +
        '(for other events, give the X-GitHub-Event header with --event)',
    );
  }
  if (!ticketEvents.includes(event)) {
    return refuse(
      'UNSUPPORTED_WEBHOOK_EVENT',
      `GitHub "${event}" deliveries say nothing about issues; Covenant reads "issues" and "issue_comment"`,
    );
  }
  const issue = recordAt(payload, 'issue');
  const number = idAt(issue, 'number');
  const action = textAt(payload, 'action');
  if (issue === undefined || number === null || action === null) {
    return refuse('NOT_A_GITHUB_PAYLOAD', `an "${event}" delivery carries "action" and an "issue" with its "number"`);
  }
  if (event === 'issue_comment' && recordAt(payload, 'comment') === undefined) {
    return refuse('NOT_A_GITHUB_PAYLOAD', 'an "issue_comment" delivery carries the "comment"');
  }
  if (event === 'issue_comment' && recordAt(issue, 'pull_request') !== undefined) {
    return refuse('UNSUPPORTED_WEBHOOK_EVENT', `a comment on pull request #${number}: pull requests are not tickets`);
  }

  const change = event === 'issues' ? issueChange(payload, issue, action) : commentChange(payload, issue, action);
  const actorId = idAt(recordAt(payload, 'sender'), 'id') ?? idAt(recordAt(change.comment, 'user'), 'id');
  const ticketEvent: VendorEvent = {
    externalId: number,
    action: change.action,
    status: textAt(issue, 'state'),
    priority: priorityFromLabels(labelNamesAt(issue, 'labels')),
    occurredAt: change.occurredAt,
    actorIsCustomer: isSameIdentity(actorId, idAt(recordAt(issue, 'user'), 'id')),
  };
  return { events: [ticketEvent] };
}

/** The event a payload without its header must be: the shapes GitHub documents for the two ticket events. */
function eventOfShape(payload: JsonRecord): string | null {
  if (recordAt(payload, 'issue') === undefined) return null;
  return recordAt(payload, 'comment') === undefined ? 'issues' : 'issue_comment';
}

interface Change {
  readonly action: ConnectorAction;
  readonly occurredAt: string | null;
  readonly comment?: JsonRecord | undefined;
}

/**
 * GitHub sends no delivery time in the body; the issue's own instants are the best it says: `created_at` for an
 * opening, `closed_at` for a closing, `updated_at` (bumped by every change) for the rest.
 */
function issueChange(payload: JsonRecord, issue: JsonRecord, action: string): Change {
  const updatedAt = instantFromText(issue.updated_at);
  switch (action) {
    case 'opened':
      return { action: 'opened', occurredAt: instantFromText(issue.created_at) ?? updatedAt };
    case 'closed':
      return { action: 'closed', occurredAt: instantFromText(issue.closed_at) ?? updatedAt };
    case 'reopened':
      return { action: 'reopened', occurredAt: updatedAt };
    case 'assigned':
    case 'unassigned':
      return { action: 'assigned', occurredAt: updatedAt };
    case 'labeled':
    case 'unlabeled': {
      const label = textAt(recordAt(payload, 'label'), 'name');
      return { action: label !== null && isPriorityLabel(label) ? 'priority_changed' : 'other', occurredAt: updatedAt };
    }
    default:
      // edited, milestoned, locked, pinned, transferred, typed, deleted...: the ticket changed, its clocks did not.
      return { action: 'other', occurredAt: updatedAt };
  }
}

/** GitHub has no private comments: every comment on an issue is public. Edits and deletions are no new response. */
function commentChange(payload: JsonRecord, issue: JsonRecord, action: string): Change {
  const comment = recordAt(payload, 'comment');
  const issueUpdatedAt = instantFromText(issue.updated_at);
  if (action === 'created') {
    return { action: 'public_comment', occurredAt: instantFromText(comment?.created_at) ?? issueUpdatedAt, comment };
  }
  return { action: 'other', occurredAt: instantFromText(comment?.updated_at) ?? issueUpdatedAt, comment };
}
