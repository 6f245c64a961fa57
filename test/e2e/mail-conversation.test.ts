/**
 * Issue 20 end to end, with every part real: a customer e-mails the provider's support mailbox (a private Dovecot),
 * Covenant — started as `npm start` starts it — reads it with its IMAP watcher and opens a ticket with running clocks;
 * an agent answers in the browser; the answer goes out through a real SMTP server into the customer's Dovecot mailbox,
 * threaded to the request, and meets the first-response clock. The customer's out-of-office answer to it changes
 * nothing; the customer's real answer afterwards is a customer reply.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { ImapFlow } from 'imapflow';
import { type ParsedMail, simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSmtpServer, type TestSmtpServer } from '../notify/support/test-smtp-server.ts';
import { dovecotMissing, startDovecot, type TestDovecot } from '../support/dovecot.ts';
import { freePort } from '../support/free-port.ts';
import { spawnServe, untilExited } from '../support/server-process.ts';
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
const skipReason = context.skipReason ?? dovecotMissing;
if (dovecotMissing !== null) console.warn(`e-mail conversation test skipped: ${dovecotMissing}`);

const run = Date.now().toString(36);
const domain = `orbis-${run}.example`;
const support = { user: 'support', password: `support-${run}-imap`, address: 'support@northwind.example' };
const customerMailbox = { user: 'olga', password: `olga-${run}-imap`, address: `olga@${domain}` };
const contact = { name: 'Olga Orbis', email: customerMailbox.address, password: `olga-portal-${run}-pw` };
const admin = { email: 'admin@northwind.example', password: `admin-${run}-password` };
const manager = { email: 'manager@northwind.example', password: `manager-${run}-password` };
const agent = { email: 'agent@northwind.example', password: `agent-${run}-password` };
const customerSlug = `orbis-${run}`;
const FIRST_RESPONSE = 'first-response';

const requestText = 'Since this morning the label printer at gate 2 prints blank labels. We cannot ship anything.';
const replyText = 'We pushed a new driver to the printer at gate 2. Please print a test label and tell us.';
const customerAnswerText = 'The test label printed fine, thank you.';

/** Round the clock, so the first-response clock runs whatever the day and hour the test runs at. */
function agreementDocument(): string {
  const year = new Date().getUTCFullYear();
  return [
    'apiVersion: covenant/v1',
    'kind: Agreement',
    'metadata:',
    `  id: ${customerSlug}-desk`,
    `  title: Orbis ${run} - service desk (e2e)`,
    `  customer: ${customerSlug}`,
    'spec:',
    `  term: { start: ${year - 1}-01-01, end: ${year + 3}-12-31, renewal: manual, noticeDays: 30, timezone: UTC }`,
    '  review: { every: P3M }',
    '  services:',
    '    - { id: desk, name: Service desk, scope: [incident handling] }',
    '  calendars:',
    '    always: 24x7',
    '  priorities:',
    '    levels: [P1, P2]',
    '    default: P2',
    '  targets:',
    `    - { id: ${FIRST_RESPONSE}, metric: first_response, priorities: [P1, P2], within: PT4H, calendar: always, goal: 95% }`,
    '    - { id: resolution, metric: resolution, priorities: [P1, P2], within: P3D, calendar: always, goal: 90% }',
    '  credits:',
    '    monthlyFee: { amount: 1000, currency: EUR }',
    '    rules:',
    `      - { target: ${FIRST_RESPONSE}, perBreach: 1% }`,
    '    monthlyCap: 10%',
    // Reports go to the provider's reporting address (the relay refuses it), so the customer's mailbox holds only
    // the conversation.
    '  reporting: { period: P1M, dueWithinBusinessDays: 5, recipients: [reports@northwind.example] }',
    '  signatories:',
    `    provider: [${admin.email}]`,
    `    customer: [${contact.email}]`,
    '',
  ].join('\n');
}

const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

/** A message as the customer's mail client (or their out-of-office responder) would send it. */
async function composeMail(mail: {
  subject: string;
  text: string;
  messageId: string;
  inReplyTo?: string;
  references?: readonly string[];
  headers?: Record<string, string>;
}): Promise<Buffer> {
  const info = await composer.sendMail({
    from: { name: contact.name, address: contact.email },
    to: { name: 'Northwind Support', address: support.address },
    subject: mail.subject,
    text: mail.text,
    messageId: mail.messageId,
    date: new Date(),
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
    ...(mail.references ? { references: [...mail.references] } : {}),
    headers: mail.headers ?? {},
  });
  return info.message as Buffer;
}

/** Every message in a user's INBOX, parsed, oldest first. */
async function inboxOf(dovecot: TestDovecot, user: string, password: string): Promise<ParsedMail[]> {
  const imap = new ImapFlow({
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user, pass: password },
    logger: false,
    disableAutoIdle: true,
  });
  await imap.connect();
  try {
    const mailbox = await imap.mailboxOpen('INBOX', { readOnly: true });
    if (mailbox.exists === 0) return [];
    const sources: Buffer[] = [];
    for await (const message of imap.fetch('1:*', { uid: true, source: true })) {
      if (message.source) sources.push(message.source);
    }
    return Promise.all(sources.map((source) => simpleParser(source)));
  } finally {
    await imap.logout().catch(() => imap.close());
  }
}

/**
 * Polls `probe` until it returns a value, however long a busy machine takes; like expect.poll here (vitest.config.ts)
 * it gives up after ten minutes, before the test's own bound, naming what never happened.
 */
async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const giveUpAt = Date.now() + 10 * 60_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > giveUpAt) throw new Error(`gave up waiting for ${what}`);
    await delay(200);
  }
}

interface Clock {
  targetId: string;
  state: string;
  dueAt: string | null;
  cycles: { state: string; start: string; stop: string | null; dueAt: string | null; breachAt: string | null }[];
}

/** What of the clocks must not move when nothing happens (a running cycle's used minutes grow with time). */
function clockFacts(clocks: readonly Clock[]) {
  return clocks.map((clock) => ({
    targetId: clock.targetId,
    state: clock.state,
    dueAt: clock.dueAt,
    cycles: clock.cycles.map(({ state, start, stop, dueAt, breachAt }) => ({ state, start, stop, dueAt, breachAt })),
  }));
}

describe.skipIf(skipReason !== null)('a conversation by e-mail, end to end', () => {
  let dovecot: TestDovecot;
  let smtp: TestSmtpServer;
  let server: { child: ChildProcess; output: () => string };
  let baseUrl = '';
  let browser: Browser;
  // biome-ignore lint/suspicious/noExplicitAny: the signed-in helpers read answers freely
  let asAdmin: (method: string, path: string, body?: unknown) => Promise<any>;
  // biome-ignore lint/suspicious/noExplicitAny: as above
  let asManager: (method: string, path: string, body?: unknown) => Promise<any>;
  // biome-ignore lint/suspicious/noExplicitAny: as above
  let asAgent: (method: string, path: string, body?: unknown) => Promise<any>;
  let dataDirectory = '';
  let customerId = '';
  let mailboxId = '';
  let ticketId = '';
  let ticketKey = '';
  let requestMessageId = '';
  let reply: ParsedMail | undefined;
  let agentPage: { page: Page; errors: string[]; close: () => Promise<void> };

  const customerInbox = () => inboxOf(dovecot, customerMailbox.user, customerMailbox.password);
  const appendToSupport = (raw: Buffer) => dovecot.appendMessages(support.user, 'INBOX', [raw]);
  const ticketMessages = async () =>
    (await asAgent('GET', `/api/v1/tickets/${ticketId}/messages`)).items as {
      kind: string;
      direction: string;
      text: string;
      automaticReason: string | null;
      delivery: { state: string; error: string | null } | null;
    }[];
  const timeline = async () =>
    (await asAgent('GET', `/api/v1/tickets/${ticketId}/timeline`)) as {
      events: { key: string; type: string; channel?: string }[];
      clocks: Clock[];
    };
  const mailLog = async () =>
    (await asManager('GET', '/api/v1/mail/log?limit=500')).items as { from: string; outcome: string }[];
  /** The newest entry of the intake log once it holds `count` entries. */
  const untilLogged = (count: number) =>
    until(`entry ${count} of the intake log`, async () => {
      const log = await mailLog();
      return log.length >= count ? log[0] : undefined;
    });
  const ticketsOfCustomer = async () =>
    (await asAgent('GET', `/api/v1/tickets?customerId=${customerId}`)).data as { id: string }[];

  async function expectAccessible(page: Page, screen: string) {
    const violations = await seriousViolations(page);
    expect(violations, describeViolations(screen, violations)).toEqual([]);
  }

  beforeAll(async () => {
    dovecot = await startDovecot({
      users: { [support.user]: support.password, [customerMailbox.user]: customerMailbox.password },
    });
    // The provider's outgoing relay: it delivers what is addressed to the customer into their mailbox.
    smtp = await startTestSmtpServer({
      refuseRecipient: (address) =>
        address.toLowerCase() === customerMailbox.address ? undefined : { code: 550, text: 'no such mailbox here' },
      deliver: async (mail) => {
        const envelope = `Return-Path: <${mail.mailFrom}>\r\nDelivered-To: ${customerMailbox.address}\r\n`;
        await dovecot.appendMessages(customerMailbox.user, 'INBOX', [Buffer.concat([Buffer.from(envelope), mail.raw])]);
      },
    });
    dataDirectory = mkdtempSync(join(tmpdir(), 'covenant-mail-e2e-'));
    const port = await freePort();
    const started = spawnServe(port, {
      COVENANT_DATA_DIR: dataDirectory,
      COVENANT_ADMIN_EMAIL: admin.email,
      COVENANT_ADMIN_PASSWORD: admin.password,
      COVENANT_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      COVENANT_MAIL_FROM: `Northwind Support <${support.address}>`,
      COVENANT_LOG_LEVEL: 'warn',
    });
    server = started;
    await started.ready;
    baseUrl = `http://127.0.0.1:${port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await agentPage?.close();
    await browser?.close();
    if (server) {
      server.child.kill('SIGTERM');
      await untilExited(server.child);
    }
    await smtp?.close();
    await dovecot?.dispose();
    if (dataDirectory) rmSync(dataDirectory, { recursive: true, force: true });
  });

  it('is set up as a provider would: people, a customer with its contact and agreement, the support mailbox', async () => {
    asAdmin = await signedInApi(baseUrl, admin);
    await asAdmin('POST', '/api/v1/users', { ...manager, name: 'Mira Manager', role: 'manager' });
    await asAdmin('POST', '/api/v1/users', { ...agent, name: 'Adam Agent', role: 'agent' });
    const customer = await asAdmin('POST', '/api/v1/customers', {
      slug: customerSlug,
      name: `Orbis Logistics ${run}`,
      timezone: 'Europe/Warsaw',
    });
    customerId = customer.id;
    await asAdmin('POST', `/api/v1/customers/${customerId}/contacts`, {
      name: contact.name,
      email: contact.email,
      signatory: true,
    });
    await asAdmin('POST', '/api/v1/users', { ...contact, role: 'customer', customerId });
    asManager = await signedInApi(baseUrl, manager);
    asAgent = await signedInApi(baseUrl, agent);

    // The agreement goes through the real approval flow and is put in force.
    const created = await asManager('POST', '/api/v1/agreements', { format: 'yaml', document: agreementDocument() });
    const version = `/api/v1/agreements/${created.agreement.id}/versions/${created.version.id}`;
    const submitted = await asManager('POST', `${version}/submit`);
    await asAdmin('POST', `${version}/approvals/provider`, { contentHash: submitted.contentHash });
    const representative = await signedInApi(baseUrl, { email: contact.email, password: contact.password });
    await representative('POST', `${version}/approvals/customer`, { contentHash: submitted.contentHash });
    await asManager('POST', `${version}/activate`);

    // The support mailbox, read "by sender", acknowledging new requests.
    const mailbox = await asAdmin('POST', '/api/v1/mailboxes', {
      name: 'Support',
      kind: 'imap',
      host: dovecot.host,
      port: dovecot.port,
      tls: 'none',
      username: support.user,
      password: support.password,
      folder: 'INBOX',
      processed: { action: 'flag', folder: null },
      customerId: null,
      service: 'desk',
      acknowledge: true,
    });
    mailboxId = mailbox.id;
    expect(mailbox).toMatchObject({ kind: 'imap', passwordSet: true, enabled: true });
    expect(await asAdmin('POST', `/api/v1/mailboxes/${mailboxId}/check`)).toEqual({ ok: true });
    // The server's own watcher signs in and reports it: `npm start` reads the mailbox without anything else running.
    await expect
      .poll(async () => (await asAdmin('GET', `/api/v1/mailboxes/${mailboxId}`)).status.state, {
        message: 'the mailbox watcher of `covenant serve` never reported on the mailbox',
      })
      .toMatch(/^(idle|polling|connected)$/);
  });

  it('opens a ticket with running clocks from the mail the customer sends, shown to the agent', async () => {
    expect(mailboxId).not.toBe('');
    requestMessageId = `<gate2-${run}@${domain}>`;
    await appendToSupport(
      await composeMail({
        subject: `Label printer at gate 2 prints blank labels (${run})`,
        text: `${requestText}\n\nOlga Orbis\nOrbis Logistics`,
        messageId: requestMessageId,
      }),
    );
    const [ticket] = await until('the ticket opened by the mail', async () => {
      const tickets = await ticketsOfCustomer();
      return tickets.length > 0 ? tickets : undefined;
    });
    ticketId = ticket!.id;
    const opened = await asAgent('GET', `/api/v1/tickets/${ticketId}`);
    ticketKey = opened.key;
    expect(opened).toMatchObject({
      channel: 'email',
      requesterEmail: contact.email,
      priority: 'P2',
      service: 'desk',
      measurement: { state: 'measured' },
    });
    expect(ticketKey).toMatch(/^T-\d+$/);
    const firstResponse = (opened.clocks as Clock[]).find((clock) => clock.targetId === FIRST_RESPONSE);
    expect(firstResponse).toMatchObject({ state: 'running' });
    const log = (await asManager('GET', '/api/v1/mail/log')).items;
    expect(log).toEqual([expect.objectContaining({ mailboxId, from: contact.email, outcome: 'new_ticket', ticketId })]);
    // The watcher marks what was taken in (after the intake committed), so a restart does not read it again.
    await expect.poll(async () => (await dovecot.flagsOf(support.user, 'INBOX'))[0]?.flags).toContain('$Covenant');

    agentPage = await newPage(browser, { width: 1280, height: 900 });
    const { page } = agentPage;
    await signIn(page, baseUrl, agent);
    await page.getByRole('link', { name: 'Tickets', exact: true }).click();
    const row = page.getByRole('link', { name: new RegExp(`^${ticketKey}:`) });
    await expect.poll(() => row.count()).toBe(1);
    await screenshot(page, 'mail-e2e-ticket-list');
    await row.click();
    await page.waitForURL(new RegExp(`/tickets/${ticketId}$`));
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).innerText())
      .toContain(`gate 2 prints blank labels`);
    expect(await page.locator('.ticket-key').innerText()).toBe(ticketKey);
    const thread = page.getByRole('list', { name: 'Conversation' });
    await expect.poll(() => thread.innerText()).toContain(requestText);
    expect(await thread.innerText()).toContain(`Automatic message sent to ${contact.email}`);
    const clock = page.getByRole('region', { name: `Clock ${FIRST_RESPONSE}` });
    await expect.poll(() => clock.locator('.badge').first().innerText()).toBe('running');
    expect(await clock.innerText()).toMatch(/due in /);
    await screenshot(page, 'mail-e2e-ticket-opened');
    await expectAccessible(page, 'ticket opened by mail');
  });

  it("e-mails the agent's reply to the customer, threaded, and meets the first-response clock", async () => {
    expect(ticketId).not.toBe('');
    const { page } = agentPage;
    await page.getByLabel('Reply', { exact: true }).fill(replyText);
    await page.getByRole('button', { name: 'Send the reply' }).click();
    await expect.poll(() => page.getByText('The reply is sent.').count()).toBe(1);

    // The customer's mailbox receives the acknowledgement of the request and the agent's reply.
    const isReply = (message: ParsedMail) => message.text?.includes(replyText) === true;
    const inbox = await until("the reply and the acknowledgement in the customer's mailbox", async () => {
      const messages = await customerInbox();
      return messages.some(isReply) && messages.some((message) => !isReply(message)) ? messages : undefined;
    });
    reply = inbox.find(isReply)!;
    expect(reply.inReplyTo).toBe(requestMessageId);
    expect([reply.references ?? []].flat()).toContain(requestMessageId);
    expect(reply.subject).toContain(`[${ticketKey}]`);
    expect(reply.subject).toMatch(/^Re: /);
    expect(reply.headers.has('auto-submitted')).toBe(false);
    expect(reply.from?.value[0]?.address).toBe(support.address);
    expect(reply.to && !Array.isArray(reply.to) ? reply.to.value.map((to) => to.address) : []).toEqual([contact.email]);
    expect(reply.messageId).toMatch(/@northwind\.example>$/);
    const acknowledgement = inbox.find((message) => !isReply(message));
    expect(acknowledgement?.headers.get('auto-submitted')).toBe('auto-replied');
    expect(acknowledgement?.inReplyTo).toBe(requestMessageId);
    expect(inbox.map((message) => message.subject)).toHaveLength(2);

    const clocks = (await asAgent('GET', `/api/v1/tickets/${ticketId}`)).clocks as Clock[];
    expect(clocks.find((clock) => clock.targetId === FIRST_RESPONSE)).toMatchObject({ state: 'met' });
    const clock = page.getByRole('region', { name: `Clock ${FIRST_RESPONSE}` });
    await expect.poll(() => clock.locator('.badge').first().innerText()).toBe('met');
    // Reloaded, the reply shows as delivered: the relay accepted it.
    await page.reload();
    const sentReply = page.getByRole('article', { name: 'Reply to the customer' });
    await expect.poll(() => sentReply.innerText()).toContain(replyText);
    await expect.poll(() => sentReply.locator('.badge', { hasText: 'sent' }).count()).toBe(1);
    await screenshot(page, 'mail-e2e-reply-sent');
    expect(agentPage.errors).toEqual([]);
  });

  it("keeps the customer's out-of-office answer on the ticket and changes nothing else", async () => {
    expect(reply?.messageId).toBeTruthy();
    const before = await timeline();
    const messagesBefore = await ticketMessages();
    const sentBefore = smtp.received.length;
    const logBefore = (await mailLog()).length;
    await appendToSupport(
      await composeMail({
        subject: `Automatic reply: ${reply!.subject}`,
        text: 'I am out of the office until Monday and will read your message then.',
        messageId: `<ooo-${run}@${domain}>`,
        inReplyTo: reply!.messageId!,
        references: [reply!.messageId!],
        headers: { 'Auto-Submitted': 'auto-replied' },
      }),
    );
    // The intake log and the ticket's messages are written in one transaction: once logged, it is all there.
    const logged = await untilLogged(logBefore + 1);
    expect(logged).toMatchObject({ from: contact.email, outcome: 'automatic', ticketId });
    const automatic = (await ticketMessages()).find(
      (message) => message.kind === 'automatic' && message.direction === 'in',
    );
    expect(automatic).toMatchObject({ automaticReason: 'auto_submitted' });
    expect(automatic?.text).toContain('out of the office');

    const after = await timeline();
    expect(after.events).toEqual(before.events);
    expect(after.events.some((event) => event.type === 'customer_reply')).toBe(false);
    expect(clockFacts(after.clocks)).toEqual(clockFacts(before.clocks));
    expect(await ticketsOfCustomer()).toHaveLength(1);
    // Nothing answered it: no acknowledgement, no reply queued or sent.
    const messagesAfter = await ticketMessages();
    expect(messagesAfter.filter((message) => message.direction === 'out')).toEqual(
      messagesBefore.filter((message) => message.direction === 'out'),
    );
    expect(messagesAfter).toHaveLength(messagesBefore.length + 1);
    expect(smtp.received.length).toBe(sentBefore);

    const { page } = agentPage;
    await page.reload();
    const thread = page.getByRole('list', { name: 'Conversation' });
    const outOfOffice = thread.locator('details[data-kind="automatic"]', { hasText: 'Automatic mail from' });
    await expect.poll(() => outOfOffice.innerText()).toContain(`Automatic mail from ${contact.name}`);
    expect(await outOfOffice.innerText()).toContain('Auto-Submitted header');
    await outOfOffice.locator('summary').click();
    await expect.poll(() => thread.innerText()).toContain('out of the office until Monday');
    const clock = page.getByRole('region', { name: `Clock ${FIRST_RESPONSE}` });
    expect(await clock.locator('.badge').first().innerText()).toBe('met');
    await screenshot(page, 'mail-e2e-out-of-office');
    await expectAccessible(page, 'ticket with an out-of-office answer');
  });

  it("records the customer's real answer to the reply as a customer reply", async () => {
    expect(reply?.messageId).toBeTruthy();
    const eventsBefore = (await timeline()).events;
    const logBefore = (await mailLog()).length;
    await appendToSupport(
      await composeMail({
        subject: `Re: ${reply!.subject}`,
        text: `${customerAnswerText}\n\nOn ${new Date().toUTCString()}, Northwind Support <${support.address}> wrote:\n> ${replyText}`,
        messageId: `<gate2-answer-${run}@${domain}>`,
        inReplyTo: reply!.messageId!,
        references: [requestMessageId, reply!.messageId!],
      }),
    );
    expect(await untilLogged(logBefore + 1)).toMatchObject({ from: contact.email, outcome: 'reply', ticketId });
    const answered = (await timeline()).events;
    expect(answered).toHaveLength(eventsBefore.length + 1);
    expect(answered.at(-1)).toMatchObject({ type: 'customer_reply', channel: 'email' });
    const messages = await ticketMessages();
    expect(messages.at(-1)).toMatchObject({ kind: 'reply', direction: 'in', text: customerAnswerText });
    expect(await ticketsOfCustomer()).toHaveLength(1);

    // Every message Covenant sent on the ticket reached the relay, and nothing else did: the acknowledgement and the reply.
    const outgoing = await until('every message Covenant sent on the ticket delivered', async () => {
      const sent = (await ticketMessages()).filter((message) => message.direction === 'out');
      return sent.every((message) => message.delivery?.state === 'sent') ? sent : undefined;
    });
    expect(outgoing.map((message) => message.kind)).toEqual(['automatic', 'reply']);
    expect(smtp.received.map((mail) => mail.raw.toString('latin1').match(/^Subject: .*$/m)?.[0])).toHaveLength(2);
    expect((await customerInbox()).map((message) => message.subject)).toHaveLength(2);

    const { page } = agentPage;
    await page.reload();
    const thread = page.getByRole('list', { name: 'Conversation' });
    await expect.poll(() => thread.innerText()).toContain(customerAnswerText);
    // The acknowledgement shows its delivery as the reply does.
    const acknowledgement = thread.locator('details[data-kind="automatic"]', { hasText: 'Automatic message sent' });
    expect(await acknowledgement.locator('.badge').innerText()).toBe('sent');
    await screenshot(page, 'mail-e2e-customer-answer');
    expect(agentPage.errors).toEqual([]);
  });
});
