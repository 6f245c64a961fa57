/**
 * Incidents of the same shape as the UCI ServiceNow log, generated when the log is not available (a user's clone has
 * no ../shared/data). Same event types and status names as the importer emits (with `inferFirstResponse`), a
 * priority mix and durations close to the log's first 1,000 incidents, from a seeded PRNG so the demo is the same
 * on every machine. The figures below come from that sample: P1 2.4 %, P2 2.7 %, P3 86.7 %, P4 8.2 %; resolution
 * after a median of about 53 hours with a long tail (p90 about four weeks) and a fifth resolved within the hour;
 * about a third wait for the user at some point; closure about five days after the resolution.
 */
import type { TicketEvent } from '../../core/clocks/ticket-event.ts';
import type { DemoSourceIncident } from './demo-plan-types.ts';
import { integerBetween, logNormal, type Random, seededRandom, weighted } from './demo-random.ts';
import { instantAt, MS_PER_HOUR } from './demo-time.ts';

const MS_PER_MINUTE = 60_000;

/** The zone the generated wall-clock times are meant in, like the UCI log's. */
export const GENERATED_TIME_ZONE = 'America/Sao_Paulo';
/** Monday 29 February 2016, the UCI sample's first day (day number). */
const FIRST_DAY = 16_860;

const priorities = [
  ['P1', 2.4],
  ['P2', 2.7],
  ['P3', 86.7],
  ['P4', 8.2],
] as const;

/** Impact and urgency that the usual matrix turns into each priority. */
const impactUrgency: Record<string, readonly (readonly [string, string])[]> = {
  P1: [['high', 'high']],
  P2: [
    ['high', 'medium'],
    ['medium', 'high'],
  ],
  P3: [
    ['medium', 'medium'],
    ['high', 'low'],
    ['low', 'high'],
  ],
  P4: [
    ['medium', 'low'],
    ['low', 'medium'],
    ['low', 'low'],
  ],
};

const contactTypes = [
  ['Phone', 95],
  ['Self service', 2.5],
  ['Email', 2],
  ['IVR', 0.5],
] as const;

/** Events collected out of order, then sorted (ties as added) and numbered like the importer's ids. */
class EventLog {
  private readonly pending: Omit<TicketEvent, 'id'>[] = [];
  constructor(private readonly number: string) {}
  add(type: TicketEvent['type'], occurredAt: number, fields: Partial<TicketEvent> = {}): void {
    this.pending.push({ ...fields, type, occurredAt });
  }
  events(): TicketEvent[] {
    return this.pending
      .map((event, order) => ({ event, order }))
      .sort((a, b) => a.event.occurredAt - b.event.occurredAt || a.order - b.order)
      .map(({ event }, sequence) => ({ id: `${this.number}:${sequence}:${event.type}`, ...event }));
  }
}

/** `count` incidents numbered GEN0000001..., opened on four weekdays in office hours of GENERATED_TIME_ZONE. */
export function generateDemoIncidents(seed: number, count: number): DemoSourceIncident[] {
  const random = seededRandom(seed);
  const incidents: DemoSourceIncident[] = [];
  for (let index = 1; index <= count; index++) incidents.push(generateIncident(random, index));
  return incidents.sort((a, b) => a.events[0]!.occurredAt - b.events[0]!.occurredAt || (a.number < b.number ? -1 : 1));
}

function generateIncident(random: Random, index: number): DemoSourceIncident {
  const number = `GEN${String(index).padStart(7, '0')}`;
  const log = new EventLog(number);
  const priority = weighted(random, priorities);
  const options = impactUrgency[priority]!;
  const [impact, urgency] = options[integerBetween(random, 0, options.length - 1)]!;
  const category = `Category ${integerBetween(random, 1, 60)}`;
  const openedAt = instantAt(
    GENERATED_TIME_ZONE,
    FIRST_DAY + integerBetween(random, 0, 3),
    integerBetween(random, 7, 18),
    integerBetween(random, 0, 59),
  );
  const startsNew = random() < 0.75;
  log.add('opened', openedAt, {
    priority,
    impact,
    urgency,
    service: category,
    status: startsNew ? 'new' : 'active',
  });
  // Time to resolution: a fifth are settled within the hour, the rest follow a long-tailed distribution.
  const quick = random() < 0.2;
  const resolveAfter = quick
    ? integerBetween(random, 5, 55) * MS_PER_MINUTE
    : Math.min(Math.max(logNormal(random, 60, 1.5), 1), 1_400) * MS_PER_HOUR;
  const resolvedAt = openedAt + resolveAfter;
  let at = openedAt + Math.min(integerBetween(random, 0, 20) * MS_PER_MINUTE, Math.floor(resolveAfter / 2));
  const resolver = `Resolver ${integerBetween(random, 1, 230)}`;
  if (random() < 0.9) log.add('assigned', at, { assignee: resolver });
  if (!quick || !startsNew) {
    at = Math.min(at + integerBetween(random, 1, 90) * MS_PER_MINUTE, resolvedAt - MS_PER_MINUTE);
    if (startsNew) log.add('status', at, { status: 'active' });
    log.add('agent_reply', at);
  }
  if (random() < 0.05) log.add('priority', at + MS_PER_MINUTE, { priority: priority === 'P3' ? 'P2' : 'P3' });

  // Waiting: for the user (a third), the problem team or a vendor; each wait ends before the resolution.
  const waits: string[] = [];
  if (!quick && random() < 0.35) waits.push('awaiting_user_info');
  if (!quick && random() < 0.04) waits.push('awaiting_problem');
  if (!quick && random() < 0.01) waits.push('awaiting_vendor');
  const spare = resolvedAt - at;
  waits.forEach((status, wait) => {
    const start = at + (spare * (wait + 0.2)) / (waits.length + 1);
    const end = start + (spare * 0.5) / (waits.length + 1);
    log.add('status', Math.round(start), { status });
    log.add('status', Math.round(end), { status: 'active' });
  });
  log.add('resolved', resolvedAt);

  let closeFrom = resolvedAt;
  if (random() < 0.012) {
    const reopenedAt = resolvedAt + integerBetween(random, 2, 48) * MS_PER_HOUR;
    log.add('reopened', reopenedAt, { status: 'active' });
    closeFrom = reopenedAt + integerBetween(random, 1, 24) * MS_PER_HOUR;
    log.add('resolved', closeFrom);
  }
  log.add('closed', closeFrom + (5 * 24 + integerBetween(random, 0, 12)) * MS_PER_HOUR);
  return {
    number,
    events: log.events(),
    final: {
      category,
      subcategory: `Subcategory ${integerBetween(random, 1, 250)}`,
      contactType: weighted(random, contactTypes),
    },
  };
}
