/**
 * Holidays from an iCalendar file (a company's closure calendar, a public holiday feed): every VEVENT becomes the
 * local dates it covers. Recurring events (RRULE) are expanded within a year range (the horizon); events outside it
 * add nothing and events reaching past it are clipped to it. Timed events count the dates they touch in their own
 * zone; all-day events their DTSTART up to (not including) DTEND.
 *
 * The text comes from users, so every cost is bounded (decision 0031): the size of the text, the number of events,
 * the occurrences expanded per event and in total, the days one occurrence may cover, and the dates the file may
 * yield. Each bound has its own error code. Rules that ical.js cannot expand in bounded time (an RRULE whose parts
 * never match loops forever inside the library) are the reason the server runs this in a worker thread with a
 * deadline (`icalendar-holidays-worker.ts`); this function is the pure, synchronous part.
 */
import ICAL from 'ical.js';

export interface IcalHolidayOptions {
  /** First and last year (inclusive) of the dates the file may give: the horizon. */
  readonly fromYear: number;
  readonly toYear: number;
}

/** Largest iCalendar text accepted, in characters. */
export const MAX_ICALENDAR_CHARACTERS = 256 * 1024;
/** Most VEVENTs in one file. */
export const MAX_ICALENDAR_EVENTS = 1_000;
/** Most occurrences of one recurring event looked at (those before the horizon count too). */
export const MAX_OCCURRENCES_PER_EVENT = 1_000;
/** Most occurrences of all events together. */
export const MAX_OCCURRENCES_IN_TOTAL = 10_000;
/** Most days one occurrence may cover (a closure of a year is the longest that makes sense). */
export const MAX_DAYS_PER_OCCURRENCE = 366;
/** Most distinct dates one file may give (the same bound as a calendar's own holiday dates). */
export const MAX_ICALENDAR_DATES = 5_000;

export type IcalendarErrorCode =
  | 'ICALENDAR_INVALID'
  | 'ICALENDAR_TOO_LARGE'
  | 'ICALENDAR_TOO_MANY_EVENTS'
  | 'ICALENDAR_TOO_MANY_OCCURRENCES'
  | 'ICALENDAR_EVENT_TOO_LONG'
  | 'ICALENDAR_TOO_MANY_DATES'
  | 'ICALENDAR_TOO_COMPLEX';

export class IcalendarError extends Error {
  override readonly name = 'IcalendarError';
  constructor(
    readonly code: IcalendarErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const MS_PER_DAY = 86_400_000;

/** Local dates (YYYY-MM-DD), sorted and unique, of the events in an iCalendar text. Throws an IcalendarError. */
export function holidayDatesFromIcal(text: string, options: IcalHolidayOptions): string[] {
  if (text.length > MAX_ICALENDAR_CHARACTERS) {
    throw new IcalendarError(
      'ICALENDAR_TOO_LARGE',
      `the iCalendar file has ${text.length} characters; at most ${MAX_ICALENDAR_CHARACTERS} are accepted`,
    );
  }
  let root: ICAL.Component;
  try {
    // ical.js parses blank text to nothing and then fails on it with a TypeError: blank text is no calendar either.
    if (text.trim() === '') throw new Error('the file is empty');
    root = new ICAL.Component(ICAL.parse(text));
  } catch (error) {
    throw new IcalendarError('ICALENDAR_INVALID', `not a valid iCalendar file: ${(error as Error).message}`);
  }
  const events = root.getAllSubcomponents('vevent');
  if (events.length > MAX_ICALENDAR_EVENTS) {
    throw new IcalendarError(
      'ICALENDAR_TOO_MANY_EVENTS',
      `the iCalendar file has ${events.length} events; at most ${MAX_ICALENDAR_EVENTS} are accepted`,
    );
  }
  for (const zone of root.getAllSubcomponents('vtimezone')) {
    ICAL.TimezoneService.register(zone);
  }
  const horizon = {
    first: new Date(0).setUTCFullYear(options.fromYear, 0, 1) / MS_PER_DAY,
    last: new Date(0).setUTCFullYear(options.toYear, 11, 31) / MS_PER_DAY,
  };
  const days = new Set<number>();
  let occurrencesInTotal = 0;
  const countOccurrence = () => {
    occurrencesInTotal++;
    if (occurrencesInTotal > MAX_OCCURRENCES_IN_TOTAL) {
      throw new IcalendarError(
        'ICALENDAR_TOO_MANY_OCCURRENCES',
        `the events of the iCalendar file have more than ${MAX_OCCURRENCES_IN_TOTAL} occurrences in total between ${options.fromYear} and ${options.toYear}`,
      );
    }
  };
  for (const component of events) {
    const event = new ICAL.Event(component);
    if (!event.startDate) continue;
    if (!event.isRecurring()) {
      countOccurrence();
      addCoveredDays(days, event.startDate, event.endDate, horizon, event.summary);
      continue;
    }
    const iterator = event.iterator();
    for (let count = 0; ; count++) {
      const occurrence = iterator.next();
      if (!occurrence || occurrence.year > options.toYear) break;
      if (count >= MAX_OCCURRENCES_PER_EVENT) {
        throw new IcalendarError(
          'ICALENDAR_TOO_MANY_OCCURRENCES',
          `the event "${event.summary ?? event.uid}" recurs more than ${MAX_OCCURRENCES_PER_EVENT} times up to ${options.toYear} (at most ${MAX_OCCURRENCES_PER_EVENT} per event); lower its RRULE's COUNT or set an earlier UNTIL`,
        );
      }
      if (occurrence.year < options.fromYear) continue;
      countOccurrence();
      const details = event.getOccurrenceDetails(occurrence);
      addCoveredDays(days, details.startDate, details.endDate, horizon, event.summary);
    }
  }
  return [...days].sort((a, b) => a - b).map(formatDay);
}

/** Adds the days an occurrence covers within the horizon, by day numbers (never by walking a long span). */
function addCoveredDays(
  days: Set<number>,
  start: ICAL.Time,
  end: ICAL.Time | undefined,
  horizon: { first: number; last: number },
  summary: string | undefined,
): void {
  const first = dayNumber(start);
  let last = first;
  if (end && end.compare(start) > 0) {
    const endsAtMidnight = end.isDate || (end.hour === 0 && end.minute === 0 && end.second === 0);
    // DTEND is exclusive: an event ending at midnight (or an all-day event) does not cover its end date.
    last = dayNumber(end) - (endsAtMidnight ? 1 : 0);
  }
  if (last - first + 1 > MAX_DAYS_PER_OCCURRENCE) {
    throw new IcalendarError(
      'ICALENDAR_EVENT_TOO_LONG',
      `the event "${summary ?? ''}" covers ${last - first + 1} days; one event may cover at most ${MAX_DAYS_PER_OCCURRENCE} days`,
    );
  }
  for (let day = Math.max(first, horizon.first); day <= Math.min(last, horizon.last); day++) {
    days.add(day);
    if (days.size > MAX_ICALENDAR_DATES) {
      throw new IcalendarError(
        'ICALENDAR_TOO_MANY_DATES',
        `the iCalendar file gives more than ${MAX_ICALENDAR_DATES} holiday dates; at most ${MAX_ICALENDAR_DATES} are accepted`,
      );
    }
  }
}

/** The local date of an ICAL.Time (in its own zone) as a day number since 1970-01-01. */
function dayNumber(time: ICAL.Time): number {
  return new Date(0).setUTCFullYear(time.year, time.month - 1, time.day) / MS_PER_DAY;
}

function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}
