import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  assessFeasibility,
  type HistoricalTicket,
  historyFeasibilityRule,
  lintAgreement,
  parseAgreement,
} from '../../../src/core/agreement/index.ts';
import { parseInstant } from '../../../src/core/time/index.ts';

const agreement = parseAgreement(
  readFileSync(new URL('../../../examples/agreements/servicenow-replay.yaml', import.meta.url), 'utf8'),
);
const HOUR = 3_600_000;

/** P1 tickets (24x7 calendar, 4 h resolution) opened on the hour and resolved after the given hours. */
function history(resolutionHours: number[]): HistoricalTicket[] {
  const base = parseInstant('2016-03-01T00:00:00-03:00');
  return resolutionHours.map((hours, index) => ({
    id: `T${index}`,
    events: [
      { id: 'o', type: 'opened', occurredAt: base + index * 24 * HOUR, priority: 'P1' },
      { id: 'r', type: 'resolved', occurredAt: base + index * 24 * HOUR + hours * HOUR },
    ],
  }));
}

describe('feasibility against history', () => {
  const now = parseInstant('2016-06-01T00:00:00-03:00');

  it("measures each ticket target as the draft would: met share, median, p90, the goal's percentile", () => {
    // 10 P1 tickets: 7 within 4 h, 3 beyond (5, 6 and 10 h).
    const results = assessFeasibility(agreement, history([1, 1, 2, 2, 3, 3, 4, 5, 6, 10]), { now });
    const p1 = results.find((result) => result.targetId === 'p1-resolution')!;
    expect(p1).toMatchObject({ judged: 10, met: 7, metPercent: 70, belowGoal: true });
    expect(p1.medianUsedMs).toBe(3 * HOUR);
    expect(p1.p90UsedMs).toBe(6 * HOUR);
    expect(p1.usedAtGoalMs).toBe(6 * HOUR);
    expect(p1.summary).toBe(
      'p1-resolution: p90 was 6 business h; a promise of 4 business h would have been met by 70.0 % of 10 cycles (goal 90 %)',
    );
    expect(results.find((result) => result.targetId === 'p2-resolution')).toMatchObject({
      judged: 0,
      belowGoal: false,
    });
  });

  it('warns through lint about a target the history cannot meet, with a measurable suggestion', () => {
    const tickets = history([1, 1, 2, 2, 3, 3, 4, 5, 6, 10]);
    const findings = lintAgreement(agreement, { rules: [historyFeasibilityRule(tickets, { now })] }).filter(
      (finding) => finding.rule === 'target-infeasible',
    );
    expect(findings.map((finding) => [finding.path, finding.severity])).toEqual([
      ['spec.targets.0', 'warning'],
      ['spec.targets.4', 'warning'],
    ]);
    expect(findings[1]!.suggestion).toContain('promise PT6H or more');
  });

  it('says nothing about a target with too little history or that the history meets', () => {
    expect(
      lintAgreement(agreement, { rules: [historyFeasibilityRule(history([1, 9]), { now })] }).filter(
        (finding) => finding.rule === 'target-infeasible',
      ),
    ).toEqual([]);
    const good = assessFeasibility(agreement, history(Array(20).fill(1)), { now });
    expect(good.find((result) => result.targetId === 'p1-resolution')).toMatchObject({
      metPercent: 100,
      belowGoal: false,
    });
  });
});
