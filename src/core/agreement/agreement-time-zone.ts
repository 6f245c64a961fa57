/**
 * The zone an agreement's dates and periods are read in: its effective date, the end of its term and the month
 * boundaries of its reports. It is `term.timezone` when the author writes one, else the one zone all the agreement's
 * calendars share, else UTC. Parsing knows only the inline calendars (`completeSpec`); the zones of workspace
 * calendars named by `use:` are known only where the workspace is, so the application completes the zone with
 * `withTimeZoneOfCalendars` when it saves a version, and the stored (hashed, approved) content keeps it
 * (docs/decisions/0026-agreement-zone-from-referenced-calendars.md).
 */
import { type CalendarInput, canonicalTimeZone } from '../time/index.ts';
import type { Agreement } from './agreement-schema.ts';
import { type CalendarResolver, isCalendarReference } from './calendar-reference.ts';
import { type AgreementFormat, readSourceDocument } from './source-document.ts';

/** The zones of an agreement's calendars, as far as they are known. */
export interface CalendarZones {
  /** Zone -> the names of the calendars in it, in the order the calendars are written. */
  readonly byZone: ReadonlyMap<string, readonly string[]>;
  /** Names of calendars that refer to a workspace calendar the resolver did not give. */
  readonly unresolved: readonly string[];
}

/**
 * The zone of every calendar that has one: inline calendars, and references through `resolve`. A plain `24x7`
 * calendar has no zone and does not count.
 */
export function calendarZonesOf(agreement: Agreement, resolve?: CalendarResolver): CalendarZones {
  const byZone = new Map<string, string[]>();
  const unresolved: string[] = [];
  for (const [name, calendar] of Object.entries(agreement.spec.calendars)) {
    const input: CalendarInput | undefined = isCalendarReference(calendar) ? resolve?.(calendar.use) : calendar;
    if (input === undefined) {
      unresolved.push(name);
      continue;
    }
    if (input === '24x7') continue;
    const zone = canonicalTimeZone(input.timezone) ?? input.timezone;
    byZone.set(zone, [...(byZone.get(zone) ?? []), name]);
  }
  return { byZone, unresolved };
}

/** The zone a document that writes no `term.timezone` is read in: the one its calendars share, else UTC. */
export function zoneOfCalendars(zones: CalendarZones): string {
  return zones.byZone.size === 1 ? [...zones.byZone.keys()][0]! : 'UTC';
}

/**
 * The agreement with `term.timezone` taken from all its calendars, references included. Only for a document that
 * does not write the zone (`writesTermTimeZone`): a written zone always wins.
 */
export function withTimeZoneOfCalendars(agreement: Agreement, resolve: CalendarResolver): Agreement {
  const timezone = zoneOfCalendars(calendarZonesOf(agreement, resolve));
  if (timezone === agreement.spec.term.timezone) return agreement;
  return { ...agreement, spec: { ...agreement.spec, term: { ...agreement.spec.term, timezone } } };
}

/**
 * Whether the text writes `spec.term.timezone`. The normalised model always states a zone, so only the source can
 * tell a chosen zone from a derived one. The text must parse (call it after `parseAgreement`).
 */
export function writesTermTimeZone(text: string, format: AgreementFormat): boolean {
  const term = field(field(readSourceDocument(text, format).value, 'spec'), 'term');
  return field(term, 'timezone') !== undefined;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}
