import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/app/app-error.ts';
import { isoWeeksInYear, parsePeriodLabel, readPeriodLabel } from '../../../src/app/facts/period-label.ts';

describe('period labels of KPI values', () => {
  it('reads the five kinds and spells them canonically', () => {
    expect(parsePeriodLabel('2026')).toEqual({ kind: 'year', label: '2026' });
    expect(parsePeriodLabel('2026-q4')).toEqual({ kind: 'quarter', label: '2026-Q4' });
    expect(parsePeriodLabel('2026-10')).toEqual({ kind: 'month', label: '2026-10' });
    expect(parsePeriodLabel('2026-w41')).toEqual({ kind: 'week', label: '2026-W41' });
    expect(parsePeriodLabel('2024-02-29')).toEqual({ kind: 'day', label: '2024-02-29' });
  });

  it('knows which ISO years have 53 weeks', () => {
    // 53 weeks: the year starts on a Thursday, or it is a leap year starting on a Wednesday.
    expect([2004, 2009, 2015, 2020, 2026, 2032].map(isoWeeksInYear)).toEqual([53, 53, 53, 53, 53, 53]);
    expect([2019, 2021, 2024, 2025, 2027].map(isoWeeksInYear)).toEqual([52, 52, 52, 52, 52]);
  });

  it('refuses labels that name no real period, with PERIOD_LABEL_INVALID and the reason', () => {
    for (const text of [
      '2026-13',
      '2026-00',
      '2025-W53',
      '2026-W54',
      '2026-W00',
      '2026-Q0',
      '2023-02-29',
      '2026-1',
      '10/2026',
      '1899',
      '',
    ]) {
      expect('reason' in readPeriodLabel(text), text).toBe(true);
    }
    const error = (() => {
      try {
        parsePeriodLabel('2025-W53');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ kind: 'invalid', code: 'PERIOD_LABEL_INVALID' });
    expect((error as AppError).message).toContain('2025 has ISO weeks W01 to W52');
  });
});
