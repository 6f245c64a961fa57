/**
 * A ticket that is not measured says so everywhere a person looks (issue 18, defect 3): the dashboard counts it with
 * its reason, the ticket list's "Not measured" filter finds it with the reason in its clock column, and its page says
 * why and what would make it measured. The ticket is opened through the API with a priority no target of the demo
 * agreement matches.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eContext, launchChromium, newPage, screenshot, signIn } from './support/browser.ts';
import { signedInApi } from './support/signed-in-api.ts';

const context = e2eContext();

describe.skipIf(context.skipReason !== null)('tickets that are not measured', () => {
  let browser: Browser;
  const title = `Label printer offline (e2e ${Date.now().toString(36)})`;
  beforeAll(async () => {
    browser = await launchChromium();
    const api = await signedInApi(context.baseUrl, context.admin);
    const opened = await api('POST', '/api/v1/tickets', {
      customerId: context.stalmet.customerId,
      title,
      priority: 'P9',
      service: 'erp',
    });
    expect(opened.measurement).toMatchObject({ state: 'none', reason: 'no_matching_target' });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('counts it on the dashboard, finds it under "Not measured" and says why on its page', async () => {
    const manager = await newPage(browser);
    const page = manager.page;
    await signIn(page, context.baseUrl, context.manager);
    await page.goto(`${context.baseUrl}/dashboard`);
    const card = page.getByRole('region', { name: 'Not measured' });
    await expect.poll(() => card.innerText()).toContain('no target for its priority');
    await screenshot(page, 'dashboard-not-measured');

    await card.getByRole('link').first().click();
    await page.waitForURL(/\/tickets\?measurement=none/);
    expect(await page.getByRole('combobox', { name: 'Measured' }).inputValue()).toBe('none');
    const row = page.getByRole('row', { name: new RegExp(title.replace(/[()]/g, '\\$&')) });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.innerText()).toContain('not measured: no target for its priority');
    await screenshot(page, 'tickets-not-measured');

    await row.getByRole('link', { name: title }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe(title);
    const notice = page.getByText('This ticket is not measured');
    await notice.waitFor();
    expect(await page.locator('.notice').first().innerText()).toContain(
      "No ticket target of the governing version applies to the ticket's priority. It is measured once its priority matches a target",
    );
    await screenshot(page, 'ticket-not-measured');
    expect(manager.errors).toEqual([]);
    await manager.close();
  });
});
