import { describe, expect, it } from 'vitest';
import { normaliseWebhook } from '../../../src/core/connectors/normalise-webhook.ts';
import { samplePayload } from '../../support/webhook-sample.ts';

type Json = Record<string, unknown>;

const opened = samplePayload({ file: 'test/fixtures/webhook-sample/github/github-issues-opened.json' }) as Json;
const commented = samplePayload({
  file: 'test/fixtures/webhook-sample/github/github-issue-comment-created.json',
}) as Json;
const issue = opened.issue as Json;
const agent = { login: 'octo-agent', id: 5550001, type: 'User' };

/** The opened delivery with another action, issue fields and top-level fields. */
function delivery(action: string, changes: { issue?: Json; [key: string]: unknown } = {}): Json {
  const { issue: issueChanges, ...rest } = changes;
  return { ...opened, action, issue: { ...issue, updated_at: '2019-05-16T08:00:00Z', ...issueChanges }, ...rest };
}

describe('GitHub issues deliveries', () => {
  it('reads a reopening at the issue update instant', () => {
    expect(normaliseWebhook('github', delivery('reopened'), 'issues')).toEqual({
      events: [
        {
          externalId: '1',
          action: 'reopened',
          status: 'open',
          priority: null,
          occurredAt: '2019-05-16T08:00:00Z',
          actorIsCustomer: true,
        },
      ],
    });
  });

  it('takes an assignment by someone other than the author as assigned, not by the customer', () => {
    const result = normaliseWebhook('github', delivery('assigned', { sender: agent, assignee: agent }), 'issues');
    expect(result).toMatchObject({ events: [{ action: 'assigned', actorIsCustomer: false }] });
    const unassigned = normaliseWebhook('github', delivery('unassigned', { sender: agent }), 'issues');
    expect(unassigned).toMatchObject({ events: [{ action: 'assigned' }] });
  });

  it('takes a priority label as a priority change and reports the label as the priority', () => {
    const label = { id: 9, name: 'priority: high', color: 'b60205' };
    const labelled = delivery('labeled', {
      label,
      sender: agent,
      issue: { labels: [...(issue.labels as Json[]), label] },
    });
    expect(normaliseWebhook('github', labelled, 'issues')).toMatchObject({
      events: [{ action: 'priority_changed', priority: 'priority: high', actorIsCustomer: false }],
    });
    const pNumber = delivery('labeled', { label: { name: 'P1' }, issue: { labels: [{ name: 'P1' }] } });
    expect(normaliseWebhook('github', pNumber, 'issues')).toMatchObject({
      events: [{ action: 'priority_changed', priority: 'P1' }],
    });
  });

  it('takes removing the priority label as a priority change to none, and other labels as other changes', () => {
    const unlabelled = delivery('unlabeled', { label: { name: 'P2' }, issue: { labels: [{ name: 'bug' }] } });
    expect(normaliseWebhook('github', unlabelled, 'issues')).toMatchObject({
      events: [{ action: 'priority_changed', priority: null }],
    });
    const bug = delivery('labeled', { label: { name: 'bug' } });
    expect(normaliseWebhook('github', bug, 'issues')).toMatchObject({ events: [{ action: 'other' }] });
  });

  it('takes edits, pins and other actions as other changes', () => {
    for (const action of ['edited', 'pinned', 'milestoned', 'locked', 'transferred']) {
      expect(normaliseWebhook('github', delivery(action), 'issues'), action).toMatchObject({
        events: [{ action: 'other', occurredAt: '2019-05-16T08:00:00Z' }],
      });
    }
  });

  it('cannot tell who acted when the delivery has no sender', () => {
    const { sender: _sender, ...withoutSender } = delivery('closed', { issue: { state: 'closed' } });
    expect(normaliseWebhook('github', withoutSender, 'issues')).toMatchObject({
      events: [{ action: 'closed', status: 'closed', actorIsCustomer: null, occurredAt: '2019-05-16T08:00:00Z' }],
    });
  });
});

describe('GitHub issue_comment deliveries', () => {
  it('takes an agent comment as public (GitHub has no private comments) and edits as other changes', () => {
    const byAgent = { ...commented, sender: agent, comment: { ...(commented.comment as Json), user: agent } };
    expect(normaliseWebhook('github', byAgent, 'issue_comment')).toMatchObject({
      events: [{ action: 'public_comment', actorIsCustomer: false, occurredAt: '2019-05-15T15:20:21Z' }],
    });
    const edited = { ...commented, action: 'edited' };
    expect(normaliseWebhook('github', edited, 'issue_comment')).toMatchObject({ events: [{ action: 'other' }] });
  });

  it('refuses comments on pull requests: they are not tickets', () => {
    const onPullRequest = { ...commented, issue: { ...(commented.issue as Json), pull_request: { url: 'x' } } };
    expect(normaliseWebhook('github', onPullRequest, 'issue_comment')).toEqual({
      error: { code: 'UNSUPPORTED_WEBHOOK_EVENT', message: expect.stringContaining('pull request #1') },
    });
  });
});

describe('GitHub payloads that are no ticket change', () => {
  it('refuses events other than issues and issue_comment by the header', () => {
    for (const event of ['push', 'ping', 'pull_request']) {
      expect(normaliseWebhook('github', opened, event)).toMatchObject({ error: { code: 'UNSUPPORTED_WEBHOOK_EVENT' } });
    }
  });

  it('refuses what is not a GitHub issue delivery, without throwing', () => {
    const malformed: unknown[] = [
      null,
      [],
      'issues',
      42,
      {},
      { action: 'opened' },
      { action: 'opened', issue: 'not an object' },
      { action: 'opened', issue: { number: null } },
      { action: 7, issue: { number: 1 } },
      { ...opened, issue: { ...issue, number: 1.5 } },
    ];
    for (const payload of malformed) {
      expect(normaliseWebhook('github', payload, 'issues'), JSON.stringify(payload)?.slice(0, 40)).toMatchObject({
        error: { code: 'NOT_A_GITHUB_PAYLOAD' },
      });
    }
    expect(normaliseWebhook('github', opened, 'issue_comment')).toMatchObject({
      error: { code: 'NOT_A_GITHUB_PAYLOAD', message: expect.stringContaining('"comment"') },
    });
    expect(normaliseWebhook('github', { zen: 'Keep it logically awesome.' })).toMatchObject({
      error: { code: 'NOT_A_GITHUB_PAYLOAD', message: expect.stringContaining('--event') },
    });
  });

  it('leaves a status or instant it cannot read as unknown rather than guessing', () => {
    const odd = delivery('opened', { issue: { state: 5, created_at: '2019-05-15 15:20', updated_at: 'yesterday' } });
    expect(normaliseWebhook('github', odd, 'issues')).toMatchObject({
      events: [{ action: 'opened', status: null, occurredAt: null }],
    });
  });
});
