import { describe, expect, it } from 'vitest';
import {
  type ClockPolicy,
  type ClockTarget,
  evaluateTicketClocks,
  type TicketEvent,
} from '../../../src/core/clocks/index.ts';
import { compileCalendar, parseInstant } from '../../../src/core/time/index.ts';

// Hand-checked cases for rules the shared scenarios do not cover. Times are Warsaw local (+01:00 in January).
const at = (local: string) => parseInstant(`2024-01-${local}+01:00`);
const always = compileCalendar('24x7');
const office = compileCalendar({
  timezone: 'Europe/Warsaw',
  weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:00', end: '16:00' }],
});
const HOUR = 3_600_000;

function target(overrides: Partial<ClockTarget> & Pick<ClockTarget, 'id' | 'metric'>): ClockTarget {
  return {
    priorities: ['P1'],
    durationMs: 4 * HOUR,
    calendarName: 'always',
    calendar: always,
    pauseOn: ['awaiting_customer'],
    reopen: 'resume',
    thresholds: [],
    ...overrides,
  };
}

let sequence = 0;
function event(type: TicketEvent['type'], local: string, extra: Partial<TicketEvent> = {}): TicketEvent {
  sequence++;
  return { id: `e${sequence}`, type, occurredAt: at(local), ...extra };
}

const only = (policy: ClockPolicy, events: TicketEvent[], now: string, exclusions = []) =>
  evaluateTicketClocks(policy, events, at(now), { exclusions });

describe('warning thresholds and nextCheckAt', () => {
  const policy = { targets: [target({ id: 'res', metric: 'resolution', thresholds: [50, 75, 90, 150] })] };
  const events = [event('opened', '08T10:00', { priority: 'P1' })];

  it('records the instant each threshold was reached and asks to be checked at the next one', () => {
    const result = only(policy, events, '08T13:00');
    const [clock] = result.clocks;
    expect(clock!.cycles[0]!.crossed).toEqual([
      { percent: 50, at: at('08T12:00') },
      { percent: 75, at: at('08T13:00') },
    ]);
    expect(clock!.nextCheckAt).toBe(at('08T13:36'));
    expect(result.nextCheckAt).toBe(at('08T13:36'));
  });

  it('asks to be checked the first instant after the due instant, then at levels beyond 100 %', () => {
    expect(only(policy, events, '08T13:40').nextCheckAt).toBe(at('08T14:00') + 1);
    const atDue = only(policy, events, '08T14:00');
    expect(atDue.clocks[0]!.cycles[0]!.state).toBe('running');
    const breached = only(policy, events, '08T14:01');
    expect(breached.clocks[0]!.cycles[0]).toMatchObject({ state: 'breached', breachAt: at('08T14:00') });
    expect(breached.nextCheckAt).toBe(at('08T16:00'));
  });

  it('asks to be checked when a cycle becomes at risk (75 % used), even without a warning there', () => {
    const plain = { targets: [target({ id: 'res', metric: 'resolution', thresholds: [] })] };
    expect(only(plain, events, '08T11:00').nextCheckAt).toBe(at('08T13:00'));
    const late = only(plain, events, '08T13:00');
    expect(late.clocks[0]!.cycles[0]!.percentUsed).toBe(75);
    expect(late.nextCheckAt).toBe(at('08T14:00') + 1);
  });

  it('has nothing to check once every cycle has stopped', () => {
    const resolved = only(policy, [...events, event('resolved', '08T11:00')], '08T12:00');
    expect(resolved.clocks[0]!.cycles[0]!.state).toBe('met');
    expect(resolved.nextCheckAt).toBeNull();
  });
});

describe('exclusion windows', () => {
  const policy = { targets: [target({ id: 'res', metric: 'resolution', service: undefined })] };
  const events = [event('opened', '08T10:00', { priority: 'P1', service: 'erp' })];

  it('pause every target of the services they cover, and not others', () => {
    const window = { from: at('08T11:00'), to: at('08T12:00'), services: ['erp'] };
    const covered = evaluateTicketClocks(policy, events, at('08T15:00'), { exclusions: [window] });
    expect(covered.clocks[0]!.cycles[0]).toMatchObject({ state: 'running', dueAt: at('08T15:00') });
    const other = evaluateTicketClocks(policy, events, at('08T15:00'), {
      exclusions: [{ ...window, services: ['hosting'] }],
    });
    expect(other.clocks[0]!.cycles[0]).toMatchObject({ state: 'breached', dueAt: at('08T14:00') });
  });

  it('are not projected before they start, but the clock asks to be looked at when they do', () => {
    const window = { from: at('08T12:00'), to: at('08T13:00') };
    const before = evaluateTicketClocks(policy, events, at('08T11:00'), { exclusions: [window] });
    expect(before.clocks[0]!.cycles[0]).toMatchObject({ state: 'running', dueAt: at('08T14:00') });
    expect(before.nextCheckAt).toBe(at('08T12:00'));
    const during = evaluateTicketClocks(policy, events, at('08T12:30'), { exclusions: [window] });
    expect(during.clocks[0]!.cycles[0]).toMatchObject({ state: 'paused', dueAt: null });
    expect(during.nextCheckAt).toBe(at('08T13:00'));
  });
});

describe('priority', () => {
  it('derives the priority from impact and urgency through the matrix', () => {
    const policy: ClockPolicy = {
      targets: [
        target({ id: 'p1', metric: 'resolution' }),
        target({ id: 'p3', metric: 'resolution', priorities: ['P3'] }),
      ],
      priorityMatrix: { high: { high: 'P1', low: 'P3' }, low: { high: 'P3', low: 'P4' } },
    };
    const events = [
      event('opened', '08T10:00', { impact: 'high', urgency: 'low' }),
      event('priority', '08T10:30', { urgency: 'high' }),
    ];
    const result = only(policy, events, '08T11:00');
    expect(result.priority).toBe('P1');
    expect(result.clocks.map((clock) => [clock.targetId, clock.cycles[0]!.state])).toEqual([
      ['p1', 'running'],
      ['p3', 'cancelled'],
    ]);
  });

  it('re-judges after the resolution when the priority is raised retroactively', () => {
    const policy = {
      targets: [
        target({ id: 'p1', metric: 'resolution', durationMs: 4 * HOUR }),
        target({ id: 'p3', metric: 'resolution', priorities: ['P3'], durationMs: 8 * HOUR }),
      ],
    };
    const events = [
      event('opened', '08T10:00', { priority: 'P3' }),
      event('resolved', '08T16:00'),
      event('priority', '09T09:00', { priority: 'P1' }),
    ];
    const [p1, p3] = only(policy, events, '09T10:00').clocks;
    expect(p1!.cycles[0]).toMatchObject({ state: 'breached', stop: at('08T16:00'), breachAt: at('08T14:00') });
    expect(p3!.cycles[0]).toMatchObject({ state: 'cancelled', stop: at('08T16:00'), dueAt: null });
  });
});

describe('cancellation, reopen and odd logs', () => {
  it('a cycle breached before the cancellation stays breached, stopped at the cancellation', () => {
    const policy = { targets: [target({ id: 'res', metric: 'resolution' })] };
    const events = [event('opened', '08T10:00', { priority: 'P1' }), event('cancelled', '08T15:00')];
    expect(only(policy, events, '08T16:00').clocks[0]!.cycles[0]).toMatchObject({
      state: 'breached',
      stop: at('08T15:00'),
      breachAt: at('08T14:00'),
      usedMs: 5 * HOUR,
    });
  });

  it('a periodic update starts a new cycle at a reopen and none while resolved', () => {
    const policy = { targets: [target({ id: 'pu', metric: 'periodic_update', durationMs: 2 * HOUR })] };
    const events = [
      event('opened', '08T10:00', { priority: 'P1' }),
      event('resolved', '08T11:00'),
      event('agent_reply', '08T11:30'),
      event('reopened', '08T12:00'),
    ];
    const cycles = only(policy, events, '08T15:00').clocks[0]!.cycles;
    expect(cycles.map((cycle) => [cycle.state, cycle.start, cycle.stop])).toEqual([
      ['met', at('08T10:00'), at('08T11:00')],
      ['breached', at('08T12:00'), null],
    ]);
  });

  it('a paused cycle that had already passed its due instant is breached, not paused', () => {
    const policy = { targets: [target({ id: 'res', metric: 'resolution', calendar: office, calendarName: 'office' })] };
    const events = [
      event('opened', '08T08:00', { priority: 'P1' }),
      event('status', '08T13:00', { status: 'awaiting_customer' }),
    ];
    expect(only(policy, events, '08T15:00').clocks[0]!.cycles[0]).toMatchObject({
      state: 'breached',
      breachAt: at('08T12:00'),
      usedMs: 5 * HOUR,
    });
  });

  it('ignores events after now and before the opening, and a ticket that never opened has no clocks', () => {
    const policy = { targets: [target({ id: 'res', metric: 'resolution' })] };
    const events = [
      event('status', '08T09:00', { status: 'awaiting_customer' }),
      event('opened', '08T10:00', { priority: 'P1' }),
      event('resolved', '08T20:00'),
    ];
    expect(only(policy, events, '08T12:00').clocks[0]!.cycles[0]).toMatchObject({ state: 'running', usedMs: 2 * HOUR });
    expect(only(policy, [event('agent_reply', '08T10:00')], '08T12:00')).toMatchObject({
      lifecycle: 'not_opened',
      clocks: [],
    });
  });

  it('applies a service-scoped target only to tickets of that service', () => {
    const policy = { targets: [target({ id: 'erp-res', metric: 'resolution', service: 'erp' })] };
    expect(
      only(policy, [event('opened', '08T10:00', { priority: 'P1', service: 'erp' })], '08T11:00').clocks,
    ).toHaveLength(1);
    expect(
      only(policy, [event('opened', '08T10:00', { priority: 'P1', service: 'crm' })], '08T11:00').clocks,
    ).toHaveLength(0);
  });
});

describe('the status a ticket reads', () => {
  const policy = {
    targets: [target({ id: 'res', metric: 'resolution', thresholds: [] })],
  };
  const working = [
    event('opened', '08T10:00', { priority: 'P1' }),
    event('status', '08T10:30', { status: 'in_progress' }),
  ];

  it('reads the life-cycle event once the ticket is resolved, closed or cancelled', () => {
    const resolved = only(policy, [...working, event('resolved', '08T11:00')], '08T12:00');
    expect(resolved).toMatchObject({ lifecycle: 'resolved', status: 'resolved' });
    const closed = only(policy, [...working, event('resolved', '08T11:00'), event('closed', '08T11:30')], '08T12:00');
    expect(closed).toMatchObject({ lifecycle: 'closed', status: 'closed' });
    const cancelled = only(policy, [...working, event('cancelled', '08T11:00')], '08T12:00');
    expect(cancelled).toMatchObject({ lifecycle: 'cancelled', status: 'cancelled' });
  });

  it('reads the status name a resolution event carries, and the reopen status after a reopen', () => {
    const named = only(policy, [...working, event('resolved', '08T11:00', { status: 'fixed' })], '08T12:00');
    expect(named.status).toBe('fixed');
    const reopened = only(
      policy,
      [...working, event('resolved', '08T11:00'), event('reopened', '08T11:30')],
      '08T12:00',
    );
    expect(reopened).toMatchObject({ lifecycle: 'open', status: 'open' });
  });

  it('leaves the pauses as the status history had them: a resolution pauses nothing and a reopen resumes', () => {
    const pausing = {
      targets: [target({ id: 'res', metric: 'resolution', pauseOn: ['awaiting_customer', 'resolved'] })],
    };
    const events = [
      event('opened', '08T10:00', { priority: 'P1' }),
      event('status', '08T11:00', { status: 'awaiting_customer' }),
      event('resolved', '08T12:00'),
      event('reopened', '08T13:00', { status: 'in_progress' }),
    ];
    // 10-11 running, 11-12 paused, 12-13 resolved, 13-15 running: 3 hours used.
    expect(only(pausing, events, '08T15:00').clocks[0]!.cycles[0]).toMatchObject({
      state: 'running',
      usedMs: 3 * HOUR,
    });
  });
});
