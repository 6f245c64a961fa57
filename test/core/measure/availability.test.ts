import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/core/errors.ts';
import {
  type AvailabilityInput,
  type MaintenanceMode,
  measureAvailability,
  roundHalfAwayFromZero,
} from '../../../src/core/measure/index.ts';
import { compileCalendar, parseInstant } from '../../../src/core/time/index.ts';

const at = parseInstant;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const alwaysOpen = compileCalendar('24x7');
const officeHours = compileCalendar({
  timezone: 'Europe/Warsaw',
  weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:00', end: '17:00' }],
});
/** April 2026: a 30-day month, 43,200 minutes on a 24x7 calendar. */
const april = { from: at('2026-04-01T00:00:00Z'), to: at('2026-05-01T00:00:00Z') };

function availability(overrides: Partial<AvailabilityInput>): ReturnType<typeof measureAvailability> {
  return measureAvailability({
    calendar: alwaysOpen,
    period: april,
    outages: [],
    maintenance: [],
    maintenancePolicy: { mode: 'excluded', noticeHours: 48 },
    partialWeight: 0.3,
    ...overrides,
  });
}

describe('availability: the example of docs/semantics.md#availability (30 min outage, 120 min maintenance)', () => {
  const outage = { from: at('2026-04-10T12:00:00Z'), to: at('2026-04-10T12:30:00Z'), severity: 'full' as const };
  const maintenance = {
    from: at('2026-04-18T22:00:00Z'),
    to: at('2026-04-19T00:00:00Z'),
    announcedAt: at('2026-04-11T09:00:00Z'),
  };
  const cases: [MaintenanceMode, number, number, number][] = [
    // mode, expected % (3 decimals), AST minutes, downtime minutes
    ['down', 99.653, 43_200, 150],
    ['up', 99.931, 43_200, 30],
    ['excluded', 99.93, 43_080, 30],
  ];
  it.each(cases)('mode %s -> %s %%', (mode, expected, agreedMinutes, downtimeMinutes) => {
    const result = availability({
      outages: [outage],
      maintenance: [maintenance],
      maintenancePolicy: { mode, noticeHours: 48 },
    });
    expect(result.trace.businessMs).toBe(43_200 * MINUTE);
    expect(result.trace.agreedServiceMs).toBe(agreedMinutes * MINUTE);
    expect(result.trace.downtime.totalMs).toBe(downtimeMinutes * MINUTE);
    expect(result.percent).not.toBeNull();
    expect(roundHalfAwayFromZero(result.percent!, 3)).toBe(expected);
    expect(result.reason).toBeNull();
    expect(result.trace.maintenance[0]?.treatedAs).toBe('planned');
  });

  it('shows its computation in minutes', () => {
    const result = availability({
      outages: [outage],
      maintenance: [maintenance],
      maintenancePolicy: { mode: 'down', noticeHours: 48 },
    });
    expect(result.trace.formula).toBe('(43200 - 150) / 43200 × 100 = 99.653 %');
    expect(result.trace.downtime).toMatchObject({ plannedMaintenanceMs: 120 * MINUTE, fullOutageMs: 30 * MINUTE });
    const excluded = availability({ outages: [outage], maintenance: [maintenance] });
    expect(excluded.trace.formula).toBe('(43080 - 30) / 43080 × 100 = 99.930 %');
    expect(excluded.trace.excludedMs).toBe(120 * MINUTE);
  });
});

describe('availability: edge cases', () => {
  const span = (from: string, to: string) => ({ from: at(from), to: at(to) });

  it('no outage is 100 %', () => {
    expect(availability({}).percent).toBe(100);
  });

  it('overlapping outages count each minute once, at the highest weight', () => {
    const result = availability({
      outages: [
        { ...span('2026-04-10T10:00:00Z', '2026-04-10T11:00:00Z'), severity: 'partial' },
        { ...span('2026-04-10T10:30:00Z', '2026-04-10T10:45:00Z'), severity: 'full' },
        { ...span('2026-04-10T10:40:00Z', '2026-04-10T10:50:00Z'), severity: 'full' },
        { ...span('2026-04-10T10:50:00Z', '2026-04-10T11:30:00Z'), severity: 'partial' },
      ],
    });
    // full 10:30-10:50 = 20 min; partial 10:00-10:30 and 10:50-11:30 = 70 min at 0.3 = 21 min.
    expect(result.trace.downtime.fullOutageMs).toBe(20 * MINUTE);
    expect(result.trace.downtime.partialOutageMs).toBe(70 * MINUTE);
    expect(result.trace.downtime.totalMs).toBeCloseTo(41 * MINUTE, 6);
  });

  it('two identical full outages count once', () => {
    const outage = { ...span('2026-04-10T10:00:00Z', '2026-04-10T11:00:00Z'), severity: 'full' as const };
    expect(availability({ outages: [outage, outage] }).trace.downtime.totalMs).toBe(60 * MINUTE);
  });

  it('an outage outside business hours costs nothing; one across opening counts from the opening', () => {
    const period = span('2026-04-06T00:00:00+02:00', '2026-04-11T00:00:00+02:00'); // Mon-Fri, 5 × 9 h
    const night = { ...span('2026-04-07T20:00:00+02:00', '2026-04-08T06:00:00+02:00'), severity: 'full' as const };
    const across = { ...span('2026-04-09T07:00:00+02:00', '2026-04-09T09:00:00+02:00'), severity: 'full' as const };
    const result = availability({ calendar: officeHours, period, outages: [night, across] });
    expect(result.trace.businessMs).toBe(45 * HOUR);
    expect(result.trace.downtime.fullOutageMs).toBe(HOUR);
    expect(result.percent).toBeCloseTo((44 / 45) * 100, 10);
  });

  it('agreed service time is real elapsed business time: a local day with the spring DST change has 23 hours', () => {
    const wallClockDays = compileCalendar({
      timezone: 'Europe/Warsaw',
      weekly: [{ days: ['sun'], start: '00:00', end: '24:00' }],
    });
    const sunday = span('2026-03-29T00:00:00+01:00', '2026-03-30T00:00:00+02:00');
    const outage = { ...span('2026-03-29T10:00:00+02:00', '2026-03-29T11:00:00+02:00'), severity: 'full' as const };
    const result = availability({ calendar: wallClockDays, period: sunday, outages: [outage] });
    expect(result.trace.agreedServiceMs).toBe(23 * HOUR);
    expect(result.percent).toBe(((23 - 1) / 23) * 100);
  });

  it('outages are clipped to the period', () => {
    const outage = { ...span('2026-03-31T23:00:00Z', '2026-04-01T01:00:00Z'), severity: 'full' as const };
    expect(availability({ outages: [outage] }).trace.downtime.fullOutageMs).toBe(HOUR);
  });

  it('maintenance announced with too little notice is an ordinary full outage, whatever the mode', () => {
    const late = { ...span('2026-04-18T22:00:00Z', '2026-04-19T00:00:00Z'), announcedAt: at('2026-04-16T22:00:01Z') };
    for (const mode of ['excluded', 'up', 'down'] as const) {
      const result = availability({ maintenance: [late], maintenancePolicy: { mode, noticeHours: 48 } });
      expect(result.trace.agreedServiceMs).toBe(43_200 * MINUTE);
      expect(result.trace.downtime.lateNoticeMaintenanceMs).toBe(120 * MINUTE);
      expect(result.trace.downtime.totalMs).toBe(120 * MINUTE);
      expect(result.trace.maintenance[0]).toMatchObject({ treatedAs: 'late_notice', noticeHours: 48 - 1 / 3600 });
    }
  });

  it('exactly the agreed notice is enough', () => {
    const onTime = { ...span('2026-04-18T22:00:00Z', '2026-04-19T00:00:00Z'), announcedAt: at('2026-04-16T22:00:00Z') };
    expect(availability({ maintenance: [onTime] }).trace.maintenance[0]?.treatedAs).toBe('planned');
  });

  it('outage minutes inside planned maintenance do not count in modes up and excluded, and count once in down', () => {
    const window = { ...span('2026-04-18T22:00:00Z', '2026-04-19T00:00:00Z'), announcedAt: at('2026-04-01T00:00:00Z') };
    const outage = { ...span('2026-04-18T23:00:00Z', '2026-04-19T00:30:00Z'), severity: 'full' as const };
    const up = availability({
      maintenance: [window],
      outages: [outage],
      maintenancePolicy: { mode: 'up', noticeHours: 48 },
    });
    expect(up.trace.downtime.totalMs).toBe(30 * MINUTE);
    expect(up.trace.outageInsideMaintenanceMs).toBe(60 * MINUTE);
    const excluded = availability({ maintenance: [window], outages: [outage] });
    expect(excluded.trace.downtime.totalMs).toBe(30 * MINUTE);
    expect(excluded.trace.agreedServiceMs).toBe((43_200 - 120) * MINUTE);
    const down = availability({
      maintenance: [window],
      outages: [outage],
      maintenancePolicy: { mode: 'down', noticeHours: 48 },
    });
    expect(down.trace.downtime).toMatchObject({ plannedMaintenanceMs: 120 * MINUTE, fullOutageMs: 30 * MINUTE });
    expect(down.trace.downtime.totalMs).toBe(150 * MINUTE);
  });

  it('overlapping maintenance windows are excluded once', () => {
    const announcedAt = at('2026-03-01T00:00:00Z');
    const result = availability({
      maintenance: [
        { ...span('2026-04-18T22:00:00Z', '2026-04-19T00:00:00Z'), announcedAt },
        { ...span('2026-04-18T23:00:00Z', '2026-04-19T01:00:00Z'), announcedAt },
      ],
    });
    expect(result.trace.excludedMs).toBe(180 * MINUTE);
  });

  it('partial weight 0 ignores partial outages, 1 counts them as full', () => {
    const outage = { ...span('2026-04-10T10:00:00Z', '2026-04-10T11:00:00Z'), severity: 'partial' as const };
    expect(availability({ outages: [outage], partialWeight: 0 }).percent).toBe(100);
    expect(availability({ outages: [outage], partialWeight: 1 }).trace.downtime.totalMs).toBe(HOUR);
  });

  it('zero agreed service time gives no percentage, with a reason', () => {
    const weekend = span('2026-04-11T00:00:00+02:00', '2026-04-13T00:00:00+02:00');
    const result = availability({ calendar: officeHours, period: weekend });
    expect(result.percent).toBeNull();
    expect(result.reason?.code).toBe('NO_AGREED_SERVICE_TIME');
    expect(result.reason?.message).toMatch(/no business time/);
    const allMaintenance = availability({
      period: span('2026-04-18T22:00:00Z', '2026-04-19T00:00:00Z'),
      maintenance: [
        { ...span('2026-04-18T20:00:00Z', '2026-04-19T02:00:00Z'), announcedAt: at('2026-04-01T00:00:00Z') },
      ],
    });
    expect(allMaintenance.percent).toBeNull();
    expect(allMaintenance.reason?.message).toMatch(/maintenance excluded/);
  });

  it('an outage covering the whole period is 0 %', () => {
    const outage = { ...span('2026-03-01T00:00:00Z', '2026-06-01T00:00:00Z'), severity: 'full' as const };
    expect(availability({ outages: [outage] }).percent).toBe(0);
  });

  it('refuses malformed input with stable codes', () => {
    const expectCode = (overrides: Partial<AvailabilityInput>, code: string) => {
      try {
        availability(overrides);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).code).toBe(code);
      }
    };
    expectCode({ period: { from: april.to, to: april.from } }, 'PERIOD_INVALID');
    expectCode({ partialWeight: 1.5 }, 'MEASUREMENT_INPUT_INVALID');
    expectCode({ outages: [{ from: april.to, to: april.from, severity: 'full' }] }, 'MEASUREMENT_INPUT_INVALID');
    expectCode(
      { outages: [{ from: april.from, to: april.to, severity: 'major' as 'full' }] },
      'MEASUREMENT_INPUT_INVALID',
    );
    expectCode({ maintenancePolicy: { mode: 'ignored' as 'up', noticeHours: 1 } }, 'MEASUREMENT_INPUT_INVALID');
    expectCode({ maintenancePolicy: { mode: 'up', noticeHours: -1 } }, 'MEASUREMENT_INPUT_INVALID');
  });
});
