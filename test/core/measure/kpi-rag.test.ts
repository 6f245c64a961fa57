import { describe, expect, it } from 'vitest';
import { evaluateKpi, type RagInput, rateRag } from '../../../src/core/measure/index.ts';

describe('KPIs', () => {
  it('mean resolution time at most 6 business hours', () => {
    expect(evaluateKpi({ value: 5.5, objective: 6, direction: 'atMost' })).toEqual({
      status: 'met',
      value: 5.5,
      objective: 6,
      direction: 'atMost',
      margin: 0.5,
      relativeMargin: 0.5 / 6,
    });
    expect(evaluateKpi({ value: 6.5, objective: 6, direction: 'atMost' })).toMatchObject({
      status: 'missed',
      margin: -0.5,
    });
  });

  it('CSAT at least 4.2; exactly the objective meets it', () => {
    expect(evaluateKpi({ value: 4.2, objective: 4.2, direction: 'atLeast' })).toMatchObject({
      status: 'met',
      margin: 0,
    });
    expect(evaluateKpi({ value: 4.1, objective: 4.2, direction: 'atLeast' }).status).toBe('missed');
  });

  it('no data, and an objective of 0', () => {
    expect(evaluateKpi({ value: null, objective: 6, direction: 'atMost' })).toMatchObject({
      status: 'no_data',
      margin: null,
    });
    expect(evaluateKpi({ value: 0, objective: 0, direction: 'atMost' })).toMatchObject({
      status: 'met',
      relativeMargin: null,
    });
  });

  it('refuses an unknown direction', () => {
    expect(() => evaluateKpi({ value: 1, objective: 1, direction: 'above' as 'atLeast' })).toThrow(
      expect.objectContaining({ code: 'MEASUREMENT_INPUT_INVALID' }),
    );
  });
});

describe('RAG', () => {
  const attainment = (value: number | null, extra: Partial<RagInput> = {}) =>
    rateRag({ value, goal: 95, direction: 'atLeast', goalKind: 'percent', warningMargin: 2, ...extra });

  it.each([
    [99, 'green', 'MET'],
    [97, 'green', 'MET'], // exactly the margin away: green
    [96.99, 'amber', 'NEAR_GOAL'],
    [95, 'amber', 'NEAR_GOAL'],
    [94.99, 'red', 'MISSED'],
  ])('attainment %s %% against 95 %% with a 2-point margin is %s', (value, status, code) => {
    expect(attainment(value)).toMatchObject({ status, code });
  });

  it('a projected miss makes a met result amber, and outranks closeness', () => {
    expect(attainment(99, { projectedValue: 93 })).toMatchObject({ status: 'amber', code: 'PROJECTED_TO_MISS' });
    expect(attainment(96, { projectedValue: 93 }).code).toBe('PROJECTED_TO_MISS');
    expect(attainment(99, { projectedValue: 96 }).status).toBe('green');
    expect(attainment(94, { projectedValue: 99 }).status).toBe('red');
  });

  it('a projection says what it rests on, and warns even before anything is decided', () => {
    const basis = '1 of 2 open tickets due in the period is past 75 % of its time';
    expect(attainment(99, { projectedValue: 50, projectionBasis: basis }).reason).toBe(
      `met so far (99 %) but projected to miss: 50 % by the period's end (${basis}), goal at least 95 %`,
    );
    expect(attainment(null, { projectedValue: 0, projectionBasis: basis })).toEqual({
      status: 'amber',
      code: 'PROJECTED_TO_MISS',
      reason: `nothing decided yet but projected to miss: 0 % by the period's end (${basis}), goal at least 95 %`,
    });
    expect(attainment(null, { projectedValue: null, projectionBasis: 'no open ticket is due in the period' })).toEqual({
      status: 'grey',
      code: 'NO_DATA',
      reason: 'no data in the period (goal at least 95 %)',
    });
  });

  it('without a margin, meeting the goal exactly is green', () => {
    expect(attainment(95, { warningMargin: 0 }).status).toBe('green');
  });

  it('no data is grey', () => {
    expect(attainment(null)).toMatchObject({ status: 'grey', code: 'NO_DATA' });
  });

  it('KPI margins are relative to the objective', () => {
    const mttr = (value: number) =>
      rateRag({ value, goal: 6, direction: 'atMost', goalKind: 'number', warningMargin: 0.1 });
    expect(mttr(5.3)).toMatchObject({ status: 'green' }); // 0.7 h = 11.7 % under
    expect(mttr(5.5)).toMatchObject({ status: 'amber', code: 'NEAR_GOAL' }); // 0.5 h = 8.3 %
    expect(mttr(6.01)).toMatchObject({ status: 'red' });
  });

  it('reasons are readable', () => {
    expect(attainment(96).reason).toBe('met (96 %) but within the warning margin of 2 points, goal at least 95 %');
    expect(attainment(90).reason).toBe('missed: 90 %, goal at least 95 %');
    expect(rateRag({ value: 5.5, goal: 6, direction: 'atMost', goalKind: 'number', warningMargin: 0.1 }).reason).toBe(
      'met (5.5) but within the warning margin of 10 % of the goal, goal at most 6',
    );
  });
});
