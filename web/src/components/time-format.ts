/**
 * Instants and durations for people: every instant is shown in an explicit IANA zone (the viewer's, or a calendar's
 * where business hours matter), never in whatever zone the browser happens to use without saying so.
 */

const ZONE_KEY = 'covenant.timeZone';

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The viewer's zone: the one chosen in Settings, else the browser's. */
export function viewerTimeZone(): string {
  try {
    return window.localStorage.getItem(ZONE_KEY) || browserTimeZone();
  } catch {
    return browserTimeZone();
  }
}

export function setViewerTimeZone(zone: string | null): void {
  if (zone) window.localStorage.setItem(ZONE_KEY, zone);
  else window.localStorage.removeItem(ZONE_KEY);
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return /^[A-Za-z]/.test(zone);
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string, withSeconds: boolean, withZone: boolean): Intl.DateTimeFormat {
  const key = `${zone}|${withSeconds}|${withZone}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      weekday: 'short',
      year: 'numeric',
      month: 'short',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      ...(withSeconds ? { second: '2-digit' } : {}),
      ...(withZone ? { timeZoneName: 'short' } : {}),
      hour12: false,
    });
    formatters.set(key, found);
  }
  return found;
}

export function formatInstant(
  value: string | number | null | undefined,
  zone = viewerTimeZone(),
  options: { seconds?: boolean; zoneName?: boolean } = {},
): string {
  if (value === null || value === undefined) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return formatter(zone, options.seconds ?? false, options.zoneName ?? true).format(date);
}

export function formatDate(value: string | null | undefined, zone = viewerTimeZone()): string {
  if (!value) return '—';
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: 'short', day: '2-digit' }).format(
    new Date(value),
  );
}

/** `business`: time counted on a calendar's working hours; `elapsed`: real time. */
export type DurationKind = 'business' | 'elapsed';

/**
 * A duration for people, by the server's rule (src/core/time/duration-text.ts, decision 0027; both are tested against
 * test/fixtures/duration-text-cases.ts): hours and minutes to the nearest minute (`8 h`, `1 h 30 min`, `45 min`),
 * whole seconds under a minute, never days (a business day is not 24 hours), and business time says so before its
 * first unit (`26 business h 40 min`).
 */
export function formatDuration(ms: number | null | undefined, kind: DurationKind): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const sign = ms < 0 ? '−' : '';
  const qualifier = kind === 'business' ? 'business ' : '';
  const seconds = Math.round(Math.abs(ms) / 1000);
  if (seconds > 0 && seconds < 60) return `${sign}${seconds} ${qualifier}s`;
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes === 0) return `0 ${qualifier}min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${sign}${rest} ${qualifier}min`;
  return `${sign}${hours} ${qualifier}h${rest === 0 ? '' : ` ${rest} min`}`;
}

/** A duration the API gives in minutes (`usedMinutes`, `durationMinutes`), written as `formatDuration` writes it. */
export function formatMinutes(minutes: number | null | undefined, kind: DurationKind): string {
  return formatDuration(minutes === null || minutes === undefined ? minutes : minutes * 60_000, kind);
}

/** A live countdown: "in 1 h 04 min 09 s" or "12 min 30 s ago". */
export function formatCountdown(targetMs: number, nowMs: number): string {
  const difference = targetMs - nowMs;
  const total = Math.floor(Math.abs(difference) / 1000);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const parts =
    days > 0
      ? `${days} d ${hours} h ${String(minutes).padStart(2, '0')} min`
      : hours > 0
        ? `${hours} h ${String(minutes).padStart(2, '0')} min ${String(seconds).padStart(2, '0')} s`
        : `${minutes} min ${String(seconds).padStart(2, '0')} s`;
  return difference >= 0 ? `in ${parts}` : `${parts} ago`;
}

export function formatPercent(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return `${value.toFixed(digits)} %`;
}

export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

/** "2026-10" for the month before the given instant (the last complete reporting period). */
export function previousMonth(nowMs: number): string {
  const date = new Date(nowMs);
  const month = date.getUTCMonth();
  const year = month === 0 ? date.getUTCFullYear() - 1 : date.getUTCFullYear();
  return `${year}-${String(month === 0 ? 12 : month).padStart(2, '0')}`;
}

/** The `count` months up to and including `period` ("2026-10"), oldest first. */
export function monthsUpTo(period: string, count: number): string[] {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const months: string[] = [];
  for (let offset = count - 1; offset >= 0; offset--) {
    const index = year * 12 + (month - 1) - offset;
    months.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
  }
  return months;
}
