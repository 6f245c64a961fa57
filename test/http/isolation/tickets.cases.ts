/** Isolation cases of tickets and ticket events. */
import { openTicket } from '../../../src/app/tickets/open-ticket.ts';
import type { ApiFixture } from '../../support/api-fixture.ts';
import type { EndpointCase } from './endpoint-case.ts';
import { alphaSystem, betaSystem, unique } from './isolation-support.ts';

interface KnownTickets {
  readonly acme: string;
  readonly globex: string;
  readonly initech: string;
  /** A ticket of acme opened with an Idempotency-Key (IDEMPOTENCY_KEY below). */
  readonly acmeKeyed: string;
}

const tickets = new WeakMap<ApiFixture, KnownTickets>();
const IDEMPOTENCY_KEY = 'isolation-acme-key';

/** One ticket of each customer, created once per fixture. */
async function ticketsOf(api: ApiFixture): Promise<KnownTickets> {
  let known = tickets.get(api);
  if (!known) {
    const open = async (principal: ReturnType<typeof alphaSystem>, customerId: string, idempotencyKey?: string) =>
      (await openTicket(api.dependencies, principal, { customerId, title: 'Isolation ticket', idempotencyKey })).ticket
        .id;
    known = {
      acme: await open(alphaSystem(api), api.world.alpha.acme),
      globex: await open(alphaSystem(api), api.world.alpha.globex),
      initech: await open(betaSystem(api), api.world.beta.initech),
      acmeKeyed: await open(alphaSystem(api), api.world.alpha.acme, IDEMPOTENCY_KEY),
    };
    tickets.set(api, known);
  }
  return known;
}

const now = (api: ApiFixture) => new Date(api.clock.now()).toISOString();

export const ticketCases: EndpointCase[] = [
  {
    route: 'POST /api/v1/tickets',
    permission: 'tickets.create',
    target: 'acme',
    prepare: async (api) => ({
      method: 'POST',
      url: '/api/v1/tickets',
      body: { customerId: api.world.alpha.acme, title: unique('Ticket') },
    }),
  },
  {
    // Replaying the Idempotency-Key of acme's ticket: whoever may see it gets it back (200), globex's representative
    // a conflict naming nothing of it (issue 19, finding 2), another workspace a customer it cannot see (404).
    route: 'POST /api/v1/tickets',
    permission: 'tickets.create',
    target: 'acme',
    hiddenStatus: [404, 409],
    prepare: async (api) => {
      await ticketsOf(api);
      return {
        method: 'POST',
        url: '/api/v1/tickets',
        body: { customerId: api.world.alpha.acme, title: unique('Replayed') },
        headers: { 'idempotency-key': IDEMPOTENCY_KEY },
      };
    },
    forbiddenIds: (api, actor) =>
      actor === 'otherCustomer' || actor === 'foreignAdmin' || actor === 'foreignCustomer'
        ? [tickets.get(api)!.acmeKeyed]
        : [],
  },
  {
    route: 'GET /api/v1/tickets',
    permission: 'tickets.read',
    target: 'own',
    prepare: async (api) => {
      await ticketsOf(api);
      return { method: 'GET', url: '/api/v1/tickets?limit=500' };
    },
    forbiddenIds: (api, actor) => {
      const known = tickets.get(api)!;
      if (actor === 'customer') return [known.globex, known.initech];
      if (actor === 'otherCustomer') return [known.acme, known.initech];
      if (actor === 'foreignAdmin' || actor === 'foreignCustomer') return [known.acme, known.globex];
      return [known.initech];
    },
  },
  {
    // Counts only: whose tickets they count is checked in measurement.test.ts.
    route: 'GET /api/v1/tickets/not-measured',
    permission: 'tickets.read',
    target: 'own',
    prepare: async (api) => {
      await ticketsOf(api);
      return { method: 'GET', url: '/api/v1/tickets/not-measured' };
    },
  },
  {
    route: 'GET /api/v1/tickets/:id',
    permission: 'tickets.read',
    target: 'acme',
    prepare: async (api) => ({ method: 'GET', url: `/api/v1/tickets/${(await ticketsOf(api)).acme}` }),
  },
  {
    route: 'GET /api/v1/tickets/:id/timeline',
    permission: 'tickets.read',
    target: 'acme',
    prepare: async (api) => ({ method: 'GET', url: `/api/v1/tickets/${(await ticketsOf(api)).acme}/timeline` }),
  },
  {
    route: 'POST /api/v1/tickets/:id/events',
    permission: ['tickets.work', 'tickets.customer_events'],
    target: 'acme',
    prepare: async (api) => ({
      method: 'POST',
      url: `/api/v1/tickets/${(await ticketsOf(api)).acme}/events`,
      body: { key: unique('reply'), type: 'customer_reply', occurredAt: now(api) },
    }),
  },
  {
    route: 'POST /api/v1/tickets/:id/events',
    permission: 'tickets.work',
    target: 'acme',
    prepare: async (api) => ({
      method: 'POST',
      url: `/api/v1/tickets/${(await ticketsOf(api)).acme}/events`,
      body: { key: unique('agent'), type: 'agent_reply', occurredAt: now(api) },
    }),
  },
  {
    route: 'POST /api/v1/ticket-events/batch',
    permission: ['tickets.work', 'tickets.customer_events'],
    target: 'acme',
    prepare: async (api) => ({
      method: 'POST',
      url: '/api/v1/ticket-events/batch',
      body: {
        events: [
          { ticketId: (await ticketsOf(api)).acme, key: unique('b'), type: 'customer_reply', occurredAt: now(api) },
        ],
      },
    }),
  },
  {
    route: 'POST /api/v1/tickets/rebuild',
    permission: 'tickets.rebuild',
    target: 'own',
    prepare: async () => ({ method: 'POST', url: '/api/v1/tickets/rebuild', body: { onlyOpen: true } }),
  },
];
