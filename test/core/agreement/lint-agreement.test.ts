import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  builtInLintRules,
  defineLintRule,
  hasLintErrors,
  type LintFinding,
  lintAgreement,
  parseAgreement,
  validateAgreement,
  writtenDurationsOf,
} from '../../../src/core/agreement/index.ts';
import { agreementWith, at, documentWith } from './agreement-fixtures.ts';

type Json = Record<string, unknown>;
type Edit = (document: Json, spec: Json) => void;

const lint = (edit: Edit) => lintAgreement(agreementWith(edit));
const summary = (findings: readonly LintFinding[]) =>
  findings.map(({ path, rule, severity }) => ({ path, rule, severity }));
const target = (spec: Json, index: number) => at(spec, 'targets', index);

describe('lint', () => {
  it('finds nothing in the minimal agreement', () => {
    expect(lintAgreement(agreementWith())).toEqual([]);
  });

  it('lists its built-in rules with stable ids', () => {
    expect(builtInLintRules.map((rule) => rule.id)).toEqual([
      'vague-term',
      'calendar-without-working-time',
      'credits-without-cap',
      'credit-tiers-inconsistent',
      'termination-without-measurable-trigger',
      'signatories-missing',
      'calendar-zones-disagree',
      'timezone-out-of-date',
      'priority-without-response-target',
      'priority-without-resolution-target',
      'target-incomplete',
      'unreachable-pause-status',
      'response-status-category',
      'day-based-duration',
      'percent-looks-like-fraction',
    ]);
  });
});

describe('vague-term', () => {
  it.each([
    ['as soon as possible', 'Resolve incidents as soon as possible.'],
    ['asap', 'Fixes are installed ASAP.'],
    ['promptly', 'The provider answers Promptly.'],
    ['reasonable time', 'within a reasonable   time'],
    ['reasonable efforts', 'The provider uses reasonable efforts.'],
    ['best effort', 'Support outside hours is best effort.'],
    ['timely', 'in a timely manner'],
    ['as needed', 'Updates are installed as needed.'],
    ['as appropriate', 'The provider escalates as appropriate.'],
    ['immediately', 'The customer is informed immediately.'],
    ['without undue delay', 'without undue delay'],
    ['regularly', 'Backups are tested regularly.'],
  ])('finds "%s" (case-insensitive, whole words) with a measurable suggestion', (term, text) => {
    const findings = lint((_d, s) => (s.responsibilities = { provider: ['A clear sentence.', text] }));
    expect(summary(findings)).toEqual([
      { path: 'spec.responsibilities.provider.1', rule: 'vague-term', severity: 'error' },
    ]);
    expect(findings[0]!.message).toBe(`"${term}" is not measurable`);
    expect(findings[0]!.suggestion).toMatch(/^replace ".+": state /);
  });

  it('looks in every prose field, and reports each term once per field', () => {
    const findings = lint((d, s) => {
      at(d, 'metadata').description = 'Timely support, timely fixes.';
      (at(s, 'services', 0).scope as string[]).push('updates as needed');
      s.exclusions = { forceMajeure: 'Notify promptly.' };
      at(s, 'termination', 0).right = 'The customer may terminate after best efforts failed.';
      target(s, 0).description = 'Answer immediately.';
    });
    expect(summary(findings).map((finding) => finding.path)).toEqual([
      'metadata.description',
      'spec.services.0.scope.1',
      'spec.targets.0.description',
      'spec.termination.0.right',
      'spec.exclusions.forceMajeure',
    ]);
  });

  it('does not match inside words, in identifiers or in measurable wording', () => {
    expect(
      lint((d, s) => {
        at(d, 'metadata').description =
          'An untimely failure is answered within 30 minutes; the promptness is measured.';
        target(s, 0).id = 'timely-response';
        at(s, 'credits').rules = [{ target: 'p1-resolution', perBreach: '2%' }];
        s.responsibilities = { customer: ['Report incidents through the portal within 1 business hour.'] };
      }),
    ).toEqual([]);
  });
});

describe('priority coverage', () => {
  it('reports a level without a first response target and a level without a resolution target', () => {
    const findings = lint((_d, s) => {
      at(s, 'priorities').levels = ['P1', 'P2', 'P3'];
      target(s, 0).priorities = ['P1', 'P3'];
    });
    expect(summary(findings)).toEqual([
      { path: 'spec.priorities.levels.2', rule: 'priority-without-resolution-target', severity: 'error' },
    ]);
    const none = lint((_d, s) => {
      (s.targets as Json[]).splice(2, 2);
    });
    expect(summary(none)).toEqual([
      { path: 'spec.priorities.levels.1', rule: 'priority-without-response-target', severity: 'error' },
      { path: 'spec.priorities.levels.1', rule: 'priority-without-resolution-target', severity: 'error' },
    ]);
    expect(none[0]!.suggestion).toContain('metric: first_response, priorities: [P2]');
  });
});

describe('target-incomplete', () => {
  it('reports a ticket target without goal or calendar, and a zero duration', () => {
    const findings = lint((_d, s) => {
      delete target(s, 0).goal;
      delete target(s, 1).calendar;
      target(s, 2).within = 'PT0S';
    });
    expect(summary(findings)).toEqual([
      { path: 'spec.targets.0.goal', rule: 'target-incomplete', severity: 'error' },
      { path: 'spec.targets.1.calendar', rule: 'target-incomplete', severity: 'error' },
      { path: 'spec.targets.2.within', rule: 'target-incomplete', severity: 'error' },
    ]);
  });

  it('reports availability without calendar, OTIF without goal, KPI without unit, MTTR without calendar', () => {
    const findings = lint((_d, s) => {
      (s.targets as Json[]).push(
        { id: 'up', metric: 'availability', service: 'erp', objective: '99.5%' },
        { id: 'deliveries', metric: 'otif', level: 'order' },
        { id: 'csat', metric: 'kpi', name: 'CSAT', objective: 4.2, direction: 'atLeast' },
        { id: 'mttr', metric: 'mean_resolution_time', objective: 'PT6H' },
      );
    });
    expect(summary(findings)).toEqual([
      { path: 'spec.targets.4.calendar', rule: 'target-incomplete', severity: 'error' },
      { path: 'spec.targets.5.goal', rule: 'target-incomplete', severity: 'error' },
      { path: 'spec.targets.6.unit', rule: 'target-incomplete', severity: 'error' },
      { path: 'spec.targets.7.calendar', rule: 'target-incomplete', severity: 'error' },
    ]);
  });

  it('accepts complete targets of every kind', () => {
    expect(
      lint((_d, s) => {
        (s.targets as Json[]).push(
          { id: 'up', metric: 'availability', service: 'erp', objective: '99.5%', calendar: 'always' },
          { id: 'deliveries', metric: 'otif', level: 'order', goal: '95%' },
          { id: 'csat', metric: 'kpi', name: 'CSAT', unit: 'points', objective: 4.2, direction: 'atLeast' },
          { id: 'mttr', metric: 'mean_resolution_time', objective: 'PT6H', calendar: 'business' },
        );
      }),
    ).toEqual([]);
  });
});

describe('calendar-without-working-time', () => {
  it('reports a calendar that never opens, not one that opens on an override date', () => {
    const findings = lint((_d, s) => {
      at(s, 'calendars').closed = { timezone: 'Europe/Warsaw', weekly: [] };
      at(s, 'calendars').event = {
        timezone: 'Europe/Warsaw',
        weekly: [],
        overrides: [{ date: '2026-06-01', intervals: [{ start: '09:00', end: '12:00' }] }],
      };
    });
    expect(summary(findings)).toEqual([
      { path: 'spec.calendars.closed', rule: 'calendar-without-working-time', severity: 'error' },
    ]);
  });
});

describe('credits', () => {
  it('reports credits without a monthly cap', () => {
    expect(summary(lint((_d, s) => delete at(s, 'credits').monthlyCap))).toEqual([
      { path: 'spec.credits.monthlyCap', rule: 'credits-without-cap', severity: 'error' },
    ]);
  });

  it('warns when a deeper tier gives no more credit', () => {
    const tiers = (list: Json[]) => (_d: Json, s: Json) =>
      (at(s, 'credits').rules = [{ target: 'p1-response', tiers: list }]);
    expect(
      summary(
        lint(
          tiers([
            { below: '95%', credit: '10%' },
            { below: '90%', credit: '5%' },
          ]),
        ),
      ),
    ).toEqual([{ path: 'spec.credits.rules.0.tiers', rule: 'credit-tiers-inconsistent', severity: 'warning' }]);
    expect(
      lint(
        tiers([
          { below: '95%', credit: '5%' },
          { below: '90%', credit: '10%' },
        ]),
      ),
    ).toEqual([]);
  });
});

describe('termination-without-measurable-trigger', () => {
  it('reports a termination right without a trigger', () => {
    expect(
      summary(
        lint(
          (_d, s) =>
            (s.termination = [...(s.termination as Json[]), { right: 'The customer may terminate for convenience.' }]),
        ),
      ),
    ).toEqual([{ path: 'spec.termination.1', rule: 'termination-without-measurable-trigger', severity: 'error' }]);
  });
});

describe('unreachable-pause-status', () => {
  it('reports a pause on a status that is not pending', () => {
    const findings = lint((_d, s) => (target(s, 1).pauseOn = ['awaiting_customer', 'in_progress']));
    expect(summary(findings)).toEqual([
      { path: 'spec.targets.1.pauseOn.1', rule: 'unreachable-pause-status', severity: 'error' },
    ]);
    expect(findings[0]!.message).toContain('"in_progress" has the category open');
    expect(findings[0]!.suggestion).toContain('awaiting_customer, awaiting_vendor');
  });

  it('accepts custom pending statuses', () => {
    expect(
      lint((_d, s) => {
        s.statuses = [
          { name: 'open', category: 'open' },
          { name: 'on_hold', category: 'pending' },
          { name: 'done', category: 'resolved' },
        ];
        target(s, 1).pauseOn = ['on_hold'];
      }),
    ).toEqual([]);
  });
});

describe('day-based-duration', () => {
  /** Lints the document as written: the rule reads the durations' text, which the normalised model does not keep. */
  const lintWritten = (edit: Edit) => {
    const document = documentWith(edit);
    const writtenDurations = writtenDurationsOf(JSON.stringify(document), 'json');
    return lintAgreement(validateAgreement(document), { writtenDurations });
  };

  it('warns on days on a business calendar, quoting them as written and suggesting hours', () => {
    const findings = lintWritten((_d, s) => (target(s, 3).within = 'P2D'));
    expect(summary(findings)).toEqual([
      { path: 'spec.targets.3.within', rule: 'day-based-duration', severity: 'warning' },
    ]);
    expect(findings[0]!.message).toBe('P2D is 48 business h of calendar "business", about 6 working days of 8 h');
    expect(findings[0]!.suggestion).toBe(
      'if you mean 2 working days, write PT16H; if you mean 48 business h, write PT48H',
    );
  });

  it('leaves PT24H alone: the author counted hours, and there is nothing else to suggest (issue 18)', () => {
    expect(lintWritten((_d, s) => (target(s, 3).within = 'PT24H'))).toEqual([]);
    expect(lintWritten((_d, s) => (target(s, 3).within = 'PT48H'))).toEqual([]);
  });

  it('quotes the YAML as written and keeps the hours written after the days in both readings', () => {
    const text = readFileSync('examples/agreements/erp-support.yaml', 'utf8').replace(
      'priorities: [P3], within: PT27H,',
      'priorities: [P3], within: P1DT4H,',
    );
    const findings = lintAgreement(parseAgreement(text), { writtenDurations: writtenDurationsOf(text, 'yaml') });
    const [finding] = findings.filter((entry) => entry.rule === 'day-based-duration');
    expect(finding).toMatchObject({ path: 'spec.targets.6.within' });
    expect(finding!.message).toBe('P1DT4H is 28 business h of calendar "business", about 3.1 working days of 9 h');
    expect(finding!.suggestion).toBe(
      'if you mean 1 working day and 4 business h, write PT13H; if you mean 28 business h, write PT28H',
    );
  });

  it('is silent on 24x7 calendars, and without the text it cannot tell days from hours', () => {
    expect(lintWritten((_d, s) => (target(s, 1).within = 'P1D'))).toEqual([]);
    expect(lint((_d, s) => (target(s, 3).within = 'P2D'))).toEqual([]);
  });

  it('checks periodic updates, mean resolution time and OTIF windows with a calendar', () => {
    const findings = lintWritten((_d, s) =>
      (s.targets as Json[]).push(
        { id: 'updates', metric: 'periodic_update', priorities: ['P2'], every: 'P1D', calendar: 'business', goal: 90 },
        { id: 'mttr', metric: 'mean_resolution_time', objective: 'P1D', calendar: 'business' },
        {
          id: 'otif',
          metric: 'otif',
          level: 'line',
          goal: 95,
          calendar: 'business',
          onTime: { early: 'P1D', late: 'PT0S' },
        },
        { id: 'otif-real-time', metric: 'otif', level: 'line', goal: 95, onTime: { early: 'P1D', late: 'PT0S' } },
      ),
    );
    expect(summary(findings).map((finding) => finding.path)).toEqual([
      'spec.targets.4.every',
      'spec.targets.5.objective',
      'spec.targets.6.onTime.early',
    ]);
  });
});

describe('percent-looks-like-fraction', () => {
  it('warns on a goal of at most 1%', () => {
    const findings = lint((_d, s) => (target(s, 0).goal = 0.95));
    expect(summary(findings)).toEqual([
      { path: 'spec.targets.0.goal', rule: 'percent-looks-like-fraction', severity: 'warning' },
    ]);
    expect(findings[0]!.suggestion).toContain('write 95%');
    expect(lint((_d, s) => (target(s, 0).goal = 2))).toEqual([]);
  });
});

describe('signatories-missing', () => {
  it('warns when a party names no signatory', () => {
    expect(summary(lint((_d, s) => (s.signatories = { provider: ['sla@provider.example'] })))).toEqual([
      { path: 'spec.signatories.customer', rule: 'signatories-missing', severity: 'warning' },
    ]);
  });
});

describe('extra rules and errors', () => {
  it('runs caller rules after the built-in ones (e.g. a feasibility check against history)', () => {
    const feasibility = defineLintRule('target-infeasible', 'warning', 'History says no.', (agreement, _c, finding) =>
      agreement.spec.targets
        .filter((t) => t.id === 'p2-resolution')
        .map(() => finding('spec.targets.3.within', 'P2 resolution p90 was 11.5 business hours', 'promise PT12H')),
    );
    const findings = lintAgreement(agreementWith(), { rules: [feasibility] });
    expect(summary(findings)).toEqual([
      { path: 'spec.targets.3.within', rule: 'target-infeasible', severity: 'warning' },
    ]);
    expect(hasLintErrors(findings)).toBe(false);
    expect(hasLintErrors(lint((_d, s) => delete at(s, 'credits').monthlyCap))).toBe(true);
  });
});
