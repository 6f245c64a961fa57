/**
 * Canonical JSON text (object keys sorted by UTF-16 code units, no whitespace, undefined fields dropped) and its
 * SHA-256: what content hashes and the audit chain are computed over, identical on every machine.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** JSON text with object keys sorted by UTF-16 code units and no whitespace. */
export function serializeCanonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(serializeCanonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, child]) => child !== undefined)
      .sort(([a], [b]) => compareCodeUnits(a, b));
    return `{${entries.map(([key, child]) => `${JSON.stringify(key)}:${serializeCanonical(child)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Locale-independent string order, so the canonical text is the same on every machine. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** SHA-256 of a text (UTF-8) as 64 lower-case hex digits. */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
