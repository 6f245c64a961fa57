/** Schemas shared by the routes: ids, paging, list envelopes, the error body, text and instants in input. */
import { z } from 'zod';
import type { Page, PageRequest } from '../../app/ports/pagination.ts';
import {
  END_OF_SUPPORTED_INSTANTS,
  FIRST_SUPPORTED_INSTANT,
  FIRST_SUPPORTED_YEAR,
  LAST_SUPPORTED_YEAR,
} from '../../core/time/compiled-calendar.ts';

export const idParams = z.strictObject({ id: z.uuid({ error: 'must be an id (UUID)' }) });

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('Items per page (1-500).'),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0).describe('Items to skip.'),
};

export function pageOf(query: { limit: number; offset: number }): PageRequest {
  return { limit: query.limit, offset: query.offset };
}

export function listEnvelope<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    page: z.object({ total: z.number(), limit: z.number(), offset: z.number() }),
  });
}

export function pageBody<R, T>(page: Page<R>, present: (record: R) => T) {
  return { data: page.items.map(present), page: { total: page.total, limit: page.limit, offset: page.offset } };
}

export const errorBody = z
  .object({ error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()) }) })
  .describe('Every error: a stable code, a message for people, and details.');

/** The error responses every authenticated route may give. */
export const standardErrors = {
  400: errorBody,
  401: errorBody,
  403: errorBody,
  404: errorBody,
} as const;

/** An instant in API output: ISO-8601 UTC. */
export const instantSchema = z.string().describe('ISO-8601 instant (UTC)');

export function iso(epochMs: number): string;
export function iso(epochMs: number | null): string | null;
export function iso(epochMs: number | null): string | null {
  return epochMs === null ? null : new Date(epochMs).toISOString();
}

const LONE_SURROGATE = /\p{Cs}/u;
const NUL_MESSAGE = 'must not contain the NUL character (U+0000)';
const SURROGATE_MESSAGE = 'must be well-formed Unicode text (a lone surrogate was sent)';

/**
 * Text in API input, for every field a person or a client types: PostgreSQL's text cannot hold the NUL character
 * (U+0000) and a lone UTF-16 surrogate is not Unicode, so both are refused here with a 400 instead of failing in the
 * database. Chain bounds as on any string: `textInput.trim().min(1).max(200)`.
 */
export const textInput = z
  .string()
  .refine((text) => !text.includes('\u0000'), { error: NUL_MESSAGE })
  .refine((text) => !LONE_SURROGATE.test(text), { error: SURROGATE_MESSAGE });

/**
 * Whether every string of a JSON value (object keys included) is text `textInput` accepts: for the parts of input that
 * are free-form JSON (a calendar definition), stored as jsonb, which refuses the same characters.
 */
export function hasOnlyStorableText(value: unknown): boolean {
  if (typeof value === 'string') return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
  if (Array.isArray(value)) return value.every(hasOnlyStorableText);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).every(([key, item]) => hasOnlyStorableText(key) && hasOnlyStorableText(item));
  }
  return true;
}

const INSTANT_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/** A real calendar date and time of day (no 30 February, no 24:00) with an offset of at most 23:59. */
function isRealDateTime(text: string): boolean {
  const parts = INSTANT_PATTERN.exec(text);
  if (!parts) return false;
  const [year, month, day, hour, minute, second = 0, offsetHours = 0, offsetMinutes = 0] = [
    parts[1],
    parts[2],
    parts[3],
    parts[4],
    parts[5],
    parts[6],
    parts[8],
    parts[9],
  ].map((part) => (part === undefined ? undefined : Number(part))) as number[];
  const date = new Date(0);
  date.setUTCFullYear(year!, month! - 1, day);
  return (
    month! >= 1 &&
    month! <= 12 &&
    date.getUTCDate() === day &&
    hour! <= 23 &&
    minute! <= 59 &&
    second <= 59 &&
    offsetHours <= 23 &&
    offsetMinutes <= 59
  );
}

/**
 * An instant in API input, for every instant a client sends: ISO-8601 with an offset, a real date and time, and
 * within the years the clock engine supports (1900-01-01T00:00Z up to 9999-12-31T23:59:59.999Z, UTC): a year 0000 or
 * an offset that moves it past either end would otherwise reach `Date` and PostgreSQL and fail there.
 */
export const instantInput = z
  .string()
  .regex(INSTANT_PATTERN, {
    error: 'must be an ISO-8601 instant with an offset, e.g. 2026-10-05T09:30:00+02:00',
    abort: true,
  })
  .refine(isRealDateTime, { error: 'is not a real date and time', abort: true })
  .refine(
    (text) => {
      const epochMs = Date.parse(text);
      return epochMs >= FIRST_SUPPORTED_INSTANT && epochMs < END_OF_SUPPORTED_INSTANTS;
    },
    { error: `must lie between the years ${FIRST_SUPPORTED_YEAR} and ${LAST_SUPPORTED_YEAR} (UTC)` },
  )
  .describe(
    `ISO-8601 instant with an offset (e.g. 2026-10-05T09:30:00+02:00), from ${FIRST_SUPPORTED_YEAR}-01-01T00:00:00Z ` +
      `to ${LAST_SUPPORTED_YEAR}-12-31T23:59:59.999Z`,
  );

export const slug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, { error: 'use lower-case letters, digits and single hyphens, e.g. "acme"' });

export const timezoneInput = z
  .string()
  .min(1)
  .max(64)
  .refine(
    (zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return /^[A-Za-z]/.test(zone);
      } catch {
        return false;
      }
    },
    { error: 'must be an IANA time zone such as Europe/Warsaw' },
  );
