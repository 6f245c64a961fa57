/**
 * Opening the database: PostgreSQL through node-postgres, or the embedded PGlite in a local data directory. Both are
 * used through the same drizzle API and the same SQL. PGlite is single-process: two processes on one directory
 * silently lose rows, so the embedded database holds a lock file and a second process gets a clear error instead.
 */
import { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import { drizzle as drizzleNodePostgres } from 'drizzle-orm/node-postgres';
import { type PgDatabase, PgDialect, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { type DataDirectoryLock, lockDataDirectory } from './data-directory-lock.ts';
import * as schema from './schema.ts';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

/**
 * Runs the statements of the hot paths (recording ticket events, sweeps) as named prepared statements where the
 * driver supports them: PostgreSQL then plans each only once per connection. The same name must always carry the
 * same statement text (the parameters differ).
 */
export interface PreparedStatements {
  run<Row = Record<string, unknown>>(name: string, query: SQL): Promise<Row[]>;
}

export interface DatabaseHandle {
  readonly db: Database;
  readonly kind: 'pglite' | 'postgres';
  /** Where the data lives: the data directory, or the PostgreSQL URL without its password. */
  readonly location: string;
  /** Prepared statements outside any transaction. */
  readonly statements: PreparedStatements;
  /** Runs `work` in one transaction; what it does through `db` and `statements` commits or rolls back together. */
  transaction<T>(work: (db: Database, statements: PreparedStatements) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const dialect = new PgDialect();

function preparedOn(client: pg.Pool | pg.PoolClient): PreparedStatements {
  return {
    async run<Row>(name: string, query: SQL) {
      const { sql: text, params } = dialect.sqlToQuery(query);
      const result = await client.query({ name, text, values: params as unknown[] });
      return result.rows as Row[];
    },
  };
}

/**
 * Prepared statements on connections set to always use the generic plan: set once per connection, when it is first
 * used (a startup `options` parameter would replace the operator's PGOPTIONS).
 */
function preparedWithGenericPlans(pool: pg.Pool): PreparedStatements {
  const configured = new WeakSet<pg.PoolClient>();
  return {
    async run<Row>(name: string, query: SQL) {
      const client = await pool.connect();
      try {
        if (!configured.has(client)) {
          await client.query('SET plan_cache_mode = force_generic_plan');
          configured.add(client);
        }
        const rows = await preparedOn(client).run<Row>(name, query);
        client.release();
        return rows;
      } catch (error) {
        // An error the server reported leaves the connection usable; any other one destroys it.
        client.release(error instanceof pg.DatabaseError ? undefined : (error as Error));
        throw error;
      }
    },
  };
}

/** PGlite runs in-process and has no named statements: run them through drizzle like any other. */
function unpreparedOn(db: Pick<Database, 'execute'>): PreparedStatements {
  return {
    async run<Row>(_name: string, query: SQL) {
      return ((await db.execute(query)) as unknown as { rows: Row[] }).rows;
    },
  };
}

// int8 (bigint, count(*)) comes back as a string from node-postgres; our values fit in a double.
pg.types.setTypeParser(20, (value) => Number(value));

const IDLE_CONNECTION_MS = 5 * 60_000;

export async function openPostgres(url: string, options: { maxConnections?: number } = {}): Promise<DatabaseHandle> {
  // Connections are kept for minutes once opened: a new one costs a server process, cold catalog caches and fresh
  // plans for the hot statements, and would be opened exactly when a burst of requests is already queueing.
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    idleTimeoutMillis: IDLE_CONNECTION_MS,
  });
  // The prepared statements of the hot paths outside transactions (recording an event optimistically: one read, one
  // guarded write) run on connections that always use the generic plan. Left to choose, PostgreSQL plans them afresh
  // for each execution on some connections (the statement's estimates differ little with its parameters), and
  // planning the projection's statement costs more than running it. Their plans are by key whatever the parameters.
  const hotPool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    idleTimeoutMillis: IDLE_CONNECTION_MS,
  });
  // An idle connection that the server closes (a restart, a terminated backend) is dropped from the pool and the next
  // query opens a new one; without a listener its error would end the process.
  pool.on('error', () => {});
  hotPool.on('error', () => {});
  // Fail fast with a clear message when the server is unreachable.
  const client = await pool.connect();
  client.release();
  return {
    db: drizzleNodePostgres(pool, { schema }) as unknown as Database,
    kind: 'postgres',
    location: redactPassword(url),
    statements: preparedWithGenericPlans(hotPool),
    async transaction(work) {
      // A checked-out client with its own drizzle instance, so prepared statements and repositories share it.
      const connection = await pool.connect();
      let released = false;
      try {
        await connection.query('BEGIN');
        // Without the schema: building its relational config per transaction costs more than the statements.
        const result = await work(drizzleNodePostgres(connection) as unknown as Database, preparedOn(connection));
        await connection.query('COMMIT');
        return result;
      } catch (error) {
        await connection.query('ROLLBACK').catch((rollbackError: Error) => {
          // The connection is broken: destroy it instead of returning it to the pool.
          connection.release(rollbackError);
          released = true;
        });
        throw error;
      } finally {
        if (!released) connection.release();
      }
    },
    close: async () => {
      await Promise.all([pool.end(), hotPool.end()]);
    },
  };
}

/** Opens (creating on first use) the embedded database in `<dataDir>/pgdata`, holding `<dataDir>/covenant.lock`. */
export async function openEmbedded(dataDir: string): Promise<DatabaseHandle> {
  const lock: DataDirectoryLock = lockDataDirectory(dataDir);
  try {
    const client = new PGlite(`${dataDir}/pgdata`);
    await client.waitReady;
    const db = drizzlePglite(client, { schema }) as unknown as Database;
    return {
      db,
      kind: 'pglite',
      location: dataDir,
      statements: unpreparedOn(db),
      transaction: (work) => db.transaction((tx) => work(tx as unknown as Database, unpreparedOn(tx))),
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

/**
 * An in-memory embedded database (tests): a new one, or a copy of a data directory dumped with PGlite's `dumpDataDir`
 * (no initdb: much faster to open).
 */
export async function openEphemeral(options: { loadDataDir?: Blob } = {}): Promise<DatabaseHandle> {
  const client = new PGlite(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return {
    db,
    kind: 'pglite',
    location: 'memory',
    statements: unpreparedOn(db),
    transaction: (work) => db.transaction((tx) => work(tx as unknown as Database, unpreparedOn(tx))),
    close: () => client.close(),
  };
}

function redactPassword(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
