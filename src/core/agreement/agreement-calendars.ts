/**
 * The agreement's named calendars as business-time definitions (`defineCalendar` of core/time): validated once while
 * parsing, with their issues reported under the calendar's own path, and defined on demand for lint and consumers.
 */
import { type DomainIssue, isDomainError } from '../errors.ts';
import { type CalendarDefinition, calendarInputSchema, defineCalendar } from '../time/index.ts';
import type { AgreementIssue } from './agreement-issues.ts';
import type { Agreement } from './agreement-schema.ts';
import { type CalendarResolver, isCalendarReference } from './calendar-reference.ts';

/**
 * Semantic problems of each well-formed calendar (unknown zone, bad times, overlaps, unknown holiday region), at
 * `spec.calendars.<name>.<path inside the calendar>`. Malformed calendars are left to the schema's issues.
 */
export function checkCalendars(rawCalendars: unknown): AgreementIssue[] {
  if (typeof rawCalendars !== 'object' || rawCalendars === null || Array.isArray(rawCalendars)) return [];
  const issues: AgreementIssue[] = [];
  for (const [name, calendar] of Object.entries(rawCalendars)) {
    if (!calendarInputSchema.safeParse(calendar).success) continue;
    try {
      defineCalendar(calendar);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      const inner = (error.details.issues as DomainIssue[] | undefined) ?? [
        { path: '', code: error.code, message: error.message },
      ];
      for (const issue of inner) {
        issues.push({ ...issue, path: `spec.calendars.${name}${issue.path ? `.${issue.path}` : ''}` });
      }
    }
  }
  return issues;
}

/**
 * The agreement's calendars as definitions, by name (the agreement is valid, so every inline calendar defines).
 * References to workspace calendars are defined through `resolve`; without it, or when it does not know the
 * calendar, they are left out.
 */
export function defineAgreementCalendars(
  agreement: Agreement,
  resolve?: CalendarResolver,
): Map<string, CalendarDefinition> {
  const definitions = new Map<string, CalendarDefinition>();
  for (const [name, calendar] of Object.entries(agreement.spec.calendars)) {
    const input = isCalendarReference(calendar) ? resolve?.(calendar.use) : calendar;
    if (input !== undefined) definitions.set(name, defineCalendar(input));
  }
  return definitions;
}

/** True when every instant is business time: every day open 00:00-24:00, no holidays, no overrides. */
export function isRoundTheClock(definition: CalendarDefinition): boolean {
  return (
    definition.weeklyByWeekday.every((day) => day.length === 1 && day[0]!.start === 0 && day[0]!.end === 1440) &&
    definition.holidayDays.size === 0 &&
    definition.holidayRegions.length === 0 &&
    definition.overrides.size === 0
  );
}

/** Average working hours of a working weekday (a day with weekly hours), or undefined without weekly hours. */
export function averageWorkingHoursPerDay(definition: CalendarDefinition): number | undefined {
  const workingDays = definition.weeklyByWeekday.filter((day) => day.length > 0);
  if (workingDays.length === 0) return undefined;
  const minutes = workingDays.flat().reduce((sum, interval) => sum + interval.end - interval.start, 0);
  return minutes / workingDays.length / 60;
}
