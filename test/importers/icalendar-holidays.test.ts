import { describe, expect, it } from 'vitest';
import { holidayDatesFromIcal, IcalendarError } from '../../src/importers/icalendar-holidays.ts';

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
});
