/**
 * ISO-8601 instants at the edge of the core: inputs must carry an explicit offset or `Z` (an offset is what tells the
 * two occurrences of a fall-back hour apart); outputs are rendered in a calendar's zone.
 */
import { Temporal } from 'temporal-polyfill';
import { DomainError } from '../errors.ts';

/** Parses an ISO-8601 instant with an explicit offset (`2024-01-08T09:00:00-05:00`, `...Z`) into epoch milliseconds. */
export function parseInstant(text: string, name = 'instant'): number {
  if (typeof text !== 'string' || !/(?:[zZ]|[+-]\d{2}(?::?\d{2})?)(?:\[.*\])?$/.test(text.trim())) {
    throw new DomainError(
      'INSTANT_INVALID',
      `${name} must be an ISO-8601 instant with an offset, e.g. 2024-01-08T09:00:00-05:00 or 2024-01-08T14:00:00Z; got ${JSON.stringify(text)}`,
      { [name]: text },
    );
  }
  try {
    return Temporal.Instant.from(text.trim()).epochMilliseconds;
  } catch {
    throw new DomainError('INSTANT_INVALID', `${name} is not a valid instant: ${JSON.stringify(text)}`, {
      [name]: text,
    });
  }
}

/** Renders an instant as ISO-8601 with the offset of the given zone (`2024-01-08T17:00:00-05:00`). */
export function formatInstant(epochMs: number, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone).toString({
    timeZoneName: 'never',
  });
}

/** Renders an instant in UTC (`2024-01-08T22:00:00Z`). */
export function formatInstantUtc(epochMs: number): string {
  return Temporal.Instant.fromEpochMilliseconds(epochMs).toString();
}
