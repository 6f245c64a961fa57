import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockPolicyOfVersion } from '../../src/app/agreements/clock-policy-of-version.ts';
import { BUSINESS_TIME_HORIZON_YEARS } from '../../src/app/calendars/calendar-business-time.ts';
import { MAX_CALENDAR_HOLIDAY_DATES } from '../../src/core/time/calendar-definition.ts';
import { addBusinessMinutes, formatInstant, parseInstant } from '../../src/core/time/index.ts';
import { MAX_ICALENDAR_CHARACTERS, MAX_ICALENDAR_EVENTS } from '../../src/importers/icalendar-holidays.ts';
import { ICALENDAR_DEADLINE_MS } from '../../src/importers/icalendar-holidays-worker.ts';
import { type ApiFixture, createApiFixture } from '../support/api-fixture.ts';
import {
  eventOf,
  eventOverEightMillennia,
  hundredDailyEvents,
  icalendarOf,
  neverEndingRule,
} from '../support/hostile-icalendar.ts';
import { testBackends } from '../support/test-database.ts';

const closures = readFileSync(new URL('../../examples/calendars/company-closures.ics', import.meta.url), 'utf8');
const erpYaml = readFileSync(new URL('../../examples/agreements/erp-support.yaml', import.meta.url), 'utf8');

const officeHours = {
  timezone: 'Europe/Warsaw',
  weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:00', end: '16:00' }],
  holidays: { region: 'PL' },
};

describe.each(testBackends)('calendars API ($name)', (backend) => {
  let api: ApiFixture;
  let calendarId: string;
  beforeAll(async () => {
    api = await createApiFixture(backend);
  });
  afterAll(() => api?.close());

  it('creates a calendar with holidays from an uploaded iCalendar file, reads, lists, changes and deletes it', async () => {
    const created = await api.request('manager', 'POST', '/api/v1/calendars', {
      slug: 'warsaw-office',
      name: 'Warsaw office hours',
      definition: officeHours,
      icalendar: closures,
    });
    expect(created).toMatchObject({ status: 201, body: { slug: 'warsaw-office', revision: 1 } });
    expect(created.headers.etag).toBe('"1"');
    calendarId = created.body.id;
    const { holidays } = created.body.definition;
    expect(holidays.region).toBe('PL');
    expect(holidays.dates).toEqual(
      expect.arrayContaining(['2026-08-10', '2026-08-11', '2026-08-12', '2026-08-13', '2026-08-14', '2026-06-02']),
    );
    expect(holidays.dates).not.toContain('2026-08-15');

    const read = await api.request('customer', 'GET', `/api/v1/calendars/${calendarId}`);
    expect(read).toMatchObject({ status: 200, body: { name: 'Warsaw office hours' } });
    expect(read.headers.etag).toBe('"1"');
    const list = await api.request('agent', 'GET', '/api/v1/calendars?search=WARSAW');
    expect(list.body).toMatchObject({ data: [{ id: calendarId }], page: { total: 1, limit: 50, offset: 0 } });
    expect((await api.request('foreignAdmin', 'GET', `/api/v1/calendars/${calendarId}`)).status).toBe(404);

    // A new name moves no deadline: nothing is rebuilt.
    const renamed = await api.request(
      'manager',
      'PATCH',
      `/api/v1/calendars/${calendarId}`,
      { name: 'Warsaw office' },
      { 'if-match': '"1"' },
    );
    expect(renamed).toMatchObject({ status: 200, body: { name: 'Warsaw office', revision: 2, clockRebuild: null } });
    const stale = await api.request(
      'manager',
      'PATCH',
      `/api/v1/calendars/${calendarId}`,
      { name: 'X' },
      { 'if-match': '"1"' },
    );
    expect(stale).toMatchObject({ status: 412, body: { error: { code: 'PRECONDITION_FAILED' } } });

    const audit = await api.request('admin', 'GET', `/api/v1/audit?entityId=${calendarId}`);
    expect(audit.body.data.map((entry: { action: string }) => entry.action)).toEqual([
      'calendar.updated',
      'calendar.created',
    ]);

    const doomed = await api.request('manager', 'POST', '/api/v1/calendars', {
      slug: 'doomed',
      name: 'D',
      definition: '24x7',
    });
    expect((await api.request('manager', 'DELETE', `/api/v1/calendars/${doomed.body.id}`)).status).toBe(204);
    expect((await api.request('manager', 'GET', `/api/v1/calendars/${doomed.body.id}`)).status).toBe(404);
  });

  it("previews the open hours in the calendar's zone and answers when something is due and how long it took", async () => {
    const today = await api.request('viewer', 'GET', `/api/v1/calendars/${calendarId}/preview?days=1`);
    expect(today.body).toMatchObject({
      timezone: 'Europe/Warsaw',
      from: '2026-10-05T00:00:00+02:00',
      to: '2026-10-06T00:00:00+02:00',
      intervals: [{ start: '2026-10-05T08:00:00+02:00', end: '2026-10-05T16:00:00+02:00', minutes: 480 }],
      openMinutes: 480,
    });
    // The summer closure (from the iCalendar file) covers 10-14 August.
    const closure = await api.request(
      'viewer',
      'GET',
      `/api/v1/calendars/${calendarId}/preview?days=11&from=2026-08-07`,
    );
    expect(closure.body.intervals).toEqual([
      { start: '2026-08-07T08:00:00+02:00', end: '2026-08-07T16:00:00+02:00', minutes: 480 },
      { start: '2026-08-17T08:00:00+02:00', end: '2026-08-17T16:00:00+02:00', minutes: 480 },
    ]);

    const due = await api.request(
      'customer',
      'GET',
      `/api/v1/calendars/${calendarId}/due?start=${encodeURIComponent('2026-08-07T15:00:00+02:00')}&minutes=120`,
    );
    expect(due.body).toMatchObject({
      start: '2026-08-07T15:00:00+02:00',
      minutes: 120,
      due: '2026-08-17T09:00:00+02:00',
    });
    const elapsed = await api.request(
      'customer',
      'GET',
      `/api/v1/calendars/${calendarId}/elapsed?from=2026-08-06T22:00:00Z&to=2026-08-17T22:00:00Z`,
    );
    expect(elapsed.body).toMatchObject({
      from: '2026-08-07T00:00:00+02:00',
      to: '2026-08-18T00:00:00+02:00',
      minutes: 960,
    });
  });

  it('lets an agreement refer to a workspace calendar, resolves it for lint and clocks, and rebuilds after an edit', async () => {
    await api.request('manager', 'POST', '/api/v1/customers', { slug: 'stalmet', name: 'Stalmet S.A.' });
    const referring = (slug: string) =>
      erpYaml
        .replace(
          '    business:\n      timezone: Europe/Warsaw\n      weekly: [{ days: [mon, tue, wed, thu, fri], start: "08:00", end: "17:00" }]\n      holidays: { region: PL, dates: ["2026-12-24", "2027-12-24"] }\n',
          `    business: { use: ${slug} }\n`,
        )
        .replace('renewal: auto, noticeDays: 90 }', 'renewal: auto, noticeDays: 90, timezone: Europe/Warsaw }');
    const unknown = await api.request('manager', 'POST', '/api/v1/agreements', {
      format: 'yaml',
      document: referring('nowhere'),
    });
    expect(unknown).toMatchObject({ status: 400, body: { error: { code: 'AGREEMENT_INVALID' } } });
    const lineOfReference = referring('nowhere').split('\n').indexOf('    business: { use: nowhere }') + 1;
    expect(unknown.body.error.details.issues).toEqual([
      expect.objectContaining({
        path: 'spec.calendars.business.use',
        code: 'AGREEMENT_UNKNOWN_REFERENCE',
        line: lineOfReference,
        column: 22,
      }),
    ]);

    const created = await api.request('manager', 'POST', '/api/v1/agreements', {
      format: 'yaml',
      document: referring('warsaw-office'),
    });
    expect(created.status).toBe(201);
    expect(created.body.version.content.spec.calendars.business).toEqual({ use: 'warsaw-office' });
    expect(created.body.version.lint.filter((finding: { severity: string }) => finding.severity === 'error')).toEqual(
      [],
    );
    const inUse = await api.request('manager', 'DELETE', `/api/v1/calendars/${calendarId}`);
    expect(inUse).toMatchObject({ status: 409, body: { error: { code: 'CALENDAR_IN_USE' } } });

    // The clock policy resolves the reference, and is cached until the calendar changes.
    const version = (await api.store.read.agreements.getVersion(api.world.alpha.workspaceId, created.body.version.id))!;
    const policy = await clockPolicyOfVersion(version, api.store.read);
    expect(await clockPolicyOfVersion(version, api.store.read)).toBe(policy);
    const p3 = policy.targets.find((target) => target.id === 'p3-response')!;
    // Office hours 08:00-16:00: an hour from Monday 15:30 ends on Tuesday at 08:30.
    const monday = parseInstant('2026-10-05T15:30:00+02:00');
    expect(formatInstant(addBusinessMinutes(p3.calendar, monday, 60)!, 'Europe/Warsaw')).toBe(
      '2026-10-06T08:30:00+02:00',
    );

    // New hours: the open tickets of agreements that use the calendar are rebuilt (this draft governs none yet; the
    // due instants moving is tested through the production composition in test/main/rebuild-in-production.test.ts).
    const changed = await api.request('manager', 'PATCH', `/api/v1/calendars/${calendarId}`, {
      definition: {
        ...officeHours,
        weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' }],
      },
    });
    expect(changed).toMatchObject({
      status: 200,
      body: { revision: 3, clockRebuild: { status: 'done', tickets: 0, clocks: 0 } },
    });
    const newPolicy = await clockPolicyOfVersion(version, api.store.read);
    expect(newPolicy).not.toBe(policy);
    const newP3 = newPolicy.targets.find((target) => target.id === 'p3-response')!;
    // Now 09:00-17:00: the same hour ends on Monday at 16:30.
    expect(formatInstant(addBusinessMinutes(newP3.calendar, monday, 60)!, 'Europe/Warsaw')).toBe(
      '2026-10-05T16:30:00+02:00',
    );
  });

  it('refuses bad input of every kind with a 4xx and the error body', async () => {
    const post = (body: unknown, headers?: Record<string, string>) =>
      api.request('manager', 'POST', '/api/v1/calendars', body, headers);
    const badZone = await post({
      slug: 'mars',
      name: 'Mars',
      definition: {
        timezone: 'Mars/Olympus',
        weekly: [
          { days: ['mon'], start: '08:00', end: '12:00' },
          { day: 'mon', start: '11:00', end: '13:00' },
        ],
      },
    });
    expect(badZone).toMatchObject({ status: 400, body: { error: { code: 'CALENDAR_UNKNOWN_TIMEZONE' } } });
    expect(badZone.body.error.details.issues).toEqual([
      expect.objectContaining({ path: 'definition.timezone', code: 'CALENDAR_UNKNOWN_TIMEZONE' }),
      expect.objectContaining({ path: 'definition.weekly.1', code: 'CALENDAR_OVERLAPPING_INTERVALS' }),
    ]);
    const shape = await post({ slug: 'shape', name: 'S', definition: { timezone: 'UTC', weekly: '24x7', hours: 3 } });
    expect(shape.body.error.details.issues).toEqual([
      expect.objectContaining({ path: 'definition.hours', code: 'CALENDAR_INVALID' }),
    ]);
    const never = await post({ slug: 'never', name: 'N', definition: { timezone: 'UTC', weekly: [] } });
    expect(never).toMatchObject({ status: 400, body: { error: { code: 'CALENDAR_HAS_NO_WORKING_TIME' } } });
    const badIcal = await post({
      slug: 'ical',
      name: 'I',
      definition: officeHours,
      icalendar: 'BEGIN:VCALENDAR\nnonsense',
    });
    expect(badIcal).toMatchObject({ status: 400, body: { error: { code: 'ICALENDAR_INVALID' } } });
    const icalOn24x7 = await post({ slug: 'always', name: 'A', definition: '24x7', icalendar: closures });
    expect(icalOn24x7).toMatchObject({ status: 400, body: { error: { code: 'CALENDAR_INVALID' } } });
    const notACalendar = await post({ slug: 'num', name: 'N', definition: 42 });
    expect(notACalendar).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    const missing = await post({ slug: 'missing', name: 'M' });
    expect(missing).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    const unknownField = await post({ slug: 'extra', name: 'E', definition: '24x7', colour: 'red' });
    expect(unknownField).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    const badSlug = await post({ slug: 'Warsaw Office', name: 'W', definition: '24x7' });
    expect(badSlug).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    const duplicate = await post({ slug: 'warsaw-office', name: 'Again', definition: '24x7' });
    expect(duplicate).toMatchObject({ status: 409, body: { error: { code: 'CALENDAR_EXISTS' } } });
    const malformed = await post('{"slug": ', { 'content-type': 'application/json' });
    expect(malformed).toMatchObject({ status: 400, body: { error: { code: 'MALFORMED_JSON' } } });

    expect((await api.request('manager', 'GET', '/api/v1/calendars/12')).status).toBe(400);
    const unknownId = await api.request('manager', 'GET', '/api/v1/calendars/00000000-0000-4000-8000-000000000000');
    expect(unknownId).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    const url = `/api/v1/calendars/${calendarId}`;
    const badPatch = await api.request('manager', 'PATCH', url, { definition: { timezone: 'UTC', weekly: '9to5' } });
    expect(badPatch).toMatchObject({ status: 400, body: { error: { code: 'CALENDAR_INVALID' } } });
    expect((await api.request('manager', 'PATCH', url, { slug: 'renamed' })).status).toBe(400);
    for (const query of [
      'preview?days=0',
      'preview?days=400',
      'preview?from=05.10.2026',
      'due?start=2026-10-05T09:00&minutes=60',
      'due?start=2026-10-05T09:00:00Z&minutes=-1',
      'due?start=2026-10-05T09:00:00Z',
      'elapsed?from=yesterday&to=2026-10-05T09:00:00Z',
      'elapsed?from=2026-10-05T09:00:00Z&to=2026-10-05T10:00:00Z&extra=1',
    ]) {
      const response = await api.request('viewer', 'GET', `${url}/${query}`);
      expect({ query, status: response.status, code: response.body.error?.code }).toEqual({
        query,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
    const outOfRange = await api.request('viewer', 'GET', `${url}/due?start=0001-01-01T00:00:00Z&minutes=1`);
    // Refused by the shared instant schema (decision 0035) before the clock engine sees it.
    expect(outOfRange).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    expect(outOfRange.body.error.message).toMatch(/between the years 1900 and 9999/);
  });

  describe('hostile calendars and iCalendar files (issue 19, finding 1)', () => {
    const sparse = { timezone: 'Europe/Warsaw', weekly: [{ day: 'mon', start: '08:00', end: '08:01' }] };

    it('checks calendars.write before the iCalendar file is read', async () => {
      // Before the fix the route expanded this file (100 events x 5000 occurrences) before it asked who was sending
      // it: 16 s of a blocked server for a customer representative's 403. Now the answer comes before any reading;
      // a file that never finishes (ical.js loops on this rule) proves it: read, it would end in ICALENDAR_TOO_COMPLEX.
      for (const icalendar of [hundredDailyEvents, neverEndingRule, 'x'.repeat(MAX_ICALENDAR_CHARACTERS + 1)]) {
        const started = performance.now();
        const refused = await api.request('customer', 'POST', '/api/v1/calendars', {
          slug: 'hostile',
          name: 'H',
          definition: officeHours,
          icalendar,
        });
        expect(refused).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
        const patched = await api.request('customer', 'PATCH', `/api/v1/calendars/${calendarId}`, { icalendar });
        expect(patched.status).toBe(403);
        // Reading would take ICALENDAR_DEADLINE_MS at least; the refusal does not wait for any of it.
        expect(performance.now() - started).toBeLessThan(ICALENDAR_DEADLINE_MS);
      }
    });

    it('refuses each bound of an iCalendar file and of a definition with a 400 naming it', async () => {
      const post = (slug: string, body: Record<string, unknown>) =>
        api.request('manager', 'POST', '/api/v1/calendars', { slug, name: slug, definition: officeHours, ...body });
      const tinyEvents = icalendarOf(
        Array.from({ length: MAX_ICALENDAR_EVENTS + 1 }, (_, index) =>
          eventOf(`e${index}`, 'DTSTART;VALUE=DATE:20260101'),
        ),
      );
      const cases: [string, string, string][] = [
        ['large', 'x'.repeat(MAX_ICALENDAR_CHARACTERS + 1), 'ICALENDAR_TOO_LARGE'],
        ['events', tinyEvents, 'ICALENDAR_TOO_MANY_EVENTS'],
        ['occurrences', hundredDailyEvents, 'ICALENDAR_TOO_MANY_OCCURRENCES'],
        ['forever', eventOverEightMillennia, 'ICALENDAR_EVENT_TOO_LONG'],
      ];
      for (const [slug, icalendar, code] of cases) {
        const refused = await post(slug, { icalendar });
        expect({ slug, status: refused.status, code: refused.body.error?.code }).toEqual({ slug, status: 400, code });
        expect(refused.body.error.details.issues).toEqual([expect.objectContaining({ path: 'icalendar', code })]);
      }
      const manyDates = Array.from({ length: MAX_CALENDAR_HOLIDAY_DATES + 1 }, (_, day) =>
        new Date(Date.UTC(2000, 0, 1 + day)).toISOString().slice(0, 10),
      );
      const tooManyHolidays = await post('dates', { definition: { ...officeHours, holidays: manyDates } });
      expect(tooManyHolidays).toMatchObject({ status: 400, body: { error: { code: 'CALENDAR_TOO_MANY_HOLIDAYS' } } });
      const tooManyOverrides = await post('overrides', {
        definition: {
          ...officeHours,
          overrides: manyDates.map((date) => ({ date, intervals: [{ start: '09:00', end: '10:00' }] })),
        },
      });
      expect(tooManyOverrides).toMatchObject({ status: 400, body: { error: { code: 'CALENDAR_TOO_MANY_OVERRIDES' } } });
      // The dates a file adds count toward the calendar's own bound.
      const almostFull = await post('almost-full', {
        definition: { ...officeHours, holidays: manyDates.slice(0, MAX_CALENDAR_HOLIDAY_DATES) },
        icalendar: closures,
      });
      expect(almostFull).toMatchObject({ status: 400, body: { error: { code: 'CALENDAR_TOO_MANY_HOLIDAYS' } } });
      const listed = await api.request('manager', 'GET', '/api/v1/calendars?limit=200');
      expect(listed.body.data.map((calendar: { slug: string }) => calendar.slug)).not.toContain('forever');
    });

    it('answers business-time questions over extreme spans within a horizon: +1,000,000 minutes, 1900 to 9999', async () => {
      const created = await api.request('manager', 'POST', '/api/v1/calendars', {
        slug: 'one-minute-a-week',
        name: 'Open one minute a week',
        definition: sparse,
      });
      expect(created.status).toBe(201);
      const sparseUrl = `/api/v1/calendars/${created.body.id}`;
      // 52 business minutes a year: 1,000,000 minutes lie 19,000 years ahead (34 s of a blocked server before).
      const farAway = await api.request('viewer', 'GET', `${sparseUrl}/due?start=2026-10-05T00:00:00Z&minutes=1000000`);
      expect(farAway).toMatchObject({ status: 400, body: { error: { code: 'CALENDAR_DUE_BEYOND_HORIZON' } } });
      expect(farAway.body.error.message).toContain(`${BUSINESS_TIME_HORIZON_YEARS} years`);
      // Within the horizon the answer is exact: 52 minutes is a year of Mondays.
      const century = await api.request('viewer', 'GET', `${sparseUrl}/due?start=2026-10-05T00:00:00Z&minutes=52`);
      expect(century).toMatchObject({ status: 200, body: { due: '2027-09-27T08:01:00+02:00' } });
      // Office hours: 1,000,000 minutes are about eight years, answered.
      const officeDue = await api.request(
        'viewer',
        'GET',
        `/api/v1/calendars/${calendarId}/due?start=2026-10-05T00:00:00Z&minutes=1000000`,
      );
      expect(officeDue.status).toBe(200);
      expect(officeDue.body.due.slice(0, 4)).toBe('2035');

      // 1900 to 9999 took 4.2 s; now it is refused before anything is compiled.
      for (const url of [sparseUrl, `/api/v1/calendars/${calendarId}`]) {
        const millennia = await api.request(
          'viewer',
          'GET',
          `${url}/elapsed?from=1900-01-01T00:00:00Z&to=9999-12-31T00:00:00Z`,
        );
        expect(millennia).toMatchObject({ status: 400, body: { error: { code: 'CALENDAR_SPAN_TOO_LONG' } } });
      }
      const hundredYears = await api.request(
        'viewer',
        'GET',
        `${sparseUrl}/elapsed?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z`,
      );
      expect(hundredYears).toMatchObject({ status: 200 });
      expect(hundredYears.body.minutes).toBeGreaterThan(5_000);
    });
  });
});
