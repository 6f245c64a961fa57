import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemPrincipal } from '../../src/app/access/principal.ts';
import { createUser } from '../../src/app/identity/manage-users.ts';
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

  it('answers wrong credentials alike for unknown and known addresses, and throttles repeated failures', async () => {
    const unknown = await login({ email: 'nobody@provider.example', password });
    const wrong = await login({ email: 'anna@provider.example', password: 'wrong password' });
    expect([unknown.statusCode, wrong.statusCode]).toEqual([401, 401]);
    expect(unknown.json().error).toEqual(wrong.json().error);
    // A server allows 10 failures in 15 minutes: the 11th attempt is refused before the password is even checked.
    for (let attempt = 0; attempt < 9; attempt++) await login({ email: 'anna@provider.example', password: 'wrong' });
    const throttled = await login({ email: 'anna@provider.example', password });
    expect(throttled.statusCode).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    api.clock.advance(15 * 60_000 + 1_000);
    expect((await login({ email: 'anna@provider.example', password })).statusCode).toBe(200);
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
