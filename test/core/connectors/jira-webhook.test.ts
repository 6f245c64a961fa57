import { describe, expect, it } from 'vitest';
import { normaliseWebhook } from '../../../src/core/connectors/normalise-webhook.ts';
import { samplePayload } from '../../support/webhook-sample.ts';

type Json = Record<string, unknown>;

const fixture = (name: string) => samplePayload({ file: `test/fixtures/webhook-sample/jira/${name}.json` }) as Json;
const updated = fixture('jira-issue-updated-started-working');
const commentCreated = fixture('jira-cloud-comment-created');
const issue = updated.issue as Json;
const fields = issue.fields as Json;

const agent = { accountId: '557058:agent', displayName: 'Agent Smith' };
const doneStatus = { name: 'Done', id: '10002', statusCategory: { key: 'done', name: 'Done' } };
const closedStatus = { name: 'Closed', id: '6', statusCategory: { key: 'done', name: 'Done' } };
const reopenedStatus = { name: 'Reopened', id: '4', statusCategory: { key: 'new', name: 'To Do' } };

/** An issue_updated webhook with these changelog items and issue fields. */
function update(items: Json[], fieldChanges: Json = {}, rest: Json = {}): Json {
  return {
    ...updated,
    issue: { ...issue, fields: { ...fields, ...fieldChanges } },
    changelog: { id: '10300', items },
    ...rest,
  };
}

/** A changelog item as Jira sends it: ids in from/to, the names people see in fromString/toString. */
const item = (field: string, fromName: string | null, toName: string | null): Json => ({
  field,
  fieldtype: 'jira',
  fieldId: field,
  from: fromName === null ? null : `${field}-from`,
  fromString: fromName,
  to: toName === null ? null : `${field}-to`,
  toString: toName,
});

describe('Jira issue_updated webhooks', () => {
  it('takes a transition to a done status with a resolution as one resolution, by an agent', () => {
    const resolved = update(
      [item('resolution', null, 'Done'), item('status', 'In Progress', 'Done')],
      { status: doneStatus },
      { user: agent },
    );
    expect(normaliseWebhook('jira', resolved)).toEqual({
      events: [
        {
          externalId: 'TES-41',
          action: 'resolved',
          status: 'Done',
          priority: 'High',
          occurredAt: '2019-02-16T03:14:22.039Z',
          actorIsCustomer: false,
        },
      ],
    });
  });

  it('takes a transition to Closed as a closing', () => {
    const closed = update([item('status', 'Done', 'Closed'), item('resolution', null, 'Fixed')], {
      status: closedStatus,
    });
    expect(normaliseWebhook('jira', closed)).toMatchObject({ events: [{ action: 'closed', status: 'Closed' }] });
  });

  it('takes a cleared resolution, or leaving a done status, as a reopening', () => {
    const cleared = update([item('status', 'Done', 'Reopened'), item('resolution', 'Done', null)], {
      status: reopenedStatus,
    });
    expect(normaliseWebhook('jira', cleared)).toMatchObject({ events: [{ action: 'reopened', status: 'Reopened' }] });
    const backToWork = update([item('status', 'Resolved', 'In Progress')]);
    expect(normaliseWebhook('jira', backToWork)).toMatchObject({ events: [{ action: 'reopened' }] });
  });

  it('gives one event per kind of change: status, priority, assignee', () => {
    const several = update(
      [item('status', 'To Do', 'In Progress'), item('priority', 'Low', 'Highest'), item('assignee', null, 'Agent')],
      { priority: { name: 'Highest', id: '1' } },
    );
    const result = normaliseWebhook('jira', several);
    expect(result).toMatchObject({
      events: [
        { action: 'status_changed', priority: 'Highest' },
        { action: 'priority_changed', priority: 'Highest' },
        { action: 'assigned', priority: 'Highest' },
      ],
    });
  });

  it('takes a change of other fields as an other change', () => {
    const described = update([item('description', 'old', 'new'), item('labels', '', 'sad')]);
    expect(normaliseWebhook('jira', described)).toMatchObject({ events: [{ action: 'other' }] });
    const noChangelog = { ...updated, changelog: undefined };
    expect(normaliseWebhook('jira', noChangelog)).toMatchObject({ events: [{ action: 'other' }] });
  });

  it('reads a Data Center comment (issue_commented) and compares people by key when there is no accountId', () => {
    const person = (key: string) => ({ name: key, key, displayName: key });
    const serverIssue = {
      ...issue,
      fields: { ...fields, reporter: person('jsmith'), creator: person('jsmith') },
    };
    const commentedByReporter = {
      timestamp: 1700000000000,
      webhookEvent: 'jira:issue_updated',
      issue_event_type_name: 'issue_commented',
      user: person('jsmith'),
      issue: serverIssue,
      comment: { id: '10100', author: person('jsmith'), body: 'Still broken', created: '2023-11-14T22:13:20.000+0000' },
    };
    expect(normaliseWebhook('jira', commentedByReporter)).toEqual({
      events: [
        {
          externalId: 'TES-41',
          action: 'public_comment',
          status: 'In Progress',
          priority: 'High',
          occurredAt: '2023-11-14T22:13:20.000Z',
          actorIsCustomer: true,
        },
      ],
    });
    const byAgent = { ...commentedByReporter, user: person('agent1') };
    expect(normaliseWebhook('jira', byAgent)).toMatchObject({ events: [{ actorIsCustomer: false }] });
  });

  it('takes the instant from the issue when the webhook has no timestamp, in UTC', () => {
    const { timestamp: _timestamp, ...withoutTimestamp } = update([item('status', 'To Do', 'In Progress')]);
    expect(normaliseWebhook('jira', withoutTimestamp)).toMatchObject({
      events: [{ occurredAt: '2019-02-16T03:14:22.002Z' }],
    });
  });
});

describe('Jira comment webhooks', () => {
  const comment = commentCreated.comment as Json;

  it('takes a Service Management comment the customer cannot see (jsdPublic false) as internal', () => {
    const internal = { ...commentCreated, comment: { ...comment, jsdPublic: false } };
    expect(normaliseWebhook('jira', internal)).toMatchObject({ events: [{ action: 'internal_comment' }] });
  });

  it('takes a comment restricted to a role or group as internal', () => {
    const restricted = {
      ...commentCreated,
      comment: { ...comment, jsdPublic: undefined, visibility: { type: 'role', value: 'Developers' } },
    };
    expect(normaliseWebhook('jira', restricted)).toMatchObject({ events: [{ action: 'internal_comment' }] });
  });

  it('compares the comment author with the reporter when the issue carries one', () => {
    const withReporter = {
      ...commentCreated,
      issue: {
        ...(commentCreated.issue as Json),
        fields: {
          ...((commentCreated.issue as Json).fields as Json),
          reporter: { accountId: '5c5f880629be9642ba529340' },
        },
      },
    };
    expect(normaliseWebhook('jira', withReporter)).toMatchObject({
      events: [{ action: 'public_comment', actorIsCustomer: true }],
    });
  });

  it('takes edited and deleted comments as other changes', () => {
    for (const webhookEvent of ['comment_updated', 'comment_deleted']) {
      expect(normaliseWebhook('jira', { ...commentCreated, webhookEvent })).toMatchObject({
        events: [{ action: 'other' }],
      });
    }
  });
});

describe('Jira payloads that are no issue change', () => {
  it('refuses events about sprints, projects, worklogs', () => {
    for (const webhookEvent of ['sprint_started', 'project_created', 'worklog_updated']) {
      expect(normaliseWebhook('jira', { ...updated, webhookEvent })).toMatchObject({
        error: { code: 'UNSUPPORTED_WEBHOOK_EVENT' },
      });
    }
  });

  it('refuses an event name that contradicts the webhookEvent of the body', () => {
    expect(normaliseWebhook('jira', updated, 'jira:issue_created')).toMatchObject({
      error: { code: 'WEBHOOK_EVENT_MISMATCH' },
    });
  });

  it('refuses what is not a Jira webhook, without throwing', () => {
    const malformed: unknown[] = [
      null,
      [1, 2],
      'jira:issue_updated',
      {},
      { webhookEvent: 'jira:issue_updated' },
      { webhookEvent: 'jira:issue_updated', issue: { id: '10040' } },
      { webhookEvent: 'jira:issue_updated', issue: { key: { value: 'TES-41' } } },
      { ...updated, webhookEvent: 12 },
    ];
    for (const payload of malformed) {
      expect(normaliseWebhook('jira', payload), JSON.stringify(payload)?.slice(0, 50)).toMatchObject({
        error: { code: 'NOT_A_JIRA_PAYLOAD' },
      });
    }
  });

  it('survives odd field types: a broken changelog, a status that is a string', () => {
    const odd = {
      ...updated,
      changelog: { items: [null, 'status', { field: 7 }] },
      issue: { key: 'X-1', fields: { status: 'Open' } },
    };
    expect(normaliseWebhook('jira', odd)).toMatchObject({
      events: [{ externalId: 'X-1', action: 'other', status: null, priority: null, actorIsCustomer: null }],
    });
  });
});
