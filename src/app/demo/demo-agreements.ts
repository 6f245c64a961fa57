/**
 * The demo's agreements: parsed once, with what the rest of the plan needs to know of each (customer, zone, ticket
 * workflow, targets). When `now` lies outside an agreement's term (a clone run years from now), the term is moved
 * in the document text so that it covers the demo period: the document stays valid and the demo stays current.
 */
import { parseDocument } from 'yaml';
import {
  type Agreement,
  agreementEffectiveFrom,
  agreementTermEndsAt,
  isTicketTarget,
  parseAgreement,
} from '../../core/agreement/index.ts';
import { civilFromDays, daysFromCivil, formatIsoDate } from '../../core/time/civil-date.ts';
import type { DemoAgreement, DemoAgreementSource, DemoCalendar, DemoCustomer, DemoService } from './demo-plan-types.ts';
import { localDayOf } from './demo-time.ts';

const MS_PER_DAY = 86_400_000;
/** The term must cover the month before the demo window (last month's report) and the month after `now`. */
const TERM_MARGIN_MS = 31 * MS_PER_DAY;

export interface PreparedAgreement {
  readonly agreement: Agreement;
  readonly entry: DemoAgreement;
  readonly customer: DemoCustomer;
  readonly timeZone: string;
  /** Priorities and ticket targets: tickets can be assigned to it. */
  readonly takesTickets: boolean;
}

export function prepareDemoAgreements(
  sources: readonly DemoAgreementSource[],
  window: { from: number; to: number },
): PreparedAgreement[] {
  return sources.map((source) => {
    let text = source.text;
    let agreement = parseAgreement(text, 'yaml');
    const covers = (candidate: Agreement) =>
      firstVersionEffectiveFrom(candidate) <= window.from - TERM_MARGIN_MS &&
      (agreementTermEndsAt(candidate) ?? Number.POSITIVE_INFINITY) > window.to + TERM_MARGIN_MS;
    const termRebased = !covers(agreement);
    if (termRebased) {
      text = rebaseTerm(text, agreement, window.from);
      agreement = parseAgreement(text, 'yaml');
    }
    const { metadata, spec } = agreement;
    const timeZone = spec.term.timezone;
    return {
      agreement,
      timeZone,
      takesTickets: spec.priorities.levels.length > 0 && spec.targets.some(isTicketTarget),
      customer: {
        slug: metadata.customer,
        name: customerNameOf(metadata.title, metadata.customer),
        timezone: timeZone,
      },
      entry: {
        slug: metadata.id,
        customerSlug: metadata.customer,
        title: metadata.title,
        fileName: source.fileName,
        sourceText: text,
        sourceFormat: 'yaml',
        termRebased,
        effectiveFrom: firstVersionEffectiveFrom(agreement),
      },
    };
  });
}

/** A demo agreement is the first version of its agreement: in force from its effective date, or the term start. */
function firstVersionEffectiveFrom(agreement: Agreement): number {
  return agreementEffectiveFrom(agreement, { amendment: false })!;
}

/**
 * Moves the term to start on the first day of the month six months before the window and to last two years; a
 * written effective date is dropped so that it follows the term start. Comments and layout are kept.
 */
function rebaseTerm(text: string, agreement: Agreement, windowFrom: number): string {
  const windowStart = civilFromDays(localDayOf(agreement.spec.term.timezone, windowFrom));
  const monthIndex = windowStart.year * 12 + (windowStart.month - 1) - 6;
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const start = daysFromCivil(year, month, 1);
  const end = daysFromCivil(year + 2, month, 1) - 1;
  const document = parseDocument(text);
  document.setIn(['spec', 'term', 'start'], formatIsoDate(start));
  document.setIn(['spec', 'term', 'end'], formatIsoDate(end));
  if (document.hasIn(['spec', 'version', 'effective'])) document.deleteIn(['spec', 'version', 'effective']);
  return String(document);
}

/** "Stalmet Manufacturing S.A. - ERP post-implementation support" names the customer before the dash. */
function customerNameOf(title: string, slug: string): string {
  const name = title.split(' - ')[0]?.trim();
  return name && name !== title ? name : slug;
}

/** One customer per slug, in the order of the agreements. */
export function demoCustomers(prepared: readonly PreparedAgreement[]): DemoCustomer[] {
  const customers = new Map<string, DemoCustomer>();
  for (const { customer } of prepared) if (!customers.has(customer.slug)) customers.set(customer.slug, customer);
  return [...customers.values()];
}

/** The agreements' services as workspace services, one per id. */
export function demoServices(prepared: readonly PreparedAgreement[]): DemoService[] {
  const services = new Map<string, DemoService>();
  for (const { agreement } of prepared) {
    for (const service of agreement.spec.services) {
      if (!services.has(service.id)) services.set(service.id, { slug: service.id, name: service.name ?? service.id });
    }
  }
  return [...services.values()];
}

/** The agreements' inline calendars as workspace calendars, named after the customer: `stalmet-business`. */
export function demoCalendars(prepared: readonly PreparedAgreement[]): DemoCalendar[] {
  const calendars = new Map<string, DemoCalendar>();
  for (const { agreement, customer } of prepared) {
    for (const [name, definition] of Object.entries(agreement.spec.calendars)) {
      if (typeof definition === 'object' && definition !== null && 'use' in definition) continue;
      const slug = `${customer.slug}-${name}`;
      if (!calendars.has(slug)) {
        calendars.set(slug, { slug, name: `${customer.name}: ${name}`, definition });
      }
    }
  }
  return [...calendars.values()];
}
