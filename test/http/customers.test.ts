import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiFixture, createApiFixture } from '../support/api-fixture.ts';
import { testBackends } from '../support/test-database.ts';

describe.each(testBackends)('customers API ($name)', (backend) => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await createApiFixture(backend);
  });
  afterAll(() => api?.close());

  it('creates, reads, lists with search, pages and sorts, updates and deletes a customer, auditing each change', async () => {
    const created = await api.request('manager', 'POST', '/api/v1/customers', {
      slug: 'umbrella',
      name: 'Umbrella Corp',
      timezone: 'Europe/Warsaw',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ slug: 'umbrella', name: 'Umbrella Corp', timezone: 'Europe/Warsaw' });
    const id = created.body.id;

    expect((await api.request('agent', 'GET', `/api/v1/customers/${id}`)).body.name).toBe('Umbrella Corp');
    const search = await api.request('viewer', 'GET', '/api/v1/customers?search=umb');
    expect(search.body.data.map((customer: { slug: string }) => customer.slug)).toEqual(['umbrella']);
    const paged = await api.request('viewer', 'GET', '/api/v1/customers?limit=2&offset=1&sort=-name');
    expect(paged.body.page).toEqual({ total: 3, limit: 2, offset: 1 });
    expect(paged.body.data.map((customer: { slug: string }) => customer.slug)).toEqual(['globex', 'acme']);

    const updated = await api.request('manager', 'PATCH', `/api/v1/customers/${id}`, { name: 'Umbrella Corporation' });
    expect(updated.body.name).toBe('Umbrella Corporation');
    expect((await api.request('manager', 'DELETE', `/api/v1/customers/${id}`)).status).toBe(204);
    expect((await api.request('manager', 'GET', `/api/v1/customers/${id}`)).status).toBe(404);

    const audit = await api.request('admin', 'GET', `/api/v1/audit?entityId=${id}`);
    expect(audit.body.data.map((entry: { action: string }) => entry.action)).toEqual([
      'customer.deleted',
      'customer.updated',
      'customer.created',
    ]);
    expect(audit.body.data[1].before.name).toBe('Umbrella Corp');
    expect(audit.body.data[1].after.name).toBe('Umbrella Corporation');
    expect(audit.body.data[0].actor.label).toBe('token test manager');
  });

  it('refuses duplicates, bad input and unknown fields with 4xx and the error body', async () => {
    const duplicate = await api.request('manager', 'POST', '/api/v1/customers', { slug: 'acme', name: 'Again' });
    expect(duplicate).toMatchObject({ status: 409, body: { error: { code: 'CUSTOMER_EXISTS' } } });
    const unknownField = await api.request('manager', 'POST', '/api/v1/customers', {
      slug: 'x1',
      name: 'X',
      colour: 'red',
    });
    expect(unknownField).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    const badZone = await api.request('manager', 'POST', '/api/v1/customers', {
      slug: 'x2',
      name: 'X',
      timezone: 'Mars/Base',
    });
    expect(badZone.body.error.message).toContain('IANA');
    const malformed = await api.request('manager', 'POST', '/api/v1/customers', '{"slug": ', {
      'content-type': 'application/json',
    });
    expect(malformed).toMatchObject({ status: 400, body: { error: { code: 'MALFORMED_JSON' } } });
    const badId = await api.request('manager', 'GET', '/api/v1/customers/not-a-uuid');
    expect(badId.status).toBe(400);
    const unknownId = await api.request('manager', 'GET', '/api/v1/customers/00000000-0000-4000-8000-000000000000');
    expect(unknownId).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    const huge = await api.request('manager', 'POST', '/api/v1/customers', { slug: 'x3', name: 'x'.repeat(2_000_000) });
    expect(huge).toMatchObject({ status: 413, body: { error: { code: 'BODY_TOO_LARGE' } } });
  });

  it('shows a customer representative only their own customer', async () => {
    const list = await api.request('customer', 'GET', '/api/v1/customers');
    expect(list.body.data.map((customer: { slug: string }) => customer.slug)).toEqual(['acme']);
    expect((await api.request('customer', 'GET', `/api/v1/customers/${api.world.alpha.globex}`)).status).toBe(404);
    expect((await api.request('foreignAdmin', 'GET', `/api/v1/customers/${api.world.alpha.acme}`)).status).toBe(404);
  });

  it('keeps contacts and marks signatories', async () => {
    const contact = await api.request('manager', 'POST', `/api/v1/customers/${api.world.alpha.acme}/contacts`, {
      name: 'Jan Kowalski',
      email: 'Jan.Kowalski@acme.example',
      signatory: true,
    });
    expect(contact).toMatchObject({ status: 201, body: { email: 'jan.kowalski@acme.example', signatory: true } });
    const contacts = await api.request('customer', 'GET', `/api/v1/customers/${api.world.alpha.acme}/contacts`);
    expect(contacts.body.data).toHaveLength(1);
    expect(
      (await api.request('otherCustomer', 'GET', `/api/v1/customers/${api.world.alpha.acme}/contacts`)).status,
    ).toBe(404);
  });
});

describe.each(testBackends)('customers e-mail domains and contacts (decision 0041) ($name)', (backend) => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await createApiFixture(backend);
  });
  afterAll(() => api?.close());

  it('stores e-mail domains in lower case without duplicates and gives a domain to one customer only', async () => {
    const created = await api.request('manager', 'POST', '/api/v1/customers', {
      slug: 'wayne',
      name: 'Wayne Enterprises',
      emailDomains: ['Wayne.example', '@wayne-labs.example', 'wayne.example.'],
    });
    expect(created).toMatchObject({
      status: 201,
      body: { emailDomains: ['wayne-labs.example', 'wayne.example'] },
    });
    const read = await api.request('agent', 'GET', `/api/v1/customers/${created.body.id}`);
    expect(read.body.emailDomains).toEqual(['wayne-labs.example', 'wayne.example']);

    const taken = await api.request('manager', 'PATCH', `/api/v1/customers/${api.world.alpha.acme}`, {
      emailDomains: ['acme.example', 'WAYNE.example'],
    });
    expect(taken).toMatchObject({
      status: 409,
      body: {
        error: {
          code: 'EMAIL_DOMAIN_TAKEN',
          details: {
            field: 'emailDomains',
            domain: 'wayne.example',
            customerId: created.body.id,
            customerName: 'Wayne Enterprises',
          },
        },
      },
    });
    // Refused as a whole: acme did not get the free domain either.
    expect(
      (await api.request('manager', 'GET', `/api/v1/customers/${api.world.alpha.acme}`)).body.emailDomains,
    ).toEqual([]);
    // The customer keeps its own domains when it saves them again, and can give one up for another customer.
    const again = await api.request('manager', 'PATCH', `/api/v1/customers/${created.body.id}`, {
      emailDomains: ['wayne.example'],
    });
    expect(again).toMatchObject({ status: 200, body: { emailDomains: ['wayne.example'] } });
    const moved = await api.request('manager', 'PATCH', `/api/v1/customers/${api.world.alpha.acme}`, {
      emailDomains: ['wayne-labs.example'],
    });
    expect(moved).toMatchObject({ status: 200, body: { emailDomains: ['wayne-labs.example'] } });
    // Another workspace may name the same domain: domains are unique per workspace.
    const foreign = await api.request('foreignAdmin', 'PATCH', `/api/v1/customers/${api.world.beta.initech}`, {
      emailDomains: ['wayne.example'],
    });
    expect(foreign.status).toBe(200);
  });

  it('refuses what is not a domain name, a public mail provider, and a bad time zone, naming the field', async () => {
    for (const bad of ['acme', 'acme..example', 'jan@acme.example', '-acme.example', '10.0.0.1', 'a b.example']) {
      const answer = await api.request('manager', 'PATCH', `/api/v1/customers/${api.world.alpha.globex}`, {
        emailDomains: [bad],
      });
      expect(answer, bad).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
      expect(answer.body.error.details.issues[0].path).toBe('body.emailDomains.0');
      expect(answer.body.error.message).toContain('domain name');
    }
    const publicDomain = await api.request('manager', 'PATCH', `/api/v1/customers/${api.world.alpha.globex}`, {
      emailDomains: ['globex.example', 'Gmail.com'],
    });
    expect(publicDomain.status).toBe(400);
    expect(publicDomain.body.error.details.issues[0]).toMatchObject({ path: 'body.emailDomains.1' });
    expect(publicDomain.body.error.message).toContain('public mail provider');
    const zone = await api.request('manager', 'PATCH', `/api/v1/customers/${api.world.alpha.globex}`, {
      timezone: 'Europe/Atlantis',
    });
    expect(zone.body.error.details.issues[0]).toMatchObject({ path: 'body.timezone' });
    const tooMany = await api.request('manager', 'PATCH', `/api/v1/customers/${api.world.alpha.globex}`, {
      emailDomains: Array.from({ length: 51 }, (_, index) => `d${index}.example`),
    });
    expect(tooMany.status).toBe(400);
    expect(
      (await api.request('agent', 'PATCH', `/api/v1/customers/${api.world.alpha.globex}`, { name: 'X' })).status,
    ).toBe(403);
  });

  it("keeps a contact's phone and role, changes and clears fields, and gives an address to one contact only", async () => {
    const base = `/api/v1/customers/${api.world.alpha.acme}/contacts`;
    const added = await api.request('manager', 'POST', base, {
      name: 'Ewa Nowak',
      email: 'Ewa.Nowak@acme.example',
      phone: '+48 22 123 45 67 ext. 12',
      role: 'key user',
      title: 'ERP lead',
    });
    expect(added).toMatchObject({
      status: 201,
      body: { email: 'ewa.nowak@acme.example', phone: '+48 22 123 45 67 ext. 12', role: 'key user', signatory: false },
    });
    expect(added.body).not.toHaveProperty('workspaceId');

    const changed = await api.request('manager', 'PATCH', `${base}/${added.body.id}`, {
      signatory: true,
      phone: null,
      role: 'escalation contact',
    });
    expect(changed).toMatchObject({
      status: 200,
      body: { name: 'Ewa Nowak', phone: null, role: 'escalation contact', signatory: true, title: 'ERP lead' },
    });
    const listed = await api.request('customer', 'GET', base);
    expect(listed.body.data.find((contact: { id: string }) => contact.id === added.body.id)).toMatchObject({
      role: 'escalation contact',
      signatory: true,
    });

    const badPhone = await api.request('manager', 'PATCH', `${base}/${added.body.id}`, { phone: 'call me maybe' });
    expect(badPhone.body.error.details.issues[0]).toMatchObject({ path: 'body.phone' });
    expect(badPhone.status).toBe(400);

    // The same address at another customer (or twice at this one) would make its mail ambiguous.
    const elsewhere = await api.request('manager', 'POST', `/api/v1/customers/${api.world.alpha.globex}/contacts`, {
      name: 'Ewa again',
      email: 'EWA.NOWAK@acme.example',
    });
    expect(elsewhere).toMatchObject({
      status: 409,
      body: { error: { code: 'CONTACT_EMAIL_TAKEN', details: { field: 'email', customerId: api.world.alpha.acme } } },
    });
    const second = await api.request('manager', 'POST', base, { name: 'Second', email: 'second@acme.example' });
    const clash = await api.request('manager', 'PATCH', `${base}/${second.body.id}`, {
      email: 'ewa.nowak@acme.example',
    });
    expect(clash.status).toBe(409);
    // Saving a contact with its own address is no conflict.
    expect(
      (await api.request('manager', 'PATCH', `${base}/${added.body.id}`, { email: 'ewa.nowak@acme.example' })).status,
    ).toBe(200);

    const hidden = await api.request(
      'manager',
      'PATCH',
      `/api/v1/customers/${api.world.alpha.globex}/contacts/${added.body.id}`,
      {
        name: 'Moved?',
      },
    );
    expect(hidden.status).toBe(404);
    const audit = await api.request('admin', 'GET', `/api/v1/audit?entityId=${added.body.id}`);
    const actions = audit.body.data.map((entry: { action: string }) => entry.action);
    expect(actions).toEqual(['contact.updated', 'contact.updated', 'contact.created']);
    expect(audit.body.data[1].before).toMatchObject({ role: 'key user', signatory: false });
    expect(audit.body.data[1].after).toMatchObject({ role: 'escalation contact', signatory: true });

    expect((await api.request('manager', 'DELETE', `${base}/${added.body.id}`)).status).toBe(204);
    expect((await api.request('manager', 'PATCH', `${base}/${added.body.id}`, { name: 'Gone' })).status).toBe(404);
  });
});
