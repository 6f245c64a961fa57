/** Local calendar days of a zone for the demo's date arithmetic (no Date in the application layer). */
import { MS_PER_DAY } from '../../core/time/civil-date.ts';
import { instantOfLocalTime } from '../../core/time/local-time.ts';
import { offsetAt } from '../../core/time/time-zone.ts';

export const MS_PER_HOUR = 3_600_000;
export const MS_PER_WEEK = 7 * MS_PER_DAY;

/** Local wall-clock milliseconds (as if the zone were UTC) of an instant. */
export function localMsOf(timeZone: string, instant: number): number {
  return instant + offsetAt(timeZone, instant);
}

/** Day number (days since 1970-01-01) of the local date of an instant. */
export function localDayOf(timeZone: string, instant: number): number {
  return Math.floor(localMsOf(timeZone, instant) / MS_PER_DAY);
}

/** Milliseconds since local midnight of an instant. */
export function localTimeOfDayOf(timeZone: string, instant: number): number {
  const local = localMsOf(timeZone, instant);
  return local - Math.floor(local / MS_PER_DAY) * MS_PER_DAY;
}

/** The instant of a local day and time of day (hours and minutes) in the zone. */
export function instantAt(timeZone: string, day: number, hours: number, minutes = 0): number {
  return instantOfLocalTime(timeZone, day * MS_PER_DAY + hours * MS_PER_HOUR + minutes * 60_000);
}
