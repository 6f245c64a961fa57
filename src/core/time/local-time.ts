/**
 * Fast conversion of local wall-clock times to instants in a zone, for importers that read zone-less timestamps in
 * bulk (a ServiceNow export has 141,712 of them). Offsets come from the zone's constant-offset segments, cached per
 * UTC year, so a conversion is a small search instead of a Temporal object.
 *
 * Ambiguity follows Temporal's `compatible` rule: a time in a fall-back overlap is the earlier instant; a time in a
 * spring-forward gap is interpreted with the offset before the gap (so 02:30 in a 02:00->03:00 gap becomes 03:30).
 */
import { daysFromCivil, MS_PER_DAY, MS_PER_MINUTE, utcYearOf, utcYearStart } from './civil-date.ts';
import { type OffsetSegment, offsetSegments } from './time-zone.ts';

const MARGIN_MS = 2 * MS_PER_DAY;
const segmentCache = new Map<string, OffsetSegment[]>();

function segmentsOfYear(timeZone: string, year: number): OffsetSegment[] {
  const key = `${timeZone}|${year}`;
  let segments = segmentCache.get(key);
  if (segments === undefined) {
    segments = offsetSegments(timeZone, utcYearStart(year) - MARGIN_MS, utcYearStart(year + 1) + MARGIN_MS);
    segmentCache.set(key, segments);
  }
  return segments;
}

/** The instant of a local wall-clock time (milliseconds since the local epoch, i.e. as if the zone were UTC). */
export function instantOfLocalTime(timeZone: string, localMs: number): number {
  const segments = segmentsOfYear(timeZone, utcYearOf(localMs));
  let earliest: number | undefined;
  for (const segment of segments) {
    const candidate = localMs - segment.offsetMs;
    if (candidate >= segment.start && candidate < segment.end && (earliest === undefined || candidate < earliest)) {
      earliest = candidate;
    }
  }
  if (earliest !== undefined) return earliest;
  // In a gap: use the offset in force just before it.
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i]!;
    if (localMs - segment.offsetMs >= segment.start) return localMs - segment.offsetMs;
  }
  return localMs - segments[0]!.offsetMs;
}

/** The instant of a local date and time given as numbers (month 1-12). */
export function instantOfLocalDateTime(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second = 0,
): number {
  const localMs = daysFromCivil(year, month, day) * MS_PER_DAY + (hour * 60 + minute) * MS_PER_MINUTE + second * 1000;
  return instantOfLocalTime(timeZone, localMs);
}
