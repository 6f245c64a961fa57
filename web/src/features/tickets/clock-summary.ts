/**
 * What a list row says about a ticket's clocks: the worst state and the next due instant among running cycles.
 * Pure, so it is easy to reason about (and to test).
 */
import type { TicketClock } from '../../api/types.ts';

export interface ClockSummary {
  readonly state: 'breached' | 'running' | 'paused' | 'met' | 'cancelled' | 'none';
  readonly nextDueAt: string | null;
  readonly nextTargetId: string | null;
  readonly breachedCount: number;
}

export function summariseClocks(clocks: readonly TicketClock[]): ClockSummary {
  const latest = clocks.flatMap((clock) => {
    const cycle = clock.cycles.at(-1);
    return cycle ? [{ clock, cycle }] : [];
  });
  const breachedCount = clocks.filter((clock) => clock.cycles.some((cycle) => cycle.state === 'breached')).length;
  const running = latest
    .flatMap(({ clock, cycle }) => (cycle.state === 'running' && cycle.dueAt ? [{ clock, dueAt: cycle.dueAt }] : []))
    .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  const states = new Set(latest.map((entry) => entry.cycle.state));
  const state: ClockSummary['state'] =
    breachedCount > 0
      ? 'breached'
      : states.has('running')
        ? 'running'
        : states.has('paused')
          ? 'paused'
          : states.has('met')
            ? 'met'
            : states.has('cancelled')
              ? 'cancelled'
              : 'none';
  return {
    state,
    nextDueAt: running[0]?.dueAt ?? null,
    nextTargetId: running[0]?.clock.targetId ?? null,
    breachedCount,
  };
}
