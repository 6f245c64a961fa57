/**
 * Incidents become demo tickets: each is assigned to one agreement that takes tickets, moved into the weeks before
 * `now`, and re-labelled with that agreement's priorities, statuses, services and channels.
 *
 * Time: every event of an incident moves by the same amount, so durations and order inside a ticket are exactly the
 * log's. The openings are spread over the working days (Monday to Friday in the agreement's zone) of the window, in
 * the order the incidents opened, at the local time of day they opened in the source's zone: an incident opened at
 * 09:40 in São Paulo opens at 09:40 in Warsaw. An opening that would fall after `now` moves back a week. Events that
 * would lie after `now` are left out: the ticket is shown as it stood at `now` (still open, or resolved and not yet
 * closed), which is what gives the demo live clocks.
 */
import type { Agreement } from '../../core/agreement/index.ts';
import type { TicketEvent } from '../../core/clocks/ticket-event.ts';
import { MS_PER_DAY, weekdayOfDay } from '../../core/time/civil-date.ts';
import { instantOfLocalTime } from '../../core/time/local-time.ts';
import type { PreparedAgreement } from './demo-agreements.ts';
import type { DemoSourceIncident, DemoTicket } from './demo-plan-types.ts';
import { stableHash } from './demo-random.ts';
import { localDayOf, localTimeOfDayOf } from './demo-time.ts';

export interface TicketPlanOptions {
  readonly now: number;
  readonly windowFrom: number;
  readonly count: number;
  readonly sourceTimeZone: string;
}

/** The incidents to use: the first `count` by number, in the order they opened. */
export function selectIncidents(incidents: readonly DemoSourceIncident[], count: number): DemoSourceIncident[] {
  return [...incidents]
    .filter((incident) => incident.events.length > 0 && incident.events[0]!.type === 'opened')
    .sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0))
    .slice(0, count)
    .sort((a, b) => a.events[0]!.occurredAt - b.events[0]!.occurredAt || (a.number < b.number ? -1 : 1));
}

export function planDemoTickets(
  incidents: readonly DemoSourceIncident[],
  agreements: readonly PreparedAgreement[],
  options: TicketPlanOptions,
): DemoTicket[] {
  if (agreements.length === 0) return [];
  const selected = selectIncidents(incidents, options.count);
  const slotsByZone = new Map<string, number[]>();
  return selected.map((incident, rank) => {
    const target = agreements[stableHash(incident.number) % agreements.length]!;
    let slots = slotsByZone.get(target.timeZone);
    if (!slots) {
      slots = workingDays(target.timeZone, options.windowFrom, options.now);
      slotsByZone.set(target.timeZone, slots);
    }
    const sourceOpenedAt = incident.events[0]!.occurredAt;
    const timeOfDay = localTimeOfDayOf(options.sourceTimeZone, sourceOpenedAt);
    let day = slots[Math.floor((rank * slots.length) / selected.length)]!;
    let openedAt = instantOfLocalTime(target.timeZone, day * MS_PER_DAY + timeOfDay);
    while (openedAt > options.now) {
      day -= 7;
      openedAt = instantOfLocalTime(target.timeZone, day * MS_PER_DAY + timeOfDay);
    }
    return ticketOf(incident, target, openedAt - sourceOpenedAt, options.now);
  });
}

/** Monday-to-Friday day numbers after the window's first local day, up to and including the day of `now`. */
function workingDays(timeZone: string, from: number, now: number): number[] {
  const days: number[] = [];
  for (let day = localDayOf(timeZone, from) + 1; day <= localDayOf(timeZone, now); day++) {
    if (weekdayOfDay(day) < 5) days.push(day);
  }
  if (days.length === 0) days.push(localDayOf(timeZone, now));
  return days;
}

function ticketOf(incident: DemoSourceIncident, target: PreparedAgreement, shiftMs: number, now: number): DemoTicket {
  const { agreement } = target;
  const labels = labelMapping(agreement);
  const service = pickService(agreement, incident);
  const events: TicketEvent[] = [];
  let eventsAfterNow = 0;
  let priority = agreement.spec.priorities.levels.at(-1)!;
  for (const event of incident.events) {
    const occurredAt = event.occurredAt + shiftMs;
    if (occurredAt > now) {
      eventsAfterNow++;
      continue;
    }
    const mapped = mapEvent(event, occurredAt, labels, service);
    if (mapped.priority !== undefined) priority = mapped.priority;
    events.push(mapped);
  }
  const { category, title } = describe(agreement, service, incident);
  return {
    key: `demo:${incident.number}`,
    externalRef: incident.number,
    customerSlug: target.customer.slug,
    agreementSlug: agreement.metadata.id,
    title,
    service,
    category,
    channel: channelOf(agreement, incident.final.contactType),
    priority,
    events,
    source: {
      number: incident.number,
      category: incident.final.category,
      subcategory: incident.final.subcategory,
      openedAt: incident.events[0]!.occurredAt,
      shiftMs,
      eventsAfterNow,
    },
  };
}

function mapEvent(event: TicketEvent, occurredAt: number, labels: LabelMapping, service: string): TicketEvent {
  const mapped: {
    -readonly [K in keyof TicketEvent]: TicketEvent[K];
  } = { id: `demo:${event.id}`, type: event.type, occurredAt };
  if (event.status !== undefined) mapped.status = labels.status(event.status);
  if (event.priority !== undefined) mapped.priority = labels.priority(event.priority);
  const impact = event.impact === undefined ? undefined : labels.impact(event.impact);
  const urgency = event.urgency === undefined ? undefined : labels.urgency(event.urgency);
  if (impact !== undefined) mapped.impact = impact;
  if (urgency !== undefined) mapped.urgency = urgency;
  if (event.assignee !== undefined) mapped.assignee = event.assignee;
  if (event.service !== undefined || event.type === 'opened') mapped.service = service;
  return mapped;
}

interface LabelMapping {
  status(name: string): string;
  priority(level: string): string;
  impact(level: string): string | undefined;
  urgency(level: string): string | undefined;
}

/**
 * ServiceNow status names (decision 0005) to the agreement's workflow: the first preferred name the workflow has,
 * else its first status of the same category. Waiting for the user becomes waiting for the customer (which the
 * agreements pause on); waiting for the provider's own problem management does not pause.
 */
const statusPreferences: Record<string, readonly string[]> = {
  new: ['new'],
  active: ['in_progress', 'open', 'active', 'assigned'],
  in_progress: ['in_progress', 'open', 'active'],
  awaiting_user_info: ['awaiting_customer', 'awaiting_user_info', 'on_hold'],
  awaiting_evidence: ['awaiting_customer', 'awaiting_evidence', 'awaiting_user_info'],
  awaiting_vendor: ['awaiting_vendor', 'on_hold'],
  awaiting_problem: ['scheduled', 'awaiting_problem', 'in_progress', 'open'],
  on_hold: ['on_hold', 'awaiting_customer'],
};
const statusCategoryOf: Record<string, string> = {
  new: 'new',
  active: 'open',
  in_progress: 'open',
  awaiting_problem: 'open',
};

/** ServiceNow's impact and urgency, from the most to the least severe. */
const severityOrder = ['high', 'medium', 'low'];

function labelMapping(agreement: Agreement): LabelMapping {
  const { statuses, priorities } = agreement.spec;
  const names = new Set(statuses.map((status) => status.name));
  const firstOf = (category: string) => statuses.find((status) => status.category === category)?.name;
  const levels = priorities.levels;
  const impacts = Object.keys(priorities.matrix ?? {});
  const urgencies = Object.keys(Object.values(priorities.matrix ?? {})[0] ?? {});
  const byRank = (keys: readonly string[], level: string) => {
    const rank = severityOrder.indexOf(level);
    return rank < 0 || keys.length === 0 ? undefined : keys[Math.min(rank, keys.length - 1)];
  };
  return {
    status(name) {
      const preferred = (statusPreferences[name] ?? []).find((candidate) => names.has(candidate));
      if (preferred) return preferred;
      if (names.has(name)) return name;
      return firstOf(statusCategoryOf[name] ?? 'pending') ?? firstOf('open') ?? statuses[0]!.name;
    },
    priority(level) {
      const match = /^P(\d+)$/.exec(level);
      const rank = match ? Number(match[1]) - 1 : levels.length - 1;
      return levels[Math.max(0, Math.min(rank, levels.length - 1))]!;
    },
    impact: (level) => byRank(impacts, level),
    urgency: (level) => byRank(urgencies, level),
  };
}

/** One service per source category: the same category always lands on the same service of the agreement. */
function pickService(agreement: Agreement, incident: DemoSourceIncident): string {
  const services = agreement.spec.services;
  return services[stableHash(incident.final.category ?? incident.number) % services.length]!.id;
}

const channelOfContactType: Record<string, string> = {
  Phone: 'phone',
  IVR: 'phone',
  Email: 'email',
  'Self service': 'portal',
  'Direct opening': 'portal',
};

function channelOf(agreement: Agreement, contactType: string | null): string {
  const kinds = agreement.spec.channels.map((channel) => channel.kind as string);
  const wanted = channelOfContactType[contactType ?? ''] ?? 'portal';
  return kinds.includes(wanted) ? wanted : (kinds[0] ?? wanted);
}

const phrases: Record<string, readonly string[]> = {
  access: ['Cannot sign in to', 'Role missing for a new user in', 'Password reset needed for'],
  performance: ['Slow response times in', 'Timeouts in', 'Batch jobs running late in'],
  data: ['Wrong totals in', 'Duplicate records in', 'Missing master data in'],
  integration: ['Messages stuck in', 'Interface run failed in', 'Rejected messages in'],
  printing: ['Print layout broken in', 'Labels not printing from', 'Invoice PDF missing in'],
  outage: ['Service unreachable:', 'Errors 5xx from', 'Node down in'],
  certificate: ['Certificate expiring on', 'TLS handshake failures on'],
  deployment: ['Release failed on', 'Rollback needed on'],
  'data restore': ['Point-in-time restore requested for', 'Restore test failed for'],
};
const genericPhrases = ['Problem reported with', 'Error message in'];

/** A title for a log that has none: a phrase of an incident category of the service, and one of its systems. */
function describe(
  agreement: Agreement,
  serviceId: string,
  incident: DemoSourceIncident,
): { category: string; title: string } {
  const service = agreement.spec.services.find((candidate) => candidate.id === serviceId)!;
  const categories = service.environment.incidentCategories;
  const systems = service.environment.systems;
  const hash = stableHash(`${incident.final.subcategory ?? ''}|${incident.number}`);
  const category = categories.length > 0 ? categories[hash % categories.length]! : 'incident';
  const options = phrases[category] ?? genericPhrases;
  const system = systems.length > 0 ? systems[(hash >>> 8) % systems.length]! : (service.name ?? service.id);
  return { category, title: `${options[(hash >>> 16) % options.length]} ${system}` };
}
