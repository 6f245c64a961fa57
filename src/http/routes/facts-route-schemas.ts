/** Schemas and conversions the facts routes share (outages, maintenance, deliveries, KPI values). */
import { z } from 'zod';
import { instantInput, textInput } from './route-schemas.ts';

/** A query flag: `true` or `false`. */
export const flagQuery = z.enum(['true', 'false']).optional();

export function flagOf(value: 'true' | 'false' | undefined): boolean | undefined {
  return value === undefined ? undefined : value === 'true';
}

/** `from` / `to` of a list: instants bounding a half-open range. */
export const rangeQuery = {
  from: instantInput.optional().describe('Only rows overlapping [from, to): from this instant on.'),
  to: instantInput.optional().describe('Only rows overlapping [from, to): before this instant.'),
};

/** Epoch milliseconds of a validated instant text (route schemas guarantee it parses). */
export function instantOf(text: string): number;
export function instantOf(text: string | null): number | null;
export function instantOf(text: string | undefined): number | undefined;
export function instantOf(text: string | null | undefined): number | null | undefined;
export function instantOf(text: string | null | undefined): number | null | undefined {
  if (text === undefined || text === null) return text;
  return Date.parse(text);
}

/** A service id of the agreements (`shop-platform`, `erp`). */
export const serviceId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, {
    error: 'must be a service id of the agreements: lower-case letters, digits, single hyphens, e.g. "erp"',
  });

export const description = textInput.max(4000);

/** A quantity of goods: a finite number, at least 0. */
export const quantity = z.number().min(0).max(1e12);
