/** Conversions at the store boundary: the database speaks Date, the application epoch milliseconds. */
import { type SQL, sql } from 'drizzle-orm';

export function millis(value: Date): number;
export function millis(value: Date | null): number | null;
export function millis(value: Date | null): number | null {
  return value === null ? null : value.getTime();
}

export function dateOf(value: number): Date;
export function dateOf(value: number | null): Date | null;
export function dateOf(value: number | null): Date | null {
  return value === null ? null : new Date(value);
}

/** Escapes LIKE wildcards in user search text. */
export function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/**
 * A list of ids as an array the planner can use for an index lookup (`id = ANY(ARRAY(...))` is evaluated once, up
 * front; `id IN (SELECT jsonb_array_elements...)` is not, and made PostgreSQL scan a whole workspace). Where rows are
 * found by id, the workspace check is written `(workspace_id = $1) IS TRUE`: still enforced, but not an index
 * condition the planner could prefer to the id lookup on tables without statistics.
 */
export function uuidArray(ids: readonly string[]): SQL {
  return sql`ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)`;
}

/** Raw rows (SQL through `queryRows`) bring instants as Date or text and JSON as objects or text, by driver. */
export const isoOf = (instant: number): string => new Date(instant).toISOString();
export const timestampOf = (instant: number): SQL => sql`${isoOf(instant)}::timestamptz`;
export const epochOf = (value: unknown): number =>
  value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(String(value));
export const epochOrNull = (value: unknown): number | null =>
  value === null || value === undefined ? null : epochOf(value);
export const jsonOf = <T = unknown>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;
