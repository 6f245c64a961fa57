/**
 * An agreement calendar may be a reference to a calendar kept in the workspace, `{ use: <calendar id> }`, instead of
 * hours written inline, so one "Warsaw office hours" calendar serves every agreement. The core cannot see the
 * workspace: a reference parses as valid, the content hash covers the reference (not the hours behind it), and
 * whoever knows the workspace checks that it exists and resolves it (`CalendarResolver`) for lint and clocks.
 */
import { z } from 'zod';
import type { CalendarInput } from '../time/index.ts';
import { slugSchema } from './schema-primitives.ts';

export const calendarReferenceSchema = z
  .strictObject({
    use: slugSchema.meta({ description: 'Id of a calendar of the workspace (e.g. "warsaw-office").' }),
  })
  .meta({ description: 'A reference to a workspace calendar, resolved when the agreement is saved and evaluated.' });

export type CalendarReference = z.infer<typeof calendarReferenceSchema>;

/** Looks a workspace calendar up by its id; undefined when there is none. */
export type CalendarResolver = (slug: string) => CalendarInput | undefined;

export function isCalendarReference(calendar: unknown): calendar is CalendarReference {
  return typeof calendar === 'object' && calendar !== null && 'use' in calendar;
}

/** The references among an agreement's calendars: calendar name -> workspace calendar id. */
export function calendarReferencesOf(calendars: Readonly<Record<string, unknown>>): Map<string, string> {
  const references = new Map<string, string>();
  for (const [name, calendar] of Object.entries(calendars)) {
    if (isCalendarReference(calendar)) references.set(name, calendar.use);
  }
  return references;
}
