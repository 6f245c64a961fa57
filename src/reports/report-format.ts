/** Formatting shared by the CSV and PDF renderings of reports: numbers, durations, instants in a zone. */
import type { ResultsPeriod } from '../app/results/results-period.ts';
import type { TargetGoal } from '../app/results/target-goals.ts';
import { formatDuration } from '../core/time/index.ts';

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

/** Business time for people (`26 business h 40 min`, decision 0027); `–` for none. */
export function businessTimeText(ms: number | null): string {
  return ms === null ? '–' : formatDuration(ms, 'business');
}

export function percentText(value: number | null, places = 2): string {
  return value === null ? '–' : `${value.toFixed(places)} %`;
}

/** A target's value in its goal's unit: a percent, business time (mean resolution time) or the KPI's number. */
export function targetValueText(goal: TargetGoal | null, value: number | null): string {
  if (value === null) return '–';
  switch (goal?.unit) {
    case 'ms':
      return businessTimeText(value);
    case 'number':
      return String(Number(value.toFixed(3)));
    default:
      return percentText(value, 2);
  }
}

/** A target's goal with its direction, e.g. `≥ 95.00 %` or `≤ 6 business h`; `–` without a goal. */
export function targetGoalText(goal: TargetGoal | null): string {
  if (goal === null) return '–';
  return `${goal.direction === 'atLeast' ? '≥' : '≤'} ${targetValueText(goal, goal.value)}`;
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
