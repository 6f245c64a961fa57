/**
 * The real server (src/main/serve.ts) on a new data directory (embedded PGlite): on the first start it listens first
 * and then loads the demo data in the background (decision 0011), answering requests meanwhile; with `demo: false`
 * the new workspace stays empty.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { type RunningServer, startServer } from '../../src/main/serve.ts';

const password = 'first-start-demo-password';
let server: RunningServer | null = null;
let directory: string | null = null;

afterEach(async () => {
  await server?.stop();
  server = null;
  if (directory) rmSync(directory, { recursive: true, force: true });
  directory = null;
});

async function start(demo: boolean, lines: string[]): Promise<RunningServer> {
  directory = mkdtempSync(join(tmpdir(), 'covenant-first-start-'));
  const config = loadConfig(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      COVENANT_DATA_DIR: directory,
      COVENANT_ADMIN_PASSWORD: password,
      COVENANT_LOG_LEVEL: 'silent',
    },
    directory,
  );
  server = await startServer({ demo, version: 'test', print: (line) => lines.push(line) }, config);
  return server;
}

/** Signs in as the administrator and returns a GET helper with the session cookie. */
async function signedIn(url: string) {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@covenant.local', password }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are inspected freely
  return async (path: string): Promise<any> => {
    const response = await fetch(`${url}${path}`, { headers: { cookie } });
    expect(response.status, path).toBe(200);
    return response.json();
  };
}

describe('the first start of the server', () => {
  it('listens first, then loads the demo data while it serves requests', async () => {
    const lines: string[] = [];
    const startedAt = Date.now();
    const running = await start(true, lines);
    const listeningMs = Date.now() - startedAt;
    const ready = await fetch(`${running.url}/api/ready`);
    expect(ready.status).toBe(200);
    const readyMs = Date.now() - startedAt;

    // Requests are answered while the demo loads.
    const latencies: number[] = [];
    let loading = true;
    const demo = running.demo!.finally(() => {
      loading = false;
    });
    while (loading) {
      const sent = Date.now();
      expect((await fetch(`${running.url}/api/ready`)).status).toBe(200);
      latencies.push(Date.now() - sent);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const result = await demo;
    const loadedMs = Date.now() - startedAt;
    expect(result).toMatchObject({ loaded: true, customers: 2, agreements: 2 });
    expect(lines).toContainEqual(expect.stringMatching(/^loading demo data: \d+\/\d+ tickets$/));
    expect(lines.at(-1)).toMatch(/^demo data loaded in [\d.]+ s: 2 customers, 2 agreements, \d+ tickets/);
    // Timings depend on the machine (and on the other test files running beside this one): printed, not asserted.
    console.info(
      `first start with demo (PGlite): listening after ${listeningMs} ms, /api/ready 200 after ${readyMs} ms, demo loaded after ${loadedMs} ms; /api/ready during the load: ${latencies.length} requests, max ${Math.max(...latencies)} ms`,
    );

    const get = await signedIn(running.url);
    const customers = (await get('/api/v1/customers')).data;
    expect(customers.map((customer: { slug: string }) => customer.slug).sort()).toEqual(['brightcart', 'stalmet']);
    const agreements = (await get('/api/v1/agreements')).data;
    expect(agreements).toHaveLength(2);
    for (const agreement of agreements) {
      const detail = await get(`/api/v1/agreements/${agreement.id}`);
      expect(detail.versions.map((version: { status: string }) => version.status)).toEqual(['active']);
    }
    const tickets = await get('/api/v1/tickets?limit=500');
    expect(tickets.page.total).toBeGreaterThanOrEqual(200);
    expect(tickets.page.total).toBeLessThanOrEqual(500);
    for (const ticket of tickets.data.slice(0, 5)) {
      expect((await get(`/api/v1/tickets/${ticket.id}`)).clocks.length).toBeGreaterThan(0);
    }
    for (const agreement of agreements) {
      const results = await get(`/api/v1/agreements/${agreement.id}/results`);
      expect(results.period).toMatchObject({ kind: 'month', current: true });
      expect(results.targets.length).toBeGreaterThan(0);
      expect(results.targets.some((target: { value: number | null }) => target.value !== null)).toBe(true);
      expect(results.credits).not.toBeNull();
    }
  });

  it('leaves the new workspace empty with demo: false', async () => {
    const lines: string[] = [];
    const running = await start(false, lines);
    expect(running.demo).toBeNull();
    const get = await signedIn(running.url);
    expect((await get('/api/v1/customers')).data).toEqual([]);
    expect((await get('/api/v1/agreements')).data).toEqual([]);
    expect((await get('/api/v1/tickets')).page.total).toBe(0);
    expect(lines.some((line) => line.includes('demo'))).toBe(false);
  });

  it('does not load the demo again on a second start', async () => {
    const lines: string[] = [];
    const first = await start(true, lines);
    await first.demo;
    await first.stop();
    const config = loadConfig(
      { PORT: '0', HOST: '127.0.0.1', COVENANT_DATA_DIR: directory!, COVENANT_LOG_LEVEL: 'silent' },
      directory!,
    );
    server = await startServer({ demo: true, version: 'test', print: () => {} }, config);
    expect(server.demo).toBeNull();
  });
});
