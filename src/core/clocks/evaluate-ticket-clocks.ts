/**
 * SLA clock evaluation: a ticket's event log, the agreement's targets and `now` in; one clock per applicable target
 * out, with every cycle judged as docs/semantics.md#tickets-events-and-sla-clocks says. Pure and deterministic: the
 * same log always gives the same result, whatever order or duplication the events arrived in, which makes it the repair
 * tool, the what-if engine and the test oracle at once.
 */
import { AT_RISK_PERCENT_USED } from './at-risk.ts';
import type { ClockResult, CycleResult, CycleState, ThresholdCrossing, TicketEvaluation } from './clock-result.ts';
import type { ClockPolicy, ClockTarget, ExclusionWindow } from './clock-target.ts';
import { type CycleSpan, cycleSpans } from './cycle-spans.ts';
import { activePieces, type Interval, instantAtUsage, mergeIntervals, usedUntil } from './cycle-usage.ts';
import { orderTicketEvents, type TicketEvent } from './ticket-event.ts';
import { buildTicketTimeline, type TicketTimeline } from './ticket-timeline.ts';

const INFINITY = Number.POSITIVE_INFINITY;

export interface EvaluationOptions {
  readonly exclusions?: readonly ExclusionWindow[];
}

export function evaluateTicketClocks(
  policy: ClockPolicy,
  events: readonly TicketEvent[],
  now: number,
  options: EvaluationOptions = {},
): TicketEvaluation {
  const ordered = orderTicketEvents(events).filter((event) => event.occurredAt <= now);
  const timeline = buildTicketTimeline(ordered, policy);
  if (timeline === null) {
    return {
      openedAt: null,
      priority: null,
      service: null,
      status: null,
      lifecycle: 'not_opened',
      clocks: [],
      nextCheckAt: null,
    };
  }
  const priority = timeline.priorities[timeline.priorities.length - 1]!.priority;
  const exclusions = (options.exclusions ?? []).filter(
    (window) =>
      window.from <= now &&
      (window.services === undefined || (timeline.service !== null && window.services.includes(timeline.service))),
  );
  const futureExclusions = (options.exclusions ?? []).filter(
    (window) =>
      window.from > now &&
      (window.services === undefined || (timeline.service !== null && window.services.includes(timeline.service))),
  );

  const clocks: ClockResult[] = [];
  for (const target of policy.targets) {
    if (target.service !== undefined && target.service !== timeline.service) continue;
    const matchesNow = priority !== null && target.priorities.includes(priority);
    const cancelledAt = matchesNow ? null : lastTimeStoppedMatching(target, timeline);
    if (!matchesNow && cancelledAt === null) continue;
    clocks.push(evaluateClock(target, timeline, now, exclusions, futureExclusions, cancelledAt));
  }
  let nextCheckAt: number | null = null;
  for (const clock of clocks) {
    if (clock.nextCheckAt !== null && (nextCheckAt === null || clock.nextCheckAt < nextCheckAt)) {
      nextCheckAt = clock.nextCheckAt;
    }
  }
  return {
    openedAt: timeline.openedAt,
    priority,
    service: timeline.service,
    status: timeline.currentStatus,
    lifecycle: timeline.lifecycle,
    clocks,
    nextCheckAt,
  };
}

/** The instant the target last stopped matching the ticket's priority, or null if it never matched. */
function lastTimeStoppedMatching(target: ClockTarget, timeline: TicketTimeline): number | null {
  let stoppedAt: number | null = null;
  let matched = false;
  for (const change of timeline.priorities) {
    const matches = change.priority !== null && target.priorities.includes(change.priority);
    if (matched && !matches) stoppedAt = change.at;
    matched = matches;
  }
  return stoppedAt;
}

function evaluateClock(
  target: ClockTarget,
  timeline: TicketTimeline,
  now: number,
  exclusions: readonly ExclusionWindow[],
  futureExclusions: readonly ExclusionWindow[],
  targetCancelledAt: number | null,
): ClockResult {
  const statusPauses = statusPauseIntervals(target, timeline);
  const exclusionPauses: Interval[] = exclusions.map((window) => ({
    from: window.from,
    // Future exclusion windows are not projected: one still running counts as a pause of unknown end.
    to: window.to > now ? INFINITY : window.to,
  }));
  const cycles: CycleResult[] = [];
  let nextCheckAt: number | null = null;
  let live = false;
  const earliest = (instant: number) => {
    if (nextCheckAt === null || instant < nextCheckAt) nextCheckAt = instant;
  };
  for (const span of cycleSpans(target, timeline)) {
    if (targetCancelledAt !== null && span.start >= targetCancelledAt) continue;
    const { cycle, nextCheck } = evaluateCycle(target, span, now, statusPauses, exclusionPauses, targetCancelledAt);
    cycles.push(cycle);
    if (nextCheck !== null) earliest(nextCheck);
    if (cycle.stop === null && cycle.state !== 'cancelled') live = true;
  }
  if (live) {
    // An exclusion window pauses a live cycle when it starts and releases it when it ends: look again then.
    for (const window of futureExclusions) earliest(window.from);
    for (const window of exclusions) if (window.to > now) earliest(window.to);
  }
  return {
    targetId: target.id,
    metric: target.metric,
    durationMs: target.durationMs,
    calendar: target.calendarName,
    cycles,
    nextCheckAt,
  };
}

/** Spans of the ticket's status history during which the status is one the target pauses on. */
function statusPauseIntervals(target: ClockTarget, timeline: TicketTimeline): Interval[] {
  if (target.pauseOn.length === 0) return [];
  const pauses: Interval[] = [];
  const { statuses } = timeline;
  for (let i = 0; i < statuses.length; i++) {
    if (!target.pauseOn.includes(statuses[i]!.status)) continue;
    pauses.push({ from: statuses[i]!.at, to: i + 1 < statuses.length ? statuses[i + 1]!.at : INFINITY });
  }
  return pauses;
}

function evaluateCycle(
  target: ClockTarget,
  span: CycleSpan,
  now: number,
  statusPauses: readonly Interval[],
  exclusionPauses: readonly Interval[],
  targetCancelledAt: number | null,
): { cycle: CycleResult; nextCheck: number | null } {
  const { calendar, durationMs } = target;
  // Where the cycle's own story ends: its stop, the ticket's cancellation, or now.
  const ticketCancelledAt = span.cancelledAt;
  const end = span.stop ?? ticketCancelledAt ?? now;
  const stopped = span.stop !== null || ticketCancelledAt !== null;

  const gaps = span.gaps.map(([from, to]) => ({ from, to }));
  let pauses = mergeIntervals([...statusPauses, ...exclusionPauses, ...gaps]).filter((pause) => pause.to > span.start);
  // A stopped cycle's due instant is projected from its stop with no further pauses.
  if (stopped)
    pauses = pauses
      .filter((pause) => pause.from < end)
      .map((pause) => ({ from: pause.from, to: Math.min(pause.to, end) }));
  const pieces = activePieces(span.start, pauses);
  const due = instantAtUsage(calendar, pieces, durationMs);

  let state: CycleState;
  let stop: number | null = span.stop;
  let usedEnd = end;
  if (targetCancelledAt !== null) {
    state = 'cancelled';
    stop = Math.min(span.stop ?? ticketCancelledAt ?? targetCancelledAt, targetCancelledAt);
    usedEnd = stop;
  } else if (ticketCancelledAt !== null) {
    // Cancelling never hides a breach: a cycle already past its due instant stays breached.
    state = due !== null && ticketCancelledAt > due ? 'breached' : 'cancelled';
    stop = ticketCancelledAt;
  } else if (span.stop !== null) {
    state = due !== null && span.stop > due ? 'breached' : 'met';
  } else if (due !== null && now > due) {
    state = 'breached';
  } else {
    state = isPausedAt(pauses, now) ? 'paused' : 'running';
  }

  const usedMs = usedUntil(calendar, pieces, usedEnd);
  const crossed: ThresholdCrossing[] = [];
  let nextCheck: number | null = null;
  for (const percent of target.thresholds) {
    if (percent <= 0) continue;
    const at = instantAtUsage(calendar, pieces, (durationMs * percent) / 100);
    if (at === null) continue;
    if (at <= usedEnd) crossed.push({ percent, at });
    else if (!stopped && state !== 'cancelled' && (nextCheck === null || at < nextCheck)) nextCheck = at;
  }
  if (!stopped && (state === 'running' || state === 'paused')) {
    // The dashboard reads "at risk" from the stored projection: store it when the cycle gets there.
    const atRisk = instantAtUsage(calendar, pieces, (durationMs * AT_RISK_PERCENT_USED) / 100);
    if (atRisk !== null && atRisk > usedEnd && (nextCheck === null || atRisk < nextCheck)) nextCheck = atRisk;
  }
  if (!stopped && (state === 'running' || state === 'paused') && due !== null) {
    // A cycle breaches the first instant after its due instant.
    if (nextCheck === null || due + 1 < nextCheck) nextCheck = due + 1;
  }
  const cancelled = state === 'cancelled';
  return {
    cycle: {
      state,
      start: span.start,
      stop,
      dueAt: cancelled ? null : due,
      breachAt: state === 'breached' ? due : null,
      usedMs,
      remainingMs: Math.max(0, durationMs - usedMs),
      percentUsed: (usedMs / durationMs) * 100,
      crossed,
    },
    nextCheck: cancelled ? null : nextCheck,
  };
}

function isPausedAt(pauses: readonly Interval[], instant: number): boolean {
  for (const pause of pauses) if (pause.from <= instant && instant < pause.to) return true;
  return false;
}
