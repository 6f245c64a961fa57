/**
 * A customer reports an incident in the portal (seeing the priority and its targets before sending) and the manager
 * sees the ticket's clock in the queue of clocks due next and on the ticket; another customer's representative cannot reach
 * that ticket, that customer's agreement, or the provider's screens.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eContext, launchChromium, newPage, screenshot, signIn } from './support/browser.ts';

const context = e2eContext();

describe.skipIf(context.skipReason !== null)('customer portal and the manager watching the clock', () => {
  let browser: Browser;
  let ticketUrl = '';
  const title = `Invoices cannot be posted (e2e ${Date.now().toString(36)})`;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lets the customer report an incident with its priority and targets shown before sending', async () => {
    const customer = await newPage(browser);
    const page = customer.page;
    await signIn(page, context.baseUrl, context.stalmet);
    await screenshot(page, 'portal-home');
    await page.getByRole('link', { name: 'Report an incident' }).first().click();
    // The form checks itself before sending.
    await page.getByRole('button', { name: 'Send the incident' }).click();
    await expect.poll(() => page.getByText('Describe the incident in a few words').count()).toBe(1);

    await page.getByLabel('What is wrong?').fill(title);
    await page.getByLabel('Details (optional)').fill('Posting an invoice ends with error FI-204 since 8:00.');
    await page.getByLabel('Service', { exact: true }).selectOption('erp');
    await page.getByLabel('Category (optional)').selectOption('data');
    await page.getByLabel('Impact').selectOption('high');
    await page.getByLabel('Urgency').selectOption('high');
    const promises = page.getByRole('region', { name: 'Priority and promised times' });
    await expect.poll(() => promises.innerText()).toContain('P1');
    const shown = await promises.innerText();
    expect(shown).toContain('First response');
    expect(shown).toContain('within 30 business min');
    expect(shown).toContain('Resolution');
    expect(shown).toContain('within 4 business h');
    await screenshot(page, 'portal-report-incident');

    await page.getByRole('button', { name: 'Send the incident' }).click();
    await page.waitForURL(/\/tickets\/[0-9a-f-]{36}/);
    ticketUrl = page.url().split('?')[0]!;
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe(title);
    await expect.poll(() => page.getByRole('region', { name: 'Clock p1-response' }).count()).toBe(1);
    await screenshot(page, 'portal-ticket');
    // The customer answers the provider from the ticket, with text.
    await page.getByLabel('Your reply').fill('Every invoice of company 02 fails the same way.');
    await page.getByRole('button', { name: 'Send the reply' }).click();
    await expect.poll(() => page.getByText('Your reply is sent to the provider.').count()).toBe(1);
    await expect.poll(() => page.getByText('Customer replied').count()).toBeGreaterThan(0);
    await expect
      .poll(() => page.getByRole('list', { name: 'Conversation' }).innerText())
      .toContain('Every invoice of company 02 fails the same way.');
    expect(customer.errors).toEqual([]);
    await customer.close();
  });

  it('shows the manager the new clock in the queue of clocks due next and on the ticket', async () => {
    expect(ticketUrl).not.toBe('');
    const manager = await newPage(browser);
    const page = manager.page;
    await signIn(page, context.baseUrl, context.manager);
    await page.goto(`${context.baseUrl}/dashboard?customer=${context.stalmet.customerId}&priority=P1`);
    const queue = page.getByRole('region', { name: 'Due next' });
    await expect.poll(() => queue.innerText()).toContain(title);
    expect(await queue.innerText()).toMatch(/in \d+ (min|h)/);
    await screenshot(page, 'dashboard');

    await queue.getByRole('link', { name: title }).first().click();
    await page.waitForURL(ticketUrl);
    const clock = page.getByRole('region', { name: 'Clock p1-response' });
    await expect.poll(() => clock.innerText()).toContain('running');
    expect(await clock.locator('svg[role="img"]').count()).toBeGreaterThan(0);
    expect(await page.getByRole('region', { name: 'Clock p1-resolution' }).count()).toBe(1);
    await screenshot(page, 'ticket-detail');

    // The manager answers in the conversation; the first-response clock stops and is judged.
    await page.getByLabel('Reply', { exact: true }).fill('We are looking at FI-204 now.');
    await page.getByRole('button', { name: 'Send the reply' }).click();
    await expect.poll(() => clock.innerText()).toMatch(/\bmet\b/);
    expect(manager.errors).toEqual([]);
    await manager.close();
  });

  it("keeps another customer's representative out of Stalmet's pages", async () => {
    expect(ticketUrl).not.toBe('');
    const other = await newPage(browser);
    const page = other.page;
    await signIn(page, context.baseUrl, context.brightcart);
    await page.goto(ticketUrl);
    await expect.poll(() => page.getByText('Not found').count()).toBe(1);
    expect(await page.getByText(title).count()).toBe(0);
    await screenshot(page, 'portal-other-customer-ticket-refused');

    const agreements = await page.evaluate(async () => (await fetch('/api/v1/agreements')).json());
    const own = (agreements as { data: { customer: string }[] }).data.map((agreement) => agreement.customer);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((slug) => slug === 'brightcart')).toBe(true);
    const stalmetAgreement = await agreementIdOf(context.baseUrl, 'stalmet-erp-support');
    await page.goto(`${context.baseUrl}/agreements/${stalmetAgreement}`);
    await expect.poll(() => page.getByText('Not found').count()).toBe(1);

    await page.goto(`${context.baseUrl}/dashboard`);
    await expect.poll(() => page.getByText('Your role may not open this page.').count()).toBe(1);
    await page.goto(`${context.baseUrl}/portal?lifecycle=all`);
    await expect.poll(() => page.getByRole('table').count()).toBe(1);
    expect(await page.getByText(title).count()).toBe(0);
    await other.close();
  });
});

/** The id of a demo agreement, read through the API as the administrator. */
async function agreementIdOf(baseUrl: string, slug: string): Promise<string> {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(context.admin),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const list = (await (await fetch(`${baseUrl}/api/v1/agreements?search=${slug}`, { headers: { cookie } })).json()) as {
    data: { id: string; slug: string }[];
  };
  return list.data.find((agreement) => agreement.slug === slug)!.id;
}
