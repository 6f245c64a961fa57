/**
 * Time-zone offsets from the IANA database (through Temporal), as segments of constant UTC offset.
 * The compiler maps wall-clock intervals onto real instants segment by segment, which is what makes DST gaps and
 * overlaps come out right without special cases.
 */
import { Temporal } from 'temporal-polyfill';

/** A span of real time `[start, end)` during which the zone's UTC offset is constant. */
export interface OffsetSegment {
  readonly start: number;
  readonly end: number;
  readonly offsetMs: number;
}

const canonicalNames = new Map<string, string | undefined>();

/** The zone's canonical id (e.g. `UTC` for `Etc/UTC`... as Temporal spells it), or undefined if unknown. */
export function canonicalTimeZone(name: string): string | undefined {
  if (canonicalNames.has(name)) return canonicalNames.get(name);
  let canonical: string | undefined;
  // Offsets such as "+02:00" are valid Temporal zones but are not business calendars: they have no DST rules.
  if (/^[A-Za-z]/.test(name)) {
    try {
      canonical = Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(name).timeZoneId;
    } catch {
      canonical = undefined;
    }
  }
  canonicalNames.set(name, canonical);
  return canonical;
}

/** Offset segments covering `[from, to)` in the given zone, in order, contiguous. */
export function offsetSegments(timeZone: string, from: number, to: number): OffsetSegment[] {
  const segments: OffsetSegment[] = [];
  let cursor = Temporal.Instant.fromEpochMilliseconds(from).toZonedDateTimeISO(timeZone);
  let start = from;
  while (start < to) {
    const offsetMs = cursor.offsetNanoseconds / 1_000_000;
    const next = cursor.getTimeZoneTransition('next');
    const end = next === null ? to : Math.min(to, next.epochMilliseconds);
    segments.push({ start, end, offsetMs });
    if (next === null) break;
    start = end;
    cursor = next;
  }
  return segments;
}

/** UTC offset of the zone at an instant, in milliseconds. */
export function offsetAt(timeZone: string, epochMs: number): number {
  return Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone).offsetNanoseconds / 1_000_000;
}
