/**
 * Durations as people read them, one rule for every server-side text (reports, PDF, CSV text columns, e-mail, lint,
 * the version diff, the CLI); the web UI's `time-format.ts` follows the same rule and is tested against the same
 * cases (docs/decisions/0027-durations-and-metric-names-for-people.md):
 * - hours and minutes, to the nearest minute: `8 h`, `1 h 30 min`, `45 min`, `0 min`; under a minute, whole seconds;
 * - never days: a business day is not 24 hours, and elapsed times are shown the same way so the two compare;
 * - business time (measured on a calendar) says so before its first unit: `26 business h 40 min`;
 * - a negative duration keeps its sign: `−2 h 5 min`.
 */

/** `business`: time counted on a calendar's working hours; `elapsed`: real time. */
export type DurationKind = 'business' | 'elapsed';

const MS_PER_SECOND = 1000;
const SECONDS_PER_MINUTE = 60;
const MINUTES_PER_HOUR = 60;

/** A duration in milliseconds for a person, e.g. `26 business h 40 min` or `45 min`. */
export function formatDuration(ms: number, kind: DurationKind): string {
  if (!Number.isFinite(ms)) return '–';
  const sign = ms < 0 ? '−' : '';
  const qualifier = kind === 'business' ? 'business ' : '';
  const seconds = Math.round(Math.abs(ms) / MS_PER_SECOND);
  if (seconds > 0 && seconds < SECONDS_PER_MINUTE) return `${sign}${seconds} ${qualifier}s`;
  const minutes = Math.round(Math.abs(ms) / (MS_PER_SECOND * SECONDS_PER_MINUTE));
  if (minutes === 0) return `0 ${qualifier}min`;
  const hours = Math.floor(minutes / MINUTES_PER_HOUR);
  const rest = minutes % MINUTES_PER_HOUR;
  if (hours === 0) return `${sign}${rest} ${qualifier}min`;
  return `${sign}${hours} ${qualifier}h${rest === 0 ? '' : ` ${rest} min`}`;
}
