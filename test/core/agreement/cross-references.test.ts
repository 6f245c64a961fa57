import { describe, expect, it } from 'vitest';
import { validateAgreement } from '../../../src/core/agreement/index.ts';
import { at, detailedIssuesOf, issuesAfter, minimalDocument } from './agreement-fixtures.ts';

type Json = Record<string, unknown>;
type Edit = (document: Json, spec: Json) => void;

const target = (spec: Json, index: number) => at(spec, 'targets', index);
const targets = (spec: Json) => spec.targets as Json[];

describe('references must point at something the agreement defines', () => {
  const cases: [string, Edit, { path: string; code: string }[]][] = [
    [
      'target calendar',
      (_d, s) => (target(s, 0).calendar = 'weekend'),
      [{ path: 'spec.targets.0.calendar', code: 'AGREEMENT_UNKNOWN_REFERENCE' }],
    ],
    [
      'target service',
      (_d, s) => (target(s, 0).service = 'crm'),
      [{ path: 'spec.targets.0.service', code: 'AGREEMENT_UNKNOWN_REFERENCE' }],
    ],
    [
      'target priority',
      (_d, s) => (target(s, 0).priorities = ['P1', 'P7']),
      [{ path: 'spec.targets.0.priorities.1', code: 'AGREEMENT_UNKNOWN_REFERENCE' }],
    ],
    [
      'pause status',
      (_d, s) => (target(s, 1).pauseOn = ['awaiting_customer', 'on_hold']),
      [{ path: 'spec.targets.1.pauseOn.1', code: 'AGREEMENT_UNKNOWN_REFERENCE' }],
    ],
    [
      'mean resolution time priority',
      (_d, s) =>
        targets(s).push({
          id: 'mttr',
          metric: 'mean_resolution_time',
          priorities: ['P9'],
          objective: 'PT6H',
          calendar: 'business',
        }),
      [{ path: 'spec.targets.4.priorities.0', code: 'AGREEMENT_UNKNOWN_REFERENCE' }],
    ],
    [
      'availability service',
      (_d, s) =>
        targets(s).push({ id: 'up', metric: 'availability', service: 'crm', calendar: 'always', objective: 99 }),
      [{ path: 'spec.targets.4.service', code: 'AGREEMENT_UNKNOWN_REFERENCE' }],
    ],
    [
      'matrix cell',
      (_d, s) => (at(s, 'priorities').matrix = { high: { high: 'P1', low: 'P5' }, low: { high: 'P2', low: 'P2' } }),
      [{ path: 'spec.priorities.matrix.high.low', code: 'AGREEMENT_UNKNOWN_REFERENCE' }],
    ],
    [
      'default priority',
      (_d, s) => (at(s, 'priorities').default = 'P9'),
      [{ path: 'spec.priorities.default', code: 'AGREEMENT_UNKNOWN_REFERENCE' }],
    ],
    [
      'matrix row without every urgency',
      (_d, s) => (at(s, 'priorities').matrix = { high: { high: 'P1', low: 'P2' }, low: { high: 'P2' } }),
      [{ path: 'spec.priorities.matrix.low', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'channel calendar',
      (_d, s) => (s.channels = [{ kind: 'phone', number: '+48 22 000 00 00', calendar: 'office' }]),
      [{ path: 'spec.channels.0.calendar', code: 'AGREEMENT_UNKNOWN_REFERENCE' }],
    ],
    [
      'reporting calendar',
      (_d, s) =>
        (s.reporting = { period: 'P1M', dueWithinBusinessDays: 5, calendar: 'office', recipients: ['a@b.example'] }),
      [{ path: 'spec.reporting.calendar', code: 'AGREEMENT_UNKNOWN_REFERENCE' }],
    ],
    [
      'escalation target',
      (_d, s) => (s.escalation = [{ at: '75%', notify: ['owner'], targets: ['p1-resolution', 'p9-resolution'] }]),
      [{ path: 'spec.escalation.0.targets.1', code: 'AGREEMENT_UNKNOWN_REFERENCE' }],
    ],
    [
      'escalation on a target without clocks',
      (_d, s) => {
        targets(s).push({
          id: 'csat',
          metric: 'kpi',
          name: 'CSAT',
          unit: 'points',
          objective: 4,
          direction: 'atLeast',
        });
        s.escalation = [{ at: '75%', notify: ['owner'], targets: ['csat'] }];
      },
      [{ path: 'spec.escalation.0.targets.0', code: 'AGREEMENT_INCOMPATIBLE_REFERENCE' }],
    ],
    [
      'credit rule target',
      (_d, s) => (at(s, 'credits').rules = [{ target: 'p9-resolution', perBreach: '1%' }]),
      [{ path: 'spec.credits.rules.0.target', code: 'AGREEMENT_UNKNOWN_REFERENCE' }],
    ],
    [
      'per-breach credit on availability',
      (_d, s) => {
        targets(s).push({ id: 'up', metric: 'availability', service: 'erp', calendar: 'always', objective: 99 });
        at(s, 'credits').rules = [{ target: 'up', perBreach: '1%' }];
      },
      [{ path: 'spec.credits.rules.0.target', code: 'AGREEMENT_INCOMPATIBLE_REFERENCE' }],
    ],
    [
      'credit tiers on a KPI',
      (_d, s) => {
        targets(s).push({
          id: 'csat',
          metric: 'kpi',
          name: 'CSAT',
          unit: 'points',
          objective: 4,
          direction: 'atLeast',
        });
        at(s, 'credits').rules = [{ target: 'csat', tiers: [{ below: '90%', credit: '5%' }] }];
      },
      [{ path: 'spec.credits.rules.0.target', code: 'AGREEMENT_INCOMPATIBLE_REFERENCE' }],
    ],
    [
      'two credit rules for one target',
      (_d, s) =>
        (at(s, 'credits').rules = [
          { target: 'p1-resolution', perBreach: '1%' },
          { target: 'p1-resolution', tiers: [{ below: '90%', credit: '5%' }] },
        ]),
      [{ path: 'spec.credits.rules.1.target', code: 'AGREEMENT_DUPLICATE_ID' }],
    ],
    [
      'termination trigger',
      (_d, s) => (at(s, 'termination', 0).trigger = { target: 'p1-restore', missedConsecutivePeriods: 2 }),
      [{ path: 'spec.termination.0.trigger.target', code: 'AGREEMENT_UNKNOWN_REFERENCE' }],
    ],
    [
      'a priority when no levels are defined',
      (_d, s) => {
        delete s.priorities;
        s.targets = [
          { id: 'r', metric: 'first_response', priorities: ['P1'], within: 'PT1H', calendar: 'always', goal: 90 },
        ];
        s.credits = undefined;
        s.termination = [];
      },
      [{ path: 'spec.targets.0.priorities.0', code: 'AGREEMENT_UNKNOWN_REFERENCE' }],
    ],
    [
      'a calendar when none is defined',
      (_d, s) => delete s.calendars,
      [
        { path: 'spec.targets.0.calendar', code: 'AGREEMENT_UNKNOWN_REFERENCE' },
        { path: 'spec.targets.1.calendar', code: 'AGREEMENT_UNKNOWN_REFERENCE' },
        { path: 'spec.targets.2.calendar', code: 'AGREEMENT_UNKNOWN_REFERENCE' },
        { path: 'spec.targets.3.calendar', code: 'AGREEMENT_UNKNOWN_REFERENCE' },
      ],
    ],
  ];
  it.each(cases)('%s', (_name, edit, expected) => {
    expect(issuesAfter(edit)).toEqual(expected);
  });

  it('names what is defined in the message', () => {
    const [issue] = detailedIssuesOf(() =>
      validateAgreement(
        ((doc) => {
          at(doc, 'spec', 'targets', 0).calendar = 'weekend';
          return doc;
        })(minimalDocument()),
      ),
    );
    expect(issue!.message).toBe('unknown calendar "weekend"; defined: business, always');
  });
});

describe('ids and names must be unique', () => {
  const cases: [string, Edit, { path: string; code: string }[]][] = [
    [
      'target ids',
      (_d, s) => (target(s, 2).id = 'p1-response'),
      [{ path: 'spec.targets.2.id', code: 'AGREEMENT_DUPLICATE_ID' }],
    ],
    [
      'service ids',
      (_d, s) =>
        (s.services = [
          { id: 'erp', scope: ['a'] },
          { id: 'erp', scope: ['b'] },
        ]),
      [{ path: 'spec.services.1.id', code: 'AGREEMENT_DUPLICATE_ID' }],
    ],
    [
      'status names',
      (_d, s) =>
        (s.statuses = [
          { name: 'open', category: 'open' },
          { name: 'awaiting_customer', category: 'pending' },
          { name: 'open', category: 'new' },
        ]),
      [{ path: 'spec.statuses.2.name', code: 'AGREEMENT_DUPLICATE_ID' }],
    ],
    [
      'priority levels',
      (_d, s) => (at(s, 'priorities').levels = ['P1', 'P2', 'P1']),
      [{ path: 'spec.priorities.levels.2', code: 'AGREEMENT_DUPLICATE_ID' }],
    ],
  ];
  it.each(cases)('%s', (_name, edit, expected) => {
    expect(issuesAfter(edit)).toEqual(expected);
  });
});

describe('the term', () => {
  const cases: [string, Edit, { path: string; code: string }[]][] = [
    [
      'ends before it starts',
      (_d, s) => (at(s, 'term').end = '2025-12-31'),
      [{ path: 'spec.term.end', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'renews without an end',
      (_d, s) => delete at(s, 'term').end,
      [{ path: 'spec.term.end', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'version effective outside the term',
      (_d, s) => (s.version = { effective: '2027-02-01' }),
      [{ path: 'spec.version.effective', code: 'AGREEMENT_INVALID' }],
    ],
  ];
  it.each(cases)('%s', (_name, edit, expected) => {
    expect(issuesAfter(edit)).toEqual(expected);
  });

  it('allows an open-ended term without renewal', () => {
    expect(() =>
      validateAgreement(
        ((doc) => {
          at(doc, 'spec', 'term').renewal = 'none';
          delete at(doc, 'spec', 'term').end;
          return doc;
        })(minimalDocument()),
      ),
    ).not.toThrow();
  });
});

describe('a broken section does not hide the problems of the others', () => {
  it('reports shape problems and reference problems of sound sections together', () => {
    expect(
      issuesAfter((d, s) => {
        at(d, 'metadata').id = 'Not A Slug';
        s.channels = [{ kind: 'email', address: 'desk@provider.example', calendar: 'office' }];
        target(s, 0).calendar = 'weekend';
      }),
    ).toEqual([
      { path: 'metadata.id', code: 'AGREEMENT_INVALID' },
      { path: 'spec.targets.0.calendar', code: 'AGREEMENT_UNKNOWN_REFERENCE' },
      { path: 'spec.channels.0.calendar', code: 'AGREEMENT_UNKNOWN_REFERENCE' },
    ]);
  });

  it('still checks channel calendars when a target is malformed, and calendars when a calendar is malformed', () => {
    expect(
      issuesAfter((_d, s) => {
        target(s, 0).goal = 'most';
        s.channels = [{ kind: 'email', address: 'desk@provider.example', calendar: 'office' }];
        at(s, 'calendars').night = { timezone: 'Mars/Olympus', weekly: [] };
        at(s, 'calendars').broken = { timezone: 'UTC' };
      }),
    ).toEqual([
      { path: 'spec.calendars.broken.weekly', code: 'CALENDAR_INVALID' },
      { path: 'spec.targets.0.goal', code: 'PERCENT_INVALID' },
      { path: 'spec.calendars.night.timezone', code: 'CALENDAR_UNKNOWN_TIMEZONE' },
      { path: 'spec.channels.0.calendar', code: 'AGREEMENT_UNKNOWN_REFERENCE' },
    ]);
  });
});
