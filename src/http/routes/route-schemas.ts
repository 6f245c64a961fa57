/** Schemas shared by the routes: ids, paging, list envelopes, the error body, instants. */
import { z } from 'zod';
import type { Page, PageRequest } from '../../app/ports/pagination.ts';

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

/** An instant in API input: ISO-8601 with an offset. */
export const instantInput = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/, {
    error: 'must be an ISO-8601 instant with an offset, e.g. 2026-10-05T09:30:00+02:00',
  })
  .refine((text) => !Number.isNaN(Date.parse(text)), { error: 'is not a real date and time' });

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
