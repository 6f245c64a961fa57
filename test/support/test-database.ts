/**
 * Databases for store and API tests: an in-memory PGlite always, and a throwaway PostgreSQL database when
 * TEST_DATABASE_URL is set (.ci/run sets it to the machine's PostgreSQL). Both get the real migrations.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type DatabaseHandle, openEphemeral, openPostgres } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrate.ts';

export interface TestBackend {
  readonly name: 'pglite' | 'postgres';
  open(): Promise<DatabaseHandle>;
}

const postgresUrl = process.env.TEST_DATABASE_URL;

export const testBackends: TestBackend[] = [
  { name: 'pglite', open: openMigratedPglite },
  ...(postgresUrl ? [{ name: 'postgres' as const, open: () => openMigratedPostgres(postgresUrl) }] : []),
];

async function openMigratedPglite(): Promise<DatabaseHandle> {
  const handle = await openEphemeral();
  await migrate(handle.db);
  return handle;
}

/** A new database on the server named by the URL, dropped when the handle closes. */
async function openMigratedPostgres(url: string): Promise<DatabaseHandle> {
  const name = `covenant_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const databaseUrl = new URL(url);
  databaseUrl.pathname = `/${name}`;
  const handle = await openPostgres(databaseUrl.toString(), { maxConnections: 20 });
  await migrate(handle.db);
  return {
    ...handle,
    async close() {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
