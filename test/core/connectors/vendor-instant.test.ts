import { describe, expect, it } from 'vitest';
import { isPriorityLabel, priorityFromLabels } from '../../../src/core/connectors/priority-labels.ts';
import {
  compareInstants,
  instantFromEpochMilliseconds,
  instantFromText,
} from '../../../src/core/connectors/vendor-instant.ts';

describe('instants as vendors write them', () => {
  it.each([
    ['2019-05-15T15:20:18Z', '2019-05-15T15:20:18Z'],
    ['2019-02-15T19:11:18.321-0800', '2019-02-16T03:11:18.321Z'],
    ['2019-02-15T19:11:18.321-08:00', '2019-02-16T03:11:18.321Z'],
    ['2024-03-31T07:30:00+05:30', '2024-03-31T02:00:00Z'],
    ['2018-09-17 21:01:30 UTC', '2018-09-17T21:01:30Z'],
    ['2023-01-01 10:00:00 +0100', '2023-01-01T09:00:00Z'],
    ['2020-02-06T00:17:58.432911368Z', '2020-02-06T00:17:58.432911368Z'],
    ['2019-02-16T21:15:16.080Z', '2019-02-16T21:15:16.080Z'],
    ['2024-02-29T23:59:59,5Z', '2024-02-29T23:59:59.5Z'],
    ['  2019-05-15T15:20:18z ', '2019-05-15T15:20:18Z'],
  ])('%s is %s in UTC, with the precision it was given', (text, expected) => {
    expect(instantFromText(text)).toBe(expected);
  });

  it.each([
    ['no zone', '2019-05-15T15:20:18'],
    ['a date alone', '2019-05-15'],
    ['no such day', '2019-02-30T10:00:00Z'],
    ['words', 'yesterday'],
    ['an empty string', ''],
    ['more than nanoseconds', '2019-05-15T15:20:18.1234567891Z'],
  ])('%s is no instant', (_case, text) => {
    expect(instantFromText(text)).toBeNull();
  });

  it('reads only text', () => {
    for (const value of [null, undefined, 1557933618000, {}, ['2019-05-15T15:20:18Z']]) {
      expect(instantFromText(value)).toBeNull();
    }
  });

  it('renders epoch milliseconds (Jira) with their milliseconds, and refuses what is no whole number', () => {
    expect(instantFromEpochMilliseconds(1550351716080)).toBe('2019-02-16T21:15:16.080Z');
    expect(instantFromEpochMilliseconds(0)).toBe('1970-01-01T00:00:00.000Z');
    for (const value of ['1550351716080', 1.5, Number.NaN, 1e300, null]) {
      expect(instantFromEpochMilliseconds(value)).toBeNull();
    }
  });

  it('orders instants of different precision exactly', () => {
    expect(compareInstants('2020-02-06T00:17:58.432911368Z', '2020-02-06T00:17:58.432911369Z')).toBe(-1);
    expect(compareInstants('2020-02-06T00:17:58.5Z', '2020-02-06T00:17:58.500Z')).toBe(0);
  });
});

describe('priority labels', () => {
  it.each([
    'priority: high',
    'Priority: Critical',
    'priority/high',
    'priority::high',
    'priority-low',
    'Priority - P2',
    'priority high',
    'P1',
    'p0',
    'P2 - medium',
    'P10',
  ])('%s is a priority label', (label) => {
    expect(isPriorityLabel(label)).toBe(true);
  });

  it.each(['bug', 'priority', 'prioritised', 'high priority', 'python', 'P', 'p2p', 'PR-123'])(
    '%s is not a priority label',
    (label) => {
      expect(isPriorityLabel(label)).toBe(false);
    },
  );

  it('takes the first priority label in the order the vendor lists them', () => {
    expect(priorityFromLabels(['bug', 'P2', 'priority: high'])).toBe('P2');
    expect(priorityFromLabels(['bug', 'enhancement'])).toBeNull();
  });
});
