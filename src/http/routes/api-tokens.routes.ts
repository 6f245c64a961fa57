/** API tokens (administrators): created for a role, shown once, revocable. */
import { z } from 'zod';
import { roles } from '../../app/access/roles.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../../app/identity/manage-api-tokens.ts';
import type { ApiTokenRecord } from '../../app/ports/identity-repositories.ts';
import { principalOf } from '../authentication.ts';
import type { HttpDependencies } from '../http-dependencies.ts';
import type { ZodApp } from '../zod-app.ts';
import {
  idParams,
  instantSchema,
  iso,
  listEnvelope,
  pageBody,
  pageOf,
  pageQuery,
  standardErrors,
  textInput,
} from './route-schemas.ts';

const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().describe('The first characters of the token, to recognise it.'),
  role: z.enum(roles),
  customerId: z.string().nullable(),
  lastUsedAt: instantSchema.nullable(),
  revokedAt: instantSchema.nullable(),
  createdAt: instantSchema,
});

function presentToken(record: ApiTokenRecord): z.infer<typeof tokenSchema> {
  return {
    id: record.id,
    name: record.name,
    prefix: record.prefix,
    role: record.role,
    customerId: record.customerId,
    lastUsedAt: iso(record.lastUsedAt),
    revokedAt: iso(record.revokedAt),
    createdAt: iso(record.createdAt),
  };
}

export function apiTokenRoutes(app: ZodApp, dependencies: HttpDependencies): void {
  app.get(
    '/api/v1/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'List API tokens (never the secrets)',
        querystring: z.strictObject(pageQuery),
        response: { 200: listEnvelope(tokenSchema), ...standardErrors },
      },
    },
    async (request) =>
      pageBody(await listApiTokens(dependencies.store, principalOf(request), pageOf(request.query)), presentToken),
  );
  app.post(
    '/api/v1/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token; the token is in this response only',
        body: z.strictObject({
          name: textInput.min(1).max(100),
          role: z.enum(roles),
          customerId: z.uuid().nullable().optional(),
        }),
        response: { 201: tokenSchema.extend({ token: z.string() }), ...standardErrors },
      },
    },
    async (request, reply) => {
      const { token, record } = await createApiToken(dependencies, principalOf(request), request.body);
      return reply.status(201).send({ ...presentToken(record), token });
    },
  );
  app.delete(
    '/api/v1/tokens/:id',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Revoke an API token',
        params: idParams,
        response: { 200: tokenSchema, ...standardErrors },
      },
    },
    async (request) => presentToken(await revokeApiToken(dependencies, principalOf(request), request.params.id)),
  );
}
