/**
 * The period a results request asks for (decision 0010). A label is parsed as the facts API parses KPI periods
 * (`2026-10` month, `2026-Q4`, `2026-W41`, `2026-10-05`, `2026`) and read as local dates in the agreement's zone, so
 * "October" is October in Warsaw for a Warsaw agreement. `from`/`to` name any half-open range of instants instead.
 * Without either, the current month. A period that has not started yet is refused: nothing can be measured in it.
 */
import { civilFromDays, daysFromCivil, MS_PER_DAY, weekdayOfDay } from '../../core/time/civil-date.ts';
import { instantOfLocalTime } from '../../core/time/local-time.ts';
import { offsetAt } from '../../core/time/time-zone.ts';
import { invalid } from '../app-error.ts';
import { type PeriodKind, type PeriodLabel, parsePeriodLabel } from '../facts/period-label.ts';

export type ResultsPeriodKind = PeriodKind | 'range';

export interface ResultsPeriod {
  readonly kind: ResultsPeriodKind;
  /** The canonical label; null for a range of instants. */
  readonly label: string | null;
  readonly from: number;
  readonly to: number;
  /** The zone the label was read in (the agreement's). */
  readonly timeZone: string;
}

export interface ResultsPeriodRequest {
  readonly period?: string | undefined;
  readonly from?: number | undefined;
  readonly to?: number | undefined;
}

export function resolveResultsPeriod(request: ResultsPeriodRequest, timeZone: string, now: number): ResultsPeriod {
  const { period, from, to } = request;
  let resolved: ResultsPeriod;
  if (from !== undefined || to !== undefined) {
    if (period !== undefined) {
      throw invalid('PERIOD_REQUEST_INVALID', 'give either a period label or from and to, not both', {
        path: 'period',
      });
    }
    if (from === undefined || to === undefined) {
      throw invalid('PERIOD_REQUEST_INVALID', 'a range needs both from and to', {
        path: from === undefined ? 'from' : 'to',
      });
    }
    if (from >= to) throw invalid('TIME_RANGE_INVALID', 'from must be before to (the range is [from, to))');
    resolved = { kind: 'range', label: null, from, to, timeZone };
  } else {
    const label = period === undefined ? monthLabelAt(timeZone, now) : parsePeriodLabel(period, 'period');
    const days = localDaysOf(label);
    resolved = {
      kind: label.kind,
      label: label.label,
      from: instantOfLocalTime(timeZone, days.first * MS_PER_DAY),
      to: instantOfLocalTime(timeZone, days.end * MS_PER_DAY),
      timeZone,
    };
  }
  if (resolved.from >= now) {
    throw invalid('PERIOD_NOT_STARTED', `the period ${resolved.label ?? 'asked for'} has not started yet`, {
      from: resolved.from,
    });
  }
  return resolved;
}

/** The label of the month (in the zone) that contains the instant. */
export function monthLabelAt(timeZone: string, instant: number): PeriodLabel {
  const { year, month } = civilFromDays(Math.floor((instant + offsetAt(timeZone, instant)) / MS_PER_DAY));
  return { kind: 'month', label: monthLabel(year, month) };
}

/** The month period `offset` months after (negative: before) the month label. */
export function shiftMonth(period: ResultsPeriod, offset: number): ResultsPeriod {
  const index = monthIndex(period.label ?? '') + offset;
  const shifted = monthLabel(Math.floor(index / 12), (index % 12) + 1);
  const days = localDaysOf({ kind: 'month', label: shifted });
  return {
    kind: 'month',
    label: shifted,
    from: instantOfLocalTime(period.timeZone, days.first * MS_PER_DAY),
    to: instantOfLocalTime(period.timeZone, days.end * MS_PER_DAY),
    timeZone: period.timeZone,
  };
}

/** Months from `first` to `last` inclusive (both month periods), oldest first. */
export function monthsBetween(first: ResultsPeriod, last: ResultsPeriod): ResultsPeriod[] {
  const months: ResultsPeriod[] = [];
  for (let current = first; current.from <= last.from; current = shiftMonth(current, 1)) months.push(current);
  return months;
}

/** Months since year 0 of a month label: consecutive months differ by 1. */
export function monthIndex(label: string): number {
  const [year, month] = label.split('-').map(Number) as [number, number];
  return year * 12 + month - 1;
}

function monthLabel(year: number, month: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** The local days of a label: the first one and the one after the last. */
function localDaysOf(label: PeriodLabel): { first: number; end: number } {
  const parts = label.label.split(/-[QW]?/).map(Number);
  const year = parts[0]!;
  switch (label.kind) {
    case 'year':
      return { first: daysFromCivil(year, 1, 1), end: daysFromCivil(year + 1, 1, 1) };
    case 'quarter': {
      const firstMonth = (parts[1]! - 1) * 3 + 1;
      const first = daysFromCivil(year, firstMonth, 1);
      return { first, end: firstMonth === 10 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, firstMonth + 3, 1) };
    }
    case 'month': {
      const month = parts[1]!;
      const first = daysFromCivil(year, month, 1);
      return { first, end: month === 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, month + 1, 1) };
    }
    case 'week': {
      // ISO-8601: week 1 is the week (Monday to Sunday) that holds January 4th.
      const january4 = daysFromCivil(year, 1, 4);
      const first = january4 - weekdayOfDay(january4) + (parts[1]! - 1) * 7;
      return { first, end: first + 7 };
    }
    case 'day': {
      const first = daysFromCivil(year, parts[1]!, parts[2]!);
      return { first, end: first + 1 };
    }
  }
}
