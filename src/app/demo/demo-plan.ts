/**
 * The demo data plan (decision 0008): from the agreement documents and a list of real incidents (the UCI ServiceNow
 * sample, read by an adapter), or incidents generated in their image when the data is absent, compute everything the
 * first start loads: customers, services, calendars, agreements, tickets with their events, outages, maintenance,
 * deliveries and KPI values. Pure: the same input and `now` give the same plan; nothing here reads files or clocks.
 */
import { demoCalendars, demoCustomers, demoServices, prepareDemoAgreements } from './demo-agreements.ts';
import { planDemoFacts } from './demo-facts.ts';
import { GENERATED_TIME_ZONE, generateDemoIncidents } from './demo-generated-incidents.ts';
import type { DemoPlan, DemoPlanInput } from './demo-plan-types.ts';
import { planDemoTickets } from './demo-tickets.ts';
import { MS_PER_WEEK } from './demo-time.ts';

export const DEFAULT_TICKET_COUNT = 300;
export const DEFAULT_WINDOW_WEEKS = 8;
export const DEFAULT_SEED = 2026;

export function planDemo(input: DemoPlanInput): DemoPlan {
  const ticketCount = input.options?.ticketCount ?? DEFAULT_TICKET_COUNT;
  const windowWeeks = input.options?.windowWeeks ?? DEFAULT_WINDOW_WEEKS;
  const seed = input.options?.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(ticketCount) || ticketCount < 0)
    throw new RangeError('ticketCount must be a whole number >= 0');
  if (!Number.isInteger(windowWeeks) || windowWeeks < 1)
    throw new RangeError('windowWeeks must be a whole number >= 1');
  const { now } = input;
  const window = { from: now - windowWeeks * MS_PER_WEEK, to: now };

  const agreements = prepareDemoAgreements(input.agreements, window);
  const real = input.incidents;
  const incidents = real?.incidents ?? generateDemoIncidents(seed, ticketCount);
  const tickets = planDemoTickets(
    incidents,
    agreements.filter((agreement) => agreement.takesTickets),
    { now, windowFrom: window.from, count: ticketCount, sourceTimeZone: real?.timeZone ?? GENERATED_TIME_ZONE },
  );
  return {
    now,
    window,
    source: real
      ? { kind: 'uci-sample', description: real.description, incidentsAvailable: real.incidents.length }
      : {
          kind: 'generated',
          description: `incidents generated in the image of the UCI ServiceNow sample (seed ${seed})`,
          incidentsAvailable: incidents.length,
        },
    customers: demoCustomers(agreements),
    services: demoServices(agreements),
    calendars: demoCalendars(agreements),
    agreements: agreements.map((agreement) => agreement.entry),
    tickets,
    ...planDemoFacts(agreements, { now, windowFrom: window.from, seed }),
  };
}
