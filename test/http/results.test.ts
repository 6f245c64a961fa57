/**
 * Period results (decision 0010) on a small world whose figures are worked out by hand below. Tickets go through the
 * real openTicket / recordTicketEvents use-cases, outages and maintenance through the facts use-cases; agreements are
 * seeded active (test/support/seed-agreement.ts).
 *
 * ERP support (acme, Europe/Warsaw; production calendar Mon-Sat 06:00-22:00 = 04:00-20:00Z in summer time). The
 * fixture clock is moved to Monday 2026-10-05; the report is asked for at 17:00Z.
 *   E  P1 2026-08-04 08:00, reply 08:10, resolved 13:00: response met (10 min); resolution due 12:00, breached.
 *   F  P1 2026-09-01, the same.
 *   A  P1 08:00, reply 08:20, resolved 10:00: response met 20; resolution met 120; updates met 20, then breached
 *      09:20 (used 100).
 *   B  P1 09:00, reply 09:45, resolved 14:00: response breached 09:30 (45); resolution breached 13:00 (300);
 *      updates met 45, then breached 10:45 (255).
 *   C  P2 10:00, reply 10:30, awaiting_customer 11:00-13:00, resolved 15:00: response met 30; resolution met 180
 *      (the pause does not count); updates met 30, then breached 14:30 (270: updates do not pause).
 *   D  P1 opened 16:00, nothing since. Stored at 16:00: response running, due 16:30. At 17:00 it counts as breached
 *      at 16:30 with 60 minutes used (a fresh evaluation's answer); updates due 17:00 = now: still running;
 *      resolution due 20:00: open and due in the period.
 *   G  P2 opened 16:00: response due 17:00 = now (running), resolution due Tue 08:00Z: both open, due in October.
 * October so far: p1-response met 1 / breached 2 = 33.33 % (used 20, 45, 60: mean 41.67, median 45, p90 60);
 * p1-resolution 1/1 = 50 % with one open (worst case 33.33 %); p1-updates 2/2; p2-response 100 % but G's response
 * is at 100 % of its time: amber, projected to miss (50 % if it breaches); p2-resolution 100 % with G's resolution
 * open at 12.5 % of its time: no evidence of a miss, green (decision 0029); p2-updates 1/1; mean resolution of P1+P2 (120, 300, 180) = 200
 * min against 360. Credits (fee 48,000): p1-resolution 1 breach x 2 % = 960; p1-response 33.33 % is below 85 %: 5 %
 * = 2,400; total 3,360 under the monthly cap (7,200) and the rolling cap (10 % of 10 fees = 48,000 - 1,920 credited
 * in August and September for one p1-resolution breach each). p1-resolution missed in August, September and October
 * so far: the "3 consecutive" trigger is not raised (only closed months count) but would be if October closed now.
 *
 * Hosting (globex, Europe/Berlin, 24x7), September 2026 (30 days = 43,200 min): a full outage of 30 min, a partial
 * one of 60 (weight 0.5), maintenance of 120 min announced with 143 h notice (excluded: AST 43,080) and 30 min
 * announced with 11 h notice (counts as a full outage): (43,080 - 90) / 43,080 = 99.79109 % < 99.95 %: red, credit
 * tier 5 % of 18,500 = 925.
 */
import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemPrincipal } from '../../src/app/access/principal.ts';
import { createMaintenanceWindow } from '../../src/app/facts/manage-maintenance-windows.ts';
import { createOutage } from '../../src/app/facts/manage-outages.ts';
import { openTicket } from '../../src/app/tickets/open-ticket.ts';
import { recordTicketEvents, type TicketEventInput } from '../../src/app/tickets/record-ticket-events.ts';
import { agreementContentHash, lintAgreement, parseAgreement } from '../../src/core/agreement/index.ts';
import type { CycleResult } from '../../src/core/clocks/index.ts';
import { type MeasuredCycle, measureTicketTargets, percentOf } from '../../src/core/measure/index.ts';
import { agreementVersions } from '../../src/store/schema.ts';
import { type ApiFixture, createApiFixture } from '../support/api-fixture.ts';
import { seedActiveAgreement } from '../support/seed-agreement.ts';
import { testBackends } from '../support/test-database.ts';

const MINUTE = 60_000;
const at = (text: string) => Date.parse(text);

interface TicketPlan {
  readonly name: string;
  readonly priority: string;
  readonly openedAt: string;
  readonly events?: readonly { type: TicketEventInput['type']; at: string; status?: string }[];
}

describe.each(testBackends)('period results of an agreement ($name)', (backend) => {
  let api: ApiFixture;
  let erp: string;
  let hosting: string;
  let amended: { agreementId: string; firstVersionId: string; secondVersionId: string };
  const ticketIds = new Map<string, string>();

  async function open(agreementId: string, customerId: string, plan: TicketPlan): Promise<void> {
    const system = systemPrincipal(api.world.alpha.workspaceId, 'results test');
    const dependencies = { store: api.store, clock: api.clock };
    const { ticket } = await openTicket(dependencies, system, {
      customerId,
      agreementId,
      title: `Ticket ${plan.name}`,
      externalRef: `T-${plan.name}`,
      priority: plan.priority,
      service: 'erp',
      openedAt: at(plan.openedAt),
    });
    ticketIds.set(plan.name, ticket.id);
    const events = (plan.events ?? []).map((event, index) => ({
      ticketId: ticket.id,
      event: { key: `${plan.name}-${index}`, type: event.type, occurredAt: at(event.at), status: event.status },
    }));
    if (events.length > 0) await recordTicketEvents(dependencies, system, events);
  }

  beforeAll(async () => {
    api = await createApiFixture(backend);
    const { workspaceId, acme, globex } = api.world.alpha;
    ({ agreementId: erp } = await seedActiveAgreement(api.handle, {
      workspaceId,
      customerId: acme,
      example: 'erp-support',
      activatedAt: at('2026-01-01T00:00:00Z'),
    }));
    ({ agreementId: hosting } = await seedActiveAgreement(api.handle, {
      workspaceId,
      customerId: globex,
      example: 'hosting-24x7',
      activatedAt: at('2026-02-28T23:00:00Z'),
    }));
    amended = await seedAmendedAgreement(api, acme);

    api.clock.current = at('2026-10-05T15:05:00Z');
    const reply = (time: string) => ({ type: 'agent_reply' as const, at: time });
    const resolved = (time: string) => ({ type: 'resolved' as const, at: time });
    for (const [name, day] of [
      ['E', '2026-08-04'],
      ['F', '2026-09-01'],
    ] as const) {
      await open(erp, acme, {
        name,
        priority: 'P1',
        openedAt: `${day}T08:00:00Z`,
        events: [reply(`${day}T08:10:00Z`), resolved(`${day}T13:00:00Z`)],
      });
    }
    await open(erp, acme, {
      name: 'A',
      priority: 'P1',
      openedAt: '2026-10-05T08:00:00Z',
      events: [reply('2026-10-05T08:20:00Z'), resolved('2026-10-05T10:00:00Z')],
    });
    await open(erp, acme, {
      name: 'B',
      priority: 'P1',
      openedAt: '2026-10-05T09:00:00Z',
      events: [reply('2026-10-05T09:45:00Z'), resolved('2026-10-05T14:00:00Z')],
    });
    await open(erp, acme, {
      name: 'C',
      priority: 'P2',
      openedAt: '2026-10-05T10:00:00Z',
      events: [
        reply('2026-10-05T10:30:00Z'),
        { type: 'status', at: '2026-10-05T11:00:00Z', status: 'awaiting_customer' },
        { type: 'status', at: '2026-10-05T13:00:00Z', status: 'in_progress' },
        resolved('2026-10-05T15:00:00Z'),
      ],
    });
    // The amended agreement: H under version 1 (before the amendment at 12:00), I under version 2.
    for (const [name, hour] of [
      ['H', '10'],
      ['I', '13'],
    ] as const) {
      await open(amended.agreementId, acme, {
        name,
        priority: 'P1',
        openedAt: `2026-10-05T${hour}:00:00Z`,
        events: [reply(`2026-10-05T${hour}:10:00Z`), resolved(`2026-10-05T${hour}:40:00Z`)],
      });
    }

    api.clock.current = at('2026-10-05T16:00:00Z');
    await open(erp, acme, { name: 'D', priority: 'P1', openedAt: '2026-10-05T16:00:00Z' });
    await open(erp, acme, { name: 'G', priority: 'P2', openedAt: '2026-10-05T16:00:00Z' });

    const system = systemPrincipal(workspaceId, 'results test');
    const facts = { store: api.store, clock: api.clock };
    const outage = (startsAt: string, minutes: number, severity: 'full' | 'partial') =>
      createOutage(facts, system, {
        customerId: globex,
        service: 'shop-platform',
        startsAt: at(startsAt),
        endsAt: at(startsAt) + minutes * MINUTE,
        severity,
      });
    await outage('2026-09-10T10:00:00Z', 30, 'full');
    await outage('2026-09-12T10:00:00Z', 60, 'partial');
    const maintenance = (startsAt: string, minutes: number, announcedAt: string) =>
      createMaintenanceWindow(facts, system, {
        customerId: globex,
        services: ['shop-platform'],
        startsAt: at(startsAt),
        endsAt: at(startsAt) + minutes * MINUTE,
        announcedAt: at(announcedAt),
      });
    await maintenance('2026-09-15T23:00:00Z', 120, '2026-09-10T00:00:00Z');
    await maintenance('2026-09-17T23:00:00Z', 30, '2026-09-17T12:00:00Z');

    api.clock.current = at('2026-10-05T17:00:00Z');
  });
  afterAll(() => api?.close());

  const results = (agreementId: string, query = '', actor: Parameters<ApiFixture['request']>[0] = 'manager') =>
    api.request(actor, 'GET', `/api/v1/agreements/${agreementId}/results${query}`);
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are inspected freely
  const target = (body: any, id: string) => body.targets.find((entry: { id: string }) => entry.id === id);

  it('measures the ticket targets of the current month from the stored clocks, with hand-checked figures', async () => {
    const response = await results(erp, '?period=2026-10');
    expect(response.status).toBe(200);
    const { body } = response;
    expect(body.period).toMatchObject({
      label: '2026-10',
      kind: 'month',
      from: '2026-09-30T22:00:00.000Z',
      to: '2026-10-31T23:00:00.000Z',
      timezone: 'Europe/Warsaw',
      current: true,
      measuredTo: '2026-10-05T17:00:00.000Z',
    });
    expect(body.version).toMatchObject({ number: 1, status: 'active' });

    const response1 = target(body, 'p1-response');
    expect(response1.goal).toEqual({
      value: 95,
      unit: 'percent',
      direction: 'atLeast',
      amberMargin: 3,
      amberMarginKind: 'points',
    });
    expect(response1.tickets).toMatchObject({ met: 1, breached: 2, counted: 3, openDueInPeriod: 0 });
    expect(response1.value).toBe(percentOf(1, 3));
    expect(response1.tickets.usedMinutes).toEqual({ count: 3, mean: 125 / 3, median: 45, p90: 60, min: 20, max: 60 });
    expect(response1.tickets.byPriority).toEqual([
      { priority: 'P1', met: 1, breached: 2, attainmentPercent: percentOf(1, 3) },
    ]);
    expect(response1.tickets.breaches).toEqual([
      {
        ticketId: ticketIds.get('B'),
        externalRef: 'T-B',
        priority: 'P1',
        breachAt: '2026-10-05T09:30:00.000Z',
        stop: '2026-10-05T09:45:00.000Z',
        usedMinutes: 45,
      },
      // Stored as running (due 16:30) at 16:00; counted as a fresh evaluation at 17:00 would: breached at its due.
      {
        ticketId: ticketIds.get('D'),
        externalRef: 'T-D',
        priority: 'P1',
        breachAt: '2026-10-05T16:30:00.000Z',
        stop: null,
        usedMinutes: 60,
      },
    ]);
    expect(response1.rag).toMatchObject({ status: 'red', code: 'MISSED' });

    const resolution1 = target(body, 'p1-resolution');
    expect(resolution1.tickets).toMatchObject({ met: 1, breached: 1, openDueInPeriod: 1, attainmentPercent: 50 });
    expect(resolution1.tickets.worstCaseAttainmentPercent).toBe(percentOf(1, 3));
    expect(resolution1.tickets.usedMinutes).toMatchObject({ count: 2, mean: 210, median: 120, p90: 300 });
    expect(resolution1.tickets.breaches.map((breach: { breachAt: string }) => breach.breachAt)).toEqual([
      '2026-10-05T13:00:00.000Z',
    ]);

    const updates1 = target(body, 'p1-updates');
    expect(updates1.tickets).toMatchObject({ met: 2, breached: 2, openDueInPeriod: 1, attainmentPercent: 50 });
    expect(updates1.tickets.usedMinutes).toEqual({ count: 4, mean: 105, median: 45, p90: 255, min: 20, max: 255 });

    // Met so far, but G's response, due now, has used all its time: amber, projected to miss, saying why.
    const response2 = target(body, 'p2-response');
    expect(response2.tickets).toMatchObject({
      met: 1,
      breached: 0,
      openDueInPeriod: 1,
      worstCaseAttainmentPercent: 50,
      atRiskDueInPeriod: 1,
      projection: { atRiskPercentUsed: 75, met: 1, breached: 0, openDue: 1, atRisk: 1, projectedPercent: 50 },
    });
    const atRiskBasis =
      '1 of 1 open ticket due in the period is past 75 % of its time; with 1 decided (1 met, 0 breached), ' +
      '50 % if it breaches';
    expect(response2.tickets.projection.basis).toBe(atRiskBasis);
    expect(response2.rag).toEqual({
      status: 'amber',
      code: 'PROJECTED_TO_MISS',
      reason: `met so far (100 %) but projected to miss: 50 % by the period's end (${atRiskBasis}), goal at least 95 %`,
    });
    // G's resolution, an hour old with 12.5 % of its time used, is no evidence of a miss: no projection, green.
    const resolution2 = target(body, 'p2-resolution');
    expect(resolution2.tickets).toMatchObject({
      met: 1,
      breached: 0,
      openDueInPeriod: 1,
      attainmentPercent: 100,
      atRiskDueInPeriod: 0,
      projection: {
        projectedPercent: null,
        basis:
          'the one open ticket due in the period has used less than 75 % of its time; 1 decided (1 met, 0 breached)',
      },
    });
    expect(resolution2.tickets.usedMinutes).toMatchObject({ count: 1, mean: 180 });
    expect(resolution2.rag).toMatchObject({ status: 'green', code: 'MET' });
    expect(target(body, 'p2-updates').tickets).toMatchObject({ met: 1, breached: 1, openDueInPeriod: 1 });
    expect(target(body, 'p3-resolution')).toMatchObject({ value: null, rag: { status: 'grey', code: 'NO_DATA' } });

    const mttr = target(body, 'mttr-urgent');
    expect(mttr.goal).toMatchObject({ value: 360, unit: 'minutes', direction: 'atMost', amberMarginKind: 'fraction' });
    expect(mttr.meanResolution).toMatchObject({ status: 'met', valueMinutes: 200, objectiveMinutes: 360, cycles: 3 });
    expect(mttr).toMatchObject({ value: 200, rag: { status: 'green', code: 'MET' } });
    expect(body.otherTargets).toEqual([]);
  });

  it('agrees with the core measuring fresh evaluations of the same tickets', async () => {
    const { body } = await results(erp, '?period=2026-10');
    const cycles: MeasuredCycle[] = [];
    for (const name of ['A', 'B', 'C', 'D', 'E', 'F', 'G']) {
      const ticket = (await api.request('agent', 'GET', `/api/v1/tickets/${ticketIds.get(name)}`)).body;
      for (const clock of ticket.clocks) {
        for (const cycle of clock.cycles) {
          cycles.push({
            ticketId: ticket.id,
            targetId: clock.targetId,
            priority: ticket.priority,
            cycle: cycleOf(cycle),
          });
        }
      }
    }
    const period = { from: at(body.period.from), to: at(body.period.to) };
    for (const expected of measureTicketTargets(cycles, period)) {
      const actual = target(body, expected.targetId).tickets;
      expect({ id: expected.targetId, ...actual }).toMatchObject({
        id: expected.targetId,
        met: expected.met,
        breached: expected.breached,
        openDueInPeriod: expected.openDueInPeriod,
        attainmentPercent: expected.attainmentPercent,
        worstCaseAttainmentPercent: expected.worstCaseAttainmentPercent,
        atRiskDueInPeriod: expected.atRiskDueInPeriod,
        projection: expected.projection,
        usedMinutes: {
          count: expected.usedMs.count,
          mean: expected.usedMs.mean === null ? null : expected.usedMs.mean / MINUTE,
          median: expected.usedMs.median === null ? null : expected.usedMs.median / MINUTE,
          p90: expected.usedMs.p90 === null ? null : expected.usedMs.p90 / MINUTE,
        },
      });
      expect(actual.breaches.map((breach: { breachAt: string }) => at(breach.breachAt))).toEqual(
        expected.breaches.map((breach) => breach.breachAt),
      );
    }
  });

  it('computes the service credit with the months before it; only closed months raise the termination trigger', async () => {
    const { body } = await results(erp, '?period=2026-10');
    expect(body.credits).toMatchObject({
      period: '2026-10',
      currency: 'PLN',
      fee: 48000,
      uncapped: 3360,
      credit: 3360,
      boundBy: 'none',
      provisional: true,
      monthlyCap: { percent: 15, limit: 7200, bound: false },
      rollingCap: { percent: 10, fees: 480000, previousCredits: 1920, remaining: 46080, bound: false },
    });
    expect(body.credits.lines).toEqual([
      expect.objectContaining({ targetId: 'p1-resolution', kind: 'per_breach', breached: 1, amount: 960 }),
      expect.objectContaining({ targetId: 'p2-resolution', kind: 'per_breach', breached: 0, amount: 0 }),
      expect.objectContaining({
        targetId: 'p1-response',
        kind: 'tiers',
        tier: { belowPercent: 85, creditPercent: 5 },
        amount: 2400,
      }),
    ]);
    expect(body.credits.history).toEqual([
      ...['01', '02', '03', '04', '05', '06', '07'].map((month) => ({
        period: `2026-${month}`,
        fee: 48000,
        credit: 0,
      })),
      { period: '2026-08', fee: 48000, credit: 960 },
      { period: '2026-09', fee: 48000, credit: 960 },
    ]);
    // October is still running: only the closed months count; October says what it would do if it closed now.
    expect(body.termination).toEqual([
      expect.objectContaining({
        targetId: 'p1-resolution',
        triggered: false,
        period: '2026-09',
        missedPeriods: ['2026-08', '2026-09'],
        provisional: expect.objectContaining({
          period: '2026-10',
          wouldTrigger: true,
          missedPeriods: ['2026-08', '2026-09', '2026-10'],
        }),
      }),
      expect.objectContaining({
        targetId: 'p2-resolution',
        triggered: false,
        missedPeriods: [],
        provisional: expect.objectContaining({ wouldTrigger: false }),
      }),
    ]);
    const portfolio = (await api.request('manager', 'GET', '/api/v1/reports/portfolio?period=2026-10')).body;
    const erpStanding = portfolio.groups
      .flatMap((group: { agreements: { agreementId: string }[] }) => group.agreements)
      .find((agreement: { agreementId: string }) => agreement.agreementId === erp);
    expect(erpStanding).toMatchObject({ terminationTriggered: 0, terminationWouldTrigger: 1 });

    const september = (await results(erp, '?period=2026-09')).body;
    expect(september.period.current).toBe(false);
    expect(target(september, 'p1-resolution').tickets).toMatchObject({ met: 0, breached: 1 });
    expect(september.credits).toMatchObject({ credit: 960, provisional: false });
    expect(september.termination[0]).toMatchObject({
      triggered: false,
      missedPeriods: ['2026-08', '2026-09'],
      provisional: null,
    });
  });

  it('measures availability from outages and maintenance, with its trace, and credits the tier reached', async () => {
    const response = await results(hosting, '?period=2026-09');
    expect(response.status).toBe(200);
    const { body } = response;
    expect(body.period).toMatchObject({ from: '2026-08-31T22:00:00.000Z', to: '2026-09-30T22:00:00.000Z' });
    const platform = target(body, 'platform-availability');
    expect(platform.value).toBeCloseTo((43080 - 90) / 430.8, 10);
    expect(platform.rag).toMatchObject({ status: 'red', code: 'MISSED' });
    expect(platform.availability.trace).toMatchObject({
      mode: 'excluded',
      businessMinutes: 43200,
      excludedMinutes: 120,
      agreedServiceMinutes: 43080,
      downtime: {
        plannedMaintenanceMinutes: 0,
        fullOutageMinutes: 30,
        lateNoticeMaintenanceMinutes: 30,
        partialOutageMinutes: 60,
        partialWeight: 0.5,
        totalMinutes: 90,
      },
      formula: '(43080 - 90) / 43080 × 100 = 99.791 %',
    });
    expect(platform.availability.trace.maintenance.map((window: { treatedAs: string }) => window.treatedAs)).toEqual([
      'planned',
      'late_notice',
    ]);
    expect(target(body, 'database-availability')).toMatchObject({ value: 100, rag: { status: 'green' } });
    expect(body.credits).toMatchObject({ fee: 18500, credit: 925, currency: 'EUR', provisional: false });
    expect(body.credits.history).toHaveLength(6);
    expect(body.termination.map((status: { triggered: boolean }) => status.triggered)).toEqual([false, false]);
  });

  it('reports a period that spans an amendment against the version in force at its end', async () => {
    const { body } = await results(amended.agreementId, '?period=2026-10');
    expect(body.version).toMatchObject({ id: amended.secondVersionId, number: 2 });
    const response1 = target(body, 'p1-response');
    expect(response1.goal.value).toBe(30);
    expect(response1.tickets).toMatchObject({ met: 2, breached: 0 });
    // Each ticket keeps the version it is pinned to: 4 cycles each (response, resolution, two updates).
    expect(body.ticketVersions).toEqual([
      { versionId: amended.firstVersionId, number: 1, cycles: 4 },
      { versionId: amended.secondVersionId, number: 2, cycles: 4 },
    ]);
    const september = (await results(amended.agreementId, '?period=2026-09')).body;
    expect(september.version).toMatchObject({ id: amended.firstVersionId, number: 1 });
  });

  it('takes other period labels and ranges of instants, without credits', async () => {
    const week = (await results(erp, '?period=2026-W41')).body;
    expect(week.period).toMatchObject({
      kind: 'week',
      from: '2026-10-04T22:00:00.000Z',
      to: '2026-10-11T22:00:00.000Z',
    });
    expect(target(week, 'p1-response').tickets).toMatchObject({ met: 1, breached: 2 });
    expect(week).toMatchObject({ credits: null, termination: null });
    expect(week.note).toMatch(/per calendar month/);

    const morning = (await results(erp, '?from=2026-10-05T00:00:00Z&to=2026-10-05T12:00:00Z')).body;
    expect(morning.period).toMatchObject({ kind: 'range', label: null, current: false });
    expect(target(morning, 'p1-response').tickets).toMatchObject({ met: 1, breached: 1, attainmentPercent: 50 });

    const current = (await results(erp)).body;
    expect(current.period.label).toBe('2026-10');
  });

  it('refuses periods it cannot report', async () => {
    const code = async (query: string) => (await results(erp, query)).body.error?.code;
    expect(await code('?period=2026-13')).toBe('PERIOD_LABEL_INVALID');
    expect(await code('?period=2026-12')).toBe('PERIOD_NOT_STARTED');
    expect(await code('?period=2025-06')).toBe('AGREEMENT_NOT_IN_FORCE');
    expect(await code('?period=2026-10&from=2026-10-01T00:00:00Z&to=2026-10-02T00:00:00Z')).toBe(
      'PERIOD_REQUEST_INVALID',
    );
    expect(await code('?from=2026-10-01T00:00:00Z')).toBe('PERIOD_REQUEST_INVALID');
    expect(await code('?from=2026-10-02T00:00:00Z&to=2026-10-01T00:00:00Z')).toBe('TIME_RANGE_INVALID');
    expect((await results(erp, '?breachLimit=0')).status).toBe(400);
    expect((await results(erp, '?colour=red')).status).toBe(400);
  });

  it('lets a customer see the results of its own agreements only', async () => {
    expect((await results(erp, '?period=2026-10', 'customer')).status).toBe(200);
    expect((await results(erp, '?period=2026-10', 'otherCustomer')).status).toBe(404);
    expect((await results(hosting, '?period=2026-09', 'customer')).status).toBe(404);
    expect((await results(erp, '?period=2026-10', 'foreignAdmin')).status).toBe(404);
  });

  it('limits the listed breaches but never the counts', async () => {
    const { body } = await results(erp, '?period=2026-10&breachLimit=1');
    const response1 = target(body, 'p1-response');
    expect(response1.tickets).toMatchObject({ breached: 2, breachesTruncated: true });
    expect(response1.tickets.breaches).toHaveLength(1);
  });
});

/** A cycle of the tickets API (ISO instants, minutes) as the core's CycleResult. */
function cycleOf(cycle: {
  state: CycleResult['state'];
  start: string;
  stop: string | null;
  dueAt: string | null;
  breachAt: string | null;
  usedMinutes: number;
  remainingMinutes: number;
  percentUsed: number;
}): CycleResult {
  const instant = (text: string | null) => (text === null ? null : Date.parse(text));
  return {
    state: cycle.state,
    start: Date.parse(cycle.start),
    stop: instant(cycle.stop),
    dueAt: instant(cycle.dueAt),
    breachAt: instant(cycle.breachAt),
    usedMs: Math.round(cycle.usedMinutes * MINUTE),
    remainingMs: Math.round(cycle.remainingMinutes * MINUTE),
    percentUsed: cycle.percentUsed,
    crossed: [],
  };
}

/**
 * An ERP agreement of acme with version 1 active from 2026-01-01 and version 2 (p1-response goal 30 %) active from
 * 2026-10-05 12:00Z, superseding it.
 */
async function seedAmendedAgreement(
  api: ApiFixture,
  customerId: string,
): Promise<{ agreementId: string; firstVersionId: string; secondVersionId: string }> {
  const amendedAt = new Date('2026-10-05T12:00:00Z');
  const workspaceId = api.world.alpha.workspaceId;
  const first = await seedActiveAgreement(api.handle, {
    workspaceId,
    customerId,
    example: 'erp-support',
    activatedAt: at('2026-01-01T00:00:00Z'),
    slug: 'amended-erp-support',
  });
  await api.handle.db
    .update(agreementVersions)
    .set({ status: 'superseded', endedAt: amendedAt })
    .where(and(eq(agreementVersions.id, first.versionId), eq(agreementVersions.workspaceId, workspaceId)));
  const text = readFileSync(new URL('../../examples/agreements/erp-support.yaml', import.meta.url), 'utf8').replace(
    'within: PT30M, calendar: production, goal: 95%',
    'within: PT30M, calendar: production, goal: 30%',
  );
  const agreement = parseAgreement(text);
  const [second] = await api.handle.db
    .insert(agreementVersions)
    .values({
      workspaceId,
      customerId,
      agreementId: first.agreementId,
      number: 2,
      status: 'active',
      content: agreement,
      sourceText: text,
      sourceFormat: 'yaml',
      contentHash: agreementContentHash(agreement),
      lint: lintAgreement(agreement),
      effectiveFrom: amendedAt,
      activatedAt: amendedAt,
    })
    .returning();
  return { agreementId: first.agreementId, firstVersionId: first.versionId, secondVersionId: second!.id };
}
