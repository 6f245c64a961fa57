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
