/**
 * The server's web UI (src/http/web-ui.ts, decision 0015): hashed assets with long caching, index.html for every
 * other GET path with no-cache and a Content Security Policy, and never for the API or metrics, whose unknown paths
 * keep the JSON 404. While the first build runs, a page says so and reloads itself.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/http/server.ts';
import type { WebUiState } from '../../src/http/web-ui.ts';
import { type ApiFixture, createApiFixture } from '../support/api-fixture.ts';
import { testBackends } from '../support/test-database.ts';

const indexHtml =
  '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/index-abc123.js"></script></body></html>';

describe.each(testBackends)('the web UI served by the server ($name)', (backend) => {
  let api: ApiFixture;
  let app: FastifyInstance;
  let directory: string;
  let state: WebUiState = { kind: 'ready' };
  beforeAll(async () => {
    api = await createApiFixture(backend);
    directory = mkdtempSync(join(tmpdir(), 'covenant-web-ui-'));
    mkdirSync(join(directory, 'assets'));
    writeFileSync(join(directory, 'index.html'), indexHtml);
    writeFileSync(join(directory, 'assets', 'index-abc123.js'), 'console.log("covenant")');
    app = await buildServer({ ...api.dependencies, webUi: { directory, state: () => state } });
  });
  afterAll(async () => {
    await app?.close();
    await api?.close();
    rmSync(directory, { recursive: true, force: true });
  });
  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

  it('answers the page at / and at every screen path, uncached and with a Content Security Policy', async () => {
    for (const url of [
      '/',
      '/dashboard',
      '/tickets/0b0e9e4e-6a0c-4f8e-9d55-0a7d0c0f0c11',
      '/agreements/new?tab=approvals',
    ]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.body).toBe(indexHtml);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
      expect(response.headers['x-frame-options']).toBe('DENY');
    }
    expect((await app.inject({ method: 'HEAD', url: '/tickets' })).statusCode).toBe(200);
  });

  it('serves hashed assets for a year, and a missing asset or file as a 404, not the page', async () => {
    const asset = await get('/assets/index-abc123.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const url of ['/assets/missing-123.js', '/favicon.ico', '/robots.txt']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.json().error.code).toBe('ROUTE_NOT_FOUND');
    }
    expect((await get('/assets/../index.html')).statusCode).not.toBe(200);
  });

  it('never answers the API, the API documentation or the metrics with the page', async () => {
    const viaUi = await app.inject({
      method: 'GET',
      url: '/api/v1/nothing-here',
      headers: { authorization: `Bearer ${await tokenOf(api)}` },
    });
    expect(viaUi.statusCode).toBe(404);
    expect(viaUi.json().error.code).toBe('ROUTE_NOT_FOUND');
    expect((await get('/api')).json().error.code).toBe('ROUTE_NOT_FOUND');
    expect((await get('/api/ready')).json()).toMatchObject({ status: 'ready' });
    expect((await get('/api/openapi.json')).json()).toHaveProperty('openapi');
    expect((await get('/metrics')).headers['content-type']).toMatch(/^text\/plain/);
    expect((await get('/metrics/extra')).statusCode).toBe(404);
    // Unsafe methods on a screen path are not the page either.
    const posted = await app.inject({ method: 'POST', url: '/dashboard', payload: {} });
    expect(posted.statusCode).toBe(404);
    expect(posted.json().error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('says the UI is being prepared while the first build runs, and when it is not available', async () => {
    state = { kind: 'building' };
    const building = await get('/dashboard');
    expect(building.statusCode).toBe(503);
    expect(building.headers['retry-after']).toBe('2');
    expect(building.body).toContain('preparing its web interface');
    expect(building.body).toContain('http-equiv="refresh"');
    state = { kind: 'unavailable', reason: 'vite is not installed' };
    const unavailable = await get('/');
    expect(unavailable.statusCode).toBe(503);
    expect(unavailable.body).toContain('not available: vite is not installed');
    expect(unavailable.body).not.toContain('http-equiv="refresh"');
    state = { kind: 'ready' };
    rmSync(join(directory, 'index.html'));
    const missing = await get('/');
    expect(missing.statusCode).toBe(503);
    expect(missing.body).toContain('npm run build:web');
    writeFileSync(join(directory, 'index.html'), indexHtml);
    expect((await get('/')).statusCode).toBe(200);
  });
});

async function tokenOf(api: ApiFixture): Promise<string> {
  const created = await api.request('admin', 'POST', '/api/v1/tokens', { name: 'web-ui-test', role: 'viewer' });
  return created.body.token;
}
