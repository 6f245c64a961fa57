/**
 * Holidays from an iCalendar file (a company's closure calendar, a public holiday feed): every VEVENT becomes the
 * local dates it covers. Recurring events (RRULE) are expanded within a year range. Timed events count the dates
 * they touch in their own zone; all-day events their DTSTART up to (not including) DTEND.
 */
import ICAL from 'ical.js';

export interface IcalHolidayOptions {
  /** First and last year (inclusive) to expand recurring events into. */
  readonly fromYear: number;
  readonly toYear: number;
}

export class IcalendarError extends Error {
  override readonly name = 'IcalendarError';
}

const MAX_OCCURRENCES_PER_EVENT = 5_000;

/** Local dates (YYYY-MM-DD), sorted and unique, of the events in an iCalendar text. */
export function holidayDatesFromIcal(text: string, options: IcalHolidayOptions): string[] {
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text));
  } catch (error) {
    throw new IcalendarError(`not a valid iCalendar file: ${(error as Error).message}`);
  }
  for (const zone of root.getAllSubcomponents('vtimezone')) {
    ICAL.TimezoneService.register(zone);
  }
  const dates = new Set<string>();
  for (const component of root.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(component);
    if (!event.startDate) continue;
    if (!event.isRecurring()) {
      addCoveredDates(dates, event.startDate, event.endDate);
      continue;
    }
    const iterator = event.iterator();
    for (let count = 0; count < MAX_OCCURRENCES_PER_EVENT; count++) {
      const occurrence = iterator.next();
      if (!occurrence || occurrence.year > options.toYear) break;
      if (occurrence.year < options.fromYear) continue;
      const details = event.getOccurrenceDetails(occurrence);
      addCoveredDates(dates, details.startDate, details.endDate);
    }
  }
  return [...dates].sort();
}

function addCoveredDates(dates: Set<string>, start: ICAL.Time, end: ICAL.Time | undefined): void {
  const first = start.clone();
  first.isDate = true;
  let last: ICAL.Time;
  if (!end || end.compare(start) <= 0) {
    last = first.clone();
  } else {
    last = end.clone();
    const endsAtMidnight = end.isDate || (end.hour === 0 && end.minute === 0 && end.second === 0);
    last.isDate = true;
    // DTEND is exclusive: an event ending at midnight (or an all-day event) does not cover its end date.
    if (endsAtMidnight) last.adjust(-1, 0, 0, 0);
  }
  for (const day = first.clone(); day.compare(last) <= 0; day.adjust(1, 0, 0, 0)) {
    dates.add(`${String(day.year).padStart(4, '0')}-${pad(day.month)}-${pad(day.day)}`);
  }
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
