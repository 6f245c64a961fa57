import { describe, expect, it } from 'vitest';
import {
  holidayDatesFromIcal,
  IcalendarError,
  MAX_ICALENDAR_CHARACTERS,
  MAX_ICALENDAR_DATES,
  MAX_ICALENDAR_EVENTS,
  MAX_OCCURRENCES_IN_TOTAL,
  MAX_OCCURRENCES_PER_EVENT,
} from '../../src/importers/icalendar-holidays.ts';
import { holidayDatesInWorker } from '../../src/importers/icalendar-holidays-worker.ts';
import {
  eventOf,
  eventOverEightMillennia,
  hundredDailyEvents,
  icalendarOf,
  neverEndingRule,
} from '../support/hostile-icalendar.ts';

const calendar = (events: string) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', events, 'END:VCALENDAR'].join('\r\n');

describe('holidays from iCalendar', () => {
  it('takes all-day events with an exclusive end, and multi-day events day by day', () => {
    const text = calendar(
      [
        'BEGIN:VEVENT',
        'UID:a',
        'DTSTART;VALUE=DATE:20241224',
        'DTEND;VALUE=DATE:20241227',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:b',
        'DTSTART;VALUE=DATE:20240101',
        'END:VEVENT',
      ].join('\r\n'),
    );
    expect(holidayDatesFromIcal(text, { fromYear: 2024, toYear: 2024 })).toEqual([
      '2024-01-01',
      '2024-12-24',
      '2024-12-25',
      '2024-12-26',
    ]);
  });

  it('expands yearly recurrences within the year range', () => {
    const text = calendar(
      ['BEGIN:VEVENT', 'UID:c', 'DTSTART;VALUE=DATE:20200501', 'RRULE:FREQ=YEARLY', 'END:VEVENT'].join('\r\n'),
    );
    expect(holidayDatesFromIcal(text, { fromYear: 2023, toYear: 2025 })).toEqual([
      '2023-05-01',
      '2024-05-01',
      '2025-05-01',
    ]);
  });

  it('counts the local dates a timed event touches in its own zone', () => {
    const text = calendar(
      [
        'BEGIN:VTIMEZONE',
        'TZID:Europe/Warsaw',
        'BEGIN:STANDARD',
        'DTSTART:19701025T030000',
        'TZOFFSETFROM:+0200',
        'TZOFFSETTO:+0100',
        'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
        'END:STANDARD',
        'END:VTIMEZONE',
        'BEGIN:VEVENT',
        'UID:d',
        'DTSTART;TZID=Europe/Warsaw:20241111T120000',
        'DTEND;TZID=Europe/Warsaw:20241112T100000',
        'END:VEVENT',
      ].join('\r\n'),
    );
    expect(holidayDatesFromIcal(text, { fromYear: 2024, toYear: 2024 })).toEqual(['2024-11-11', '2024-11-12']);
  });

  it('rejects a file that is not iCalendar', () => {
    expect(() => holidayDatesFromIcal('hello', { fromYear: 2024, toYear: 2024 })).toThrow(IcalendarError);
  });

  it('rejects blank text as not iCalendar (FUZZ_SEED=1146545801 found a 500 for " ")', () => {
    for (const blank of [' ', '\n', '\r\n\t ']) {
      expect(() => holidayDatesFromIcal(blank, { fromYear: 2024, toYear: 2024 })).toThrow(
        expect.objectContaining({ code: 'ICALENDAR_INVALID' }),
      );
    }
  });
});

describe('holidays from iCalendar: bounds (issue 19, finding 1)', () => {
  const years = { fromYear: 1990, toYear: 2100 };
  const codeOf = (text: string) => {
    try {
      holidayDatesFromIcal(text, years);
      return 'accepted';
    } catch (error) {
      return error instanceof IcalendarError ? error.code : String(error);
    }
  };

  it('refuses each bound with its own code', () => {
    expect(codeOf('x'.repeat(MAX_ICALENDAR_CHARACTERS + 1))).toBe('ICALENDAR_TOO_LARGE');
    const tinyEvents = (count: number) =>
      icalendarOf(Array.from({ length: count }, (_, index) => eventOf(`e${index}`, 'DTSTART;VALUE=DATE:20260101')));
    expect(codeOf(tinyEvents(MAX_ICALENDAR_EVENTS))).toBe('accepted');
    expect(codeOf(tinyEvents(MAX_ICALENDAR_EVENTS + 1))).toBe('ICALENDAR_TOO_MANY_EVENTS');
    expect(codeOf(hundredDailyEvents)).toBe('ICALENDAR_TOO_MANY_OCCURRENCES');
    const weekly = (count: number) =>
      icalendarOf(
        Array.from({ length: count }, (_, index) =>
          eventOf(`w${index}`, 'DTSTART;VALUE=DATE:20260105', `RRULE:FREQ=WEEKLY;COUNT=${MAX_OCCURRENCES_PER_EVENT}`),
        ),
      );
    // Each event within its own bound, together past the total.
    expect(codeOf(weekly(MAX_OCCURRENCES_IN_TOTAL / MAX_OCCURRENCES_PER_EVENT + 1))).toBe(
      'ICALENDAR_TOO_MANY_OCCURRENCES',
    );
    // An open-ended daily rule from 1900 runs past the per-event bound before it reaches the horizon.
    expect(codeOf(icalendarOf([eventOf('old', 'DTSTART;VALUE=DATE:19000101', 'RRULE:FREQ=DAILY')]))).toBe(
      'ICALENDAR_TOO_MANY_OCCURRENCES',
    );
    expect(codeOf(eventOverEightMillennia)).toBe('ICALENDAR_EVENT_TOO_LONG');
    const longClosures = icalendarOf(
      Array.from({ length: 20 }, (_, index) =>
        eventOf(`c${index}`, `DTSTART;VALUE=DATE:${2000 + index}0101`, `DTEND;VALUE=DATE:${2000 + index}1101`),
      ),
    );
    expect(codeOf(longClosures)).toBe('ICALENDAR_TOO_MANY_DATES');
    expect(MAX_ICALENDAR_DATES).toBeLessThan(20 * 300);
  });

  it('keeps only the dates of the horizon, without walking the days of a long event', () => {
    const text = icalendarOf([
      eventOf('before', 'DTSTART;VALUE=DATE:19800101', 'DTEND;VALUE=DATE:19800301'),
      eventOf('across', 'DTSTART;VALUE=DATE:21001230', 'DTEND;VALUE=DATE:21010105'),
      eventOf('yearly', 'DTSTART;VALUE=DATE:19001225', 'RRULE:FREQ=YEARLY'),
    ]);
    const dates = holidayDatesFromIcal(text, years);
    expect(dates[0]).toBe('1990-12-25');
    expect(dates.slice(-3)).toEqual(['2100-12-25', '2100-12-30', '2100-12-31']);
    expect(dates).toHaveLength(2100 - 1990 + 1 + 2);
  });

  it('ends a file that ical.js cannot finish once its worker runs past the deadline, off the event loop', async () => {
    const refused = holidayDatesInWorker(neverEndingRule, years, 200).catch((error: unknown) => error);
    expect(await refused).toMatchObject({ code: 'ICALENDAR_TOO_COMPLEX' });
    await expect(
      holidayDatesInWorker(icalendarOf([eventOf('ok', 'DTSTART;VALUE=DATE:20261224')]), years),
    ).resolves.toEqual(['2026-12-24']);
  });
});
