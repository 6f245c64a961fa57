/**
 * Business-time arithmetic: deadlines (`add`), business time between two instants (`elapsed`), whether a calendar is
 * open, when it opens next, and its open intervals in a period. Instants are epoch milliseconds; durations are
 * milliseconds in the `...Ms` functions and minutes elsewhere. Every function works on a compiled calendar, so callers
 * compile once (cached) and query many times.
 */
import { DomainError } from '../errors.ts';
import { type CalendarDefinition, defineCalendar } from './calendar-definition.ts';
import { MS_PER_MINUTE } from './civil-date.ts';
import {
  businessBefore,
  CompiledCalendar,
  countStartsAtOrBefore,
  END_OF_SUPPORTED_INSTANTS,
  FIRST_SUPPORTED_INSTANT,
  instantAfterBusiness,
} from './compiled-calendar.ts';

export { CompiledCalendar } from './compiled-calendar.ts';

/** A half-open span of real time `[start, end)` in epoch milliseconds. */
export interface TimeSpan {
  readonly start: number;
  readonly end: number;
}

const CACHE_LIMIT = 512;
const byKey = new Map<string, CompiledCalendar>();
const byInputText = new Map<string, CompiledCalendar>();

/**
 * Validates and compiles a calendar, reusing an earlier compilation of an equal calendar. Throws a DomainError with
 * the calendar's problems when it is invalid.
 */
export function compileCalendar(input: unknown): CompiledCalendar {
  const inputText = typeof input === 'string' ? input : JSON.stringify(input);
  const known = byInputText.get(inputText);
  if (known !== undefined) return known;
  const compiled = compileDefinition(defineCalendar(input));
  remember(byInputText, inputText, compiled);
  return compiled;
}

/** Compiles an already validated definition, reusing an equal one. */
export function compileDefinition(definition: CalendarDefinition): CompiledCalendar {
  const known = byKey.get(definition.key);
  if (known !== undefined) return known;
  const compiled = new CompiledCalendar(definition);
  remember(byKey, definition.key, compiled);
  return compiled;
}

function remember(cache: Map<string, CompiledCalendar>, key: string, value: CompiledCalendar): void {
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, value);
}

/**
 * The deadline: the instant at which `minutes` business minutes counted from `start` have passed (the end of the
 * N-th business minute, which is a closing instant when that minute is the last before closing). With 0 minutes,
 * `start` itself when open, else the next opening. Null when the calendar has no such business time.
 */
export function addBusinessMinutes(calendar: CompiledCalendar, start: number, minutes: number): number | null {
  return addBusinessMs(calendar, start, minutesToMs(minutes));
}

/** As `addBusinessMinutes`, with the duration in milliseconds. */
export function addBusinessMs(calendar: CompiledCalendar, start: number, amountMs: number): number | null {
  assertInstant(start, 'start');
  assertDurationMs(amountMs);
  if (amountMs === 0) return nextOpening(calendar, start);
  let block = calendar.blockAt(start);
  let target = businessBefore(block, start) + amountMs;
  while (target > block.total) {
    target -= block.total;
    const year = block.year + 1;
    if (!calendar.mayHaveBusinessTimeFrom(year)) return null;
    block = calendar.blockOfYear(year);
  }
  return instantAfterBusiness(block, target);
}

/** Business minutes in `[from, to)`; 0 when `to <= from`. Fractional when the instants are not on whole minutes. */
export function elapsedBusinessMinutes(calendar: CompiledCalendar, from: number, to: number): number {
  return elapsedBusinessMs(calendar, from, to) / MS_PER_MINUTE;
}

/** Business milliseconds in `[from, to)`; 0 when `to <= from`. */
export function elapsedBusinessMs(calendar: CompiledCalendar, from: number, to: number): number {
  assertInstant(from, 'from');
  assertInstant(to, 'to');
  if (to <= from) return 0;
  const fromBlock = calendar.blockAt(from);
  if (to < fromBlock.to) return businessBefore(fromBlock, to) - businessBefore(fromBlock, from);
  let total = fromBlock.total - businessBefore(fromBlock, from);
  const toBlock = calendar.blockAt(to);
  for (let year = fromBlock.year + 1; year < toBlock.year; year++) {
    if (!calendar.mayHaveBusinessTimeFrom(year)) return total;
    total += calendar.blockOfYear(year).total;
  }
  return total + businessBefore(toBlock, to);
}

/** Whether the instant is business time. */
export function isOpen(calendar: CompiledCalendar, instant: number): boolean {
  assertInstant(instant, 'instant');
  const block = calendar.blockAt(instant);
  const index = countStartsAtOrBefore(block, instant) - 1;
  return index >= 0 && instant < block.ends[index]!;
}

/**
 * The first business instant at or after `instant` (the instant itself when the calendar is open then), or null when
 * the calendar never opens again.
 */
export function nextOpening(calendar: CompiledCalendar, instant: number): number | null {
  assertInstant(instant, 'instant');
  let block = calendar.blockAt(instant);
  const index = countStartsAtOrBefore(block, instant) - 1;
  if (index >= 0 && instant < block.ends[index]!) return instant;
  if (index + 1 < block.starts.length) return block.starts[index + 1]!;
  for (let year = block.year + 1; calendar.mayHaveBusinessTimeFrom(year); year++) {
    block = calendar.blockOfYear(year);
    if (block.starts.length > 0) return block.starts[0]!;
  }
  return null;
}

/** The calendar's open intervals within `[from, to)`, clipped to it, in order; touching intervals are joined. */
export function openIntervals(calendar: CompiledCalendar, from: number, to: number): TimeSpan[] {
  assertInstant(from, 'from');
  assertInstant(to, 'to');
  const spans: { start: number; end: number }[] = [];
  if (to <= from) return spans;
  for (let year = calendar.blockAt(from).year; calendar.mayHaveBusinessTimeFrom(year); year++) {
    const block = calendar.blockOfYear(year);
    if (block.from >= to) break;
    for (let i = Math.max(0, countStartsAtOrBefore(block, from) - 1); i < block.starts.length; i++) {
      const start = Math.max(block.starts[i]!, from);
      const end = Math.min(block.ends[i]!, to);
      if (block.starts[i]! >= to) break;
      if (start >= end) continue;
      const last = spans[spans.length - 1];
      if (last !== undefined && last.end === start) last.end = end;
      else spans.push({ start, end });
    }
  }
  return spans;
}

function minutesToMs(minutes: number): number {
  if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes < 0) {
    throw new DomainError('DURATION_INVALID', `minutes must be a finite number >= 0, got ${String(minutes)}`, {
      minutes,
    });
  }
  return minutes * MS_PER_MINUTE;
}

function assertDurationMs(amountMs: number): void {
  if (typeof amountMs !== 'number' || !Number.isFinite(amountMs) || amountMs < 0) {
    throw new DomainError('DURATION_INVALID', `a duration must be a finite number >= 0, got ${String(amountMs)}`, {
      amountMs,
    });
  }
}

function assertInstant(value: number, name: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new DomainError('INSTANT_INVALID', `${name} must be an instant (epoch milliseconds), got ${String(value)}`, {
      [name]: value,
    });
  }
  if (value < FIRST_SUPPORTED_INSTANT || value > END_OF_SUPPORTED_INSTANTS) {
    throw new DomainError('INSTANT_OUT_OF_RANGE', `${name} must lie between the years 1900 and 9999`, {
      [name]: value,
    });
  }
}
