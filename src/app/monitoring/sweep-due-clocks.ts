/**
 * Use-case: one pass of the scheduler sweep (decision 0012). In one transaction: claim tickets whose clocks are due
 * (or reached thresholds not yet acted on), re-evaluate them at now and store the projection with the next check,
 * record every firing their cycles call for under its deterministic id, and, for each firing recorded for the first
 * time, write its effects: in-app notifications, outbox messages (e-mail, webhooks), deviations, and escalation
 * actions as ticket events (reassignment, priority raised). A crash before the commit leaves nothing behind; the
 * next pass redoes the same work with the same ids.
 */
import type { Agreement } from '../../core/agreement/index.ts';
import { type FiringPlan, planFirings, raisedPriority } from '../../core/monitoring/threshold-firings.ts';
import type { DeviationDraft, FiringRecord, NotificationDraft, OutboxDraft } from '../ports/monitoring-repository.ts';
import type { Clock, Repositories, Store } from '../ports/store.ts';
import type { EventToRecord } from '../ports/ticket-repository.ts';
import { appendAndProject, type ProjectedTicket, reprojectTickets } from '../tickets/project-ticket-clocks.ts';
import { clockAlertOf, effectsOf, type FiringContext } from './firing-effects.ts';

export interface SweepResult {
  readonly tickets: number;
  readonly firings: number;
  readonly suppressed: number;
  readonly messages: number;
  readonly notifications: number;
  /** For each firing acted on now: how late after the instant it was reached (ms). */
  readonly delays: readonly number[];
}

export const DEFAULT_SWEEP_BATCH = 200;

export async function sweepDueClocks(
  { store, clock }: { store: Store; clock: Clock },
  batchSize = DEFAULT_SWEEP_BATCH,
): Promise<SweepResult> {
  const now = clock.now();
  return store.transaction(async (repositories) => {
    const groups = await repositories.monitoring.claimDueTickets(now, batchSize);
    const totals = { tickets: 0, firings: 0, suppressed: 0, messages: 0, notifications: 0, delays: [] as number[] };
    for (const { workspaceId, ticketIds } of groups) {
      const outcome = await sweepWorkspace(repositories, workspaceId, ticketIds, now);
      totals.tickets += ticketIds.length;
      totals.firings += outcome.firings;
      totals.suppressed += outcome.suppressed;
      totals.messages += outcome.messages;
      totals.notifications += outcome.notifications;
      totals.delays.push(...outcome.delays);
    }
    return totals;
  });
}

async function sweepWorkspace(
  repositories: Repositories,
  workspaceId: string,
  ticketIds: readonly string[],
  now: number,
) {
  // The claim holds the tickets' locks for this transaction: one unlocked read (a fresh snapshot, taken after the
  // locks were granted) sees everything committed to them.
  const locked = await repositories.tickets.readForProjection(workspaceId, ticketIds);
  const projected = await reprojectTickets(repositories, workspaceId, locked, now);
  const agreements = new Map<string, Agreement | null>();
  const planned: { entry: ProjectedTicket; plan: FiringPlan; agreement: Agreement | null }[] = [];
  for (const entry of projected) {
    const agreement = await agreementOf(repositories, workspaceId, entry.summary.agreementVersionId, agreements);
    const plans = planFirings({
      ticketId: entry.ticket.id,
      ticketRecordedAt: entry.ticket.createdAt,
      clocks: entry.evaluation.clocks,
      agreement,
    });
    for (const plan of plans) planned.push({ entry, plan, agreement });
  }
  let result = { firings: 0, suppressed: 0, messages: 0, notifications: 0, delays: [] as number[] };
  let actedIds: ReadonlySet<string> = new Set();
  if (planned.length > 0) {
    const records = planned.map(({ entry, plan, agreement }) => firingRecord(workspaceId, entry, plan, agreement, now));
    const inserted = await repositories.monitoring.recordFirings(records);
    const fresh = planned.filter(({ plan }) => inserted.has(plan.id));
    const { actedIds: acted, ...counts } = await effectsOfFresh(repositories, workspaceId, fresh, records, now);
    result = counts;
    actedIds = acted;
  }
  // Acknowledge before escalation events change the clocks: what those changes reach is news for the next pass.
  await repositories.monitoring.acknowledgeCrossings(workspaceId, ticketIds, now);
  const events = escalationEvents(planned, actedIds, now);
  if (events.length > 0) {
    // Read again: the projection written above is the base these events are appended to.
    const reprojected = await repositories.tickets.readForProjection(workspaceId, ticketIds);
    await appendAndProject(repositories, workspaceId, reprojected, events, now);
  }
  return result;
}

async function effectsOfFresh(
  repositories: Repositories,
  workspaceId: string,
  fresh: { entry: ProjectedTicket; plan: FiringPlan; agreement: Agreement | null }[],
  records: readonly FiringRecord[],
  now: number,
) {
  const actions = new Map(records.map((record) => [record.id, record.actions]));
  const notifications: NotificationDraft[] = [];
  const outbox: OutboxDraft[] = [];
  const deviations: DeviationDraft[] = [];
  const delays: number[] = [];
  const actedIds = new Set<string>();
  const acting = fresh.filter(({ plan }) => plan.suppressed === null);
  const suppressed = fresh.length - acting.length;
  if (acting.length > 0) {
    const directory = await repositories.monitoring.directory(workspaceId);
    for (const { entry, plan, agreement } of acting) {
      actedIds.add(plan.id);
      delays.push(now - plan.reachedAt);
      const ticket = { ...entry.ticket, priority: entry.summary.priority, assignee: entry.summary.assignee };
      const context: FiringContext = {
        workspaceId,
        ticket,
        directory,
        fallbackTimeZone: agreement?.spec.term.timezone ?? 'UTC',
      };
      const alert = clockAlertOf(plan, context, actions.get(plan.id) ?? []);
      const effects = effectsOf(plan, alert, context);
      notifications.push(...effects.notifications);
      outbox.push(...effects.outbox);
      if (plan.openDeviation) {
        deviations.push({
          workspaceId,
          customerId: ticket.customerId,
          agreementId: ticket.agreementId,
          ticketId: ticket.id,
          targetId: plan.targetId,
          source: 'escalation',
          sourceId: plan.id,
          title: `${plan.targetId} reached ${plan.percent}% on ${ticket.externalRef ?? ticket.title}`,
          evidence: { firingId: plan.id, ticketId: ticket.id, reachedAt: plan.reachedAt, cycle: plan.cycle },
        });
      }
    }
  }
  const notified = await repositories.monitoring.notify(notifications, now);
  const messages = await repositories.monitoring.enqueue(outbox, now);
  await repositories.monitoring.openDeviations(deviations, now);
  return { firings: fresh.length, suppressed, messages, notifications: notified, delays, actedIds };
}

function firingRecord(
  workspaceId: string,
  entry: ProjectedTicket,
  plan: FiringPlan,
  agreement: Agreement | null,
  now: number,
): FiringRecord {
  const actions: string[] = [];
  if (plan.suppressed === null) {
    if (plan.reassignTo !== null) actions.push(`reassigned to ${plan.reassignTo}`);
    if (plan.raisePriority) {
      const raised = agreement === null ? null : raisedPriority(agreement, entry.summary.priority);
      actions.push(
        raised === null
          ? `priority not raised: ${entry.summary.priority ?? 'none'} is already the highest`
          : `priority raised from ${entry.summary.priority} to ${raised}`,
      );
    }
    if (plan.openDeviation) actions.push('deviation opened');
  }
  return {
    id: plan.id,
    workspaceId,
    customerId: entry.ticket.customerId,
    ticketId: entry.ticket.id,
    targetId: plan.targetId,
    cycleStart: plan.cycleStart,
    kind: plan.kind,
    percent: plan.percent,
    reachedAt: plan.reachedAt,
    actedAt: now,
    suppressed: plan.suppressed,
    actions,
  };
}

/** Reassignments and priority raises of the firings acted on now, as ticket events keyed by the firing. */
function escalationEvents(
  planned: readonly { entry: ProjectedTicket; plan: FiringPlan; agreement: Agreement | null }[],
  actedIds: ReadonlySet<string>,
  now: number,
): EventToRecord[] {
  const events: EventToRecord[] = [];
  for (const { entry, plan, agreement } of planned) {
    if (!actedIds.has(plan.id)) continue;
    const base = {
      ticketId: entry.ticket.id,
      customerId: entry.ticket.customerId,
      actorUserId: null,
      actorTokenId: null,
    };
    if (plan.reassignTo !== null) {
      events.push({
        ...base,
        event: { id: `escalation:${plan.id}:assign`, type: 'assigned', occurredAt: now, assignee: plan.reassignTo },
      });
    }
    const raised = plan.raisePriority && agreement ? raisedPriority(agreement, entry.summary.priority) : null;
    if (raised !== null) {
      events.push({
        ...base,
        event: { id: `escalation:${plan.id}:priority`, type: 'priority', occurredAt: now, priority: raised },
      });
    }
  }
  return events;
}

async function agreementOf(
  repositories: Repositories,
  workspaceId: string,
  versionId: string | null,
  cache: Map<string, Agreement | null>,
): Promise<Agreement | null> {
  if (versionId === null) return null;
  if (!cache.has(versionId)) {
    const version = await repositories.agreements.getVersion(workspaceId, versionId);
    cache.set(versionId, version === null ? null : (version.content as Agreement));
  }
  return cache.get(versionId) ?? null;
}
