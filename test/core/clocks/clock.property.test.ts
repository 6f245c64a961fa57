import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ClockPolicy,
  type ClockTarget,
  evaluateTicketClocks,
  type ResponseEntry,
  type TicketEvent,
} from '../../../src/core/clocks/index.ts';
import { addBusinessMs, compileCalendar, elapsedBusinessMs } from '../../../src/core/time/index.ts';
import { runs } from '../time/calendar-arbitraries.ts';

const MINUTE = 60_000;
const calendars = {
  always: compileCalendar('24x7'),
  warsaw: compileCalendar({
    timezone: 'Europe/Warsaw',
    weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:00', end: '16:00' }],
    holidays: { region: 'PL' },
  }),
  newYork: compileCalendar({
    timezone: 'America/New_York',
    weekly: [
      { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' },
      { days: ['mon', 'tue', 'wed', 'thu'], start: '22:00', end: '02:00' },
    ],
  }),
};
type CalendarName = keyof typeof calendars;

const targetArbitrary = fc.record({
  metric: fc.constantFrom('first_response', 'next_response', 'periodic_update', 'resolution' as const),
  priorities: fc.subarray(['P1', 'P2', 'P3'], { minLength: 1 }),
  durationMinutes: fc.integer({ min: 15, max: 2400 }),
  calendarName: fc.constantFrom<CalendarName>('always', 'warsaw', 'newYork'),
  pauses: fc.boolean(),
  reopen: fc.constantFrom('resume', 'restart' as const),
  // Absent (public replies only) half of the time; otherwise any non-empty choice of responses.
  respondedBy: fc.option(
    fc.subarray<ResponseEntry>(['public_reply', 'call', { status: 'in_progress' }, { status: 'awaiting_customer' }], {
      minLength: 1,
    }),
    { nil: undefined },
  ),
});

const policyArbitrary: fc.Arbitrary<ClockPolicy> = fc
  .array(targetArbitrary, { minLength: 1, maxLength: 5 })
  .map((targets) => ({
    targets: targets.map(
      (target, index): ClockTarget => ({
        id: `t${index}`,
        metric: target.metric,
        priorities: target.priorities,
        durationMs: target.durationMinutes * MINUTE,
        calendarName: target.calendarName,
        calendar: calendars[target.calendarName],
        pauseOn: target.pauses ? ['awaiting_customer'] : [],
        reopen: target.reopen,
        respondedBy: target.respondedBy,
        thresholds: [50, 75, 90, 150],
      }),
    ),
  }));

const stepArbitrary = fc.record({
  gapMinutes: fc.integer({ min: 1, max: 900 }),
  type: fc.constantFrom(
    'status',
    'status',
    'priority',
    'agent_reply',
    'agent_reply',
    'customer_reply',
    'customer_reply',
    'call',
    'resolved',
    'reopened',
    'closed',
    'cancelled',
    'assigned',
  ),
  value: fc.constantFrom('P1', 'P2', 'P3', 'awaiting_customer', 'open', 'in_progress'),
});

interface Log {
  events: TicketEvent[];
  now: number;
}

/** Event logs with strictly increasing instants (ties would make the recorded order matter, by design). */
function logArbitrary(allow: readonly string[] = []): fc.Arbitrary<Log> {
  return fc
    .record({
      openedAt: fc
        .integer({ min: 0, max: 3 * 365 * 24 * 60 })
        .map((minutes) => Date.UTC(2023, 0, 1) + minutes * MINUTE),
      priority: fc.constantFrom('P1', 'P2', 'P3'),
      steps: fc.array(stepArbitrary, { maxLength: 14 }),
      nowAfterMinutes: fc.integer({ min: 0, max: 5000 }),
    })
    .map(({ openedAt, priority, steps, nowAfterMinutes }) => {
      const events: TicketEvent[] = [{ id: 'open', type: 'opened', occurredAt: openedAt, priority }];
      let instant = openedAt;
      steps.forEach((step, index) => {
        if (allow.length > 0 && !allow.includes(step.type)) return;
        instant += step.gapMinutes * MINUTE;
        const event: TicketEvent = { id: `s${index}`, type: step.type, occurredAt: instant };
        if (step.type === 'status') events.push({ ...event, status: step.value.startsWith('P') ? 'open' : step.value });
        else if (step.type === 'priority')
          events.push({ ...event, priority: step.value.startsWith('P') ? step.value : 'P2' });
        else events.push(event);
      });
      return { events, now: instant + nowAfterMinutes * MINUTE };
    });
}

describe('clock evaluation properties', () => {
  it('replaying the events in any order and with duplicates gives the same result', () => {
    fc.assert(
      fc.property(policyArbitrary, logArbitrary(), fc.integer(), (policy, log, seed) => {
        const expected = evaluateTicketClocks(policy, log.events, log.now);
        const shuffled = fc.sample(fc.shuffledSubarray(log.events, { minLength: log.events.length }), {
          numRuns: 1,
          seed,
        })[0]!;
        const withDuplicates = [...shuffled, ...shuffled.filter((_, index) => index % 2 === 0)];
        expect(evaluateTicketClocks(policy, withDuplicates, log.now)).toEqual(expected);
      }),
      { numRuns: runs(1000) },
    );
  });

  it('pausing never makes a due instant earlier', () => {
    fc.assert(
      fc.property(
        policyArbitrary,
        logArbitrary(),
        fc.integer({ min: -600, max: 6000 }),
        fc.integer({ min: 1, max: 3000 }),
        (policy, log, fromMinutes, lengthMinutes) => {
          const window = {
            from: log.events[0]!.occurredAt + fromMinutes * MINUTE,
            to: log.events[0]!.occurredAt + (fromMinutes + lengthMinutes) * MINUTE,
          };
          const without = evaluateTicketClocks(policy, log.events, log.now);
          const withPause = evaluateTicketClocks(policy, log.events, log.now, { exclusions: [window] });
          without.clocks.forEach((clock, clockIndex) => {
            clock.cycles.forEach((cycle, cycleIndex) => {
              const paused = withPause.clocks[clockIndex]!.cycles[cycleIndex]!;
              expect(paused.start).toBe(cycle.start);
              if (cycle.state === 'cancelled' || paused.state === 'cancelled') return;
              const before = cycle.dueAt ?? Number.POSITIVE_INFINITY;
              const after = paused.dueAt ?? Number.POSITIVE_INFINITY;
              expect(after).toBeGreaterThanOrEqual(before);
              expect(paused.usedMs).toBeLessThanOrEqual(cycle.usedMs);
            });
          });
        },
      ),
      { numRuns: runs(1000) },
    );
  });

  it('a ticket resolved within its resolution target is never breached, whatever happens in between', () => {
    fc.assert(
      fc.property(
        policyArbitrary,
        logArbitrary(['status', 'priority', 'agent_reply', 'customer_reply', 'assigned']),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (policy, log, fraction) => {
          const opened = log.events[0]!;
          for (const target of policy.targets) {
            if (target.metric !== 'resolution') continue;
            // The latest instant that is still within the target, ignoring pauses (which only give more time).
            const due = addBusinessMs(target.calendar, opened.occurredAt, target.durationMs)!;
            const resolvedAt = opened.occurredAt + Math.floor((due - opened.occurredAt) * fraction);
            const events = [
              ...log.events.filter((event) => event === opened || event.occurredAt < resolvedAt),
              { id: 'fix', type: 'resolved' as const, occurredAt: resolvedAt },
            ];
            const evaluation = evaluateTicketClocks(policy, events, Math.max(log.now, due + 10 * MINUTE));
            if (!target.priorities.includes(evaluation.priority!)) continue;
            const clock = evaluation.clocks.find((candidate) => candidate.targetId === target.id)!;
            expect(clock.cycles.map((cycle) => cycle.state)).toEqual(['met']);
          }
        },
      ),
      { numRuns: runs(1000) },
    );
  });

  it('every cycle is internally consistent: state, due and breach instants, used time', () => {
    fc.assert(
      fc.property(policyArbitrary, logArbitrary(), (policy, log) => {
        const evaluation = evaluateTicketClocks(policy, log.events, log.now);
        for (const clock of evaluation.clocks) {
          const target = policy.targets.find((candidate) => candidate.id === clock.targetId)!;
          for (const cycle of clock.cycles) {
            const end = cycle.stop ?? log.now;
            expect(cycle.usedMs).toBeLessThanOrEqual(elapsedBusinessMs(target.calendar, cycle.start, end));
            expect(cycle.remainingMs).toBe(Math.max(0, target.durationMs - cycle.usedMs));
            if (cycle.state === 'cancelled') {
              expect(cycle.dueAt).toBeNull();
              continue;
            }
            if (cycle.state === 'breached') {
              expect(cycle.breachAt).toBe(cycle.dueAt);
              expect(end).toBeGreaterThan(cycle.dueAt!);
              // Not strictly greater: a cycle paused exactly at its due instant is breached with used = duration.
              expect(cycle.usedMs).toBeGreaterThanOrEqual(target.durationMs);
            } else {
              expect(cycle.breachAt).toBeNull();
              if (cycle.dueAt !== null) expect(end).toBeLessThanOrEqual(cycle.dueAt);
            }
            if (cycle.state === 'met') expect(cycle.usedMs).toBeLessThanOrEqual(target.durationMs);
          }
        }
        if (evaluation.nextCheckAt !== null) expect(evaluation.nextCheckAt).toBeGreaterThan(log.now);
      }),
      { numRuns: runs(1000) },
    );
  });
  it('a target that counts public replies only is not moved by calls', () => {
    const repliesOnly = policyArbitrary.map((policy) => ({
      targets: policy.targets.map((target) => ({ ...target, respondedBy: undefined })),
    }));
    fc.assert(
      fc.property(repliesOnly, logArbitrary(), (policy, log) => {
        const withoutCalls = log.events.filter((event) => event.type !== 'call');
        expect(evaluateTicketClocks(policy, log.events, log.now)).toEqual(
          evaluateTicketClocks(policy, withoutCalls, log.now),
        );
      }),
      { numRuns: runs(500) },
    );
  });

  it('a call is to a target that counts calls what a public reply is to one that counts public replies', () => {
    const swap = (entry: ResponseEntry): ResponseEntry =>
      entry === 'call' ? 'public_reply' : entry === 'public_reply' ? 'call' : entry;
    fc.assert(
      fc.property(policyArbitrary, logArbitrary(), (policy, log) => {
        const swapped: ClockPolicy = {
          targets: policy.targets.map((target) => ({
            ...target,
            respondedBy: (target.respondedBy ?? ['public_reply']).map(swap),
          })),
        };
        const events = log.events.map((event): TicketEvent => {
          if (event.type === 'call') return { ...event, type: 'agent_reply' };
          if (event.type === 'agent_reply') return { ...event, type: 'call' };
          return event;
        });
        expect(evaluateTicketClocks(swapped, events, log.now)).toEqual(
          evaluateTicketClocks(policy, log.events, log.now),
        );
      }),
      { numRuns: runs(500) },
    );
  });

  it('admitting more responses never stops a first response later', () => {
    fc.assert(
      fc.property(policyArbitrary, logArbitrary(), (policy, log) => {
        const widened: ClockPolicy = {
          targets: policy.targets.map((target) => ({
            ...target,
            respondedBy: [...(target.respondedBy ?? ['public_reply']), 'call', { status: 'in_progress' }],
          })),
        };
        const narrow = evaluateTicketClocks(policy, log.events, log.now);
        const wide = evaluateTicketClocks(widened, log.events, log.now);
        narrow.clocks.forEach((clock, index) => {
          if (clock.metric !== 'first_response') return;
          const before = clock.cycles[0]!;
          const after = wide.clocks[index]!.cycles[0]!;
          expect(after.start).toBe(before.start);
          expect(after.stop ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(before.stop ?? Number.POSITIVE_INFINITY);
          expect(after.usedMs).toBeLessThanOrEqual(before.usedMs);
        });
      }),
      { numRuns: runs(500) },
    );
  });
});
