/**
 * Where each target's cycles start and stop (docs/semantics.md#start, docs/semantics.md#stop), before any time is
 * measured. A resolution clock has one cycle (or one per reopen with `restart`); next-response and periodic-update
 * clocks have one per exchange.
 */
import type { TicketMetric } from './clock-result.ts';
import type { TicketTimeline } from './ticket-timeline.ts';

export interface CycleSpan {
  readonly start: number;
  /** The reply or resolution that stopped the cycle; null while it runs. */
  readonly stop: number | null;
  /** The ticket was cancelled while this cycle ran. */
  readonly cancelledAt: number | null;
  /** Spans inside the cycle that count nothing (a resolved ticket before its reopen, with `resume`). */
  readonly gaps: readonly (readonly [number, number])[];
}

interface MutableSpan {
  start: number;
  stop: number | null;
  cancelledAt: number | null;
  gaps: (readonly [number, number])[];
}

export function cycleSpans(metric: TicketMetric, reopen: 'resume' | 'restart', timeline: TicketTimeline): CycleSpan[] {
  switch (metric) {
    case 'first_response':
      return firstResponseSpans(timeline);
    case 'resolution':
      return reopen === 'restart' ? restartedResolutionSpans(timeline) : resumedResolutionSpan(timeline);
    case 'next_response':
      return exchangeSpans(timeline, false);
    case 'periodic_update':
      return exchangeSpans(timeline, true);
  }
}

function firstResponseSpans(timeline: TicketTimeline): CycleSpan[] {
  const span: MutableSpan = { start: timeline.openedAt, stop: null, cancelledAt: null, gaps: [] };
  for (const milestone of timeline.milestones) {
    if (milestone.kind === 'agent_reply' || milestone.kind === 'resolution') {
      span.stop = milestone.at;
      break;
    }
    if (milestone.kind === 'cancel') {
      span.cancelledAt = milestone.at;
      break;
    }
  }
  return [span];
}

function resumedResolutionSpan(timeline: TicketTimeline): CycleSpan[] {
  const spans = timeline.activeSpans;
  const gaps: (readonly [number, number])[] = [];
  for (let i = 1; i < spans.length; i++) gaps.push([spans[i - 1]!.to!, spans[i]!.from]);
  const last = spans[spans.length - 1]!;
  return [
    { start: timeline.openedAt, stop: last.to, cancelledAt: last.to === null ? timeline.cancelledAt : null, gaps },
  ];
}

function restartedResolutionSpans(timeline: TicketTimeline): CycleSpan[] {
  return timeline.activeSpans.map((span) => ({
    start: span.from,
    stop: span.to,
    cancelledAt: span.to === null ? timeline.cancelledAt : null,
    gaps: [],
  }));
}

/**
 * next_response: a customer message after an agent reply starts a cycle when none runs and the ticket is not
 * resolved; the next agent reply or the resolution stops it.
 * periodic_update: the opening, every agent reply and every reopen start a cycle while the ticket is not resolved;
 * the next agent reply or the resolution stops it.
 */
function exchangeSpans(timeline: TicketTimeline, periodic: boolean): CycleSpan[] {
  const spans: MutableSpan[] = [];
  let running: MutableSpan | null = null;
  let resolved = false;
  let agentHasReplied = false;
  const start = (at: number) => {
    running = { start: at, stop: null, cancelledAt: null, gaps: [] };
    spans.push(running);
  };
  const stop = (at: number) => {
    if (running) running.stop = at;
    running = null;
  };
  if (periodic) start(timeline.openedAt);
  for (const milestone of timeline.milestones) {
    switch (milestone.kind) {
      case 'agent_reply':
        agentHasReplied = true;
        if (resolved) break;
        stop(milestone.at);
        if (periodic) start(milestone.at);
        break;
      case 'customer_reply':
        if (!periodic && !resolved && agentHasReplied && running === null) start(milestone.at);
        break;
      case 'resolution':
        stop(milestone.at);
        resolved = true;
        break;
      case 'reopen':
        resolved = false;
        if (periodic) start(milestone.at);
        break;
      case 'cancel':
        if (running) (running as MutableSpan).cancelledAt = milestone.at;
        return spans;
    }
  }
  return spans;
}
