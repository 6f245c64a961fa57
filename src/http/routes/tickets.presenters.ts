/** How tickets, their events and clocks look in the API: instants in ISO-8601 UTC, business durations in minutes. */
import { z } from 'zod';
import type { StoredTicketEvent, TicketRecord } from '../../app/ports/ticket-repository.ts';
import {
  type ClockResult,
  type CycleResult,
  type UnmeasuredReason,
  unmeasuredReasons,
  unmeasuredReasonTexts,
} from '../../core/clocks/index.ts';
import { formatTicketKey } from '../../core/mail/ticket-key.ts';
import { instantSchema, iso } from './route-schemas.ts';

export const measurementSchema = z
  .object({
    state: z.enum(['measured', 'none']),
    reason: z.enum(unmeasuredReasons).nullable(),
    message: z.string().nullable(),
  })
  .describe(
    'Whether the ticket is measured against its agreement; when not, why (a stable reason code and a sentence). A ' +
      'ticket that is not measured is measured automatically once what it lacks is there (decision 0025).',
  );

export const ticketSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  agreementId: z.string().nullable(),
  agreementVersionId: z.string().nullable(),
  externalRef: z.string().nullable(),
  number: z.number().describe('The ticket number; its key is T-<number>.'),
  key: z.string().describe('The ticket key, e.g. T-42: mail about the ticket carries it as [T-42] in the subject.'),
  requesterEmail: z.string().nullable().describe('Who asked (an e-mail sender, a caller): replies go there.'),
  requesterName: z.string().nullable(),
  title: z.string(),
  description: z.string().nullable(),
  service: z.string().nullable(),
  category: z.string().nullable(),
  channel: z.string().nullable(),
  priority: z.string().nullable(),
  status: z.string().nullable(),
  lifecycle: z.string(),
  assignee: z.string().nullable(),
  openedAt: instantSchema,
  resolvedAt: instantSchema.nullable(),
  reopenCount: z.number(),
  eventCount: z.number(),
  measurement: measurementSchema,
  createdAt: instantSchema,
  updatedAt: instantSchema,
});

const cycleSchema = z.object({
  state: z.enum(['running', 'paused', 'met', 'breached', 'cancelled']),
  start: instantSchema,
  stop: instantSchema.nullable(),
  dueAt: instantSchema.nullable(),
  breachAt: instantSchema.nullable(),
  usedMinutes: z.number(),
  remainingMinutes: z.number(),
  percentUsed: z.number(),
  thresholds: z.array(z.object({ percent: z.number(), at: instantSchema })),
});

export const clockSchema = z.object({
  targetId: z.string(),
  metric: z.string(),
  calendar: z.string(),
  durationMinutes: z.number(),
  state: z.string().describe('State of the latest cycle.'),
  dueAt: instantSchema.nullable(),
  nextCheckAt: instantSchema.nullable(),
  cycles: z.array(cycleSchema),
});

export const eventSchema = z.object({
  key: z.string(),
  type: z.string(),
  occurredAt: instantSchema,
  recordedAt: instantSchema,
  status: z.string().optional(),
  priority: z.string().optional(),
  impact: z.string().optional(),
  urgency: z.string().optional(),
  assignee: z.string().optional(),
  service: z.string().optional(),
  channel: z.string().optional(),
  actor: z.object({ userId: z.string().nullable(), tokenId: z.string().nullable() }),
});

const minutes = (ms: number) => ms / 60_000;

export function presentTicket(ticket: TicketRecord): z.infer<typeof ticketSchema> {
  return {
    id: ticket.id,
    customerId: ticket.customerId,
    agreementId: ticket.agreementId,
    agreementVersionId: ticket.agreementVersionId,
    externalRef: ticket.externalRef,
    number: ticket.number,
    key: formatTicketKey(ticket.number),
    requesterEmail: ticket.requesterEmail,
    requesterName: ticket.requesterName,
    title: ticket.title,
    description: ticket.description,
    service: ticket.service,
    category: ticket.category,
    channel: ticket.channel,
    priority: ticket.priority,
    status: ticket.status,
    lifecycle: ticket.lifecycle,
    assignee: ticket.assignee,
    openedAt: iso(ticket.openedAt),
    resolvedAt: iso(ticket.resolvedAt),
    reopenCount: ticket.reopenCount,
    eventCount: ticket.eventCount,
    measurement: presentMeasurement(ticket.unmeasuredReason),
    createdAt: iso(ticket.createdAt),
    updatedAt: iso(ticket.updatedAt),
  };
}

export function presentMeasurement(reason: UnmeasuredReason | null): z.infer<typeof measurementSchema> {
  return reason === null
    ? { state: 'measured', reason: null, message: null }
    : { state: 'none', reason, message: `Not measured: ${unmeasuredReasonTexts[reason]}.` };
}

function presentCycle(cycle: CycleResult): z.infer<typeof cycleSchema> {
  return {
    state: cycle.state,
    start: iso(cycle.start),
    stop: iso(cycle.stop),
    dueAt: iso(cycle.dueAt),
    breachAt: iso(cycle.breachAt),
    usedMinutes: minutes(cycle.usedMs),
    remainingMinutes: minutes(cycle.remainingMs),
    percentUsed: Math.round(cycle.percentUsed * 100) / 100,
    thresholds: cycle.crossed.map((crossing) => ({ percent: crossing.percent, at: iso(crossing.at) })),
  };
}

export function presentClock(clock: ClockResult): z.infer<typeof clockSchema> {
  const latest = clock.cycles[clock.cycles.length - 1];
  return {
    targetId: clock.targetId,
    metric: clock.metric,
    calendar: clock.calendar,
    durationMinutes: minutes(clock.durationMs),
    state: latest?.state ?? 'cancelled',
    dueAt: iso(latest?.dueAt ?? null),
    nextCheckAt: iso(clock.nextCheckAt),
    cycles: clock.cycles.map(presentCycle),
  };
}

export function presentEvent(event: StoredTicketEvent): z.infer<typeof eventSchema> {
  return {
    key: event.id,
    type: event.type,
    occurredAt: iso(event.occurredAt),
    recordedAt: iso(event.recordedAt),
    ...(event.status === undefined ? {} : { status: event.status }),
    ...(event.priority === undefined ? {} : { priority: event.priority }),
    ...(event.impact === undefined ? {} : { impact: event.impact }),
    ...(event.urgency === undefined ? {} : { urgency: event.urgency }),
    ...(event.assignee === undefined ? {} : { assignee: event.assignee }),
    ...(event.service === undefined ? {} : { service: event.service }),
    ...(event.channel === undefined ? {} : { channel: event.channel }),
    actor: { userId: event.actorUserId, tokenId: event.actorTokenId },
  };
}
