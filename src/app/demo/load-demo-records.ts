/**
 * The demo's records, through the use-cases (decision 0011): outages and maintenance windows first (windows that
 * pause clocks must be known when the tickets' clocks are projected), then the tickets in batches, then delivery
 * lines and KPI values. Tickets and events carry the plan's keys, lines and KPI values are upserts, and outages and
 * windows are looked up before they are created, so nothing is created twice.
 */
import type { Principal } from '../access/principal.ts';
import { upsertDeliveries } from '../facts/manage-deliveries.ts';
import { upsertKpiValue } from '../facts/manage-kpi-values.ts';
import { createMaintenanceWindow, listMaintenanceWindows } from '../facts/manage-maintenance-windows.ts';
import { createOutage, listOutages } from '../facts/manage-outages.ts';
import { openTicket } from '../tickets/open-ticket.ts';
import { recordTicketEvents, type TicketEventInput } from '../tickets/record-ticket-events.ts';
import type { DemoPlan, DemoTicket } from './demo-plan-types.ts';
import type { DemoDependencies, DemoFrame } from './load-demo-agreements.ts';

export interface TicketBatchProgress {
  readonly done: number;
  readonly total: number;
}

export interface RecordOptions {
  /** Tickets opened and given their events per step; default 25. */
  readonly ticketsPerBatch?: number;
  /** Called after each batch of tickets. */
  readonly onTickets?: (progress: TicketBatchProgress) => void;
  /**
   * Awaited after every step (a ticket opened, a batch of events recorded, a fact created), so that requests waiting
   * for the database are served in between: the embedded database answers without real I/O, so without a pause the
   * whole load would run as one chain of promise callbacks and hold every request until it ends.
   */
  readonly pause?: () => Promise<void>;
}

export interface RecordCounts {
  outages: number;
  maintenanceWindows: number;
  tickets: number;
  events: number;
  deliveries: number;
  kpiValues: number;
}

const PAGE = { limit: 500, offset: 0 };

export async function loadDemoFacts(
  dependencies: DemoDependencies,
  system: Principal,
  plan: DemoPlan,
  frame: DemoFrame,
  counts: RecordCounts,
  pause: () => Promise<void> = async () => {},
): Promise<void> {
  const customerOf = (slug: string | null) => (slug === null ? null : frame.customers.get(slug)!);
  const knownOutages = new Set<string>();
  for (let offset = 0; ; offset += PAGE.limit) {
    const page = await listOutages(
      dependencies.store,
      system,
      { ...PAGE, offset },
      { source: 'demo', sort: 'startsAt' },
    );
    for (const outage of page.items) if (outage.externalRef !== null) knownOutages.add(outage.externalRef);
    if (offset + PAGE.limit >= page.total) break;
  }
  for (const outage of plan.outages) {
    if (knownOutages.has(outage.key)) continue;
    await createOutage(dependencies, system, {
      customerId: customerOf(outage.customerSlug),
      service: outage.service,
      startsAt: outage.startsAt,
      endsAt: outage.endsAt,
      severity: outage.severity,
      source: 'demo',
      externalRef: outage.key,
      description: outage.description,
    });
    counts.outages++;
    await pause();
  }
  // Windows have no external reference: one of the same kind, customer and description is the same window.
  const knownWindows = new Set<string>();
  for (let offset = 0; ; offset += PAGE.limit) {
    const page = await listMaintenanceWindows(dependencies.store, system, { ...PAGE, offset }, { sort: 'startsAt' });
    for (const window of page.items) knownWindows.add(windowKey(window.kind, window.customerId, window.description));
    if (offset + PAGE.limit >= page.total) break;
  }
  for (const window of plan.maintenanceWindows) {
    const customerId = customerOf(window.customerSlug);
    if (knownWindows.has(windowKey(window.kind, customerId, window.description))) continue;
    await createMaintenanceWindow(dependencies, system, {
      kind: window.kind,
      customerId,
      services: window.services,
      startsAt: window.startsAt,
      endsAt: window.endsAt,
      announcedAt: window.announcedAt,
      pausesClocks: window.pausesClocks,
      description: window.description,
    });
    counts.maintenanceWindows++;
    await pause();
  }
}

function windowKey(kind: string, customerId: string | null, description: string | null): string {
  return JSON.stringify([kind, customerId, description]);
}

/** Opens the tickets with their past opening instants, then records the rest of their events, batch by batch. */
export async function loadDemoTickets(
  dependencies: DemoDependencies,
  system: Principal,
  plan: DemoPlan,
  frame: DemoFrame,
  counts: RecordCounts,
  options: RecordOptions,
): Promise<void> {
  const size = Math.max(1, options.ticketsPerBatch ?? 25);
  const total = plan.tickets.length;
  for (let start = 0; start < total; start += size) {
    const batch = plan.tickets.slice(start, start + size);
    const events: { ticketId: string; event: TicketEventInput }[] = [];
    for (const ticket of batch) {
      const opened = await openTicket(dependencies, system, openingOf(ticket, frame));
      if (opened.created) counts.tickets++;
      await options.pause?.();
      for (const event of ticket.events.slice(1)) {
        if (event.type === 'opened') continue;
        events.push({
          ticketId: opened.ticket.id,
          event: {
            key: event.id,
            type: event.type,
            occurredAt: event.occurredAt,
            status: event.status,
            priority: event.priority,
            impact: event.impact,
            urgency: event.urgency,
            assignee: event.assignee,
          },
        });
      }
    }
    if (events.length > 0) counts.events += (await recordTicketEvents(dependencies, system, events)).recorded;
    options.onTickets?.({ done: Math.min(start + size, total), total });
    await options.pause?.();
  }
}

function openingOf(ticket: DemoTicket, frame: DemoFrame) {
  const opened = ticket.events[0]!;
  return {
    customerId: frame.customers.get(ticket.customerSlug)!,
    agreementId: frame.agreements.get(ticket.agreementSlug)!,
    externalRef: ticket.externalRef,
    idempotencyKey: ticket.key,
    title: ticket.title,
    service: ticket.service,
    category: ticket.category,
    channel: ticket.channel,
    priority: opened.priority,
    impact: opened.impact,
    urgency: opened.urgency,
    status: opened.status,
    openedAt: opened.occurredAt,
  };
}

export const DELIVERY_BATCH = 5_000;

export async function loadDemoDeliveriesAndKpis(
  dependencies: DemoDependencies,
  system: Principal,
  plan: DemoPlan,
  frame: DemoFrame,
  counts: RecordCounts,
  pause: () => Promise<void> = async () => {},
): Promise<void> {
  const lines = plan.deliveries.map((line) => ({
    customerId: frame.customers.get(line.customerSlug)!,
    agreementId: frame.agreements.get(line.agreementSlug) ?? null,
    orderId: line.orderId,
    lineId: line.lineId,
    orderedQuantity: line.orderedQuantity,
    deliveredQuantity: line.deliveredQuantity,
    promisedAt: line.promisedAt,
    deliveredAt: line.deliveredAt,
  }));
  for (let start = 0; start < lines.length; start += DELIVERY_BATCH) {
    const result = await upsertDeliveries(dependencies, system, lines.slice(start, start + DELIVERY_BATCH));
    counts.deliveries += result.created + result.updated;
    await pause();
  }
  for (const value of plan.kpiValues) {
    const agreementId = frame.agreements.get(value.agreementSlug);
    if (agreementId === undefined) continue;
    const { outcome } = await upsertKpiValue(dependencies, system, {
      agreementId,
      targetId: value.targetId,
      period: value.period,
      value: value.value,
      note: value.note,
    });
    if (outcome !== 'unchanged') counts.kpiValues++;
    await pause();
  }
}
