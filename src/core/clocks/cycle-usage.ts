/**
 * Business time used by a cycle, with its pauses taken out, and the instant at which a given amount is reached
 * (the due instant, a warning threshold). A cycle's time runs in "active pieces": the gaps between its merged
 * pauses, the last piece open-ended unless a pause is still running. Each piece costs one or two calendar queries,
 * whatever its length.
 */
import { addBusinessMs, type CompiledCalendar, elapsedBusinessMs } from '../time/index.ts';

/** A half-open interval; `to` may be Infinity for a pause that has not ended. */
export interface Interval {
  readonly from: number;
  readonly to: number;
}

/** Sorts and merges intervals (touching ones join); drops empty ones. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((interval) => interval.to > interval.from).sort((a, b) => a.from - b.from);
  const merged: { from: number; to: number }[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && interval.from <= last.to) {
      if (interval.to > last.to) last.to = interval.to;
    } else merged.push({ from: interval.from, to: interval.to });
  }
  return merged;
}

/** The active pieces of a cycle that starts at `start`, given its merged pauses. */
export function activePieces(start: number, pauses: readonly Interval[]): Interval[] {
  const pieces: Interval[] = [];
  let cursor = start;
  for (const pause of pauses) {
    if (pause.to <= cursor) continue;
    if (pause.from > cursor) pieces.push({ from: cursor, to: pause.from });
    cursor = Math.max(cursor, pause.to);
    if (cursor === Number.POSITIVE_INFINITY) return pieces;
  }
  pieces.push({ from: cursor, to: Number.POSITIVE_INFINITY });
  return pieces;
}

/** Business milliseconds of the pieces inside [pieces' start, until). */
export function usedUntil(calendar: CompiledCalendar, pieces: readonly Interval[], until: number): number {
  let used = 0;
  for (const piece of pieces) {
    if (piece.from >= until) break;
    used += elapsedBusinessMs(calendar, piece.from, Math.min(piece.to, until));
  }
  return used;
}

/**
 * The smallest instant at which the pieces hold `amount` business milliseconds (amount > 0), or null when they never
 * do (the cycle is paused with no end in sight, or the calendar closes for good).
 */
export function instantAtUsage(calendar: CompiledCalendar, pieces: readonly Interval[], amount: number): number | null {
  let remaining = amount;
  for (const piece of pieces) {
    if (piece.to === Number.POSITIVE_INFINITY) return addBusinessMs(calendar, piece.from, remaining);
    const available = elapsedBusinessMs(calendar, piece.from, piece.to);
    if (remaining <= available) return addBusinessMs(calendar, piece.from, remaining);
    remaining -= available;
  }
  return null;
}
