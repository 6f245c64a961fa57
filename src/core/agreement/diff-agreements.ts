/**
 * Field-by-field differences between two versions of an agreement, for review of an amendment
 * (docs/semantics.md#agreements-as-code). Both versions are compared in canonical form, with the same list identities
 * as the content hash: keyed lists are matched by key (`spec.targets[p1-response].goal`), so reordering targets is no
 * change; set lists change as a whole; other lists are compared by position. Two versions have no differences exactly
 * when their content hashes are equal.
 */
import type { Agreement } from './agreement-schema.ts';
import { canonicalValue, serializeCanonical } from './canonical-agreement.ts';
import { childPattern, listIdentity } from './list-identity.ts';

/** One difference; `before` is undefined for an addition and `after` for a removal. */
export interface AgreementChange {
  readonly path: string;
  readonly kind: 'added' | 'removed' | 'changed';
  readonly before?: unknown;
  readonly after?: unknown;
}

/** The differences from version `a` to version `b`, sorted by path (list items by key or position). */
export function diffAgreements(a: Agreement, b: Agreement): AgreementChange[] {
  const changes: AgreementChange[] = [];
  compare(canonicalValue(a, ''), canonicalValue(b, ''), '', '', changes);
  return changes;
}

function compare(before: unknown, after: unknown, path: string, pattern: string, changes: AgreementChange[]): void {
  if (serializeCanonical(before) === serializeCanonical(after)) return;
  if (Array.isArray(before) && Array.isArray(after)) {
    compareLists(before, after, path, pattern, changes);
  } else if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const key of keys) {
      compareEntry(before[key], after[key], join(path, key), childPattern(pattern, key, false), changes);
    }
  } else {
    changes.push({ path, kind: 'changed', before, after });
  }
}

function compareLists(
  before: readonly unknown[],
  after: readonly unknown[],
  path: string,
  pattern: string,
  changes: AgreementChange[],
): void {
  const identity = listIdentity(pattern);
  const itemPattern = childPattern(pattern, 0, true);
  if (identity.kind === 'set') {
    changes.push({ path, kind: 'changed', before, after });
  } else if (identity.kind === 'keyed') {
    const keyOf = (item: unknown) => String((item as Record<string, unknown>)[identity.key]);
    const beforeByKey = new Map(before.map((item) => [keyOf(item), item]));
    const afterByKey = new Map(after.map((item) => [keyOf(item), item]));
    const keys = [...new Set([...beforeByKey.keys(), ...afterByKey.keys()])].sort();
    for (const key of keys) {
      compareEntry(beforeByKey.get(key), afterByKey.get(key), `${path}[${key}]`, itemPattern, changes);
    }
  } else {
    for (let index = 0; index < Math.max(before.length, after.length); index++) {
      compareEntry(before[index], after[index], join(path, String(index)), itemPattern, changes);
    }
  }
}

function compareEntry(
  before: unknown,
  after: unknown,
  path: string,
  pattern: string,
  changes: AgreementChange[],
): void {
  if (before === undefined && after !== undefined) changes.push({ path, kind: 'added', after });
  else if (after === undefined && before !== undefined) changes.push({ path, kind: 'removed', before });
  else compare(before, after, path, pattern, changes);
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
