/**
 * Triage's "remember the sender" keeps the customers API's rules (decision 0041): a public mail provider's domain is
 * no customer's, a domain another customer holds is refused naming the holder, and the assignment is refused whole.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiFixture, createApiFixture } from '../support/api-fixture.ts';
import { testBackends } from '../support/test-database.ts';

function rawMail(from: string, subject: string, id: string): string {
  return [
    `From: ${from}`,
    'To: support@provider.example',
    `Subject: ${subject}`,
    `Message-ID: <${id}@sender.example>`,
    'Date: Mon, 07 Dec 2026 09:00:00 +0100',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'The printer is down.',
    '',
  ].join('\r\n');
}

describe.each(testBackends)('remembering a triaged sender ($name)', (backend) => {
  let api: ApiFixture;
  let inbound = '';
  beforeAll(async () => {
    api = await createApiFixture(backend);
    const mailbox = await api.request('admin', 'POST', '/api/v1/mailboxes', { name: 'Forwarded', kind: 'forward' });
    expect(mailbox.status).toBe(201);
    inbound = `/api/v1/mail/inbound?mailbox=${mailbox.body.id}`;
  });
  afterAll(() => api?.close());

  async function triaged(from: string, id: string): Promise<string> {
    const taken = await api.request('admin', 'POST', inbound, rawMail(from, `Request ${id}`, id), {
      'content-type': 'message/rfc822',
    });
    expect(taken).toMatchObject({ status: 202, body: { outcome: 'triage' } });
    const list = await api.request('manager', 'GET', '/api/v1/mail/triage');
    return list.body.items.find((item: { from: string }) => item.from === from.replace(/^.*</, '').replace('>', '')).id;
  }

  it("refuses a public mail provider's domain, and keeps the request in triage", async () => {
    const id = await triaged('Jan <jan.printer@gmail.com>', 'public-1');
    const refused = await api.request('manager', 'POST', `/api/v1/mail/triage/${id}/assign`, {
      customerId: api.world.alpha.acme,
      rememberSender: 'domain',
    });
    expect(refused).toMatchObject({
      status: 400,
      body: { error: { code: 'EMAIL_DOMAIN_PUBLIC', details: { field: 'rememberSender', domain: 'gmail.com' } } },
    });
    const acme = await api.request('manager', 'GET', `/api/v1/customers/${api.world.alpha.acme}`);
    expect(acme.body.emailDomains).not.toContain('gmail.com');
    const still = await api.request('manager', 'GET', '/api/v1/mail/triage');
    expect(still.body.items.map((item: { id: string }) => item.id)).toContain(id);

    // Remembering the address instead is fine: the sender becomes a contact of the customer.
    const assigned = await api.request('manager', 'POST', `/api/v1/mail/triage/${id}/assign`, {
      customerId: api.world.alpha.acme,
      rememberSender: 'contact',
    });
    expect(assigned.status).toBe(201);
    const contacts = await api.request('manager', 'GET', `/api/v1/customers/${api.world.alpha.acme}/contacts`);
    expect(contacts.body.data.map((contact: { email: string }) => contact.email)).toContain('jan.printer@gmail.com');
  });

  it('refuses a domain another customer took meanwhile, naming it', async () => {
    const id = await triaged('ops@late-arrival.example', 'late-1');
    const globex = await api.request('manager', 'PATCH', `/api/v1/customers/${api.world.alpha.globex}`, {
      emailDomains: ['late-arrival.example'],
    });
    expect(globex.status).toBe(200);
    const refused = await api.request('manager', 'POST', `/api/v1/mail/triage/${id}/assign`, {
      customerId: api.world.alpha.acme,
      rememberSender: 'domain',
    });
    expect(refused).toMatchObject({
      status: 409,
      body: {
        error: {
          code: 'EMAIL_DOMAIN_TAKEN',
          details: { field: 'rememberSender', domain: 'late-arrival.example', customerId: api.world.alpha.globex },
        },
      },
    });
    const acme = await api.request('manager', 'GET', `/api/v1/customers/${api.world.alpha.acme}`);
    expect(acme.body.emailDomains).not.toContain('late-arrival.example');
  });
});
