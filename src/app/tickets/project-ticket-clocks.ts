/**
 * The clock projection of tickets, computed from their full event logs inside the caller's transaction: the
 * governing agreement version (pinned at the opening, SPEC section 4), its clock policy, the exclusion windows of the
 * ticket's customer, then one evaluation per ticket. The clock rows and the ticket summary are replaced together, so
 * a committed event always has its clocks, and a rebuild gives exactly what recording the events did.
 */
import { selectGoverningVersion } from '../../core/agreement/index.ts';
import {
  type ClockPolicy,
  type ExclusionWindow,
  evaluateTicketClocks,
  type TicketEvaluation,
} from '../../core/clocks/index.ts';
import { clockPolicyOfVersion } from '../agreements/clock-policy-of-version.ts';
import type { AgreementVersionRecord } from '../ports/agreement-repository.ts';
import type { Repositories } from '../ports/store.ts';
import type { StoredClock, StoredTicketEvent, TicketRecord, TicketSummary } from '../ports/ticket-repository.ts';

const emptyPolicy: ClockPolicy = { targets: [] };

export interface ProjectedTicket {
  readonly ticket: TicketRecord;
  readonly evaluation: TicketEvaluation;
  readonly summary: TicketSummary;
  readonly clocks: readonly StoredClock[];
}

/** Evaluates and stores the clocks and summaries of the tickets (already locked by the caller). */
export async function projectTicketClocks(
  repositories: Repositories,
  workspaceId: string,
  tickets: readonly TicketRecord[],
  now: number,
): Promise<ProjectedTicket[]> {
  const projected = await evaluateTickets(repositories, workspaceId, tickets, now);
  if (projected.length === 0) return projected;
  await repositories.tickets.replaceClocks(
    workspaceId,
    tickets.map((ticket) => ticket.id),
    projected.flatMap((entry) => entry.clocks),
  );
  await repositories.tickets.updateSummaries(
    workspaceId,
    new Map(projected.map((entry) => [entry.ticket.id, entry.summary])),
  );
  return projected;
}

/** Evaluates the tickets' clocks from their events at `now`, without storing anything. */
export async function evaluateTickets(
  repositories: Repositories,
  workspaceId: string,
  tickets: readonly TicketRecord[],
  now: number,
): Promise<ProjectedTicket[]> {
  if (tickets.length === 0) return [];
  const eventsByTicket = await repositories.tickets.eventsOfMany(
    workspaceId,
    tickets.map((ticket) => ticket.id),
  );
  const context = new ProjectionContext(repositories, workspaceId);
  const projected: ProjectedTicket[] = [];
  for (const ticket of tickets) {
    const events = eventsByTicket.get(ticket.id) ?? [];
    const { versionId, policy } = await context.policyFor(ticket, events);
    const exclusions = await context.exclusionsFor(ticket.customerId);
    const evaluation = evaluateTicketClocks(policy, events, now, { exclusions });
    projected.push({
      ticket,
      evaluation,
      summary: summarize(evaluation, events, versionId),
      clocks: clockRows(ticket, evaluation, now),
    });
  }
  return projected;
}

/** Caches what tickets of one batch share: agreement versions, policies, customers' exclusion windows. */
class ProjectionContext {
  private readonly candidates = new Map<string, Awaited<ReturnType<Repositories['agreements']['pinningCandidates']>>>();
  private readonly policies = new Map<string, ClockPolicy>();
  private readonly exclusions = new Map<string, ExclusionWindow[]>();

  constructor(
    private readonly repositories: Repositories,
    private readonly workspaceId: string,
  ) {}

  async policyFor(
    ticket: TicketRecord,
    events: readonly StoredTicketEvent[],
  ): Promise<{ versionId: string | null; policy: ClockPolicy }> {
    if (ticket.agreementId === null) return { versionId: null, policy: emptyPolicy };
    let candidates = this.candidates.get(ticket.agreementId);
    if (candidates === undefined) {
      candidates = await this.repositories.agreements.pinningCandidates(this.workspaceId, ticket.agreementId);
      this.candidates.set(ticket.agreementId, candidates);
    }
    const closedAt = closingInstant(events);
    const governing = selectGoverningVersion(
      candidates,
      ticket.openedAt,
      closedAt === null ? {} : { ticketClosedAt: closedAt },
    );
    if (governing === undefined) return { versionId: null, policy: emptyPolicy };
    let policy = this.policies.get(governing.versionId);
    if (policy === undefined) {
      const version = await activatedVersion(this.repositories, this.workspaceId, governing.versionId);
      policy = version === null ? emptyPolicy : await clockPolicyOfVersion(version, this.repositories);
      this.policies.set(governing.versionId, policy);
    }
    return { versionId: governing.versionId, policy };
  }

  async exclusionsFor(customerId: string): Promise<ExclusionWindow[]> {
    let windows = this.exclusions.get(customerId);
    if (windows === undefined) {
      windows = (await this.repositories.exclusionWindows.forCustomer(this.workspaceId, customerId)).map((window) => ({
        from: window.from,
        to: window.to,
        services: window.services ?? undefined,
      }));
      this.exclusions.set(customerId, windows);
    }
    return windows;
  }
}

/**
 * Versions that have been active never change (an amendment is a new version), so their content is kept in memory
 * instead of being read for every event.
 */
const activatedVersions = new Map<string, AgreementVersionRecord>();

async function activatedVersion(
  repositories: Repositories,
  workspaceId: string,
  versionId: string,
): Promise<AgreementVersionRecord | null> {
  const known = activatedVersions.get(versionId);
  if (known && known.workspaceId === workspaceId) return known;
  const version = await repositories.agreements.getVersion(workspaceId, versionId);
  if (version?.activatedAt != null) {
    if (activatedVersions.size >= 1000) activatedVersions.clear();
    activatedVersions.set(versionId, version);
  }
  return version;
}

/** When the ticket was closed or cancelled for good (versions activated later do not apply to it). */
function closingInstant(events: readonly StoredTicketEvent[]): number | null {
  let closedAt: number | null = null;
  for (const event of events) {
    if (event.type === 'closed' || event.type === 'cancelled') closedAt = Math.max(closedAt ?? 0, event.occurredAt);
  }
  return closedAt;
}

function summarize(
  evaluation: TicketEvaluation,
  events: readonly StoredTicketEvent[],
  versionId: string | null,
): TicketSummary {
  const ordered = [...events].sort((a, b) => a.occurredAt - b.occurredAt || a.sequence - b.sequence);
  let assignee: string | null = null;
  let resolvedAt: number | null = null;
  let reopenCount = 0;
  for (const event of ordered) {
    if (event.type === 'assigned') assignee = event.assignee ?? null;
    if (event.type === 'resolved' || (event.type === 'closed' && resolvedAt === null)) resolvedAt = event.occurredAt;
    if (event.type === 'reopened') {
      reopenCount++;
      resolvedAt = null;
    }
  }
  const lifecycle = evaluation.lifecycle;
  return {
    priority: evaluation.priority,
    status: evaluation.status,
    lifecycle,
    assignee,
    resolvedAt: lifecycle === 'resolved' || lifecycle === 'closed' ? resolvedAt : null,
    reopenCount,
    eventCount: new Set(events.map((event) => event.id)).size,
    agreementVersionId: versionId,
  };
}

function clockRows(ticket: TicketRecord, evaluation: TicketEvaluation, now: number): StoredClock[] {
  return evaluation.clocks.map((clock) => {
    const latest = clock.cycles[clock.cycles.length - 1];
    return {
      ticketId: ticket.id,
      customerId: ticket.customerId,
      targetId: clock.targetId,
      metric: clock.metric,
      state: latest?.state ?? 'cancelled',
      dueAt: latest?.dueAt ?? null,
      breachAt: latest?.breachAt ?? null,
      usedMs: latest?.usedMs ?? 0,
      durationMs: clock.durationMs,
      percentUsed: latest?.percentUsed ?? 0,
      cycles: clock.cycles,
      nextCheckAt: clock.nextCheckAt,
      evaluatedAt: now,
    };
  });
}
