import { describe, expect, it } from 'vitest';
import { parseAgreement } from '../../../src/core/agreement/index.ts';
import type { ClockResult, CycleResult } from '../../../src/core/clocks/index.ts';
import { crossingCount, planFirings, raisedPriority } from '../../../src/core/monitoring/threshold-firings.ts';

const agreement = parseAgreement(`apiVersion: covenant/v1
kind: Agreement
metadata: { id: firings, title: Firings, customer: acme }
spec:
  term: { start: 2026-01-01, end: 2030-12-31, renewal: manual, noticeDays: 30, timezone: UTC }
  review: { every: P3M }
  services: [ { id: ops, name: Operations, scope: [incident handling] } ]
  calendars: { always: 24x7 }
  priorities: { levels: [P1, P2, P3] }
  targets:
    - { id: reply, metric: next_response, priorities: [P1, P2, P3], within: PT1H, calendar: always, goal: 90%, warnAt: [50%] }
  escalation:
    - { at: 50%, notify: [owner] }
    - { at: 100%, notify: [manager, boss@acme.example], raisePriority: true, openDeviation: true }
`);

const cycle = (start: number, overrides: Partial<CycleResult> = {}): CycleResult => ({
  state: 'running',
  start,
  stop: null,
  dueAt: start + 3_600_000,
  breachAt: null,
  usedMs: 1_800_000,
  remainingMs: 1_800_000,
  percentUsed: 50,
  crossed: [{ percent: 50, at: start + 1_800_000 }],
  ...overrides,
});
const clock = (cycles: CycleResult[]): ClockResult => ({
  targetId: 'reply',
  metric: 'next_response',
  durationMs: 3_600_000,
  calendar: 'always',
  cycles,
  nextCheckAt: null,
});

describe('threshold firings', () => {
  it('plans a warning and an escalation at 50 %, and the breach with the 100 % level, with stable ids', () => {
    const breached = cycle(0, {
      state: 'breached',
      breachAt: 3_600_000,
      crossed: [
        { percent: 50, at: 1_800_000 },
        { percent: 100, at: 3_600_000 },
      ],
    });
    const input = { ticketId: 't1', ticketRecordedAt: 0, clocks: [clock([breached])], agreement };
    const plans = planFirings(input);
    expect(plans.map((plan) => `${plan.kind} ${plan.percent}`)).toEqual([
      'warning 50',
      'escalation 50',
      'escalation 100',
      'breach 100',
    ]);
    expect(plans.find((plan) => plan.kind === 'escalation' && plan.percent === 100)).toMatchObject({
      notify: ['manager', 'boss@acme.example'],
      raisePriority: true,
      openDeviation: true,
      suppressed: null,
    });
    expect(planFirings(input).map((plan) => plan.id)).toEqual(plans.map((plan) => plan.id));
    expect(new Set(plans.map((plan) => plan.id)).size).toBe(plans.length);
    expect(crossingCount(clock([breached]))).toBe(3);
  });

  it('gives a new cycle new ids, skips cancelled cycles, and suppresses what was reached before recording', () => {
    const first = cycle(0);
    const second = cycle(10_000_000);
    const plans = planFirings({
      ticketId: 't1',
      ticketRecordedAt: 5_000_000,
      clocks: [clock([first, second, cycle(20_000_000, { state: 'cancelled' })])],
      agreement,
    });
    expect(plans).toHaveLength(4);
    const [a, , c] = plans;
    expect(a!.id).not.toBe(c!.id);
    expect(plans.map((plan) => plan.suppressed !== null)).toEqual([true, true, false, false]);
  });

  it('raises a priority one level in the agreement order, never above the top', () => {
    expect(raisedPriority(agreement, 'P3')).toBe('P2');
    expect(raisedPriority(agreement, 'P1')).toBeNull();
    expect(raisedPriority(agreement, 'P9')).toBeNull();
    expect(raisedPriority(agreement, null)).toBeNull();
  });
});
