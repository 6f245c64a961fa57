/**
 * A brute-force reference for business time, written straight from the rules and sharing no code with the engine:
 * it asks Intl for the local wall-clock time of every single minute and checks it against the calendar as written.
 * Slow by design; it is the oracle the property tests compare the engine with.
 */

export interface RawCalendar {
  timezone: string;
  weekly: { day: string; start: string; end: string }[];
  holidays: string[];
  overrides?: { date: string; intervals: { start: string; end: string }[] }[];
}

const MINUTE = 60_000;
const dayNames = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** Local date (YYYY-MM-DD) and minute of day of an instant in a zone, as Intl sees it. */
export function localWallTime(zone: string, instant: number): { date: string; minute: number } {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(zone).formatToParts(instant)) parts[part.type] = part.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minute: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

function toMinutes(text: string): number {
  const [h, m] = text.split(':').map(Number);
  return h! * 60 + m!;
}

function previousDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const previous = new Date(Date.UTC(y!, m! - 1, d! - 1));
  return previous.toISOString().slice(0, 10);
}

function weekdayName(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return dayNames[new Date(Date.UTC(y!, m! - 1, d!)).getUTCDay()]!;
}

/** The working intervals [start, end) in minutes of one local date, straight from the rules. */
export function intervalsOfDate(calendar: RawCalendar, date: string): [number, number][] {
  if (calendar.holidays.includes(date)) return [];
  const override = calendar.overrides?.find((o) => o.date === date);
  if (override) return override.intervals.map((i) => [toMinutes(i.start), toMinutes(i.end)]);
  const today = weekdayName(date);
  const yesterday = weekdayName(previousDate(date));
  const intervals: [number, number][] = [];
  for (const entry of calendar.weekly) {
    const start = toMinutes(entry.start);
    const end = toMinutes(entry.end);
    if (entry.day === today) intervals.push([start, end > start ? end : 1440]);
    if (entry.day === yesterday && end < start && end > 0) intervals.push([0, end]);
  }
  return intervals;
}

/** Whether the minute starting at `instant` (a whole minute) is business time. */
export function isBusinessMinute(calendar: RawCalendar, instant: number): boolean {
  const wall = instant + offsetOfMinute(calendar.timezone, instant);
  const dayNumber = Math.floor(wall / DAY);
  const minute = Math.floor((wall - dayNumber * DAY) / MINUTE);
  let perCalendar = dateIntervalCache.get(calendar);
  if (!perCalendar) {
    perCalendar = new Map();
    dateIntervalCache.set(calendar, perCalendar);
  }
  let intervals = perCalendar.get(dayNumber);
  if (!intervals) {
    intervals = intervalsOfDate(calendar, new Date(dayNumber * DAY).toISOString().slice(0, 10));
    perCalendar.set(dayNumber, intervals);
  }
  for (const [start, end] of intervals) if (minute >= start && minute < end) return true;
  return false;
}

const DAY = 86_400_000;
const dateIntervalCache = new WeakMap<RawCalendar, Map<number, [number, number][]>>();
const SLOT = 15 * MINUTE;
const slotOffsets = new Map<string, Map<number, number | null>>();

/**
 * The UTC offset in force during a minute, as Intl reports it. Intl is asked at the first and last minute of each
 * 15-minute slot; when both agree the offset holds for the whole slot, otherwise every minute of the slot asks Intl.
 */
function offsetOfMinute(zone: string, instant: number): number {
  let perZone = slotOffsets.get(zone);
  if (!perZone) {
    perZone = new Map();
    slotOffsets.set(zone, perZone);
  }
  const slot = Math.floor(instant / SLOT);
  let offset = perZone.get(slot);
  if (offset === undefined) {
    const first = offsetFromIntl(zone, slot * SLOT);
    const last = offsetFromIntl(zone, slot * SLOT + SLOT - MINUTE);
    offset = first === last ? first : null;
    perZone.set(slot, offset);
  }
  return offset ?? offsetFromIntl(zone, instant);
}

function offsetFromIntl(zone: string, instant: number): number {
  const { date, minute } = localWallTime(zone, instant);
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y!, m! - 1, d!) + minute * MINUTE - instant;
}

/** add() by walking minute by minute; undefined when the walk limit is reached first. */
export function referenceAdd(calendar: RawCalendar, start: number, minutes: number, limitMinutes: number) {
  let instant = start;
  let counted = 0;
  for (let step = 0; step < limitMinutes; step++, instant += MINUTE) {
    if (!isBusinessMinute(calendar, instant)) continue;
    if (minutes === 0) return instant;
    counted++;
    if (counted === minutes) return instant + MINUTE;
  }
  return undefined;
}

/** elapsed() by counting business minutes in [from, to). */
export function referenceElapsed(calendar: RawCalendar, from: number, to: number): number {
  let count = 0;
  for (let instant = from; instant < to; instant += MINUTE) {
    if (isBusinessMinute(calendar, instant)) count++;
  }
  return count;
}
