import { describe, expect, it } from 'vitest';
import { AT_RISK_PERCENT_USED, isAtRisk, projectAttainment } from '../../../src/core/measure/index.ts';

describe('the projection of a running period (decision 0029)', () => {
  it('a cycle is at risk from 75 % of its time used', () => {
    expect(AT_RISK_PERCENT_USED).toBe(75);
    expect([isAtRisk(0), isAtRisk(74.99), isAtRisk(75), isAtRisk(697)]).toEqual([false, false, true, true]);
  });

  it('projects nothing without an open cycle at risk, however many are open', () => {
    expect(projectAttainment({ met: 1, breached: 0, openDue: 1, atRisk: 0 })).toMatchObject({
      projectedPercent: null,
      basis: 'the one open ticket due in the period has used less than 75 % of its time; 1 decided (1 met, 0 breached)',
    });
    expect(projectAttainment({ met: 0, breached: 0, openDue: 0, atRisk: 0 }).basis).toBe(
      'no open ticket is due in the period; 0 decided (0 met, 0 breached)',
    );
    expect(projectAttainment({ met: 9, breached: 1, openDue: 4, atRisk: 0 }).basis).toBe(
      'none of the 4 open tickets due in the period has used 75 % of its time; 10 decided (9 met, 1 breached)',
    );
  });

  it('supposes that the open cycles at risk breach, and only those', () => {
    const projection = projectAttainment({ met: 7, breached: 2, openDue: 5, atRisk: 2 });
    expect(projection).toEqual({
      met: 7,
      breached: 2,
      openDue: 5,
      atRisk: 2,
      atRiskPercentUsed: 75,
      projectedPercent: (7 / 11) * 100,
      basis:
        '2 of 5 open tickets due in the period are past 75 % of their time; with 9 decided (7 met, 2 breached), ' +
        '63.636 % if they breach',
    });
  });

  it('refuses counts that cannot be', () => {
    expect(() => projectAttainment({ met: 1, breached: 0, openDue: 1, atRisk: 2 })).toThrow(
      expect.objectContaining({ code: 'MEASUREMENT_INPUT_INVALID' }),
    );
    expect(() => projectAttainment({ met: -1, breached: 0, openDue: 0, atRisk: 0 })).toThrow(
      expect.objectContaining({ code: 'MEASUREMENT_INPUT_INVALID' }),
    );
  });
});
