/**
 * The facts of one ticket, derived once from its ordered events and shared by every target: when it opened, how its
 * priority and status changed, the replies and calls, and its resolutions, reopens, closing and cancellation. Each target then
 * derives its own cycles and pauses from this, so nothing is lost when the priority or the agreement changes.
 */
import type { ClockPolicy } from './clock-target.ts';
import type { TicketEvent } from './ticket-event.ts';

export interface PriorityChange {
  readonly at: number;
  readonly priority: string | null;
}

export interface StatusChange {
  readonly at: number;
  readonly status: string;
}

/** A period during which the ticket was not resolved: from the opening or a reopen to a resolution (or still open). */
export interface ActiveSpan {
  readonly from: number;
  /** The resolution (resolved, or closed while not resolved) that ended it; null while still open. */
  readonly to: number | null;
}

export interface TicketTimeline {
  readonly openedAt: number;
  readonly service: string | null;
  readonly priorities: readonly PriorityChange[];
  /**
   * The status history while the ticket was not resolved: what pauses are derived from. A resolution does not enter
   * it (nothing runs while resolved, and a reopen starts a new entry), so a target's pauses never depend on how the
   * ticket was resolved.
   */
  readonly statuses: readonly StatusChange[];
  /**
   * The status the ticket reads now: the last status while it is open; once resolved, closed or cancelled, the status
   * that event named, else the life-cycle name itself (`resolved`, `closed`, `cancelled`).
   */
  readonly currentStatus: string;
  readonly agentReplies: readonly number[];
  readonly customerReplies: readonly number[];
  readonly activeSpans: readonly ActiveSpan[];
  /** When the ticket was cancelled while not resolved (cycles still running are cancelled or stay breached). */
  readonly cancelledAt: number | null;
  readonly lifecycle: 'open' | 'resolved' | 'closed' | 'cancelled';
  /** The events that shape cycles, in order: replies, calls, status changes and life-cycle changes. */
  readonly milestones: readonly Milestone[];
}

export type Milestone =
  | { readonly kind: 'agent_reply'; readonly at: number }
  | { readonly kind: 'customer_reply'; readonly at: number }
  | { readonly kind: 'call'; readonly at: number }
  /** The status became `status` from another one while the ticket was open (a response where a target says so). */
  | { readonly kind: 'status'; readonly at: number; readonly status: string }
  | { readonly kind: 'resolution'; readonly at: number }
  | { readonly kind: 'reopen'; readonly at: number }
  | { readonly kind: 'cancel'; readonly at: number };

/**
 * Builds the timeline from events already in evaluation order and at or before now. Events before the opening are
 * ignored (the ticket did not exist yet); null when there is no `opened` event.
 */
export function buildTicketTimeline(ordered: readonly TicketEvent[], policy: ClockPolicy): TicketTimeline | null {
  const openIndex = ordered.findIndex((event) => event.type === 'opened');
  if (openIndex < 0) return null;
  const opened = ordered[openIndex]!;
  const openedAt = opened.occurredAt;

  let impact = opened.impact;
  let urgency = opened.urgency;
  const priorities: PriorityChange[] = [{ at: openedAt, priority: derivePriority(opened, impact, urgency, policy) }];
  const statuses: StatusChange[] = [{ at: openedAt, status: opened.status ?? 'new' }];
  const agentReplies: number[] = [];
  const customerReplies: number[] = [];
  const activeSpans: { from: number; to: number | null }[] = [{ from: openedAt, to: null }];
  const milestones: Milestone[] = [];
  let lifecycle: TicketTimeline['lifecycle'] = 'open';
  let cancelledAt: number | null = null;
  let lifecycleStatus: string | null = null;

  for (let index = openIndex + 1; index < ordered.length; index++) {
    const event = ordered[index]!;
    const at = event.occurredAt;
    switch (event.type) {
      case 'opened':
        break; // a second opening changes nothing
      case 'priority': {
        if (event.impact !== undefined) impact = event.impact;
        if (event.urgency !== undefined) urgency = event.urgency;
        const priority = derivePriority(event, impact, urgency, policy);
        if (priority !== priorities[priorities.length - 1]!.priority) priorities.push({ at, priority });
        break;
      }
      case 'status':
        if (event.status !== undefined && lifecycle === 'open') {
          // Naming the status the ticket already has is no change (and so no response to a target that names it).
          if (event.status !== statuses[statuses.length - 1]!.status) {
            milestones.push({ kind: 'status', at, status: event.status });
          }
          statuses.push({ at, status: event.status });
        }
        break;
      case 'agent_reply':
        agentReplies.push(at);
        milestones.push({ kind: 'agent_reply', at });
        break;
      case 'customer_reply':
        customerReplies.push(at);
        milestones.push({ kind: 'customer_reply', at });
        break;
      case 'call':
        milestones.push({ kind: 'call', at });
        break;
      case 'resolved':
      case 'closed':
        if (lifecycle === 'open') {
          activeSpans[activeSpans.length - 1]!.to = at;
          milestones.push({ kind: 'resolution', at });
        }
        if (lifecycle === 'open' || lifecycle === 'resolved') {
          lifecycle = event.type;
          lifecycleStatus = event.status ?? event.type;
        }
        break;
      case 'reopened':
        if (lifecycle === 'resolved') {
          lifecycle = 'open';
          lifecycleStatus = null;
          activeSpans.push({ from: at, to: null });
          statuses.push({ at, status: event.status ?? 'open' });
          milestones.push({ kind: 'reopen', at });
        }
        break;
      case 'cancelled':
        if (lifecycle === 'open') {
          cancelledAt = at;
          milestones.push({ kind: 'cancel', at });
        }
        if (lifecycle === 'open' || lifecycle === 'resolved') {
          lifecycle = 'cancelled';
          lifecycleStatus = event.status ?? 'cancelled';
        }
        break;
      case 'assigned':
        break;
    }
  }
  return {
    openedAt,
    service: opened.service ?? null,
    priorities,
    statuses,
    currentStatus: lifecycleStatus ?? statuses[statuses.length - 1]!.status,
    agentReplies,
    customerReplies,
    activeSpans,
    cancelledAt,
    lifecycle,
    milestones,
  };
}

function derivePriority(
  event: TicketEvent,
  impact: string | undefined,
  urgency: string | undefined,
  policy: ClockPolicy,
): string | null {
  if (event.priority !== undefined) return event.priority;
  if (impact !== undefined && urgency !== undefined) return policy.priorityMatrix?.[impact]?.[urgency] ?? null;
  return null;
}
