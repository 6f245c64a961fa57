/**
 * The workspace's business calendars: CRUD (a definition as core/time accepts it; holidays may also come as an
 * iCalendar file in `icalendar`, turned into dates here), a preview of the open hours, and business-time questions
 * (when is it due, how much business time between two instants). The revision is the ETag; If-Match is honoured.
 */
import { z } from 'zod';
import { invalid } from '../../app/app-error.ts';
import { calendarDeadline, calendarElapsed, previewCalendar } from '../../app/calendars/calendar-business-time.ts';
import {
  createCalendar,
  deleteCalendar,
  getCalendar,
  listCalendars,
  updateCalendar,
} from '../../app/calendars/manage-calendars.ts';
import type { CalendarRecord } from '../../app/ports/calendar-repository.ts';
import { holidayDatesFromIcal, IcalendarError } from '../../importers/icalendar-holidays.ts';
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
  .max(900_000)
  .optional()
  .describe('An iCalendar file (text); the dates of its events are added to the holidays.');

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

/** The holiday dates of an uploaded iCalendar file. */
function icalendarDates(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  try {
    return holidayDatesFromIcal(text, ICALENDAR_YEARS);
  } catch (error) {
    if (!(error instanceof IcalendarError)) throw error;
    throw invalid('ICALENDAR_INVALID', `icalendar: ${error.message}`, {
      issues: [{ path: 'icalendar', code: 'ICALENDAR_INVALID', message: error.message }],
    });
  }
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
      const holidayDates = icalendarDates(icalendar);
      const calendar = await createCalendar(dependencies, principalOf(request), { ...input, holidayDates });
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
      const holidayDates = icalendarDates(icalendar);
      const target = { id: request.params.id, expectedRevision: ifMatchRevision(request) };
      const result = await updateCalendar(dependencies, principalOf(request), target, { ...changes, holidayDates });
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
