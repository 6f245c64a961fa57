/** Isolation cases of the workspace services (service owners change only their own: the owner's user owns them). */
import { createService } from '../../../src/app/services/manage-services.ts';
import type { Actor, ApiFixture } from '../../support/api-fixture.ts';
import type { EndpointCase } from './endpoint-case.ts';
import { alphaSystem, betaSystem, unique } from './isolation-support.ts';

const services = new WeakMap<ApiFixture, Promise<{ alpha: string; beta: string }>>();
const known = new WeakMap<ApiFixture, { alpha: string; beta: string }>();
async function servicesOf(api: ApiFixture): Promise<{ alpha: string; beta: string }> {
  let pending = services.get(api);
  if (!pending) {
    const create = async (system: ReturnType<typeof alphaSystem>) =>
      (await createService(api.dependencies, system, { slug: unique('svc'), name: 'ERP' })).id;
    pending = (async () => ({ alpha: await create(alphaSystem(api)), beta: await create(betaSystem(api)) }))();
    services.set(api, pending);
  }
  const ids = await pending;
  known.set(api, ids);
  return ids;
}

function foreignServiceIds(api: ApiFixture, actor: Actor): string[] {
  const ids = known.get(api)!;
  return actor === 'foreignAdmin' || actor === 'foreignCustomer' ? [ids.alpha] : [ids.beta];
}

/** A fresh alpha service, owned by the owner's signed-in user (so the owner may change it). */
async function ownedService(api: ApiFixture): Promise<string> {
  const owner = await api.userOf('owner');
  return (
    await createService(api.dependencies, alphaSystem(api), {
      slug: unique('svc'),
      name: 'Owned service',
      ownerUserId: owner.user.id,
    })
  ).id;
}

export const serviceCases: EndpointCase[] = [
  {
    route: 'GET /api/v1/services',
    permission: 'services.read',
    target: 'own',
    prepare: async (api) => {
      await servicesOf(api);
      return { method: 'GET', url: '/api/v1/services?limit=500' };
    },
    forbiddenIds: foreignServiceIds,
  },
  {
    route: 'POST /api/v1/services',
    permission: 'services.write',
    target: 'own',
    prepare: async () => ({ method: 'POST', url: '/api/v1/services', body: { slug: unique('svc'), name: 'New' } }),
  },
  {
    route: 'GET /api/v1/services/:id',
    permission: 'services.read',
    target: 'alpha',
    prepare: async (api) => ({ method: 'GET', url: `/api/v1/services/${(await servicesOf(api)).alpha}` }),
  },
  {
    route: 'PATCH /api/v1/services/:id',
    permission: 'services.write',
    target: 'alpha',
    signedIn: true,
    prepare: async (api) => ({
      method: 'PATCH',
      url: `/api/v1/services/${await ownedService(api)}`,
      body: { name: unique('Renamed') },
    }),
  },
  {
    route: 'DELETE /api/v1/services/:id',
    permission: 'services.write',
    target: 'alpha',
    signedIn: true,
    prepare: async (api) => ({ method: 'DELETE', url: `/api/v1/services/${await ownedService(api)}` }),
  },
];
