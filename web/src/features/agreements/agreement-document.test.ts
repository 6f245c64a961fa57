/** The YAML document behind the agreement editor: form changes keep the author's comments and layout. */
import { describe, expect, it } from 'vitest';
import { lineOfPath, parseAgreement, valueAt, withAppended, withRemoved, withValue } from './agreement-document.ts';

const source = `apiVersion: covenant/v1
kind: Agreement
metadata:
  id: acme-support # the agreement's identity
  title: ACME support
spec:
  # monthly fee and caps
  credits:
    monthlyFee: { amount: 10000, currency: EUR }
    monthlyCap: 10%
  targets:
    - { id: p1-response, metric: first_response, priorities: [P1], within: PT30M, calendar: always, goal: 95% }
    - { id: p1-resolution, metric: resolution, priorities: [P1], within: PT4H, calendar: always, goal: 90% }
  signatories:
    provider: [anna@provider.example]
`;

describe('the agreement document', () => {
  it('reads values at the dotted paths the server uses', () => {
    const { document } = parseAgreement(source);
    expect(valueAt(document!, 'metadata.title')).toBe('ACME support');
    expect(valueAt(document!, 'spec.targets.1.within')).toBe('PT4H');
    expect(valueAt(document!, 'spec.signatories.provider')).toEqual(['anna@provider.example']);
    expect(valueAt(document!, 'spec.term.start')).toBeUndefined();
  });

  it('writes a change without losing comments, and writes lists in flow style', () => {
    const changed = withValue(source, 'spec.credits.monthlyCap', '15%');
    expect(changed).toContain('monthlyCap: 15%');
    expect(changed).toContain("# the agreement's identity");
    expect(changed).toContain('# monthly fee and caps');
    const signed = withValue(changed, 'spec.signatories.customer', ['it@acme.example', 'cfo@acme.example']);
    expect(signed).toContain('customer: [ it@acme.example, cfo@acme.example ]');
    const added = withValue(signed, 'spec.term.start', '2027-01-01');
    expect(valueAt(parseAgreement(added).document!, 'spec.term.start')).toBe('2027-01-01');
  });

  it('removes a value given as empty, and appends and removes targets', () => {
    expect(withValue(source, 'spec.credits.monthlyCap', '')).not.toContain('monthlyCap');
    const appended = withAppended(source, 'spec.targets', { id: 'p2-response', metric: 'first_response' });
    expect((valueAt(parseAgreement(appended).document!, 'spec.targets') as unknown[]).length).toBe(3);
    const removed = withRemoved(source, 'spec.targets.0');
    expect(valueAt(parseAgreement(removed).document!, 'spec.targets.0.id')).toBe('p1-resolution');
  });

  it('finds the line of a path (or of its nearest parent) for the YAML view', () => {
    const parsed = parseAgreement(source);
    expect(lineOfPath(parsed, 'spec.targets.1.within')).toBe(13);
    expect(lineOfPath(parsed, 'spec.credits.monthlyCap')).toBe(10);
    expect(lineOfPath(parsed, 'spec.credits.rollingTwelveMonthCap')).toBe(9);
  });

  it('reports YAML syntax errors with their line and refuses to rewrite a broken text', () => {
    const broken = `${source}  extra: [unclosed\n`;
    const parsed = parseAgreement(broken);
    expect(parsed.document).toBeNull();
    expect(parsed.errors[0]!.line).toBeGreaterThan(15);
    expect(withValue(broken, 'metadata.title', 'x')).toBe(broken);
  });
});
