/**
 * Instants as vendors write them, rendered as ISO-8601 in UTC (docs/connectors.md#instants). The precision the vendor
 * gave is kept (GitHub's whole seconds, Jira's milliseconds, Alertmanager's nanoseconds), because a connector orders
 * late deliveries by these instants and two alerts a few microseconds apart must not become equal. An instant without
 * an offset is refused rather than read in some zone: which zone a vendor meant is a guess.
 */
import { Temporal } from 'temporal-polyfill';

type FractionDigits = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

/**
 * `2019-05-15T15:20:18Z`, `2019-02-15T19:11:18.321-0800` (Jira), `2018-09-17 21:01:30 UTC` (GitLab's older hooks),
 * `2020-02-06T00:17:58.432911368Z` (Go): a date, `T` or a space, a time, an optional fraction, a zone.
 */
const vendorInstantPattern =
  /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}(?::\d{2})?)(?:[.,](\d{1,9}))?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)$/i;

/** The instant a vendor wrote, in UTC, or null when the text is no instant with a zone. */
export function instantFromText(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  const match = vendorInstantPattern.exec(text.trim());
  if (!match) return null;
  const [, date, time, fraction = '', zone = ''] = match;
  const offset = /^(z|utc|gmt)$/i.test(zone) ? 'Z' : zone;
  try {
    const instant = Temporal.Instant.from(`${date}T${time}${fraction === '' ? '' : `.${fraction}`}${offset}`);
    return instant.toString({ fractionalSecondDigits: fraction.length as FractionDigits });
  } catch {
    // A calendar date that does not exist (2019-02-30) or an offset out of range.
    return null;
  }
}

/** An instant given as milliseconds since the epoch (Jira's `timestamp`), in UTC with milliseconds. */
export function instantFromEpochMilliseconds(value: unknown): string | null {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) return null;
  try {
    return Temporal.Instant.fromEpochMilliseconds(value).toString({ fractionalSecondDigits: 3 });
  } catch {
    return null;
  }
}

/** Orders two instants this module rendered (any precision). */
export function compareInstants(left: string, right: string): number {
  return Temporal.Instant.compare(Temporal.Instant.from(left), Temporal.Instant.from(right));
}
