/**
 * The demo loader (decision 0011) through the real use-cases, with the UCI sample and with generated incidents: the
 * agreements end up active from their effective instant, the tickets are governed by them and have clocks, the
 * current month has results, an interrupted load resumes without duplicates, and a load after a complete one
 * changes nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planDemo } from '../../src/app/demo/demo-plan.ts';
import type { DemoPlan } from '../../src/app/demo/demo-plan-types.ts';
import { isDemoLoaded, loadDemo } from '../../src/app/demo/load-demo.ts';
import { defaultIncidentLog, readDemoSources } from '../../src/importers/demo/read-demo-sources.ts';
import { type Actor, type ApiFixture, createApiFixture } from '../support/api-fixture.ts';
import { testBackends } from '../support/test-database.ts';

const hasSample = existsSync(defaultIncidentLog);
const now = Date.parse('2026-11-23T10:30:00Z');

async function samplePlan(): Promise<DemoPlan> {
  return planDemo({ now, ...(await readDemoSources()) });
}

function generatedPlan(): DemoPlan {
  const read = (file: string) => ({ fileName: file, text: readFileSync(`examples/agreements/${file}`, 'utf8') });
  return planDemo({ now, agreements: [read('erp-support.yaml'), read('hosting-24x7.yaml')], incidents: null });
}

describe.each(testBackends)('loading the demo plan ($name)', (backend) => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await createApiFixture(backend);
    api.clock.current = now + 60_000;
  });
  afterAll(() => api?.close());

  /** What the workspace of the actor holds, as the API shows it. */
  async function contents(actor: Actor) {
    const customers = (await api.request(actor, 'GET', '/api/v1/customers?limit=500')).body.data;
    const agreements = (await api.request(actor, 'GET', '/api/v1/agreements?limit=500')).body.data;
    const tickets = await api.request(actor, 'GET', '/api/v1/tickets?limit=500');
    const audit = await api.request(actor, 'GET', '/api/v1/audit?limit=1');
    return { customers, agreements, tickets: tickets.body, auditTotal: audit.body.page?.total as number };
  }

  async function expectDemoWorld(actor: Actor, plan: DemoPlan) {
    const { customers, agreements, tickets } = await contents(actor);
    const demoCustomers = customers.filter((customer: { slug: string }) =>
      ['stalmet', 'brightcart'].includes(customer.slug),
    );
    expect(demoCustomers).toHaveLength(2);
    expect(agreements).toHaveLength(2);
    for (const agreement of agreements) {
      const detail = (await api.request(actor, 'GET', `/api/v1/agreements/${agreement.id}`)).body;
      const entry = plan.agreements.find((candidate) => candidate.slug === detail.slug)!;
      // Put in force at load time, in force from its effective instant: the tickets of the last weeks fall under it.
      expect(detail.versions).toEqual([
        expect.objectContaining({
          status: 'active',
          effectiveFrom: new Date(entry.effectiveFrom).toISOString(),
          activatedAt: new Date(api.clock.now()).toISOString(),
        }),
      ]);
      const version = (
        await api.request(actor, 'GET', `/api/v1/agreements/${agreement.id}/versions/${detail.versions[0].id}`)
      ).body;
      expect(version.approvals.map((approval: { party: string }) => approval.party).sort()).toEqual([
        'customer',
        'provider',
      ]);
    }
    expect(tickets.page.total).toBe(plan.tickets.length);
    expect(
      tickets.data.every((ticket: { agreementVersionId: string | null }) => ticket.agreementVersionId !== null),
    ).toBe(true);
    const sample = tickets.data[Math.floor(tickets.data.length / 2)];
    const detail = (await api.request(actor, 'GET', `/api/v1/tickets/${sample.id}`)).body;
    expect(detail.clocks.length).toBeGreaterThan(0);

    for (const agreement of agreements) {
      const results = await api.request(actor, 'GET', `/api/v1/agreements/${agreement.id}/results?period=2026-11`);
      expect(results.status).toBe(200);
      const counted = results.body.targets.reduce(
        (sum: number, target: { tickets?: { counted: number } }) => sum + (target.tickets?.counted ?? 0),
        0,
      );
      expect(counted).toBeGreaterThan(0);
      expect(results.body.credits).not.toBeNull();
    }
    const hosting = agreements.find((agreement: { slug: string }) => agreement.slug === 'brightcart-managed-hosting');
    const hostingResults = (await api.request(actor, 'GET', `/api/v1/agreements/${hosting.id}/results?period=2026-10`))
      .body;
    const platform = hostingResults.targets.find((target: { id: string }) => target.id === 'platform-availability');
    expect(platform.availability.trace.downtime.totalMinutes).toBeGreaterThan(0);
  }

  it('loads generated incidents, resumes an interrupted load, and a second load changes nothing', async () => {
    const plan = generatedPlan();
    expect(plan.source.kind).toBe('generated');
    const dependencies = { store: api.store, clock: api.clock };
    const workspaceId = api.world.alpha.workspaceId;

    // Interrupted after two batches of tickets (the server stopping): nothing is marked loaded.
    let batches = 0;
    await expect(
      loadDemo(dependencies, plan, {
        workspaceId,
        ticketsPerBatch: 50,
        onTickets: () => {
          batches++;
        },
        pause: async () => {
          if (batches === 2) throw new Error('stopping');
        },
      }),
    ).rejects.toThrow('stopping');
    expect(await isDemoLoaded(dependencies, workspaceId)).toBe(false);
    expect((await api.request('admin', 'GET', '/api/v1/tickets?limit=1')).body.page.total).toBe(100);

    const progress: string[] = [];
    const resumed = await loadDemo(dependencies, plan, {
      workspaceId,
      ticketsPerBatch: 50,
      onTickets: ({ done, total }) => progress.push(`${done}/${total}`),
    });
    expect(resumed).toMatchObject({ loaded: true, source: 'generated', customers: 2, agreements: 2, tickets: 200 });
    expect(progress).toEqual(['50/300', '100/300', '150/300', '200/300', '250/300', '300/300']);
    await expectDemoWorld('admin', plan);

    const before = await contents('admin');
    const again = await loadDemo(dependencies, plan, { workspaceId });
    expect(again).toMatchObject({ loaded: false, tickets: 0, events: 0 });
    const after = await contents('admin');
    expect(after.auditTotal).toBe(before.auditTotal);
    expect(after.tickets.page.total).toBe(before.tickets.page.total);
  });

  it.skipIf(!hasSample)(
    'loads the UCI incident sample',
    async () => {
      const plan = await samplePlan();
      expect(plan.source.kind).toBe('uci-sample');
      const started = Date.now();
      const result = await loadDemo({ store: api.store, clock: api.clock }, plan, {
        workspaceId: api.world.beta.workspaceId,
      });
      expect(result).toMatchObject({ loaded: true, source: 'uci-sample', tickets: plan.tickets.length });
      expect(result.events).toBeGreaterThan(plan.tickets.length);
      console.info(`demo (UCI sample, ${backend.name}) loaded in ${Date.now() - started} ms`);
      await expectDemoWorld('foreignAdmin', plan);
    },
    180_000,
  );
});
