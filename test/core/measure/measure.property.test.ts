import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CycleResult } from '../../../src/core/clocks/clock-result.ts';
import {
  type AvailabilityInput,
  intersectSpans,
  type MeasuredCycle,
  measureAvailability,
  measureTicketFlow,
  measureTicketTargets,
  type Outage,
  roundHalfAwayFromZero,
  subtractSpans,
  unionOfSpans,
} from '../../../src/core/measure/index.ts';
import { compileCalendar, isOpen, parseInstant } from '../../../src/core/time/index.ts';
import { runs } from '../time/calendar-arbitraries.ts';

const MINUTE = 60_000;
/** A week starting Monday 2026-03-02 00:00 in Warsaw (DST starts later, on 29 March). */
const weekStart = parseInstant('2026-03-02T00:00:00+01:00');
const WEEK_MINUTES = 7 * 1440;
const calendars = {
  always: compileCalendar('24x7'),
  office: compileCalendar({
    timezone: 'Europe/Warsaw',
    weekly: [
      { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:00', end: '12:00' },
      { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '13:00', end: '17:30' },
    ],
  }),
};

const minuteSpan = fc
  .tuple(fc.integer({ min: -60, max: WEEK_MINUTES + 60 }), fc.integer({ min: 0, max: 600 }))
  .map(([start, length]) => ({ from: weekStart + start * MINUTE, to: weekStart + (start + length) * MINUTE }));
const outageArbitrary: fc.Arbitrary<Outage> = fc
  .tuple(minuteSpan, fc.constantFrom('full' as const, 'partial' as const))
  .map(([span, severity]) => ({ ...span, severity }));
const maintenanceArbitrary = fc
  .tuple(minuteSpan, fc.integer({ min: 0, max: 96 }))
  .map(([span, noticeHours]) => ({ ...span, announcedAt: span.from - noticeHours * 3_600_000 }));
/** Inputs name their calendar (printed in counterexamples) and `availabilityInput` compiles it. */
type NamedInput = Omit<AvailabilityInput, 'calendar'> & { calendar: keyof typeof calendars };
const availabilityInput = (input: NamedInput): AvailabilityInput => ({ ...input, calendar: calendars[input.calendar] });
const inputArbitrary: fc.Arbitrary<NamedInput> = fc.record({
  calendar: fc.constantFrom('always' as const, 'office' as const),
  period: fc
    .tuple(fc.integer({ min: 0, max: WEEK_MINUTES / 2 }), fc.integer({ min: 1, max: WEEK_MINUTES / 2 }))
    .map(([start, length]) => ({ from: weekStart + start * MINUTE, to: weekStart + (start + length) * MINUTE })),
  outages: fc.array(outageArbitrary, { maxLength: 8 }),
  maintenance: fc.array(maintenanceArbitrary, { maxLength: 3 }),
  maintenancePolicy: fc.record({
    mode: fc.constantFrom('excluded' as const, 'up' as const, 'down' as const),
    noticeHours: fc.constantFrom(0, 24, 48),
  }),
  partialWeight: fc.constantFrom(0, 0.3, 0.5, 1),
});

/** Minute-walking reference: each business minute of the period at the weight of its worst cause. */
function referenceAvailability(input: AvailabilityInput): number | null {
  const notice = input.maintenancePolicy.noticeHours * 3_600_000;
  const maintenance = input.maintenance ?? [];
  let agreed = 0;
  let down = 0;
  for (let t = input.period.from; t < input.period.to; t += MINUTE) {
    if (!isOpen(input.calendar, t)) continue;
    const inside = (span: { from: number; to: number }) => t >= span.from && t < span.to;
    const planned = maintenance.some((w) => inside(w) && w.from - w.announcedAt >= notice);
    const late = maintenance.some((w) => inside(w) && w.from - w.announcedAt < notice);
    if (planned && input.maintenancePolicy.mode === 'excluded') continue;
    agreed++;
    if (planned) {
      if (input.maintenancePolicy.mode === 'down') down++;
      continue;
    }
    const full = late || input.outages.some((o) => inside(o) && o.severity === 'full');
    const partial = input.outages.some((o) => inside(o) && o.severity === 'partial');
    down += full ? 1 : partial ? input.partialWeight : 0;
  }
  return agreed === 0 ? null : ((agreed - down) / agreed) * 100;
}

describe('availability properties', () => {
  it('equals the minute-walking reference', () => {
    fc.assert(
      fc.property(inputArbitrary, (named) => {
        const input = availabilityInput(named);
        const expected = referenceAvailability(input);
        const actual = measureAvailability(input).percent;
        if (expected === null) expect(actual).toBeNull();
        else expect(actual).toBeCloseTo(expected, 9);
      }),
      { numRuns: runs(150) },
    );
  });

  it('lies between 0 and 100 and never increases when an outage is added', () => {
    fc.assert(
      fc.property(inputArbitrary, outageArbitrary, (named, extra) => {
        const input = availabilityInput(named);
        const before = measureAvailability(input).percent;
        const after = measureAvailability({ ...input, outages: [...input.outages, extra] }).percent;
        if (before === null) {
          expect(after).toBeNull();
          return;
        }
        expect(before).toBeGreaterThanOrEqual(0);
        expect(before).toBeLessThanOrEqual(100);
        expect(after).not.toBeNull();
        expect(after!).toBeLessThanOrEqual(before + 1e-9);
      }),
      { numRuns: runs(300) },
    );
  });

  it('does not depend on the order of outages', () => {
    fc.assert(
      fc.property(inputArbitrary, (named) => {
        const input = availabilityInput(named);
        const reversed = measureAvailability({ ...input, outages: [...input.outages].reverse() });
        expect(reversed.percent).toBe(measureAvailability(input).percent);
      }),
      { numRuns: runs(200) },
    );
  });
});

describe('span sets against sets of minutes', () => {
  const spans = fc.array(
    fc
      .tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 40 }))
      .map(([s, l]) => ({ start: s, end: s + l })),
    { maxLength: 8 },
  );
  const minutes = (list: readonly { start: number; end: number }[]) => {
    const set = new Set<number>();
    for (const span of list) for (let m = span.start; m < span.end; m++) set.add(m);
    return [...set].sort((a, b) => a - b);
  };
  it('union, intersection and difference are the set operations, and results are sorted and disjoint', () => {
    fc.assert(
      fc.property(spans, spans, (a, b) => {
        const ua = unionOfSpans(a);
        const ub = unionOfSpans(b);
        const setA = new Set(minutes(a));
        const setB = new Set(minutes(b));
        expect(minutes(ua)).toEqual(minutes(a));
        expect(minutes(intersectSpans(ua, ub))).toEqual([...setA].filter((m) => setB.has(m)).sort((x, y) => x - y));
        expect(minutes(subtractSpans(ua, ub))).toEqual([...setA].filter((m) => !setB.has(m)).sort((x, y) => x - y));
        for (const result of [ua, intersectSpans(ua, ub), subtractSpans(ua, ub)]) {
          for (let i = 0; i < result.length; i++) {
            expect(result[i]!.start).toBeLessThan(result[i]!.end);
            if (i > 0) expect(result[i - 1]!.end).toBeLessThanOrEqual(result[i]!.start);
          }
        }
      }),
      { numRuns: runs(500) },
    );
  });
});

describe('ticket target properties', () => {
  const period = { from: weekStart, to: weekStart + WEEK_MINUTES * MINUTE };
  const instant = fc.integer({ min: -WEEK_MINUTES, max: 2 * WEEK_MINUTES }).map((m) => weekStart + m * MINUTE);
  const cycleArbitrary: fc.Arbitrary<CycleResult> = fc
    .tuple(fc.constantFrom('met', 'breached', 'running', 'paused', 'cancelled' as const), instant, instant, fc.nat(1e8))
    .map(([state, a, b, usedMs]) => ({
      state: state as CycleResult['state'],
      start: Math.min(a, b) - MINUTE,
      stop:
        state === 'met' || state === 'cancelled'
          ? Math.max(a, b)
          : state === 'breached' && usedMs % 2 === 0
            ? Math.max(a, b)
            : null,
      dueAt: state === 'paused' || state === 'cancelled' ? null : Math.min(a, b),
      breachAt: state === 'breached' ? Math.min(a, b) : null,
      usedMs,
      remainingMs: 0,
      percentUsed: 0,
      crossed: [],
    }));
  const measuredArbitrary: fc.Arbitrary<MeasuredCycle> = fc.record({
    ticketId: fc.constantFrom('T1', 'T2', 'T3', 'T4'),
    targetId: fc.constantFrom('a', 'b'),
    priority: fc.constantFrom('P1', 'P2', null),
    cycle: cycleArbitrary,
  });
  const countsAt = (c: CycleResult) => (c.state === 'met' ? c.stop : c.state === 'breached' ? c.breachAt : null);

  it('attainment ignores cycles that do not count in the period', () => {
    fc.assert(
      fc.property(fc.array(measuredArbitrary, { maxLength: 30 }), (cycles) => {
        const inside = cycles.filter((m) => {
          const instantCounted = countsAt(m.cycle);
          return instantCounted !== null && instantCounted >= period.from && instantCounted < period.to;
        });
        const strip = (results: ReturnType<typeof measureTicketTargets>) =>
          results.map(
            ({ openDueInPeriod: _o, worstCaseAttainmentPercent: _w, atRiskDueInPeriod: _a, projection: _p, ...rest }) =>
              rest,
          );
        const options = { targetIds: ['a', 'b'] };
        expect(strip(measureTicketTargets(cycles, period, options))).toEqual(
          strip(measureTicketTargets(inside, period, options)),
        );
      }),
      { numRuns: runs(300) },
    );
  });

  it('attainment is between 0 and 100 and counts add up', () => {
    fc.assert(
      fc.property(fc.array(measuredArbitrary, { maxLength: 30 }), (cycles) => {
        for (const result of measureTicketTargets(cycles, period)) {
          expect(result.counted).toBe(result.met + result.breached);
          expect(result.usedMs.count).toBe(result.counted);
          expect(result.breaches).toHaveLength(result.breached);
          if (result.attainmentPercent !== null) {
            expect(result.attainmentPercent).toBeGreaterThanOrEqual(0);
            expect(result.attainmentPercent).toBeLessThanOrEqual(100);
            expect(result.worstCaseAttainmentPercent!).toBeLessThanOrEqual(result.attainmentPercent);
          }
        }
      }),
      { numRuns: runs(300) },
    );
  });

  it('every counted cycle counts in exactly one of two adjacent periods or neither', () => {
    const next = { from: period.to, to: period.to + WEEK_MINUTES * MINUTE };
    const whole = { from: period.from, to: next.to };
    fc.assert(
      fc.property(fc.array(measuredArbitrary, { maxLength: 30 }), (cycles) => {
        const counted = (p: typeof period) =>
          measureTicketTargets(cycles, p, { targetIds: ['a', 'b'] }).map((r) => r.counted);
        const [a1, b1] = counted(period);
        const [a2, b2] = counted(next);
        expect(counted(whole)).toEqual([a1! + a2!, b1! + b2!]);
      }),
      { numRuns: runs(200) },
    );
  });
});

describe('ticket flow and rounding properties', () => {
  it('backlog at the end = backlog at the start + opened - resolved', () => {
    const ticket = fc
      .tuple(fc.integer({ min: -100, max: 300 }), fc.option(fc.nat(300)), fc.nat(3))
      .map(([opened, duration, reopenCount]) => ({
        ticketId: `T${opened}`,
        openedAt: weekStart + opened * MINUTE,
        resolvedAt: duration === null ? null : weekStart + (opened + duration) * MINUTE,
        reopenCount,
      }));
    fc.assert(
      fc.property(fc.array(ticket, { maxLength: 40 }), (tickets) => {
        const flow = measureTicketFlow(tickets, { from: weekStart, to: weekStart + 200 * MINUTE });
        expect(flow.backlogAtEnd).toBe(flow.backlogAtStart + flow.opened - flow.resolved);
      }),
      { numRuns: runs(300) },
    );
  });

  it('rounding moves a value by at most half a unit of the last place kept', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.integer({ min: 0, max: 6 }),
        (value, decimals) => {
          const rounded = roundHalfAwayFromZero(value, decimals);
          expect(Math.abs(rounded - value)).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-9);
          expect(roundHalfAwayFromZero(rounded, decimals)).toBe(rounded);
        },
      ),
      { numRuns: runs(1000) },
    );
  });
});
