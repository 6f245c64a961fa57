import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiFixture, createApiFixture } from '../support/api-fixture.ts';
import { testBackends } from '../support/test-database.ts';

describe.each(testBackends)('health, readiness, metrics, OpenAPI and request ids ($name)', (backend) => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await createApiFixture(backend);
  });
  afterAll(() => api?.close());

  it('answers liveness and readiness without credentials', async () => {
    expect((await api.request('anonymous', 'GET', '/api/health')).body).toMatchObject({ status: 'ok' });
    expect((await api.request('anonymous', 'GET', '/api/ready')).body).toEqual({
      status: 'ready',
      database: true,
      migrationsPending: [],
    });
  });

  it('serves an OpenAPI 3.1 document of every /api/v1 route, and the docs UI', async () => {
    const document = (await api.request('anonymous', 'GET', '/api/openapi.json')).body;
    expect(document.openapi).toBe('3.1.0');
    const documented = new Set(
      Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      ),
    );
    const routes = api.app.covenantRoutes.filter((route) => route.url.startsWith('/api/v1/'));
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.map((route) => `${route.method} ${route.url}`).filter((route) => !documented.has(route))).toEqual([]);
    const post = document.paths['/api/v1/customers'].post;
    expect(post.requestBody.content['application/json'].schema.required).toContain('slug');
    const docs = await api.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
  });

  it('exposes Prometheus metrics with request durations by route, never by tenant', async () => {
    await api.request('viewer', 'GET', '/api/v1/customers');
    const metrics = await api.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.body).toContain('covenant_http_request_duration_seconds_bucket');
    expect(metrics.body).toContain('route="/api/v1/customers"');
    expect(metrics.body).not.toContain(api.world.alpha.workspaceId);
  });

  it('returns a request id on every answer, echoing a sane incoming one', async () => {
    const mine = await api.app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': 'trace-123' } });
    expect(mine.headers['x-request-id']).toBe('trace-123');
    const generated = await api.app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes and methods with the error body', async () => {
    expect((await api.request('admin', 'GET', '/api/v1/nothing-here')).body.error.code).toBe('ROUTE_NOT_FOUND');
    const wrongMethod = await api.request('admin', 'PUT', '/api/v1/customers');
    expect(wrongMethod.status).toBe(404);
    expect(wrongMethod.body.error.code).toBe('ROUTE_NOT_FOUND');
  });
});
