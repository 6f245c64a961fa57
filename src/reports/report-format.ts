/** Formatting shared by the CSV and PDF renderings of reports: numbers, durations, instants in a zone. */
import type { ResultsPeriod } from '../app/results/results-period.ts';

/** A number to at most `places` decimals (trailing zeros dropped); null stays null. */
export function decimals(value: number | null, places: number): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}

/** Business milliseconds as minutes to two decimals. */
export function minutesOf(ms: number | null): number | null {
  return ms === null ? null : decimals(ms / 60_000, 2);
}

export function isoOrEmpty(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** The period as people name it: its label, or the range of instants. */
export function periodName(period: Pick<ResultsPeriod, 'label' | 'from' | 'to'>): string {
  return period.label ?? `${new Date(period.from).toISOString()}/${new Date(period.to).toISOString()}`;
}

/** A business duration for people: 45 min, 3 h 05 min, 2 d 4 h (days of 24 hours). */
export function durationText(ms: number | null): string {
  if (ms === null) return '–';
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

export function percentText(value: number | null, places = 2): string {
  return value === null ? '–' : `${value.toFixed(places)} %`;
}

/** A local date and time in the zone, e.g. 2026-10-05 14:30 (the zone is printed once, in the header). */
export function localDateTime(ms: number | null, timeZone: string): string {
  if (ms === null) return '–';
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(ms)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

export function localDate(ms: number, timeZone: string): string {
  return localDateTime(ms, timeZone).slice(0, 10);
}
