/** The ticket screen's own logic: pauses derived from the status history, and a list row's clock summary. */
import { describe, expect, it } from 'vitest';
import type { TicketClock, TicketEvent } from '../../api/types.ts';
import { pausesOf } from './clock-pauses.ts';
import { summariseClocks } from './clock-summary.ts';

const at = (text: string) => Date.parse(text);
const event = (type: string, occurredAt: string, status?: string): TicketEvent => ({
  key: `${type}-${occurredAt}`,
  type,
  occurredAt,
  recordedAt: occurredAt,
  ...(status ? { status } : {}),
  actor: { userId: null, tokenId: null },
});

describe('pausesOf', () => {
  const events = [
    event('opened', '2026-10-05T08:00:00Z', 'new'),
    event('status', '2026-10-05T09:00:00Z', 'awaiting_customer'),
    event('status', '2026-10-05T10:30:00Z', 'in_progress'),
    event('status', '2026-10-05T12:00:00Z', 'awaiting_vendor'),
  ];

  it('finds the stretches in a pause status, clipped to the cycle, the last one open until the end', () => {
    expect(
      pausesOf(
        events,
        ['awaiting_customer', 'awaiting_vendor'],
        at('2026-10-05T08:00:00Z'),
        at('2026-10-05T13:00:00Z'),
      ),
    ).toEqual([
      { start: at('2026-10-05T09:00:00Z'), end: at('2026-10-05T10:30:00Z') },
      { start: at('2026-10-05T12:00:00Z'), end: at('2026-10-05T13:00:00Z') },
    ]);
  });

  it('depends on the target: another target pauses on other statuses, or not at all', () => {
    expect(pausesOf(events, ['awaiting_vendor'], at('2026-10-05T08:00:00Z'), at('2026-10-05T13:00:00Z'))).toEqual([
      { start: at('2026-10-05T12:00:00Z'), end: at('2026-10-05T13:00:00Z') },
    ]);
    expect(pausesOf(events, [], at('2026-10-05T08:00:00Z'), at('2026-10-05T13:00:00Z'))).toEqual([]);
  });

  it('reads the events in the order they happened, not the order given', () => {
    const shuffled = [events[3]!, events[1]!, events[0]!, events[2]!];
    expect(pausesOf(shuffled, ['awaiting_customer'], at('2026-10-05T09:30:00Z'), at('2026-10-05T13:00:00Z'))).toEqual([
      { start: at('2026-10-05T09:30:00Z'), end: at('2026-10-05T10:30:00Z') },
    ]);
  });
});

describe('summariseClocks', () => {
  const cycle = (state: string, dueAt: string | null) => ({
    state: state as TicketClock['cycles'][number]['state'],
    start: '2026-10-05T08:00:00Z',
    stop: null,
    dueAt,
    breachAt: null,
    usedMinutes: 0,
    remainingMinutes: 0,
    percentUsed: 0,
    thresholds: [],
  });
  const clock = (targetId: string, cycles: TicketClock['cycles']): TicketClock => ({
    targetId,
    metric: 'resolution',
    calendar: 'business',
    durationMinutes: 240,
    state: cycles.at(-1)?.state ?? 'cancelled',
    dueAt: null,
    nextCheckAt: null,
    cycles,
  });

  it('names the soonest due running clock, and breached wins over running', () => {
    const running = summariseClocks([
      clock('p2-resolution', [cycle('running', '2026-10-06T12:00:00Z')]),
      clock('p2-response', [cycle('running', '2026-10-05T09:00:00Z')]),
      clock('p2-updates', [cycle('paused', null)]),
    ]);
    expect(running).toEqual({
      state: 'running',
      nextDueAt: '2026-10-05T09:00:00Z',
      nextTargetId: 'p2-response',
      breachedCount: 0,
    });
    const breached = summariseClocks([
      clock('p2-response', [cycle('breached', '2026-10-05T09:00:00Z'), cycle('met', '2026-10-05T13:00:00Z')]),
      clock('p2-resolution', [cycle('running', '2026-10-06T12:00:00Z')]),
    ]);
    expect(breached.state).toBe('breached');
    expect(breached.breachedCount).toBe(1);
    expect(breached.nextTargetId).toBe('p2-resolution');
    expect(summariseClocks([]).state).toBe('none');
  });
});
