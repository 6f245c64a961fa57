/** Isolation cases of the workspace calendars and their business-time questions. */
import { createCalendar } from '../../../src/app/calendars/manage-calendars.ts';
import type { Actor, ApiFixture } from '../../support/api-fixture.ts';
import type { EndpointCase } from './endpoint-case.ts';
import { alphaSystem, betaSystem, unique } from './isolation-support.ts';

const officeHours = {
  timezone: 'Europe/Warsaw',
  weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:00', end: '16:00' }],
};

// One calendar per workspace and fixture (each database backend has its own fixture).
const calendars = new WeakMap<ApiFixture, Promise<{ alpha: string; beta: string }>>();
const known = new WeakMap<ApiFixture, { alpha: string; beta: string }>();
async function calendarsOf(api: ApiFixture): Promise<{ alpha: string; beta: string }> {
  let pending = calendars.get(api);
  if (!pending) {
    const create = async (system: ReturnType<typeof alphaSystem>) =>
      (
        await createCalendar(api.dependencies, system, {
          slug: unique('hours'),
          name: 'Office hours',
          definition: officeHours,
        })
      ).id;
    pending = (async () => ({ alpha: await create(alphaSystem(api)), beta: await create(betaSystem(api)) }))();
    calendars.set(api, pending);
  }
  const ids = await pending;
  known.set(api, ids);
  return ids;
}
const alphaCalendar = async (api: ApiFixture) => (await calendarsOf(api)).alpha;

function foreignCalendarIds(api: ApiFixture, actor: Actor): string[] {
  const ids = known.get(api)!;
  return actor === 'foreignAdmin' || actor === 'foreignCustomer' ? [ids.alpha] : [ids.beta];
}

export const calendarCases: EndpointCase[] = [
  {
    route: 'GET /api/v1/calendars',
    permission: 'calendars.read',
    target: 'own',
    prepare: async (api) => {
      await calendarsOf(api);
      return { method: 'GET', url: '/api/v1/calendars?limit=500' };
    },
    forbiddenIds: foreignCalendarIds,
  },
  {
    route: 'POST /api/v1/calendars',
    permission: 'calendars.write',
    target: 'own',
    prepare: async () => ({
      method: 'POST',
      url: '/api/v1/calendars',
      body: { slug: unique('cal'), name: 'New hours', definition: officeHours },
    }),
  },
  {
    route: 'GET /api/v1/calendars/:id',
    permission: 'calendars.read',
    target: 'alpha',
    prepare: async (api) => ({ method: 'GET', url: `/api/v1/calendars/${await alphaCalendar(api)}` }),
  },
  {
    route: 'PATCH /api/v1/calendars/:id',
    permission: 'calendars.write',
    target: 'alpha',
    prepare: async (api) => ({
      method: 'PATCH',
      url: `/api/v1/calendars/${await alphaCalendar(api)}`,
      body: { name: unique('Renamed hours') },
    }),
  },
  {
    route: 'DELETE /api/v1/calendars/:id',
    permission: 'calendars.write',
    target: 'alpha',
    prepare: async (api) => {
      const calendar = await createCalendar(api.dependencies, alphaSystem(api), {
        slug: unique('doomed'),
        name: 'Doomed',
        definition: '24x7',
      });
      return { method: 'DELETE', url: `/api/v1/calendars/${calendar.id}` };
    },
  },
  {
    route: 'GET /api/v1/calendars/:id/preview',
    permission: 'calendars.read',
    target: 'alpha',
    prepare: async (api) => ({ method: 'GET', url: `/api/v1/calendars/${await alphaCalendar(api)}/preview?days=3` }),
  },
  {
    route: 'GET /api/v1/calendars/:id/due',
    permission: 'calendars.read',
    target: 'alpha',
    prepare: async (api) => ({
      method: 'GET',
      url: `/api/v1/calendars/${await alphaCalendar(api)}/due?start=2026-10-05T07:00:00Z&minutes=480`,
    }),
  },
  {
    route: 'GET /api/v1/calendars/:id/elapsed',
    permission: 'calendars.read',
    target: 'alpha',
    prepare: async (api) => ({
      method: 'GET',
      url: `/api/v1/calendars/${await alphaCalendar(api)}/elapsed?from=2026-10-05T07:00:00Z&to=2026-10-06T07:00:00Z`,
    }),
  },
];
