/** Raw SQL through drizzle with the same row shape on PGlite and node-postgres (both answer `{ rows }`). */
import type { SQL } from 'drizzle-orm';
import type { Database } from './database.ts';

/** A database or a transaction: anything that can run SQL. */
export type Executor = Pick<Database, 'execute'>;

export async function queryRows<Row = Record<string, unknown>>(executor: Executor, query: SQL): Promise<Row[]> {
  const result = (await executor.execute(query)) as unknown as { rows: Row[] };
  return result.rows;
}
