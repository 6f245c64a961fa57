/**
 * The canonical text of an agreement version and its SHA-256: what each approval signs. The same content always
 * gives the same text whatever key order, YAML style or spelling of a value it was written in (`goal: 95%` and
 * `goal: 95`, `PT24H` and `P1D`, a default written out or left implicit), because it is computed from the normalised
 * model: keys sorted by UTF-16 code units, no insignificant whitespace, strings in Unicode NFC, keyed lists sorted by
 * key and set lists sorted (see list-identity.ts), numbers as JavaScript prints them. For JSON values this is the
 * JSON Canonicalization Scheme (RFC 8785) applied to the canonicalised model.
 */
import { compareCodeUnits, serializeCanonical, sha256Hex } from '../canonical-json.ts';
import type { Agreement } from './agreement-schema.ts';
import { childPattern, listIdentity } from './list-identity.ts';

export { serializeCanonical } from '../canonical-json.ts';

/** The canonical JSON text of an agreement's content. */
export function canonicalAgreementJson(agreement: Agreement): string {
  return serializeCanonical(canonicalValue(agreement, ''));
}

/** SHA-256 of the canonical JSON text (UTF-8), as 64 lower-case hex digits. */
export function agreementContentHash(agreement: Agreement): string {
  return sha256Hex(canonicalAgreementJson(agreement));
}

/** A value in canonical form: lists in canonical order, strings normalised, undefined fields dropped. */
export function canonicalValue(value: unknown, pattern: string): unknown {
  if (typeof value === 'string') return value.normalize('NFC');
  if (typeof value === 'number') return Object.is(value, -0) ? 0 : value;
  if (Array.isArray(value)) {
    const items = value.map((item, index) => canonicalValue(item, childPattern(pattern, index, true)));
    const identity = listIdentity(pattern);
    if (identity.kind === 'keyed') {
      return sortBy(items, (item) => String((item as Record<string, unknown>)[identity.key]));
    }
    return identity.kind === 'set' ? sortBy(items, serializeCanonical) : items;
  }
  if (typeof value === 'object' && value !== null) {
    const result: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort(compareCodeUnits)) {
      const child = (value as Record<string, unknown>)[key];
      if (child !== undefined) result[key] = canonicalValue(child, childPattern(pattern, key, false));
    }
    return result;
  }
  return value;
}

function sortBy<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  return items
    .map((item) => ({ item, key: keyOf(item) }))
    .sort((a, b) => compareCodeUnits(a.key, b.key))
    .map(({ item }) => item);
}
