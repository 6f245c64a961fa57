/**
 * The business calendar as users write it (in an agreement, a calendar file or the conformance vectors), and its
 * validation into a normalised definition that the compiler turns into UTC intervals.
 *
 * Accepted forms:
 * - the string `24x7` (every instant is business time);
 * - `{ timezone, weekly, holidays?, overrides? }` where `weekly` is a list of `{ day | days, start, end }` or `24x7`,
 *   `holidays` is a list of local dates or `{ dates?, region? }`, and overrides replace one local date's hours.
 */
import { z } from 'zod';
import { DomainError, type DomainIssue } from '../errors.ts';
import { toDomainIssues } from '../validation-issues.ts';
import { formatIsoDate, MINUTES_PER_DAY, parseClockTime, parseIsoDate, weekdayNames } from './civil-date.ts';
import { parseHolidayRegion } from './holiday-regions.ts';
import { canonicalTimeZone } from './time-zone.ts';

const weekdaySchema = z.enum(weekdayNames);

const weeklyEntrySchema = z
  .strictObject({
    day: weekdaySchema.optional(),
    days: z.array(weekdaySchema).min(1).optional(),
    start: z.string(),
    end: z.string(),
  })
  .refine((entry) => (entry.day === undefined) !== (entry.days === undefined), {
    message: 'give exactly one of "day" or "days"',
  });

const intervalSchema = z.strictObject({ start: z.string(), end: z.string() });

const overrideSchema = z.strictObject({ date: z.string(), intervals: z.array(intervalSchema) });

const holidaysSchema = z.union([
  z.array(z.string()),
  z.strictObject({
    dates: z.array(z.string()).optional(),
    region: z.union([z.string(), z.array(z.string())]).optional(),
  }),
]);

export const calendarObjectSchema = z.strictObject({
  name: z.string().optional(),
  description: z.string().optional(),
  timezone: z.string(),
  weekly: z.union([z.literal('24x7'), z.array(weeklyEntrySchema)]),
  holidays: holidaysSchema.optional(),
  overrides: z.array(overrideSchema).optional(),
});

export const calendarInputSchema = z.union([z.literal('24x7'), calendarObjectSchema]);

/** A calendar as written by a user; see the module header for the accepted forms. */
export type CalendarInput = z.infer<typeof calendarInputSchema>;
export type CalendarObjectInput = z.infer<typeof calendarObjectSchema>;

/** Half-open `[start, end)` in minutes of a local day; `end` may be 1440 (24:00). */
export interface MinuteInterval {
  readonly start: number;
  readonly end: number;
}

/** A validated calendar, normalised so that every local date's working intervals are a simple lookup. */
export interface CalendarDefinition {
  readonly timezone: string;
  /** Monday = 0. Each day's sorted, merged intervals, including the after-midnight part of the previous day's shifts. */
  readonly weeklyByWeekday: readonly (readonly MinuteInterval[])[];
  readonly holidayDays: ReadonlySet<number>;
  readonly holidayRegions: readonly string[];
  readonly overrides: ReadonlyMap<number, readonly MinuteInterval[]>;
  /** True when the weekly hours hold working time, i.e. the calendar opens again after any instant. */
  readonly hasWeeklyHours: boolean;
  /** The last day with override hours, bounding the search when there are no weekly hours. */
  readonly lastOverrideDayWithHours: number | undefined;
  /** Canonical text of the definition: equal keys mean equal calendars (the compile cache key). */
  readonly key: string;
}

/**
 * Most holiday dates and most overrides one calendar may list (decision 0031): more than a century of closures, few
 * enough that a stored calendar stays small and quick to read. Region holidays are computed, not listed, so they do
 * not count.
 */
export const MAX_CALENDAR_HOLIDAY_DATES = 5_000;
export const MAX_CALENDAR_OVERRIDES = 5_000;

const allWeek = weekdayNames.map((day) => ({ day, start: '00:00', end: '24:00' }));

/** Validates a calendar and normalises it; throws a DomainError listing every problem found. */
export function defineCalendar(input: unknown): CalendarDefinition {
  const calendar = parseCalendarShape(input);
  const issues: DomainIssue[] = [];

  const timezone = canonicalTimeZone(calendar.timezone);
  if (timezone === undefined) {
    issues.push({
      path: 'timezone',
      code: 'CALENDAR_UNKNOWN_TIMEZONE',
      message: `unknown time zone "${calendar.timezone}"; use an IANA zone such as Europe/Warsaw or America/New_York`,
    });
  }

  const weeklyByWeekday = normaliseWeekly(calendar.weekly === '24x7' ? allWeek : calendar.weekly, issues);
  const { holidayDays, holidayRegions } = normaliseHolidays(calendar.holidays, issues);
  const overrides = normaliseOverrides(calendar.overrides ?? [], issues);

  if (issues.length > 0) throw DomainError.fromIssues(issues);

  let lastOverrideDayWithHours: number | undefined;
  for (const [day, intervals] of overrides) {
    if (intervals.length > 0 && (lastOverrideDayWithHours === undefined || day > lastOverrideDayWithHours)) {
      lastOverrideDayWithHours = day;
    }
  }
  const definition = {
    timezone: timezone as string,
    weeklyByWeekday,
    holidayDays,
    holidayRegions,
    overrides,
    hasWeeklyHours: weeklyByWeekday.some((day) => day.length > 0),
    lastOverrideDayWithHours,
  };
  return { ...definition, key: canonicalKey(definition) };
}

/** True when the calendar has any working time at all (weekly hours or an override with hours). */
export function hasAnyWorkingTime(definition: CalendarDefinition): boolean {
  return definition.hasWeeklyHours || definition.lastOverrideDayWithHours !== undefined;
}

function normaliseWeekly(
  entries: readonly { day?: string | undefined; days?: readonly string[] | undefined; start: string; end: string }[],
  issues: DomainIssue[],
): MinuteInterval[][] {
  const perDay: { interval: MinuteInterval; path: string }[][] = weekdayNames.map(() => []);
  entries.forEach((entry, index) => {
    const path = `weekly.${index}`;
    const start = parseBoundary(entry.start, `${path}.start`, 'start', issues);
    const end = parseBoundary(entry.end, `${path}.end`, 'end', issues);
    if (start === undefined || end === undefined) return;
    if (start === end) {
      issues.push({
        path,
        code: 'CALENDAR_EMPTY_INTERVAL',
        message: `start and end are both ${entry.start}; an interval must have a length (use 00:00-24:00 for a whole day)`,
      });
      return;
    }
    const days = entry.days ?? (entry.day ? [entry.day] : []);
    for (const dayName of days) {
      const weekday = weekdayNames.indexOf(dayName as (typeof weekdayNames)[number]);
      if (end > start) {
        perDay[weekday]!.push({ interval: { start, end }, path });
      } else {
        // Crossing midnight: the part after midnight belongs to the next local date.
        perDay[weekday]!.push({ interval: { start, end: MINUTES_PER_DAY }, path });
        if (end > 0) perDay[(weekday + 1) % 7]!.push({ interval: { start: 0, end }, path });
      }
    }
  });
  return perDay.map((day, weekday) => mergeDay(day, weekdayNames[weekday]!, issues));
}

function normaliseHolidays(
  holidays: CalendarObjectInput['holidays'],
  issues: DomainIssue[],
): { holidayDays: Set<number>; holidayRegions: string[] } {
  const holidayDays = new Set<number>();
  const holidayRegions: string[] = [];
  if (holidays === undefined) return { holidayDays, holidayRegions };
  const dates = Array.isArray(holidays) ? holidays : (holidays.dates ?? []);
  const datesPath = Array.isArray(holidays) ? 'holidays' : 'holidays.dates';
  if (dates.length > MAX_CALENDAR_HOLIDAY_DATES) {
    issues.push({
      path: datesPath,
      code: 'CALENDAR_TOO_MANY_HOLIDAYS',
      message: `${dates.length} holiday dates; a calendar may list at most ${MAX_CALENDAR_HOLIDAY_DATES} (use a holiday region for public holidays)`,
    });
    return { holidayDays, holidayRegions };
  }
  dates.forEach((text, index) => {
    const day = parseIsoDate(text);
    if (day === undefined) {
      issues.push({
        path: `${datesPath}.${index}`,
        code: 'CALENDAR_INVALID_DATE',
        message: `"${text}" is not a date; write holidays as YYYY-MM-DD local dates`,
      });
    } else holidayDays.add(day);
  });
  if (!Array.isArray(holidays) && holidays.region !== undefined) {
    const regions = Array.isArray(holidays.region) ? holidays.region : [holidays.region];
    regions.forEach((region, index) => {
      const path = Array.isArray(holidays.region) ? `holidays.region.${index}` : 'holidays.region';
      if (!parseHolidayRegion(region)) {
        issues.push({
          path,
          code: 'CALENDAR_UNKNOWN_HOLIDAY_REGION',
          message: `unknown holiday region "${region}"; use a country code such as US, PL or TR, optionally with a state (DE-BY)`,
        });
      } else holidayRegions.push(region.trim().toUpperCase());
    });
  }
  holidayRegions.sort();
  return { holidayDays, holidayRegions: [...new Set(holidayRegions)] };
}

function normaliseOverrides(
  overrides: readonly { date: string; intervals: readonly { start: string; end: string }[] }[],
  issues: DomainIssue[],
): Map<number, MinuteInterval[]> {
  const byDay = new Map<number, MinuteInterval[]>();
  if (overrides.length > MAX_CALENDAR_OVERRIDES) {
    issues.push({
      path: 'overrides',
      code: 'CALENDAR_TOO_MANY_OVERRIDES',
      message: `${overrides.length} overrides; a calendar may list at most ${MAX_CALENDAR_OVERRIDES}`,
    });
    return byDay;
  }
  overrides.forEach((override, index) => {
    const path = `overrides.${index}`;
    const day = parseIsoDate(override.date);
    if (day === undefined) {
      issues.push({
        path: `${path}.date`,
        code: 'CALENDAR_INVALID_DATE',
        message: `"${override.date}" is not a date; write it as YYYY-MM-DD`,
      });
      return;
    }
    if (byDay.has(day)) {
      issues.push({
        path: `${path}.date`,
        code: 'CALENDAR_DUPLICATE_OVERRIDE',
        message: `${override.date} is overridden more than once; give all of that day's intervals in one override`,
      });
      return;
    }
    const intervals: { interval: MinuteInterval; path: string }[] = [];
    override.intervals.forEach((interval, intervalIndex) => {
      const intervalPath = `${path}.intervals.${intervalIndex}`;
      const start = parseBoundary(interval.start, `${intervalPath}.start`, 'start', issues);
      const end = parseBoundary(interval.end, `${intervalPath}.end`, 'end', issues);
      if (start === undefined || end === undefined) return;
      if (end <= start) {
        issues.push({
          path: intervalPath,
          code: start === end ? 'CALENDAR_EMPTY_INTERVAL' : 'CALENDAR_INVALID_TIME',
          message:
            start === end
              ? `start and end are both ${interval.start}; an interval must have a length`
              : `override intervals cannot cross midnight (${interval.start}-${interval.end}); end the day at 24:00 and override the next date too`,
        });
        return;
      }
      intervals.push({ interval: { start, end }, path: intervalPath });
    });
    byDay.set(day, mergeDay(intervals, formatIsoDate(day), issues));
  });
  return byDay;
}

function parseBoundary(text: string, path: string, role: 'start' | 'end', issues: DomainIssue[]): number | undefined {
  const minutes = parseClockTime(text);
  if (minutes === undefined || (role === 'start' && minutes === MINUTES_PER_DAY)) {
    issues.push({
      path,
      code: 'CALENDAR_INVALID_TIME',
      message:
        role === 'start'
          ? `"${text}" is not a valid start time; use HH:MM from 00:00 to 23:59`
          : `"${text}" is not a valid end time; use HH:MM from 00:00 to 24:00`,
    });
    return undefined;
  }
  return minutes;
}

/** Sorts one day's intervals, reports overlaps, and merges intervals that touch. */
function mergeDay(
  intervals: readonly { interval: MinuteInterval; path: string }[],
  dayLabel: string,
  issues: DomainIssue[],
): MinuteInterval[] {
  const sorted = [...intervals].sort((a, b) => a.interval.start - b.interval.start);
  const merged: MinuteInterval[] = [];
  let previous: { interval: MinuteInterval; path: string } | undefined;
  for (const current of sorted) {
    const last = merged[merged.length - 1];
    if (previous && last && current.interval.start < last.end) {
      issues.push({
        path: current.path,
        code: 'CALENDAR_OVERLAPPING_INTERVALS',
        message: `on ${dayLabel} this interval overlaps the one at ${previous.path}; working intervals of one day must not overlap`,
      });
      continue;
    }
    if (last && current.interval.start === last.end) {
      merged[merged.length - 1] = { start: last.start, end: current.interval.end };
    } else merged.push(current.interval);
    previous = current;
  }
  return merged;
}

function canonicalKey(definition: Omit<CalendarDefinition, 'key'>): string {
  return JSON.stringify([
    definition.timezone,
    definition.weeklyByWeekday.map((day) => day.map((interval) => [interval.start, interval.end])),
    [...definition.holidayDays].sort((a, b) => a - b),
    definition.holidayRegions,
    [...definition.overrides.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([day, intervals]) => [day, intervals.map((interval) => [interval.start, interval.end])]),
  ]);
}

function parseCalendarShape(input: unknown): CalendarObjectInput {
  if (input === '24x7') return { timezone: 'UTC', weekly: '24x7' };
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new DomainError(
      'CALENDAR_INVALID',
      'a calendar is either "24x7" or an object with a timezone and weekly hours',
      { issues: [{ path: '', code: 'CALENDAR_INVALID', message: 'expected "24x7" or a calendar object' }] },
    );
  }
  const parsed = calendarObjectSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw DomainError.fromIssues(toDomainIssues(parsed.error.issues, 'CALENDAR_INVALID'));
}
