import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseAgreement, validateAgreement } from '../../../src/core/agreement/index.ts';
import { DomainError } from '../../../src/core/errors.ts';
import { detailedIssuesOf, minimalDocument } from './agreement-fixtures.ts';

const yamlText = stringify(minimalDocument());

function parseErrorOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('YAML and JSON input', () => {
  it('parses YAML, JSON read as YAML, and strict JSON to the same agreement', () => {
    const fromYaml = parseAgreement(yamlText);
    expect(parseAgreement(JSON.stringify(minimalDocument()))).toEqual(fromYaml);
    expect(parseAgreement(JSON.stringify(minimalDocument(), null, 2), 'json')).toEqual(fromYaml);
    expect(validateAgreement(minimalDocument())).toEqual(fromYaml);
  });

  it('keeps unquoted dates and times as text (YAML 1.2 core schema)', () => {
    expect(yamlText).toContain('start: 2026-01-01\n');
    expect(yamlText).toContain('start: 08:00\n');
    const agreement = parseAgreement(yamlText);
    expect(agreement.spec.term.start).toBe('2026-01-01');
    expect(agreement.spec.calendars.business).toMatchObject({ weekly: [{ start: '08:00', end: '16:00' }] });
  });
});

describe('syntax errors', () => {
  it('reports a YAML syntax error with its line and column', () => {
    const text = 'apiVersion: covenant/v1\nkind: Agreement\nmetadata:\n  id: [acme\n  title: x\n';
    const error = parseErrorOf(() => parseAgreement(text));
    expect(error.code).toBe('AGREEMENT_PARSE_ERROR');
    const issues = error.details.issues as { line: number; column: number; message: string; path: string }[];
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]).toMatchObject({ path: '', code: 'AGREEMENT_PARSE_ERROR', line: 5 });
    expect(issues[0]!.message).toMatch(/^line 5, column \d+: /);
  });

  it('reports duplicate keys, tabs as indentation and several documents', () => {
    const duplicate = parseErrorOf(() => parseAgreement('apiVersion: covenant/v1\nkind: Agreement\nkind: Agreement\n'));
    expect(duplicate.details.issues).toEqual([
      expect.objectContaining({ code: 'AGREEMENT_PARSE_ERROR', line: 3, column: 1 }),
    ]);
    const tab = parseErrorOf(() => parseAgreement('metadata:\n\tid: x\n'));
    expect((tab.details.issues as { line: number }[])[0]!.line).toBe(2);
    const two = parseErrorOf(() => parseAgreement('kind: Agreement\n---\nkind: Agreement\n'));
    expect(two.code).toBe('AGREEMENT_PARSE_ERROR');
  });

  it('refuses an alias to an anchor that does not exist', () => {
    expect(parseErrorOf(() => parseAgreement('kind: *missing\n')).code).toBe('AGREEMENT_PARSE_ERROR');
  });

  it('reports invalid JSON, and duplicate keys that JSON.parse would silently accept', () => {
    const broken = parseErrorOf(() => parseAgreement('{"apiVersion": "covenant/v1",\n "kind": }', 'json'));
    expect(broken.code).toBe('AGREEMENT_PARSE_ERROR');
    expect((broken.details.issues as { message: string }[])[0]!.message).toContain('not valid JSON');
    const duplicate = parseErrorOf(() => parseAgreement('{"kind": "Agreement",\n "kind": "Agreement"}', 'json'));
    expect(duplicate.details.issues).toEqual([expect.objectContaining({ line: 2 })]);
  });
});

describe('validation issues point at the source', () => {
  it('gives the line and column of the offending value', () => {
    const text = yamlText.replace('goal: 95%', 'goal: 95 percent');
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('goal: 95 percent')) + 1;
    const [issue] = detailedIssuesOf(() => parseAgreement(text));
    expect(issue).toMatchObject({ path: 'spec.targets.0.goal', code: 'PERCENT_INVALID', line });
    expect(issue!.column).toBe(lines[line - 1]!.indexOf('95 percent') + 1);
  });

  it('points an unknown field at its value and a missing field at its parent', () => {
    const text = 'apiVersion: covenant/v1\nkind: Agreement\nmetadata:\n  id: acme\n  customer: acme\n  colour: blue\n';
    const issues = detailedIssuesOf(() => parseAgreement(text));
    expect(issues).toContainEqual(expect.objectContaining({ path: 'metadata.colour', line: 6 }));
    expect(issues).toContainEqual(expect.objectContaining({ path: 'metadata.title', line: 4 }));
    expect(issues).toContainEqual(expect.objectContaining({ path: 'spec', line: 1 }));
  });

  it('locates cross-reference issues in flow-style YAML too', () => {
    const text = stringify(minimalDocument(), { collectionStyle: 'flow' }).replace(
      'calendar: always',
      'calendar: weekend',
    );
    const [issue] = detailedIssuesOf(() => parseAgreement(text));
    const before = text.slice(0, text.indexOf('weekend')).split('\n');
    expect(issue).toMatchObject({
      path: 'spec.targets.0.calendar',
      code: 'AGREEMENT_UNKNOWN_REFERENCE',
      line: before.length,
      column: before.at(-1)!.length + 1,
    });
  });
});
