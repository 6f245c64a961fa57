import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/core/errors.ts';
import { defineCalendar, hasAnyWorkingTime } from '../../../src/core/time/index.ts';

function issuesOf(input: unknown): { path: string; code: string }[] {
  try {
    defineCalendar(input);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return ((error as DomainError).details.issues as { path: string; code: string }[]).map(({ path, code }) => ({
      path,
      code,
    }));
  }
  throw new Error('expected the calendar to be rejected');
}

const weekday = (day: string, start: string, end: string) => ({ day, start, end });

describe('calendar validation', () => {
  it('accepts the vector form, the agreement form and the 24x7 shorthands', () => {
    expect(defineCalendar('24x7').hasWeeklyHours).toBe(true);
    expect(defineCalendar({ timezone: 'Europe/Warsaw', weekly: '24x7', holidays: { region: 'PL' } }).timezone).toBe(
      'Europe/Warsaw',
    );
    const agreementForm = defineCalendar({
      timezone: 'Europe/Warsaw',
      weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:00', end: '17:00' }],
      holidays: { region: 'PL', dates: ['2026-12-24'] },
    });
    const vectorForm = defineCalendar({
      timezone: 'Europe/Warsaw',
      weekly: ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => weekday(day, '08:00', '17:00')),
      holidays: { dates: ['2026-12-24'], region: ['pl'] },
    });
    expect(agreementForm.key).toBe(vectorForm.key);
  });

  it('reports an unknown zone, and refuses fixed offsets that have no DST rules', () => {
    expect(issuesOf({ timezone: 'Mars/Olympus', weekly: [] })).toEqual([
      { path: 'timezone', code: 'CALENDAR_UNKNOWN_TIMEZONE' },
    ]);
    expect(issuesOf({ timezone: '+02:00', weekly: [] })[0]!.code).toBe('CALENDAR_UNKNOWN_TIMEZONE');
  });

  it('reports malformed times, empty intervals and a start of 24:00', () => {
    expect(
      issuesOf({
        timezone: 'UTC',
        weekly: [weekday('mon', '9:00', '17:00'), weekday('tue', '09:00', '24:30'), weekday('wed', '10:00', '10:00')],
      }),
    ).toEqual([
      { path: 'weekly.0.start', code: 'CALENDAR_INVALID_TIME' },
      { path: 'weekly.1.end', code: 'CALENDAR_INVALID_TIME' },
      { path: 'weekly.2', code: 'CALENDAR_EMPTY_INTERVAL' },
    ]);
    expect(issuesOf({ timezone: 'UTC', weekly: [weekday('mon', '24:00', '06:00')] })[0]!.code).toBe(
      'CALENDAR_INVALID_TIME',
    );
  });

  it('reports overlapping intervals, including a night shift spilling into the next day', () => {
    expect(
      issuesOf({ timezone: 'UTC', weekly: [weekday('mon', '09:00', '13:00'), weekday('mon', '12:00', '17:00')] }),
    ).toEqual([{ path: 'weekly.1', code: 'CALENDAR_OVERLAPPING_INTERVALS' }]);
    expect(
      issuesOf({ timezone: 'UTC', weekly: [weekday('mon', '22:00', '06:00'), weekday('tue', '05:00', '09:00')] }),
    ).toEqual([{ path: 'weekly.1', code: 'CALENDAR_OVERLAPPING_INTERVALS' }]);
  });

  it('joins touching intervals instead of rejecting them', () => {
    const calendar = defineCalendar({
      timezone: 'UTC',
      weekly: [weekday('mon', '09:00', '12:00'), weekday('mon', '12:00', '17:00'), weekday('sun', '22:00', '02:00')],
    });
    expect(calendar.weeklyByWeekday[0]).toEqual([
      { start: 0, end: 120 },
      { start: 540, end: 1020 },
    ]);
  });

  it('reports bad dates, duplicate overrides, overrides crossing midnight and unknown regions', () => {
    expect(
      issuesOf({
        timezone: 'UTC',
        weekly: [],
        holidays: { dates: ['2024-02-30'], region: ['US', 'XX', 'DE-ZZ'] },
        overrides: [
          { date: '2024-12-24', intervals: [{ start: '22:00', end: '02:00' }] },
          { date: '2024-12-24', intervals: [] },
        ],
      }),
    ).toEqual([
      { path: 'holidays.dates.0', code: 'CALENDAR_INVALID_DATE' },
      { path: 'holidays.region.1', code: 'CALENDAR_UNKNOWN_HOLIDAY_REGION' },
      { path: 'holidays.region.2', code: 'CALENDAR_UNKNOWN_HOLIDAY_REGION' },
      { path: 'overrides.0.intervals.0', code: 'CALENDAR_INVALID_TIME' },
      { path: 'overrides.1.date', code: 'CALENDAR_DUPLICATE_OVERRIDE' },
    ]);
  });

  it('reports unknown fields and wrong shapes with their path', () => {
    expect(issuesOf({ timezone: 'UTC', weekly: [], holiday: [] })).toEqual([
      { path: 'holiday', code: 'CALENDAR_INVALID' },
    ]);
    expect(issuesOf({ timezone: 'UTC', weekly: [{ day: 'monday', start: '09:00', end: '17:00' }] })[0]).toEqual({
      path: 'weekly.0.day',
      code: 'CALENDAR_INVALID',
    });
    expect(issuesOf({ timezone: 'UTC', weekly: [{ start: '09:00', end: '17:00' }] })[0]!.path).toBe('weekly.0');
    expect(issuesOf(42)[0]!.code).toBe('CALENDAR_INVALID');
  });

  it('knows whether a calendar has working time at all', () => {
    expect(hasAnyWorkingTime(defineCalendar({ timezone: 'UTC', weekly: [] }))).toBe(false);
    expect(
      hasAnyWorkingTime(
        defineCalendar({
          timezone: 'UTC',
          weekly: [],
          overrides: [{ date: '2024-01-02', intervals: [{ start: '09:00', end: '10:00' }] }],
        }),
      ),
    ).toBe(true);
  });
});
