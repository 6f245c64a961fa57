import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  agreementContentHash,
  clockPolicyOf,
  diffAgreements,
  lintAgreement,
  parseAgreement,
} from '../../../src/core/agreement/index.ts';
import { agreementWith, at, detailedIssuesOf, issuesAfter } from './agreement-fixtures.ts';

type Json = Record<string, unknown>;

// Target 0 is p1-response (first_response), target 1 is p1-resolution.
const respondedBy = (entries: unknown) => (_d: Json, s: Json) => {
  at(s, 'targets', 0).respondedBy = entries;
};
const messagesAfter = (edit: (d: Json, s: Json) => void) =>
  detailedIssuesOf(() => agreementWith(edit)).map(({ path, code, message }) => ({ path, code, message }));

describe('respondedBy in the agreement', () => {
  it('keeps what the author admits, in the normalised model and the clock policy', () => {
    const agreement = agreementWith(respondedBy(['public_reply', 'call', { status: 'awaiting_customer' }]));
    expect(agreement.spec.targets[0]).toMatchObject({
      respondedBy: ['public_reply', 'call', { status: 'awaiting_customer' }],
    });
    const policy = clockPolicyOf(agreement);
    expect(policy.targets.find((target) => target.id === 'p1-response')!.respondedBy).toEqual([
      'public_reply',
      'call',
      { status: 'awaiting_customer' },
    ]);
    // Left out: the engine's default (public replies only) applies.
    expect(clockPolicyOf(agreementWith()).targets[0]!.respondedBy).toBeUndefined();
  });

  it('is accepted on next_response and periodic_update targets', () => {
    const agreement = agreementWith((_d, s) => {
      (s.targets as Json[]).push(
        {
          id: 'p1-replies',
          metric: 'next_response',
          priorities: ['P1'],
          within: 'PT1H',
          calendar: 'always',
          goal: '90%',
          respondedBy: ['call'],
        },
        {
          id: 'p1-updates',
          metric: 'periodic_update',
          priorities: ['P1'],
          every: 'PT2H',
          calendar: 'always',
          goal: '90%',
          respondedBy: [{ status: 'in_progress' }, 'public_reply'],
        },
      );
    });
    expect(agreement.spec.targets.map((target) => ('respondedBy' in target ? target.respondedBy : undefined))).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      ['call'],
      [{ status: 'in_progress' }, 'public_reply'],
    ]);
  });

  it('refuses entries it does not know, an empty list, a word instead of a list and duplicates', () => {
    expect(messagesAfter(respondedBy(['public_reply', 'email']))).toEqual([
      {
        path: 'spec.targets.0.respondedBy.1',
        code: 'AGREEMENT_INVALID',
        message: 'a response is public_reply, call or { status: <status name> }',
      },
    ]);
    expect(issuesAfter(respondedBy([{ state: 'open' }]))).toEqual([
      { path: 'spec.targets.0.respondedBy.0.status', code: 'AGREEMENT_INVALID' },
      { path: 'spec.targets.0.respondedBy.0.state', code: 'AGREEMENT_INVALID' },
    ]);
    expect(messagesAfter(respondedBy([]))).toEqual([
      {
        path: 'spec.targets.0.respondedBy',
        code: 'AGREEMENT_INVALID',
        message: 'name at least one response, or leave respondedBy out for public replies only',
      },
    ]);
    expect(messagesAfter(respondedBy('call'))).toEqual([
      {
        path: 'spec.targets.0.respondedBy',
        code: 'AGREEMENT_INVALID',
        message: 'write a list, e.g. respondedBy: [public_reply, call]',
      },
    ]);
    expect(messagesAfter(respondedBy(['call', 'public_reply', 'call']))).toEqual([
      { path: 'spec.targets.0.respondedBy.2', code: 'AGREEMENT_INVALID', message: 'response "call" is listed twice' },
    ]);
    expect(issuesAfter(respondedBy([{ status: 'open' }, { status: 'open' }]))).toEqual([
      { path: 'spec.targets.0.respondedBy.1', code: 'AGREEMENT_INVALID' },
    ]);
  });

  it('refuses respondedBy on a resolution target, which the resolution stops', () => {
    expect(
      messagesAfter((_d, s) => {
        at(s, 'targets', 1).respondedBy = ['call'];
      }),
    ).toEqual([
      {
        path: 'spec.targets.1.respondedBy',
        code: 'AGREEMENT_INVALID',
        message:
          'a resolution is stopped by resolving the ticket; respondedBy belongs to first_response, next_response and periodic_update targets',
      },
    ]);
  });

  it('refuses a status the workflow does not define, naming the ones it does', () => {
    const issues = messagesAfter(respondedBy(['call', { status: 'awaiting_custmer' }]));
    expect(issues).toEqual([
      {
        path: 'spec.targets.0.respondedBy.1.status',
        code: 'AGREEMENT_UNKNOWN_REFERENCE',
        message: expect.stringContaining('unknown status "awaiting_custmer"; defined: new, open, in_progress'),
      },
    ]);
    expect(issues[0]!.message).toContain('awaiting_customer');
  });

  it('locates its problems in the text', () => {
    const text = readFileSync(new URL('../../../examples/agreements/erp-support.yaml', import.meta.url), 'utf8');
    const broken = text.replace('respondedBy: [public_reply, call]', 'respondedBy: [public_reply, fax]');
    const line = broken.split('\n').findIndex((candidate) => candidate.includes('[public_reply, fax]')) + 1;
    expect(line).toBeGreaterThan(0);
    expect(detailedIssuesOf(() => parseAgreement(broken))).toEqual([
      expect.objectContaining({ path: 'spec.targets.0.respondedBy.1', line }),
    ]);
  });
});

describe('respondedBy and the content hash', () => {
  const baseHash = agreementContentHash(agreementWith());

  it('leaves the hash of an agreement without it exactly as it was', () => {
    // The pinned hash of test/core/agreement/content-hash.test.ts, computed before respondedBy existed.
    expect(baseHash).toBe('8c22bd3fa5a20a20f23459a8a2a455563034c2ef4222d29b3be67a894af36563');
  });

  it('hashes the default written out like the default left out', () => {
    const written = agreementWith(respondedBy(['public_reply']));
    expect((written.spec.targets[0] as { respondedBy?: unknown }).respondedBy).toBeUndefined();
    expect(agreementContentHash(written)).toBe(baseHash);
    expect(diffAgreements(agreementWith(), written)).toEqual([]);
  });

  it('ignores the order of the entries', () => {
    const a = agreementWith(respondedBy(['call', { status: 'in_progress' }, 'public_reply']));
    const b = agreementWith(respondedBy([{ status: 'in_progress' }, 'public_reply', 'call']));
    expect(agreementContentHash(a)).toBe(agreementContentHash(b));
    expect(diffAgreements(a, b)).toEqual([]);
  });

  it('changes the hash, and shows in the diff, when what counts as a response changes', () => {
    const withCalls = agreementWith(respondedBy(['public_reply', 'call']));
    const callsOnly = agreementWith(respondedBy(['call']));
    expect(agreementContentHash(withCalls)).not.toBe(baseHash);
    expect(agreementContentHash(callsOnly)).not.toBe(agreementContentHash(withCalls));
    expect(diffAgreements(agreementWith(), withCalls)).toEqual([
      { path: 'spec.targets[p1-response].respondedBy', kind: 'added', after: ['call', 'public_reply'] },
    ]);
    expect(diffAgreements(withCalls, callsOnly)).toEqual([
      {
        path: 'spec.targets[p1-response].respondedBy',
        kind: 'changed',
        before: ['call', 'public_reply'],
        after: ['call'],
      },
    ]);
  });
});

describe('lint: response-status-category', () => {
  it('warns when a status of category new, resolved, closed or cancelled counts as a response', () => {
    const findings = lintAgreement(
      agreementWith(respondedBy([{ status: 'resolved' }, { status: 'in_progress' }, { status: 'new' }])),
    );
    expect(findings.map(({ path, rule, severity }) => ({ path, rule, severity }))).toEqual([
      { path: 'spec.targets.0.respondedBy.0.status', rule: 'response-status-category', severity: 'warning' },
      { path: 'spec.targets.0.respondedBy.2.status', rule: 'response-status-category', severity: 'warning' },
    ]);
    expect(findings[0]!.message).toBe(
      '"resolved" has the category resolved: resolving, closing or cancelling the ticket already stops the cycle, and a status change to "resolved" does not resolve the ticket',
    );
    expect(findings[0]!.suggestion).toBe(
      'name a status the ticket moves to while it is being worked (open, in_progress, awaiting_customer, awaiting_vendor), or leave the entry out',
    );
    expect(findings[1]!.message).toContain('a ticket does not go back to a new status');
  });

  it('finds nothing in open and pending statuses, calls and public replies', () => {
    const entries = ['public_reply', 'call', { status: 'in_progress' }, { status: 'awaiting_customer' }];
    expect(lintAgreement(agreementWith(respondedBy(entries)))).toEqual([]);
  });
});
