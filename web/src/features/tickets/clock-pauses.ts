/**
 * The pauses of a target's cycle, derived the way the server derives them (docs/semantics.md#pauses): the ticket's
 * status history against the target's `pauseOn` status names. Exclusion windows are not known to the browser and are
 * not drawn. Instants are epoch milliseconds.
 */
import type { TicketEvent } from '../../api/types.ts';

export interface Interval {
  readonly start: number;
  readonly end: number;
}

/** The stretches in which the ticket's status was one of `pauseOn`, clipped to [from, to). */
export function pausesOf(
  events: readonly TicketEvent[],
  pauseOn: readonly string[],
  from: number,
  to: number,
): Interval[] {
  if (pauseOn.length === 0 || to <= from) return [];
  const ordered = [...events].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
  const pauses: Interval[] = [];
  let pausedSince: number | null = null;
  for (const event of ordered) {
    if (event.status === undefined) continue;
    const at = Date.parse(event.occurredAt);
    const pausing = pauseOn.includes(event.status);
    if (pausing && pausedSince === null) pausedSince = at;
    else if (!pausing && pausedSince !== null) {
      pauses.push({ start: pausedSince, end: at });
      pausedSince = null;
    }
  }
  if (pausedSince !== null) pauses.push({ start: pausedSince, end: Number.POSITIVE_INFINITY });
  return pauses
    .map((pause) => ({ start: Math.max(pause.start, from), end: Math.min(pause.end, to) }))
    .filter((pause) => pause.end > pause.start);
}
