/**
 * Every main screen, as the manager and as a customer: opened, saved as a screenshot (test-artifacts/screenshots),
 * and checked with axe-core (no serious or critical violations). The report of the last month opens with its charts
 * and credit trace and exports a PDF. A phone-sized viewport is captured too.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AxeViolation,
  describeViolations,
  e2eContext,
  launchChromium,
  newPage,
  screenshot,
  seriousViolations,
  signIn,
} from './support/browser.ts';

const context = e2eContext();

/** Waits until the screen has loaded: no request in flight and no loading indicator left. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await expect.poll(() => page.locator('.loading').count()).toBe(0);
}

describe.skipIf(context.skipReason !== null)('main screens, accessibility and the period report', () => {
  let browser: Browser;
  const violations: string[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function capture(page: Page, name: string): Promise<void> {
    await settle(page);
    await screenshot(page, name);
    const found: AxeViolation[] = await seriousViolations(page);
    if (found.length > 0) violations.push(describeViolations(name, found));
  }

  it("shows a version's effective date as a date of the agreement's zone, to a viewer anywhere", async () => {
    // In New York, 00:00 of 1 January in Warsaw is still 31 December: the contract's date must not move with the viewer.
    const viewer = await newPage(browser, { timezoneId: 'America/New_York' });
    const page = viewer.page;
    await signIn(page, context.baseUrl, context.manager);
    const listed = await (await page.request.get(`${context.baseUrl}/api/v1/agreements?search=stalmet`)).json();
    const { activeVersion } = listed.data[0];
    const version = await (
      await page.request.get(`${context.baseUrl}/api/v1/agreements/${listed.data[0].id}/versions/${activeVersion.id}`)
    ).json();
    const [year, month, day] = (version.content.spec.term.start as string).split('-');
    const monthName = new Date(Date.UTC(2000, Number(month) - 1, 1)).toLocaleString('en-GB', {
      month: 'short',
      timeZone: 'UTC',
    });
    await page.goto(`${context.baseUrl}/agreements`);
    const erpRow = page.getByRole('row', { name: /ERP post-implementation support/ });
    await expect.poll(() => erpRow.innerText()).toContain(`v${activeVersion.number} since ${day} ${monthName} ${year}`);
    await viewer.close();
  });

  it("opens the manager's screens", async () => {
    const manager = await newPage(browser);
    const page = manager.page;
    await page.goto(`${context.baseUrl}/`);
    await page.getByLabel('E-mail address').waitFor();
    await capture(page, 'sign-in');
    await signIn(page, context.baseUrl, context.manager);

    const visit = async (path: string, name: string) => {
      await page.goto(`${context.baseUrl}${path}`);
      await capture(page, name);
    };
    await visit('/dashboard', 'manager-dashboard');
    await visit('/tickets?lifecycle=open', 'tickets');
    // A measured ticket: other test files share this server and may have opened unmeasured ones (e.g. by e-mail for a
    // customer without an agreement), which sort first when they are the newest.
    await page
      .getByRole('table')
      .getByRole('row')
      .filter({ hasNotText: 'not measured' })
      .getByRole('link')
      .first()
      .click();
    await page.waitForURL(/\/tickets\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.locator('section[aria-label^="Clock "]').count()).toBeGreaterThan(0);
    await capture(page, 'ticket-clocks');

    await visit('/agreements', 'agreements');
    await page.getByRole('link', { name: /ERP post-implementation support/ }).click();
    await page.waitForURL(/\/agreements\/[0-9a-f-]{36}$/);
    await capture(page, 'agreement-document');
    await page.getByRole('tab', { name: 'YAML' }).click();
    await capture(page, 'agreement-document-yaml');
    await page.getByRole('tab', { name: 'History and differences' }).click();
    await capture(page, 'agreement-history');
    await page.getByRole('tab', { name: 'Approvals' }).click();
    await capture(page, 'agreement-approvals');

    // An amendment: a new draft version from the one in force, changed in the form, compared field by field.
    await page.getByRole('tab', { name: 'Document' }).click();
    await page.getByRole('button', { name: 'Amend: start version 2' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Save the draft' }).count()).toBe(1);
    await page.getByLabel('Monthly cap', { exact: true }).fill('20%');
    await page.getByLabel('within of p2-resolution', { exact: true }).fill('PT9H');
    await page.getByRole('button', { name: 'Save the draft' }).click();
    await expect.poll(() => page.getByText('Unsaved changes').count()).toBe(0);
    await page.getByRole('tab', { name: 'History and differences' }).click();
    const changes = page.getByRole('region', { name: 'Changed fields' });
    await expect.poll(() => changes.innerText()).toContain('spec.credits.monthlyCap');
    expect(await changes.innerText()).toMatch(/15\s+20/);
    // A duration reads in business hours, not in the milliseconds the model keeps (issue 18).
    expect(await changes.innerText()).toMatch(
      /spec\.targets\[p2-resolution\]\.within\s+changed\s+8 business h\s+9 business h/,
    );
    expect(await changes.innerText()).not.toMatch(/28800000|32400000/);
    await capture(page, 'agreement-diff');
    await visit('/agreements/new', 'agreement-new');

    await visit('/calendars', 'calendars');
    await page
      .getByRole('link', { name: /business/ })
      .first()
      .click();
    await page.waitForURL(/\/calendars\/[0-9a-f-]{36}$/);
    await settle(page);
    await page.getByLabel('Business hours').fill('16');
    await page.getByRole('button', { name: 'Calculate' }).click();
    await expect.poll(() => page.getByText(/^Due /).count()).toBe(1);
    await capture(page, 'calendar');

    for (const tab of ['preferences', 'notifications', 'users', 'tokens', 'webhooks', 'email']) {
      await visit(`/settings?tab=${tab}`, `settings-${tab}`);
    }
    expect(manager.errors).toEqual([]);
    await manager.close();
  });

  it('opens the report of the last month with its charts and credit trace, and exports a PDF', async () => {
    const manager = await newPage(browser);
    const page = manager.page;
    await signIn(page, context.baseUrl, context.manager);
    await page.getByRole('link', { name: 'Reports' }).click();
    // Exactly: until the report screen replaces the dashboard, its "Agreements this period" would match too.
    await page
      .getByLabel('Agreement', { exact: true })
      .selectOption({ label: 'Stalmet Manufacturing S.A. - ERP post-implementation support' });
    await settle(page);
    await expect.poll(() => page.getByRole('heading', { name: 'SLAM chart' }).count()).toBe(1);
    expect(await page.locator('.chart canvas').count()).toBeGreaterThanOrEqual(2);
    const credits = page.getByRole('region', { name: 'Service credits' });
    expect(await credits.innerText()).toContain('Calculation trace');
    expect(await credits.innerText()).toMatch(/credit: \d+\.\d{2}/);
    await capture(page, 'report');

    if (context.hasReportEndpoint) {
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export PDF' }).click();
      const file = await (await download).path();
      expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    } else {
      // The report endpoint is another engineer's work: until the server has it, the export says so in place.
      console.warn('report endpoint absent on this server: the PDF export is checked only for its error message');
      await page.getByRole('button', { name: 'Export PDF' }).click();
      await expect.poll(() => page.getByText('exports are not available on this server yet').count()).toBe(1);
    }

    await page.goto(`${context.baseUrl}/reports?view=portfolio`);
    const portfolio = page.getByRole('region', { name: 'Portfolio' });
    await expect.poll(() => portfolio.innerText()).toContain('Stalmet Manufacturing S.A.');
    expect(await portfolio.innerText()).toContain('BrightCart GmbH');
    await capture(page, 'reports-portfolio');
    expect(manager.errors).toEqual([]);
    await manager.close();
  });

  it("opens the customer's screens, and works on a phone-sized screen", async () => {
    const customer = await newPage(browser);
    const page = customer.page;
    await signIn(page, context.baseUrl, context.stalmet);
    const visit = async (path: string, name: string) => {
      await page.goto(`${context.baseUrl}${path}`);
      await capture(page, name);
    };
    await visit('/portal', 'customer-portal');
    await visit('/portal/report', 'customer-report-incident');
    await visit('/agreements', 'customer-agreements');
    await visit('/reports', 'customer-reports');
    await visit('/settings', 'customer-settings');
    expect(customer.errors).toEqual([]);
    await customer.close();

    const phone = await newPage(browser, { width: 390, height: 844 });
    await signIn(phone.page, context.baseUrl, context.manager);
    await phone.page.goto(`${context.baseUrl}/dashboard`);
    const menu = phone.page.getByRole('button', { name: 'Menu' });
    await expect.poll(() => menu.isVisible()).toBe(true);
    await capture(phone.page, 'phone-dashboard');
    await menu.click();
    await expect.poll(() => phone.page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(true);
    await screenshot(phone.page, 'phone-menu');
    await phone.close();
  });

  it('finds no serious or critical accessibility violations on those screens', () => {
    expect(violations.join('\n\n'), 'axe-core violations').toBe('');
  });
});
