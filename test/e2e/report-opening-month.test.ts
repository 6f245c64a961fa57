/**
 * Reports open on the latest month the agreement was in force (issue 18, defect 12): a new customer's agreement that
 * took effect on the first of this month opens on this month, for the manager and in the customer's portal, instead
 * of on last month with a red error; an agreement never put in force says so plainly. The agreement goes through the
 * real approval flow over the API (created, sent, approved by both parties, put in force).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eContext, launchChromium, newPage, screenshot, signIn } from './support/browser.ts';

const context = e2eContext();
const suffix = Date.now().toString(36);
const representative = { email: `e2e.rep.${suffix}@newco.example`, password: 'e2e-newco-password-1' };
// This month in the agreement's zone (the ERP example is read in Europe/Warsaw).
const thisMonth = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit' })
  .format(new Date())
  .slice(0, 7);

describe.skipIf(context.skipReason !== null)('reports open on a month the agreement was in force', () => {
  let browser: Browser;
  let inForce = '';
  let neverInForce = '';
  beforeAll(async () => {
    browser = await launchChromium();
    const admin = await signedInApi(context.baseUrl, context.admin);
    const customer = await admin('POST', '/api/v1/customers', { slug: `newco-${suffix}`, name: `Newco ${suffix}` });
    await admin('POST', '/api/v1/users', {
      ...representative,
      name: 'E2E Newco representative',
      role: 'customer',
      customerId: customer.id,
    });
    const document = (slug: string) =>
      readFileSync(join(import.meta.dirname, '..', '..', 'examples', 'agreements', 'erp-support.yaml'), 'utf8')
        .replace('id: stalmet-erp-support', `id: ${slug}`)
        .replace(/title: .*/, `title: Newco ${suffix} - ERP support (e2e)`)
        .replace('customer: stalmet', `customer: newco-${suffix}`)
        .replace('term: { start: 2026-01-01,', `term: { start: ${thisMonth}-01,`)
        .replace(/provider: \[anna[^\]]*\]/, `provider: [${context.admin.email}]`)
        .replace(/customer: \[it-director[^\]]*\]/, `customer: [${representative.email}]`);
    const created = await admin('POST', '/api/v1/agreements', {
      format: 'yaml',
      document: document(`newco-${suffix}`),
    });
    inForce = created.agreement.id;
    const version = `/api/v1/agreements/${inForce}/versions/${created.version.id}`;
    const submitted = await admin('POST', `${version}/submit`);
    await admin('POST', `${version}/approvals/provider`, { contentHash: submitted.contentHash });
    const rep = await signedInApi(context.baseUrl, representative);
    await rep('POST', `${version}/approvals/customer`, { contentHash: submitted.contentHash });
    await admin('POST', `${version}/activate`);
    const draft = await admin('POST', '/api/v1/agreements', {
      format: 'yaml',
      document: document(`newco-draft-${suffix}`).replace(/title: .*/, `title: Newco ${suffix} - draft only (e2e)`),
    });
    neverInForce = draft.agreement.id;
  });
  afterAll(async () => {
    await browser?.close();
  });

  const expectReportOfThisMonth = async (page: Page) => {
    const heading = page.getByRole('heading', { level: 2, name: new RegExp(`: ${thisMonth}$`) });
    await expect.poll(() => heading.count()).toBe(1);
    expect(await page.locator('.notice[data-tone="error"]').count()).toBe(0);
    expect(await page.locator('input[type="month"]').inputValue()).toBe(thisMonth);
  };

  it("opens the manager's report of an agreement that started this month on this month", async () => {
    const manager = await newPage(browser);
    await signIn(manager.page, context.baseUrl, context.manager);
    await manager.page.goto(`${context.baseUrl}/reports?agreement=${inForce}`);
    await expectReportOfThisMonth(manager.page);
    await screenshot(manager.page, 'report-opens-on-first-month');

    // Asking for a month before the agreement explains and offers the month it has, instead of a red error.
    await manager.page.goto(`${context.baseUrl}/reports?agreement=${inForce}&period=2020-01`);
    const notice = manager.page.getByText(/was not in force in 2020-01/);
    await expect.poll(() => notice.count()).toBe(1);
    expect(await manager.page.locator('.notice[data-tone="error"]').count()).toBe(0);
    await manager.page.getByRole('button', { name: `Open ${thisMonth}` }).click();
    await expectReportOfThisMonth(manager.page);

    await manager.page.goto(`${context.baseUrl}/reports?agreement=${neverInForce}`);
    await expect.poll(() => manager.page.getByText('Nothing to report yet').count()).toBe(1);
    expect(await manager.page.getByText(/has been in force yet/).count()).toBe(1);
    expect(await manager.page.locator('.notice[data-tone="error"]').count()).toBe(0);
    await screenshot(manager.page, 'report-never-in-force');
    expect(manager.errors).toEqual([]);
    await manager.close();
  });

  it("opens the customer's reports on this month too", async () => {
    const customer = await newPage(browser);
    await signIn(customer.page, context.baseUrl, representative);
    await customer.page.getByRole('link', { name: 'Reports and credits' }).click();
    await expectReportOfThisMonth(customer.page);
    await screenshot(customer.page, 'portal-report-opens-on-first-month');
    expect(customer.errors).toEqual([]);
    await customer.close();
  });
});

/** Signs in; a JSON request helper with the session cookie and the CSRF token. */
async function signedInApi(baseUrl: string, user: { email: string; password: string }) {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(user),
  });
  if (login.status !== 200) throw new Error(`sign-in of ${user.email} failed: ${login.status}`);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  // biome-ignore lint/suspicious/noExplicitAny: test set-up reads answers freely
  return async (method: string, path: string, body?: unknown): Promise<any> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': csrfToken,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
}
