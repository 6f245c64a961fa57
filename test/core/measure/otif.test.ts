import { describe, expect, it } from 'vitest';
import type { DomainError } from '../../../src/core/errors.ts';
import {
  type DeliveryLine,
  measureOtif,
  type OtifPolicy,
  roundHalfAwayFromZero,
} from '../../../src/core/measure/index.ts';
import { MS_PER_DAY, parseInstant } from '../../../src/core/time/index.ts';

const D = parseInstant('2026-03-10T00:00:00Z');
const line = (orderId: string, lineId: string, orderedQty: number, deliveredQty: number, dayOffset: number | null) => ({
  orderId,
  lineId,
  orderedQty,
  deliveredQty,
  promisedAt: D,
  deliveredAt: dayOffset === null ? null : D + dayOffset * MS_PER_DAY,
});

/** The worked example of docs/semantics.md#otif. */
const example: DeliveryLine[] = [
  line('A', '1', 100, 100, 0),
  line('A', '2', 50, 45, 0),
  line('B', '1', 200, 200, 1),
  line('C', '1', 80, 80, -2),
];
/** "Strict": nothing late, nothing short, nothing over; early deliveries are on time (no early limit). */
const strict: OtifPolicy = { level: 'line', onTime: { lateMs: 0 }, inFull: { under: 0, over: 0 } };
const round1 = (value: number | null) => (value === null ? null : roundHalfAwayFromZero(value, 1));

describe('OTIF: the worked example of docs/semantics.md#otif', () => {
  it('strict: lines 50 %, orders 33.3 %', () => {
    const result = measureOtif(example, strict);
    expect(result.percent).toBe(50);
    expect(result.lines).toMatchObject({ total: 4, otif: 2, otifPercent: 50 });
    expect(result.orders).toMatchObject({ total: 3, otif: 1 });
    expect(round1(result.orders.otifPercent)).toBe(33.3);
    expect(measureOtif(example, { ...strict, level: 'order' }).percent).toBe(result.orders.otifPercent);
  });

  it('strict: on time only and in full only', () => {
    const result = measureOtif(example, strict);
    expect(result.lines).toMatchObject({ onTime: 3, inFull: 3, onTimePercent: 75, inFullPercent: 75 });
    expect(result.orders).toMatchObject({ onTime: 2, inFull: 2 }); // A and C on time; B and C in full
    expect(result.lineOutcomes.map((o) => [o.orderId, o.lineId, o.onTime, o.inFull])).toEqual([
      ['A', '1', true, true],
      ['A', '2', true, false],
      ['B', '1', false, true],
      ['C', '1', true, true],
    ]);
  });

  it('with a 10 % under-tolerance: lines 75 %, orders 66.7 %', () => {
    const result = measureOtif(example, { ...strict, inFull: { under: 0.1, over: 0 } });
    expect(result.lines.otifPercent).toBe(75);
    expect(round1(result.orders.otifPercent)).toBe(66.7);
  });

  it('with an on-time window [D-1, D] (early is late): strict lines 25 %', () => {
    const result = measureOtif(example, { ...strict, onTime: { earlyMs: MS_PER_DAY, lateMs: 0 } });
    expect(result.lines.otifPercent).toBe(25);
    expect(result.lineOutcomes.find((o) => o.orderId === 'C')).toMatchObject({
      onTime: false,
      latenessMs: -2 * MS_PER_DAY,
    });
  });
});

describe('OTIF: edge cases', () => {
  it('window and quantity bounds are inclusive', () => {
    const policy: OtifPolicy = {
      level: 'line',
      onTime: { earlyMs: MS_PER_DAY, lateMs: MS_PER_DAY },
      inFull: { under: 0.07, over: 0.1 },
    };
    const lines = [
      line('A', '1', 100, 93, -1),
      line('A', '2', 100, 110, 1),
      line('A', '3', 100, 92, 0),
      line('A', '4', 100, 111, 0),
    ];
    const result = measureOtif(lines, policy);
    expect(result.lineOutcomes.map((o) => [o.onTime, o.inFull])).toEqual([
      [true, true],
      [true, true],
      [true, false],
      [true, false],
    ]);
    const outside = measureOtif([line('B', '1', 10, 10, -1.0001), line('B', '2', 10, 10, 1.0001)], policy);
    expect(outside.lines.onTime).toBe(0);
  });

  it('an undelivered line fails, unless the evaluation instant says it is still pending', () => {
    const lines = [line('A', '1', 10, 10, 0), line('A', '2', 10, 0, null), line('B', '1', 10, 10, 0)];
    const closed = measureOtif(lines, strict);
    expect(closed.lines).toMatchObject({ total: 3, otif: 2 });
    expect(closed.lineOutcomes[1]).toMatchObject({ onTime: false, inFull: false, latenessMs: null });
    const open = measureOtif(lines, strict, { asOf: D });
    expect(open.lines).toMatchObject({ total: 2, otif: 2 });
    expect(open.orders).toMatchObject({ total: 1, otif: 1 });
    expect(open).toMatchObject({ pendingLines: 1, pendingOrders: 1 });
    expect(measureOtif(lines, strict, { asOf: D + 1 }).lines.total).toBe(3);
  });

  it('no lines: no percentage', () => {
    const result = measureOtif([], strict);
    expect(result.percent).toBeNull();
    expect(result.orders.total).toBe(0);
  });

  it('refuses duplicate lines and bad policies', () => {
    const code = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return (error as DomainError).code;
      }
      return 'none';
    };
    expect(code(() => measureOtif([example[0]!, example[0]!], strict))).toBe('MEASUREMENT_INPUT_INVALID');
    expect(code(() => measureOtif(example, { ...strict, inFull: { under: 1.5, over: 0 } }))).toBe(
      'MEASUREMENT_INPUT_INVALID',
    );
    expect(code(() => measureOtif(example, { ...strict, onTime: { lateMs: -1 } }))).toBe('MEASUREMENT_INPUT_INVALID');
    expect(code(() => measureOtif([{ ...example[0]!, orderedQty: Number.NaN }], strict))).toBe(
      'MEASUREMENT_INPUT_INVALID',
    );
  });
});
