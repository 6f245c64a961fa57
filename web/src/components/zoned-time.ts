/**
 * Wall-clock times in an IANA zone, in the browser without a time library: the offset of a zone at an instant comes
 * from Intl, and a wall time is turned into an instant by correcting a first guess with that offset (twice, so a
 * wall time next to a DST change lands right; a wall time inside a gap moves forward, as the server does).
 */

function partsAt(instant: number, zone: string): Record<string, number> {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const values: Record<string, number> = {};
  for (const part of parts) if (part.type !== 'literal') values[part.type] = Number(part.value);
  return values;
}

/** Offset of the zone from UTC at an instant, in milliseconds. */
export function offsetAt(instant: number, zone: string): number {
  const parts = partsAt(instant, zone);
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** "2026-11-23T14:30" in `zone` -> ISO instant with the zone's offset, e.g. "2026-11-23T14:30:00+01:00". */
export function wallTimeToIso(wallTime: string, zone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(wallTime);
  if (!match) return null;
  const [, year, month, day, hour, minute] = match.map(Number) as [number, number, number, number, number, number];
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  let instant = guess - offsetAt(guess, zone);
  instant = guess - offsetAt(instant, zone);
  const offset = offsetAt(instant, zone);
  const sign = offset >= 0 ? '+' : '-';
  const absolute = Math.abs(offset) / 60_000;
  const local = new Date(instant + offset).toISOString().slice(0, 19);
  return `${local}${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}:${String(absolute % 60).padStart(2, '0')}`;
}

/** The wall time of an instant in a zone, as a datetime-local value ("2026-11-23T14:30"). */
export function isoToWallTime(instant: number, zone: string): string {
  return new Date(instant + offsetAt(instant, zone)).toISOString().slice(0, 16);
}

/** The zones the browser knows, for a picker (falls back to a few common ones). */
export function knownTimeZones(): string[] {
  const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
  return supported
    ? supported('timeZone')
    : ['UTC', 'Europe/Warsaw', 'Europe/Berlin', 'Europe/London', 'America/New_York'];
}
