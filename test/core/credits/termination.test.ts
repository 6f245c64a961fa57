import { describe, expect, it } from 'vitest';
import {
  evaluateTerminationHistory,
  evaluateTerminationStanding,
  evaluateTerminationTrigger,
  type PeriodOutcome,
  type TerminationTrigger,
} from '../../../src/core/credits/index.ts';

const outcomes = (pattern: string): PeriodOutcome[] =>
  [...pattern].map((mark, index) => ({
    period: `2026-${String(index + 1).padStart(2, '0')}`,
    missed: mark === 'x' ? true : mark === '.' ? false : null,
  }));
const threeInARow: TerminationTrigger = {
  kind: 'consecutive',
  id: 'p1-3-in-a-row',
  targetId: 'p1-resolution',
  periods: 3,
};
const threeOfSix: TerminationTrigger = { kind: 'missed_of_last', id: 'p1-3-of-6', missed: 3, ofLast: 6 };

describe('termination triggers', () => {
  it('N consecutive missed periods, with the streak as evidence', () => {
    const result = evaluateTerminationTrigger(threeInARow, outcomes('..xxx'));
    expect(result).toMatchObject({
      triggered: true,
      period: '2026-05',
      missedPeriods: ['2026-03', '2026-04', '2026-05'],
    });
    expect(result.reason).toBe('3 consecutive missed period(s) up to 2026-05; the trigger needs 3');
    expect(evaluateTerminationTrigger(threeInARow, outcomes('xx.xx')).triggered).toBe(false);
  });

  it('a period without data breaks a streak', () => {
    expect(evaluateTerminationTrigger(threeInARow, outcomes('xx?x')).missedPeriods).toEqual(['2026-04']);
  });

  it('M of the last K periods', () => {
    const result = evaluateTerminationTrigger(threeOfSix, outcomes('xx.x..x.'));
    // the last six, 2026-03 to 2026-08, are . x . . x . : two misses
    expect(result).toMatchObject({ triggered: false, missedPeriods: ['2026-04', '2026-07'] });
    expect(result.consideredPeriods).toHaveLength(6);
    expect(evaluateTerminationTrigger(threeOfSix, outcomes('x.x..x')).triggered).toBe(true);
  });

  it('a history shorter than K is judged on what exists', () => {
    expect(evaluateTerminationTrigger(threeOfSix, outcomes('xxx'))).toMatchObject({
      triggered: true,
      consideredPeriods: ['2026-01', '2026-02', '2026-03'],
    });
    expect(evaluateTerminationTrigger(threeInARow, [])).toMatchObject({ triggered: false, period: null });
  });

  it('evaluated every period, the flag rises and falls with the evidence', () => {
    const flags = evaluateTerminationHistory(threeInARow, outcomes('.xxxx.x')).map((e) => e.triggered);
    expect(flags).toEqual([false, false, false, true, true, false, false]);
  });

  it('refuses malformed triggers and outcomes', () => {
    const code = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return (error as { code?: string }).code;
      }
      return 'none';
    };
    expect(code(() => evaluateTerminationTrigger({ ...threeInARow, periods: 0 }, []))).toBe(
      'TERMINATION_INPUT_INVALID',
    );
    expect(code(() => evaluateTerminationTrigger({ ...threeOfSix, missed: 7 }, []))).toBe('TERMINATION_INPUT_INVALID');
    expect(code(() => evaluateTerminationTrigger(threeInARow, [...outcomes('x'), ...outcomes('x')]))).toBe(
      'TERMINATION_INPUT_INVALID',
    );
  });
});

describe('termination standing: only closed periods raise a right', () => {
  it('a running period that completes the streak only says it would trigger if it closed now', () => {
    const months = outcomes('.xxx');
    const standing = evaluateTerminationStanding(threeInARow, months.slice(0, 3), months[3]!);
    expect(standing).toMatchObject({
      triggered: false,
      period: '2026-03',
      missedPeriods: ['2026-02', '2026-03'],
      provisional: { period: '2026-04', wouldTrigger: true, missedPeriods: ['2026-02', '2026-03', '2026-04'] },
    });
    expect(standing.provisional!.reason).toBe(
      'would trigger if 2026-04 closed now: 3 consecutive missed period(s) up to 2026-04; the trigger needs 3',
    );
  });

  it('a right raised by the closed periods stands whatever the running period does so far', () => {
    const months = outcomes('xxx.');
    const standing = evaluateTerminationStanding(threeInARow, months.slice(0, 3), months[3]!);
    expect(standing).toMatchObject({ triggered: true, period: '2026-03', provisional: { wouldTrigger: false } });
  });

  it('says so when no period has closed yet, and has no provisional part when every period is closed', () => {
    const first = evaluateTerminationStanding(threeOfSix, [], outcomes('x')[0]!);
    expect(first).toMatchObject({ triggered: false, period: null, reason: 'no closed period yet' });
    expect(first.provisional).toMatchObject({ period: '2026-01', wouldTrigger: false });
    expect(evaluateTerminationStanding(threeInARow, outcomes('xxx'), null)).toMatchObject({
      triggered: true,
      provisional: null,
    });
  });
});
