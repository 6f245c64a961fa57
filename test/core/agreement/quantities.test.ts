import { describe, expect, it } from 'vitest';
import { parseBusinessDuration, parseCalendarPeriod, parsePercent } from '../../../src/core/agreement/index.ts';

const minute = 60_000;
const hour = 60 * minute;

describe('business durations', () => {
  it.each([
    ['PT30M', 30 * minute],
    ['PT4H', 4 * hour],
    ['P2D', 48 * hour],
    ['P1DT12H', 36 * hour],
    ['PT1H30M', 90 * minute],
    ['PT0S', 0],
    ['PT45S', 45_000],
    ['PT1.5H', 90 * minute],
    ['PT0,5H', 30 * minute],
  ])('%s is %d ms (a day is 24 hours of business time)', (text, ms) => {
    expect(parseBusinessDuration(text)).toBe(ms);
  });

  it.each(['', 'P', 'PT', 'P1DT', '4H', 'PT4', 'P1M', 'P1Y', 'P1W', 'pt4h', '-PT4H', 'PT4H30', 'P1H'])(
    'refuses %j',
    (text) => {
      expect(parseBusinessDuration(text)).toBeUndefined();
    },
  );
});

describe('calendar periods', () => {
  it.each([
    ['P1M', { months: 1, days: 0 }],
    ['P3M', { months: 3, days: 0 }],
    ['P1Y', { months: 12, days: 0 }],
    ['P2W', { months: 0, days: 14 }],
    ['P1Y2M3W4D', { months: 14, days: 25 }],
  ])('%s', (text, period) => {
    expect(parseCalendarPeriod(text)).toEqual(period);
  });

  it.each(['P', 'P0M', 'PT1H', 'P1.5M', 'monthly'])('refuses %j', (text) => {
    expect(parseCalendarPeriod(text)).toBeUndefined();
  });
});

describe('percents', () => {
  it.each([
    ['95%', 95],
    [95, 95],
    ['99.5 %', 99.5],
    [' 0% ', 0],
    [0.3, 0.3],
  ])('%j is %d', (value, percent) => {
    expect(parsePercent(value)).toBe(percent);
  });

  it.each(['95', '95 percent', '%', '-5%', '1e2%', null, true, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses %j',
    (value) => {
      expect(parsePercent(value)).toBeUndefined();
    },
  );
});
