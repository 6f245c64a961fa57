/**
 * Reading fields out of JSON nobody has checked. A webhook body is whatever the sender wrote (a vendor's newer
 * version, an administrator's own template, an attacker), so every read checks the type and answers "absent" rather
 * than throwing; the normalisers decide which absences make a payload unusable.
 */

export type JsonRecord = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object at `key`, or undefined when there is none or it is not an object. */
export function recordAt(source: JsonRecord | undefined, key: string): JsonRecord | undefined {
  const value = source?.[key];
  return isRecord(value) ? value : undefined;
}

/** The array at `key`, or undefined. */
export function arrayAt(source: JsonRecord | undefined, key: string): readonly unknown[] | undefined {
  const value = source?.[key];
  return Array.isArray(value) ? value : undefined;
}

/** A non-blank string at `key` (as written, not trimmed), or null. */
export function textAt(source: JsonRecord | undefined, key: string): string | null {
  const value = source?.[key];
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/**
 * An identifier at `key` as text: vendors send the same id as a number in one payload and a string in another
 * (Freshdesk's `"11"`, GitHub's `1`, Zendesk's `"35436"`), so both are read and compared as text.
 */
export function idAt(source: JsonRecord | undefined, key: string): string | null {
  const value = source?.[key];
  if (typeof value === 'number') return Number.isSafeInteger(value) ? String(value) : null;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** The boolean at `key`, or null when it is absent or not a boolean. */
export function booleanAt(source: JsonRecord | undefined, key: string): boolean | null {
  const value = source?.[key];
  return typeof value === 'boolean' ? value : null;
}

/** The reporter-identity rule (docs/connectors.md#who-counts-as-the-customer): null when either side is unknown. */
export function isSameIdentity(actorId: string | null, reporterId: string | null): boolean | null {
  if (actorId === null || reporterId === null) return null;
  return actorId === reporterId;
}

/** A short, printable rendering of an unexpected value for an error message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
