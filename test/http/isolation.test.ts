/**
 * Tenant isolation: every endpoint under /api/v1, called as every role of workspace alpha, as the representatives of
 * two customers, and as the administrator and a customer of workspace beta. What each call must do follows from the
 * role table (src/app/access/roles.ts) and the data scope:
 *   no credentials -> 401; role lacks the permission -> 403; the target is in another workspace or belongs to
 *   another customer -> 404 (its existence must not leak); otherwise success, and lists never hold a foreign row.
 * A completeness check fails when an endpoint is added without a case here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/app/access/roles.ts';
import { roleAllows } from '../../src/app/access/roles.ts';
import { type Actor, type ApiFixture, allActors, createApiFixture } from '../support/api-fixture.ts';
import { testBackends } from '../support/test-database.ts';
import type { EndpointCase } from './isolation/endpoint-case.ts';
import { endpointCases } from './isolation-cases.ts';

const roleOf: Record<Exclude<Actor, 'anonymous'>, Role> = {
  admin: 'admin',
  manager: 'manager',
  owner: 'owner',
  agent: 'agent',
  viewer: 'viewer',
  customer: 'customer',
  otherCustomer: 'customer',
  foreignAdmin: 'admin',
  foreignCustomer: 'customer',
};

function expectedOutcome(endpoint: EndpointCase, actor: Actor): 'unauthenticated' | 'forbidden' | 'hidden' | 'allowed' {
  if (actor === 'anonymous') return 'unauthenticated';
  const role = roleOf[actor];
  const required = endpoint.permission === 'authenticated' ? [] : [endpoint.permission].flat();
  if (required.length > 0 && !required.some((permission) => roleAllows(role, permission))) return 'forbidden';
  if (endpoint.customerPrincipalsOnly && role !== 'customer') return 'forbidden';
  const foreign = actor === 'foreignAdmin' || actor === 'foreignCustomer';
  if (endpoint.target === 'alpha' && foreign) return 'hidden';
  if (endpoint.target === 'acme' && (foreign || actor === 'otherCustomer')) return 'hidden';
  return 'allowed';
}

const statusOf = { unauthenticated: [401], forbidden: [403], hidden: [404], allowed: [200, 201, 202, 204] };

describe.each(testBackends)('tenant isolation across roles, customers and workspaces ($name)', (backend) => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await createApiFixture(backend);
  });
  afterAll(() => api?.close());

  it('has a case for every endpoint under /api/v1', () => {
    const registered = api.app.covenantRoutes
      .filter((route) => route.url.startsWith('/api/v1/'))
      .map((route) => `${route.method} ${route.url}`);
    const covered = new Set(endpointCases.map((endpoint) => endpoint.route));
    expect(registered.filter((route) => !covered.has(route) && !publicRoutes.has(route))).toEqual([]);
    expect([...covered].filter((route) => !registered.includes(route))).toEqual([]);
  });

  for (const endpoint of endpointCases) {
    it(`${endpoint.route} (${[endpoint.permission].flat().join(' or ')}, target ${endpoint.target})`, async () => {
      const failures: string[] = [];
      for (const actor of [...allActors, 'anonymous' as const]) {
        const call = await endpoint.prepare(api, actor);
        const send = endpoint.signedIn ? api.requestAsUser : api.request;
        const response = await send(actor, call.method, call.url, call.body, call.headers);
        const expected = expectedOutcome(endpoint, actor);
        const statuses = expected === 'hidden' && endpoint.hiddenStatus ? endpoint.hiddenStatus : statusOf[expected];
        if (!statuses.includes(response.status)) {
          failures.push(
            `${actor}: expected ${expected}, got ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`,
          );
          continue;
        }
        if ((expected === 'allowed' || expected === 'hidden') && endpoint.forbiddenIds) {
          const text = JSON.stringify(response.body);
          for (const id of endpoint.forbiddenIds(api, actor)) {
            if (text.includes(id)) failures.push(`${actor}: the answer contains ${id}, which it must not see`);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }
});

/** Endpoints anyone may call (sign-in and sign-out); tested in auth.test.ts. */
const publicRoutes = new Set(['POST /api/v1/auth/login', 'POST /api/v1/auth/logout']);
