/**
 * Set-up of the browser tests, once per run: build the web UI when it is missing or stale, start the real server
 * (src/main/serve.ts) on a fresh embedded database with the demo data, wait for the demo load, and create the people
 * the tests sign in as through the users API, as an administrator would. Without /usr/bin/chromium nothing starts
 * and the tests skip with the reason.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../src/config/config.ts';
import { startServer } from '../../src/main/serve.ts';
import { buildWebUi, webUiIsStale } from '../../src/main/web-ui-build.ts';
import { CHROMIUM_PATH, type E2eContext, screenshotDirectory } from './support/e2e-context.ts';

const admin = { email: 'admin@covenant.local', password: 'e2e-admin-password-1' };
const manager = { email: 'e2e.manager@northwind.example', password: 'e2e-manager-password-1' };
const stalmetUser = { email: 'e2e.buyer@stalmet.example', password: 'e2e-stalmet-password-1' };
const brightcartUser = { email: 'e2e.ops@brightcart.example', password: 'e2e-brightcart-password-1' };

export default async function setup(project: TestProject) {
  if (!existsSync(CHROMIUM_PATH)) {
    const skipped: E2eContext = {
      skipReason: `${CHROMIUM_PATH} is absent: install Debian's chromium (apt-get install -y chromium) to run the browser tests`,
      baseUrl: '',
      admin,
      manager,
      stalmet: { ...stalmetUser, customerId: '' },
      brightcart: { ...brightcartUser, customerId: '' },
      hasReportEndpoint: false,
    };
    project.provide('e2e', skipped);
    return;
  }
  // Screenshots are this run's artifacts: start from an empty folder.
  rmSync(screenshotDirectory, { recursive: true, force: true });
  if (webUiIsStale()) await buildWebUi();
  const directory = mkdtempSync(join(tmpdir(), 'covenant-e2e-'));
  const config = loadConfig(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      COVENANT_DATA_DIR: directory,
      COVENANT_ADMIN_PASSWORD: admin.password,
      COVENANT_LOG_LEVEL: 'silent',
    },
    directory,
  );
  const server = await startServer({ demo: true, version: 'e2e', print: () => {} }, config);
  const demo = await server.demo;
  if (!demo) throw new Error('the demo data did not load');

  const api = await adminApi(server.url);
  const customers = (await api('GET', '/api/v1/customers')).data as { id: string; slug: string }[];
  const customerId = (slug: string) => customers.find((customer) => customer.slug === slug)!.id;
  await api('POST', '/api/v1/users', { ...manager, name: 'E2E Manager', role: 'manager' });
  await api('POST', '/api/v1/users', {
    ...stalmetUser,
    name: 'E2E Stalmet buyer',
    role: 'customer',
    customerId: customerId('stalmet'),
  });
  await api('POST', '/api/v1/users', {
    ...brightcartUser,
    name: 'E2E BrightCart ops',
    role: 'customer',
    customerId: customerId('brightcart'),
  });
  const openapi = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { paths: Record<string, unknown> };

  project.provide('e2e', {
    skipReason: null,
    baseUrl: server.url,
    admin,
    manager,
    stalmet: { ...stalmetUser, customerId: customerId('stalmet') },
    brightcart: { ...brightcartUser, customerId: customerId('brightcart') },
    hasReportEndpoint: '/api/v1/agreements/{id}/report' in openapi.paths,
  });
  return async () => {
    await server.stop();
    rmSync(directory, { recursive: true, force: true });
  };
}

/** Signs in as the administrator and returns a JSON request helper that sends the cookie and the CSRF token. */
async function adminApi(baseUrl: string) {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  });
  if (login.status !== 200) throw new Error(`admin sign-in failed: ${login.status}`);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  // biome-ignore lint/suspicious/noExplicitAny: set-up reads response bodies freely
  return async (method: string, path: string, body?: unknown): Promise<any> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
}
