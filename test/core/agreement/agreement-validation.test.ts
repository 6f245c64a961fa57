import { describe, expect, it } from 'vitest';
import { parseAgreement, validateAgreement } from '../../../src/core/agreement/index.ts';
import { DomainError } from '../../../src/core/errors.ts';
import { at, detailedIssuesOf, issuesAfter, issuesOf, minimalDocument } from './agreement-fixtures.ts';

type Json = Record<string, unknown>;
type Edit = (document: Json, spec: Json) => void;

const target = (spec: Json, index: number) => at(spec, 'targets', index);

describe('the minimal agreement', () => {
  it('parses and is normalised: percents as numbers, durations in ms, defaults filled in', () => {
    const agreement = validateAgreement(minimalDocument());
    const [response, resolution] = agreement.spec.targets;
    expect(response).toMatchObject({ goal: 95, within: 30 * 60_000, warnAt: [], pauseOn: [] });
    expect(resolution).toMatchObject({ goal: 90, within: 4 * 3_600_000, reopen: 'resume' });
    expect(agreement.spec.review.every).toEqual({ months: 3, days: 0 });
    // No effective date is filled in: a first version takes effect at the term start, an amendment when it is put in
    // force (decision 0025), which the content alone cannot tell.
    expect(agreement.spec.version).toEqual({ appliesToOpenTickets: false });
    expect(agreement.spec.term).toMatchObject({ timezone: 'Europe/Warsaw', noticeDays: 0 });
    expect(agreement.spec.statuses.filter((s) => s.category === 'pending').map((s) => s.name)).toEqual([
      'awaiting_customer',
      'awaiting_vendor',
    ]);
    expect(agreement.spec.credits?.rules).toEqual([{ target: 'p1-resolution', perBreach: 2 }]);
    expect(agreement.spec.escalation).toEqual([]);
    expect(agreement.spec.responsibilities).toEqual({ provider: [], customer: [] });
  });

  it('reads the agreement dates in UTC when the calendars do not share one zone, or in term.timezone', () => {
    const mixed = validateAgreement({
      ...minimalDocument(),
      spec: {
        ...(minimalDocument().spec as Json),
        calendars: {
          business: { timezone: 'Europe/Warsaw', weekly: '24x7' },
          office: { timezone: 'America/New_York', weekly: '24x7' },
          always: '24x7',
        },
      },
    });
    expect(mixed.spec.term.timezone).toBe('UTC');
    const doc = minimalDocument();
    at(doc, 'spec', 'term').timezone = 'Asia/Kolkata';
    expect(validateAgreement(doc).spec.term.timezone).toBe('Asia/Kolkata');
  });

  it('sorts credit tiers from the shallowest to the deepest', () => {
    const doc = minimalDocument();
    at(doc, 'spec', 'credits').rules = [
      {
        target: 'p1-response',
        tiers: [
          { below: '90%', credit: '10%' },
          { below: 95, credit: 5 },
        ],
      },
    ];
    expect(validateAgreement(doc).spec.credits?.rules[0]).toEqual({
      target: 'p1-response',
      tiers: [
        { below: 95, credit: 5 },
        { below: 90, credit: 10 },
      ],
    });
  });
});

describe('document shape', () => {
  const cases: [string, Edit, { path: string; code: string }[]][] = [
    ['wrong apiVersion', (d) => (d.apiVersion = 'covenant/v2'), [{ path: 'apiVersion', code: 'AGREEMENT_INVALID' }]],
    ['wrong kind', (d) => (d.kind = 'Contract'), [{ path: 'kind', code: 'AGREEMENT_INVALID' }]],
    ['unknown top-level field', (d) => (d.status = 'draft'), [{ path: 'status', code: 'AGREEMENT_INVALID' }]],
    ['unknown spec field', (_d, s) => (s.penalties = []), [{ path: 'spec.penalties', code: 'AGREEMENT_INVALID' }]],
    [
      'unknown target field',
      (_d, s) => (target(s, 0).colour = 'red'),
      [{ path: 'spec.targets.0.colour', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'metadata id not a slug',
      (d) => (at(d, 'metadata').id = 'ACME Support'),
      [{ path: 'metadata.id', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'metadata title missing',
      (d) => delete at(d, 'metadata').title,
      [{ path: 'metadata.title', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'label key',
      (d) => (at(d, 'metadata').labels = { 'Bad Key': 'x' }),
      [{ path: 'metadata.labels.Bad Key', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'term start not a date',
      (_d, s) => (at(s, 'term').start = '2026-02-30'),
      [{ path: 'spec.term.start', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'term renewal unknown',
      (_d, s) => (at(s, 'term').renewal = 'yearly'),
      [{ path: 'spec.term.renewal', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'term zone unknown',
      (_d, s) => (at(s, 'term').timezone = 'Europe/Atlantis'),
      [{ path: 'spec.term.timezone', code: 'CALENDAR_UNKNOWN_TIMEZONE' }],
    ],
    [
      'review period',
      (_d, s) => (at(s, 'review').every = 'quarterly'),
      [{ path: 'spec.review.every', code: 'DURATION_INVALID' }],
    ],
    [
      'review period zero',
      (_d, s) => (at(s, 'review').every = 'P0M'),
      [{ path: 'spec.review.every', code: 'DURATION_INVALID' }],
    ],
    ['no services', (_d, s) => (s.services = []), [{ path: 'spec.services', code: 'AGREEMENT_INVALID' }]],
    [
      'service without scope',
      (_d, s) => (at(s, 'services', 0).scope = []),
      [{ path: 'spec.services.0.scope', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'duplicate scope item',
      (_d, s) => (at(s, 'services', 0).scope = ['a', 'a']),
      [{ path: 'spec.services.0.scope.1', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'channel kind',
      (_d, s) => (s.channels = [{ kind: 'fax' }]),
      [{ path: 'spec.channels.0.kind', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'email channel without address',
      (_d, s) => (s.channels = [{ kind: 'email' }]),
      [{ path: 'spec.channels.0.address', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'phone number',
      (_d, s) => (s.channels = [{ kind: 'phone', number: 'call us' }]),
      [{ path: 'spec.channels.0.number', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'status name not lower_snake_case',
      (_d, s) => (s.statuses = [{ name: 'Awaiting Customer', category: 'pending' }]),
      [{ path: 'spec.statuses.0.name', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'status category',
      (_d, s) => (s.statuses = [{ name: 'waiting', category: 'paused' }]),
      [{ path: 'spec.statuses.0.category', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'no priority levels',
      (_d, s) => (at(s, 'priorities').levels = []),
      [{ path: 'spec.priorities.levels', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'unknown metric',
      (_d, s) => (target(s, 0).metric = 'uptime'),
      [{ path: 'spec.targets.0.metric', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'target id',
      (_d, s) => (target(s, 0).id = 'P1 response'),
      [{ path: 'spec.targets.0.id', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'target without priorities',
      (_d, s) => delete target(s, 0).priorities,
      [{ path: 'spec.targets.0.priorities', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'duration syntax',
      (_d, s) => (target(s, 0).within = 'PT4X'),
      [{ path: 'spec.targets.0.within', code: 'DURATION_INVALID' }],
    ],
    [
      'duration in months',
      (_d, s) => (target(s, 0).within = 'P1M'),
      [{ path: 'spec.targets.0.within', code: 'DURATION_INVALID' }],
    ],
    [
      'duration as a number',
      (_d, s) => (target(s, 0).within = 30),
      [{ path: 'spec.targets.0.within', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'duration missing',
      (_d, s) => delete target(s, 0).within,
      [{ path: 'spec.targets.0.within', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'percent syntax',
      (_d, s) => (target(s, 0).goal = '95 percent'),
      [{ path: 'spec.targets.0.goal', code: 'PERCENT_INVALID' }],
    ],
    [
      'percent above 100',
      (_d, s) => (target(s, 0).goal = 120),
      [{ path: 'spec.targets.0.goal', code: 'PERCENT_INVALID' }],
    ],
    ['goal of 0%', (_d, s) => (target(s, 0).goal = '0%'), [{ path: 'spec.targets.0.goal', code: 'PERCENT_INVALID' }]],
    [
      'percent of the wrong type',
      (_d, s) => (target(s, 0).goal = true),
      [{ path: 'spec.targets.0.goal', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'warning at 100%',
      (_d, s) => (target(s, 0).warnAt = ['50%', '100%']),
      [{ path: 'spec.targets.0.warnAt.1', code: 'PERCENT_INVALID' }],
    ],
    [
      'warning twice',
      (_d, s) => (target(s, 0).warnAt = ['50%', 50]),
      [{ path: 'spec.targets.0.warnAt.1', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'pause status twice',
      (_d, s) => (target(s, 1).pauseOn = ['awaiting_customer', 'awaiting_customer']),
      [{ path: 'spec.targets.1.pauseOn.1', code: 'AGREEMENT_DUPLICATE_ID' }],
    ],
    [
      'reopen on a response target',
      (_d, s) => (target(s, 0).reopen = 'restart'),
      [{ path: 'spec.targets.0.reopen', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'reopen value',
      (_d, s) => (target(s, 1).reopen = 'continue'),
      [{ path: 'spec.targets.1.reopen', code: 'AGREEMENT_INVALID' }],
    ],
    ['amber margin', (_d, s) => (s.amberMargin = '-2%'), [{ path: 'spec.amberMargin', code: 'PERCENT_INVALID' }]],
  ];
  it.each(cases)('%s', (_name, edit, expected) => {
    expect(issuesAfter(edit)).toEqual(expected);
  });
});

describe('other target kinds', () => {
  const availability = {
    id: 'erp-availability',
    metric: 'availability',
    service: 'erp',
    calendar: 'always',
    objective: '99.5%',
  };
  const otif = { id: 'deliveries', metric: 'otif', level: 'line', goal: '95%' };
  const kpi = {
    id: 'csat',
    metric: 'kpi',
    name: 'Customer satisfaction',
    unit: 'points',
    objective: 4.2,
    direction: 'atLeast',
  };
  const add =
    (extra: Json): Edit =>
    (_d, s) =>
      (s.targets as Json[]).push(extra);

  it('accepts availability, OTIF, mean resolution time and KPI targets with their defaults', () => {
    const doc = minimalDocument();
    const targets = at(doc, 'spec').targets as Json[];
    targets.push(availability, otif, kpi, {
      id: 'mttr',
      metric: 'mean_resolution_time',
      objective: 'PT6H',
      calendar: 'business',
    });
    const parsed = validateAgreement(doc).spec.targets.slice(4);
    expect(parsed[0]).toMatchObject({
      objective: 99.5,
      maintenance: { mode: 'down', noticeHours: 0 },
      partialWeight: 1,
    });
    expect(parsed[1]).toMatchObject({ onTime: { late: 0 }, inFull: { under: 0, over: 0 }, goal: 95 });
    expect(parsed[1]).not.toHaveProperty('onTime.early');
    expect(parsed[2]).toMatchObject({ objective: 4.2, direction: 'atLeast' });
    expect(parsed[3]).toMatchObject({ objective: 6 * 3_600_000 });
  });

  const cases: [string, Edit, { path: string; code: string }[]][] = [
    [
      'availability without service',
      add({ ...availability, service: undefined }),
      [{ path: 'spec.targets.4.service', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'partial weight above 1',
      add({ ...availability, partialWeight: 1.5 }),
      [{ path: 'spec.targets.4.partialWeight', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'maintenance mode',
      add({ ...availability, maintenance: { mode: 'ignored', noticeHours: 48 } }),
      [{ path: 'spec.targets.4.maintenance.mode', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'OTIF without level',
      add({ ...otif, level: undefined }),
      [{ path: 'spec.targets.4.level', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'OTIF tolerance',
      add({ ...otif, inFull: { under: '150%', over: '0%' } }),
      [{ path: 'spec.targets.4.inFull.under', code: 'PERCENT_INVALID' }],
    ],
    [
      'OTIF window',
      add({ ...otif, onTime: { early: 'yesterday', late: 'PT0S' } }),
      [{ path: 'spec.targets.4.onTime.early', code: 'DURATION_INVALID' }],
    ],
    [
      'KPI direction',
      add({ ...kpi, direction: 'higher' }),
      [{ path: 'spec.targets.4.direction', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'KPI objective',
      add({ ...kpi, objective: 'four' }),
      [{ path: 'spec.targets.4.objective', code: 'AGREEMENT_INVALID' }],
    ],
  ];
  it.each(cases)('%s', (_name, edit, expected) => {
    expect(issuesAfter(edit)).toEqual(expected);
  });
});

describe('calendars are validated by defineCalendar, with issues under the calendar path', () => {
  const business = (spec: Json) => at(spec, 'calendars', 'business');
  const cases: [string, Edit, { path: string; code: string }[]][] = [
    [
      'bad time',
      (_d, s) => (at(business(s), 'weekly', 0).start = '8:00'),
      [{ path: 'spec.calendars.business.weekly.0.start', code: 'CALENDAR_INVALID_TIME' }],
    ],
    [
      'unknown zone',
      (_d, s) => (business(s).timezone = 'Mars/Olympus'),
      [{ path: 'spec.calendars.business.timezone', code: 'CALENDAR_UNKNOWN_TIMEZONE' }],
    ],
    [
      'unknown holiday region',
      (_d, s) => (business(s).holidays = { region: 'XX' }),
      [{ path: 'spec.calendars.business.holidays.region', code: 'CALENDAR_UNKNOWN_HOLIDAY_REGION' }],
    ],
    [
      'unknown field',
      (_d, s) => (business(s).hours = []),
      [{ path: 'spec.calendars.business.hours', code: 'CALENDAR_INVALID' }],
    ],
    [
      'not a calendar',
      (_d, s) => (at(s, 'calendars').always = '24x8'),
      [{ path: 'spec.calendars.always', code: 'CALENDAR_INVALID' }],
    ],
    [
      'calendar name',
      (_d, s) => (at(s, 'calendars').Office = '24x7'),
      [{ path: 'spec.calendars.Office', code: 'AGREEMENT_INVALID' }],
    ],
  ];
  it.each(cases)('%s', (_name, edit, expected) => {
    expect(issuesAfter(edit)).toEqual(expected);
  });
});

describe('remedies', () => {
  const credits = (spec: Json) => at(spec, 'credits');
  const cases: [string, Edit, { path: string; code: string }[]][] = [
    [
      'escalation threshold',
      (_d, s) => (s.escalation = [{ at: '0%', notify: ['assignee'] }]),
      [{ path: 'spec.escalation.0.at', code: 'PERCENT_INVALID' }],
    ],
    [
      'escalation recipient',
      (_d, s) => (s.escalation = [{ at: '75%', notify: ['boss'] }]),
      [{ path: 'spec.escalation.0.notify.0', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'two levels at the same threshold',
      (_d, s) =>
        (s.escalation = [
          { at: '75%', notify: ['assignee'] },
          { at: 75, notify: ['manager'] },
        ]),
      [{ path: 'spec.escalation.1.at', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'currency',
      (_d, s) => (at(credits(s), 'monthlyFee').currency = 'eur'),
      [{ path: 'spec.credits.monthlyFee.currency', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'fee',
      (_d, s) => (at(credits(s), 'monthlyFee').amount = 0),
      [{ path: 'spec.credits.monthlyFee.amount', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'rule with tiers and per breach',
      (_d, s) =>
        (credits(s).rules = [{ target: 'p1-resolution', perBreach: '2%', tiers: [{ below: '90%', credit: '5%' }] }]),
      [{ path: 'spec.credits.rules.0', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'rule with neither',
      (_d, s) => (credits(s).rules = [{ target: 'p1-resolution' }]),
      [{ path: 'spec.credits.rules.0', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'two tiers below the same percent',
      (_d, s) =>
        (credits(s).rules = [
          {
            target: 'p1-response',
            tiers: [
              { below: '90%', credit: '5%' },
              { below: 90, credit: '10%' },
            ],
          },
        ]),
      [{ path: 'spec.credits.rules.0.tiers.1.below', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'cap above 100%',
      (_d, s) => (credits(s).monthlyCap = '120%'),
      [{ path: 'spec.credits.monthlyCap', code: 'PERCENT_INVALID' }],
    ],
    [
      'trigger with both forms',
      (_d, s) =>
        (at(s, 'termination', 0).trigger = {
          target: 'p1-resolution',
          missedConsecutivePeriods: 2,
          missedOf: { missed: 2, periods: 3 },
        }),
      [{ path: 'spec.termination.0.trigger', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'more missed than periods',
      (_d, s) => (at(s, 'termination', 0).trigger = { target: 'p1-resolution', missedOf: { missed: 4, periods: 3 } }),
      [{ path: 'spec.termination.0.trigger.missedOf.missed', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'report recipient',
      (_d, s) => (s.reporting = { period: 'P1M', dueWithinBusinessDays: 10, recipients: ['the customer'] }),
      [{ path: 'spec.reporting.recipients.0', code: 'AGREEMENT_INVALID' }],
    ],
    [
      'signatory',
      (_d, s) => (at(s, 'signatories').customer = ['CIO']),
      [{ path: 'spec.signatories.customer.0', code: 'AGREEMENT_INVALID' }],
    ],
  ];
  it.each(cases)('%s', (_name, edit, expected) => {
    expect(issuesAfter(edit)).toEqual(expected);
  });
});

describe('the error', () => {
  it('is one AGREEMENT_INVALID DomainError listing every problem with a message', () => {
    const doc = minimalDocument();
    at(doc, 'metadata').id = 'Bad Id';
    at(doc, 'spec', 'targets', 0).goal = '95 percent';
    try {
      validateAgreement(doc);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('AGREEMENT_INVALID');
      expect((error as DomainError).message).toMatch(/^the agreement has 2 problems, first: metadata\.id: /);
      const issues = (error as DomainError).details.issues as { message: string }[];
      expect(issues.map((issue) => issue.message)).toEqual([
        'use lower-case letters, digits and single hyphens, e.g. "p1-response"',
        '"95 percent" is not a percent; write e.g. 95% or 99.5%',
      ]);
    }
  });

  it('explains durations in months and missing fields', () => {
    const issues = detailedIssuesOf(() =>
      validateAgreement({
        ...minimalDocument(),
        metadata: { id: 'x', customer: 'acme' },
        spec: { ...(minimalDocument().spec as Json), review: { every: 'PT1H' } },
      }),
    );
    expect(issues.map((issue) => issue.message)).toEqual([
      'missing required field "title"',
      '"PT1H" is not a period; write e.g. P1M, P3M, P1Y, P2W or P90D',
    ]);
    const months = detailedIssuesOf(() =>
      validateAgreement(
        ((doc) => {
          at(doc, 'spec', 'targets', 0).within = 'P1M';
          return doc;
        })(minimalDocument()),
      ),
    );
    expect(months[0]!.message).toContain('months, years or weeks');
  });

  it('refuses an empty document and a document that is not a mapping', () => {
    expect(issuesOf(() => parseAgreement(''))).toEqual([{ path: '', code: 'AGREEMENT_INVALID' }]);
    expect(issuesOf(() => parseAgreement('- a\n- b\n'))).toEqual([{ path: '', code: 'AGREEMENT_INVALID' }]);
  });
});
