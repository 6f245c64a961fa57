import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  type Agreement,
  agreementContentHash,
  canonicalAgreementJson,
  diffAgreements,
  parseAgreement,
  validateAgreement,
} from '../../../src/core/agreement/index.ts';
import { agreementWith, at, minimalDocument } from './agreement-fixtures.ts';

type Json = Record<string, unknown>;

const base = agreementWith();
const baseHash = agreementContentHash(base);

/** The same value with every object's keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([key, child]) => [key, reverseKeys(child)]),
    );
  }
  return value;
}

describe('canonical JSON', () => {
  it('has sorted keys and no whitespace', () => {
    const json = canonicalAgreementJson(base);
    expect(json.startsWith('{"apiVersion":"covenant/v1","kind":"Agreement","metadata":{"customer":"acme"')).toBe(true);
    expect(json).not.toMatch(/[\n]|": |, "/);
    expect(JSON.parse(json)).toBeTypeOf('object');
  });

  it('matches an independent canonicalisation (JSON.stringify with sorted keys)', () => {
    const sortKeys = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(sortKeys)
        : typeof value === 'object' && value !== null
          ? Object.fromEntries(
              Object.keys(value)
                .sort()
                .map((key) => [key, sortKeys((value as Json)[key])]),
            )
          : value;
    const json = canonicalAgreementJson(base);
    expect(JSON.stringify(sortKeys(JSON.parse(json)))).toBe(json);
  });

  it('is a stable 64-digit hex SHA-256, pinned so that a change to the canonical form is noticed', () => {
    expect(baseHash).toMatch(/^[0-9a-f]{64}$/);
    // Changing this hash invalidates every stored approval: only do it on purpose, with a migration. Changed on purpose
    // by decision 0025 (an unwritten effective date is no longer filled with the term start): stored versions keep the
    // content they were hashed with, the default written out, so their approvals stand without a migration.
    expect(baseHash).toBe('8c22bd3fa5a20a20f23459a8a2a455563034c2ef4222d29b3be67a894af36563');
  });
});

describe('the same content hashes the same', () => {
  const variants: [string, () => Agreement][] = [
    ['keys in another order', () => validateAgreement(reverseKeys(minimalDocument()))],
    ['YAML block style', () => parseAgreement(stringify(minimalDocument()))],
    ['YAML flow style', () => parseAgreement(stringify(minimalDocument(), { collectionStyle: 'flow' }))],
    ['JSON', () => parseAgreement(JSON.stringify(minimalDocument(), null, 4), 'json')],
    ['95% written as 95', () => agreementWith((_d, s) => (at(s, 'targets', 0).goal = 95))],
    ['95 written as "95 %"', () => agreementWith((_d, s) => (at(s, 'targets', 0).goal = '95 %'))],
    ['PT4H written as PT240M', () => agreementWith((_d, s) => (at(s, 'targets', 1).within = 'PT240M'))],
    ['P3M written as P0Y3M', () => agreementWith((_d, s) => (at(s, 'review').every = 'P0Y3M'))],
    [
      'defaults written out',
      () =>
        agreementWith((_d, s) => {
          at(s, 'targets', 1).reopen = 'resume';
          at(s, 'targets', 0).warnAt = [];
          s.escalation = [];
          s.version = { appliesToOpenTickets: false };
          at(s, 'term').timezone = 'Europe/Warsaw';
        }),
    ],
    ['targets reordered', () => agreementWith((_d, s) => (s.targets as Json[]).reverse())],
    ['pause statuses reordered', () => agreementWith((_d, s) => (at(s, 'targets', 1).pauseOn = ['awaiting_customer']))],
  ];
  it.each(variants)('%s', (_name, variant) => {
    const agreement = variant();
    expect(agreementContentHash(agreement)).toBe(baseHash);
    expect(diffAgreements(base, agreement)).toEqual([]);
  });

  it('ignores the order of set-like lists', () => {
    const a = agreementWith((_d, s) => (at(s, 'targets', 1).pauseOn = ['awaiting_customer', 'awaiting_vendor']));
    const b = agreementWith((_d, s) => (at(s, 'targets', 1).pauseOn = ['awaiting_vendor', 'awaiting_customer']));
    expect(agreementContentHash(a)).toBe(agreementContentHash(b));
  });
});

describe('any real change hashes differently', () => {
  const changes: [string, (document: Json, spec: Json) => void][] = [
    ['a goal', (_d, s) => (at(s, 'targets', 0).goal = '96%')],
    ['a duration', (_d, s) => (at(s, 'targets', 0).within = 'PT31M')],
    ['a title', (d) => (at(d, 'metadata').title = 'ACME support 2026')],
    ['a calendar hour', (_d, s) => (at(s, 'calendars', 'business', 'weekly', 0).end = '16:30')],
    [
      'the order of escalation levels',
      (_d, s) =>
        (s.escalation = [
          { at: 50, notify: ['owner'] },
          { at: 75, notify: ['owner'] },
        ]),
    ],
    ['applying to open tickets', (_d, s) => (s.version = { appliesToOpenTickets: true })],
    ['a removed target', (_d, s) => (s.targets as Json[]).pop()],
    ['prose', (_d, s) => (s.exclusions = { forceMajeure: 'Flood, fire and war.' })],
  ];
  it.each(changes)('%s', (_name, edit) => {
    const changed = agreementWith(edit);
    expect(agreementContentHash(changed)).not.toBe(baseHash);
    expect(diffAgreements(base, changed).length).toBeGreaterThan(0);
  });

  it('treats the escalation order as meaningful', () => {
    const a = agreementWith(
      (_d, s) =>
        (s.escalation = [
          { at: 50, notify: ['owner'] },
          { at: 75, notify: ['owner'] },
        ]),
    );
    const b = agreementWith(
      (_d, s) =>
        (s.escalation = [
          { at: 75, notify: ['owner'] },
          { at: 50, notify: ['owner'] },
        ]),
    );
    expect(agreementContentHash(a)).not.toBe(agreementContentHash(b));
  });
});
