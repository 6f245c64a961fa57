/** The workspace's services: everyone with services.read sees them; service owners change only their own. */
import { z } from 'zod';
import type { ServiceRecord } from '../../app/ports/service-repository.ts';
import {
  createService,
  deleteService,
  getService,
  listServices,
  updateService,
} from '../../app/services/manage-services.ts';
import { principalOf } from '../authentication.ts';
import type { HttpDependencies } from '../http-dependencies.ts';
import type { ZodApp } from '../zod-app.ts';
import {
  errorBody,
  idParams,
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

const serviceSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  ownerUserId: z.string().nullable(),
  createdAt: instantSchema,
});

const ownerInput = z.uuid({ error: 'must be a user id (UUID)' }).nullable().optional();

function presentService(service: ServiceRecord): z.infer<typeof serviceSchema> {
  return {
    id: service.id,
    slug: service.slug,
    name: service.name,
    ownerUserId: service.ownerUserId,
    createdAt: iso(service.createdAt),
  };
}

export function serviceRoutes(app: ZodApp, dependencies: HttpDependencies): void {
  const { store } = dependencies;
  app.get(
    '/api/v1/services',
    {
      schema: {
        tags: ['services'],
        summary: "List the workspace's services",
        querystring: z.strictObject({
          ...pageQuery,
          search: textInput.max(100).optional().describe('Part of the name or id.'),
          owner: z.uuid({ error: 'must be a user id (UUID)' }).optional().describe('Only services of this owner.'),
          sort: z.enum(['slug', '-slug', 'name', '-name', 'created', '-created']).default('slug'),
        }),
        response: { 200: listEnvelope(serviceSchema), ...standardErrors },
      },
    },
    async (request) => {
      const { search, owner, sort, ...page } = request.query;
      const filter = { search, ownerUserId: owner, sort };
      return pageBody(await listServices(store, principalOf(request), pageOf(page), filter), presentService);
    },
  );
  app.post(
    '/api/v1/services',
    {
      schema: {
        tags: ['services'],
        summary: 'Create a service (a service owner becomes its owner)',
        body: z.strictObject({ slug, name: textInput.min(1).max(200), ownerUserId: ownerInput }),
        response: { 201: serviceSchema, ...standardErrors, 409: errorBody },
      },
    },
    async (request, reply) =>
      reply.status(201).send(presentService(await createService(dependencies, principalOf(request), request.body))),
  );
  app.get(
    '/api/v1/services/:id',
    {
      schema: {
        tags: ['services'],
        summary: 'A service',
        params: idParams,
        response: { 200: serviceSchema, ...standardErrors },
      },
    },
    async (request) => presentService(await getService(store, principalOf(request), request.params.id)),
  );
  app.patch(
    '/api/v1/services/:id',
    {
      schema: {
        tags: ['services'],
        summary: 'Change a service (service owners: only their own)',
        params: idParams,
        body: z.strictObject({ name: textInput.min(1).max(200).optional(), ownerUserId: ownerInput }),
        response: { 200: serviceSchema, ...standardErrors },
      },
    },
    async (request) =>
      presentService(await updateService(dependencies, principalOf(request), request.params.id, request.body)),
  );
  app.delete(
    '/api/v1/services/:id',
    {
      schema: {
        tags: ['services'],
        summary: 'Delete a service (service owners: only their own)',
        params: idParams,
        response: { 204: z.null(), ...standardErrors },
      },
    },
    async (request, reply) => {
      await deleteService(dependencies, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
