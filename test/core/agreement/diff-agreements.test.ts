import { describe, expect, it } from 'vitest';
import { agreementContentHash, diffAgreements } from '../../../src/core/agreement/index.ts';
import { agreementWith, at } from './agreement-fixtures.ts';

type Json = Record<string, unknown>;

const base = agreementWith();

describe('diffAgreements', () => {
  it('finds nothing between a version and itself, or when only the order of targets changed', () => {
    expect(diffAgreements(base, base)).toEqual([]);
    expect(
      diffAgreements(
        base,
        agreementWith((_d, s) => (s.targets as Json[]).reverse()),
      ),
    ).toEqual([]);
  });

  it('reports a changed goal once, at the target matched by id, in normalised units', () => {
    const changed = agreementWith((_d, s) => {
      (s.targets as Json[]).reverse();
      at(s, 'targets', 3).goal = '97%'; // p1-response, now last
    });
    expect(diffAgreements(base, changed)).toEqual([
      { path: 'spec.targets[p1-response].goal', kind: 'changed', before: 95, after: 97 },
    ]);
  });

  it('reports added and removed targets and fields', () => {
    const changed = agreementWith((_d, s) => {
      (s.targets as Json[]).splice(2, 1);
      (s.targets as Json[]).push({
        id: 'p1-updates',
        metric: 'periodic_update',
        priorities: ['P1'],
        every: 'PT1H',
        calendar: 'always',
        goal: 90,
      });
      at(s, 'targets', 0).warnAt = ['50%'];
      delete at(s, 'credits').monthlyCap;
    });
    expect(diffAgreements(base, changed)).toEqual([
      { path: 'spec.credits.monthlyCap', kind: 'removed', before: 20 },
      { path: 'spec.targets[p1-response].warnAt', kind: 'changed', before: [], after: [50] },
      {
        path: 'spec.targets[p1-updates]',
        kind: 'added',
        after: {
          id: 'p1-updates',
          metric: 'periodic_update',
          priorities: ['P1'],
          every: 3_600_000,
          calendar: 'always',
          goal: 90,
          warnAt: [],
          pauseOn: [],
        },
      },
      { path: 'spec.targets[p2-response]', kind: 'removed', before: expect.objectContaining({ id: 'p2-response' }) },
    ]);
  });

  it('reports a set-like list as one change, and ordered lists by position', () => {
    const a = agreementWith((_d, s) => (s.escalation = [{ at: 75, notify: ['owner'] }]));
    const b = agreementWith((_d, s) => {
      at(s, 'targets', 1).pauseOn = ['awaiting_customer', 'awaiting_vendor'];
      s.escalation = [
        { at: 75, notify: ['owner', 'assignee'] },
        { at: 100, notify: ['manager'] },
      ];
    });
    expect(diffAgreements(a, b)).toEqual([
      { path: 'spec.escalation.0.notify', kind: 'changed', before: ['owner'], after: ['assignee', 'owner'] },
      {
        path: 'spec.escalation.1',
        kind: 'added',
        after: { at: 100, notify: ['manager'], raisePriority: false, openDeviation: false },
      },
      {
        path: 'spec.targets[p1-resolution].pauseOn',
        kind: 'changed',
        before: ['awaiting_customer'],
        after: ['awaiting_customer', 'awaiting_vendor'],
      },
    ]);
  });

  it('reports calendar, status and credit rule changes at readable paths', () => {
    const changed = agreementWith((_d, s) => {
      at(s, 'calendars', 'business').timezone = 'Europe/Berlin';
      s.statuses = [
        { name: 'open', category: 'open' },
        { name: 'awaiting_customer', category: 'pending' },
      ];
      at(s, 'credits', 'rules', 0).perBreach = '3%';
    });
    const diff = diffAgreements(base, changed);
    expect(diff).toContainEqual({
      path: 'spec.calendars.business.timezone',
      kind: 'changed',
      before: 'Europe/Warsaw',
      after: 'Europe/Berlin',
    });
    expect(diff).toContainEqual({
      path: 'spec.credits.rules[p1-resolution].perBreach',
      kind: 'changed',
      before: 2,
      after: 3,
    });
    expect(diff).toContainEqual({
      path: 'spec.statuses[awaiting_vendor]',
      kind: 'removed',
      before: { name: 'awaiting_vendor', category: 'pending' },
    });
  });

  it('is empty exactly when the content hashes are equal', () => {
    const versions = [
      base,
      agreementWith((_d, s) => (s.targets as Json[]).reverse()),
      agreementWith((_d, s) => (at(s, 'targets', 0).goal = 96)),
      agreementWith(
        (_d, s) => (at(s, 'calendars', 'business', 'weekly', 0).days = ['fri', 'thu', 'wed', 'tue', 'mon']),
      ),
      agreementWith(
        (_d, s) => (s.services = [{ id: 'erp', scope: ['incident resolution for the ERP system'], owner: 'x' }]),
      ),
      agreementWith((d) => (at(d, 'metadata').labels = { tier: 'gold' })),
    ];
    for (const a of versions) {
      for (const b of versions) {
        expect(diffAgreements(a, b).length === 0).toBe(agreementContentHash(a) === agreementContentHash(b));
      }
    }
  });
});
