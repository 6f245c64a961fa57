/** The calendar editor's model and the wall-time arithmetic it relies on (DST included). */
import { describe, expect, it } from 'vitest';
import type { CalendarObject } from '../../api/types.ts';
import { wallTimeToIso } from '../../components/zoned-time.ts';
import { daysOf } from './calendar-days.ts';
import { checkCalendarForm, definitionOf, emptyCalendarForm, formOf, isOvernight } from './calendar-model.ts';

describe('the calendar form', () => {
  it('round-trips a definition with split and overnight shifts, holidays and overrides', () => {
    const definition = {
      timezone: 'Europe/Warsaw',
      weekly: [
        { days: ['mon' as const, 'tue' as const], start: '08:00', end: '12:00' },
        { day: 'mon' as const, start: '13:00', end: '17:00' },
        { days: ['fri' as const], start: '22:00', end: '06:00' },
      ],
      holidays: { region: 'PL', dates: ['2026-12-24'] },
      overrides: [{ date: '2026-12-31', intervals: [{ start: '08:00', end: '12:00' }] }],
    };
    const form = formOf(definition, 'UTC');
    expect(form.shifts.map((shift) => shift.days)).toEqual([['mon', 'tue'], ['mon'], ['fri']]);
    expect(isOvernight(form.shifts[2]!)).toBe(true);
    expect(definitionOf(form)).toEqual({
      timezone: 'Europe/Warsaw',
      weekly: [
        { days: ['mon', 'tue'], start: '08:00', end: '12:00' },
        { days: ['mon'], start: '13:00', end: '17:00' },
        { days: ['fri'], start: '22:00', end: '06:00' },
      ],
      holidays: { dates: ['2026-12-24'], region: 'PL' },
      overrides: [{ date: '2026-12-31', intervals: [{ start: '08:00', end: '12:00' }] }],
    });
    expect((definitionOf({ ...form, regions: 'DE-HE, DE-BY', dates: [] }) as CalendarObject).holidays).toEqual({
      region: ['DE-HE', 'DE-BY'],
    });
    expect(definitionOf(formOf('24x7', 'UTC'))).toBe('24x7');
  });

  it('finds problems before sending', () => {
    const form = emptyCalendarForm('Europe/Warsaw');
    expect(checkCalendarForm(form)).toEqual({});
    const broken = { ...form, shifts: [{ ...form.shifts[0]!, days: [], end: form.shifts[0]!.start }] };
    expect(Object.keys(checkCalendarForm(broken)).sort()).toEqual(['weekly.0.days', 'weekly.0.end']);
    expect(checkCalendarForm({ ...form, shifts: [] })).toHaveProperty('weekly');
  });
});

describe('wall time in a zone', () => {
  it('turns a local time into an instant with the offset in force, across DST', () => {
    expect(wallTimeToIso('2026-10-24T09:00', 'Europe/Warsaw')).toBe('2026-10-24T09:00:00+02:00');
    expect(wallTimeToIso('2026-10-26T09:00', 'Europe/Warsaw')).toBe('2026-10-26T09:00:00+01:00');
    expect(wallTimeToIso('2026-03-08T01:30', 'America/New_York')).toBe('2026-03-08T01:30:00-05:00');
    expect(wallTimeToIso('2026-11-23T10:00', 'Asia/Kolkata')).toBe('2026-11-23T10:00:00+05:30');
    expect(wallTimeToIso('not a time', 'UTC')).toBeNull();
  });
});

describe('the preview of open hours', () => {
  it('groups intervals by the local date they start on, an overnight one ending the next day', () => {
    const days = daysOf(
      {
        timezone: 'Europe/Warsaw',
        from: '2026-11-23T00:00:00+01:00',
        to: '2026-11-25T00:00:00+01:00',
        intervals: [
          { start: '2026-11-23T08:00:00+01:00', end: '2026-11-23T12:00:00+01:00', minutes: 240 },
          { start: '2026-11-23T22:00:00+01:00', end: '2026-11-24T06:00:00+01:00', minutes: 480 },
        ],
        openMinutes: 720,
      },
      2,
    );
    expect(days.map((day) => [day.date, day.minutes, day.intervals.map((interval) => interval.nextDay)])).toEqual([
      ['2026-11-23', 720, [false, true]],
      ['2026-11-24', 0, []],
    ]);
    expect(days[0]!.intervals[1]).toMatchObject({ startMinute: 1320, endMinute: 1440 });
  });
});
