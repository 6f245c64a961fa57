/** Isolation cases of agreements, their versions, approvals and life cycle. */
import { workspaceScope } from '../../../src/app/access/principal.ts';
import type { Actor, ApiFixture } from '../../support/api-fixture.ts';
import { type AgreementState, agreementDocument, agreementIn, amendedAgreement } from './agreement-support.ts';
import type { EndpointCase } from './endpoint-case.ts';
import { unique } from './isolation-support.ts';

interface AgreementWorld {
  /** acme, version 1 in review: visible to acme's representative. */
  readonly acme: { agreementId: string; versionId: string };
  /** acme, only a draft: hidden from acme's representative too. */
  readonly acmeDraft: string;
  readonly globex: string;
  readonly initech: string;
  readonly amended: { agreementId: string; firstVersionId: string; versionId: string };
}

// One set of agreements per fixture (each database backend has its own fixture).
const worlds = new WeakMap<ApiFixture, Promise<AgreementWorld>>();
function worldOf(api: ApiFixture): Promise<AgreementWorld> {
  let world = worlds.get(api);
  if (!world) {
    world = (async () => ({
      acme: await agreementIn(api, 'in_review'),
      acmeDraft: (await agreementIn(api, 'draft')).agreementId,
      globex: (await agreementIn(api, 'in_review', { customer: 'globex' })).agreementId,
      initech: (await agreementIn(api, 'in_review', { customer: 'initech' })).agreementId,
      amended: await amendedAgreement(api),
    }))();
    worlds.set(api, world);
  }
  return world;
}

const knownWorlds = new WeakMap<ApiFixture, AgreementWorld>();
async function preparedWorld(api: ApiFixture): Promise<AgreementWorld> {
  const world = await worldOf(api);
  knownWorlds.set(api, world);
  return world;
}

function foreignAgreementIds(api: ApiFixture, actor: Actor): string[] {
  const world = knownWorlds.get(api)!;
  switch (actor) {
    case 'customer':
      return [world.globex, world.initech, world.acmeDraft];
    case 'otherCustomer':
      return [world.acme.agreementId, world.acmeDraft, world.initech];
    case 'foreignAdmin':
    case 'foreignCustomer':
      return [world.acme.agreementId, world.acmeDraft, world.globex];
    default:
      return [world.initech];
  }
}

const versionUrl = (prepared: { agreementId: string; versionId: string }) =>
  `/api/v1/agreements/${prepared.agreementId}/versions/${prepared.versionId}`;

/** A fresh acme agreement in the state, for a call that changes it. */
function fresh(state: AgreementState, path: string, body?: (contentHash: string) => unknown) {
  return async (api: ApiFixture) => {
    const prepared = await agreementIn(api, state);
    return { method: 'POST', url: `${versionUrl(prepared)}/${path}`, body: body?.(prepared.contentHash) };
  };
}

export const agreementCases: EndpointCase[] = [
  {
    route: 'GET /api/v1/agreements',
    permission: 'agreements.read',
    target: 'own',
    prepare: async (api) => {
      await preparedWorld(api);
      return { method: 'GET', url: '/api/v1/agreements?limit=500' };
    },
    forbiddenIds: foreignAgreementIds,
  },
  {
    route: 'POST /api/v1/agreements',
    permission: 'agreements.write',
    target: 'own',
    prepare: async (_api, actor) => ({
      method: 'POST',
      url: '/api/v1/agreements',
      body: {
        format: 'yaml',
        document: agreementDocument(unique('new'), actor === 'foreignAdmin' ? 'initech' : 'acme'),
      },
    }),
  },
  {
    route: 'GET /api/v1/agreements/:id',
    permission: 'agreements.read',
    target: 'acme',
    prepare: async (api) => ({
      method: 'GET',
      url: `/api/v1/agreements/${(await preparedWorld(api)).acme.agreementId}`,
    }),
  },
  {
    route: 'POST /api/v1/agreements/:id/versions',
    permission: 'agreements.write',
    target: 'acme',
    prepare: async (api) => {
      const prepared = await agreementIn(api, 'approved');
      const agreement = await api.store.read.agreements.get(
        workspaceScope(api.world.alpha.workspaceId),
        prepared.agreementId,
      );
      return {
        method: 'POST',
        url: `/api/v1/agreements/${prepared.agreementId}/versions`,
        body: { format: 'yaml', document: agreementDocument(agreement!.slug, 'acme') },
      };
    },
  },
  {
    route: 'GET /api/v1/agreements/:id/versions/:versionId',
    permission: 'agreements.read',
    target: 'acme',
    prepare: async (api) => ({ method: 'GET', url: versionUrl((await preparedWorld(api)).acme) }),
  },
  {
    route: 'PUT /api/v1/agreements/:id/versions/:versionId',
    permission: 'agreements.write',
    target: 'acme',
    prepare: async (api) => {
      const prepared = await agreementIn(api, 'draft');
      const agreement = await api.store.read.agreements.get(
        workspaceScope(api.world.alpha.workspaceId),
        prepared.agreementId,
      );
      return {
        method: 'PUT',
        url: versionUrl(prepared),
        body: { format: 'yaml', document: agreementDocument(agreement!.slug, 'acme').replace('PT4H', 'PT6H') },
        headers: { 'if-match': '"1"' },
      };
    },
  },
  {
    route: 'GET /api/v1/agreements/:id/diff',
    permission: 'agreements.read',
    target: 'acme',
    prepare: async (api) => {
      const { amended } = await preparedWorld(api);
      return {
        method: 'GET',
        url: `/api/v1/agreements/${amended.agreementId}/diff?from=${amended.firstVersionId}&to=${amended.versionId}`,
      };
    },
  },
  {
    route: 'POST /api/v1/agreements/:id/versions/:versionId/submit',
    permission: 'agreements.write',
    target: 'acme',
    prepare: fresh('draft', 'submit'),
  },
  {
    route: 'POST /api/v1/agreements/:id/versions/:versionId/approvals/provider',
    permission: 'agreements.approve_provider',
    target: 'acme',
    signedIn: true,
    prepare: fresh('in_review', 'approvals/provider', (contentHash) => ({ contentHash })),
  },
  {
    route: 'POST /api/v1/agreements/:id/versions/:versionId/approvals/customer',
    permission: 'agreements.approve_customer',
    target: 'acme',
    signedIn: true,
    customerPrincipalsOnly: true,
    prepare: fresh('in_review', 'approvals/customer', (contentHash) => ({ contentHash })),
  },
  {
    route: 'POST /api/v1/agreements/:id/versions/:versionId/rejections/provider',
    permission: 'agreements.approve_provider',
    target: 'acme',
    prepare: fresh('in_review', 'rejections/provider', () => ({ reason: 'the P1 target is too tight' })),
  },
  {
    route: 'POST /api/v1/agreements/:id/versions/:versionId/rejections/customer',
    permission: 'agreements.approve_customer',
    target: 'acme',
    customerPrincipalsOnly: true,
    prepare: fresh('in_review', 'rejections/customer', () => ({ reason: 'we need a 4-hour P1 resolution' })),
  },
  {
    route: 'POST /api/v1/agreements/:id/versions/:versionId/activate',
    permission: 'agreements.activate',
    target: 'acme',
    prepare: fresh('approved', 'activate'),
  },
  {
    route: 'POST /api/v1/agreements/:id/versions/:versionId/terminate',
    permission: 'agreements.activate',
    target: 'acme',
    prepare: fresh('active', 'terminate', () => ({ reason: 'terminated for cause after three missed periods' })),
  },
  {
    route: 'POST /api/v1/agreements/:id/versions/:versionId/expire',
    permission: 'agreements.activate',
    target: 'acme',
    prepare: async (api) => {
      // Activated during its term (2025), expired now (the fixture's clock is in October 2026).
      const now = api.clock.current;
      api.clock.current = Date.parse('2025-06-02T10:00:00Z');
      try {
        const prepared = await agreementIn(api, 'active', { term: { start: '2025-01-01', end: '2025-12-31' } });
        return { method: 'POST', url: `${versionUrl(prepared)}/expire` };
      } finally {
        api.clock.current = now;
      }
    },
  },
];
