/**
 * Use-cases that ask a workspace calendar questions: when is it open in the next days (a preview for the person
 * editing it), when is something due that starts at an instant and takes N business minutes, and how much business
 * time lies between two instants. Instants are answered in the calendar's zone, as people read deadlines.
 *
 * The instants and durations come from callers, so each question looks at most BUSINESS_TIME_HORIZON_YEARS years
 * from its first instant, and the years it needs are compiled one at a time with a turn of the event loop between
 * them: no question holds the server for longer than one year's compilation (decision 0031).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { parseIsoDate, utcYearOf } from '../../core/time/civil-date.ts';
import { businessBefore } from '../../core/time/compiled-calendar.ts';
import { publicHolidayDays } from '../../core/time/holiday-regions.ts';
import {
  addBusinessMinutes,
  type CompiledCalendar,
  compileCalendar,
  elapsedBusinessMinutes,
  formatInstant,
  instantOfLocalTime,
  MS_PER_DAY,
  MS_PER_MINUTE,
  openIntervals,
  parseInstant,
} from '../../core/time/index.ts';
import { offsetAt } from '../../core/time/time-zone.ts';
import type { Principal } from '../access/principal.ts';
import { invalid } from '../app-error.ts';
import type { CalendarRecord } from '../ports/calendar-repository.ts';
import type { Clock, Store } from '../ports/store.ts';
import { getCalendar } from './manage-calendars.ts';

/** How many years after its first instant a business-time question may look (decision 0031). */
export const BUSINESS_TIME_HORIZON_YEARS = 100;

export interface CalendarPreview {
  readonly calendar: CalendarRecord;
  readonly timezone: string;
  readonly from: string;
  readonly to: string;
  readonly intervals: { start: string; end: string; minutes: number }[];
  readonly openMinutes: number;
}

/** The open intervals of `days` local days from `fromDate` (a local date; default: today in the calendar's zone). */
export async function previewCalendar(
  { store, clock }: { store: Store; clock: Clock },
  principal: Principal,
  id: string,
  input: { days: number; fromDate?: string | undefined },
): Promise<CalendarPreview> {
  const calendar = await getCalendar(store, principal, id);
  const compiled = compileCalendar(calendar.definition);
  const zone = compiled.definition.timezone;
  const now = clock.now();
  const firstDay =
    input.fromDate === undefined ? Math.floor((now + offsetAt(zone, now)) / MS_PER_DAY) : parseIsoDate(input.fromDate);
  if (firstDay === undefined) {
    throw invalid('VALIDATION_FAILED', `from: "${input.fromDate}" is not a date (YYYY-MM-DD)`);
  }
  const from = instantOfLocalTime(zone, firstDay * MS_PER_DAY);
  const to = instantOfLocalTime(zone, (firstDay + input.days) * MS_PER_DAY);
  await compileYears(compiled, utcYearOf(from), utcYearOf(to));
  const intervals = openIntervals(compiled, from, to).map((span) => ({
    start: formatInstant(span.start, zone),
    end: formatInstant(span.end, zone),
    minutes: (span.end - span.start) / MS_PER_MINUTE,
  }));
  return {
    calendar,
    timezone: zone,
    from: formatInstant(from, zone),
    to: formatInstant(to, zone),
    intervals,
    openMinutes: intervals.reduce((sum, interval) => sum + interval.minutes, 0),
  };
}

/** The instant at which `minutes` business minutes from `start` have passed; null when the calendar has no more. */
export async function calendarDeadline(
  store: Store,
  principal: Principal,
  id: string,
  input: { start: string; minutes: number },
): Promise<{ calendar: CalendarRecord; timezone: string; start: string; minutes: number; due: string | null }> {
  const { calendar, compiled, zone } = await compiledCalendar(store, principal, id);
  const start = parseInstant(input.start, 'start');
  await compileYearsUntilDue(compiled, start, input.minutes * MS_PER_MINUTE);
  const due = addBusinessMinutes(compiled, start, input.minutes);
  return {
    calendar,
    timezone: zone,
    start: formatInstant(start, zone),
    minutes: input.minutes,
    due: due === null ? null : formatInstant(due, zone),
  };
}

/** Business minutes in [from, to) (0 when `to` is not after `from`). */
export async function calendarElapsed(
  store: Store,
  principal: Principal,
  id: string,
  input: { from: string; to: string },
): Promise<{ calendar: CalendarRecord; timezone: string; from: string; to: string; minutes: number }> {
  const { calendar, compiled, zone } = await compiledCalendar(store, principal, id);
  const from = parseInstant(input.from, 'from');
  const to = parseInstant(input.to, 'to');
  if (to > from) {
    const years = utcYearOf(to) - utcYearOf(from);
    if (years > BUSINESS_TIME_HORIZON_YEARS) {
      throw invalid(
        'CALENDAR_SPAN_TOO_LONG',
        `from and to are ${years} years apart; business time is counted over at most ${BUSINESS_TIME_HORIZON_YEARS} years`,
        { years, maximumYears: BUSINESS_TIME_HORIZON_YEARS },
      );
    }
    await compileYears(compiled, utcYearOf(from), utcYearOf(to));
  }
  return {
    calendar,
    timezone: zone,
    from: formatInstant(from, zone),
    to: formatInstant(to, zone),
    minutes: elapsedBusinessMinutes(compiled, from, to),
  };
}

async function compiledCalendar(
  store: Store,
  principal: Principal,
  id: string,
): Promise<{ calendar: CalendarRecord; compiled: CompiledCalendar; zone: string }> {
  const calendar = await getCalendar(store, principal, id);
  const compiled = compileCalendar(calendar.definition);
  return { calendar, compiled, zone: compiled.definition.timezone };
}

/** Compiles the calendar's UTC years `first..last`, one per turn of the event loop. */
async function compileYears(compiled: CompiledCalendar, first: number, last: number): Promise<void> {
  for (let year = first; year <= last && compiled.mayHaveBusinessTimeFrom(year); year++) {
    await compileYear(compiled, year);
  }
}

/** Compiles one year; the public holidays of its regions first, one region-year per turn (each may take tens of ms). */
async function compileYear(compiled: CompiledCalendar, year: number): Promise<void> {
  if (compiled.hasCompiledYear(year)) return;
  for (const region of compiled.definition.holidayRegions) {
    for (const regionYear of [year - 1, year, year + 1]) {
      publicHolidayDays(region, regionYear);
      await nextTurn();
    }
  }
  compiled.blockOfYear(year);
  await nextTurn();
}

/**
 * Compiles, one year per turn, the years a deadline `amountMs` of business time after `start` needs; refuses a
 * deadline that lies further than the horizon (the calendar may be open one minute a week, and the amount large).
 */
async function compileYearsUntilDue(compiled: CompiledCalendar, start: number, amountMs: number): Promise<void> {
  const firstYear = utcYearOf(start);
  let remaining = amountMs;
  for (let year = firstYear; compiled.mayHaveBusinessTimeFrom(year); year++) {
    if (year > firstYear + BUSINESS_TIME_HORIZON_YEARS) {
      throw invalid(
        'CALENDAR_DUE_BEYOND_HORIZON',
        `the calendar does not give ${amountMs / MS_PER_MINUTE} business minutes within ${BUSINESS_TIME_HORIZON_YEARS} years of start`,
        { minutes: amountMs / MS_PER_MINUTE, maximumYears: BUSINESS_TIME_HORIZON_YEARS },
      );
    }
    await compileYear(compiled, year);
    const block = compiled.blockOfYear(year);
    const available = year === firstYear ? block.total - businessBefore(block, start) : block.total;
    if (remaining === 0 ? available > 0 : available >= remaining) return;
    remaining -= available;
  }
}
