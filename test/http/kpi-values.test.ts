import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiFixture, createApiFixture } from '../support/api-fixture.ts';
import { testBackends } from '../support/test-database.ts';
import { auditActions, insertAgreement } from './facts/facts-support.ts';

describe.each(testBackends)('KPI values API ($name)', (backend) => {
  let api: ApiFixture;
  let agreementId: string;
  let foreignAgreement: string;
  beforeAll(async () => {
    api = await createApiFixture(backend);
    agreementId = await insertAgreement(api, api.world.alpha.workspaceId, api.world.alpha.acme);
    foreignAgreement = await insertAgreement(api, api.world.beta.workspaceId, api.world.beta.initech);
  });
  afterAll(() => api?.close());

  const put = (body: Record<string, unknown>, actor: 'manager' | 'owner' = 'manager') =>
    api.request(actor, 'PUT', '/api/v1/kpi-values', { agreementId, targetId: 'damage-rate', ...body });

  it('upserts by agreement, target and period: created, repeated, replaced, changed, deleted, audited', async () => {
    const created = await put({ period: '2026-09', value: 4.2, note: 'from the WMS damage report' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      agreementId,
      customerId: api.world.alpha.acme,
      targetId: 'damage-rate',
      period: '2026-09',
      value: 4.2,
      note: 'from the WMS damage report',
    });
    const id = created.body.id;
    const repeated = await put({ period: '2026-09', value: 4.2, note: 'from the WMS damage report' });
    expect(repeated).toMatchObject({ status: 200, body: { id, value: 4.2 } });
    const replaced = await put({ period: '2026-09', value: 5.6 }, 'owner');
    expect(replaced).toMatchObject({ status: 200, body: { id, value: 5.6, note: null } });
    const changed = await api.request('manager', 'PATCH', `/api/v1/kpi-values/${id}`, { note: 'corrected' });
    expect(changed.body).toMatchObject({ value: 5.6, note: 'corrected' });
    expect((await api.request('viewer', 'GET', `/api/v1/kpi-values/${id}`)).body.note).toBe('corrected');
    expect((await api.request('manager', 'DELETE', `/api/v1/kpi-values/${id}`)).status).toBe(204);
    expect((await api.request('manager', 'GET', `/api/v1/kpi-values/${id}`)).status).toBe(404);
    expect(await auditActions(api, id)).toEqual([
      'kpi_value.deleted',
      'kpi_value.updated',
      'kpi_value.updated',
      'kpi_value.created',
    ]);
  });

  it('accepts the five kinds of period label in one canonical spelling, and nothing else', async () => {
    for (const [sent, stored] of [
      ['2026', '2026'],
      ['2026-q3', '2026-Q3'],
      ['2026-08', '2026-08'],
      ['2026-w53', '2026-W53'],
      ['2026-02-28', '2026-02-28'],
    ]) {
      const response = await put({ targetId: 'inventory-accuracy', period: sent, value: 99.6 });
      expect(response.status).toBe(201);
      expect(response.body.period).toBe(stored);
    }
    for (const label of [
      '2026-13',
      '2026-00',
      '2025-W53',
      '2026-W00',
      '2026-Q5',
      '2026-02-29',
      '26-10',
      'October',
      '1899-12',
    ]) {
      const response = await put({ period: label, value: 1 });
      expect(response.status).toBe(400);
      expect(response.body.error.code, label).toBe('PERIOD_LABEL_INVALID');
    }
  });

  it('answers wrong references and values with 4xx and a stable code', async () => {
    expect(await put({ targetId: 'line-otif', period: '2026-09', value: 97 })).toMatchObject({
      status: 400,
      body: { error: { code: 'KPI_TARGET_UNKNOWN' } },
    });
    expect(await put({ targetId: 'no-such-target', period: '2026-09', value: 1 })).toMatchObject({
      status: 400,
      body: { error: { code: 'KPI_TARGET_UNKNOWN' } },
    });
    expect(await put({ agreementId: foreignAgreement, period: '2026-09', value: 1 })).toMatchObject({
      status: 404,
      body: { error: { code: 'NOT_FOUND', details: { entity: 'agreement' } } },
    });
    expect((await put({ period: '2026-09', value: 'high' })).body.error.code).toBe('VALIDATION_FAILED');
    expect((await put({ period: '2026-09' })).body.error.code).toBe('VALIDATION_FAILED');
    expect((await put({ period: '2026-09', value: 1, customerId: api.world.alpha.acme })).status).toBe(400);
  });

  it('lists by target and period range of one kind, ordered by period', async () => {
    for (const [period, value] of [
      ['2026-06', 3.1],
      ['2026-07', 4.4],
      ['2026-08', 6.0],
      ['2026-W30', 4.0],
    ] as const) {
      expect((await put({ period, value })).status).toBeLessThan(300);
    }
    const periods = async (query: string) =>
      (await api.request('agent', 'GET', `/api/v1/kpi-values?targetId=damage-rate&${query}`)).body.data.map(
        (value: { period: string }) => value.period,
      );
    expect(await periods('')).toEqual(['2026-06', '2026-07', '2026-08', '2026-W30']);
    expect(await periods('periodFrom=2026-07')).toEqual(['2026-07', '2026-08']);
    expect(await periods('periodFrom=2026-06&periodTo=2026-07')).toEqual(['2026-06', '2026-07']);
    expect(await periods('periodTo=2026-W52')).toEqual(['2026-W30']);
    expect(await periods('period=2026-08')).toEqual(['2026-08']);
    expect(await periods(`agreementId=${agreementId}&limit=1&offset=3`)).toEqual(['2026-W30']);
    const mixed = await api.request('agent', 'GET', '/api/v1/kpi-values?periodFrom=2026-07&periodTo=2026-W40');
    expect(mixed).toMatchObject({ status: 400, body: { error: { code: 'PERIOD_RANGE_INVALID' } } });
    const reversed = await api.request('agent', 'GET', '/api/v1/kpi-values?periodFrom=2026-08&periodTo=2026-07');
    expect(reversed.body.error.code).toBe('PERIOD_RANGE_INVALID');
    expect((await api.request('agent', 'GET', '/api/v1/kpi-values?period=2026-13')).body.error.code).toBe(
      'PERIOD_LABEL_INVALID',
    );
    expect((await api.request('customer', 'GET', '/api/v1/kpi-values')).status).toBe(403);
    expect((await api.request('foreignAdmin', 'GET', '/api/v1/kpi-values')).body.page.total).toBe(0);
  });
});
