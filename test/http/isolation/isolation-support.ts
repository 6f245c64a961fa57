/** Shared helpers for isolation cases: unique names, foreign ids per actor, targets created through use-cases. */
import { systemPrincipal } from '../../../src/app/access/principal.ts';
import { createCustomer } from '../../../src/app/customers/manage-customers.ts';
import type { Actor, ApiFixture } from '../../support/api-fixture.ts';

let counter = 0;
export function unique(prefix: string): string {
  counter++;
  return `${prefix}-${counter}-${Math.random().toString(36).slice(2, 7)}`;
}

/** Customer ids an actor must never see in a list. */
export function foreignCustomerIds(api: ApiFixture, actor: Actor): string[] {
  const { acme, globex } = api.world.alpha;
  const { initech } = api.world.beta;
  switch (actor) {
    case 'customer':
      return [globex, initech];
    case 'otherCustomer':
      return [acme, initech];
    case 'foreignAdmin':
    case 'foreignCustomer':
      return [acme, globex];
    default:
      return [initech];
  }
}

export const alphaSystem = (api: ApiFixture) => systemPrincipal(api.world.alpha.workspaceId, 'isolation setup');
export const betaSystem = (api: ApiFixture) => systemPrincipal(api.world.beta.workspaceId, 'isolation setup');

export async function freshAlphaCustomer(api: ApiFixture): Promise<string> {
  return (await createCustomer(api.dependencies, alphaSystem(api), { slug: unique('tmp'), name: 'Temporary' })).id;
}
