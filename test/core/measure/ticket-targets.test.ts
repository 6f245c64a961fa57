import { describe, expect, it } from 'vitest';
import type { CycleResult, CycleState } from '../../../src/core/clocks/clock-result.ts';
import { DomainError } from '../../../src/core/errors.ts';
import { countCycleInPeriod, type MeasuredCycle, measureTicketTargets } from '../../../src/core/measure/index.ts';
import { parseInstant } from '../../../src/core/time/index.ts';

const at = parseInstant;
const HOUR = 3_600_000;
const march = { from: at('2026-03-01T00:00:00Z'), to: at('2026-04-01T00:00:00Z') };
const april = { from: at('2026-04-01T00:00:00Z'), to: at('2026-05-01T00:00:00Z') };

function cycle(state: CycleState, fields: Partial<CycleResult> = {}): CycleResult {
  return {
    state,
    start: at('2026-03-01T00:00:00Z'),
    stop: null,
    dueAt: null,
    breachAt: null,
    usedMs: 0,
    remainingMs: 0,
    percentUsed: 0,
    crossed: [],
    ...fields,
  };
}
const met = (stop: string, usedHours = 1): CycleResult =>
  cycle('met', { stop: at(stop), dueAt: at(stop) + HOUR, usedMs: usedHours * HOUR });
const breached = (breachAt: string, stop: string | null, usedHours = 5): CycleResult =>
  cycle('breached', {
    breachAt: at(breachAt),
    dueAt: at(breachAt),
    stop: stop === null ? null : at(stop),
    usedMs: usedHours * HOUR,
  });
const measured = (
  ticketId: string,
  c: CycleResult,
  targetId = 'p1-resolution',
  priority: string | null = 'P1',
): MeasuredCycle => ({
  ticketId,
  targetId,
  priority,
  cycle: c,
});

describe('which period a cycle counts in', () => {
  it('a met cycle counts in the period of its stop', () => {
    expect(countCycleInPeriod(met('2026-03-31T23:59:59Z'), march)).toBe('met');
    expect(countCycleInPeriod(met('2026-04-01T00:00:00Z'), march)).toBeNull();
    expect(countCycleInPeriod(met('2026-04-01T00:00:00Z'), april)).toBe('met');
  });

  it('a cycle breached in one period and stopped in the next counts as breached in the first only', () => {
    const late = breached('2026-03-31T20:00:00Z', '2026-04-02T09:00:00Z');
    expect(countCycleInPeriod(late, march)).toBe('breached');
    expect(countCycleInPeriod(late, april)).toBeNull();
  });

  it('a breached cycle still running counts at its breach instant', () => {
    expect(countCycleInPeriod(breached('2026-03-15T10:00:00Z', null), march)).toBe('breached');
  });

  it('running, paused and cancelled cycles do not count', () => {
    expect(countCycleInPeriod(cycle('running', { dueAt: at('2026-03-20T00:00:00Z') }), march)).toBeNull();
    expect(countCycleInPeriod(cycle('paused'), march)).toBeNull();
    expect(countCycleInPeriod(cycle('cancelled', { stop: at('2026-03-20T00:00:00Z') }), march)).toBeNull();
  });

  it('refuses a met cycle without a stop and a breached cycle without a breach instant', () => {
    expect(() => countCycleInPeriod(cycle('met'), march)).toThrow(DomainError);
    expect(() => countCycleInPeriod(cycle('breached', { stop: at('2026-03-02T00:00:00Z') }), march)).toThrow(
      /breach instant/,
    );
  });
});

describe('ticket target results in a period', () => {
  const cycles: MeasuredCycle[] = [
    measured('T1', met('2026-03-02T10:00:00Z', 1)),
    measured('T2', met('2026-03-03T10:00:00Z', 2)),
    measured('T3', met('2026-03-04T10:00:00Z', 3), 'p1-resolution', 'P2'),
    measured('T4', breached('2026-03-05T10:00:00Z', '2026-03-05T12:00:00Z', 6)),
    measured('T5', breached('2026-03-31T22:00:00Z', '2026-04-01T02:00:00Z', 8)),
    measured('T6', met('2026-04-02T10:00:00Z')), // next period
    measured('T7', breached('2026-02-27T10:00:00Z', '2026-03-02T10:00:00Z')), // breached in February
    measured('T8', cycle('running', { dueAt: at('2026-03-31T12:00:00Z'), percentUsed: 10 })),
    measured('T9', cycle('cancelled', { stop: at('2026-03-10T00:00:00Z') })),
    measured('T1', met('2026-03-02T09:00:00Z'), 'p1-response'),
  ];

  it('counts, attainment and used-time statistics per target', () => {
    const [resolution, response] = measureTicketTargets(cycles, march);
    expect(resolution).toMatchObject({
      targetId: 'p1-resolution',
      met: 3,
      breached: 2,
      counted: 5,
      attainmentPercent: 60,
    });
    // used hours 1, 2, 3, 6, 8: mean 4, nearest-rank median = rank 3 = 3 h, p90 = rank 5 = 8 h.
    expect(resolution!.usedMs).toEqual({
      count: 5,
      mean: 4 * HOUR,
      median: 3 * HOUR,
      p90: 8 * HOUR,
      min: HOUR,
      max: 8 * HOUR,
    });
    expect(resolution!.breaches.map((b) => b.ticketId)).toEqual(['T4', 'T5']);
    expect(resolution!.byPriority).toEqual([
      { priority: 'P1', met: 2, breached: 2, attainmentPercent: 50 },
      { priority: 'P2', met: 1, breached: 0, attainmentPercent: 100 },
    ]);
    expect(response).toMatchObject({ targetId: 'p1-response', met: 1, breached: 0, attainmentPercent: 100 });
  });

  it('a running cycle due in the period feeds the worst-case projection', () => {
    const [resolution] = measureTicketTargets(cycles, march);
    expect(resolution!.openDueInPeriod).toBe(1);
    expect(resolution!.worstCaseAttainmentPercent).toBe(50); // 3 / (3 + 2 + 1)
  });

  it('projects only on the evidence of open cycles at risk, and says what it rests on', () => {
    // T8 is due in March with 10 % of its time used: it projects nothing (the worst case would be 50 %).
    const [young] = measureTicketTargets(cycles, march);
    expect(young).toMatchObject({ atRiskDueInPeriod: 0, projection: { projectedPercent: null, openDue: 1 } });
    expect(young!.projection.basis).toBe(
      'the one open ticket due in the period has used less than 75 % of its time; 5 decided (3 met, 2 breached)',
    );
    const atRisk = cycles.map((entry) =>
      entry.ticketId === 'T8' ? { ...entry, cycle: { ...entry.cycle, percentUsed: 75 } } : entry,
    );
    const [resolution] = measureTicketTargets(atRisk, march);
    expect(resolution).toMatchObject({ atRiskDueInPeriod: 1, projection: { projectedPercent: 50, atRisk: 1 } });
    expect(resolution!.projection.basis).toBe(
      '1 of 1 open ticket due in the period is past 75 % of its time; with 5 decided (3 met, 2 breached), 50 % if it breaches',
    );
  });

  it('an empty period reports the named targets with no attainment', () => {
    const results = measureTicketTargets([], march, { targetIds: ['p1-resolution', 'p2-resolution'] });
    expect(results.map((r) => [r.targetId, r.counted, r.attainmentPercent, r.usedMs.median])).toEqual([
      ['p1-resolution', 0, null, null],
      ['p2-resolution', 0, null, null],
    ]);
  });

  it('named targets come first, in order; others follow sorted', () => {
    const results = measureTicketTargets(cycles, march, { targetIds: ['p9', 'p1-resolution'] });
    expect(results.map((r) => r.targetId)).toEqual(['p9', 'p1-resolution', 'p1-response']);
  });

  it('refuses an invalid period', () => {
    expect(() => measureTicketTargets(cycles, { from: march.to, to: march.from })).toThrow(
      expect.objectContaining({ code: 'PERIOD_INVALID' }),
    );
  });
});
