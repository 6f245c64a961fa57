import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiFixture, createApiFixture } from '../support/api-fixture.ts';
import { testBackends } from '../support/test-database.ts';
import { auditActions } from './facts/facts-support.ts';

describe.each(testBackends)('outages API ($name)', (backend) => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await createApiFixture(backend);
  });
  afterAll(() => api?.close());

  it('records an ongoing outage, ends it, changes and deletes it, auditing each change', async () => {
    const created = await api.request('manager', 'POST', '/api/v1/outages', {
      service: 'shop-platform',
      startsAt: '2026-10-04T21:15:00+02:00',
      severity: 'full',
      customerId: api.world.alpha.acme,
      externalRef: 'PD-1234',
      description: 'Checkout answers 502',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      service: 'shop-platform',
      startsAt: '2026-10-04T19:15:00.000Z',
      endsAt: null,
      ongoing: true,
      severity: 'full',
      source: 'api',
      externalRef: 'PD-1234',
      customerId: api.world.alpha.acme,
    });
    const id = created.body.id;
    expect((await api.request('agent', 'GET', `/api/v1/outages/${id}`)).body.description).toBe('Checkout answers 502');

    const ended = await api.request('owner', 'PATCH', `/api/v1/outages/${id}`, { endsAt: '2026-10-04T19:47:00Z' });
    expect(ended).toMatchObject({ status: 200, body: { ongoing: false, endsAt: '2026-10-04T19:47:00.000Z' } });
    const partial = await api.request('manager', 'PATCH', `/api/v1/outages/${id}`, { severity: 'partial' });
    expect(partial.body.severity).toBe('partial');
    // The same values again change nothing and audit nothing.
    expect((await api.request('manager', 'PATCH', `/api/v1/outages/${id}`, { severity: 'partial' })).status).toBe(200);
    expect((await api.request('manager', 'DELETE', `/api/v1/outages/${id}`)).status).toBe(204);
    expect(await api.request('manager', 'GET', `/api/v1/outages/${id}`)).toMatchObject({
      status: 404,
      body: { error: { code: 'NOT_FOUND' } },
    });

    expect(await auditActions(api, id)).toEqual(['outage.deleted', 'outage.updated', 'outage.ended', 'outage.created']);
    const audit = await api.request('admin', 'GET', `/api/v1/audit?entityId=${id}&action=outage.ended`);
    expect(audit.body.data[0]).toMatchObject({
      entityType: 'outage',
      customerId: api.world.alpha.acme,
      before: { endsAt: null },
      actor: { label: 'token test owner' },
    });
    expect(audit.body.data[0].after.endsAt).toBe(Date.parse('2026-10-04T19:47:00Z'));
  });

  it('filters by service, customer, severity, state and time overlap, sorts by start and pages', async () => {
    const { acme, globex } = api.world.alpha;
    const record = async (body: Record<string, unknown>) => {
      const response = await api.request('manager', 'POST', '/api/v1/outages', { source: 'filters', ...body });
      expect(response.status).toBe(201);
      return response.body.id as string;
    };
    const wide = await record({
      service: 'database',
      startsAt: '2026-09-01T10:00:00Z',
      endsAt: '2026-09-01T11:00:00Z',
      severity: 'full',
    });
    const acmeOne = await record({
      service: 'database',
      startsAt: '2026-09-02T10:00:00Z',
      endsAt: '2026-09-02T10:30:00Z',
      severity: 'partial',
      customerId: acme,
    });
    const globexOne = await record({
      service: 'database',
      startsAt: '2026-09-03T10:00:00Z',
      endsAt: '2026-09-03T12:00:00Z',
      severity: 'full',
      customerId: globex,
    });
    const ongoing = await record({ service: 'edi', startsAt: '2026-09-20T08:00:00Z', severity: 'partial' });

    const ids = async (query: string) =>
      (await api.request('viewer', 'GET', `/api/v1/outages?source=filters&${query}`)).body.data.map(
        (o: { id: string }) => o.id,
      );
    expect(await ids('')).toEqual([wide, acmeOne, globexOne, ongoing]);
    expect(await ids('sort=-startsAt')).toEqual([ongoing, globexOne, acmeOne, wide]);
    expect(await ids('service=database')).toEqual([wide, acmeOne, globexOne]);
    expect(await ids(`customerId=${acme}`)).toEqual([wide, acmeOne, ongoing]);
    expect(await ids('workspaceWide=true')).toEqual([wide, ongoing]);
    expect(await ids('workspaceWide=false')).toEqual([acmeOne, globexOne]);
    expect(await ids('severity=partial')).toEqual([acmeOne, ongoing]);
    expect(await ids('ongoing=true')).toEqual([ongoing]);
    // Overlap with [from, to): touching at an end does not overlap; an ongoing outage extends to now and beyond.
    expect(await ids('from=2026-09-01T11:00:00Z&to=2026-09-03T10:00:00Z')).toEqual([acmeOne]);
    expect(await ids('from=2026-09-03T11:59:00Z')).toEqual([globexOne, ongoing]);
    expect(await ids('from=2026-10-01T00:00:00Z&to=2026-10-02T00:00:00Z')).toEqual([ongoing]);
    expect(await ids('to=2026-09-02T10:00:01Z')).toEqual([wide, acmeOne]);

    const paged = await api.request('viewer', 'GET', '/api/v1/outages?source=filters&limit=2&offset=1');
    expect(paged.body.page).toEqual({ total: 4, limit: 2, offset: 1 });
    expect(paged.body.data.map((o: { id: string }) => o.id)).toEqual([acmeOne, globexOne]);
  });

  it('answers bad input with 4xx and a stable code', async () => {
    const base = { service: 'shop-platform', startsAt: '2026-10-01T10:00:00Z', severity: 'full' };
    const post = (body: unknown) => api.request('manager', 'POST', '/api/v1/outages', body);

    const backwards = await post({ ...base, endsAt: '2026-10-01T09:00:00Z' });
    expect(backwards).toMatchObject({ status: 400, body: { error: { code: 'TIME_RANGE_INVALID' } } });
    expect(backwards.body.error.details).toEqual({ startsAt: '2026-10-01T10:00:00Z', endsAt: '2026-10-01T09:00:00Z' });
    expect((await post({ ...base, endsAt: base.startsAt })).body.error.code).toBe('TIME_RANGE_INVALID');

    const severity = await post({ ...base, severity: 'total' });
    expect(severity).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    expect(severity.body.error.details.issues[0].path).toBe('body.severity');

    const future = await post({ ...base, startsAt: '2026-10-05T09:00:00Z' });
    expect(future).toMatchObject({
      status: 400,
      body: { error: { code: 'TIME_IN_FUTURE', details: { field: 'startsAt' } } },
    });
    // A few minutes of clock skew are tolerated.
    expect((await post({ ...base, startsAt: '2026-10-05T08:04:00Z' })).status).toBe(201);

    const foreignCustomer = await post({ ...base, customerId: api.world.beta.initech });
    expect(foreignCustomer).toMatchObject({
      status: 404,
      body: { error: { code: 'NOT_FOUND', details: { entity: 'customer', id: api.world.beta.initech } } },
    });
    expect((await post({ ...base, startsAt: '2026-10-01 10:00' })).body.error.code).toBe('VALIDATION_FAILED');
    expect((await post({ ...base, service: 'Shop Platform' })).body.error.code).toBe('VALIDATION_FAILED');
    expect((await post({ ...base, colour: 'red' })).body.error.code).toBe('VALIDATION_FAILED');
    expect((await post({ service: 'x' })).status).toBe(400);

    const range = await api.request(
      'viewer',
      'GET',
      '/api/v1/outages?from=2026-10-02T00:00:00Z&to=2026-10-01T00:00:00Z',
    );
    expect(range).toMatchObject({ status: 400, body: { error: { code: 'TIME_RANGE_INVALID' } } });
    expect((await api.request('viewer', 'GET', '/api/v1/outages?ongoing=yes')).status).toBe(400);

    const id = (await post({ ...base, endsAt: '2026-10-01T11:00:00Z' })).body.id;
    const patch = await api.request('manager', 'PATCH', `/api/v1/outages/${id}`, { startsAt: '2026-10-01T12:00:00Z' });
    expect(patch).toMatchObject({ status: 400, body: { error: { code: 'TIME_RANGE_INVALID' } } });
    expect(
      (await api.request('manager', 'PATCH', `/api/v1/outages/${id}`, { customerId: api.world.beta.initech })).status,
    ).toBe(404);
    expect((await api.request('manager', 'GET', '/api/v1/outages/not-an-id')).status).toBe(400);
  });

  it('keeps outages to providers of their workspace: customers are refused, other workspaces see nothing', async () => {
    const created = await api.request('admin', 'POST', '/api/v1/outages', {
      service: 'database',
      startsAt: '2026-09-10T10:00:00Z',
      endsAt: '2026-09-10T10:05:00Z',
      severity: 'full',
      customerId: api.world.alpha.acme,
      source: 'access',
    });
    const id = created.body.id;
    expect((await api.request('customer', 'GET', '/api/v1/outages')).status).toBe(403);
    expect((await api.request('customer', 'GET', `/api/v1/outages/${id}`)).status).toBe(403);
    const valid = { service: 'database', startsAt: '2026-09-10T10:00:00Z', severity: 'full' };
    expect((await api.request('viewer', 'POST', '/api/v1/outages', valid)).status).toBe(403);
    expect((await api.request('agent', 'PATCH', `/api/v1/outages/${id}`, { severity: 'partial' })).status).toBe(403);
    expect((await api.request('foreignAdmin', 'GET', `/api/v1/outages/${id}`)).status).toBe(404);
    expect((await api.request('foreignAdmin', 'DELETE', `/api/v1/outages/${id}`)).status).toBe(404);
    const foreignList = await api.request('foreignAdmin', 'GET', '/api/v1/outages?limit=500');
    expect(foreignList.body.page.total).toBe(0);
  });
});
