import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clockPolicyOf, parseAgreement } from '../../../src/core/agreement/index.ts';
import { evaluateTicketClocks } from '../../../src/core/clocks/index.ts';
import { parseInstant } from '../../../src/core/time/index.ts';

const erp = parseAgreement(
  readFileSync(new URL('../../../examples/agreements/erp-support.yaml', import.meta.url), 'utf8'),
);

describe('the agreement as a clock policy', () => {
  it('maps ticket targets with durations, calendars, pauses and thresholds (warnings plus escalation levels)', () => {
    const policy = clockPolicyOf(erp);
    expect(policy.targets.map((target) => target.id)).not.toContain('mttr-urgent');
    const p1 = policy.targets.find((target) => target.id === 'p1-resolution')!;
    expect(p1).toMatchObject({
      metric: 'resolution',
      durationMs: 4 * 3_600_000,
      calendarName: 'production',
      pauseOn: ['awaiting_customer'],
      reopen: 'resume',
      thresholds: [50, 75, 90, 100, 150],
    });
    // The 150 % level names only the resolution targets.
    expect(policy.targets.find((target) => target.id === 'p1-response')!.thresholds).toEqual([50, 75, 80, 100]);
    expect(clockPolicyOf(erp)).toBe(policy);
  });

  it('evaluates a ticket whose priority comes from the impact x urgency matrix', () => {
    const events = [
      {
        id: '1',
        type: 'opened' as const,
        occurredAt: parseInstant('2026-03-02T21:00:00+01:00'),
        impact: 'high',
        urgency: 'high',
      },
    ];
    const evaluation = evaluateTicketClocks(clockPolicyOf(erp), events, parseInstant('2026-03-03T07:00:00+01:00'));
    expect(evaluation.priority).toBe('P1');
    const resolution = evaluation.clocks.find((clock) => clock.targetId === 'p1-resolution')!;
    // Production hours are 06:00-22:00: one hour on Monday evening, then from 06:00 on Tuesday: due 09:00.
    expect(resolution.cycles[0]).toMatchObject({ state: 'running', dueAt: parseInstant('2026-03-03T09:00:00+01:00') });
  });
});
