/**
 * Period labels of KPI values. A KPI value belongs to one reporting period, named by a label of one of five kinds:
 *   year `2026`, quarter `2026-Q4`, month `2026-10`, ISO-8601 week `2026-W41`, day `2026-10-05`.
 * A period of several weeks or days (a `P2W` or `P90D` reporting cadence) is named by its first week or day. Labels
 * are validated as real dates (no month 13, no week 53 in a year that has 52) and stored in one canonical spelling
 * (upper-case Q and W), so the same period is always the same text. Labels of one kind sort chronologically as text.
 */
import { daysFromCivil, daysInMonth, isLeapYear, weekdayOfDay } from '../../core/time/civil-date.ts';
import { invalid } from '../app-error.ts';

export const periodKinds = ['year', 'quarter', 'month', 'week', 'day'] as const;
export type PeriodKind = (typeof periodKinds)[number];

export interface PeriodLabel {
  readonly kind: PeriodKind;
  /** The canonical spelling. */
  readonly label: string;
}

const patterns: Record<PeriodKind, RegExp> = {
  year: /^(\d{4})$/,
  quarter: /^(\d{4})-[Qq]([1-4])$/,
  month: /^(\d{4})-(\d{2})$/,
  week: /^(\d{4})-[Ww](\d{2})$/,
  day: /^(\d{4})-(\d{2})-(\d{2})$/,
};

/** POSIX regular expressions (PostgreSQL `~`) matching the canonical labels of each kind. */
export const periodLabelPatterns: Record<PeriodKind, string> = {
  year: '^[0-9]{4}$',
  quarter: '^[0-9]{4}-Q[1-4]$',
  month: '^[0-9]{4}-[0-9]{2}$',
  week: '^[0-9]{4}-W[0-9]{2}$',
  day: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
};

const MIN_YEAR = 1900;
const MAX_YEAR = 9999;

/** Whether an ISO-8601 week-numbering year has 53 weeks: it starts on a Thursday, or is a leap year starting on Wednesday. */
export function isoWeeksInYear(year: number): 52 | 53 {
  const weekdayOfJanuaryFirst = weekdayOfDay(daysFromCivil(year, 1, 1));
  return weekdayOfJanuaryFirst === 3 || (weekdayOfJanuaryFirst === 2 && isLeapYear(year)) ? 53 : 52;
}

/** Parses a period label, or returns a reason why it is not one. */
export function readPeriodLabel(text: string): PeriodLabel | { readonly reason: string } {
  for (const kind of periodKinds) {
    const match = patterns[kind].exec(text);
    if (!match) continue;
    const year = Number(match[1]);
    if (year < MIN_YEAR || year > MAX_YEAR) return { reason: `the year must be between ${MIN_YEAR} and ${MAX_YEAR}` };
    const part = Number(match[2]);
    switch (kind) {
      case 'year':
        return { kind, label: match[1]! };
      case 'quarter':
        return { kind, label: `${match[1]}-Q${part}` };
      case 'month':
        if (part < 1 || part > 12) return { reason: 'the month must be 01 to 12' };
        return { kind, label: text };
      case 'week':
        if (part < 1 || part > isoWeeksInYear(year)) {
          return { reason: `${year} has ISO weeks W01 to W${isoWeeksInYear(year)}` };
        }
        return { kind, label: `${match[1]}-W${match[2]}` };
      case 'day': {
        const day = Number(match[3]);
        if (part < 1 || part > 12 || day < 1 || day > daysInMonth(year, part)) return { reason: 'not a real date' };
        return { kind, label: text };
      }
    }
  }
  return { reason: 'use YYYY-MM (month), YYYY-Qn (quarter), YYYY-Www (ISO week), YYYY-MM-DD (day) or YYYY (year)' };
}

/** The canonical label, or PERIOD_LABEL_INVALID (400) saying what is wrong. */
export function parsePeriodLabel(text: string, path = 'period'): PeriodLabel {
  const result = readPeriodLabel(text);
  if ('reason' in result) {
    throw invalid('PERIOD_LABEL_INVALID', `${path}: ${JSON.stringify(text)} is not a period label: ${result.reason}`, {
      path,
      value: text,
    });
  }
  return result;
}
