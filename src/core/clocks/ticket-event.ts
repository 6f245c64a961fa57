/**
 * Ticket events: the append-only facts that SLA clocks are a projection of. Each carries the instant it happened
 * (`occurredAt`, possibly in the past) and an idempotency key (`id`); evaluation orders them by `occurredAt`, keeps
 * the recorded order for ties and counts an id once. An internal note is not a ticket event: the customer never sees
 * it, so it can be no response and never touches a clock.
 */
import { z } from 'zod';

export const ticketEventTypes = [
  'opened',
  'status',
  'priority',
  'agent_reply',
  'customer_reply',
  'call',
  'assigned',
  'resolved',
  'reopened',
  'closed',
  'cancelled',
] as const;

export type TicketEventType = (typeof ticketEventTypes)[number];

/** Where an event came from. Informational: clocks never read it (what counts as a response is its type). */
export const eventChannels = ['email', 'portal', 'phone', 'api', 'web'] as const;

export type EventChannel = (typeof eventChannels)[number];

/**
 * - `opened`: carries the initial `priority` (or `impact` and `urgency`), optionally `status` and `service`.
 * - `status`: the ticket's status name changed (`awaiting_customer`, ...); pauses are derived from status names.
 * - `priority`: a new `priority`, or a new `impact` and/or `urgency` from which the agreement's matrix derives it.
 * - `agent_reply`: an agent's public reply; `customer_reply`: a message from the customer.
 * - `call`: a phone call an agent had with the customer, at the instant it started. Whether it counts as a response is
 *   up to each target (`respondedBy`); it is never a customer message, so it starts no next-response cycle.
 * - `assigned`: a new `assignee` (no effect on clocks; escalations notify the assignee).
 * - `resolved`, `reopened` (optionally with the new `status`), `closed`, `cancelled`: the life cycle.
 */
export interface TicketEvent {
  readonly id: string;
  readonly type: TicketEventType;
  readonly occurredAt: number;
  readonly status?: string | undefined;
  readonly priority?: string | undefined;
  readonly impact?: string | undefined;
  readonly urgency?: string | undefined;
  readonly assignee?: string | undefined;
  readonly service?: string | undefined;
  readonly channel?: EventChannel | undefined;
}

export const ticketEventSchema = z.strictObject({
  id: z.string().min(1).max(200),
  type: z.enum(ticketEventTypes),
  occurredAt: z.number().finite(),
  status: z.string().min(1).max(100).optional(),
  priority: z.string().min(1).max(50).optional(),
  impact: z.string().min(1).max(50).optional(),
  urgency: z.string().min(1).max(50).optional(),
  assignee: z.string().min(1).max(200).optional(),
  service: z.string().min(1).max(100).optional(),
  channel: z.enum(eventChannels).optional(),
});

/**
 * The events in evaluation order: by `occurredAt`, ties in recorded order (the input order), each id once (the first
 * recorded copy wins: a retried request must never change history).
 */
export function orderTicketEvents(events: readonly TicketEvent[]): TicketEvent[] {
  const seen = new Set<string>();
  const unique: { event: TicketEvent; recorded: number }[] = [];
  events.forEach((event, recorded) => {
    if (seen.has(event.id)) return;
    seen.add(event.id);
    unique.push({ event, recorded });
  });
  unique.sort((a, b) => a.event.occurredAt - b.event.occurredAt || a.recorded - b.recorded);
  return unique.map((entry) => entry.event);
}
