import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  addBusinessMs,
  compileCalendar,
  elapsedBusinessMinutes,
  elapsedBusinessMs,
  isOpen,
  nextOpening,
  openIntervals,
} from '../../../src/core/time/index.ts';
import { calendarCaseArbitrary, runs } from './calendar-arbitraries.ts';
import { isBusinessMinute, referenceAdd, referenceElapsed } from './reference-business-time.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('business time against the minute-walking reference', () => {
  it('add(start, N) is the instant the reference reaches after N business minutes', () => {
    fc.assert(
      fc.property(
        calendarCaseArbitrary,
        fc.integer({ min: -2880, max: 2880 }),
        fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 2400 })),
        ({ calendar, anchor }, shift, minutes) => {
          const start = anchor + shift * MINUTE;
          const expected = referenceAdd(calendar, start, minutes, 21 * 1440);
          const actual = addBusinessMinutes(compileCalendar(calendar), start, minutes);
          if (expected === undefined) {
            // The reference gave up (sparse calendar); the engine must not answer inside the walked window.
            if (actual !== null) expect(actual).toBeGreaterThan(start + 21 * 1440 * MINUTE - MINUTE);
          } else expect(actual).toBe(expected);
        },
      ),
      { numRuns: runs(700) },
    );
  });

  it('a deadline that uses up the business time before a closing is that closing instant', () => {
    fc.assert(
      fc.property(
        calendarCaseArbitrary,
        fc.integer({ min: -2880, max: 2880 }),
        fc.integer({ min: 1, max: 3 }),
        ({ calendar, anchor }, shift, closingsAhead) => {
          const start = anchor + shift * MINUTE;
          // Walk the reference to the k-th closing instant (a business minute followed by a non-business one).
          let counted = 0;
          let closings = 0;
          let closing: number | undefined;
          for (let instant = start; instant < start + 21 * 1440 * MINUTE; instant += MINUTE) {
            if (!isBusinessMinute(calendar, instant)) continue;
            counted++;
            if (!isBusinessMinute(calendar, instant + MINUTE) && ++closings === closingsAhead) {
              closing = instant + MINUTE;
              break;
            }
          }
          if (closing === undefined) return;
          expect(addBusinessMinutes(compileCalendar(calendar), start, counted)).toBe(closing);
        },
      ),
      { numRuns: runs(300) },
    );
  });

  it('elapsed(from, to) counts the business minutes the reference counts', () => {
    fc.assert(
      fc.property(
        calendarCaseArbitrary,
        fc.integer({ min: -2880, max: 2880 }),
        fc.integer({ min: -60, max: 8 * 1440 }),
        ({ calendar, anchor }, shift, span) => {
          const from = anchor + shift * MINUTE;
          const to = from + span * MINUTE;
          expect(elapsedBusinessMinutes(compileCalendar(calendar), from, to)).toBe(
            referenceElapsed(calendar, from, to),
          );
        },
      ),
      { numRuns: runs(700) },
    );
  });

  it('isOpen and nextOpening agree with the reference minute by minute', () => {
    fc.assert(
      fc.property(calendarCaseArbitrary, fc.integer({ min: -2880, max: 2880 }), ({ calendar, anchor }, shift) => {
        const instant = anchor + shift * MINUTE;
        const compiled = compileCalendar(calendar);
        expect(isOpen(compiled, instant)).toBe(isBusinessMinute(calendar, instant));
        const expectedOpening = referenceAdd(calendar, instant, 0, 21 * 1440);
        if (expectedOpening !== undefined) expect(nextOpening(compiled, instant)).toBe(expectedOpening);
      }),
      { numRuns: runs(1000) },
    );
  });

  it('open intervals cover exactly the business minutes of a period', () => {
    fc.assert(
      fc.property(calendarCaseArbitrary, fc.integer({ min: 0, max: 4 * 1440 }), ({ calendar, anchor }, span) => {
        const from = anchor - 1440 * MINUTE;
        const to = from + span * MINUTE;
        const spans = openIntervals(compileCalendar(calendar), from, to);
        let covered = 0;
        for (const [index, current] of spans.entries()) {
          expect(current.start).toBeLessThan(current.end);
          if (index > 0) expect(current.start).toBeGreaterThan(spans[index - 1]!.end);
          covered += (current.end - current.start) / MINUTE;
          expect(isBusinessMinute(calendar, current.start)).toBe(true);
          expect(isBusinessMinute(calendar, current.end - MINUTE)).toBe(true);
          if (current.start > from) expect(isBusinessMinute(calendar, current.start - MINUTE)).toBe(false);
          if (current.end < to) expect(isBusinessMinute(calendar, current.end)).toBe(false);
        }
        expect(covered).toBe(referenceElapsed(calendar, from, to));
      }),
      { numRuns: runs(300) },
    );
  });
});

describe('algebraic properties of business time', () => {
  const longMinutes = fc.oneof(
    fc.integer({ min: 1, max: 600 }),
    fc.integer({ min: 1, max: 200_000 }),
    fc.integer({ min: 1, max: 2_000_000 }),
  );

  it('elapsed(start, add(start, N)) gives N back, for spans of minutes to years', () => {
    fc.assert(
      fc.property(calendarCaseArbitrary, longMinutes, ({ calendar, anchor }, minutes) => {
        const compiled = compileCalendar(calendar);
        const deadline = addBusinessMinutes(compiled, anchor, minutes);
        if (deadline === null) return;
        expect(elapsedBusinessMinutes(compiled, anchor, deadline)).toBe(minutes);
        // The deadline is the earliest such instant: one minute earlier is not enough.
        expect(elapsedBusinessMinutes(compiled, anchor, deadline - MINUTE)).toBeLessThan(minutes);
      }),
      { numRuns: runs(2000) },
    );
  });

  it('elapsed is additive over adjacent spans', () => {
    fc.assert(
      fc.property(
        calendarCaseArbitrary,
        fc.integer({ min: 0, max: 3 * 365 * 1440 }),
        fc.integer({ min: 0, max: 3 * 365 * 1440 }),
        ({ calendar, anchor }, first, second) => {
          const compiled = compileCalendar(calendar);
          const middle = anchor + first * MINUTE;
          const end = middle + second * MINUTE;
          expect(elapsedBusinessMs(compiled, anchor, middle) + elapsedBusinessMs(compiled, middle, end)).toBe(
            elapsedBusinessMs(compiled, anchor, end),
          );
        },
      ),
      { numRuns: runs(2000) },
    );
  });

  it('add is monotonic in the duration and in the start', () => {
    fc.assert(
      fc.property(
        calendarCaseArbitrary,
        longMinutes,
        longMinutes,
        fc.integer({ min: 0, max: 10_000 }),
        ({ calendar, anchor }, a, b, delay) => {
          const compiled = compileCalendar(calendar);
          const [small, large] = a <= b ? [a, b] : [b, a];
          const early = addBusinessMinutes(compiled, anchor, small);
          const late = addBusinessMinutes(compiled, anchor, large);
          if (early !== null && late !== null) expect(early).toBeLessThanOrEqual(late);
          if (early === null) expect(late).toBeNull();
          const later = addBusinessMinutes(compiled, anchor + delay * MINUTE, small);
          if (early !== null && later !== null) expect(early).toBeLessThanOrEqual(later);
        },
      ),
      { numRuns: runs(2000) },
    );
  });

  it('works with millisecond instants and durations', () => {
    fc.assert(
      fc.property(
        calendarCaseArbitrary,
        fc.integer({ min: 1, max: HOUR - 1 }),
        fc.integer({ min: 1, max: 100 * HOUR }),
        ({ calendar, anchor }, offsetMs, amountMs) => {
          const compiled = compileCalendar(calendar);
          const start = anchor + offsetMs;
          const deadline = addBusinessMs(compiled, start, amountMs);
          if (deadline === null) return;
          expect(elapsedBusinessMs(compiled, start, deadline)).toBe(amountMs);
          expect(isOpen(compiled, deadline - 1)).toBe(true);
        },
      ),
      { numRuns: runs(1000) },
    );
  });
});
