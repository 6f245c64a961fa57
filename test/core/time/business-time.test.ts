import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/core/errors.ts';
import {
  addBusinessMinutes,
  addBusinessMs,
  compileCalendar,
  elapsedBusinessMinutes,
  formatInstant,
  isOpen,
  nextOpening,
  openIntervals,
  parseInstant,
} from '../../../src/core/time/index.ts';

const at = parseInstant;
const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'];
const officeHours = (timezone: string, holidays?: unknown) =>
  compileCalendar({
    timezone,
    weekly: [{ days: weekdays, start: '09:00', end: '17:00' }],
    ...(holidays === undefined ? {} : { holidays }),
  });

describe('holidays from a region', () => {
  it('US public holidays close the office (Thanksgiving 2024)', () => {
    const calendar = officeHours('America/New_York', { region: 'US' });
    expect(isOpen(calendar, at('2024-11-28T10:00:00-05:00'))).toBe(false);
    expect(isOpen(calendar, at('2024-11-29T10:00:00-05:00'))).toBe(true);
    expect(addBusinessMinutes(calendar, at('2024-11-27T16:00:00-05:00'), 120)).toBe(at('2024-11-29T10:00:00-05:00'));
  });

  it('PL and DE-BY include their own public holidays only', () => {
    const poland = officeHours('Europe/Warsaw', { region: 'PL' });
    expect(isOpen(poland, at('2026-11-11T10:00:00+01:00'))).toBe(false); // Independence Day
    expect(isOpen(poland, at('2026-12-24T10:00:00+01:00'))).toBe(false); // Wigilia, public since 2025
    const bavaria = officeHours('Europe/Berlin', { region: 'DE-BY' });
    const berlin = officeHours('Europe/Berlin', { region: 'DE-BE' });
    expect(isOpen(bavaria, at('2024-05-30T10:00:00+02:00'))).toBe(false); // Fronleichnam in Bavaria
    expect(isOpen(berlin, at('2024-05-30T10:00:00+02:00'))).toBe(true);
    expect(isOpen(bavaria, at('2024-02-13T10:00:00+01:00'))).toBe(true); // carnival is an observance, not public
  });

  it('TR multi-day holidays remove every day, not only the first (Kurban Bayrami 2024: 16-19 June)', () => {
    const turkey = officeHours('Europe/Istanbul', { region: 'TR' });
    for (const date of ['2024-06-17', '2024-06-18', '2024-06-19']) {
      expect(isOpen(turkey, at(`${date}T10:00:00+03:00`))).toBe(false);
    }
    expect(isOpen(turkey, at('2024-06-14T10:00:00+03:00'))).toBe(true);
    expect(isOpen(turkey, at('2024-06-20T10:00:00+03:00'))).toBe(true);
    expect(elapsedBusinessMinutes(turkey, at('2024-04-08T00:00:00+03:00'), at('2024-04-15T00:00:00+03:00')) / 60).toBe(
      16,
    ); // Ramazan Bayrami 10-12 April leaves Monday and Tuesday
  });

  it('region and explicit dates combine', () => {
    const calendar = officeHours('America/New_York', { region: 'US', dates: ['2024-12-24'] });
    expect(isOpen(calendar, at('2024-12-24T10:00:00-05:00'))).toBe(false);
    expect(isOpen(calendar, at('2024-12-25T10:00:00-05:00'))).toBe(false);
  });
});

describe('no result instead of an endless loop', () => {
  it('a calendar with no working time has no deadline and no opening', () => {
    const never = compileCalendar({ timezone: 'Europe/Warsaw', weekly: [] });
    expect(addBusinessMinutes(never, at('2024-01-01T00:00:00Z'), 1)).toBeNull();
    expect(addBusinessMinutes(never, at('2024-01-01T00:00:00Z'), 0)).toBeNull();
    expect(nextOpening(never, at('2024-01-01T00:00:00Z'))).toBeNull();
    expect(elapsedBusinessMinutes(never, at('1900-01-01T00:00:00Z'), at('9999-01-01T00:00:00Z'))).toBe(0);
  });

  it('a calendar whose only hours are in the past has no deadline after them', () => {
    const once = compileCalendar({
      timezone: 'Europe/Warsaw',
      weekly: [],
      overrides: [{ date: '2024-03-01', intervals: [{ start: '09:00', end: '10:00' }] }],
    });
    expect(addBusinessMinutes(once, at('2024-01-01T00:00:00Z'), 60)).toBe(at('2024-03-01T10:00:00+01:00'));
    expect(addBusinessMinutes(once, at('2024-01-01T00:00:00Z'), 61)).toBeNull();
    expect(addBusinessMinutes(once, at('2024-03-01T10:00:00+01:00'), 0)).toBeNull();
  });

  it('a deadline beyond the supported years is no result, not a hang', () => {
    const calendar = officeHours('UTC');
    expect(addBusinessMinutes(calendar, at('9998-12-01T00:00:00Z'), 1_000_000)).toBeNull();
  });
});

describe('inputs and outputs', () => {
  it('takes millisecond instants and durations', () => {
    const calendar = officeHours('America/New_York');
    const start = at('2024-01-08T16:59:59.250-05:00');
    expect(addBusinessMs(calendar, start, 1500)).toBe(at('2024-01-09T09:00:00.750-05:00'));
    expect(elapsedBusinessMinutes(calendar, start, at('2024-01-09T09:00:00.750-05:00'))).toBe(0.025);
  });

  it('refuses instants without an offset, durations below zero and instants out of range', () => {
    const calendar = officeHours('UTC');
    expect(() => at('2024-01-08T09:00:00')).toThrow(DomainError);
    expect(() => at('not a date')).toThrow(/ISO-8601/);
    expect(() => addBusinessMinutes(calendar, at('2024-01-08T09:00:00Z'), -1)).toThrow(
      expect.objectContaining({ code: 'DURATION_INVALID' }),
    );
    expect(() => addBusinessMinutes(calendar, Number.NaN, 1)).toThrow(
      expect.objectContaining({ code: 'INSTANT_INVALID' }),
    );
    expect(() => isOpen(calendar, at('1899-12-31T00:00:00Z'))).toThrow(
      expect.objectContaining({ code: 'INSTANT_OUT_OF_RANGE' }),
    );
  });

  it('renders instants in the calendar zone with the offset in force', () => {
    expect(formatInstant(at('2024-11-03T06:10:00Z'), 'America/New_York')).toBe('2024-11-03T01:10:00-05:00');
    expect(formatInstant(at('2024-11-03T05:10:00Z'), 'America/New_York')).toBe('2024-11-03T01:10:00-04:00');
  });

  it('nextOpening is the instant itself when open, the next opening when closed', () => {
    const calendar = officeHours('Europe/Warsaw');
    expect(nextOpening(calendar, at('2024-01-08T10:00:00+01:00'))).toBe(at('2024-01-08T10:00:00+01:00'));
    expect(nextOpening(calendar, at('2024-01-08T17:00:00+01:00'))).toBe(at('2024-01-09T09:00:00+01:00'));
  });

  it('lists open intervals of a period, joined across midnight and across years', () => {
    const always = compileCalendar('24x7');
    expect(openIntervals(always, at('2023-12-31T12:00:00Z'), at('2024-01-01T12:00:00Z'))).toEqual([
      { start: at('2023-12-31T12:00:00Z'), end: at('2024-01-01T12:00:00Z') },
    ]);
    const nights = compileCalendar({ timezone: 'UTC', weekly: [{ day: 'sun', start: '22:00', end: '06:00' }] });
    expect(openIntervals(nights, at('2023-12-31T00:00:00Z'), at('2024-01-02T00:00:00Z'))).toEqual([
      { start: at('2023-12-31T22:00:00Z'), end: at('2024-01-01T06:00:00Z') },
    ]);
  });

  it('computes a 20,000-business-hour deadline across ten years of holidays exactly', () => {
    const calendar = officeHours('America/New_York', { region: 'US' });
    const start = at('2024-01-08T09:00:00-05:00');
    const deadline = addBusinessMinutes(calendar, start, 20_000 * 60)!;
    expect(elapsedBusinessMinutes(calendar, start, deadline)).toBe(20_000 * 60);
    // Independent count: walk the days, skipping weekends and the US public holidays that date-holidays lists.
    const usHolidays = new Holidays('US');
    const closed = new Set<string>();
    for (let year = 2024; year <= 2036; year++) {
      for (const holiday of usHolidays.getHolidays(year))
        if (holiday.type === 'public') closed.add(holiday.date.slice(0, 10));
    }
    let day = new Date(Date.UTC(2024, 0, 8));
    for (let workingDays = 0; ; day = new Date(day.getTime() + 86_400_000)) {
      const date = day.toISOString().slice(0, 10);
      if (day.getUTCDay() === 0 || day.getUTCDay() === 6 || closed.has(date)) continue;
      if (++workingDays === 2500) break;
    }
    expect(formatInstant(deadline, 'America/New_York')).toBe(`${day.toISOString().slice(0, 10)}T17:00:00-05:00`);
  });
});
