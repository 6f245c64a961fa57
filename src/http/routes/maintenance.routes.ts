/**
 * Maintenance windows: planned maintenance (announced ahead; the agreement's mode and notice decide how availability
 * counts it) and force-majeure exclusion windows. Both may pause the clocks of the tickets of the services they cover.
 */
import { z } from 'zod';
import {
  createMaintenanceWindow,
  deleteMaintenanceWindow,
  getMaintenanceWindow,
  listMaintenanceWindows,
  updateMaintenanceWindow,
} from '../../app/facts/manage-maintenance-windows.ts';
import { type MaintenanceWindowRecord, maintenanceKinds } from '../../app/ports/maintenance-window-repository.ts';
import { principalOf } from '../authentication.ts';
import type { HttpDependencies } from '../http-dependencies.ts';
import type { ZodApp } from '../zod-app.ts';
import { description, flagOf, flagQuery, instantOf, rangeQuery, serviceId } from './facts-route-schemas.ts';
import {
  idParams,
  instantInput,
  instantSchema,
  iso,
  listEnvelope,
  pageBody,
  pageOf,
  pageQuery,
  standardErrors,
} from './route-schemas.ts';

const kind = z.enum(maintenanceKinds);

const windowSchema = z.object({
  id: z.string(),
  customerId: z.string().nullable().describe('null: the window affects every customer.'),
  kind,
  services: z.array(z.string()).describe('Service ids covered; empty: every service.'),
  startsAt: instantSchema,
  endsAt: instantSchema,
  announcedAt: instantSchema,
  noticeHours: z.number().describe('Notice given: (startsAt - announcedAt) in hours; negative when announced late.'),
  pausesClocks: z.boolean(),
  description: z.string().nullable(),
  createdAt: instantSchema,
});

function presentWindow(window: MaintenanceWindowRecord): z.infer<typeof windowSchema> {
  return {
    id: window.id,
    customerId: window.customerId,
    kind: window.kind,
    services: [...window.services],
    startsAt: iso(window.startsAt),
    endsAt: iso(window.endsAt),
    announcedAt: iso(window.announcedAt),
    noticeHours: (window.startsAt - window.announcedAt) / 3_600_000,
    pausesClocks: window.pausesClocks,
    description: window.description,
    createdAt: iso(window.createdAt),
  };
}

const windowFields = {
  kind: kind.describe('Default planned_maintenance.'),
  services: z.array(serviceId).max(100).describe('Service ids covered; leave out or empty for every service.'),
  startsAt: instantInput,
  endsAt: instantInput,
  announcedAt: instantInput.describe('When the customer was told; default: now.'),
  pausesClocks: z.boolean().describe('Whether the window pauses ticket clocks of the covered services; default true.'),
  customerId: z.uuid().nullable().describe('Leave out or null when the window affects every customer.'),
  description: description.nullable(),
};

export function maintenanceRoutes(app: ZodApp, dependencies: HttpDependencies): void {
  const { store } = dependencies;
  app.get(
    '/api/v1/maintenance-windows',
    {
      schema: {
        tags: ['facts'],
        summary: 'List maintenance and force-majeure windows, by start',
        querystring: z.strictObject({
          ...pageQuery,
          ...rangeQuery,
          kind: kind.optional(),
          service: serviceId.optional().describe('Windows that list the service or cover every service.'),
          customerId: z.uuid().optional().describe("The customer's own windows and the workspace-wide ones."),
          workspaceWide: flagQuery,
          pausesClocks: flagQuery,
          sort: z.enum(['startsAt', '-startsAt']).default('startsAt'),
        }),
        response: { 200: listEnvelope(windowSchema), ...standardErrors },
      },
    },
    async (request) => {
      const { limit, offset, from, to, workspaceWide, pausesClocks, ...filter } = request.query;
      const page = await listMaintenanceWindows(store, principalOf(request), pageOf({ limit, offset }), {
        ...filter,
        from: instantOf(from),
        to: instantOf(to),
        workspaceWide: flagOf(workspaceWide),
        pausesClocks: flagOf(pausesClocks),
      });
      return pageBody(page, presentWindow);
    },
  );
  app.post(
    '/api/v1/maintenance-windows',
    {
      schema: {
        tags: ['facts'],
        summary: 'Record a maintenance or force-majeure window',
        body: z.strictObject({
          ...z.object(windowFields).partial().shape,
          startsAt: windowFields.startsAt,
          endsAt: windowFields.endsAt,
        }),
        response: { 201: windowSchema, ...standardErrors },
      },
    },
    async (request, reply) => {
      const { startsAt, endsAt, announcedAt, ...rest } = request.body;
      const window = await createMaintenanceWindow(dependencies, principalOf(request), {
        ...rest,
        startsAt: instantOf(startsAt),
        endsAt: instantOf(endsAt),
        announcedAt: instantOf(announcedAt),
      });
      return reply.status(201).send(presentWindow(window));
    },
  );
  app.get(
    '/api/v1/maintenance-windows/:id',
    {
      schema: {
        tags: ['facts'],
        summary: 'A maintenance or force-majeure window',
        params: idParams,
        response: { 200: windowSchema, ...standardErrors },
      },
    },
    async (request) => presentWindow(await getMaintenanceWindow(store, principalOf(request), request.params.id)),
  );
  app.patch(
    '/api/v1/maintenance-windows/:id',
    {
      schema: {
        tags: ['facts'],
        summary: 'Change a maintenance or force-majeure window',
        params: idParams,
        body: z.strictObject(z.object(windowFields).partial().shape),
        response: { 200: windowSchema, ...standardErrors },
      },
    },
    async (request) => {
      const { startsAt, endsAt, announcedAt, ...rest } = request.body;
      const window = await updateMaintenanceWindow(dependencies, principalOf(request), request.params.id, {
        ...rest,
        startsAt: instantOf(startsAt),
        endsAt: instantOf(endsAt),
        announcedAt: instantOf(announcedAt),
      });
      return presentWindow(window);
    },
  );
  app.delete(
    '/api/v1/maintenance-windows/:id',
    {
      schema: {
        tags: ['facts'],
        summary: 'Delete a maintenance or force-majeure window',
        params: idParams,
        response: { 204: z.null(), ...standardErrors },
      },
    },
    async (request, reply) => {
      await deleteMaintenanceWindow(dependencies, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
