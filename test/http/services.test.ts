import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiFixture, createApiFixture, type TestUser } from '../support/api-fixture.ts';
import { testBackends } from '../support/test-database.ts';

describe.each(testBackends)('services API ($name)', (backend) => {
  let api: ApiFixture;
  let owner: TestUser;
  let otherOwner: TestUser;
  beforeAll(async () => {
    api = await createApiFixture(backend);
    owner = await api.userOf('owner');
    otherOwner = await api.signInNewUser({ email: 'kasia@northwind-erp.example', role: 'owner' });
  });
  afterAll(() => api?.close());

  it('lets managers manage every service and everyone with services.read see them', async () => {
    const erp = await api.request('manager', 'POST', '/api/v1/services', {
      slug: 'erp',
      name: 'ERP production',
      ownerUserId: owner.user.id,
    });
    expect(erp).toMatchObject({ status: 201, body: { slug: 'erp', ownerUserId: owner.user.id } });
    const edi = await api.request('admin', 'POST', '/api/v1/services', { slug: 'edi', name: 'EDI gateway' });
    expect(edi).toMatchObject({ status: 201, body: { ownerUserId: null } });

    expect((await api.request('customer', 'GET', `/api/v1/services/${erp.body.id}`)).body.name).toBe('ERP production');
    const list = await api.request('agent', 'GET', '/api/v1/services?sort=-slug');
    expect(list.body.data.map((service: { slug: string }) => service.slug)).toEqual(['erp', 'edi']);
    const mine = await api.request('viewer', 'GET', `/api/v1/services?owner=${owner.user.id}`);
    expect(mine.body).toMatchObject({ data: [{ slug: 'erp' }], page: { total: 1 } });
    const search = await api.request('viewer', 'GET', '/api/v1/services?search=gate');
    expect(search.body.data.map((service: { slug: string }) => service.slug)).toEqual(['edi']);
    expect((await api.request('foreignAdmin', 'GET', `/api/v1/services/${erp.body.id}`)).status).toBe(404);

    const handedOver = await api.request('manager', 'PATCH', `/api/v1/services/${edi.body.id}`, {
      ownerUserId: otherOwner.user.id,
    });
    expect(handedOver).toMatchObject({ status: 200, body: { ownerUserId: otherOwner.user.id } });
    const audit = await api.request('admin', 'GET', `/api/v1/audit?entityId=${edi.body.id}`);
    expect(audit.body.data.map((entry: { action: string }) => entry.action)).toEqual([
      'service.updated',
      'service.created',
    ]);
  });

  it('lets a service owner change only the services they own', async () => {
    const services = (await api.request('viewer', 'GET', '/api/v1/services')).body.data as {
      id: string;
      slug: string;
    }[];
    const erp = services.find((service) => service.slug === 'erp')!.id;
    const edi = services.find((service) => service.slug === 'edi')!.id;

    const renamed = await api.requestAsUser(owner, 'PATCH', `/api/v1/services/${erp}`, { name: 'ERP (production)' });
    expect(renamed).toMatchObject({ status: 200, body: { name: 'ERP (production)' } });
    const notMine = await api.requestAsUser(owner, 'PATCH', `/api/v1/services/${edi}`, { name: 'Mine now' });
    expect(notMine).toMatchObject({ status: 403, body: { error: { code: 'SERVICE_NOT_OWNED' } } });
    expect((await api.requestAsUser(owner, 'DELETE', `/api/v1/services/${edi}`)).status).toBe(403);
    const giveAway = await api.requestAsUser(owner, 'PATCH', `/api/v1/services/${erp}`, {
      ownerUserId: otherOwner.user.id,
    });
    expect(giveAway).toMatchObject({ status: 403, body: { error: { code: 'SERVICE_NOT_OWNED' } } });
    // An owner's API token has no person behind it, so it owns nothing.
    expect((await api.request('owner', 'PATCH', `/api/v1/services/${erp}`, { name: 'x' })).status).toBe(403);

    const created = await api.requestAsUser(owner, 'POST', '/api/v1/services', { slug: 'wms', name: 'Warehouse' });
    expect(created).toMatchObject({ status: 201, body: { ownerUserId: owner.user.id } });
    const forSomeoneElse = await api.requestAsUser(owner, 'POST', '/api/v1/services', {
      slug: 'crm',
      name: 'CRM',
      ownerUserId: otherOwner.user.id,
    });
    expect(forSomeoneElse).toMatchObject({ status: 403, body: { error: { code: 'SERVICE_NOT_OWNED' } } });
    expect((await api.requestAsUser(owner, 'DELETE', `/api/v1/services/${created.body.id}`)).status).toBe(204);
    expect((await api.request('agent', 'DELETE', `/api/v1/services/${erp}`)).status).toBe(403);
  });

  it('refuses bad input of every kind with a 4xx and the error body', async () => {
    const post = (body: unknown, headers?: Record<string, string>) =>
      api.request('manager', 'POST', '/api/v1/services', body, headers);
    expect(await post({ slug: 'erp', name: 'Again' })).toMatchObject({
      status: 409,
      body: { error: { code: 'SERVICE_EXISTS' } },
    });
    const customerOwner = await api.userOf('customer');
    const badOwner = await post({ slug: 'portal', name: 'Portal', ownerUserId: customerOwner.user.id });
    expect(badOwner).toMatchObject({ status: 400, body: { error: { code: 'SERVICE_OWNER_INVALID' } } });
    const nobody = await post({ slug: 'portal', name: 'Portal', ownerUserId: '00000000-0000-4000-8000-000000000000' });
    expect(nobody).toMatchObject({ status: 400, body: { error: { code: 'SERVICE_OWNER_INVALID' } } });
    for (const body of [
      { slug: 'x', name: 'X', colour: 'red' },
      { slug: 'Has Spaces', name: 'X' },
      { slug: 'x', name: '' },
      { slug: 'x', name: 'X', ownerUserId: 'anna' },
    ]) {
      expect(await post(body)).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    }
    expect(await post('{"slug":', { 'content-type': 'application/json' })).toMatchObject({
      status: 400,
      body: { error: { code: 'MALFORMED_JSON' } },
    });
    expect((await api.request('manager', 'GET', '/api/v1/services/erp')).status).toBe(400);
    const unknown = await api.request('manager', 'PATCH', '/api/v1/services/00000000-0000-4000-8000-000000000000', {
      name: 'X',
    });
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    expect((await api.request('viewer', 'GET', '/api/v1/services?owner=anna')).status).toBe(400);
  });
});
