/**
 * Use-cases of the workspace's business calendars. A definition is validated by core/time exactly as an agreement's
 * inline calendar is, with every problem reported at once under `definition.<path>`, and must have working time.
 * Calendars are workspace-wide (agreements of any customer may refer to them), so every principal with
 * calendars.read sees all of its workspace's calendars. Every change bumps the revision; a change of the hours
 * rebuilds the clocks of the open tickets whose agreements use the calendar, after the commit.
 */

import { serializeCanonical } from '../../core/canonical-json.ts';
import { DomainError, type DomainIssue, isDomainError } from '../../core/errors.ts';
import { defineCalendar, hasAnyWorkingTime } from '../../core/time/index.ts';
import { type Principal, requirePermission } from '../access/principal.ts';
import { checkRevision } from '../agreements/agreement-access.ts';
import { conflict, notFound } from '../app-error.ts';
import { recordChange } from '../audit/record-change.ts';
import type { CalendarListFilter, CalendarRecord } from '../ports/calendar-repository.ts';
import type { Page, PageRequest } from '../ports/pagination.ts';
import type { Clock, Store } from '../ports/store.ts';
import { type ClockRebuildOutcome, rebuildAfterChange } from '../rebuild-after-change.ts';

export interface CalendarDependencies {
  readonly store: Store;
  readonly clock: Clock;
}

export interface NewCalendar {
  readonly slug: string;
  readonly name: string;
  readonly definition: unknown;
  /**
   * Reads holiday dates (YYYY-MM-DD) from an uploaded file, added to the definition's holidays. Called only once the
   * principal may write calendars: reading a file costs time, which nobody else may make the server spend (0031).
   */
  readonly readHolidayDates?: (() => Promise<readonly string[]>) | undefined;
}

export interface CalendarChanges {
  readonly name?: string | undefined;
  readonly definition?: unknown;
  /** As in NewCalendar; added to the holidays of the new definition, or of the current one when none is given. */
  readonly readHolidayDates?: (() => Promise<readonly string[]>) | undefined;
}

export async function createCalendar(
  { store, clock }: CalendarDependencies,
  principal: Principal,
  input: NewCalendar,
): Promise<CalendarRecord> {
  requirePermission(principal, 'calendars.write');
  const holidayDates = await input.readHolidayDates?.();
  const definition = validCalendarDefinition(withHolidayDates(input.definition, holidayDates));
  return store.transaction(async (repositories) => {
    const calendar = await repositories.calendars.create({
      workspaceId: principal.workspaceId,
      slug: input.slug,
      name: input.name,
      definition,
    });
    if (!calendar) {
      throw conflict('CALENDAR_EXISTS', `a calendar with the id ${input.slug} already exists`, { slug: input.slug });
    }
    await recordChange(repositories, principal, clock.now(), {
      action: 'calendar.created',
      entityType: 'calendar',
      entityId: calendar.id,
      after: calendar,
    });
    return calendar;
  });
}

export async function listCalendars(
  store: Store,
  principal: Principal,
  page: PageRequest,
  filter: CalendarListFilter,
): Promise<Page<CalendarRecord>> {
  requirePermission(principal, 'calendars.read');
  return store.read.calendars.list(principal.workspaceId, page, filter);
}

export async function getCalendar(store: Store, principal: Principal, id: string): Promise<CalendarRecord> {
  requirePermission(principal, 'calendars.read');
  const calendar = await store.read.calendars.get(principal.workspaceId, id);
  if (!calendar) throw notFound('calendar', id);
  return calendar;
}

export async function updateCalendar(
  dependencies: CalendarDependencies,
  principal: Principal,
  target: { id: string; expectedRevision: number | null },
  changes: CalendarChanges,
): Promise<{ calendar: CalendarRecord; clockRebuild: ClockRebuildOutcome | null }> {
  requirePermission(principal, 'calendars.write');
  // Read before the transaction: no calendar row stays locked while a file is read.
  const holidayDates = await changes.readHolidayDates?.();
  const { store, clock } = dependencies;
  const result = await store.transaction(async (repositories) => {
    const before = await repositories.calendars.lock(principal.workspaceId, target.id);
    if (!before) throw notFound('calendar', target.id);
    checkRevision(before, target.expectedRevision, false);
    const newDefinition =
      changes.definition !== undefined || holidayDates !== undefined
        ? validCalendarDefinition(withHolidayDates(changes.definition ?? before.definition, holidayDates))
        : undefined;
    const after = (await repositories.calendars.update(principal.workspaceId, target.id, {
      ...(changes.name === undefined ? {} : { name: changes.name }),
      ...(newDefinition === undefined ? {} : { definition: newDefinition }),
    }))!;
    await recordChange(repositories, principal, clock.now(), {
      action: 'calendar.updated',
      entityType: 'calendar',
      entityId: target.id,
      before,
      after,
    });
    const hoursChanged =
      newDefinition !== undefined && serializeCanonical(newDefinition) !== serializeCanonical(before.definition);
    return { calendar: after, hoursChanged };
  });
  const clockRebuild = result.hoursChanged
    ? await rebuildAfterChange(dependencies, {
        workspaceId: principal.workspaceId,
        calendarSlug: result.calendar.slug,
        tickets: 'open',
      })
    : null;
  return { calendar: result.calendar, clockRebuild };
}

export async function deleteCalendar(
  { store, clock }: CalendarDependencies,
  principal: Principal,
  id: string,
): Promise<void> {
  requirePermission(principal, 'calendars.write');
  await store.transaction(async (repositories) => {
    const before = await repositories.calendars.lock(principal.workspaceId, id);
    if (!before) throw notFound('calendar', id);
    if ((await repositories.agreements.usingCalendar(principal.workspaceId, before.slug)).length > 0) {
      throw conflict(
        'CALENDAR_IN_USE',
        `agreement versions refer to calendar ${before.slug} (tickets they govern may be rebuilt at any time); it cannot be deleted`,
        { slug: before.slug },
      );
    }
    await repositories.calendars.delete(principal.workspaceId, id);
    await recordChange(repositories, principal, clock.now(), {
      action: 'calendar.deleted',
      entityType: 'calendar',
      entityId: id,
      before,
    });
  });
}

/** The definition, validated: throws the core's codes with paths under `definition.`, or CALENDAR_HAS_NO_WORKING_TIME. */
export function validCalendarDefinition(definition: unknown): unknown {
  let defined: ReturnType<typeof defineCalendar>;
  try {
    defined = defineCalendar(definition);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const issues = ((error.details.issues as DomainIssue[] | undefined) ?? []).map((issue) => ({
      ...issue,
      path: issue.path ? `definition.${issue.path}` : 'definition',
    }));
    throw issues.length > 0 ? DomainError.fromIssues(issues) : error;
  }
  if (!hasAnyWorkingTime(defined)) {
    throw new DomainError('CALENDAR_HAS_NO_WORKING_TIME', 'the calendar never opens: give it weekly hours', {
      issues: [{ path: 'definition.weekly', code: 'CALENDAR_HAS_NO_WORKING_TIME', message: 'no working time at all' }],
    });
  }
  return definition;
}

/** Adds holiday dates (from an iCalendar file) to a definition's holidays, keeping its region and its own dates. */
export function withHolidayDates(definition: unknown, dates: readonly string[] | undefined): unknown {
  if (dates === undefined) return definition;
  if (typeof definition !== 'object' || definition === null || Array.isArray(definition)) {
    throw new DomainError(
      'CALENDAR_INVALID',
      'holidays from an iCalendar file need a calendar with a time zone, e.g. { "timezone": "Europe/Warsaw", "weekly": "24x7" }',
      { issues: [{ path: 'definition', code: 'CALENDAR_INVALID', message: 'expected a calendar object' }] },
    );
  }
  const calendar = definition as { holidays?: unknown };
  const holidays = calendar.holidays;
  const current = Array.isArray(holidays)
    ? holidays
    : typeof holidays === 'object' && holidays !== null
      ? ((holidays as { dates?: unknown[] }).dates ?? [])
      : [];
  const merged = [...new Set([...current, ...dates])].sort();
  const region =
    typeof holidays === 'object' && holidays !== null && !Array.isArray(holidays)
      ? (holidays as { region?: unknown }).region
      : undefined;
  return { ...calendar, holidays: region === undefined ? { dates: merged } : { dates: merged, region } };
}
