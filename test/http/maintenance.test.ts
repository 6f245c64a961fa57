import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiFixture, createApiFixture } from '../support/api-fixture.ts';
import { testBackends } from '../support/test-database.ts';
import { auditActions } from './facts/facts-support.ts';

describe.each(testBackends)('maintenance windows API ($name)', (backend) => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await createApiFixture(backend);
  });
  afterAll(() => api?.close());

  it('records planned maintenance with defaults, changes and deletes it, auditing each change', async () => {
    const created = await api.request('manager', 'POST', '/api/v1/maintenance-windows', {
      services: ['shop-platform', 'database', 'shop-platform'],
      startsAt: '2026-10-08T01:00:00+02:00',
      endsAt: '2026-10-08T05:00:00+02:00',
      customerId: api.world.alpha.acme,
      description: 'PostgreSQL minor upgrade',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'planned_maintenance',
      services: ['database', 'shop-platform'],
      startsAt: '2026-10-07T23:00:00.000Z',
      endsAt: '2026-10-08T03:00:00.000Z',
      // announcedAt defaults to the moment it was recorded (the test clock).
      announcedAt: '2026-10-05T08:00:00.000Z',
      noticeHours: 63,
      pausesClocks: true,
      customerId: api.world.alpha.acme,
    });
    const id = created.body.id;
    expect((await api.request('viewer', 'GET', `/api/v1/maintenance-windows/${id}`)).body.description).toBe(
      'PostgreSQL minor upgrade',
    );
    const moved = await api.request('manager', 'PATCH', `/api/v1/maintenance-windows/${id}`, {
      announcedAt: '2026-10-04T23:00:00Z',
      pausesClocks: false,
      services: [],
    });
    expect(moved.body).toMatchObject({ noticeHours: 72, pausesClocks: false, services: [] });
    expect(
      (await api.request('manager', 'PATCH', `/api/v1/maintenance-windows/${id}`, { pausesClocks: false })).status,
    ).toBe(200);
    expect((await api.request('owner', 'DELETE', `/api/v1/maintenance-windows/${id}`)).status).toBe(204);
    expect((await api.request('owner', 'GET', `/api/v1/maintenance-windows/${id}`)).status).toBe(404);
    expect(await auditActions(api, id)).toEqual([
      'maintenance_window.deleted',
      'maintenance_window.updated',
      'maintenance_window.created',
    ]);
  });

  it('records force-majeure windows that pause clocks by default', async () => {
    const created = await api.request('manager', 'POST', '/api/v1/maintenance-windows', {
      kind: 'force_majeure',
      startsAt: '2026-10-02T06:10:00Z',
      endsAt: '2026-10-02T09:40:00Z',
      announcedAt: '2026-10-02T06:30:00Z',
      description: 'Regional power grid failure',
    });
    expect(created.body).toMatchObject({
      kind: 'force_majeure',
      services: [],
      customerId: null,
      pausesClocks: true,
      noticeHours: -1 / 3,
    });
  });

  it('filters by kind, service, customer, clock pausing and time overlap, sorts by start and pages', async () => {
    const { acme, globex } = api.world.alpha;
    const record = async (body: Record<string, unknown>) => {
      const response = await api.request('manager', 'POST', '/api/v1/maintenance-windows', {
        announcedAt: '2026-08-01T00:00:00Z',
        description: 'filters',
        ...body,
      });
      expect(response.status).toBe(201);
      return response.body.id as string;
    };
    const all = await record({ startsAt: '2026-11-03T00:00:00Z', endsAt: '2026-11-03T04:00:00Z' });
    const db = await record({
      services: ['database'],
      startsAt: '2026-11-05T00:00:00Z',
      endsAt: '2026-11-05T02:00:00Z',
      customerId: acme,
    });
    const web = await record({
      services: ['shop-platform'],
      startsAt: '2026-11-10T00:00:00Z',
      endsAt: '2026-11-10T01:00:00Z',
      customerId: globex,
      pausesClocks: false,
    });
    const fm = await record({
      kind: 'force_majeure',
      services: ['database'],
      startsAt: '2026-11-12T00:00:00Z',
      endsAt: '2026-11-12T06:00:00Z',
    });
    const ids = async (query: string) =>
      (
        await api.request(
          'agent',
          'GET',
          `/api/v1/maintenance-windows?${query.includes('from=') ? '' : 'from=2026-11-01T00:00:00Z&'}${query}`,
        )
      ).body.data.map((w: { id: string }) => w.id);
    expect(await ids('')).toEqual([all, db, web, fm]);
    expect(await ids('sort=-startsAt')).toEqual([fm, web, db, all]);
    expect(await ids('kind=force_majeure')).toEqual([fm]);
    expect(await ids('kind=planned_maintenance')).toEqual([all, db, web]);
    expect(await ids('service=database')).toEqual([all, db, fm]);
    expect(await ids(`customerId=${acme}`)).toEqual([all, db, fm]);
    expect(await ids('workspaceWide=false')).toEqual([db, web]);
    expect(await ids('pausesClocks=false')).toEqual([web]);
    expect(await ids('to=2026-11-05T00:00:00Z')).toEqual([all]);
    expect(await ids('from=2026-11-05T01:59:00Z&to=2026-11-10T00:00:01Z')).toEqual([db, web]);
    const paged = await api.request(
      'agent',
      'GET',
      '/api/v1/maintenance-windows?from=2026-11-01T00:00:00Z&limit=1&offset=3',
    );
    expect(paged.body).toMatchObject({ page: { total: 4, limit: 1, offset: 3 } });
    expect(paged.body.data[0].id).toBe(fm);
  });

  it('answers bad input with 4xx and a stable code', async () => {
    const base = { startsAt: '2026-10-10T01:00:00Z', endsAt: '2026-10-10T03:00:00Z' };
    const post = (body: unknown) => api.request('manager', 'POST', '/api/v1/maintenance-windows', body);
    expect(await post({ ...base, endsAt: '2026-10-10T00:00:00Z' })).toMatchObject({
      status: 400,
      body: { error: { code: 'TIME_RANGE_INVALID' } },
    });
    const kind = await post({ ...base, kind: 'holiday' });
    expect(kind).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    expect(kind.body.error.details.issues[0].path).toBe('body.kind');
    expect(await post({ ...base, announcedAt: '2026-10-06T00:00:00Z' })).toMatchObject({
      status: 400,
      body: { error: { code: 'TIME_IN_FUTURE', details: { field: 'announcedAt' } } },
    });
    expect((await post({ startsAt: base.startsAt })).body.error.code).toBe('VALIDATION_FAILED');
    expect((await post({ ...base, services: ['Web Shop'] })).body.error.code).toBe('VALIDATION_FAILED');
    expect(await post({ ...base, customerId: api.world.beta.initech })).toMatchObject({
      status: 404,
      body: { error: { code: 'NOT_FOUND', details: { entity: 'customer' } } },
    });
    const id = (await post(base)).body.id;
    expect(
      (await api.request('manager', 'PATCH', `/api/v1/maintenance-windows/${id}`, { endsAt: '2026-10-10T01:00:00Z' }))
        .body.error.code,
    ).toBe('TIME_RANGE_INVALID');
  });

  it('refuses customers and hides windows from other workspaces', async () => {
    const id = (
      await api.request('admin', 'POST', '/api/v1/maintenance-windows', {
        startsAt: '2026-10-20T01:00:00Z',
        endsAt: '2026-10-20T02:00:00Z',
        customerId: api.world.alpha.acme,
      })
    ).body.id;
    expect((await api.request('customer', 'GET', '/api/v1/maintenance-windows')).status).toBe(403);
    expect((await api.request('foreignAdmin', 'GET', `/api/v1/maintenance-windows/${id}`)).status).toBe(404);
    expect((await api.request('foreignAdmin', 'GET', '/api/v1/maintenance-windows')).body.page.total).toBe(0);
  });
});
