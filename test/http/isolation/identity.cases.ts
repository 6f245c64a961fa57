/** Isolation cases of sign-in state, users, API tokens and the audit log. */
import { createApiToken } from '../../../src/app/identity/manage-api-tokens.ts';
import { createUser } from '../../../src/app/identity/manage-users.ts';
import type { ApiFixture } from '../../support/api-fixture.ts';
import type { EndpointCase } from './endpoint-case.ts';
import { alphaSystem, betaSystem, unique } from './isolation-support.ts';

const userDependencies = (api: ApiFixture) => ({
  store: api.store,
  clock: api.clock,
  // Hashing is not under test here: a fast stand-in keeps the matrix quick.
  passwords: { hash: async (password: string) => `test:${password}`, verify: async () => false },
});

// One user per workspace and fixture (each database backend has its own fixture).
const users = new WeakMap<ApiFixture, { alpha: string; beta: string }>();
async function usersOf(api: ApiFixture): Promise<{ alpha: string; beta: string }> {
  let known = users.get(api);
  if (!known) {
    const create = async (system: ReturnType<typeof alphaSystem>, domain: string) =>
      (
        await createUser(userDependencies(api), system, {
          email: `${unique('agent')}@${domain}`,
          name: 'Agent',
          role: 'agent',
          password: 'correct horse battery',
        })
      ).id;
    known = {
      alpha: await create(alphaSystem(api), 'alpha.example'),
      beta: await create(betaSystem(api), 'beta.example'),
    };
    users.set(api, known);
  }
  return known;
}
const alphaUserId = async (api: ApiFixture) => (await usersOf(api)).alpha;

export const identityCases: EndpointCase[] = [
  {
    route: 'GET /api/v1/auth/session',
    permission: 'authenticated',
    target: 'own',
    prepare: async () => ({ method: 'GET', url: '/api/v1/auth/session' }),
  },
  {
    route: 'GET /api/v1/users',
    permission: 'workspace.manage',
    target: 'own',
    prepare: async (api) => {
      await usersOf(api);
      return { method: 'GET', url: '/api/v1/users?limit=500' };
    },
    forbiddenIds: (api, actor) => {
      const known = users.get(api)!;
      return actor === 'foreignAdmin' ? [known.alpha] : [known.beta];
    },
  },
  {
    route: 'POST /api/v1/users',
    permission: 'workspace.manage',
    target: 'own',
    prepare: async () => ({
      method: 'POST',
      url: '/api/v1/users',
      body: {
        email: `${unique('new')}@example.com`,
        name: 'New Person',
        role: 'viewer',
        password: 'a long enough password',
      },
    }),
  },
  {
    route: 'GET /api/v1/users/:id',
    permission: 'workspace.manage',
    target: 'alpha',
    prepare: async (api) => ({ method: 'GET', url: `/api/v1/users/${await alphaUserId(api)}` }),
  },
  {
    route: 'PATCH /api/v1/users/:id',
    permission: 'workspace.manage',
    target: 'alpha',
    prepare: async (api) => ({
      method: 'PATCH',
      url: `/api/v1/users/${await alphaUserId(api)}`,
      body: { name: unique('Renamed') },
    }),
  },
  {
    route: 'GET /api/v1/tokens',
    permission: 'workspace.manage',
    target: 'own',
    prepare: async () => ({ method: 'GET', url: '/api/v1/tokens?limit=500' }),
    forbiddenIds: (api, actor) =>
      actor === 'foreignAdmin' ? [api.principal('admin').tokenId!] : [api.principal('foreignAdmin').tokenId!],
  },
  {
    route: 'POST /api/v1/tokens',
    permission: 'workspace.manage',
    target: 'own',
    prepare: async () => ({ method: 'POST', url: '/api/v1/tokens', body: { name: unique('token'), role: 'viewer' } }),
  },
  {
    route: 'DELETE /api/v1/tokens/:id',
    permission: 'workspace.manage',
    target: 'alpha',
    prepare: async (api) => {
      const { record } = await createApiToken(
        { store: api.store, clock: api.clock, random: api.dependencies.random },
        alphaSystem(api),
        { name: unique('doomed'), role: 'viewer' },
      );
      return { method: 'DELETE', url: `/api/v1/tokens/${record.id}` };
    },
  },
  {
    route: 'GET /api/v1/audit',
    permission: 'audit.read',
    target: 'own',
    prepare: async () => ({ method: 'GET', url: '/api/v1/audit?limit=500' }),
    forbiddenIds: (api, actor) =>
      actor === 'foreignAdmin' || actor === 'foreignCustomer' ? [api.world.alpha.acme] : [api.world.beta.initech],
  },
  {
    route: 'GET /api/v1/audit/verify',
    permission: 'audit.read',
    target: 'own',
    prepare: async () => ({ method: 'GET', url: '/api/v1/audit/verify' }),
  },
];
