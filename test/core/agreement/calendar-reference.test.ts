import { describe, expect, it } from 'vitest';
import {
  agreementContentHash,
  calendarReferencesOf,
  clockPolicyOf,
  diffAgreements,
  lintAgreement,
  locateAgreementIssues,
  parseAgreement,
  validateAgreement,
} from '../../../src/core/agreement/index.ts';
import { evaluateTicketClocks } from '../../../src/core/clocks/index.ts';
import type { DomainError } from '../../../src/core/errors.ts';
import { type CalendarInput, formatInstant, parseInstant } from '../../../src/core/time/index.ts';
import { minimalDocument } from './agreement-fixtures.ts';

const officeHours: CalendarInput = {
  timezone: 'Europe/Warsaw',
  weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' }],
};

function referencingDocument(slug = 'warsaw-office') {
  const document = minimalDocument() as { spec: { calendars: Record<string, unknown>; term: Record<string, unknown> } };
  document.spec.calendars.business = { use: slug };
  document.spec.term.timezone = 'Europe/Warsaw';
  return document;
}

describe('references from an agreement to workspace calendars', () => {
  it('parse as valid and are kept as written; the content hash covers the reference, not the hours', () => {
    const agreement = validateAgreement(referencingDocument());
    expect(agreement.spec.calendars.business).toEqual({ use: 'warsaw-office' });
    expect(calendarReferencesOf(agreement.spec.calendars)).toEqual(new Map([['business', 'warsaw-office']]));
    const other = validateAgreement(referencingDocument('krakow-office'));
    expect(agreementContentHash(other)).not.toBe(agreementContentHash(agreement));
    expect(diffAgreements(agreement, other)).toEqual([
      { path: 'spec.calendars.business.use', kind: 'changed', before: 'warsaw-office', after: 'krakow-office' },
    ]);
  });

  it('refuse unknown fields and bad ids beside "use" with precise issues, and keep the inline calendar issues', () => {
    const issuesOf = (calendar: unknown) => {
      const document = referencingDocument();
      document.spec.calendars.business = calendar;
      try {
        validateAgreement(document);
      } catch (error) {
        return ((error as DomainError).details.issues as { path: string; code: string }[]).map(
          (issue) => `${issue.path} ${issue.code}`,
        );
      }
      return [];
    };
    expect(issuesOf({ use: 'Warsaw Office', weekly: '24x7' })).toEqual([
      'spec.calendars.business.use CALENDAR_INVALID',
      'spec.calendars.business.weekly CALENDAR_INVALID',
    ]);
    // An inline calendar without "use" is still judged as an inline calendar.
    expect(issuesOf({ timezone: 'Europe/Warsaw' })).toEqual(['spec.calendars.business.weekly CALENDAR_INVALID']);
    expect(issuesOf({ timezone: 'Europe/Warsaw', weekly: '24x7', hours: 1 })).toEqual([
      'spec.calendars.business.hours CALENDAR_INVALID',
    ]);
  });

  it('lint resolves them when a resolver is given and skips them otherwise', () => {
    const agreement = validateAgreement(referencingDocument());
    expect(lintAgreement(agreement).filter((finding) => finding.severity === 'error')).toEqual([]);
    const closed: CalendarInput = { timezone: 'Europe/Warsaw', weekly: [] };
    const findings = lintAgreement(agreement, { resolveCalendar: () => closed });
    expect(findings.map((finding) => finding.rule)).toContain('calendar-without-working-time');
  });

  it('give a clock policy through a resolver, and a clear error without one', () => {
    const agreement = validateAgreement(referencingDocument());
    expect(() => clockPolicyOf(agreement)).toThrowError(
      expect.objectContaining({ code: 'AGREEMENT_UNKNOWN_REFERENCE' }) as Error,
    );
    const policy = clockPolicyOf(agreement, (slug) => (slug === 'warsaw-office' ? officeHours : undefined));
    const events = [
      { id: '1', type: 'opened' as const, occurredAt: parseInstant('2026-03-02T16:00:00+01:00'), priority: 'P2' },
    ];
    const evaluation = evaluateTicketClocks(policy, events, parseInstant('2026-03-02T16:30:00+01:00'));
    const response = evaluation.clocks.find((clock) => clock.targetId === 'p2-response')!;
    // Two business hours from Monday 16:00 on 09:00-17:00: one hour on Monday, one on Tuesday.
    expect(formatInstant(response.cycles[0]!.dueAt!, 'Europe/Warsaw')).toBe('2026-03-03T10:00:00+01:00');
  });

  it('locate issues found outside the core in the source text', () => {
    const text = [
      'apiVersion: covenant/v1',
      'kind: Agreement',
      'metadata: { id: a, title: A, customer: acme }',
      'spec:',
      '  calendars:',
      '    business: { use: nowhere }',
    ].join('\n');
    const [issue] = locateAgreementIssues(text, 'yaml', [
      { path: 'spec.calendars.business.use', code: 'AGREEMENT_UNKNOWN_REFERENCE', message: 'unknown' },
    ]);
    expect(issue).toMatchObject({ line: 6, column: 22 });
    // The core itself reports the document's other problems, never the reference.
    try {
      parseAgreement(text);
      expect.unreachable();
    } catch (error) {
      const paths = ((error as DomainError).details.issues as { path: string }[]).map((found) => found.path);
      expect(paths).toContain('spec.term');
      expect(paths.filter((path) => path.startsWith('spec.calendars'))).toEqual([]);
    }
  });
});
