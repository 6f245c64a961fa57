import { describe, expect, it } from 'vitest';
import {
  type Agreement,
  agreementContentHash,
  type CalendarResolver,
  calendarZonesOf,
  type LintFinding,
  lintAgreement,
  parseAgreement,
  withTimeZoneOfCalendars,
  writesTermTimeZone,
} from '../../../src/core/agreement/index.ts';
import type { CalendarInput } from '../../../src/core/time/index.ts';
import { agreementWith, minimalDocument } from './agreement-fixtures.ts';

type Json = Record<string, unknown>;

const hours = (timezone: string): CalendarInput => ({
  timezone,
  weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:00', end: '16:00' }],
});
const workspace =
  (calendars: Record<string, CalendarInput>): CalendarResolver =>
  (slug) =>
    calendars[slug];

/** The minimal agreement with its calendars replaced, and a zone only when one is given. */
function agreementOf(calendars: Json, timezone?: string): Agreement {
  return agreementWith((_document, spec) => {
    spec.calendars = calendars;
    if (timezone !== undefined) (spec.term as Json).timezone = timezone;
  });
}

const zoneFindings = (findings: readonly LintFinding[]) =>
  findings.filter((finding) => finding.path === 'spec.term.timezone');

describe('the zone of an agreement whose calendars are workspace calendars', () => {
  const warsaw = workspace({ office: hours('Europe/Warsaw'), plant: hours('Europe/Warsaw'), always: '24x7' });

  it('is the zone all its calendars share once references are resolved; 24x7 has no zone and does not count', () => {
    const agreement = agreementOf({ business: { use: 'office' }, production: { use: 'plant' }, always: '24x7' });
    // Parsing cannot see the workspace: UTC, and every effective instant at UTC midnight.
    expect(agreement.spec.term.timezone).toBe('UTC');
    expect(calendarZonesOf(agreement)).toEqual({ byZone: new Map(), unresolved: ['business', 'production'] });
    expect(calendarZonesOf(agreement, warsaw)).toEqual({
      byZone: new Map([['Europe/Warsaw', ['business', 'production']]]),
      unresolved: [],
    });

    const completed = withTimeZoneOfCalendars(agreement, warsaw);
    expect(completed.spec.term.timezone).toBe('Europe/Warsaw');
    // The zone is part of the content, so the content hash (what approvals sign) covers it.
    expect(agreementContentHash(completed)).not.toBe(agreementContentHash(agreement));
    expect(withTimeZoneOfCalendars(completed, warsaw)).toBe(completed);

    // A reference to a 24x7 workspace calendar does not vote either; inline and referenced calendars vote together.
    const mixed = agreementOf({ business: { use: 'office' }, always: { use: 'always' } });
    expect(withTimeZoneOfCalendars(mixed, warsaw).spec.term.timezone).toBe('Europe/Warsaw');
    const disagreeing = agreementOf({
      business: hours('America/New_York'),
      production: { use: 'plant' },
      always: '24x7',
    });
    expect(withTimeZoneOfCalendars(disagreeing, warsaw).spec.term.timezone).toBe('UTC');
  });

  it('knows from the text alone whether the author wrote term.timezone', () => {
    const yaml = (term: string) =>
      `apiVersion: covenant/v1\nkind: Agreement\nmetadata: { id: a, title: A, customer: acme }\nspec:\n  term: ${term}\n`;
    expect(writesTermTimeZone(yaml('{ start: 2026-01-01, renewal: none }'), 'yaml')).toBe(false);
    expect(writesTermTimeZone(yaml('{ start: 2026-01-01, renewal: none, timezone: UTC }'), 'yaml')).toBe(true);
    expect(writesTermTimeZone('{"spec": {"term": {"timezone": "Europe/Warsaw"}}}', 'json')).toBe(true);
    expect(writesTermTimeZone('{"spec": {"term": {}}}', 'json')).toBe(false);
  });
});

describe('lint: calendar-zones-disagree', () => {
  const twoOffices = workspace({ warsaw: hours('Europe/Warsaw'), 'new-york': hours('America/New_York') });

  it('reports calendars in different zones when the document names no zone, with the zones and a suggestion', () => {
    const agreement = agreementOf({
      business: { use: 'new-york' },
      production: { use: 'warsaw' },
      plant: hours('Europe/Warsaw'),
      always: '24x7',
    });
    const findings = lintAgreement(withTimeZoneOfCalendars(agreement, twoOffices), {
      resolveCalendar: twoOffices,
      termTimeZoneWritten: false,
    });
    expect(zoneFindings(findings)).toEqual([
      {
        path: 'spec.term.timezone',
        rule: 'calendar-zones-disagree',
        severity: 'error',
        message:
          'the calendars are in different zones (Europe/Warsaw: production, plant; America/New_York: business) and ' +
          "term.timezone is not written, so the agreement's dates and report months fall back to UTC",
        suggestion:
          'state the zone its months and dates are read in: add timezone: Europe/Warsaw to spec.term (or America/New_York)',
      },
    ]);
  });

  it('is satisfied by a written zone, even UTC, and by calendars that agree', () => {
    const calendars = { business: { use: 'new-york' }, production: { use: 'warsaw' }, always: '24x7' };
    for (const zone of ['UTC', 'Europe/Warsaw']) {
      const lint = lintAgreement(agreementOf(calendars, zone), {
        resolveCalendar: twoOffices,
        termTimeZoneWritten: true,
      });
      expect(zoneFindings(lint)).toEqual([]);
    }
    const agreeing = agreementOf({ business: { use: 'warsaw' }, production: hours('Europe/Warsaw'), always: '24x7' });
    const lint = lintAgreement(withTimeZoneOfCalendars(agreeing, twoOffices), {
      resolveCalendar: twoOffices,
      termTimeZoneWritten: false,
    });
    expect(zoneFindings(lint)).toEqual([]);
  });

  it('without the document, takes UTC as derived and any other zone as written', () => {
    const inline = { business: hours('America/New_York'), production: hours('Europe/Warsaw'), always: '24x7' };
    expect(zoneFindings(lintAgreement(agreementOf(inline))).map((finding) => finding.rule)).toEqual([
      'calendar-zones-disagree',
    ]);
    expect(zoneFindings(lintAgreement(agreementOf(inline, 'Europe/Warsaw')))).toEqual([]);
    // A reference lint cannot resolve has no zone to compare: the inline calendars alone agree.
    const partly = agreementOf({ business: { use: 'new-york' }, production: hours('Europe/Warsaw'), always: '24x7' });
    expect(zoneFindings(lintAgreement(partly, { termTimeZoneWritten: false }))).toEqual([]);
  });
});

describe('lint: timezone-out-of-date', () => {
  const before = workspace({ office: hours('Europe/Warsaw') });
  const after = workspace({ office: hours('America/New_York') });
  const saved = withTimeZoneOfCalendars(agreementOf({ business: { use: 'office' }, always: '24x7' }), before);

  it('reports a zone taken from workspace calendars whose zone changed since the version was saved', () => {
    expect(saved.spec.term.timezone).toBe('Europe/Warsaw');
    expect(zoneFindings(lintAgreement(saved, { resolveCalendar: before, termTimeZoneWritten: false }))).toEqual([]);
    expect(zoneFindings(lintAgreement(saved, { resolveCalendar: after, termTimeZoneWritten: false }))).toEqual([
      {
        path: 'spec.term.timezone',
        rule: 'timezone-out-of-date',
        severity: 'error',
        message:
          'term.timezone is not written, and this version reads its dates and report months in Europe/Warsaw, the ' +
          'zone of its calendars when it was saved; they are now in America/New_York',
        suggestion:
          'save the version again to read them in America/New_York, or add timezone: Europe/Warsaw to spec.term to keep Europe/Warsaw',
      },
    ]);
    const nowRoundTheClock = workspace({ office: '24x7' });
    expect(
      zoneFindings(lintAgreement(saved, { resolveCalendar: nowRoundTheClock, termTimeZoneWritten: false }))[0]?.message,
    ).toContain('none of them has a zone now, which means UTC');
  });

  it('says nothing when the zone is written, unknown to be derived, or a reference is not resolved', () => {
    expect(zoneFindings(lintAgreement(saved, { resolveCalendar: after, termTimeZoneWritten: true }))).toEqual([]);
    expect(zoneFindings(lintAgreement(saved, { resolveCalendar: after }))).toEqual([]);
    expect(zoneFindings(lintAgreement(saved, { termTimeZoneWritten: false }))).toEqual([]);
  });

  it('never fires on a parsed document whose calendars are inline', () => {
    const text = JSON.stringify(minimalDocument());
    const agreement = parseAgreement(text, 'json');
    expect(agreement.spec.term.timezone).toBe('Europe/Warsaw');
    const findings = lintAgreement(agreement, { termTimeZoneWritten: writesTermTimeZone(text, 'json') });
    expect(writesTermTimeZone(text, 'json')).toBe(false);
    expect(zoneFindings(findings)).toEqual([]);
  });
});
