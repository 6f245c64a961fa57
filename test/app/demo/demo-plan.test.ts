import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemoIncidents } from '../../../src/app/demo/demo-generated-incidents.ts';
import { planDemo } from '../../../src/app/demo/demo-plan.ts';
import type { DemoAgreementSource, DemoIncidentSource, DemoPlan } from '../../../src/app/demo/demo-plan-types.ts';
import { parsePeriodLabel } from '../../../src/app/facts/period-label.ts';
import { type Agreement, agreementEffectiveFrom, parseAgreement } from '../../../src/core/agreement/index.ts';
import { defaultIncidentLog, readDemoSources } from '../../../src/importers/demo/read-demo-sources.ts';

const now = Date.parse('2026-11-23T10:30:00Z');
const week = 7 * 86_400_000;
const hasSample = existsSync(defaultIncidentLog);

function agreementsOf(plan: DemoPlan): Map<string, Agreement> {
  return new Map(plan.agreements.map((entry) => [entry.slug, parseAgreement(entry.sourceText, 'yaml')]));
}

/** Every ticket speaks its agreement's language: levels, statuses, services, channels. */
function expectTicketsFitTheirAgreements(plan: DemoPlan): void {
  const agreements = agreementsOf(plan);
  for (const ticket of plan.tickets) {
    const agreement = agreements.get(ticket.agreementSlug)!;
    expect(agreement.metadata.customer).toBe(ticket.customerSlug);
    const levels = agreement.spec.priorities.levels;
    const statuses = agreement.spec.statuses.map((status) => status.name);
    expect(levels).toContain(ticket.priority);
    expect(agreement.spec.services.map((service) => service.id)).toContain(ticket.service);
    expect(agreement.spec.channels.map((channel) => channel.kind as string)).toContain(ticket.channel);
    expect(ticket.events[0]).toMatchObject({ type: 'opened', service: ticket.service });
    for (const event of ticket.events) {
      if (event.status !== undefined) expect(statuses).toContain(event.status);
      if (event.priority !== undefined) expect(levels).toContain(event.priority);
      expect(event.id.startsWith('demo:')).toBe(true);
      expect(event.occurredAt).toBeLessThanOrEqual(plan.now);
    }
    expect(new Set(ticket.events.map((event) => event.id)).size).toBe(ticket.events.length);
  }
}

describe('the demo plan from the example agreements', () => {
  let agreements: DemoAgreementSource[];
  let sample: DemoIncidentSource | null;
  beforeAll(async () => {
    const sources = await readDemoSources();
    agreements = sources.agreements;
    sample = sources.incidents;
  });

  it.skipIf(!hasSample)('maps a few hundred real incidents onto the two agreements', () => {
    const plan = planDemo({ now, agreements, incidents: sample });
    expect(plan.source).toMatchObject({ kind: 'uci-sample', incidentsAvailable: 1000 });
    expect(plan.customers.map((customer) => customer.slug)).toEqual(['stalmet', 'brightcart']);
    expect(plan.agreements.map((agreement) => [agreement.slug, agreement.customerSlug])).toEqual([
      ['stalmet-erp-support', 'stalmet'],
      ['brightcart-managed-hosting', 'brightcart'],
    ]);
    expect(plan.services.map((service) => service.slug)).toEqual(['erp', 'shop-platform', 'database']);
    expect(plan.calendars.map((calendar) => calendar.slug)).toEqual([
      'stalmet-business',
      'stalmet-production',
      'brightcart-always',
      'brightcart-office',
    ]);
    expect(plan.tickets).toHaveLength(300);
    const ticketsOf = (slug: string) => plan.tickets.filter((ticket) => ticket.agreementSlug === slug).length;
    expect(ticketsOf('stalmet-erp-support')).toBeGreaterThan(100);
    expect(ticketsOf('brightcart-managed-hosting')).toBeGreaterThan(100);
    expect(new Set(plan.tickets.map((ticket) => ticket.key)).size).toBe(300);
    expectTicketsFitTheirAgreements(plan);
    // The log's P1..P4 become the hosting agreement's critical/high/normal; every level of both appears.
    expect(new Set(plan.tickets.map((ticket) => `${ticket.agreementSlug}:${ticket.priority}`))).toEqual(
      new Set([
        'stalmet-erp-support:P1',
        'stalmet-erp-support:P2',
        'stalmet-erp-support:P3',
        'stalmet-erp-support:P4',
        'brightcart-managed-hosting:critical',
        'brightcart-managed-hosting:high',
        'brightcart-managed-hosting:normal',
      ]),
    );
    // Waiting for the user becomes the agreements' pause status.
    const statuses = new Set(plan.tickets.flatMap((ticket) => ticket.events.map((event) => event.status)));
    expect(statuses.has('awaiting_customer')).toBe(true);
    // Live clocks: some tickets are still open at now, some resolved and not yet closed.
    const open = plan.tickets.filter((ticket) => !ticket.events.some((event) => event.type === 'resolved'));
    expect(open.length).toBeGreaterThan(10);
    expect(plan.tickets.filter((ticket) => ticket.source.eventsAfterNow > 0).length).toBeGreaterThan(open.length);
    // Openings are spread over the window's working days.
    const openings = plan.tickets.map((ticket) => ticket.events[0]!.occurredAt);
    expect(Math.min(...openings)).toBeGreaterThanOrEqual(plan.window.from);
    expect(Math.min(...openings)).toBeLessThan(plan.window.from + week);
    expect(Math.max(...openings)).toBeGreaterThan(now - week);
  });

  it.skipIf(!hasSample)('moves each incident as a whole: order and every interval between its events are kept', () => {
    const plan = planDemo({ now, agreements, incidents: sample });
    const sources = new Map(sample!.incidents.map((incident) => [incident.number, incident]));
    for (const ticket of plan.tickets) {
      const source = sources.get(ticket.source.number)!;
      expect(ticket.events.length + ticket.source.eventsAfterNow).toBe(source.events.length);
      ticket.events.forEach((event, index) => {
        const original = source.events[index]!;
        expect(event.id).toBe(`demo:${original.id}`);
        expect(event.type).toBe(original.type);
        expect(event.occurredAt - original.occurredAt).toBe(ticket.source.shiftMs);
      });
      // What was left out is exactly what would have happened after now.
      const next = source.events[ticket.events.length];
      if (next) expect(next.occurredAt + ticket.source.shiftMs).toBeGreaterThan(now);
      expect(ticket.events[0]!.occurredAt).toBeGreaterThanOrEqual(plan.window.from);
    }
    // The openings keep the log's order of openings (up to a week's move for the last day's late openings).
    const openings = plan.tickets.map((ticket) => ticket.events[0]!.occurredAt);
    const outOfOrder = openings.filter((opening, index) => index > 0 && opening < openings[index - 1]! - week);
    expect(outOfOrder).toEqual([]);
  });

  it.skipIf(!hasSample)('keeps the local time of day of each opening in the agreement zone', () => {
    const plan = planDemo({ now, agreements, incidents: sample });
    const source = sample!.incidents.find((incident) => incident.number === 'INC0000045')!;
    // Opened 29/2/2016 01:16 in São Paulo; in the demo at 01:16 in Warsaw on a working day.
    expect(source.events[0]!.occurredAt).toBe(Date.parse('2016-02-29T04:16:00Z'));
    const ticket = plan.tickets.find((candidate) => candidate.externalRef === 'INC0000045')!;
    const local = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Warsaw',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(ticket.events[0]!.occurredAt);
    expect(local).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 01:16$/);
  });

  it('is deterministic: the same input gives the same plan, another now the same tickets moved', () => {
    const first = planDemo({ now, agreements, incidents: sample });
    const again = planDemo({ now, agreements, incidents: sample });
    expect(again).toEqual(first);
    const later = planDemo({ now: now + week, agreements, incidents: sample });
    expect(later.tickets.map((ticket) => [ticket.key, ticket.agreementSlug, ticket.title])).toEqual(
      first.tickets.map((ticket) => [ticket.key, ticket.agreementSlug, ticket.title]),
    );
    expect(later.outages.map((outage) => outage.key)).toEqual(first.outages.map((outage) => outage.key));
  });

  it('falls back to generated incidents of the same shape when the data folder is absent', async () => {
    const sources = await readDemoSources({ incidentLog: '/nonexistent/shared/data/sample.csv' });
    expect(sources.incidents).toBeNull();
    expect(sources.agreements.map((agreement) => agreement.fileName)).toEqual([
      'erp-support.yaml',
      'hosting-24x7.yaml',
    ]);
    const plan = planDemo({ now, ...sources });
    expect(plan.source.kind).toBe('generated');
    expect(plan.tickets).toHaveLength(300);
    expectTicketsFitTheirAgreements(plan);
    expect(planDemo({ now, ...sources })).toEqual(plan);
    expect(plan.tickets.every((ticket) => ticket.externalRef.startsWith('GEN'))).toBe(true);
    const open = plan.tickets.filter((ticket) => !ticket.events.some((event) => event.type === 'resolved'));
    expect(open.length).toBeGreaterThan(5);
    expect(plan.outages.length).toBeGreaterThan(0);
  });

  it('places outages and maintenance for the availability targets and a force-majeure window for ERP', () => {
    const plan = planDemo({ now, agreements, incidents: null });
    const hostingServices = ['shop-platform', 'database'];
    expect(new Set(plan.outages.map((outage) => outage.service))).toEqual(new Set(hostingServices));
    for (const outage of plan.outages) {
      expect(outage.customerSlug).toBe('brightcart');
      expect(outage.startsAt).toBeLessThanOrEqual(now);
      if (outage.endsAt !== null) expect(outage.endsAt).toBeGreaterThan(outage.startsAt);
      if (outage.endsAt !== null) expect(outage.endsAt).toBeLessThanOrEqual(now);
    }
    expect(plan.outages.filter((outage) => outage.endsAt === null)).toHaveLength(1);
    expect(new Set(plan.outages.map((outage) => outage.key)).size).toBe(plan.outages.length);

    const planned = plan.maintenanceWindows.filter((window) => window.kind === 'planned_maintenance');
    const notice = planned.map((window) => (window.startsAt - window.announcedAt) / 3_600_000);
    expect(notice.some((hours) => hours >= 72)).toBe(true);
    expect(notice.some((hours) => hours < 72)).toBe(true);
    expect(planned.some((window) => window.startsAt > now)).toBe(true);
    for (const window of plan.maintenanceWindows) {
      expect(window.endsAt).toBeGreaterThan(window.startsAt);
      expect(window.announcedAt).toBeLessThanOrEqual(now);
    }
    const forceMajeure = plan.maintenanceWindows.filter((window) => window.kind === 'force_majeure');
    expect(forceMajeure).toEqual([
      expect.objectContaining({ customerSlug: 'stalmet', services: ['erp'], pausesClocks: true }),
    ]);
    // No OTIF or KPI target among the two agreements.
    expect(plan.deliveries).toEqual([]);
    expect(plan.kpiValues).toEqual([]);
  });

  it('adds deliveries and KPI values when an OTIF and KPI agreement is part of the demo', () => {
    const logistics = {
      fileName: 'logistics-otif.yaml',
      text: readFileSync('examples/agreements/logistics-otif.yaml', 'utf8'),
    };
    const plan = planDemo({ now, agreements: [...agreements, logistics], incidents: null });
    expect(plan.customers.map((customer) => customer.slug)).toEqual(['stalmet', 'brightcart', 'freshmart']);
    // The logistics agreement has no ticket desk: no ticket goes to it.
    expect(plan.tickets.some((ticket) => ticket.customerSlug === 'freshmart')).toBe(false);
    expect(plan.deliveries.length).toBeGreaterThan(150);
    const keys = new Set(plan.deliveries.map((line) => `${line.orderId}/${line.lineId}`));
    expect(keys.size).toBe(plan.deliveries.length);
    for (const line of plan.deliveries) {
      expect(line).toMatchObject({ customerSlug: 'freshmart', agreementSlug: 'freshmart-store-deliveries' });
      expect(line.deliveredQuantity === null).toBe(line.deliveredAt === null);
      if (line.deliveredAt !== null) expect(line.deliveredAt).toBeLessThanOrEqual(now);
      expect(line.orderedQuantity).toBeGreaterThan(0);
    }
    const delivered = plan.deliveries.filter((line) => line.deliveredAt !== null);
    const onTime = delivered.filter((line) => line.deliveredAt! <= line.promisedAt);
    expect(onTime.length / delivered.length).toBeGreaterThan(0.8);
    expect(onTime.length).toBeLessThan(delivered.length);
    expect(plan.deliveries.some((line) => line.promisedAt > now && line.deliveredAt === null)).toBe(true);

    expect(plan.kpiValues.map((value) => `${value.targetId} ${value.period}`)).toEqual([
      'damage-rate 2026-08',
      'damage-rate 2026-09',
      'damage-rate 2026-10',
      'inventory-accuracy 2026-08',
      'inventory-accuracy 2026-09',
      'inventory-accuracy 2026-10',
    ]);
    for (const value of plan.kpiValues) expect(parsePeriodLabel(value.period).kind).toBe('month');
    expect(plan.kpiValues.filter((value) => value.targetId === 'damage-rate').map((value) => value.value)).toEqual([
      4.2, 5.8, 4.6,
    ]);
  });

  it('moves the terms of the agreements when now lies outside them, keeping the documents valid', () => {
    const current = planDemo({ now, agreements, incidents: null });
    expect(current.agreements.map((agreement) => agreement.termRebased)).toEqual([false, false]);
    expect(current.agreements[0]!.sourceText).toBe(agreements[0]!.text);

    const future = Date.parse('2031-06-15T08:00:00Z');
    const plan = planDemo({ now: future, agreements, incidents: null });
    expect(plan.agreements.map((agreement) => agreement.termRebased)).toEqual([true, true]);
    for (const entry of plan.agreements) {
      const agreement = parseAgreement(entry.sourceText, 'yaml');
      expect(agreement.spec.term.start).toBe('2030-10-01');
      expect(agreement.spec.term.end).toBe('2032-09-30');
      expect(agreementEffectiveFrom(agreement, { amendment: false })).toBe(entry.effectiveFrom);
      expect(entry.effectiveFrom).toBeLessThan(plan.window.from);
      // Comments survive the edit.
      expect(entry.sourceText).toContain('# yaml-language-server');
    }
    expect(Math.min(...plan.tickets.map((ticket) => ticket.events[0]!.occurredAt))).toBeGreaterThan(
      plan.agreements[0]!.effectiveFrom,
    );
  });
});

describe('generated incidents', () => {
  const incidents = generateDemoIncidents(2026, 1000);

  it('are deterministic per seed', () => {
    expect(generateDemoIncidents(2026, 1000)).toEqual(incidents);
    expect(generateDemoIncidents(7, 50)).not.toEqual(incidents.slice(0, 50));
  });

  it('look like the UCI sample: event types, status names, priority mix and durations', () => {
    const types = new Set(incidents.flatMap((incident) => incident.events.map((event) => event.type)));
    expect([...types].sort()).toEqual([
      'agent_reply',
      'assigned',
      'closed',
      'opened',
      'priority',
      'reopened',
      'resolved',
      'status',
    ]);
    const statuses = new Set(incidents.flatMap((incident) => incident.events.flatMap((event) => event.status ?? [])));
    expect([...statuses].sort()).toEqual([
      'active',
      'awaiting_problem',
      'awaiting_user_info',
      'awaiting_vendor',
      'new',
    ]);
    const share = (priority: string) =>
      incidents.filter((incident) => incident.events[0]!.priority === priority).length / incidents.length;
    expect(share('P3')).toBeGreaterThan(0.8);
    expect(share('P1') + share('P2')).toBeGreaterThan(0.02);
    expect(share('P1') + share('P2')).toBeLessThan(0.1);
    expect(share('P4')).toBeGreaterThan(0.04);
    const hours = incidents
      .map((incident) => {
        const resolved = incident.events.find((event) => event.type === 'resolved')!;
        return (resolved.occurredAt - incident.events[0]!.occurredAt) / 3_600_000;
      })
      .sort((a, b) => a - b);
    const median = hours[Math.floor(hours.length / 2)]!;
    expect(median).toBeGreaterThan(20);
    expect(median).toBeLessThan(120);
    expect(hours[Math.floor(hours.length * 0.1)]!).toBeLessThan(2);
    expect(hours[Math.floor(hours.length * 0.9)]!).toBeGreaterThan(200);
    for (const incident of incidents) {
      const times = incident.events.map((event) => event.occurredAt);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(incident.events[0]!.type).toBe('opened');
      expect(incident.events.at(-1)!.type).toBe('closed');
    }
  });
});
