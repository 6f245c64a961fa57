import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemPrincipal } from '../../src/app/access/principal.ts';
import { createUser } from '../../src/app/identity/manage-users.ts';
import { loadConfig } from '../../src/config/config.ts';
import { buildServer } from '../../src/http/server.ts';
import { type ApiFixture, createApiFixture } from '../support/api-fixture.ts';
import { testBackends } from '../support/test-database.ts';

const password = 'correct horse battery staple';

describe.each(testBackends)('sign-in, sessions and CSRF ($name)', (backend) => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await createApiFixture(backend);
    await createUser(api.dependencies, systemPrincipal(api.world.alpha.workspaceId), {
      email: 'Anna@Provider.example',
      name: 'Anna',
      role: 'manager',
      password,
    });
  });
  afterAll(() => api?.close());

  const login = (body: unknown) =>
    api.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: body as object });
  /** A sign-in from a client address (the connecting peer's: no proxy is trusted by default). */
  const loginFrom = (remoteAddress: string, body: unknown) =>
    api.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: body as object, remoteAddress });

  it('signs in with an httpOnly SameSite cookie and answers the session with its CSRF token', async () => {
    const response = await login({ email: 'anna@provider.example', password });
    expect(response.statusCode).toBe(200);
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/covenant_session=[^;]+;/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i); // plain http in tests; Secure behind https (COVENANT_PUBLIC_URL)
    const { csrfToken, user } = response.json();
    expect(user).toMatchObject({ email: 'anna@provider.example', role: 'manager' });
    const session = await api.app.inject({ method: 'GET', url: '/api/v1/auth/session', cookies: cookieOf(cookie) });
    expect(session.json()).toMatchObject({ role: 'manager', csrfToken, label: 'anna@provider.example' });
  });

  it('refuses unsafe requests by cookie without the CSRF token, and accepts them with it', async () => {
    const response = await login({ email: 'anna@provider.example', password });
    const cookies = cookieOf(String(response.headers['set-cookie']));
    const body = { slug: 'csrf-test', name: 'CSRF test' };
    const without = await api.app.inject({ method: 'POST', url: '/api/v1/customers', cookies, payload: body });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('CSRF_TOKEN_INVALID');
    const wrong = await api.app.inject({
      method: 'POST',
      url: '/api/v1/customers',
      cookies,
      payload: body,
      headers: { 'x-csrf-token': 'nope' },
    });
    expect(wrong.statusCode).toBe(403);
    const right = await api.app.inject({
      method: 'POST',
      url: '/api/v1/customers',
      cookies,
      payload: body,
      headers: { 'x-csrf-token': response.json().csrfToken },
    });
    expect(right.statusCode).toBe(201);
  });

  it('ends the session on sign-out', async () => {
    const response = await login({ email: 'anna@provider.example', password });
    const cookies = cookieOf(String(response.headers['set-cookie']));
    expect((await api.app.inject({ method: 'POST', url: '/api/v1/auth/logout', cookies })).statusCode).toBe(204);
    expect((await api.app.inject({ method: 'GET', url: '/api/v1/auth/session', cookies })).statusCode).toBe(401);
  });

  it('answers wrong credentials alike for unknown and known addresses', async () => {
    const unknown = await login({ email: 'nobody@provider.example', password });
    const wrong = await login({ email: 'anna@provider.example', password: 'wrong password' });
    expect([unknown.statusCode, wrong.statusCode]).toEqual([401, 401]);
    expect(unknown.json().error).toEqual(wrong.json().error);
  });

  // Finding 3 of issue 19: ten failures from anywhere used to lock the account for everyone for 15 minutes.
  it("does not let an attacker's failures lock the owner out: the owner signs in from another address", async () => {
    const attacker = '203.0.113.66';
    const answers: number[] = [];
    for (let attempt = 0; attempt < 40; attempt++) {
      answers.push((await loginFrom(attacker, { email: 'anna@provider.example', password: 'guess' })).statusCode);
    }
    // Five free failures, the sixth starts the waits: everything after it is refused before the password is checked.
    expect(answers.slice(0, 6)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(new Set(answers.slice(6))).toEqual(new Set([429]));
    const owner = await loginFrom('198.51.100.7', { email: 'anna@provider.example', password });
    expect(owner.statusCode).toBe(200);
    // Even the right password is refused to the failing client until its wait is over.
    expect((await loginFrom(attacker, { email: 'anna@provider.example', password })).statusCode).toBe(429);
  });

  it('makes a failing client wait twice as long after each further failure, up to 15 minutes', async () => {
    const client = '203.0.113.70';
    const email = 'anna@provider.example';
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await loginFrom(client, { email, password: 'guess' })).statusCode).toBe(401);
    }
    const waits: number[] = [];
    for (let round = 0; round < 14; round++) {
      expect((await loginFrom(client, { email, password: 'guess' })).statusCode).toBe(401);
      const refused = await loginFrom(client, { email, password: 'guess' });
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
      const seconds = Number(refused.headers['retry-after']);
      expect(refused.json().error.details.retryAfterSeconds).toBe(seconds);
      waits.push(seconds);
      api.clock.advance(seconds * 1000 - 1);
      expect((await loginFrom(client, { email, password })).statusCode).toBe(429);
      api.clock.advance(1);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900, 900]);
    // Once the wait is over the right password signs in, and the account's count from this client starts again.
    expect((await loginFrom(client, { email, password })).statusCode).toBe(200);
    expect((await loginFrom(client, { email, password: 'guess' })).statusCode).toBe(401);
    expect((await loginFrom(client, { email, password })).statusCode).toBe(200);
  });

  it('slows down one address guessing across many accounts, and no other address', async () => {
    const guesser = '203.0.113.80';
    for (let account = 0; account < 50; account++) {
      const answer = await loginFrom(guesser, { email: `person${account}@provider.example`, password: 'guess' });
      expect(answer.statusCode, `account ${account}`).toBe(401);
    }
    // The 51st failure from this address starts its waits, whatever the account.
    expect((await loginFrom(guesser, { email: 'person50@provider.example', password: 'guess' })).statusCode).toBe(401);
    const refused = await loginFrom(guesser, { email: 'someone-new@provider.example', password: 'guess' });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBe(1);
    expect((await loginFrom('198.51.100.8', { email: 'anna@provider.example', password })).statusCode).toBe(200);
    // After an hour without failures the address's count is forgotten.
    api.clock.advance(60 * 60_000);
    expect((await loginFrom(guesser, { email: 'anna@provider.example', password })).statusCode).toBe(200);
  });

  it('counts by the address a trusted proxy reports (COVENANT_TRUST_PROXY), and by the peer otherwise', async () => {
    expect(() => loadConfig({ COVENANT_TRUST_PROXY: 'proxy.example' })).toThrow(/COVENANT_TRUST_PROXY/);
    const { trustProxy } = loadConfig({ COVENANT_TRUST_PROXY: '10.0.0.1, loopback' });
    expect(trustProxy).toEqual(['10.0.0.1', 'loopback']);
    const behindProxy = await buildServer(api.dependencies, { trustProxy });
    try {
      const through = (client: string, body: object) =>
        behindProxy.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: body,
          remoteAddress: '10.0.0.1',
          headers: { 'x-forwarded-for': client },
        });
      for (let attempt = 0; attempt < 6; attempt++) {
        expect((await through('203.0.113.200', { email: 'anna@provider.example', password: 'guess' })).statusCode).toBe(
          401,
        );
      }
      expect((await through('203.0.113.200', { email: 'anna@provider.example', password })).statusCode).toBe(429);
      expect((await through('203.0.113.201', { email: 'anna@provider.example', password })).statusCode).toBe(200);
    } finally {
      await behindProxy.close();
    }
    // Without a trusted proxy the header is the client's to choose, so it is ignored.
    const spoofing = (client: string, body: object) =>
      api.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: body,
        remoteAddress: '203.0.113.210',
        headers: { 'x-forwarded-for': client },
      });
    for (let attempt = 0; attempt < 6; attempt++) {
      await spoofing(`198.18.0.${attempt}`, { email: 'anna@provider.example', password: 'guess' });
    }
    expect((await spoofing('198.18.0.99', { email: 'anna@provider.example', password })).statusCode).toBe(429);
  });

  // Finding 9 of issue 19: WORKSPACE_REQUIRED came before the password check, telling anyone that an address was in
  // several workspaces.
  it('says nothing about the workspaces an address is in unless the password is right', async () => {
    const client = '203.0.113.90';
    const email = 'both@provider.example';
    await createUser(api.dependencies, systemPrincipal(api.world.alpha.workspaceId), {
      email,
      name: 'In alpha',
      role: 'viewer',
      password: 'the password of alpha',
    });
    await createUser(api.dependencies, systemPrincipal(api.world.beta.workspaceId), {
      email,
      name: 'In beta',
      role: 'viewer',
      password: 'the password of beta',
    });
    const unknown = await loginFrom(client, { email: 'nobody-at-all@provider.example', password: 'guess' });
    const several = await loginFrom(client, { email, password: 'guess' });
    expect(several.statusCode).toBe(401);
    expect(several.json()).toEqual(unknown.json());
    const alpha = await loginFrom(client, { email, password: 'the password of alpha' });
    expect(alpha.statusCode).toBe(200);
    expect(alpha.json().workspace).toBe('alpha');
    const beta = await loginFrom(client, { email, password: 'the password of beta' });
    expect(beta.json().workspace).toBe('beta');
    const named = await loginFrom(client, { email, password: 'the password of beta', workspace: 'alpha' });
    expect(named.statusCode).toBe(401);
  });

  it('asks for the workspace only when the password is right in several', async () => {
    const client = '203.0.113.91';
    const email = 'same@provider.example';
    for (const workspaceId of [api.world.alpha.workspaceId, api.world.beta.workspaceId]) {
      await createUser(api.dependencies, systemPrincipal(workspaceId), {
        email,
        name: 'Same password',
        role: 'viewer',
        password,
      });
    }
    const ambiguous = await loginFrom(client, { email, password });
    expect(ambiguous.statusCode).toBe(400);
    expect(ambiguous.json().error.code).toBe('WORKSPACE_REQUIRED');
    const named = await loginFrom(client, { email, password, workspace: 'beta' });
    expect(named.statusCode).toBe(200);
    expect(named.json().workspace).toBe('beta');
  });

  it('refuses unknown, malformed and revoked API tokens', async () => {
    const ask = (authorization: string) =>
      api.app.inject({ method: 'GET', url: '/api/v1/customers', headers: { authorization } });
    expect((await ask('Bearer cov_unknown')).json().error.code).toBe('UNAUTHENTICATED');
    expect((await ask('Basic abc')).statusCode).toBe(401);
    const created = await api.request('admin', 'POST', '/api/v1/tokens', { name: 'short-lived', role: 'viewer' });
    expect((await ask(`Bearer ${created.body.token}`)).statusCode).toBe(200);
    await api.request('admin', 'DELETE', `/api/v1/tokens/${created.body.id}`);
    expect((await ask(`Bearer ${created.body.token}`)).statusCode).toBe(401);
  });

  it("records an API token's use at most once a minute, however many requests it makes", async () => {
    const created = await api.request('admin', 'POST', '/api/v1/tokens', { name: 'busy integration', role: 'viewer' });
    const tokens = api.dependencies.store.read.tokens;
    const touch = tokens.touch;
    const touched: number[] = [];
    tokens.touch = (id, at) => {
      touched.push(at);
      return touch.call(tokens, id, at);
    };
    try {
      const ask = () =>
        api.app.inject({
          method: 'GET',
          url: '/api/v1/customers',
          headers: { authorization: `Bearer ${created.body.token}` },
        });
      const firstUse = api.clock.now();
      const answers = await Promise.all(Array.from({ length: 20 }, ask));
      expect(answers.every((answer) => answer.statusCode === 200)).toBe(true);
      for (let second = 0; second < 30; second++) {
        api.clock.advance(1_000); // past the 10 s the verified token is remembered, within the minute
        expect((await ask()).statusCode).toBe(200);
      }
      expect(touched).toEqual([firstUse]);
      api.clock.advance(31_000);
      await Promise.all(Array.from({ length: 5 }, ask));
      expect(touched).toEqual([firstUse, api.clock.now()]);
      const listed = await api.request('admin', 'GET', '/api/v1/tokens');
      const row = listed.body.data.find((item: { id: string }) => item.id === created.body.id);
      expect(Date.parse(row.lastUsedAt)).toBe(api.clock.now());
    } finally {
      tokens.touch = touch;
    }
  });
});

function cookieOf(setCookie: string): Record<string, string> {
  const [pair] = setCookie.split(';');
  const [name, value] = pair!.split('=');
  return { [name!.trim()]: value!.trim() };
}
