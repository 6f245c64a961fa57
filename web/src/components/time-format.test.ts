/** The web UI writes durations and metric names exactly as the server does: both are tested against one table. */
import { describe, expect, it } from 'vitest';
import { durationTextCases } from '../../../test/fixtures/duration-text-cases.ts';
import { metricNameCases } from '../../../test/fixtures/metric-name-cases.ts';
import { metricName } from './metric-names.ts';
import { formatDuration, formatMinutes } from './time-format.ts';

describe('formatDuration', () => {
  it.each(durationTextCases)('%d ms of %s time reads "%s"', (ms, kind, text) => {
    expect(formatDuration(ms, kind)).toBe(text);
  });

  it('writes minutes from the API the same way, and a dash for none', () => {
    expect(formatMinutes(1600, 'business')).toBe('26 business h 40 min');
    expect(formatMinutes(3133.756, 'business')).toBe('52 business h 14 min');
    expect(formatMinutes(null, 'business')).toBe('—');
  });
});

describe('metricName', () => {
  it.each(metricNameCases)('calls %s "%s"', (metric, name) => {
    expect(metricName(metric)).toBe(name);
  });
});
