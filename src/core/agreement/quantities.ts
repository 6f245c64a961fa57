/**
 * The quantities an agreement is written in, parsed into plain numbers for the normalised model:
 * - business durations (`PT30M`, `PT4H`, `P2D`): ISO-8601 days, hours, minutes and seconds, in milliseconds. A day is
 *   24 hours of business time of the target's calendar (docs/decisions/0004-agreement-model.md); months, years and
 *   weeks have no fixed length in business time and are refused;
 * - calendar periods (`P1M`, `P3M`, `P1Y`, `P2W`): review, meeting and reporting cadences, as months and days;
 * - percents (`95%` or `95`), as the number 95.
 */

export const MS_PER_SECOND = 1000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY_OF_BUSINESS_TIME = 24 * MS_PER_HOUR;

const amount = String.raw`(\d+(?:[.,]\d+)?)`;
const businessDurationPattern = new RegExp(
  String.raw`^P(?!$)(?:${amount}D)?(?:T(?=\d)(?:${amount}H)?(?:${amount}M)?(?:${amount}S)?)?$`,
);
const calendarPeriodPattern = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/;
const percentPattern = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/;

/** The JSON Schema pattern of a business duration, for editors. */
export const businessDurationJsonPattern =
  '^P(?!$)(\\d+([.,]\\d+)?D)?(T(?=\\d)(\\d+([.,]\\d+)?H)?(\\d+([.,]\\d+)?M)?(\\d+([.,]\\d+)?S)?)?$';
/** The JSON Schema pattern of a calendar period, for editors. */
export const calendarPeriodJsonPattern = '^P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?$';
/** The JSON Schema pattern of a percent written as text, for editors. */
export const percentJsonPattern = '^\\s*\\d+(\\.\\d+)?\\s*%\\s*$';

/** A review, meeting or reporting cadence: whole months (a year is 12) plus whole days (a week is 7). */
export interface CalendarPeriod {
  readonly months: number;
  readonly days: number;
}

/** Parses an ISO-8601 business duration into milliseconds, or returns undefined when it is not one. */
export function parseBusinessDuration(text: string): number | undefined {
  const match = businessDurationPattern.exec(text);
  if (!match) return undefined;
  const [days, hours, minutes, seconds] = match.slice(1).map((part) => (part ? Number(part.replace(',', '.')) : 0));
  const ms = ((days ?? 0) * 24 * 3600 + (hours ?? 0) * 3600 + (minutes ?? 0) * 60 + (seconds ?? 0)) * MS_PER_SECOND;
  return Number.isFinite(ms) ? Math.round(ms) : undefined;
}

/** Why a text is not a business duration, phrased for the author. */
export function explainBusinessDuration(text: string): string {
  if (/^P(?:[^T]*[YMW])/.test(text)) {
    return `"${text}" uses months, years or weeks, which have no fixed length in business time; write days (P2D) or hours (PT16H)`;
  }
  return `"${text}" is not an ISO-8601 duration; write e.g. PT30M, PT4H, P2D or P1DT12H`;
}

/** Renders business hours as the hour-based duration an author should write (`PT27H`, `PT4H30M`). */
export function formatHoursDuration(ms: number): string {
  const totalMinutes = Math.round(ms / 60_000);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  return `PT${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${hours || minutes ? '' : '0S'}`;
}

/** Parses an ISO-8601 calendar period (`P1M`, `P3M`, `P1Y`, `P2W`, `P90D`), or undefined when it is not one. */
export function parseCalendarPeriod(text: string): CalendarPeriod | undefined {
  const match = calendarPeriodPattern.exec(text);
  if (!match) return undefined;
  const [years, months, weeks, days] = match.slice(1).map((part) => (part ? Number(part) : 0));
  const period = { months: (years ?? 0) * 12 + (months ?? 0), days: (weeks ?? 0) * 7 + (days ?? 0) };
  return period.months > 0 || period.days > 0 ? period : undefined;
}

/** Parses `95%`, `99.5 %` or the number 95 into 95; undefined for anything else. Bounds are the caller's. */
export function parsePercent(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = percentPattern.exec(value);
  return match ? Number(match[1]) : undefined;
}
