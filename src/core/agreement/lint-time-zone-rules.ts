/**
 * Lint rules on the zone an agreement's dates and report months are read in (`agreement-time-zone.ts`). When the
 * author writes no `term.timezone`, the zone comes from the calendars; calendars in different zones leave nothing to
 * take it from, and a month boundary nobody chose decides which breaches and credits fall in which month. Both rules
 * are errors: the fix is one line, and an approval must cover months both parties read the same way
 * (docs/decisions/0026-agreement-zone-from-referenced-calendars.md).
 */
import { type CalendarZones, zoneOfCalendars } from './agreement-time-zone.ts';
import { defineLintRule, type LintRule } from './lint-types.ts';

const calendarZonesDisagreeRule = defineLintRule(
  'calendar-zones-disagree',
  'error',
  'The calendars are in different zones and the agreement names none for its dates and report months.',
  (agreement, context, finding) => {
    const zones = context.calendarZones.byZone;
    if (zones.size < 2) return [];
    // Without the document, a zone other than UTC was chosen: calendars that disagree derive UTC.
    const written = context.termTimeZoneWritten ?? agreement.spec.term.timezone !== 'UTC';
    if (written) return [];
    const [usual, ...others] = mostUsedFirst(zones);
    return [
      finding(
        'spec.term.timezone',
        `the calendars are in different zones (${describeZones(zones)}) and term.timezone is not written, so the ` +
          "agreement's dates and report months fall back to UTC",
        `state the zone its months and dates are read in: add timezone: ${usual} to spec.term (or ${others.join(' or ')})`,
      ),
    ];
  },
);

const timeZoneOutOfDateRule = defineLintRule(
  'timezone-out-of-date',
  'error',
  'The zone was taken from workspace calendars whose zone has changed since the version was saved.',
  (agreement, context, finding) => {
    const zones = context.calendarZones;
    if (context.termTimeZoneWritten !== false || zones.unresolved.length > 0 || zones.byZone.size > 1) return [];
    const saved = agreement.spec.term.timezone;
    const now = zoneOfCalendars(zones);
    if (now === saved) return [];
    const calendarsNow =
      zones.byZone.size === 1 ? `they are now in ${now}` : 'none of them has a zone now, which means UTC';
    return [
      finding(
        'spec.term.timezone',
        `term.timezone is not written, and this version reads its dates and report months in ${saved}, the zone of ` +
          `its calendars when it was saved; ${calendarsNow}`,
        `save the version again to read them in ${now}, or add timezone: ${saved} to spec.term to keep ${saved}`,
      ),
    ];
  },
);

export const timeZoneLintRules: readonly LintRule[] = [calendarZonesDisagreeRule, timeZoneOutOfDateRule];

/** "Europe/Warsaw: business, production; America/New_York: us-office". */
function describeZones(zones: CalendarZones['byZone']): string {
  return mostUsedFirst(zones)
    .map((zone) => `${zone}: ${zones.get(zone)!.join(', ')}`)
    .join('; ');
}

/** The zones, the one with the most calendars first (ties: in the order the calendars are written). */
function mostUsedFirst(zones: CalendarZones['byZone']): string[] {
  return [...zones.keys()].sort((a, b) => zones.get(b)!.length - zones.get(a)!.length);
}
