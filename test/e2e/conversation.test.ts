/**
 * Issue 20 in the browser: a manager creates a customer with an e-mail domain and a contact; a message posted to
 * the mail intake shows on the ticket page as a thread; an agent replies and writes an internal note; the contact
 * signs in to the portal, sees the reply but not the note, and answers with text, which the agent then reads.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  describeViolations,
  e2eContext,
  launchChromium,
  newPage,
  screenshot,
  seriousViolations,
  signIn,
} from './support/browser.ts';
import { signedInApi } from './support/signed-in-api.ts';

const context = e2eContext();

describe.skipIf(context.skipReason !== null)('customers, the conversation and the portal reply', () => {
  let browser: Browser;
  const run = Date.now().toString(36);
  const customerName = `Orbis Logistics ${run}`;
  const domain = `orbis-${run}.example`;
  const contact = { name: 'Olga Orbis', email: `olga@${domain}`, password: `olga-portal-${run}-pw` };
  const agent = { email: `e2e.agent.${run}@northwind.example`, password: `agent-${run}-password` };
  let customerId = '';
  let ticketId = '';
  let ticketKey = '';

  const contactMessage = [
    `From: ${contact.name} <${contact.email}>`,
    'To: Support <support@northwind.example>',
    `Subject: Scanner at gate 4 does not sync (${run})`,
    `Message-ID: <gate4-${run}@${domain}>`,
    'Date: Mon, 07 Dec 2026 08:15:00 +0100',
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'The scanner at gate 4 stopped syncing at 7:50. Could you look at it?',
    '',
    'On Fri, 4 Dec 2026 at 10:00, Support <support@northwind.example> wrote:',
    '> Earlier question about gate 3: solved.',
    '--b1',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>The scanner at gate 4 <b>stopped syncing</b> at 7:50. Could you look at it?</p><script>alert(1)</script>',
    '<blockquote>Earlier question about gate 3: solved.</blockquote>',
    '--b1--',
    '',
  ].join('\r\n');

  const strangerMessage = (from: string) =>
    [
      `From: Depot dispatch <${from}>`,
      'To: Support <support@northwind.example>',
      `Subject: Pallet labels missing (${run})`,
      `Message-ID: <pallets-${run}@depot.example>`,
      'Date: Mon, 07 Dec 2026 09:00:00 +0100',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Our pallet labels stopped printing this morning.',
      '',
    ].join('\r\n');

  /** Hands a raw message to intake as a mail service would (here with the administrator's session). */
  async function postMail(url: string, raw: string) {
    const login = await fetch(`${context.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(context.admin),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const response = await fetch(url, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'message/rfc822' },
      body: raw,
    });
    if (response.status !== 202) throw new Error(`intake answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as { outcome: string; ticketId: string; ticketKey: string };
  }

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function expectAccessible(page: Page, screen: string) {
    const violations = await seriousViolations(page);
    expect(violations, describeViolations(screen, violations)).toEqual([]);
  }

  it('lets a manager create a customer with an e-mail domain and a contact, with the API refusals shown by field', async () => {
    const manager = await newPage(browser, { width: 1280, height: 800 });
    const page = manager.page;
    await signIn(page, context.baseUrl, context.manager);
    await page.getByRole('link', { name: 'Customers' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Customers');
    await expect.poll(() => page.getByRole('table').count()).toBe(1);
    await screenshot(page, 'customers-list');
    await expectAccessible(page, 'customers list');

    await page.getByRole('link', { name: 'New customer' }).click();
    await page.getByLabel('Name').fill(customerName);
    expect(await page.getByLabel('Id').inputValue()).toBe(`orbis-logistics-${run}`);
    await page.getByLabel('Time zone').selectOption('Europe/Warsaw');
    const domains = page.getByLabel('E-mail domains', { exact: true }).last();
    // Two at once, one of them a public mail provider: the server refuses that one at its chip.
    await domains.fill(`@${domain.toUpperCase()}, gmail.com`);
    await domains.press('Enter');
    expect(await page.getByRole('list', { name: 'E-mail domains' }).innerText()).toContain(domain);
    await page.getByRole('button', { name: 'Create the customer' }).click();
    await expect.poll(() => page.getByText('is a public mail provider').count()).toBeGreaterThan(0);
    await screenshot(page, 'customer-new-refused-domain');
    await page.getByRole('button', { name: 'Remove gmail.com' }).click();
    await page.getByRole('button', { name: 'Create the customer' }).click();
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}/);
    customerId = /\/customers\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    await expect.poll(() => page.getByText('The customer is created').count()).toBe(1);

    await page.getByRole('button', { name: 'Add a contact' }).click();
    const form = page.getByRole('form', { name: 'New contact' });
    await form.getByLabel('Name').fill(contact.name);
    await form.getByLabel('E-mail').fill(contact.email.toUpperCase());
    await form.getByLabel('Phone (optional)').fill('call me');
    await form.getByLabel('Role (optional)').fill('key user');
    await form.getByLabel('Signatory: may approve agreements for the customer').check();
    await form.getByRole('button', { name: 'Add the contact' }).click();
    // The phone is refused by the server, at the field, in its words.
    await expect.poll(() => form.getByText('must be a phone number', { exact: false }).count()).toBe(1);
    await form.getByLabel('Phone (optional)').fill('+48 22 100 20 30');
    await form.getByRole('button', { name: 'Add the contact' }).click();
    await expect.poll(() => page.getByText(`${contact.name} is added.`).count()).toBe(1);
    const table = page.getByRole('region', { name: 'Contact list' });
    await expect.poll(() => table.innerText()).toContain(contact.email);
    expect(await table.innerText()).toContain('signatory');
    expect(await table.innerText()).toContain('+48 22 100 20 30');
    await screenshot(page, 'customer-detail');
    await expectAccessible(page, 'customer detail');

    // A second customer cannot take the same domain: 409 EMAIL_DOMAIN_TAKEN, naming the holder, at the field.
    await page.goto(`${context.baseUrl}/customers/new`);
    await page.getByLabel('Name').fill(`Orbis copycat ${run}`);
    await page.getByLabel('E-mail domains', { exact: true }).last().fill(domain);
    await page.getByRole('button', { name: 'Create the customer' }).click();
    await expect.poll(() => page.getByText('EMAIL_DOMAIN_TAKEN', { exact: false }).count()).toBe(1);
    expect(await page.locator('.field-error').innerText()).toContain(customerName);
    await screenshot(page, 'customer-domain-taken');
    expect(manager.errors).toEqual([]);
    await manager.close();
  });

  it('shows mail taken in through a forwarding mailbox as a thread, where an agent replies, notes and logs a call', async () => {
    expect(customerId).not.toBe('');
    const admin = await signedInApi(context.baseUrl, context.admin);
    await admin('POST', '/api/v1/users', { ...agent, name: 'E2E Agent', role: 'agent' });
    await admin('POST', '/api/v1/users', {
      email: contact.email,
      password: contact.password,
      name: contact.name,
      role: 'customer',
      customerId,
    });

    // The administrator adds a mailbox the mail service forwards to, in Settings.
    const settings = await newPage(browser, { width: 1280, height: 800 });
    await signIn(settings.page, context.baseUrl, context.admin);
    await settings.page.goto(`${context.baseUrl}/settings?tab=mailboxes`);
    await settings.page.getByRole('button', { name: 'Add a mailbox' }).click();
    const mailboxForm = settings.page.getByRole('form', { name: 'Add a mailbox' });
    await mailboxForm.getByLabel('Name', { exact: true }).fill(`Forwarded support ${run}`);
    await mailboxForm.getByLabel('How mail arrives').selectOption('forward');
    await mailboxForm.getByLabel('Acknowledge new tickets', { exact: false }).uncheck();
    await mailboxForm.getByRole('button', { name: 'Add the mailbox' }).click();
    const card = settings.page.getByRole('region', { name: `Mailbox Forwarded support ${run}` });
    await expect.poll(() => card.innerText()).toContain('/api/v1/mail/inbound?mailbox=');
    const inboundUrl = /https?:\/\/\S+\/api\/v1\/mail\/inbound\?mailbox=[0-9a-f-]{36}/.exec(await card.innerText())![0];
    await screenshot(settings.page, 'settings-mailboxes');
    await expectAccessible(settings.page, 'settings mailboxes');
    expect(settings.errors).toEqual([]);
    await settings.close();

    // The contact's message arrives through it: a new ticket, its sender the requester.
    const taken = await postMail(inboundUrl, contactMessage);
    expect(taken).toMatchObject({ outcome: 'new_ticket' });
    ticketId = taken.ticketId;
    ticketKey = taken.ticketKey;
    expect(ticketKey).toMatch(/^T-\d+$/);

    const worker = await newPage(browser, { width: 1280, height: 800 });
    const page = worker.page;
    await signIn(page, context.baseUrl, agent);
    await page.goto(`${context.baseUrl}/tickets/${ticketId}`);
    await expect.poll(() => page.locator('.page-header').first().innerText()).toContain(ticketKey);
    const thread = page.getByRole('list', { name: 'Conversation' });
    await expect.poll(() => thread.innerText()).toContain('The scanner at gate 4 stopped syncing');
    // The quoted history is folded, not lost.
    expect(await thread.innerText()).not.toContain('Earlier question about gate 3');
    await thread.getByRole('button', { name: 'Show quoted text' }).first().click();
    await expect.poll(() => thread.innerText()).toContain('Earlier question about gate 3');
    // The HTML as sent (when the parser kept it), in a frame that may run and load nothing.
    const stored = (await signedInApi(context.baseUrl, agent))('GET', `/api/v1/tickets/${ticketId}/messages`);
    const html = ((await stored).items as { html: string | null }[])[0]!.html;
    const asSent = thread.getByRole('button', { name: 'Show as sent (HTML)' });
    expect(await asSent.count()).toBe(html === null ? 0 : 1);
    if (html !== null) {
      expect(html).not.toContain('<script');
      await asSent.click();
      const frame = thread.locator('iframe');
      await expect.poll(() => frame.count()).toBe(1);
      expect(await frame.getAttribute('sandbox')).toBe('');
      await expect.poll(() => page.frameLocator('iframe').locator('body').innerText()).toContain('stopped syncing');
      await screenshot(page, 'ticket-conversation-html');
      await thread.getByRole('button', { name: 'Show as text' }).click();
    }

    // A public reply with a cc, then an internal note, then a call.
    await page.getByLabel('Cc (optional)').fill(`ops@${domain}`);
    await page.getByLabel('Reply', { exact: true }).fill('We restarted the sync service; please try again.');
    await page.getByRole('button', { name: 'Send the reply' }).click();
    await expect.poll(() => page.getByText('The reply is sent.').count()).toBe(1);
    await expect.poll(() => thread.innerText()).toContain('We restarted the sync service');
    await page.getByRole('tab', { name: 'Internal note' }).click();
    await page.getByRole('button', { name: 'Save the note' }).click();
    await expect.poll(() => page.getByText('Write the note.').count()).toBe(1);
    await page.getByLabel('Note', { exact: true }).fill('Gate 4 runs firmware 2.1; vendor ticket V-991.');
    await page.getByRole('button', { name: 'Save the note' }).click();
    await expect.poll(() => thread.innerText()).toContain('vendor ticket V-991');
    expect(await thread.getByRole('article', { name: 'Internal note' }).count()).toBe(1);
    await page.getByRole('tab', { name: 'Log call' }).click();
    await page.getByLabel('Caller').fill(contact.name);
    await page.getByLabel('Duration').fill('4:30');
    await page.getByLabel('Summary').fill('Olga confirmed the scanner syncs again.');
    await page.getByRole('button', { name: 'Log the call' }).click();
    await expect.poll(() => thread.innerText()).toContain('4 min 30 s');
    await screenshot(page, 'ticket-conversation');
    await expectAccessible(page, 'ticket conversation');
    expect(worker.errors).toEqual([]);
    await worker.close();
  });

  it('shows the customer the reply but not the note, and sends their answer with its text', async () => {
    expect(ticketId).not.toBe('');
    const customer = await newPage(browser, { width: 1280, height: 800 });
    const page = customer.page;
    await signIn(page, context.baseUrl, contact);
    await expect.poll(() => page.getByRole('table').innerText()).toContain(ticketKey);
    await page.getByRole('link', { name: new RegExp(ticketKey) }).click();
    const thread = page.getByRole('list', { name: 'Conversation' });
    await expect.poll(() => thread.innerText()).toContain('We restarted the sync service');
    expect(await thread.innerText()).not.toContain('vendor ticket V-991');
    expect(await page.getByText('Internal note').count()).toBe(0);
    await page.getByLabel('Your reply').fill('Thanks, the scanner syncs again.');
    await page.getByRole('button', { name: 'Send the reply' }).click();
    await expect.poll(() => page.getByText('Your reply is sent to the provider.').count()).toBe(1);
    await expect.poll(() => thread.innerText()).toContain('Thanks, the scanner syncs again.');
    await screenshot(page, 'portal-conversation');
    await expectAccessible(page, 'portal conversation');
    expect(customer.errors).toEqual([]);
    await customer.close();

    const provider = await signedInApi(context.baseUrl, agent);
    const messages = (await provider('GET', `/api/v1/tickets/${ticketId}/messages`)).items as { text: string }[];
    expect(messages.some((message) => message.text.includes('Thanks, the scanner syncs again.'))).toBe(true);
  });

  it('lets a manager give mail from an unknown sender its customer, and opens a ticket by phone', async () => {
    expect(customerId).not.toBe('');
    const admin = await signedInApi(context.baseUrl, context.admin);
    const mailboxes = await admin('GET', '/api/v1/mailboxes');
    const mailbox = (mailboxes.items ?? mailboxes.data).find((entry: { name: string }) => entry.name.endsWith(run));
    const stranger = `dispatch@depot-${run}.example`;
    const taken = await postMail(
      `${context.baseUrl}/api/v1/mail/inbound?mailbox=${mailbox.id}`,
      strangerMessage(stranger),
    );
    expect(taken).toMatchObject({ outcome: 'triage' });

    const manager = await newPage(browser, { width: 1280, height: 800 });
    const page = manager.page;
    await signIn(page, context.baseUrl, context.manager);
    await page.getByRole('link', { name: 'Mail triage' }).click();
    const item = page.getByRole('article', { name: `Mail from ${stranger}` });
    await expect.poll(() => item.count()).toBe(1);
    await screenshot(page, 'mail-triage');
    await expectAccessible(page, 'mail triage');
    await item.getByLabel('Customer').selectOption(customerId);
    await item.getByLabel('Next time').selectOption('contact');
    await item.getByRole('button', { name: 'Open the ticket for this customer' }).click();
    await expect.poll(() => page.getByText(/Ticket T-\d+ is opened/).count()).toBe(1);

    await page.getByRole('tab', { name: 'Mail log' }).click();
    const log = page.getByRole('region', { name: 'Mail received, newest first' });
    await expect.poll(() => log.innerText()).toContain(stranger);
    await screenshot(page, 'mail-log');
    await expectAccessible(page, 'mail log');

    await page.goto(`${context.baseUrl}/tickets/new-call`);
    await page.getByLabel('Customer').selectOption(customerId);
    await page.getByLabel('Title').fill(`Gate 5 printer jammed (${run})`);
    await page.getByLabel('Caller').fill(contact.name);
    await page.getByLabel('Duration').fill('3');
    await page.getByLabel('Summary').fill('Label printer at gate 5 jams on every second label.');
    await screenshot(page, 'ticket-new-by-phone');
    await page.getByRole('button', { name: 'Open the ticket' }).click();
    await page.waitForURL(/\/tickets\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toContain('Gate 5 printer jammed');
    expect(await page.getByText('by phone').count()).toBeGreaterThan(0);
    const thread = page.getByRole('list', { name: 'Conversation' });
    await expect.poll(() => thread.innerText()).toContain('Label printer at gate 5 jams');
    expect(await thread.innerText()).toContain('3 min');
    expect(manager.errors).toEqual([]);
    await manager.close();
  });
});
