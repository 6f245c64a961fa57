import { describe, expect, it } from 'vitest';
import { describeAgreementChanges, diffAgreements } from '../../../src/core/agreement/index.ts';
import { agreementWith, at } from './agreement-fixtures.ts';

type Json = Record<string, unknown>;

describe('describeAgreementChanges', () => {
  it('writes durations in business hours and minutes, never in milliseconds (issue 18)', () => {
    const before = agreementWith();
    const after = agreementWith((_d, spec) => {
      at(spec, 'targets', 3).within = 'PT27H';
      at(spec, 'targets', 0).within = 'PT1H30M';
    });
    expect(describeAgreementChanges(before, after, diffAgreements(before, after))).toEqual([
      {
        path: 'spec.targets[p1-response].within',
        kind: 'changed',
        before: 1_800_000,
        after: 5_400_000,
        beforeText: '30 business min',
        afterText: '1 business h 30 min',
      },
      {
        path: 'spec.targets[p2-resolution].within',
        kind: 'changed',
        before: 57_600_000,
        after: 97_200_000,
        beforeText: '16 business h',
        afterText: '27 business h',
      },
    ]);
  });

  it('reads a target added or removed as a whole, with its metric by name', () => {
    const before = agreementWith();
    const after = agreementWith((_d, spec) =>
      (spec.targets as Json[]).push({
        id: 'mttr',
        metric: 'mean_resolution_time',
        objective: 'PT6H',
        calendar: 'business',
      }),
    );
    const [added] = describeAgreementChanges(before, after, diffAgreements(before, after));
    expect(added).toMatchObject({ path: 'spec.targets[mttr]', kind: 'added' });
    expect(added!.afterText).toBe(
      '{ calendar: business, id: mttr, metric: Mean resolution time, objective: 6 business h }',
    );
    const [removed] = describeAgreementChanges(after, before, diffAgreements(after, before));
    expect(removed).toMatchObject({ kind: 'removed', beforeText: added!.afterText });
  });

  it('reads a number by what it is in its target: a percent objective, an OTIF window in real or business time', () => {
    const otif = (calendar?: string) => ({
      id: 'deliveries',
      metric: 'otif',
      level: 'line',
      goal: 95,
      ...(calendar ? { calendar } : {}),
      onTime: { early: 'P1D', late: 'PT0S' },
    });
    const before = agreementWith((_d, spec) => (spec.targets as Json[]).push(otif()));
    const after = agreementWith((_d, spec) => {
      (spec.targets as Json[]).push({ ...otif('business'), onTime: { early: 'PT12H', late: 'PT2H' } });
    });
    expect(
      describeAgreementChanges(before, after, diffAgreements(before, after)).map(({ path, beforeText, afterText }) => [
        path,
        beforeText,
        afterText,
      ]),
    ).toEqual([
      ['spec.targets[deliveries].calendar', undefined, 'business'],
      ['spec.targets[deliveries].onTime.early', '24 h', '12 business h'],
      ['spec.targets[deliveries].onTime.late', '0 min', '2 business h'],
    ]);
  });
});
