/**
 * Stable event keys for imported events (docs/import-mapping.md#event-keys). An event's key is derived from what
 * identifies it in the source, never from its line number alone, so re-importing the same history (or a longer
 * export of it, or the same rows in another order) gives the same keys, and recording them again changes nothing:
 *
 * - a fact of the case (its opening, a snapshot's resolution or closure): the case id and the fact (and its instant);
 * - a row of an event log with a `sequence` column: the case id and that column's value;
 * - a row without one: the case id, the instant and the event's content; the case assembler numbers repeats of the
 *   same content at the same instant in file order (`~2`, `~3`), so a status that goes back and forth within a minute
 *   keeps every change.
 *
 * The parts are hashed (SHA-256, 128 bits kept) because a case id and a status can be long and an event id is at most
 * 200 characters; the key needs to be unique within its ticket only.
 */
import { sha256Hex } from '../canonical-json.ts';

const SEPARATOR = '\u001f';

/**
 * What identifies an event, as one text: the parts joined. Rows compare and count these (cheap); only an event that is
 * recorded is hashed into its key.
 */
export function eventKeySource(parts: readonly (string | number)[]): string {
  return parts.join(SEPARATOR);
}

/** The key of an identity (`imp-` and 32 hex digits), `~n` added for its n-th (n >= 2) occurrence in a case. */
export function importEventKey(source: string, occurrence = 1): string {
  const key = `imp-${sha256Hex(source).slice(0, 32)}`;
  return occurrence <= 1 ? key : `${key}~${occurrence}`;
}
