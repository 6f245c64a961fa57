/**
 * The facts of the demo plan go through the facts use-cases as they are: nothing in the plan breaks a rule of the
 * API (time ranges, "not in the future", references), and loading the plan twice creates nothing twice.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemPrincipal } from '../../src/app/access/principal.ts';
import { createCustomer } from '../../src/app/customers/manage-customers.ts';
import { planDemo } from '../../src/app/demo/demo-plan.ts';
import { upsertDeliveries } from '../../src/app/facts/manage-deliveries.ts';
import { upsertKpiValue } from '../../src/app/facts/manage-kpi-values.ts';
import { createMaintenanceWindow } from '../../src/app/facts/manage-maintenance-windows.ts';
import { createOutage } from '../../src/app/facts/manage-outages.ts';
import { type ApiFixture, createApiFixture } from '../support/api-fixture.ts';
import { testBackends } from '../support/test-database.ts';
import { insertAgreement } from './facts/facts-support.ts';

const read = (file: string) => ({ fileName: file, text: readFileSync(`examples/agreements/${file}`, 'utf8') });

describe.each(testBackends)('demo facts through the facts use-cases ($name)', (backend) => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await createApiFixture(backend);
  });
  afterAll(() => api?.close());

  it('loads outages, maintenance, deliveries and KPI values of the plan, and a second load changes nothing', async () => {
    const now = Date.parse('2026-11-23T10:30:00Z');
    const plan = planDemo({
      now,
      agreements: [read('erp-support.yaml'), read('hosting-24x7.yaml'), read('logistics-otif.yaml')],
      incidents: null,
    });
    api.clock.current = now;
    const workspaceId = api.world.alpha.workspaceId;
    const system = systemPrincipal(workspaceId, 'demo');
    const dependencies = { store: api.store, clock: api.clock };
    const customers = new Map<string, string>();
    for (const customer of plan.customers) {
      customers.set(customer.slug, (await createCustomer(api.dependencies, system, customer)).id);
    }
    // Only the logistics agreement is referenced by facts; its stand-in has the same KPI target ids.
    const agreements = new Map([
      ['freshmart-store-deliveries', await insertAgreement(api, workspaceId, customers.get('freshmart')!)],
    ]);
    const customerOf = (slug: string | null) => (slug === null ? null : customers.get(slug)!);

    for (const outage of plan.outages) {
      await createOutage(dependencies, system, {
        ...outage,
        customerId: customerOf(outage.customerSlug),
        source: 'demo',
        externalRef: outage.key,
      });
    }
    for (const window of plan.maintenanceWindows) {
      await createMaintenanceWindow(dependencies, system, { ...window, customerId: customerOf(window.customerSlug) });
    }
    const lines = plan.deliveries.map((line) => ({
      ...line,
      customerId: customers.get(line.customerSlug)!,
      agreementId: agreements.get(line.agreementSlug)!,
    }));
    const load = () => upsertDeliveries(dependencies, system, lines);
    expect(await load()).toMatchObject({ created: lines.length, unchanged: 0 });
    expect(await load()).toMatchObject({ created: 0, updated: 0, unchanged: lines.length });
    for (const value of plan.kpiValues) {
      const input = { ...value, agreementId: agreements.get(value.agreementSlug)! };
      expect((await upsertKpiValue(dependencies, system, input)).outcome).toBe('created');
      expect((await upsertKpiValue(dependencies, system, input)).outcome).toBe('unchanged');
    }

    const ongoing = await api.request('viewer', 'GET', '/api/v1/outages?ongoing=true');
    expect(ongoing.body.data).toEqual([expect.objectContaining({ service: 'shop-platform', source: 'demo' })]);
    const late = await api.request('viewer', 'GET', '/api/v1/maintenance-windows?kind=planned_maintenance');
    expect(late.body.data.some((window: { noticeHours: number }) => window.noticeHours < 72)).toBe(true);
    const pending = await api.request('viewer', 'GET', '/api/v1/deliveries?delivered=false&limit=1');
    expect(pending.body.page.total).toBeGreaterThan(0);
  });
});
