/**
 * The workspace's business calendars: CRUD (a definition as core/time accepts it; holidays may also come as an
 * iCalendar file in `icalendar`, turned into dates here), a preview of the open hours, and business-time questions
 * (when is it due, how much business time between two instants). The revision is the ETag; If-Match is honoured.
 */
import { z } from 'zod';
import { AppError, invalid } from '../../app/app-error.ts';
import {
  BUSINESS_TIME_HORIZON_YEARS,
  calendarDeadline,
  calendarElapsed,
  previewCalendar,
} from '../../app/calendars/calendar-business-time.ts';
import {
  createCalendar,
  deleteCalendar,
  getCalendar,
  listCalendars,
  updateCalendar,
} from '../../app/calendars/manage-calendars.ts';
import type { CalendarRecord } from '../../app/ports/calendar-repository.ts';
import {
  IcalendarError,
  MAX_DAYS_PER_OCCURRENCE,
  MAX_ICALENDAR_CHARACTERS,
  MAX_ICALENDAR_DATES,
  MAX_ICALENDAR_EVENTS,
  MAX_OCCURRENCES_IN_TOTAL,
  MAX_OCCURRENCES_PER_EVENT,
} from '../../importers/icalendar-holidays.ts';
import {
  holidayDatesInWorker,
  ICALENDAR_DEADLINE_MS,
  IcalendarBusyError,
} from '../../importers/icalendar-holidays-worker.ts';
import { principalOf } from '../authentication.ts';
import type { HttpDependencies } from '../http-dependencies.ts';
import type { ZodApp } from '../zod-app.ts';
import { clockRebuildSchema } from './clock-rebuild-schema.ts';
import { ifMatchRevision, sendEtag } from './revision-header.ts';
import {
  errorBody,
  hasOnlyStorableText,
  idParams,
  instantInput,
  instantSchema,
  iso,
  listEnvelope,
  pageBody,
  pageOf,
  pageQuery,
  slug,
  standardErrors,
  textInput,
} from './route-schemas.ts';

const ICALENDAR_YEARS = { fromYear: 1990, toYear: 2100 };

const calendarSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  definition: z
    .unknown()
    .describe('The calendar as core/time accepts it: "24x7" or {timezone, weekly, holidays?, overrides?}.'),
  revision: z.number(),
  createdAt: instantSchema,
  updatedAt: instantSchema,
});

const definitionInput = z
  .union([z.literal('24x7'), z.record(z.string(), z.unknown())], {
    error: 'must be "24x7" or a calendar object { timezone, weekly, holidays?, overrides? }',
  })
  .refine(hasOnlyStorableText, {
    error: 'must not contain the NUL character (U+0000) or a lone surrogate in any text',
  })
  .describe('"24x7" or { timezone, weekly: [{ day | days, start, end }] | "24x7", holidays?, overrides? }');
const icalendarInput = textInput
  .min(1)
  .optional()
  .describe(
    `An iCalendar file (text); the dates of its events from ${ICALENDAR_YEARS.fromYear} to ${ICALENDAR_YEARS.toYear} are added to the holidays (recurring events are expanded in those years, other dates are left out). Bounds, each refused with a 400 and its own code: at most ${MAX_ICALENDAR_CHARACTERS} characters (ICALENDAR_TOO_LARGE), ${MAX_ICALENDAR_EVENTS} events (ICALENDAR_TOO_MANY_EVENTS), ${MAX_OCCURRENCES_PER_EVENT} occurrences per recurring event and ${MAX_OCCURRENCES_IN_TOTAL} in total (ICALENDAR_TOO_MANY_OCCURRENCES), ${MAX_DAYS_PER_OCCURRENCE} days covered by one occurrence (ICALENDAR_EVENT_TOO_LONG) and ${MAX_ICALENDAR_DATES} dates (ICALENDAR_TOO_MANY_DATES); a file that takes longer than ${ICALENDAR_DEADLINE_MS / 1000} s to read is refused with ICALENDAR_TOO_COMPLEX, and when too many files are being read at once the answer is 503 ICALENDAR_BUSY. Only callers with calendars.write may send one: others get 403 before the file is read.`,
  );

function presentCalendar(calendar: CalendarRecord): z.infer<typeof calendarSchema> {
  return {
    id: calendar.id,
    slug: calendar.slug,
    name: calendar.name,
    definition: calendar.definition,
    revision: calendar.revision,
    createdAt: iso(calendar.createdAt),
    updatedAt: iso(calendar.updatedAt),
  };
}

/**
 * How the use-case reads an uploaded iCalendar file's holiday dates: in a worker thread (decision 0031), and only
 * after it has checked that the caller may write calendars.
 */
function icalendarReader(text: string | undefined): (() => Promise<string[]>) | undefined {
  if (text === undefined) return undefined;
  return async () => {
    try {
      return await holidayDatesInWorker(text, ICALENDAR_YEARS);
    } catch (error) {
      if (error instanceof IcalendarBusyError) throw new AppError('unavailable', 'ICALENDAR_BUSY', error.message);
      if (!(error instanceof IcalendarError)) throw error;
      throw invalid(error.code, `icalendar: ${error.message}`, {
        issues: [{ path: 'icalendar', code: error.code, message: error.message }],
      });
    }
  };
}

const summaryOf = (calendar: CalendarRecord) => ({ id: calendar.id, slug: calendar.slug, revision: calendar.revision });
const calendarSummary = z.object({ id: z.string(), slug: z.string(), revision: z.number() });

export function calendarRoutes(app: ZodApp, dependencies: HttpDependencies): void {
  const { store } = dependencies;
  app.get(
    '/api/v1/calendars',
    {
      schema: {
        tags: ['calendars'],
        summary: "List the workspace's calendars",
        querystring: z.strictObject({
          ...pageQuery,
          search: textInput.max(100).optional().describe('Part of the name or id.'),
          sort: z.enum(['slug', '-slug', 'name', '-name', 'updated', '-updated']).default('slug'),
        }),
        response: { 200: listEnvelope(calendarSchema), ...standardErrors },
      },
    },
    async (request) => {
      const { search, sort, ...page } = request.query;
      return pageBody(
        await listCalendars(store, principalOf(request), pageOf(page), { search, sort }),
        presentCalendar,
      );
    },
  );
  app.post(
    '/api/v1/calendars',
    {
      schema: {
        tags: ['calendars'],
        summary: 'Create a calendar (agreements refer to it as { use: <slug> })',
        body: z.strictObject({
          slug,
          name: textInput.min(1).max(200),
          definition: definitionInput,
          icalendar: icalendarInput,
        }),
        response: { 201: calendarSchema, ...standardErrors, 409: errorBody },
      },
    },
    async (request, reply) => {
      const { icalendar, ...input } = request.body;
      const readHolidayDates = icalendarReader(icalendar);
      const calendar = await createCalendar(dependencies, principalOf(request), { ...input, readHolidayDates });
      sendEtag(reply, calendar.revision);
      return reply.status(201).send(presentCalendar(calendar));
    },
  );
  app.get(
    '/api/v1/calendars/:id',
    {
      schema: {
        tags: ['calendars'],
        summary: 'A calendar (ETag: its revision)',
        params: idParams,
        response: { 200: calendarSchema, ...standardErrors },
      },
    },
    async (request, reply) => {
      const calendar = await getCalendar(store, principalOf(request), request.params.id);
      sendEtag(reply, calendar.revision);
      return presentCalendar(calendar);
    },
  );
  app.patch(
    '/api/v1/calendars/:id',
    {
      schema: {
        tags: ['calendars'],
        summary: 'Change a calendar; new hours rebuild the clocks of open tickets that use it',
        params: idParams,
        body: z.strictObject({
          name: textInput.min(1).max(200).optional(),
          definition: definitionInput.optional(),
          icalendar: icalendarInput,
        }),
        response: {
          200: calendarSchema.extend({
            clockRebuild: clockRebuildSchema,
          }),
          ...standardErrors,
          412: errorBody,
        },
      },
    },
    async (request, reply) => {
      const { icalendar, ...changes } = request.body;
      const target = { id: request.params.id, expectedRevision: ifMatchRevision(request) };
      const readHolidayDates = icalendarReader(icalendar);
      const result = await updateCalendar(dependencies, principalOf(request), target, { ...changes, readHolidayDates });
      sendEtag(reply, result.calendar.revision);
      return { ...presentCalendar(result.calendar), clockRebuild: result.clockRebuild };
    },
  );
  app.delete(
    '/api/v1/calendars/:id',
    {
      schema: {
        tags: ['calendars'],
        summary: 'Delete a calendar that no agreement version refers to',
        params: idParams,
        response: { 204: z.null(), ...standardErrors, 409: errorBody },
      },
    },
    async (request, reply) => {
      await deleteCalendar(dependencies, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/v1/calendars/:id/preview',
    {
      schema: {
        tags: ['calendars'],
        summary: "Open intervals of the next days, in the calendar's zone",
        params: idParams,
        querystring: z.strictObject({
          days: z.coerce.number().int().min(1).max(92).default(7),
          from: z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a local date, YYYY-MM-DD' })
            .optional()
            .describe("First local date (default: today in the calendar's zone)."),
        }),
        response: {
          200: z.object({
            calendar: calendarSummary,
            timezone: z.string(),
            from: z.string(),
            to: z.string(),
            intervals: z.array(z.object({ start: z.string(), end: z.string(), minutes: z.number() })),
            openMinutes: z.number(),
          }),
          ...standardErrors,
        },
      },
    },
    async (request) => {
      const { days, from } = request.query;
      const preview = await previewCalendar(dependencies, principalOf(request), request.params.id, {
        days,
        fromDate: from,
      });
      return { ...preview, calendar: summaryOf(preview.calendar) };
    },
  );
  app.get(
    '/api/v1/calendars/:id/due',
    {
      schema: {
        tags: ['calendars'],
        summary: 'When is it due: start + business minutes (null when the calendar never opens again)',
        description: `Looks at most ${BUSINESS_TIME_HORIZON_YEARS} years after start: a deadline further away is refused with 400 CALENDAR_DUE_BEYOND_HORIZON.`,
        params: idParams,
        querystring: z.strictObject({
          start: instantInput,
          minutes: z.coerce.number().min(0).max(100_000_000),
        }),
        response: {
          200: z.object({
            calendar: calendarSummary,
            timezone: z.string(),
            start: z.string(),
            minutes: z.number(),
            due: z.string().nullable(),
          }),
          ...standardErrors,
        },
      },
    },
    async (request) => {
      const answer = await calendarDeadline(store, principalOf(request), request.params.id, request.query);
      return { ...answer, calendar: summaryOf(answer.calendar) };
    },
  );
  app.get(
    '/api/v1/calendars/:id/elapsed',
    {
      schema: {
        tags: ['calendars'],
        summary: 'Business minutes between two instants',
        description: `from and to at most ${BUSINESS_TIME_HORIZON_YEARS} years apart; a longer span is refused with 400 CALENDAR_SPAN_TOO_LONG.`,
        params: idParams,
        querystring: z.strictObject({ from: instantInput, to: instantInput }),
        response: {
          200: z.object({
            calendar: calendarSummary,
            timezone: z.string(),
            from: z.string(),
            to: z.string(),
            minutes: z.number(),
          }),
          ...standardErrors,
        },
      },
    },
    async (request) => {
      const answer = await calendarElapsed(store, principalOf(request), request.params.id, request.query);
      return { ...answer, calendar: summaryOf(answer.calendar) };
    },
  );
}
