import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiFixture, createApiFixture } from '../support/api-fixture.ts';
import { testBackends } from '../support/test-database.ts';
import { auditActions, insertAgreement } from './facts/facts-support.ts';

describe.each(testBackends)('deliveries API ($name)', (backend) => {
  let api: ApiFixture;
  let acmeAgreement: string;
  let globexAgreement: string;
  let foreignAgreement: string;
  beforeAll(async () => {
    api = await createApiFixture(backend);
    acmeAgreement = await insertAgreement(api, api.world.alpha.workspaceId, api.world.alpha.acme);
    globexAgreement = await insertAgreement(api, api.world.alpha.workspaceId, api.world.alpha.globex);
    foreignAgreement = await insertAgreement(api, api.world.beta.workspaceId, api.world.beta.initech);
  });
  afterAll(() => api?.close());

  const line = (overrides: Record<string, unknown> = {}) => ({
    customerId: api.world.alpha.acme,
    orderId: 'SO-1001',
    lineId: '10',
    orderedQuantity: 100,
    promisedAt: '2026-10-01T06:00:00+02:00',
    ...overrides,
  });

  it('records a line, delivers it, changes and deletes it, auditing each change', async () => {
    const created = await api.request('manager', 'POST', '/api/v1/deliveries', line({ agreementId: acmeAgreement }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      customerId: api.world.alpha.acme,
      agreementId: acmeAgreement,
      orderId: 'SO-1001',
      lineId: '10',
      orderedQuantity: 100,
      deliveredQuantity: null,
      promisedAt: '2026-10-01T04:00:00.000Z',
      deliveredAt: null,
      delivered: false,
    });
    const id = created.body.id;
    const again = await api.request('manager', 'POST', '/api/v1/deliveries', line());
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'DELIVERY_EXISTS', details: { id } } } });

    const delivered = await api.request('owner', 'PATCH', `/api/v1/deliveries/${id}`, {
      deliveredQuantity: 96.5,
      deliveredAt: '2026-10-01T05:40:00Z',
    });
    expect(delivered.body).toMatchObject({ deliveredQuantity: 96.5, delivered: true });
    expect((await api.request('viewer', 'GET', `/api/v1/deliveries/${id}`)).body.deliveredAt).toBe(
      '2026-10-01T05:40:00.000Z',
    );
    expect(
      (await api.request('manager', 'PATCH', `/api/v1/deliveries/${id}`, { deliveredQuantity: 96.5 })).status,
    ).toBe(200);
    expect((await api.request('manager', 'DELETE', `/api/v1/deliveries/${id}`)).status).toBe(204);
    expect((await api.request('manager', 'GET', `/api/v1/deliveries/${id}`)).status).toBe(404);
    expect(await auditActions(api, id)).toEqual(['delivery.deleted', 'delivery.updated', 'delivery.created']);
  });

  it('answers bad lines with 4xx and a stable code', async () => {
    const post = (body: unknown) => api.request('manager', 'POST', '/api/v1/deliveries', body);
    expect(await post(line({ orderId: 'V-1', deliveredQuantity: 5 }))).toMatchObject({
      status: 400,
      body: { error: { code: 'DELIVERY_INCOMPLETE', details: { field: 'deliveredAt' } } },
    });
    expect(await post(line({ orderId: 'V-2', deliveredAt: '2026-10-01T05:00:00Z' }))).toMatchObject({
      status: 400,
      body: { error: { code: 'DELIVERY_INCOMPLETE', details: { field: 'deliveredQuantity' } } },
    });
    const negative = await post(line({ orderId: 'V-3', orderedQuantity: -1 }));
    expect(negative).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    expect(negative.body.error.details.issues[0].path).toBe('body.orderedQuantity');
    expect(
      await post(line({ orderId: 'V-4', deliveredQuantity: 1, deliveredAt: '2026-10-06T00:00:00Z' })),
    ).toMatchObject({
      status: 400,
      body: { error: { code: 'TIME_IN_FUTURE' } },
    });
    expect(await post(line({ orderId: 'V-5', agreementId: globexAgreement }))).toMatchObject({
      status: 400,
      body: { error: { code: 'AGREEMENT_CUSTOMER_MISMATCH' } },
    });
    expect(await post(line({ orderId: 'V-6', agreementId: foreignAgreement }))).toMatchObject({
      status: 404,
      body: { error: { code: 'NOT_FOUND', details: { entity: 'agreement', id: foreignAgreement } } },
    });
    expect(await post(line({ orderId: 'V-7', customerId: api.world.beta.initech }))).toMatchObject({
      status: 404,
      body: { error: { code: 'NOT_FOUND', details: { entity: 'customer' } } },
    });
    expect((await post(line({ orderId: '' }))).body.error.code).toBe('VALIDATION_FAILED');
    const id = (await post(line({ orderId: 'V-8' }))).body.id;
    // The identity of a line cannot change.
    expect((await api.request('manager', 'PATCH', `/api/v1/deliveries/${id}`, { orderId: 'V-9' })).status).toBe(400);
    expect(
      (await api.request('manager', 'PATCH', `/api/v1/deliveries/${id}`, { deliveredQuantity: 3 })).body.error.code,
    ).toBe('DELIVERY_INCOMPLETE');
  });

  it('upserts a batch of 10,000 lines; the same batch again changes and audits nothing', async () => {
    const { globex } = api.world.alpha;
    const lines = Array.from({ length: 10_000 }, (_, index) => ({
      customerId: globex,
      agreementId: globexAgreement,
      orderId: `PO-${Math.floor(index / 4)}`,
      lineId: String((index % 4) + 1),
      orderedQuantity: 10 + (index % 7),
      promisedAt: new Date(Date.parse('2026-07-01T06:00:00Z') + index * 600_000).toISOString(),
      ...(index % 3 === 0 ? {} : { deliveredQuantity: 10 + (index % 7), deliveredAt: '2026-09-30T12:00:00Z' }),
    }));
    const auditBefore = (await api.request('admin', 'GET', '/api/v1/audit?action=delivery.batch_upserted')).body.page
      .total;
    const first = await api.request('manager', 'POST', '/api/v1/deliveries/batch', { lines });
    expect(first).toMatchObject({ status: 200, body: { received: 10_000, created: 10_000, updated: 0, unchanged: 0 } });
    const second = await api.request('manager', 'POST', '/api/v1/deliveries/batch', { lines });
    expect(second.body).toEqual({ received: 10_000, created: 0, updated: 0, unchanged: 10_000 });
    const audit = await api.request('admin', 'GET', '/api/v1/audit?action=delivery.batch_upserted');
    expect(audit.body.page.total).toBe(auditBefore + 1);
    expect(audit.body.data[0]).toMatchObject({ customerId: globex, after: { createdCount: 10_000, updatedCount: 0 } });

    // The last line is left out (nothing happens to it), one line changes, one is new.
    const changed = lines
      .slice(0, 9_999)
      .map((entry, index) =>
        index === 5 ? { ...entry, deliveredQuantity: 1, deliveredAt: '2026-10-02T00:00:00Z' } : entry,
      );
    changed.push({ ...lines[0]!, orderId: 'PO-new' });
    const third = await api.request('manager', 'POST', '/api/v1/deliveries/batch', { lines: changed });
    expect(third.body).toEqual({ received: 10_000, created: 1, updated: 1, unchanged: 9_998 });
    const entry = (await api.request('admin', 'GET', '/api/v1/audit?action=delivery.batch_upserted&limit=1')).body
      .data[0];
    expect(entry.after.updated[0].before).toMatchObject({ orderId: 'PO-1', lineId: '2', deliveredQuantity: 15 });
    expect(entry.after.updated[0].after).toMatchObject({ orderId: 'PO-1', lineId: '2', deliveredQuantity: 1 });
    expect(entry.after.created[0]).toMatchObject({ orderId: 'PO-new', lineId: '1' });

    const list = await api.request('viewer', 'GET', `/api/v1/deliveries?customerId=${globex}&limit=1`);
    expect(list.body.page.total).toBe(10_001);
  });

  it('refuses a whole batch when any line is wrong, saying which', async () => {
    const batch = (lines: unknown[]) => api.request('manager', 'POST', '/api/v1/deliveries/batch', { lines });
    const duplicate = await batch([line({ orderId: 'B-1' }), line({ orderId: 'B-2' }), line({ orderId: 'B-1' })]);
    expect(duplicate).toMatchObject({ status: 400, body: { error: { code: 'DELIVERY_DUPLICATE_LINE' } } });
    expect(duplicate.body.error.details.issues).toEqual([
      expect.objectContaining({ path: 'lines.2', code: 'DELIVERY_DUPLICATE_LINE' }),
    ]);
    const incomplete = await batch([line({ orderId: 'B-3' }), line({ orderId: 'B-4', deliveredQuantity: 4 })]);
    expect(incomplete.body.error).toMatchObject({
      code: 'DELIVERY_INCOMPLETE',
      details: { issues: [{ path: 'lines.1' }] },
    });
    const foreign = await batch([
      line({ orderId: 'B-5' }),
      line({ orderId: 'B-6', customerId: api.world.beta.initech }),
    ]);
    expect(foreign).toMatchObject({
      status: 404,
      body: { error: { code: 'NOT_FOUND', details: { entity: 'customer' } } },
    });
    const mismatch = await batch([line({ orderId: 'B-7', agreementId: globexAgreement })]);
    expect(mismatch.body.error.code).toBe('AGREEMENT_CUSTOMER_MISMATCH');
    expect(mismatch.body.error.message).toContain('lines.0.agreementId');
    // All or nothing: none of these lines was stored.
    const stored = await api.request('viewer', 'GET', '/api/v1/deliveries?limit=500&orderId=B-5');
    expect(stored.body.page.total).toBe(0);
    expect((await batch([])).body.error.code).toBe('VALIDATION_FAILED');
    const tooMany = Array.from({ length: 10_001 }, (_, index) => line({ orderId: `T-${index}` }));
    expect(await batch(tooMany)).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
  });

  it('filters by customer, agreement, order, delivery state and promised range, sorts and pages', async () => {
    const { acme } = api.world.alpha;
    const lines = [
      line({ orderId: 'F-1', lineId: '1', agreementId: acmeAgreement, promisedAt: '2026-08-01T06:00:00Z' }),
      line({
        orderId: 'F-1',
        lineId: '2',
        promisedAt: '2026-08-01T06:00:00Z',
        deliveredQuantity: 5,
        deliveredAt: '2026-08-01T07:00:00Z',
      }),
      line({ orderId: 'F-2', lineId: '1', agreementId: acmeAgreement, promisedAt: '2026-08-03T06:00:00Z' }),
    ];
    expect((await api.request('manager', 'POST', '/api/v1/deliveries/batch', { lines })).body.created).toBe(3);
    const keys = async (query: string) =>
      (
        await api.request(
          'agent',
          'GET',
          `/api/v1/deliveries?customerId=${acme}&from=2026-08-01T00:00:00Z&to=2026-08-05T00:00:00Z&${query}`,
        )
      ).body.data.map((d: { orderId: string; lineId: string }) => `${d.orderId}/${d.lineId}`);
    expect(await keys('')).toEqual(['F-1/1', 'F-1/2', 'F-2/1']);
    expect(await keys('sort=-promisedAt')).toEqual(['F-2/1', 'F-1/1', 'F-1/2']);
    expect(await keys(`agreementId=${acmeAgreement}`)).toEqual(['F-1/1', 'F-2/1']);
    expect(await keys('orderId=F-1')).toEqual(['F-1/1', 'F-1/2']);
    expect(await keys('delivered=true')).toEqual(['F-1/2']);
    expect(await keys('delivered=false&limit=1&offset=1')).toEqual(['F-2/1']);
    const range = await api.request(
      'agent',
      'GET',
      '/api/v1/deliveries?from=2026-08-03T06:00:00Z&to=2026-08-03T06:00:00Z',
    );
    expect(range.body.error.code).toBe('TIME_RANGE_INVALID');
    expect((await api.request('customer', 'GET', '/api/v1/deliveries')).status).toBe(403);
    expect((await api.request('foreignAdmin', 'GET', '/api/v1/deliveries')).body.page.total).toBe(0);
  });
});
