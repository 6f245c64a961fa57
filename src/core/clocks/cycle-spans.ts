/**
 * Where each target's cycles start and stop (docs/semantics.md#start, docs/semantics.md#stop), before any time is
 * measured. A resolution clock has one cycle (or one per reopen with `restart`); next-response and periodic-update
 * clocks have one per exchange. What stops a response or update cycle is the target's own choice of responses
 * (docs/semantics.md#what-counts-as-a-response).
 */
import type { ClockTarget } from './clock-target.ts';
import { defaultResponses, isResponse } from './responses.ts';
import type { Milestone, TicketTimeline } from './ticket-timeline.ts';

export interface CycleSpan {
  readonly start: number;
  /** The response or resolution that stopped the cycle; null while it runs. */
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

type ResponseTest = (milestone: Milestone) => boolean;

export function cycleSpans(
  target: Pick<ClockTarget, 'metric' | 'reopen' | 'respondedBy'>,
  timeline: TicketTimeline,
): CycleSpan[] {
  const respondedBy = target.respondedBy ?? defaultResponses;
  const responds: ResponseTest = (milestone) => isResponse(respondedBy, milestone);
  switch (target.metric) {
    case 'first_response':
      return firstResponseSpans(timeline, responds);
    case 'resolution':
      return target.reopen === 'restart' ? restartedResolutionSpans(timeline) : resumedResolutionSpan(timeline);
    case 'next_response':
      return exchangeSpans(timeline, false, responds);
    case 'periodic_update':
      return exchangeSpans(timeline, true, responds);
  }
}

function firstResponseSpans(timeline: TicketTimeline, responds: ResponseTest): CycleSpan[] {
  const span: MutableSpan = { start: timeline.openedAt, stop: null, cancelledAt: null, gaps: [] };
  for (const milestone of timeline.milestones) {
    if (milestone.kind === 'resolution' || responds(milestone)) {
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
 * next_response: a customer message after a response starts a cycle when none runs and the ticket is not resolved;
 * the next response or the resolution stops it. A call is never a customer message.
 * periodic_update: the opening, every response and every reopen start a cycle while the ticket is not resolved; the
 * next response or the resolution stops it. A response at the instant its cycle started is part of what started it
 * (a call logged at the opening of the ticket it opened, a reply and a status change recorded together), not an
 * exchange of its own: it ends nothing, so no cycle is met without any time to meet it in.
 */
function exchangeSpans(timeline: TicketTimeline, periodic: boolean, responds: ResponseTest): CycleSpan[] {
  const spans: MutableSpan[] = [];
  let running: MutableSpan | null = null;
  let resolved = false;
  let responded = false;
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
    if (responds(milestone)) {
      responded = true;
      if (resolved) continue;
      if (periodic && running !== null && (running as MutableSpan).start === milestone.at) continue;
      stop(milestone.at);
      if (periodic) start(milestone.at);
      continue;
    }
    switch (milestone.kind) {
      case 'customer_reply':
        if (!periodic && !resolved && responded && running === null) start(milestone.at);
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
      default:
        break; // a reply, call or status change this target does not count as a response
    }
  }
  return spans;
}
