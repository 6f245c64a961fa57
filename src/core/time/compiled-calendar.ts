/**
 * A calendar compiled into real time: for each UTC year, the sorted business intervals as epoch milliseconds with
 * prefix sums of business time. Years compile lazily on first use and are then immutable, so `add` and `elapsed`
 * are binary searches plus a step per year crossed, whatever the span.
 *
 * Semantics (the rules of the conformance vectors): an instant is business time iff its local wall-clock time falls in
 * a working interval of its local date. Mapping each wall-clock interval through the zone's constant-offset segments
 * gives exactly that set: a boundary inside a DST gap lands on the end of the gap, a boundary inside an overlap
 * applies to both occurrences.
 */

import type { CalendarDefinition, MinuteInterval } from './calendar-definition.ts';
import { MS_PER_DAY, MS_PER_MINUTE, utcYearOf, utcYearStart, weekdayOfDay } from './civil-date.ts';
import { publicHolidayDays } from './holiday-regions.ts';
import { offsetSegments } from './time-zone.ts';

/** Business intervals of one UTC year. */
export interface YearBlock {
  readonly year: number;
  readonly from: number;
  readonly to: number;
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  /** Business milliseconds in the block before interval i. */
  readonly before: Float64Array;
  /** Business milliseconds in the block up to the end of interval i. */
  readonly through: Float64Array;
  readonly total: number;
}

/** Instants outside these years are refused: far enough for any agreement, close enough for the zone database. */
export const FIRST_SUPPORTED_YEAR = 1900;
export const LAST_SUPPORTED_YEAR = 9999;
export const FIRST_SUPPORTED_INSTANT = utcYearStart(FIRST_SUPPORTED_YEAR);
export const END_OF_SUPPORTED_INSTANTS = utcYearStart(LAST_SUPPORTED_YEAR + 1);

/** Wall-clock offsets never exceed this (real zones stay within -12:00..+14:00, local mean time within 16 hours). */
const MAX_OFFSET_MS = 16 * 3_600_000;

export class CompiledCalendar {
  readonly definition: CalendarDefinition;
  private readonly blocks = new Map<number, YearBlock>();
  private lastBlock: YearBlock | undefined;
  /** No business time exists at or after the start of this year (undefined: the calendar opens forever). */
  private readonly endYear: number | undefined;

  constructor(definition: CalendarDefinition) {
    this.definition = definition;
    if (definition.hasWeeklyHours) this.endYear = undefined;
    else if (definition.lastOverrideDayWithHours === undefined) this.endYear = FIRST_SUPPORTED_YEAR;
    else this.endYear = utcYearOf(definition.lastOverrideDayWithHours * MS_PER_DAY + MAX_OFFSET_MS + MS_PER_DAY) + 1;
  }

  /** The block holding an instant (compiled on first use). */
  blockAt(epochMs: number): YearBlock {
    const last = this.lastBlock;
    if (last !== undefined && epochMs >= last.from && epochMs < last.to) return last;
    const block = this.blockOfYear(utcYearOf(epochMs));
    this.lastBlock = block;
    return block;
  }

  /** The block of a UTC year (empty past the last year that can hold business time). */
  blockOfYear(year: number): YearBlock {
    let block = this.blocks.get(year);
    if (block === undefined) {
      block = this.compileYear(year);
      this.blocks.set(year, block);
    }
    return block;
  }

  /** Whether the block of a UTC year is compiled already (callers may compile years one by one, between events). */
  hasCompiledYear(year: number): boolean {
    return this.blocks.has(year);
  }

  /** Whether any year at or after `year` can still hold business time. */
  mayHaveBusinessTimeFrom(year: number): boolean {
    if (year > LAST_SUPPORTED_YEAR) return false;
    return this.endYear === undefined || year < this.endYear;
  }

  private compileYear(year: number): YearBlock {
    const from = utcYearStart(year);
    const to = utcYearStart(year + 1);
    if (!this.mayHaveBusinessTimeFrom(year)) return emptyBlock(year, from, to);

    const { timezone } = this.definition;
    const segments = offsetSegments(timezone, from - MAX_OFFSET_MS - MS_PER_DAY, to + MAX_OFFSET_MS + MS_PER_DAY);
    const holidays = this.holidayDaysAround(year);
    const firstDay = Math.floor((from - MAX_OFFSET_MS) / MS_PER_DAY) - 1;
    const lastDay = Math.floor((to + MAX_OFFSET_MS) / MS_PER_DAY) + 1;

    const pieceStarts: number[] = [];
    const pieceEnds: number[] = [];
    for (let day = firstDay; day <= lastDay; day++) {
      const intervals = this.intervalsOfDay(day, holidays);
      const dayWallStart = day * MS_PER_DAY;
      for (const interval of intervals) {
        const wallStart = dayWallStart + interval.start * MS_PER_MINUTE;
        const wallEnd = dayWallStart + interval.end * MS_PER_MINUTE;
        for (const segment of segments) {
          // Instants t in this segment whose wall time t + offset lies in [wallStart, wallEnd).
          const start = Math.max(wallStart - segment.offsetMs, segment.start, from);
          const end = Math.min(wallEnd - segment.offsetMs, segment.end, to);
          if (start < end) {
            pieceStarts.push(start);
            pieceEnds.push(end);
          }
        }
      }
    }
    return buildBlock(year, from, to, pieceStarts, pieceEnds);
  }

  private intervalsOfDay(day: number, holidays: ReadonlySet<number>): readonly MinuteInterval[] {
    if (holidays.has(day)) return noIntervals;
    const override = this.definition.overrides.get(day);
    if (override !== undefined) return override;
    return this.definition.weeklyByWeekday[weekdayOfDay(day)]!;
  }

  /** Explicit holidays plus the public holidays of the calendar's regions for the years around a UTC year. */
  private holidayDaysAround(year: number): ReadonlySet<number> {
    const { holidayDays, holidayRegions } = this.definition;
    if (holidayRegions.length === 0) return holidayDays;
    const days = new Set(holidayDays);
    for (const region of holidayRegions) {
      for (const regionYear of [year - 1, year, year + 1]) {
        for (const day of publicHolidayDays(region, regionYear)) days.add(day);
      }
    }
    return days;
  }
}

const noIntervals: readonly MinuteInterval[] = [];

function emptyBlock(year: number, from: number, to: number): YearBlock {
  const empty = new Float64Array(0);
  return { year, from, to, starts: empty, ends: empty, before: empty, through: empty, total: 0 };
}

/** Sorts the pieces, merges those that touch or overlap, and computes the prefix sums. */
function buildBlock(year: number, from: number, to: number, starts: number[], ends: number[]): YearBlock {
  const order = starts.map((_, index) => index).sort((a, b) => starts[a]! - starts[b]!);
  const mergedStarts: number[] = [];
  const mergedEnds: number[] = [];
  for (const index of order) {
    const start = starts[index]!;
    const end = ends[index]!;
    const last = mergedEnds.length - 1;
    if (last >= 0 && start <= mergedEnds[last]!) {
      if (end > mergedEnds[last]!) mergedEnds[last] = end;
    } else {
      mergedStarts.push(start);
      mergedEnds.push(end);
    }
  }
  const count = mergedStarts.length;
  const before = new Float64Array(count);
  const through = new Float64Array(count);
  let total = 0;
  for (let i = 0; i < count; i++) {
    before[i] = total;
    total += mergedEnds[i]! - mergedStarts[i]!;
    through[i] = total;
  }
  return {
    year,
    from,
    to,
    starts: Float64Array.from(mergedStarts),
    ends: Float64Array.from(mergedEnds),
    before,
    through,
    total,
  };
}

/** Number of block intervals whose start is at or before `epochMs`. */
export function countStartsAtOrBefore(block: YearBlock, epochMs: number): number {
  const { starts } = block;
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (starts[mid]! <= epochMs) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Business milliseconds in `[block.from, epochMs)`, for an instant inside the block. */
export function businessBefore(block: YearBlock, epochMs: number): number {
  const index = countStartsAtOrBefore(block, epochMs) - 1;
  if (index < 0) return 0;
  const end = block.ends[index]!;
  return epochMs >= end ? block.through[index]! : block.before[index]! + (epochMs - block.starts[index]!);
}

/** The smallest instant in the block with `amount` business milliseconds before it; amount in (0, total]. */
export function instantAfterBusiness(block: YearBlock, amount: number): number {
  const { through } = block;
  let low = 0;
  let high = through.length - 1;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (through[mid]! < amount) low = mid + 1;
    else high = mid;
  }
  return block.starts[low]! + (amount - block.before[low]!);
}
