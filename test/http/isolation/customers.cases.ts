/** Isolation cases of customers and contacts. */
import { addContact } from '../../../src/app/customers/manage-customers.ts';
import type { EndpointCase } from './endpoint-case.ts';
import { alphaSystem, foreignCustomerIds, freshAlphaCustomer, unique } from './isolation-support.ts';

export const customerCases: EndpointCase[] = [
  {
    route: 'GET /api/v1/customers',
    permission: 'customers.read',
    target: 'own',
    prepare: async () => ({ method: 'GET', url: '/api/v1/customers?limit=500' }),
    forbiddenIds: foreignCustomerIds,
  },
  {
    route: 'POST /api/v1/customers',
    permission: 'customers.write',
    target: 'own',
    prepare: async () => ({
      method: 'POST',
      url: '/api/v1/customers',
      body: { slug: unique('c'), name: 'New customer' },
    }),
  },
  {
    route: 'GET /api/v1/customers/:id',
    permission: 'customers.read',
    target: 'acme',
    prepare: async (api) => ({ method: 'GET', url: `/api/v1/customers/${api.world.alpha.acme}` }),
  },
  {
    route: 'PATCH /api/v1/customers/:id',
    permission: 'customers.write',
    target: 'acme',
    prepare: async (api) => ({
      method: 'PATCH',
      url: `/api/v1/customers/${api.world.alpha.acme}`,
      body: { name: 'ACME Manufacturing' },
    }),
  },
  {
    route: 'DELETE /api/v1/customers/:id',
    permission: 'customers.write',
    target: 'alpha',
    prepare: async (api) => ({ method: 'DELETE', url: `/api/v1/customers/${await freshAlphaCustomer(api)}` }),
  },
  {
    route: 'GET /api/v1/customers/:id/contacts',
    permission: 'customers.read',
    target: 'acme',
    prepare: async (api) => ({ method: 'GET', url: `/api/v1/customers/${api.world.alpha.acme}/contacts` }),
  },
  {
    route: 'POST /api/v1/customers/:id/contacts',
    permission: 'customers.write',
    target: 'acme',
    prepare: async (api) => ({
      method: 'POST',
      url: `/api/v1/customers/${api.world.alpha.acme}/contacts`,
      body: { name: 'Someone', email: `${unique('c')}@acme.example` },
    }),
  },
  {
    route: 'PATCH /api/v1/customers/:id/contacts/:contactId',
    permission: 'customers.write',
    target: 'acme',
    prepare: async (api) => {
      const contact = await addContact(api.dependencies, alphaSystem(api), api.world.alpha.acme, {
        name: 'Contact to change',
        email: `${unique('p')}@acme.example`,
      });
      return {
        method: 'PATCH',
        url: `/api/v1/customers/${api.world.alpha.acme}/contacts/${contact.id}`,
        body: { phone: '+48 22 000 00 00', role: 'key user' },
      };
    },
  },
  {
    route: 'DELETE /api/v1/customers/:id/contacts/:contactId',
    permission: 'customers.write',
    target: 'acme',
    prepare: async (api) => {
      const contact = await addContact(api.dependencies, alphaSystem(api), api.world.alpha.acme, {
        name: 'Temporary contact',
        email: `${unique('t')}@acme.example`,
      });
      return { method: 'DELETE', url: `/api/v1/customers/${api.world.alpha.acme}/contacts/${contact.id}` };
    },
  },
];
