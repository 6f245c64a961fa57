/** Outages: when a service was down, fully or partly (availability targets). Facts permission: providers only. */
import { z } from 'zod';
import { createOutage, deleteOutage, getOutage, listOutages, updateOutage } from '../../app/facts/manage-outages.ts';
import type { OutageRecord } from '../../app/ports/outage-repository.ts';
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
  textInput,
} from './route-schemas.ts';

const severity = z.enum(['full', 'partial']).describe('full: the service was down; partial: degraded (weighted).');

const outageSchema = z.object({
  id: z.string(),
  customerId: z.string().nullable().describe('null: the outage affects every customer using the service.'),
  service: z.string(),
  startsAt: instantSchema,
  endsAt: instantSchema.nullable().describe('null while the outage is ongoing.'),
  ongoing: z.boolean(),
  severity,
  source: z.string(),
  externalRef: z.string().nullable(),
  description: z.string().nullable(),
  createdAt: instantSchema,
});

function presentOutage(outage: OutageRecord): z.infer<typeof outageSchema> {
  return {
    id: outage.id,
    customerId: outage.customerId,
    service: outage.service,
    startsAt: iso(outage.startsAt),
    endsAt: iso(outage.endsAt),
    ongoing: outage.endsAt === null,
    severity: outage.severity,
    source: outage.source,
    externalRef: outage.externalRef,
    description: outage.description,
    createdAt: iso(outage.createdAt),
  };
}

const outageFields = {
  service: serviceId,
  startsAt: instantInput,
  endsAt: instantInput.nullable().describe('Leave out or null while the outage is ongoing.'),
  severity,
  customerId: z.uuid().nullable().describe('Leave out or null when the outage affects every customer.'),
  source: z
    .string()
    .min(1)
    .max(50)
    .regex(/^[a-z0-9_.-]+$/, { error: 'use lower-case letters, digits, "_", "-" or "."' }),
  externalRef: textInput.min(1).max(200).nullable(),
  description: description.nullable(),
};

export function outageRoutes(app: ZodApp, dependencies: HttpDependencies): void {
  const { store } = dependencies;
  app.get(
    '/api/v1/outages',
    {
      schema: {
        tags: ['facts'],
        summary: 'List outages, by start',
        querystring: z.strictObject({
          ...pageQuery,
          ...rangeQuery,
          service: serviceId.optional(),
          customerId: z.uuid().optional().describe("The customer's own outages and the workspace-wide ones."),
          workspaceWide: flagQuery.describe('true: only outages without a customer; false: only with one.'),
          severity: severity.optional(),
          source: textInput.max(50).optional(),
          ongoing: flagQuery,
          sort: z.enum(['startsAt', '-startsAt']).default('startsAt'),
        }),
        response: { 200: listEnvelope(outageSchema), ...standardErrors },
      },
    },
    async (request) => {
      const { limit, offset, from, to, workspaceWide, ongoing, ...filter } = request.query;
      const page = await listOutages(store, principalOf(request), pageOf({ limit, offset }), {
        ...filter,
        from: instantOf(from),
        to: instantOf(to),
        workspaceWide: flagOf(workspaceWide),
        ongoing: flagOf(ongoing),
      });
      return pageBody(page, presentOutage);
    },
  );
  app.post(
    '/api/v1/outages',
    {
      schema: {
        tags: ['facts'],
        summary: 'Record an outage',
        body: z.strictObject({
          ...outageFields,
          endsAt: outageFields.endsAt.optional(),
          customerId: outageFields.customerId.optional(),
          source: outageFields.source.optional(),
          externalRef: outageFields.externalRef.optional(),
          description: outageFields.description.optional(),
        }),
        response: { 201: outageSchema, ...standardErrors },
      },
    },
    async (request, reply) => {
      const { startsAt, endsAt, ...rest } = request.body;
      const outage = await createOutage(dependencies, principalOf(request), {
        ...rest,
        startsAt: instantOf(startsAt),
        endsAt: instantOf(endsAt),
      });
      return reply.status(201).send(presentOutage(outage));
    },
  );
  app.get(
    '/api/v1/outages/:id',
    {
      schema: {
        tags: ['facts'],
        summary: 'An outage',
        params: idParams,
        response: { 200: outageSchema, ...standardErrors },
      },
    },
    async (request) => presentOutage(await getOutage(store, principalOf(request), request.params.id)),
  );
  app.patch(
    '/api/v1/outages/:id',
    {
      schema: {
        tags: ['facts'],
        summary: 'Change an outage (e.g. end it: {"endsAt": "..."})',
        params: idParams,
        body: z.strictObject(z.object(outageFields).partial().shape),
        response: { 200: outageSchema, ...standardErrors },
      },
    },
    async (request) => {
      const { startsAt, endsAt, ...rest } = request.body;
      const outage = await updateOutage(dependencies, principalOf(request), request.params.id, {
        ...rest,
        startsAt: instantOf(startsAt),
        endsAt: instantOf(endsAt),
      });
      return presentOutage(outage);
    },
  );
  app.delete(
    '/api/v1/outages/:id',
    {
      schema: {
        tags: ['facts'],
        summary: 'Delete an outage',
        params: idParams,
        response: { 204: z.null(), ...standardErrors },
      },
    },
    async (request, reply) => {
      await deleteOutage(dependencies, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
