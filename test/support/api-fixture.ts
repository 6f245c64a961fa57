/**
 * A running API over a real database (PGlite or PostgreSQL) with a small world in it: two workspaces, customers in
 * each, and an API token for every role, so tests can call any endpoint as anyone. Requests go through fastify's
 * inject (the full HTTP pipeline without a socket).
 */

import type { FastifyInstance } from 'fastify';
import { type Principal, systemPrincipal } from '../../src/app/access/principal.ts';
import type { Role } from '../../src/app/access/roles.ts';
import { createCustomer } from '../../src/app/customers/manage-customers.ts';
import { createApiToken } from '../../src/app/identity/manage-api-tokens.ts';
import type { UserRecord } from '../../src/app/ports/identity-repositories.ts';
import type { Clock, Store } from '../../src/app/ports/store.ts';
import { loadConfig } from '../../src/config/config.ts';
import { sha256Hex } from '../../src/core/canonical-json.ts';
import { buildServer } from '../../src/http/server.ts';
import { type CovenantDependencies, composeCovenant } from '../../src/main/composition.ts';
import { prepareWebUi } from '../../src/main/web-ui-build.ts';
import type { DatabaseHandle } from '../../src/store/database.ts';
import type { TestBackend } from './test-database.ts';

/** Who a test request is sent as: a role in workspace alpha, or one of the foreign principals. */
export type Actor =
  | Exclude<Role, 'customer'>
  | 'customer' // customer representative of acme (alpha)
  | 'otherCustomer' // customer representative of globex (alpha)
  | 'foreignAdmin' // administrator of workspace beta
  | 'foreignCustomer' // customer representative of initech (beta)
  | 'anonymous';

export const providerActors = ['admin', 'manager', 'owner', 'agent', 'viewer'] as const;
export const allActors: Actor[] = [...providerActors, 'customer', 'otherCustomer', 'foreignAdmin', 'foreignCustomer'];

/** The configuration a test server runs with: the defaults, as a fresh `npm start` would have them. */
// The webhook receivers of the tests listen on 127.0.0.1: allow-listed as an operator would (decision 0034).
export const testConfig = loadConfig({ COVENANT_LOG_LEVEL: 'silent', COVENANT_WEBHOOK_ALLOW_HOSTS: '127.0.0.1' });

export class TestClock implements Clock {
  constructor(public current = Date.parse('2026-10-05T08:00:00Z')) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

export interface ApiWorld {
  readonly alpha: { workspaceId: string; acme: string; globex: string };
  readonly beta: { workspaceId: string; initech: string };
}

export interface ApiResponse {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: test responses are inspected freely
  readonly body: any;
  readonly headers: Record<string, unknown>;
}

/** A person signed in with a session: approvals are signatures of people, and API tokens have no e-mail address. */
export interface TestUser {
  readonly user: UserRecord;
  readonly sessionToken: string;
  readonly csrfToken: string;
}

export interface ApiFixture {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly clock: TestClock;
  readonly handle: DatabaseHandle;
  readonly world: ApiWorld;
  readonly dependencies: CovenantDependencies;
  /** The principal behind an actor (to prepare data through use-cases). */
  principal(actor: Exclude<Actor, 'anonymous'>): Principal;
  request(
    actor: Actor,
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ApiResponse>;
  /** A signed-in user with the actor's workspace, role and customer (`<actor>@<workspace>.example`), made on first use. */
  userOf(actor: Exclude<Actor, 'anonymous'>): Promise<TestUser>;
  /** A new signed-in user (in workspace alpha unless another is named). */
  signInNewUser(input: {
    email: string;
    role: Role;
    customerId?: string | null;
    workspaceId?: string;
  }): Promise<TestUser>;
  /** Sends a request with a user's session cookie and CSRF token instead of an API token (anonymous: neither). */
  requestAsUser(
    who: Actor | TestUser,
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ApiResponse>;
  close(): Promise<void>;
}

export async function createApiFixture(backend: TestBackend): Promise<ApiFixture> {
  const handle = await backend.open();
  const clock = new TestClock();
  // The production composition, with the test's clock: what the tests exercise is what `npm start` runs.
  const dependencies = composeCovenant({
    config: testConfig,
    handle,
    clock,
    version: 'test',
    webUi: prepareWebUi({ build: false, print: () => {} }).source,
  });
  const { store } = dependencies;
  const app = await buildServer(dependencies);

  const alphaWorkspace = await store.read.workspaces.create({ slug: 'alpha', name: 'Alpha Services' });
  const betaWorkspace = await store.read.workspaces.create({ slug: 'beta', name: 'Beta Services' });
  const alphaSystem = systemPrincipal(alphaWorkspace.id, 'test setup');
  const betaSystem = systemPrincipal(betaWorkspace.id, 'test setup');
  const acme = await createCustomer(dependencies, alphaSystem, { slug: 'acme', name: 'ACME Manufacturing' });
  const globex = await createCustomer(dependencies, alphaSystem, { slug: 'globex', name: 'Globex Logistics' });
  const initech = await createCustomer(dependencies, betaSystem, { slug: 'initech', name: 'Initech' });
  const world: ApiWorld = {
    alpha: { workspaceId: alphaWorkspace.id, acme: acme.id, globex: globex.id },
    beta: { workspaceId: betaWorkspace.id, initech: initech.id },
  };

  const tokens = new Map<Actor, { token: string; principal: Principal }>();
  const issue = async (actor: Actor, system: Principal, role: Role, customerId: string | null) => {
    const { token, record } = await createApiToken(dependencies, system, { name: `test ${actor}`, role, customerId });
    tokens.set(actor, {
      token,
      principal: {
        workspaceId: record.workspaceId,
        role,
        customerId,
        userId: null,
        tokenId: record.id,
        label: `token ${record.name}`,
      },
    });
  };
  for (const role of providerActors) await issue(role, alphaSystem, role, null);
  await issue('customer', alphaSystem, 'customer', acme.id);
  await issue('otherCustomer', alphaSystem, 'customer', globex.id);
  await issue('foreignAdmin', betaSystem, 'admin', null);
  await issue('foreignCustomer', betaSystem, 'customer', initech.id);

  const signInNewUser: ApiFixture['signInNewUser'] = async (input) => {
    const user = await store.read.users.create({
      workspaceId: input.workspaceId ?? world.alpha.workspaceId,
      email: input.email.toLowerCase(),
      name: input.email,
      role: input.role,
      customerId: input.customerId ?? null,
      passwordHash: null,
      timezone: null,
    });
    const sessionToken = dependencies.random.token(32);
    const csrfToken = dependencies.random.token(24);
    await store.read.sessions.create({
      tokenHash: sha256Hex(sessionToken),
      workspaceId: user.workspaceId,
      userId: user.id,
      csrfToken,
      expiresAt: clock.now() + 10 * 365 * 86_400_000,
    });
    return { user, sessionToken, csrfToken };
  };
  const actorUsers = new Map<Actor, Promise<TestUser>>();
  const userOf: ApiFixture['userOf'] = (actor) => {
    let user = actorUsers.get(actor);
    if (!user) {
      const { workspaceId, role, customerId } = tokens.get(actor)!.principal;
      const domain = workspaceId === world.alpha.workspaceId ? 'alpha' : 'beta';
      user = signInNewUser({ email: `${actor.toLowerCase()}@${domain}.example`, role, customerId, workspaceId });
      actorUsers.set(actor, user);
    }
    return user;
  };

  return {
    app,
    store,
    clock,
    handle,
    world,
    dependencies,
    principal(actor) {
      return tokens.get(actor)!.principal;
    },
    async request(actor, method, url, body, headers = {}) {
      const authorization = actor === 'anonymous' ? {} : { authorization: `Bearer ${tokens.get(actor)!.token}` };
      const response = await app.inject({
        method: method as 'GET',
        url,
        headers: { ...authorization, ...headers },
        ...(body === undefined ? {} : { payload: body as object }),
      });
      let parsed: unknown = response.body;
      if (response.headers['content-type']?.toString().includes('application/json') && response.body.length > 0) {
        parsed = JSON.parse(response.body);
      }
      return { status: response.statusCode, body: parsed as ApiResponse['body'], headers: response.headers };
    },
    userOf,
    signInNewUser,
    async requestAsUser(who, method, url, body, headers = {}) {
      const user = who === 'anonymous' ? null : typeof who === 'string' ? await userOf(who) : who;
      const session = user ? { cookie: `covenant_session=${user.sessionToken}`, 'x-csrf-token': user.csrfToken } : {};
      const response = await app.inject({
        method: method as 'GET',
        url,
        headers: { ...session, ...headers },
        ...(body === undefined ? {} : { payload: body as object }),
      });
      let parsed: unknown = response.body;
      if (response.headers['content-type']?.toString().includes('application/json') && response.body.length > 0) {
        parsed = JSON.parse(response.body);
      }
      return { status: response.statusCode, body: parsed as ApiResponse['body'], headers: response.headers };
    },
    async close() {
      await app.close();
      await handle.close();
    },
  };
}
