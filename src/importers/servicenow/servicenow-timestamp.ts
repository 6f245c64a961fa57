/**
 * ServiceNow timestamps as exported carry no zone: they are wall-clock times of the instance, which the caller names.
 * The UCI log writes them day first (`29/2/2016 01:16`); ServiceNow's default display format is ISO-like
 * (`2016-02-29 01:16:00`). Both are read with precompiled patterns, never `Date.parse` (which would guess month
 * first and use the host's zone), and converted with the core's fast local-time conversion, not a Temporal object
 * per value: the UCI log has 141,712 of them.
 */
import { isCivilDateTime } from '../../core/time/civil-date.ts';
import { instantOfLocalDateTime } from '../../core/time/local-time.ts';

const DAY_FIRST = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const ISO_LIKE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Converts one exported timestamp to epoch milliseconds, or undefined when it is missing or malformed. */
export type TimestampParser = (text: string) => number | undefined;

/**
 * A parser for one zone. Accepts `d/m/yyyy H:MM[:SS]` and `yyyy-mm-dd HH:MM[:SS]`; rejects impossible dates and
 * times (31/4, 24:00, minute 60) and years outside 1900-9999. A local time in a DST gap or overlap follows the core's
 * `compatible` rule (gap: shifted forward; overlap: the earlier instant). Remembers the last value it parsed, since
 * consecutive rows often repeat a timestamp.
 */
export function createTimestampParser(timeZone: string): TimestampParser {
  let lastText = '';
  let lastInstant: number | undefined;
  return (text) => {
    if (text === lastText) return lastInstant;
    let year: number;
    let month: number;
    let day: number;
    let match = DAY_FIRST.exec(text);
    if (match !== null) {
      day = Number(match[1]);
      month = Number(match[2]);
      year = Number(match[3]);
    } else {
      match = ISO_LIKE.exec(text);
      if (match === null) return undefined;
      year = Number(match[1]);
      month = Number(match[2]);
      day = Number(match[3]);
    }
    const hour = Number(match[4]);
    const minute = Number(match[5]);
    const second = match[6] === undefined ? 0 : Number(match[6]);
    if (year < 1900 || !isCivilDateTime(year, month, day, hour, minute, second)) return undefined;
    lastText = text;
    lastInstant = instantOfLocalDateTime(timeZone, year, month, day, hour, minute, second);
    return lastInstant;
  };
}
