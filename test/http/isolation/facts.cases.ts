/** Isolation cases of the facts: outages, maintenance windows, deliveries and KPI values. */
import { createDelivery } from '../../../src/app/facts/manage-deliveries.ts';
import { upsertKpiValue } from '../../../src/app/facts/manage-kpi-values.ts';
import { createMaintenanceWindow } from '../../../src/app/facts/manage-maintenance-windows.ts';
import { createOutage } from '../../../src/app/facts/manage-outages.ts';
import type { Actor, ApiFixture } from '../../support/api-fixture.ts';
import { insertAgreement } from '../facts/facts-support.ts';
import type { EndpointCase } from './endpoint-case.ts';
import { alphaSystem, betaSystem, unique } from './isolation-support.ts';

const facts = (api: ApiFixture) => ({ store: api.store, clock: api.clock });

/** One fact of each kind in each workspace (per fixture), for the lists' forbidden ids. */
interface KnownFacts {
  readonly outage: { alpha: string; beta: string };
  readonly window: { alpha: string; beta: string };
  readonly delivery: { alpha: string; beta: string };
  readonly kpiValue: { alpha: string; beta: string };
  readonly agreement: { acme: string; initech: string };
}
const known = new WeakMap<ApiFixture, KnownFacts>();

async function knownFacts(api: ApiFixture): Promise<KnownFacts> {
  let found = known.get(api);
  if (found) return found;
  const { alpha, beta } = api.world;
  const acmeAgreement = await insertAgreement(api, alpha.workspaceId, alpha.acme);
  const initechAgreement = await insertAgreement(api, beta.workspaceId, beta.initech);
  const bothWorkspaces = async (
    make: (system: ReturnType<typeof alphaSystem>, customerId: string, agreementId: string) => Promise<string>,
  ) => ({
    alpha: await make(alphaSystem(api), alpha.acme, acmeAgreement),
    beta: await make(betaSystem(api), beta.initech, initechAgreement),
  });
  found = {
    agreement: { acme: acmeAgreement, initech: initechAgreement },
    outage: await bothWorkspaces(async (system, customerId) => (await newOutage(api, system, customerId)).id),
    window: await bothWorkspaces(async (system, customerId) => (await newWindow(api, system, customerId)).id),
    delivery: await bothWorkspaces(async (system, customerId) => (await newDelivery(api, system, customerId)).id),
    kpiValue: await bothWorkspaces(
      async (system, _customerId, agreementId) => (await newKpiValue(api, system, agreementId)).id,
    ),
  };
  known.set(api, found);
  return found;
}

type System = ReturnType<typeof alphaSystem>;

const newOutage = (api: ApiFixture, system: System, customerId: string | null) =>
  createOutage(facts(api), system, {
    service: 'database',
    startsAt: api.clock.now() - 3_600_000,
    endsAt: api.clock.now() - 1_800_000,
    severity: 'full',
    customerId,
  });

const newWindow = (api: ApiFixture, system: System, customerId: string | null) =>
  createMaintenanceWindow(facts(api), system, {
    services: ['database'],
    startsAt: api.clock.now() + 86_400_000,
    endsAt: api.clock.now() + 90_000_000,
    customerId,
  });

const newDelivery = (api: ApiFixture, system: System, customerId: string) =>
  createDelivery(facts(api), system, {
    customerId,
    orderId: unique('order'),
    lineId: '1',
    orderedQuantity: 10,
    promisedAt: api.clock.now() - 86_400_000,
  });

// Each value gets a period of its own (a year label), so a destructive case never removes another case's value.
let periods = 0;
const nextYearLabel = () => String(2000 + ++periods);

const newKpiValue = async (api: ApiFixture, system: System, agreementId: string) =>
  (
    await upsertKpiValue(facts(api), system, {
      agreementId,
      targetId: 'damage-rate',
      period: nextYearLabel(),
      value: 3,
    })
  ).record;

/** Ids of one kind an actor must not find in a list of its workspace. */
function foreign(kind: 'outage' | 'window' | 'delivery' | 'kpiValue') {
  return (api: ApiFixture, actor: Actor): string[] => {
    const ids = known.get(api)![kind];
    return actor === 'foreignAdmin' || actor === 'foreignCustomer' ? [ids.alpha] : [ids.beta];
  };
}

const acmeOutage = async (api: ApiFixture) => (await newOutage(api, alphaSystem(api), api.world.alpha.acme)).id;
const acmeWindow = async (api: ApiFixture) => (await newWindow(api, alphaSystem(api), api.world.alpha.acme)).id;
const acmeDelivery = async (api: ApiFixture) => (await newDelivery(api, alphaSystem(api), api.world.alpha.acme)).id;
const acmeKpiValue = async (api: ApiFixture) =>
  (await newKpiValue(api, alphaSystem(api), (await knownFacts(api)).agreement.acme)).id;

const recently = (api: ApiFixture, hoursAgo: number) => new Date(api.clock.now() - hoursAgo * 3_600_000).toISOString();

export const factCases: EndpointCase[] = [
  // Outages
  {
    route: 'GET /api/v1/outages',
    permission: 'facts.read',
    target: 'own',
    prepare: async (api) => {
      await knownFacts(api);
      return { method: 'GET', url: '/api/v1/outages?limit=500' };
    },
    forbiddenIds: foreign('outage'),
  },
  {
    route: 'POST /api/v1/outages',
    permission: 'facts.write',
    target: 'own',
    prepare: async (api) => ({
      method: 'POST',
      url: '/api/v1/outages',
      body: { service: 'database', startsAt: recently(api, 2), severity: 'partial' },
    }),
  },
  {
    route: 'POST /api/v1/outages',
    permission: 'facts.write',
    target: 'acme',
    prepare: async (api) => ({
      method: 'POST',
      url: '/api/v1/outages',
      body: { service: 'database', startsAt: recently(api, 2), severity: 'full', customerId: api.world.alpha.acme },
    }),
  },
  {
    route: 'GET /api/v1/outages/:id',
    permission: 'facts.read',
    target: 'acme',
    prepare: async (api) => ({ method: 'GET', url: `/api/v1/outages/${(await knownFacts(api)).outage.alpha}` }),
  },
  {
    route: 'PATCH /api/v1/outages/:id',
    permission: 'facts.write',
    target: 'acme',
    prepare: async (api) => ({
      method: 'PATCH',
      url: `/api/v1/outages/${await acmeOutage(api)}`,
      body: { severity: 'partial' },
    }),
  },
  {
    route: 'DELETE /api/v1/outages/:id',
    permission: 'facts.write',
    target: 'acme',
    prepare: async (api) => ({ method: 'DELETE', url: `/api/v1/outages/${await acmeOutage(api)}` }),
  },
  // Maintenance windows
  {
    route: 'GET /api/v1/maintenance-windows',
    permission: 'facts.read',
    target: 'own',
    prepare: async (api) => {
      await knownFacts(api);
      return { method: 'GET', url: '/api/v1/maintenance-windows?limit=500' };
    },
    forbiddenIds: foreign('window'),
  },
  {
    route: 'POST /api/v1/maintenance-windows',
    permission: 'facts.write',
    target: 'own',
    prepare: async (api) => ({
      method: 'POST',
      url: '/api/v1/maintenance-windows',
      body: { kind: 'force_majeure', startsAt: recently(api, 5), endsAt: recently(api, 1) },
    }),
  },
  {
    route: 'POST /api/v1/maintenance-windows',
    permission: 'facts.write',
    target: 'acme',
    prepare: async (api) => ({
      method: 'POST',
      url: '/api/v1/maintenance-windows',
      body: { startsAt: recently(api, -72), endsAt: recently(api, -74), customerId: api.world.alpha.acme },
    }),
  },
  {
    route: 'GET /api/v1/maintenance-windows/:id',
    permission: 'facts.read',
    target: 'acme',
    prepare: async (api) => ({
      method: 'GET',
      url: `/api/v1/maintenance-windows/${(await knownFacts(api)).window.alpha}`,
    }),
  },
  {
    route: 'PATCH /api/v1/maintenance-windows/:id',
    permission: 'facts.write',
    target: 'acme',
    prepare: async (api) => ({
      method: 'PATCH',
      url: `/api/v1/maintenance-windows/${await acmeWindow(api)}`,
      body: { pausesClocks: false },
    }),
  },
  {
    route: 'DELETE /api/v1/maintenance-windows/:id',
    permission: 'facts.write',
    target: 'acme',
    prepare: async (api) => ({ method: 'DELETE', url: `/api/v1/maintenance-windows/${await acmeWindow(api)}` }),
  },
  // Deliveries
  {
    route: 'GET /api/v1/deliveries',
    permission: 'facts.read',
    target: 'own',
    prepare: async (api) => {
      await knownFacts(api);
      return { method: 'GET', url: '/api/v1/deliveries?limit=500' };
    },
    forbiddenIds: foreign('delivery'),
  },
  {
    route: 'POST /api/v1/deliveries',
    permission: 'facts.write',
    target: 'acme',
    prepare: async (api) => ({
      method: 'POST',
      url: '/api/v1/deliveries',
      body: {
        customerId: api.world.alpha.acme,
        orderId: unique('order'),
        lineId: '1',
        orderedQuantity: 5,
        promisedAt: recently(api, 24),
        deliveredQuantity: 5,
        deliveredAt: recently(api, 23),
      },
    }),
  },
  {
    route: 'POST /api/v1/deliveries/batch',
    permission: 'facts.write',
    target: 'acme',
    prepare: async (api) => {
      const orderId = unique('order');
      const line = { customerId: api.world.alpha.acme, orderId, orderedQuantity: 5, promisedAt: recently(api, 24) };
      return {
        method: 'POST',
        url: '/api/v1/deliveries/batch',
        body: {
          lines: [
            { ...line, lineId: '1' },
            { ...line, lineId: '2', agreementId: (await knownFacts(api)).agreement.acme },
          ],
        },
      };
    },
  },
  {
    route: 'GET /api/v1/deliveries/:id',
    permission: 'facts.read',
    target: 'acme',
    prepare: async (api) => ({ method: 'GET', url: `/api/v1/deliveries/${(await knownFacts(api)).delivery.alpha}` }),
  },
  {
    route: 'PATCH /api/v1/deliveries/:id',
    permission: 'facts.write',
    target: 'acme',
    prepare: async (api) => ({
      method: 'PATCH',
      url: `/api/v1/deliveries/${await acmeDelivery(api)}`,
      body: { deliveredQuantity: 9, deliveredAt: recently(api, 1) },
    }),
  },
  {
    route: 'DELETE /api/v1/deliveries/:id',
    permission: 'facts.write',
    target: 'acme',
    prepare: async (api) => ({ method: 'DELETE', url: `/api/v1/deliveries/${await acmeDelivery(api)}` }),
  },
  // KPI values
  {
    route: 'GET /api/v1/kpi-values',
    permission: 'facts.read',
    target: 'own',
    prepare: async (api) => {
      await knownFacts(api);
      return { method: 'GET', url: '/api/v1/kpi-values?limit=500' };
    },
    forbiddenIds: foreign('kpiValue'),
  },
  {
    route: 'PUT /api/v1/kpi-values',
    permission: 'facts.write',
    target: 'acme',
    prepare: async (api) => ({
      method: 'PUT',
      url: '/api/v1/kpi-values',
      body: {
        agreementId: (await knownFacts(api)).agreement.acme,
        targetId: 'inventory-accuracy',
        period: '2026-09',
        value: 99.7,
      },
    }),
  },
  {
    route: 'GET /api/v1/kpi-values/:id',
    permission: 'facts.read',
    target: 'acme',
    prepare: async (api) => ({ method: 'GET', url: `/api/v1/kpi-values/${(await knownFacts(api)).kpiValue.alpha}` }),
  },
  {
    route: 'PATCH /api/v1/kpi-values/:id',
    permission: 'facts.write',
    target: 'acme',
    prepare: async (api) => ({
      method: 'PATCH',
      url: `/api/v1/kpi-values/${await acmeKpiValue(api)}`,
      body: { value: 2.5 },
    }),
  },
  {
    route: 'DELETE /api/v1/kpi-values/:id',
    permission: 'facts.write',
    target: 'acme',
    prepare: async (api) => ({ method: 'DELETE', url: `/api/v1/kpi-values/${await acmeKpiValue(api)}` }),
  },
];
