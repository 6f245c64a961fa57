/**
 * The Date field (RFC 5322 section 3.3, with the obsolete forms of section 4.3) as epoch milliseconds. Written out
 * because Date.parse guesses: it reads "sometime last week" as 1 January 2000 and a date without a zone in the host's
 * zone. A date without a zone is read as UTC (RFC 5322's -0000, "no information about the local zone").
 */

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** The obsolete zone names RFC 5322 keeps; any other letters mean an unknown zone, read as UTC. */
const namedZoneHours: Readonly<Record<string, number>> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  edt: -4,
  est: -5,
  cdt: -5,
  cst: -6,
  mdt: -6,
  mst: -7,
  pdt: -7,
  pst: -8,
};

const rfc5322Date =
  /^\s*(?:[a-z]{2,9}\s*,\s*)?(\d{1,2})\s+([a-z]{3})[a-z]*\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([+-]\d{4}|[a-z]{1,5}))?/i;

export function parseMailDate(value: string | null): number | null {
  if (value === null) return null;
  const match = rfc5322Date.exec(value.replace(/\([^)]*\)/g, ' '));
  if (match === null) return null;
  const [, day, monthName, yearText, hour, minute, second, zone] = match;
  const month = months.indexOf(monthName!.toLowerCase());
  if (month < 0) return null;
  let year = Number(yearText);
  if (yearText!.length === 2) year += year < 50 ? 2000 : 1900;
  else if (yearText!.length === 3) year += 1900;
  const fields = [Number(day), Number(hour), Number(minute), Number(second ?? 0)] as const;
  if (fields[0] < 1 || fields[0] > 31 || fields[1] > 23 || fields[2] > 59 || fields[3] > 60) return null;
  const local = Date.UTC(year, month, fields[0], fields[1], fields[2], Math.min(fields[3], 59));
  return local - zoneOffsetMinutes(zone) * 60_000;
}

function zoneOffsetMinutes(zone: string | undefined): number {
  if (zone === undefined) return 0;
  const numeric = /^([+-])(\d{2})(\d{2})$/.exec(zone);
  if (numeric !== null) return (numeric[1] === '-' ? -1 : 1) * (Number(numeric[2]) * 60 + Number(numeric[3]));
  return (namedZoneHours[zone.toLowerCase()] ?? 0) * 60;
}
