/**
 * The clock projection of tickets, computed from their full event logs inside the caller's transaction: the
 * governing agreement version (docs/semantics.md#which-agreement-version-governs-a-ticket), its clock policy, the
 * exclusion windows of the ticket's customer, then one evaluation per ticket. New events, clock rows and ticket
 * summaries are written in one statement, so a committed event always has its clocks, and a rebuild gives exactly what
 * recording the events did.
 *
 * What projections share (pinning candidates, policies, exclusion windows) is cached per workspace and checked
 * against the workspace's configuration revision, which the database bumps on every change to agreement versions,
 * calendars and maintenance windows and which is read in the very query that locks the tickets.
 */
import { selectGoverningVersion } from '../../core/agreement/index.ts';
import {
  type ClockPolicy,
  type ExclusionWindow,
  evaluateTicketClocks,
  type TicketEvaluation,
  unmeasuredReasonOf,
} from '../../core/clocks/index.ts';
import { crossingCount } from '../../core/monitoring/threshold-firings.ts';
import { clockPolicyOfVersion } from '../agreements/clock-policy-of-version.ts';
import type { Repositories } from '../ports/store.ts';
import type {
  EventToRecord,
  ProjectionBase,
  StoredClock,
  StoredTicketEvent,
  TicketRecord,
  TicketSummary,
  TicketsForProjection,
} from '../ports/ticket-repository.ts';
import type { WorkspaceConfiguration } from './projection-configurations.ts';

const emptyPolicy: ClockPolicy = { targets: [] };

export interface ProjectedTicket {
  readonly ticket: TicketRecord;
  readonly evaluation: TicketEvaluation;
  readonly summary: TicketSummary;
  readonly clocks: readonly StoredClock[];
}

/** Locks the tickets (in id order) and reads their events, for a projection in this transaction. */
export async function lockTickets(
  repositories: Repositories,
  workspaceId: string,
  ids: readonly string[],
): Promise<TicketsForProjection> {
  return repositories.tickets.lockForProjection(workspaceId, ids);
}

export interface AppendResult {
  readonly projected: readonly ProjectedTicket[];
  /** `${ticketId}\0${key}` of every event that was new. */
  readonly inserted: ReadonlySet<string>;
}

export interface AppendPlan extends AppendResult {
  /** The events to write (the new ones). */
  readonly fresh: readonly EventToRecord[];
}

/**
 * Appends events to locked tickets and stores the projection of every ticket that got a new one. A key the ticket
 * already has, or that appears earlier in the same request, is a duplicate and changes nothing. With `returnTickets`,
 * `written` holds the tickets as stored after it (else it is empty).
 */
export async function appendAndProject(
  repositories: Repositories,
  workspaceId: string,
  locked: TicketsForProjection,
  events: readonly EventToRecord[],
  now: number,
  options?: { readonly returnTickets?: boolean },
): Promise<AppendResult & { readonly written: readonly TicketRecord[] }> {
  const plan = await planAppend(repositories, workspaceId, locked, events, now);
  const written = await writeProjection(repositories, workspaceId, plan.projected, plan.fresh, locked.base, options);
  return { projected: plan.projected, inserted: plan.inserted, written };
}

/**
 * Works out what appending events to tickets read as `read` would write: the new events and the projection of every
 * ticket that gets one. Writes nothing (an optimistic writer stores it only if the tickets did not change meanwhile).
 */
export async function planAppend(
  repositories: Repositories,
  workspaceId: string,
  locked: TicketsForProjection,
  events: readonly EventToRecord[],
  now: number,
): Promise<AppendPlan> {
  const known = new Map<string, Set<string>>();
  const merged = new Map<string, StoredTicketEvent[]>();
  for (const ticket of locked.tickets) {
    const stored = locked.events.get(ticket.id) ?? [];
    known.set(ticket.id, new Set(stored.map((event) => event.id)));
    merged.set(ticket.id, [...stored]);
  }
  const fresh: EventToRecord[] = [];
  const inserted = new Set<string>();
  for (const record of events) {
    const keys = known.get(record.ticketId);
    const list = merged.get(record.ticketId);
    if (!keys || !list || keys.has(record.event.id)) continue;
    keys.add(record.event.id);
    inserted.add(`${record.ticketId}\u0000${record.event.id}`);
    fresh.push(record);
    // Recorded after everything stored: ties on occurredAt keep this order, as they will in the database.
    list.push({
      ...record.event,
      ticketId: record.ticketId,
      sequence: Number.MAX_SAFE_INTEGER - events.length + fresh.length,
      recordedAt: now,
      actorUserId: record.actorUserId,
      actorTokenId: record.actorTokenId,
    });
  }
  const changed = locked.tickets.filter((ticket) => fresh.some((record) => record.ticketId === ticket.id));
  const projected = await evaluateWith(repositories, workspaceId, changed, merged, now, locked.configurationRevision);
  return { projected, inserted, fresh };
}

/** Re-evaluates locked tickets from their stored events and stores the result (rebuilds, scheduler sweeps). */
export async function reprojectTickets(
  repositories: Repositories,
  workspaceId: string,
  locked: TicketsForProjection,
  now: number,
): Promise<ProjectedTicket[]> {
  const projected = await evaluateWith(
    repositories,
    workspaceId,
    locked.tickets,
    locked.events,
    now,
    locked.configurationRevision,
  );
  await writeProjection(repositories, workspaceId, projected, [], locked.base);
  return projected;
}

/** Evaluates tickets' clocks from their stored events at `now`, without storing anything (live reads). */
export async function evaluateTickets(
  repositories: Repositories,
  workspaceId: string,
  tickets: readonly TicketRecord[],
  now: number,
): Promise<ProjectedTicket[]> {
  const events = await repositories.tickets.eventsOfMany(
    workspaceId,
    tickets.map((ticket) => ticket.id),
  );
  return evaluateWith(repositories, workspaceId, tickets, events, now, null);
}

/**
 * The rows a projection writes: the new events, the clocks and summaries of the tickets evaluated, with the base they
 * were read as (the store writes only the per-cycle rows that differ from it).
 */
export function projectionWrite(
  projected: readonly ProjectedTicket[],
  events: readonly EventToRecord[],
  base: ProjectionBase,
) {
  return {
    tickets: projected.map((entry) => entry.ticket),
    base,
    events,
    clocks: projected.flatMap((entry) => entry.clocks),
    summaries: new Map(projected.map((entry) => [entry.ticket.id, entry.summary])),
  };
}

async function writeProjection(
  repositories: Repositories,
  workspaceId: string,
  projected: readonly ProjectedTicket[],
  events: readonly EventToRecord[],
  base: ProjectionBase,
  options?: { readonly returnTickets?: boolean },
): Promise<TicketRecord[]> {
  if (projected.length === 0 && events.length === 0) return [];
  return repositories.tickets.writeProjection(workspaceId, projectionWrite(projected, events, base), options);
}

async function evaluateWith(
  repositories: Repositories,
  workspaceId: string,
  tickets: readonly TicketRecord[],
  eventsByTicket: ReadonlyMap<string, readonly StoredTicketEvent[]>,
  now: number,
  configurationRevision: number | null,
): Promise<ProjectedTicket[]> {
  const configuration = repositories.caches.projectionConfigurations.of(workspaceId, configurationRevision);
  const projected: ProjectedTicket[] = [];
  for (const ticket of tickets) {
    const events = eventsByTicket.get(ticket.id) ?? [];
    const closedAt = closingInstant(events);
    const governing = await policyFor(repositories, configuration, ticket, closedAt);
    const exclusions = await exclusionsFor(repositories, configuration, ticket.customerId);
    const evaluation = evaluateTicketClocks(governing.policy, events, now, { exclusions });
    const unmeasuredReason = governing.unmeasured ?? unmeasuredReasonOf(governing.policy, evaluation);
    projected.push({
      ticket,
      evaluation,
      summary: summarize(evaluation, events, { versionId: governing.versionId, unmeasuredReason, closedAt }),
      clocks: clockRows(ticket, evaluation, now),
    });
  }
  return projected;
}

/** The governing version's policy, or why there is none (the ticket is then not measured). */
interface Governing {
  readonly versionId: string | null;
  readonly policy: ClockPolicy;
  readonly unmeasured: 'no_agreement' | 'no_version_in_force' | null;
}

async function policyFor(
  repositories: Repositories,
  configuration: WorkspaceConfiguration,
  ticket: TicketRecord,
  closedAt: number | null,
): Promise<Governing> {
  if (ticket.agreementId === null) return { versionId: null, policy: emptyPolicy, unmeasured: 'no_agreement' };
  let candidates = configuration.candidates.get(ticket.agreementId);
  if (candidates === undefined) {
    candidates = await repositories.agreements.pinningCandidates(configuration.workspaceId, ticket.agreementId);
    configuration.candidates.set(ticket.agreementId, candidates);
  }
  const governing = selectGoverningVersion(
    candidates,
    ticket.openedAt,
    closedAt === null ? {} : { ticketClosedAt: closedAt },
  );
  if (governing === undefined) return { versionId: null, policy: emptyPolicy, unmeasured: 'no_version_in_force' };
  let policy = configuration.policies.get(governing.versionId);
  if (policy === undefined) {
    const version = await repositories.agreements.getVersion(configuration.workspaceId, governing.versionId);
    policy = version === null ? emptyPolicy : await clockPolicyOfVersion(version, repositories);
    configuration.policies.set(governing.versionId, policy);
  }
  return { versionId: governing.versionId, policy, unmeasured: null };
}

async function exclusionsFor(
  repositories: Repositories,
  configuration: WorkspaceConfiguration,
  customerId: string,
): Promise<ExclusionWindow[]> {
  let windows = configuration.exclusions.get(customerId);
  if (windows === undefined) {
    windows = (await repositories.exclusionWindows.forCustomer(configuration.workspaceId, customerId)).map(
      (window) => ({
        from: window.from,
        to: window.to,
        services: window.services ?? undefined,
      }),
    );
    configuration.exclusions.set(customerId, windows);
  }
  return windows;
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
  measurement: Pick<TicketSummary, 'unmeasuredReason' | 'closedAt'> & { versionId: string | null },
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
    eventCount: events.length,
    agreementVersionId: measurement.versionId,
    unmeasuredReason: measurement.unmeasuredReason,
    closedAt: measurement.closedAt,
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
      crossingCount: crossingCount(clock),
    };
  });
}
