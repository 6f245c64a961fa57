/**
 * Use-cases that ask a workspace calendar questions: when is it open in the next days (a preview for the person
 * editing it), when is something due that starts at an instant and takes N business minutes, and how much business
 * time lies between two instants. Instants are answered in the calendar's zone, as people read deadlines.
 */
import { parseIsoDate } from '../../core/time/civil-date.ts';
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
