import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../../src/core/time/index.ts';
import { durationTextCases } from '../../fixtures/duration-text-cases.ts';

describe('formatDuration', () => {
  it.each(durationTextCases)('%d ms of %s time reads "%s"', (ms, kind, text) => {
    expect(formatDuration(ms, kind)).toBe(text);
  });

  it('never shows milliseconds, fractions or days', () => {
    for (let ms = 0; ms < 400 * 3_600_000; ms += 7_777_777.7) {
      const text = formatDuration(ms, 'business');
      expect(text).toMatch(/^\d+ business (h( \d+ min)?|min|s)$/);
      expect(text).not.toMatch(/\bd\b|day|\.\d/);
    }
  });

  it('writes no number for a value that is not one', () => {
    expect(formatDuration(Number.NaN, 'business')).toBe('–');
  });
});
