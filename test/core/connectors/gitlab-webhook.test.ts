import { describe, expect, it } from 'vitest';
import { normaliseWebhook } from '../../../src/core/connectors/normalise-webhook.ts';
import { samplePayload } from '../../support/webhook-sample.ts';

type Json = Record<string, unknown>;

const opened = samplePayload({
  file: 'test/fixtures/webhook-sample/gitlab/gitlab-issue-opened-two-assignees.json',
}) as Json;
const attributes = opened.object_attributes as Json;
const author = { id: 1102929, name: 'Adam Birds', username: 'adambirds' };
const agent = { id: 1129123, name: 'Eeshan Garg', username: 'eeshangarg' };

/** The sample Issue Hook with another action, issue attributes and top-level fields (GitLab's current ISO times). */
function issueHook(action: string, attributeChanges: Json = {}, rest: Json = {}): Json {
  return {
    ...opened,
    user: agent,
    object_attributes: { ...attributes, action, updated_at: '2018-09-18T09:30:00Z', ...attributeChanges },
    changes: {},
    ...rest,
  };
}

/** A comment on issue #2 as GitLab documents the Note Hook. */
function noteHook(noteChanges: Json = {}, rest: Json = {}): Json {
  return {
    object_kind: 'note',
    event_type: 'note',
    user: author,
    project_id: 8427506,
    object_attributes: {
      id: 1244,
      note: 'It still fails for me.',
      noteable_type: 'Issue',
      author_id: author.id,
      created_at: '2018-09-18 10:00:00 UTC',
      updated_at: '2018-09-18 10:00:00 UTC',
      internal: false,
      ...noteChanges,
    },
    issue: {
      id: 14226169,
      iid: 2,
      author_id: author.id,
      state: 'opened',
      labels: [{ id: 206, title: 'priority::high', type: 'ProjectLabel' }],
    },
    ...rest,
  };
}

describe('GitLab Issue Hook', () => {
  it('reads a closing by an agent at the closing instant', () => {
    const closed = issueHook('close', { state: 'closed', closed_at: '2018-09-18T09:29:59Z' });
    expect(normaliseWebhook('gitlab', closed, 'Issue Hook')).toEqual({
      events: [
        {
          externalId: '2',
          action: 'closed',
          status: 'closed',
          priority: null,
          occurredAt: '2018-09-18T09:29:59Z',
          actorIsCustomer: false,
        },
      ],
    });
  });

  it('reads a reopening by the author', () => {
    expect(normaliseWebhook('gitlab', issueHook('reopen', {}, { user: author }))).toMatchObject({
      events: [{ action: 'reopened', status: 'opened', occurredAt: '2018-09-18T09:30:00Z', actorIsCustomer: true }],
    });
  });

  it('reads an update from its changes: assignees, priority labels, or anything else', () => {
    const assigned = issueHook('update', {}, { changes: { assignees: { previous: [], current: [agent] } } });
    expect(normaliseWebhook('gitlab', assigned)).toMatchObject({ events: [{ action: 'assigned' }] });

    const label = { id: 206, title: 'priority::high' };
    const prioritised = issueHook(
      'update',
      {},
      {
        labels: [{ id: 1, title: 'bug' }, label],
        changes: { labels: { previous: [{ id: 1, title: 'bug' }], current: [{ id: 1, title: 'bug' }, label] } },
      },
    );
    expect(normaliseWebhook('gitlab', prioritised)).toMatchObject({
      events: [{ action: 'priority_changed', priority: 'priority::high' }],
    });

    const both = issueHook(
      'update',
      {},
      {
        labels: [label],
        changes: { assignee_id: { previous: null, current: agent.id }, labels: { previous: [], current: [label] } },
      },
    );
    expect(normaliseWebhook('gitlab', both)).toMatchObject({
      events: [{ action: 'assigned' }, { action: 'priority_changed' }],
    });

    const retitled = issueHook('update', {}, { changes: { title: { previous: 'a', current: 'b' } } });
    expect(normaliseWebhook('gitlab', retitled)).toMatchObject({ events: [{ action: 'other' }] });
  });

  it('accepts the confidential variant of the header', () => {
    expect(normaliseWebhook('gitlab', issueHook('open'), 'Confidential Issue Hook')).toMatchObject({
      events: [{ action: 'opened' }],
    });
  });
});

describe('GitLab Note Hook', () => {
  it('reads a comment of the issue author as public, by the customer', () => {
    expect(normaliseWebhook('gitlab', noteHook(), 'Note Hook')).toEqual({
      events: [
        {
          externalId: '2',
          action: 'public_comment',
          status: 'opened',
          priority: 'priority::high',
          occurredAt: '2018-09-18T10:00:00Z',
          actorIsCustomer: true,
        },
      ],
    });
  });

  it('reads internal notes, old and new style, as internal comments', () => {
    const internal = noteHook({ internal: true }, { user: agent });
    expect(normaliseWebhook('gitlab', internal)).toMatchObject({
      events: [{ action: 'internal_comment', actorIsCustomer: false }],
    });
    const confidential = noteHook({ internal: undefined }, { event_type: 'confidential_note' });
    expect(normaliseWebhook('gitlab', confidential, 'Confidential Note Hook')).toMatchObject({
      events: [{ action: 'internal_comment' }],
    });
  });

  it('takes an edited note as an other change', () => {
    const edited = noteHook({ action: 'update', updated_at: '2018-09-18T11:00:00Z' });
    expect(normaliseWebhook('gitlab', edited)).toMatchObject({
      events: [{ action: 'other', occurredAt: '2018-09-18T11:00:00Z' }],
    });
  });

  it('refuses comments on merge requests, commits and snippets', () => {
    for (const noteableType of ['MergeRequest', 'Commit', 'Snippet']) {
      expect(normaliseWebhook('gitlab', noteHook({ noteable_type: noteableType }))).toMatchObject({
        error: { code: 'UNSUPPORTED_WEBHOOK_EVENT', message: expect.stringContaining(noteableType) },
      });
    }
  });
});

describe('GitLab payloads that are no issue change', () => {
  it('refuses other hooks, and a header that contradicts the object_kind', () => {
    expect(normaliseWebhook('gitlab', { object_kind: 'push', ref: 'refs/heads/main' }, 'Push Hook')).toMatchObject({
      error: { code: 'UNSUPPORTED_WEBHOOK_EVENT' },
    });
    expect(normaliseWebhook('gitlab', { object_kind: 'build', build_id: 1 }, 'Job Hook')).toMatchObject({
      error: { code: 'UNSUPPORTED_WEBHOOK_EVENT' },
    });
    expect(normaliseWebhook('gitlab', opened, 'Note Hook')).toMatchObject({
      error: { code: 'WEBHOOK_EVENT_MISMATCH' },
    });
    expect(normaliseWebhook('gitlab', opened, 'Merge Request Hook')).toMatchObject({
      error: { code: 'WEBHOOK_EVENT_MISMATCH' },
    });
  });

  it('refuses what is not a GitLab issue or note hook, without throwing', () => {
    const malformed: unknown[] = [
      null,
      [],
      'issue',
      {},
      { object_kind: 'issue' },
      { object_kind: 'issue', object_attributes: { id: 14226169 } },
      { object_kind: 'note', object_attributes: { noteable_type: 'Issue' } },
      { object_kind: 'note', object_attributes: {} },
      { object_kind: 'note', object_attributes: { noteable_type: 'Issue' }, issue: { iid: [2] } },
    ];
    for (const payload of malformed) {
      expect(normaliseWebhook('gitlab', payload), JSON.stringify(payload)?.slice(0, 60)).toMatchObject({
        error: { code: 'NOT_A_GITLAB_PAYLOAD' },
      });
    }
  });
});
