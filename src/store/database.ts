/**
 * Opening the database: PostgreSQL through node-postgres, or the embedded PGlite in a local data directory. Both are
 * used through the same drizzle API and the same SQL. PGlite is single-process: two processes on one directory
 * silently lose rows, so the embedded database holds a lock file and a second process gets a clear error instead.
 */
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzleNodePostgres } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { type DataDirectoryLock, lockDataDirectory } from './data-directory-lock.ts';
import * as schema from './schema.ts';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export interface DatabaseHandle {
  readonly db: Database;
  readonly kind: 'pglite' | 'postgres';
  /** Where the data lives: the data directory, or the PostgreSQL URL without its password. */
  readonly location: string;
  close(): Promise<void>;
}

// int8 (bigint, count(*)) comes back as a string from node-postgres; our values fit in a double.
pg.types.setTypeParser(20, (value) => Number(value));

export async function openPostgres(url: string, options: { maxConnections?: number } = {}): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10 });
  // Fail fast with a clear message when the server is unreachable.
  const client = await pool.connect();
  client.release();
  return {
    db: drizzleNodePostgres(pool, { schema }) as unknown as Database,
    kind: 'postgres',
    location: redactPassword(url),
    close: () => pool.end(),
  };
}

/** Opens (creating on first use) the embedded database in `<dataDir>/pgdata`, holding `<dataDir>/covenant.lock`. */
export async function openEmbedded(dataDir: string): Promise<DatabaseHandle> {
  const lock: DataDirectoryLock = lockDataDirectory(dataDir);
  try {
    const client = new PGlite(`${dataDir}/pgdata`);
    await client.waitReady;
    return {
      db: drizzlePglite(client, { schema }) as unknown as Database,
      kind: 'pglite',
      location: dataDir,
      close: async () => {
        try {
          await client.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** An in-memory embedded database (tests). */
export async function openEphemeral(): Promise<DatabaseHandle> {
  const client = new PGlite();
  await client.waitReady;
  return {
    db: drizzlePglite(client, { schema }) as unknown as Database,
    kind: 'pglite',
    location: 'memory',
    close: () => client.close(),
  };
}

function redactPassword(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
