/**
 * A service level manager drafts an agreement in the browser (form and YAML views kept in sync, a lint finding shown
 * at its field and fixed), sends it for approval and approves it for the provider; the customer's representative
 * then approves it in the portal. Both approvals show who approved which content hash.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eContext, launchChromium, newPage, screenshot, signIn } from './support/browser.ts';

const context = e2eContext();

describe.skipIf(context.skipReason !== null)('agreement drafted, linted and approved by both parties', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('goes from a new draft to approved by provider and customer', async () => {
    const manager = await newPage(browser);
    const page = manager.page;
    await signIn(page, context.baseUrl, context.manager);
    await page.getByRole('link', { name: 'Agreements' }).click();
    await page.getByRole('link', { name: 'New agreement' }).click();
    await page.getByLabel('Customer', { exact: true }).selectOption({ label: 'Stalmet Manufacturing S.A.' });

    // Form -> YAML: fields written in the form appear in the document.
    await page.getByLabel('Agreement id', { exact: true }).fill('stalmet-e2e-service-desk');
    await page.getByLabel('Title', { exact: true }).fill('Stalmet - service desk (e2e)');
    const customerSignatories = page.getByLabel('Customer signatories');
    await customerSignatories.fill(context.stalmet.email);
    await customerSignatories.blur();
    await page.getByRole('tab', { name: 'YAML' }).click();
    const yaml = page.getByLabel('Agreement document (YAML, apiVersion covenant/v1)');
    await expect.poll(() => yaml.inputValue()).toContain('id: stalmet-e2e-service-desk');
    expect(await yaml.inputValue()).toContain(`customer: [ ${context.stalmet.email} ]`);

    // YAML -> form: an edit of the text shows in the form; the credit cap is removed to provoke a lint finding.
    const text = await yaml.inputValue();
    await yaml.fill(
      text.replace('monthlyFee: { amount: 10000', 'monthlyFee: { amount: 12500').replace(/\n\s*monthlyCap: 10%/, ''),
    );
    await page.getByRole('tab', { name: 'Form' }).click();
    await expect.poll(() => page.getByLabel('Monthly fee', { exact: true }).inputValue()).toBe('12500');
    await screenshot(page, 'agreement-new-form');

    await page.getByRole('button', { name: 'Create the draft' }).click();
    await page.waitForURL(/\/agreements\/[0-9a-f-]{36}\?/);
    // The finding is shown at the field it concerns.
    const capField = page.getByLabel('Monthly cap', { exact: true });
    await expect.poll(() => capField.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => page.getByText('service credits have no monthly cap').count()).toBeGreaterThan(0);
    await screenshot(page, 'agreement-lint-inline');

    await capField.fill('10%');
    await page.getByRole('button', { name: 'Save the draft' }).click();
    await expect.poll(() => page.getByText(/^No findings/).count()).toBe(1);
    await page.getByRole('tab', { name: 'YAML' }).click();
    await screenshot(page, 'agreement-yaml');

    await page.getByRole('tab', { name: 'Approvals' }).click();
    await page.getByRole('button', { name: 'Send for approval' }).click();
    await page.getByRole('button', { name: 'Approve for the provider' }).click();
    await expect.poll(() => page.getByText('Approved for the provider.').count()).toBe(1);
    const approvals = page.getByRole('table').filter({ hasText: 'Content hash approved' });
    await expect.poll(() => approvals.innerText()).toContain(context.manager.email);
    const hash = (await page.locator('dd.hash').innerText()).trim();
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await approvals.innerText()).toContain(hash);
    await screenshot(page, 'agreement-approvals-provider');

    // The customer's representative finds the version waiting in the portal and approves the same hash.
    const customer = await newPage(browser);
    await signIn(customer.page, context.baseUrl, context.stalmet);
    await customer.page.getByRole('link', { name: /Stalmet - service desk \(e2e\), version 1/ }).click();
    expect((await customer.page.locator('dd.hash').innerText()).trim()).toBe(hash);
    await customer.page.getByRole('button', { name: 'Approve for the customer' }).click();
    await expect.poll(() => customer.page.getByText('Approved for the customer.').count()).toBe(1);
    const customerView = customer.page.getByRole('table').filter({ hasText: 'Content hash approved' });
    await expect.poll(() => customerView.innerText()).toContain(context.stalmet.email);
    expect((await customerView.innerText()).match(new RegExp(hash, 'g'))).toHaveLength(2);
    await screenshot(customer.page, 'portal-agreement-approved');

    await page.reload();
    await expect.poll(() => page.getByText('approved', { exact: true }).first().isVisible()).toBe(true);
    expect(manager.errors).toEqual([]);
    expect(customer.errors).toEqual([]);
    await customer.close();
    await manager.close();
  });
});
