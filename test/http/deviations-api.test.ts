import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, ApiFixture } from '../support/api-fixture.ts';
import { testBackends } from '../support/test-database.ts';
import {
  at,
  auditActionsOf,
  createMonitoredFixture,
  expectErrorBody,
  openTicket,
  sweepAt,
} from './monitoring-support.ts';

// biome-ignore lint/suspicious/noExplicitAny: API answers are inspected freely
type Item = any;

describe.each(testBackends)('deviations API ($name)', (backend) => {
  let api: ApiFixture;
  let acmeTicket: string;
  let globexTicket: string;
  beforeAll(async () => {
    api = await createMonitoredFixture(backend);
    // The ERP agreement's 100 % escalation level opens a deviation: let the sweep do it for one ticket of each.
    api.clock.current = at('2026-10-05T08:00:00Z');
    acmeTicket = await openTicket(api, { customer: 'acme', title: 'Production line stopped', priority: 'P1' });
    globexTicket = await openTicket(api, { customer: 'globex', title: 'Warehouse scanners down', priority: 'P1' });
    await sweepAt(api, '2026-10-05T08:31:00Z');
  });
  afterAll(() => api?.close());

  const list = async (actor: Actor, query = '') => {
    const response = await api.request(actor, 'GET', `/api/v1/deviations?limit=500${query}`);
    expect(response.status).toBe(200);
    return response.body.data as Item[];
  };
  const deviationOf = async (ticketId: string) => (await list('manager')).find((item) => item.ticketId === ticketId);

  it('lists the deviations the sweep opened; a customer sees only its own', async () => {
    const acme = await deviationOf(acmeTicket);
    expect(acme).toEqual({
      id: expect.any(String),
      customerId: api.world.alpha.acme,
      customerName: 'ACME Manufacturing',
      agreementId: expect.any(String),
      ticketId: acmeTicket,
      targetId: 'p1-response',
      source: 'escalation',
      title: 'p1-response reached 100% on Production line stopped',
      status: 'open',
      note: null,
      evidence: expect.objectContaining({ ticketId: acmeTicket, firingId: expect.any(String) }),
      openedAt: '2026-10-05T08:31:00.000Z',
      closedAt: null,
      updatedAt: '2026-10-05T08:31:00.000Z',
    });
    const globex = await deviationOf(globexTicket);
    expect(globex.customerId).toBe(api.world.alpha.globex);

    const acmeView = await list('customer');
    expect(acmeView.map((item) => item.id)).toContain(acme.id);
    expect(acmeView.every((item) => item.customerId === api.world.alpha.acme)).toBe(true);
    expect(await list('customer', `&customerId=${api.world.alpha.globex}`)).toEqual([]);
    const globexView = await list('otherCustomer');
    expect(globexView.map((item) => item.id)).toEqual([globex.id]);
    expect(await list('foreignAdmin')).toEqual([]);
    expect(await list('foreignCustomer')).toEqual([]);
    expect((await list('agent', `&customerId=${api.world.alpha.globex}`)).map((item) => item.id)).toEqual([globex.id]);
    expect((await list('viewer', '&status=closed')).length).toBe(0);
  });

  it('moves a deviation on with a note, closes and reopens it, auditing each change', async () => {
    const { id } = await deviationOf(acmeTicket);
    api.clock.current = at('2026-10-05T09:00:00Z');
    const started = await api.request('manager', 'PATCH', `/api/v1/deviations/${id}`, {
      status: 'in_progress',
      note: 'Root cause: the on-call rota had a gap; L2 covers it from now on.',
    });
    expect(started).toMatchObject({
      status: 200,
      body: {
        status: 'in_progress',
        closedAt: null,
        note: 'Root cause: the on-call rota had a gap; L2 covers it from now on.',
      },
    });
    api.clock.current = at('2026-10-06T09:00:00Z');
    const closed = await api.request('admin', 'PATCH', `/api/v1/deviations/${id}`, { status: 'closed' });
    expect(closed.body).toMatchObject({
      status: 'closed',
      closedAt: '2026-10-06T09:00:00.000Z',
      note: 'Root cause: the on-call rota had a gap; L2 covers it from now on.',
    });
    // The same again changes nothing and audits nothing.
    expect(
      (await api.request('manager', 'PATCH', `/api/v1/deviations/${id}`, { status: 'closed' })).body.closedAt,
    ).toBe('2026-10-06T09:00:00.000Z');
    const reopened = await api.request('manager', 'PATCH', `/api/v1/deviations/${id}`, { status: 'open', note: null });
    expect(reopened.body).toMatchObject({ status: 'open', closedAt: null, note: null });
    expect(await auditActionsOf(api, id)).toEqual(['deviation.updated', 'deviation.closed', 'deviation.reopened']);

    expect((await list('manager', '&status=open')).map((item) => item.id)).toContain(id);
    expect((await list('manager', '&status=closed')).map((item) => item.id)).not.toContain(id);
    const audit = await api.request('admin', 'GET', `/api/v1/audit?entityId=${id}&action=deviation.closed`);
    expect(audit.body.data[0]).toMatchObject({
      entityType: 'deviation',
      customerId: api.world.alpha.acme,
      before: { status: 'in_progress' },
      after: { status: 'closed' },
    });
  });

  it('lets only managers and administrators change deviations, and never across customers or workspaces', async () => {
    const { id } = await deviationOf(acmeTicket);
    for (const actor of ['owner', 'agent', 'viewer', 'customer', 'otherCustomer', 'foreignCustomer'] as const) {
      expectErrorBody(
        await api.request(actor, 'PATCH', `/api/v1/deviations/${id}`, { status: 'closed' }),
        403,
        'FORBIDDEN',
      );
    }
    expectErrorBody(
      await api.request('foreignAdmin', 'PATCH', `/api/v1/deviations/${id}`, { status: 'closed' }),
      404,
      'NOT_FOUND',
    );
  });

  it('refuses bad input with a 4xx and the error body', async () => {
    const { id } = await deviationOf(globexTicket);
    const patch = (body: unknown, target = id) => api.request('manager', 'PATCH', `/api/v1/deviations/${target}`, body);
    for (const body of [
      {},
      { status: 'done' },
      { status: 'closed', reason: 'fixed' },
      { status: 'closed', note: '' },
      { status: 'closed', note: 'x'.repeat(2001) },
      { note: 'only a note' },
    ]) {
      expectErrorBody(await patch(body), 400, 'VALIDATION_FAILED');
    }
    expectErrorBody(await patch({ status: 'closed' }, 'not-a-uuid'), 400, 'VALIDATION_FAILED');
    expectErrorBody(await patch({ status: 'closed' }, '00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
    for (const query of ['status=resolved', 'customerId=acme', 'sort=-openedAt']) {
      expectErrorBody(await api.request('manager', 'GET', `/api/v1/deviations?${query}`), 400, 'VALIDATION_FAILED');
    }
    expect(
      (await api.request('manager', 'GET', `/api/v1/deviations?limit=500`)).body.data.map((item: Item) => item.id),
    ).toContain(id);
  });
});
