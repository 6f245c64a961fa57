/**
 * A calendar as the editor holds it (rows with ids, every shift with explicit days) and the definition the server
 * takes ({ timezone, weekly, holidays, overrides } or "24x7"). An interval whose end is before its start crosses
 * midnight (a night shift).
 */
import type { CalendarDefinition, Weekday } from '../../api/types.ts';

export const weekdays: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export const weekdayNames: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

export interface Shift {
  readonly id: string;
  readonly days: Weekday[];
  readonly start: string;
  readonly end: string;
}

export interface Override {
  readonly id: string;
  readonly date: string;
  /** Empty: closed all day. */
  readonly intervals: { start: string; end: string }[];
}

export interface CalendarForm {
  readonly timezone: string;
  readonly always: boolean;
  readonly weeklyAlways: boolean;
  readonly shifts: Shift[];
  readonly regions: string;
  readonly dates: string[];
  readonly overrides: Override[];
}

let counter = 0;
export const rowId = () => `row-${++counter}`;

export function emptyCalendarForm(timezone: string): CalendarForm {
  return {
    timezone,
    always: false,
    weeklyAlways: false,
    shifts: [{ id: rowId(), days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' }],
    regions: '',
    dates: [],
    overrides: [],
  };
}

export function formOf(definition: CalendarDefinition, fallbackZone: string): CalendarForm {
  if (definition === '24x7') return { ...emptyCalendarForm(fallbackZone), always: true, shifts: [] };
  const holidays = definition.holidays;
  const dates = Array.isArray(holidays) ? holidays : (holidays?.dates ?? []);
  const region = Array.isArray(holidays) ? undefined : holidays?.region;
  return {
    timezone: definition.timezone,
    always: false,
    weeklyAlways: definition.weekly === '24x7',
    shifts:
      definition.weekly === '24x7'
        ? []
        : definition.weekly.map((entry) => ({
            id: rowId(),
            days: entry.days ?? (entry.day ? [entry.day] : []),
            start: entry.start,
            end: entry.end,
          })),
    regions: Array.isArray(region) ? region.join(', ') : (region ?? ''),
    dates: [...dates],
    overrides: (definition.overrides ?? []).map((override) => ({
      id: rowId(),
      date: override.date,
      intervals: override.intervals.map((interval) => ({ ...interval })),
    })),
  };
}

export function definitionOf(form: CalendarForm): CalendarDefinition {
  if (form.always) return '24x7';
  const regions = form.regions
    .split(',')
    .map((region) => region.trim())
    .filter(Boolean);
  const holidays =
    regions.length > 0 || form.dates.length > 0
      ? {
          ...(form.dates.length > 0 ? { dates: [...form.dates].sort() } : {}),
          ...(regions.length > 0 ? { region: regions.length === 1 ? regions[0]! : regions } : {}),
        }
      : undefined;
  return {
    timezone: form.timezone,
    weekly: form.weeklyAlways
      ? '24x7'
      : form.shifts.map((shift) => ({ days: shift.days, start: shift.start, end: shift.end })),
    ...(holidays ? { holidays } : {}),
    ...(form.overrides.length > 0
      ? { overrides: form.overrides.map((override) => ({ date: override.date, intervals: override.intervals })) }
      : {}),
  };
}

/** Problems the form can find before sending (the server checks everything again). */
export function checkCalendarForm(form: CalendarForm): Record<string, string> {
  const problems: Record<string, string> = {};
  if (form.always) return problems;
  if (!form.timezone.trim()) problems.timezone = 'Choose the time zone the hours are in.';
  if (!form.weeklyAlways && form.shifts.length === 0) problems.weekly = 'Add at least one working interval.';
  for (const [index, shift] of form.shifts.entries()) {
    if (shift.days.length === 0) problems[`weekly.${index}.days`] = 'Tick at least one day.';
    if (!/^\d{2}:\d{2}$/.test(shift.start)) problems[`weekly.${index}.start`] = 'Give the start as HH:MM.';
    if (!/^\d{2}:\d{2}$/.test(shift.end)) problems[`weekly.${index}.end`] = 'Give the end as HH:MM.';
    if (shift.start === shift.end) problems[`weekly.${index}.end`] = 'The end must differ from the start.';
  }
  for (const [index, override] of form.overrides.entries()) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(override.date)) problems[`overrides.${index}.date`] = 'Give the date.';
  }
  return problems;
}

/** Whether a shift crosses midnight (its end is before its start). */
export function isOvernight(shift: { start: string; end: string }): boolean {
  return shift.end < shift.start;
}
