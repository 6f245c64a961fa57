/**
 * Use-case: replay a log of tickets against an agreement's clock policy, fully in memory, and report what the
 * agreement would have measured: per-target attainment over the whole log and, where the log carries its own SLA
 * verdict (ServiceNow's `made_sla`), how often ours agrees with it. The same code serves `covenant replay`, what-if
 * and feasibility checks.
 */
import { type ClockPolicy, evaluateTicketClocks, type TicketEvent } from '../../core/clocks/index.ts';
import { type MeasuredCycle, measureTicketTargets, type TicketTargetResult } from '../../core/measure/index.ts';

export interface ReplayTicket {
  readonly id: string;
  readonly events: readonly TicketEvent[];
  /** The source system's own final verdict on the resolution SLA, when it has one. */
  readonly recordedMadeSla?: boolean | null;
}

export interface ReplayTargetSummary extends TicketTargetResult {
  readonly metric: string;
  /** Cycles not yet judged at the end of the log (running or paused, not breached). */
  readonly open: number;
  readonly cancelled: number;
}

export interface VerdictAgreement {
  /** Tickets that have both a recorded verdict and a resolution clock of ours. */
  readonly compared: number;
  readonly agree: number;
  readonly agreementPercent: number | null;
  /** Rows: recorded verdict; columns: ours ("met" = no resolution cycle breached). */
  readonly confusion: {
    readonly recordedMetOursMet: number;
    readonly recordedMetOursBreached: number;
    readonly recordedBreachedOursMet: number;
    readonly recordedBreachedOursBreached: number;
  };
}

export interface ReplayResult {
  readonly tickets: number;
  readonly events: number;
  /** The evaluation instant: the last event of the log unless given. */
  readonly now: number;
  readonly ticketsWithClocks: number;
  /** Agent public replies in the log; without any, response cycles can only stop at the resolution. */
  readonly agentReplies: number;
  readonly targets: readonly ReplayTargetSummary[];
  readonly recordedVerdict: VerdictAgreement;
}

/** Evaluates every ticket at `now` (default: the instant of the log's last event). */
export function replayTickets(
  policy: ClockPolicy,
  tickets: readonly ReplayTicket[],
  options: { now?: number } = {},
): ReplayResult {
  let events = 0;
  let agentReplies = 0;
  let lastEvent = Number.NEGATIVE_INFINITY;
  let firstEvent = Number.POSITIVE_INFINITY;
  for (const ticket of tickets) {
    events += ticket.events.length;
    for (const event of ticket.events) {
      if (event.occurredAt > lastEvent) lastEvent = event.occurredAt;
      if (event.occurredAt < firstEvent) firstEvent = event.occurredAt;
      if (event.type === 'agent_reply') agentReplies++;
    }
  }
  const now = options.now ?? lastEvent;
  const cycles: MeasuredCycle[] = [];
  const open = new Map<string, number>();
  const cancelled = new Map<string, number>();
  const confusion = {
    recordedMetOursMet: 0,
    recordedMetOursBreached: 0,
    recordedBreachedOursMet: 0,
    recordedBreachedOursBreached: 0,
  };
  let ticketsWithClocks = 0;
  for (const ticket of tickets) {
    const evaluation = evaluateTicketClocks(policy, ticket.events, now);
    if (evaluation.clocks.length > 0) ticketsWithClocks++;
    let resolutionClocks = 0;
    let resolutionBreached = false;
    for (const clock of evaluation.clocks) {
      for (const cycle of clock.cycles) {
        if (cycle.state === 'running' || cycle.state === 'paused') increment(open, clock.targetId);
        else if (cycle.state === 'cancelled') increment(cancelled, clock.targetId);
        cycles.push({ ticketId: ticket.id, targetId: clock.targetId, priority: evaluation.priority, cycle });
        if (clock.metric === 'resolution' && cycle.state !== 'cancelled') {
          resolutionClocks++;
          if (cycle.state === 'breached') resolutionBreached = true;
        }
      }
    }
    if (resolutionClocks > 0 && typeof ticket.recordedMadeSla === 'boolean') {
      if (ticket.recordedMadeSla) {
        if (resolutionBreached) confusion.recordedMetOursBreached++;
        else confusion.recordedMetOursMet++;
      } else if (resolutionBreached) confusion.recordedBreachedOursBreached++;
      else confusion.recordedBreachedOursMet++;
    }
  }
  const period = { from: Math.min(firstEvent, now), to: now + 1 };
  const measured =
    tickets.length === 0 ? [] : measureTicketTargets(cycles, period, { targetIds: policy.targets.map((t) => t.id) });
  const compared =
    confusion.recordedMetOursMet +
    confusion.recordedMetOursBreached +
    confusion.recordedBreachedOursMet +
    confusion.recordedBreachedOursBreached;
  const agree = confusion.recordedMetOursMet + confusion.recordedBreachedOursBreached;
  return {
    tickets: tickets.length,
    events,
    now,
    ticketsWithClocks,
    agentReplies,
    targets: measured.map((result) => ({
      ...result,
      metric: policy.targets.find((target) => target.id === result.targetId)?.metric ?? 'unknown',
      open: open.get(result.targetId) ?? 0,
      cancelled: cancelled.get(result.targetId) ?? 0,
    })),
    recordedVerdict: {
      compared,
      agree,
      agreementPercent: compared === 0 ? null : (agree / compared) * 100,
      confusion,
    },
  };
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
