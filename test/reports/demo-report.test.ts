/**
 * The compliance report on the demo data (decision 0011's generated plan, loaded through the real use-cases), checked
 * against an independent computation: every demo ticket's events replayed through the core clock engine
 * (`evaluateTicketClocks`, with its agreement's policy and the maintenance windows that pause clocks) at the report's
 * instant, each cycle counted in the period by docs/semantics.md#ticket-targets-in-a-period (met at its stop, breached
 * at its breach instant), and attainment, counts, median and p90 (nearest rank) worked out here, without the store, SQL
 * or `core/measure`.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceScope } from '../../src/app/access/principal.ts';
import { clockPolicyOfVersion } from '../../src/app/agreements/clock-policy-of-version.ts';
import { planDemo } from '../../src/app/demo/demo-plan.ts';
import type { DemoPlan } from '../../src/app/demo/demo-plan-types.ts';
import { loadDemo } from '../../src/app/demo/load-demo.ts';
import { type CycleResult, evaluateTicketClocks } from '../../src/core/clocks/index.ts';
import { type ApiFixture, createApiFixture } from '../support/api-fixture.ts';
import { testBackends } from '../support/test-database.ts';

const now = Date.parse('2026-11-23T10:30:00Z');
const MINUTE = 60_000;

function generatedPlan(): DemoPlan {
  const read = (file: string) => ({ fileName: file, text: readFileSync(`examples/agreements/${file}`, 'utf8') });
  return planDemo({ now, agreements: [read('erp-support.yaml'), read('hosting-24x7.yaml')], incidents: null });
}

/** The value at rank ceil(P/100 × n) of the sorted values (nearest rank). */
function nearestRank(sorted: readonly number[], percent: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.ceil((percent / 100) * sorted.length) - 1]!;
}

interface Expected {
  met: number;
  breached: number;
  used: number[];
}

describe.each(testBackends)('the report on the demo data ($name)', (backend) => {
  let api: ApiFixture;
  let plan: DemoPlan;

  beforeAll(async () => {
    api = await createApiFixture(backend);
    api.clock.current = now + 60_000;
    plan = generatedPlan();
    await loadDemo({ store: api.store, clock: api.clock }, plan, { workspaceId: api.world.alpha.workspaceId });
  });
  afterAll(() => api?.close());

  it('counts every target of October as the clock engine does, ticket by ticket', async () => {
    const workspaceId = api.world.alpha.workspaceId;
    const listed = (await api.request('manager', 'GET', '/api/v1/agreements?limit=100')).body.data as {
      id: string;
      slug: string;
    }[];
    let compared = 0;
    for (const entry of plan.agreements) {
      const agreement = listed.find((candidate) => candidate.slug === entry.slug)!;
      const response = await api.request('manager', 'GET', `/api/v1/agreements/${agreement.id}/report?period=2026-10`);
      expect(response.status).toBe(200);
      const report = response.body;
      expect(report.publication.status).toBe('published');
      const from = Date.parse(report.period.from);
      const to = Date.parse(report.period.to);
      const evaluatedAt = Date.parse(report.generatedAt);

      const version = await api.store.read.agreements.getVersion(workspaceId, report.version.id);
      const policy = await clockPolicyOfVersion(version!, api.store.read);
      const customer = await api.store.read.customers.findBySlug(workspaceScope(workspaceId), entry.customerSlug);
      const exclusions = (await api.store.read.exclusionWindows.forCustomer(workspaceId, customer!.id)).map(
        (window) => ({ from: window.from, to: window.to, services: window.services ?? undefined }),
      );

      const expected = new Map<string, Expected>();
      for (const ticket of plan.tickets.filter((candidate) => candidate.agreementSlug === entry.slug)) {
        const evaluation = evaluateTicketClocks(policy, ticket.events, evaluatedAt, { exclusions });
        for (const clock of evaluation.clocks) {
          const counts = expected.get(clock.targetId) ?? { met: 0, breached: 0, used: [] };
          for (const cycle of clock.cycles as readonly CycleResult[]) {
            // docs/semantics.md#ticket-targets-in-a-period: a cycle counts where it was met (its stop) or where it
            // breached (its breach instant).
            const instant = cycle.state === 'met' ? cycle.stop : cycle.state === 'breached' ? cycle.breachAt : null;
            if (instant === null || instant < from || instant >= to) continue;
            if (cycle.state === 'met') counts.met++;
            else counts.breached++;
            counts.used.push(cycle.usedMs);
          }
          expected.set(clock.targetId, counts);
        }
      }

      for (const [targetId, counts] of expected) {
        const result = report.targets.find((candidate: { id: string }) => candidate.id === targetId);
        const counted = counts.met + counts.breached;
        if (result === undefined) {
          expect(counted).toBe(0);
          continue;
        }
        const sorted = [...counts.used].sort((a, b) => a - b);
        expect({ targetId, ...result.tickets }).toMatchObject({
          targetId,
          met: counts.met,
          breached: counts.breached,
          counted,
        });
        if (counted === 0) {
          expect(result.value).toBeNull();
          continue;
        }
        compared += counted;
        expect(result.value).toBeCloseTo((counts.met / counted) * 100, 9);
        expect(result.tickets.usedMinutes.median).toBeCloseTo(nearestRank(sorted, 50)! / MINUTE, 6);
        expect(result.tickets.usedMinutes.p90).toBeCloseTo(nearestRank(sorted, 90)! / MINUTE, 6);
        expect(result.tickets.usedMinutes.mean).toBeCloseTo(
          sorted.reduce((sum, used) => sum + used, 0) / counted / MINUTE,
          6,
        );
        expect(result.tickets.breaches).toHaveLength(Math.min(100, counts.breached));
      }
    }
    // The comparison is not vacuous: the demo month has cycles met and breached.
    expect(compared).toBeGreaterThan(50);
  });
});
