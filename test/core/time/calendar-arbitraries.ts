/**
 * fast-check generators of random business calendars and instants, biased towards the places where business time
 * goes wrong: DST transitions (both hemispheres, 30- and 45-minute offsets, 30-minute DST shifts, midnight
 * transitions), midnight-crossing shifts, 24:00 ends, holidays and overrides on the days that matter.
 */
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import type { RawCalendar } from './reference-business-time.ts';

export const propertyZones = [
  'America/New_York',
  'America/Los_Angeles',
  'Europe/London',
  'Europe/Warsaw',
  'Europe/Istanbul',
  'Australia/Sydney',
  'Australia/Adelaide', // +09:30 / +10:30
  'Australia/Lord_Howe', // DST shift of 30 minutes
  'Pacific/Chatham', // +12:45 / +13:45
  'Pacific/Auckland',
  'America/Santiago', // southern hemisphere, DST at midnight
  'America/Sao_Paulo', // DST started at midnight until 2019: local midnight did not exist
  'America/Havana', // DST at midnight
  'America/St_Johns', // -03:30 with DST
  'Asia/Tehran', // +03:30, DST until 2022
  'Asia/Kathmandu', // +05:45
  'Asia/Kolkata', // +05:30
  'Asia/Tokyo',
  'UTC',
] as const;

const dayNames = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const MINUTE = 60_000;
const DAY = 86_400_000;

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** A boundary minute: mostly on the quarter hour (where DST transitions sit), sometimes any minute. */
const boundaryMinute = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 96 }).map((q) => q * 15) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 1440 }) },
);

/**
 * Weekly hours built on a week timeline: sorted distinct boundary points paired into non-overlapping intervals, each
 * shorter than a day; an interval that crosses midnight becomes a `22:00-06:00` style entry.
 */
const weeklyArbitrary = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 6 }), boundaryMinute), { minLength: 0, maxLength: 12 })
  .map((points) => {
    const sorted = [...new Set(points.map(([day, minute]) => day * 1440 + Math.min(minute, 1440)))].sort(
      (a, b) => a - b,
    );
    const entries: { day: string; start: string; end: string }[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) {
      const start = sorted[i]!;
      let end = sorted[i + 1]!;
      if (end - start >= 1440) end = start + 1439;
      if (start >= 7 * 1440) continue;
      const day = Math.floor(start / 1440);
      const startMinute = start % 1440;
      let endOffset = end - day * 1440;
      // A Sunday shift spills into Monday: keep the spill clear of Monday's first interval.
      if (day === 6 && endOffset > 1440 && endOffset - 1440 > (sorted[0] ?? 0)) endOffset = 1440;
      entries.push({
        day: dayNames[day]!,
        start: clock(startMinute),
        end: clock(endOffset > 1440 ? endOffset - 1440 : endOffset),
      });
    }
    return entries;
  });

/** A few common real-world shapes, so that typical calendars are as well covered as odd ones. */
const typicalWeekly = fc.constantFrom(
  dayNames.slice(0, 5).map((day) => ({ day, start: '09:00', end: '17:00' })),
  dayNames.slice(0, 5).flatMap((day) => [
    { day, start: '08:00', end: '12:00' },
    { day, start: '13:00', end: '17:30' },
  ]),
  dayNames.slice(0, 5).map((day) => ({ day, start: '22:00', end: '06:00' })),
  dayNames.map((day) => ({ day, start: '00:00', end: '24:00' })),
  dayNames.map((day) => ({ day, start: '01:30', end: '03:30' })),
  dayNames.slice(0, 6).map((day) => ({ day, start: '06:00', end: '22:00' })),
);

function isoDate(dayNumber: number): string {
  return new Date(dayNumber * DAY).toISOString().slice(0, 10);
}

/** Instants of the zone's DST transitions in 2000-2035 (used only to aim the generated instants). */
const transitionCache = new Map<string, number[]>();
function transitionsOf(zone: string): number[] {
  let transitions = transitionCache.get(zone);
  if (!transitions) {
    transitions = [];
    let cursor: Temporal.ZonedDateTime | null = Temporal.Instant.from('2000-01-01T00:00:00Z').toZonedDateTimeISO(zone);
    while (cursor) {
      cursor = cursor.getTimeZoneTransition('next');
      if (!cursor || cursor.epochMilliseconds > Date.UTC(2036, 0, 1)) break;
      transitions.push(cursor.epochMilliseconds);
    }
    transitionCache.set(zone, transitions);
  }
  return transitions;
}

export interface CalendarCase {
  calendar: RawCalendar;
  /** A whole-minute instant near which the case is interesting. */
  anchor: number;
}

/** A random calendar with an anchor instant; holidays and overrides fall on the days around the anchor. */
export const calendarCaseArbitrary: fc.Arbitrary<CalendarCase> = fc
  .record({
    timezone: fc.constantFrom(...propertyZones),
    weekly: fc.oneof({ weight: 3, arbitrary: weeklyArbitrary }, { weight: 2, arbitrary: typicalWeekly }),
    nearTransition: fc.boolean(),
    pick: fc.nat(),
    dayOfYear: fc.integer({ min: 0, max: 365 * 36 }),
    minuteOfDay: fc.integer({ min: 0, max: 1439 }),
    holidayOffsets: fc.array(fc.integer({ min: -3, max: 12 }), { maxLength: 3 }),
    overrides: fc.array(
      fc.record({
        offset: fc.integer({ min: -3, max: 12 }),
        cuts: fc.array(boundaryMinute, { maxLength: 4 }),
      }),
      { maxLength: 2 },
    ),
  })
  .map((raw) => {
    const transitions = transitionsOf(raw.timezone);
    let anchor = Date.UTC(2000, 0, 1) + raw.dayOfYear * DAY + raw.minuteOfDay * MINUTE;
    if (raw.nearTransition && transitions.length > 0) {
      // Somewhere in the two days before a transition, so spans cross it.
      anchor = transitions[raw.pick % transitions.length]! - (raw.minuteOfDay % 2880) * MINUTE;
      anchor -= anchor % MINUTE;
    }
    const anchorDay = Math.floor(anchor / DAY);
    const holidays = [...new Set(raw.holidayOffsets.map((offset) => isoDate(anchorDay + offset)))];
    const overrideDates = new Set<string>();
    const overrides: NonNullable<RawCalendar['overrides']> = [];
    for (const override of raw.overrides) {
      const date = isoDate(anchorDay + override.offset);
      if (overrideDates.has(date)) continue;
      overrideDates.add(date);
      const cuts = [...new Set(override.cuts)].sort((a, b) => a - b);
      const intervals: { start: string; end: string }[] = [];
      for (let i = 0; i + 1 < cuts.length; i += 2) {
        if (cuts[i]! < 1440) intervals.push({ start: clock(cuts[i]!), end: clock(cuts[i + 1]!) });
      }
      overrides.push({ date, intervals });
    }
    return { calendar: { timezone: raw.timezone, weekly: raw.weekly, holidays, overrides }, anchor };
  });

/** Number of runs per property: thousands in total per test run; raise with COVENANT_PROPERTY_RUNS for a deep run. */
export function runs(base: number): number {
  const factor = Number(process.env.COVENANT_PROPERTY_RUNS_FACTOR ?? '1');
  return Math.max(1, Math.round(base * (Number.isFinite(factor) ? factor : 1)));
}
