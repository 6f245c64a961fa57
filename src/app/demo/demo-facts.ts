/**
 * The facts of the demo: outages and maintenance for availability targets, a force-majeure window for an agreement
 * with a force-majeure clause, delivery lines for OTIF targets and monthly values for KPI targets. They are placed
 * relative to `now`, in the agreement's zone, so that the last months show a mix of met and missed targets, late
 * and timely notices, an outage still going on and maintenance still to come. Jitter comes from a PRNG seeded per
 * agreement and target, so the same seed and `now` give the same facts.
 */
import type { AvailabilityTarget, KpiTarget } from '../../core/agreement/index.ts';
import { civilFromDays, formatIsoDate, weekdayOfDay } from '../../core/time/civil-date.ts';
import type { PreparedAgreement } from './demo-agreements.ts';
import type { DemoDelivery, DemoKpiValue, DemoMaintenanceWindow, DemoOutage } from './demo-plan-types.ts';
import { integerBetween, type Random, seededRandom, stableHash } from './demo-random.ts';
import { instantAt, localDayOf, MS_PER_HOUR } from './demo-time.ts';

const MS_PER_MINUTE = 60_000;
const TUESDAY = 1;
const THURSDAY = 3;

export interface DemoFacts {
  readonly outages: DemoOutage[];
  readonly maintenanceWindows: DemoMaintenanceWindow[];
  readonly deliveries: DemoDelivery[];
  readonly kpiValues: DemoKpiValue[];
}

export function planDemoFacts(
  agreements: readonly PreparedAgreement[],
  options: { now: number; windowFrom: number; seed: number },
): DemoFacts {
  const facts: DemoFacts = { outages: [], maintenanceWindows: [], deliveries: [], kpiValues: [] };
  const random = (key: string) => seededRandom(options.seed ^ stableHash(key));
  let forceMajeurePlanned = false;
  for (const prepared of agreements) {
    const slug = prepared.agreement.metadata.id;
    const availability = prepared.agreement.spec.targets.filter(
      (target): target is AvailabilityTarget => target.metric === 'availability',
    );
    availability.forEach((target, index) => {
      facts.outages.push(...outagesOf(prepared, target, index, options.now, random(`${slug}/${target.id}`)));
    });
    if (availability.length > 0) {
      facts.maintenanceWindows.push(
        ...maintenanceOf(prepared, availability, options.now, random(`${slug}/maintenance`)),
      );
    }
    if (!forceMajeurePlanned && prepared.takesTickets && prepared.agreement.spec.exclusions.forceMajeure) {
      facts.maintenanceWindows.push(forceMajeureOf(prepared, options.now));
      forceMajeurePlanned = true;
    }
    if (prepared.agreement.spec.targets.some((target) => target.metric === 'otif')) {
      facts.deliveries.push(...deliveriesOf(prepared, options.windowFrom, options.now, random(`${slug}/deliveries`)));
    }
    for (const target of prepared.agreement.spec.targets) {
      if (target.metric === 'kpi') facts.kpiValues.push(...kpiValuesOf(prepared, target, options.now));
    }
  }
  return facts;
}

const outageStories = [
  [
    'Load balancer failover did not complete',
    'Checkout latency above 5 seconds',
    'Release restarted all application servers at once',
  ],
  ['Primary database node crashed', 'Replication lag: read replicas serve stale data', 'Connection pool exhausted'],
];

/** Three ended outages (about 5, 3 and 1.5 weeks ago) and, for the first service, one still going on. */
function outagesOf(
  prepared: PreparedAgreement,
  target: AvailabilityTarget,
  index: number,
  now: number,
  random: Random,
): DemoOutage[] {
  const zone = prepared.timeZone;
  const today = localDayOf(zone, now);
  const stories = outageStories[index % outageStories.length]!;
  const key = (n: number) => `demo:outage:${prepared.agreement.metadata.id}:${target.id}:${n}`;
  const ended = (
    n: number,
    daysAgo: number,
    hours: number,
    minutes: number,
    duration: number,
    severity: 'full' | 'partial',
  ) => {
    const startsAt = instantAt(zone, today - daysAgo, hours, minutes);
    return {
      key: key(n),
      customerSlug: prepared.customer.slug,
      service: target.service,
      startsAt,
      endsAt: startsAt + duration * MS_PER_MINUTE,
      severity,
      description: stories[n - 1]!,
    };
  };
  const outages: DemoOutage[] = [
    ended(1, 38 + index * 3, 14, integerBetween(random, 5, 50), 12 + index * 9 + integerBetween(random, 0, 6), 'full'),
    ended(2, 22 + index * 2, 2, integerBetween(random, 0, 40), integerBetween(random, 50, 80), 'partial'),
    ended(3, 9 + index, 10, integerBetween(random, 0, 30), integerBetween(random, 4, 11), 'full'),
  ];
  if (index === 0) {
    outages.push({
      key: key(4),
      customerSlug: prepared.customer.slug,
      service: target.service,
      startsAt: now - integerBetween(random, 15, 40) * MS_PER_MINUTE,
      endsAt: null,
      severity: 'partial',
      description: 'Elevated error rate on the payment page',
    });
  }
  return outages;
}

/** The weekday on or before a day. */
function weekdayOnOrBefore(day: number, weekday: number): number {
  return day - ((weekdayOfDay(day) - weekday + 7) % 7);
}

/**
 * Planned maintenance of the availability services: one announced with more than the agreed notice, one announced
 * too late (availability counts it as an outage), one still to come.
 */
function maintenanceOf(
  prepared: PreparedAgreement,
  targets: readonly AvailabilityTarget[],
  now: number,
  random: Random,
): DemoMaintenanceWindow[] {
  const zone = prepared.timeZone;
  const today = localDayOf(zone, now);
  const services = [...new Set(targets.map((target) => target.service))].sort();
  const noticeHours = targets[0]!.maintenance.noticeHours;
  const slug = prepared.agreement.metadata.id;
  const window = (
    n: number,
    day: number,
    hours: [number, number, number],
    covered: readonly string[],
    announcedAt: (startsAt: number) => number,
    description: string,
  ): DemoMaintenanceWindow => {
    const startsAt = instantAt(zone, day, hours[0]);
    return {
      key: `demo:maintenance:${slug}:${n}`,
      customerSlug: prepared.customer.slug,
      kind: 'planned_maintenance',
      services: covered,
      startsAt,
      endsAt: instantAt(zone, day, hours[1], hours[2]),
      announcedAt: announcedAt(startsAt),
      pausesClocks: true,
      description,
    };
  };
  const upcoming = weekdayOnOrBefore(today + 9, TUESDAY);
  return [
    window(
      1,
      weekdayOnOrBefore(today - 26, TUESDAY),
      [1, 3, integerBetween(random, 0, 4) * 10],
      services,
      (startsAt) => startsAt - (noticeHours + 48) * MS_PER_HOUR,
      'Operating system security patches',
    ),
    window(
      2,
      weekdayOnOrBefore(today - 12, THURSDAY),
      [1, 2, 30],
      [services.at(-1)!],
      (startsAt) => startsAt - Math.max(1, Math.floor(noticeHours / 3)) * MS_PER_HOUR,
      'Urgent minor upgrade, announced with less than the agreed notice',
    ),
    window(3, upcoming, [1, 4, 0], services, () => now - 2 * 24 * MS_PER_HOUR, 'Load balancer firmware upgrade'),
  ];
}

/** A force-majeure event about two weeks ago that pauses the clocks of the agreement's first service. */
function forceMajeureOf(prepared: PreparedAgreement, now: number): DemoMaintenanceWindow {
  const zone = prepared.timeZone;
  const day = weekdayOnOrBefore(localDayOf(zone, now) - 16, 2);
  const startsAt = instantAt(zone, day, 6, 10);
  return {
    key: `demo:force-majeure:${prepared.agreement.metadata.id}:1`,
    customerSlug: prepared.customer.slug,
    kind: 'force_majeure',
    services: [prepared.agreement.spec.services[0]!.id],
    startsAt,
    endsAt: instantAt(zone, day, 9, 40),
    announcedAt: startsAt + 20 * MS_PER_MINUTE,
    pausesClocks: true,
    description: 'Regional power grid failure (force majeure, reported 20 minutes after it began)',
  };
}

/**
 * Three orders per working day of the window and the next two days, one to four lines each: most on time and in
 * full, some late, some short, a few never delivered; lines not due yet are not delivered.
 */
function deliveriesOf(prepared: PreparedAgreement, windowFrom: number, now: number, random: Random): DemoDelivery[] {
  const zone = prepared.timeZone;
  const lines: DemoDelivery[] = [];
  const last = localDayOf(zone, now) + 2;
  for (let day = localDayOf(zone, windowFrom) + 1; day <= last; day++) {
    if (weekdayOfDay(day) > 4) continue;
    for (let order = 1; order <= 3; order++) {
      const orderId = `SO-${formatIsoDate(day).replaceAll('-', '')}-${order}`;
      const promisedAt = instantAt(zone, day, 6 + order * 3);
      const lineCount = integerBetween(random, 1, 4);
      for (let line = 1; line <= lineCount; line++) {
        const orderedQuantity = integerBetween(random, 12, 240);
        const roll = random();
        let deliveredAt: number | null = promisedAt - integerBetween(random, 0, 90) * MS_PER_MINUTE;
        let deliveredQuantity: number | null = orderedQuantity;
        if (roll >= 0.9 && roll < 0.95) deliveredAt = promisedAt + integerBetween(random, 30, 26 * 60) * MS_PER_MINUTE;
        else if (roll >= 0.95 && roll < 0.985)
          deliveredQuantity = Math.round(orderedQuantity * (0.85 + random() * 0.12));
        else if (roll >= 0.985) deliveredAt = null;
        if (deliveredAt === null || deliveredAt > now) {
          deliveredAt = null;
          deliveredQuantity = null;
        }
        lines.push({
          customerSlug: prepared.customer.slug,
          agreementSlug: prepared.agreement.metadata.id,
          orderId,
          lineId: String(line * 10),
          orderedQuantity,
          deliveredQuantity,
          promisedAt,
          deliveredAt,
        });
      }
    }
  }
  return lines;
}

/** Values for the last three complete months: two on the good side of the objective, one missed. */
function kpiValuesOf(prepared: PreparedAgreement, target: KpiTarget, now: number): DemoKpiValue[] {
  const current = civilFromDays(localDayOf(prepared.timeZone, now));
  const steps = [0.5, -0.5, 0.25];
  return steps.map((step, index) => {
    const monthIndex = current.year * 12 + current.month - 1 - (3 - index);
    const period = `${Math.floor(monthIndex / 12)}-${String((monthIndex % 12) + 1).padStart(2, '0')}`;
    const good = step > 0;
    const objective = target.objective;
    const spread =
      target.direction === 'atMost' ? Math.abs(objective) * 0.16 : Math.max(0.1, Math.abs(100 - objective) * 0.4);
    const value = target.direction === 'atMost' ? objective - step * spread * 2 : objective + step * spread;
    return {
      customerSlug: prepared.customer.slug,
      agreementSlug: prepared.agreement.metadata.id,
      targetId: target.id,
      period,
      value: Math.round(value * 100) / 100,
      note: good ? 'demo value' : 'demo value (objective missed)',
    };
  });
}
