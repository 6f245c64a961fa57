/** Users of the workspace (administrators). */
import { z } from 'zod';
import { roles } from '../../app/access/roles.ts';
import { createUser, getUser, listUsers, updateUser } from '../../app/identity/manage-users.ts';
import type { UserRecord } from '../../app/ports/identity-repositories.ts';
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
  standardErrors,
  textInput,
  timezoneInput,
} from './route-schemas.ts';

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(roles),
  customerId: z.string().nullable(),
  timezone: z.string().nullable(),
  disabled: z.boolean(),
  createdAt: instantSchema,
});

export function presentUser(user: UserRecord): z.infer<typeof userSchema> {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    customerId: user.customerId,
    timezone: user.timezone,
    disabled: user.disabledAt !== null,
    createdAt: iso(user.createdAt),
  };
}

const password = textInput.min(12, { error: 'must be at least 12 characters long' }).max(200);

export function userRoutes(app: ZodApp, dependencies: HttpDependencies): void {
  app.get(
    '/api/v1/users',
    {
      schema: {
        tags: ['users'],
        summary: 'List users',
        querystring: z.strictObject({ ...pageQuery, role: z.enum(roles).optional(), customerId: z.uuid().optional() }),
        response: { 200: listEnvelope(userSchema), ...standardErrors },
      },
    },
    async (request) => {
      const { role, customerId, ...page } = request.query;
      return pageBody(
        await listUsers(dependencies.store, principalOf(request), pageOf(page), {
          ...(role ? { role } : {}),
          ...(customerId ? { customerId } : {}),
        }),
        presentUser,
      );
    },
  );
  app.post(
    '/api/v1/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Create a user (customer representatives name their customer)',
        body: z.strictObject({
          email: z.email(),
          name: textInput.min(1).max(200),
          role: z.enum(roles),
          customerId: z.uuid().nullable().optional(),
          password,
          timezone: timezoneInput.nullable().optional(),
        }),
        response: { 201: userSchema, ...standardErrors, 409: errorBody },
      },
    },
    async (request, reply) =>
      reply.status(201).send(presentUser(await createUser(dependencies, principalOf(request), request.body))),
  );
  app.get(
    '/api/v1/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'A user',
        params: idParams,
        response: { 200: userSchema, ...standardErrors },
      },
    },
    async (request) => presentUser(await getUser(dependencies.store, principalOf(request), request.params.id)),
  );
  app.patch(
    '/api/v1/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Change a user: name, role, customer, time zone, password, or disable',
        params: idParams,
        body: z.strictObject({
          name: textInput.min(1).max(200).optional(),
          role: z.enum(roles).optional(),
          customerId: z.uuid().nullable().optional(),
          timezone: timezoneInput.nullable().optional(),
          disabled: z.boolean().optional(),
          password: password.optional(),
        }),
        response: { 200: userSchema, ...standardErrors, 409: errorBody },
      },
    },
    async (request) =>
      presentUser(await updateUser(dependencies, principalOf(request), request.params.id, request.body)),
  );
}
