/** Predicates the facts repositories share: rows affecting a customer, time-range overlap, the total count. */
import { count, eq, gt, isNull, lt, or, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '../database.ts';
import { dateOf } from './row-mapping.ts';

export type Db = Pick<Database, 'select' | 'insert' | 'update' | 'delete' | 'execute'>;

/** Rows affecting a customer: its own and the workspace-wide ones. */
export function affectingCustomer(customer: PgColumn, customerId: string): SQL {
  return or(eq(customer, customerId), isNull(customer))!;
}

/**
 * Rows `[start, end)` overlapping `[from, to)`; a null end means the row has not ended (it extends to infinity).
 */
export function overlapping(start: PgColumn, end: PgColumn, from: number | undefined, to: number | undefined): SQL[] {
  const conditions: SQL[] = [];
  if (from !== undefined) conditions.push(or(isNull(end), gt(end, dateOf(from)))!);
  if (to !== undefined) conditions.push(lt(start, dateOf(to)));
  return conditions;
}

export async function countWhere(db: Db, table: PgTable, where: SQL | undefined): Promise<number> {
  const [total] = await db.select({ value: count() }).from(table).where(where);
  return Number(total?.value ?? 0);
}
