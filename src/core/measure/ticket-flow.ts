/**
 * Ticket flow in a period from plain ticket summaries: how many opened and were resolved, the backlog at the start and
 * at the end, and the reopen rate. Summaries carry only the latest resolution, so the backlog is exact for tickets
 * that were not reopened after the instant asked about (see docs/decisions/0003-measurement-and-credits.md).
 */
import { percentOf } from './decimal.ts';
import { assertPeriod, invalidMeasurement, isInPeriod, type Period, requireFiniteNumber } from './period.ts';

/** One ticket, summarised. */
export interface TicketSummary {
  readonly ticketId: string;
  readonly openedAt: number;
  /** The latest resolution, closure or cancellation; null while the ticket is open. */
  readonly resolvedAt: number | null;
  /** How many times the ticket was reopened after a resolution. */
  readonly reopenCount: number;
}

export interface TicketFlowResult {
  /** Tickets opened in the period. */
  readonly opened: number;
  /** Tickets whose (latest) resolution falls in the period. */
  readonly resolved: number;
  /** Tickets open at the period's start: opened before it and not resolved before it. */
  readonly backlogAtStart: number;
  /** Tickets open at the period's end: opened before it and not resolved before it. */
  readonly backlogAtEnd: number;
  /** Of the tickets resolved in the period, those reopened at least once. */
  readonly reopened: number;
  /** reopened / resolved × 100; null when nothing was resolved in the period. */
  readonly reopenRatePercent: number | null;
}

/** Whether a ticket is open at an instant: opened before it and not resolved before it. */
export function isOpenAt(ticket: TicketSummary, instant: number): boolean {
  return ticket.openedAt < instant && (ticket.resolvedAt === null || ticket.resolvedAt >= instant);
}

/** The ids of the tickets open at an instant (the backlog), in input order. */
export function backlogAt(tickets: readonly TicketSummary[], instant: number): string[] {
  return tickets.filter((ticket, index) => isOpenAt(checkTicket(ticket, index), instant)).map((t) => t.ticketId);
}

/** Opened, resolved, backlog at both ends and reopen rate of the period. */
export function measureTicketFlow(tickets: readonly TicketSummary[], period: Period): TicketFlowResult {
  assertPeriod(period);
  let opened = 0;
  let resolved = 0;
  let backlogAtStart = 0;
  let backlogAtEnd = 0;
  let reopened = 0;
  for (const [index, ticket] of tickets.entries()) {
    checkTicket(ticket, index);
    if (isInPeriod(ticket.openedAt, period)) opened++;
    if (isOpenAt(ticket, period.from)) backlogAtStart++;
    if (isOpenAt(ticket, period.to)) backlogAtEnd++;
    if (ticket.resolvedAt !== null && isInPeriod(ticket.resolvedAt, period)) {
      resolved++;
      if (ticket.reopenCount > 0) reopened++;
    }
  }
  return {
    opened,
    resolved,
    backlogAtStart,
    backlogAtEnd,
    reopened,
    reopenRatePercent: percentOf(reopened, resolved),
  };
}

function checkTicket(ticket: TicketSummary, index: number): TicketSummary {
  const path = `tickets[${index}]`;
  if (typeof ticket?.ticketId !== 'string') invalidMeasurement(`${path}.ticketId`, 'must be a string', ticket);
  requireFiniteNumber(ticket.openedAt, `${path}.openedAt`);
  if (ticket.resolvedAt !== null) {
    requireFiniteNumber(ticket.resolvedAt, `${path}.resolvedAt`);
    if (ticket.resolvedAt < ticket.openedAt) {
      invalidMeasurement(`${path}.resolvedAt`, 'must not be before openedAt', ticket.resolvedAt);
    }
  }
  if (!Number.isInteger(ticket.reopenCount) || ticket.reopenCount < 0) {
    invalidMeasurement(`${path}.reopenCount`, 'must be a whole number >= 0', ticket.reopenCount);
  }
  return ticket;
}
