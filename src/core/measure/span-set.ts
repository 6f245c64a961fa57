/**
 * Sets of real time as sorted, disjoint, non-touching half-open spans, with the set operations availability needs.
 * Every operation is a linear merge (after one sort in `unionOfSpans`), so the cost grows with the number of spans,
 * never with the length of time they cover.
 */
import type { TimeSpan } from '../time/index.ts';

/** Sorted, disjoint spans with `start < end`; touching spans are joined. */
export type SpanSet = readonly TimeSpan[];

/** The union of any spans (overlapping, unsorted, empty ones ignored), clipped to `[from, to)` when given. */
export function unionOfSpans(spans: Iterable<TimeSpan>, from = -Infinity, to = Infinity): TimeSpan[] {
  const clipped: TimeSpan[] = [];
  for (const span of spans) {
    const start = Math.max(span.start, from);
    const end = Math.min(span.end, to);
    if (start < end) clipped.push({ start, end });
  }
  clipped.sort((a, b) => a.start - b.start);
  const union: { start: number; end: number }[] = [];
  for (const span of clipped) {
    const last = union[union.length - 1];
    if (last !== undefined && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else union.push({ start: span.start, end: span.end });
  }
  return union;
}

/** The spans in both sets. */
export function intersectSpans(a: SpanSet, b: SpanSet): TimeSpan[] {
  const result: TimeSpan[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const left = a[i]!;
    const right = b[j]!;
    const start = Math.max(left.start, right.start);
    const end = Math.min(left.end, right.end);
    if (start < end) result.push({ start, end });
    if (left.end < right.end) i++;
    else j++;
  }
  return result;
}

/** The spans of `a` outside `b`. */
export function subtractSpans(a: SpanSet, b: SpanSet): TimeSpan[] {
  const result: TimeSpan[] = [];
  let j = 0;
  for (const span of a) {
    let start = span.start;
    while (j < b.length && b[j]!.end <= start) j++;
    let k = j;
    while (k < b.length && b[k]!.start < span.end) {
      const cut = b[k]!;
      if (cut.start > start) result.push({ start, end: cut.start });
      start = Math.max(start, cut.end);
      if (start >= span.end) break;
      k++;
    }
    if (start < span.end) result.push({ start, end: span.end });
  }
  return result;
}

/** Total length of a span set in milliseconds. */
export function spanLength(spans: SpanSet): number {
  let total = 0;
  for (const span of spans) total += span.end - span.start;
  return total;
}
