/**
 * Databases for store and API tests: an in-memory PGlite always, and a throwaway PostgreSQL database when
 * TEST_DATABASE_URL is set (.ci/run sets it to the machine's PostgreSQL). Both get the real migrations: each starts
 * as a copy of a database the project's global set-up migrated once for this run (test/support/database-templates.ts,
 * decision 0030), and `migrate` runs again on the copy; without those templates (a file run outside the `rest`
 * project) each database is created and migrated from nothing.
 */
import { randomBytes } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import { inject } from 'vitest';
import { type DatabaseHandle, openEphemeral, openPostgres } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrate.ts';
import { adminQuery, type DatabaseTemplates } from './database-templates.ts';

export interface TestBackend {
  readonly name: 'pglite' | 'postgres';
  open(): Promise<DatabaseHandle>;
}

const postgresUrl = process.env.TEST_DATABASE_URL;
const templates: DatabaseTemplates | undefined = inject('databaseTemplates');

export const testBackends: TestBackend[] = [
  { name: 'pglite', open: openMigratedPglite },
  ...(postgresUrl ? [{ name: 'postgres' as const, open: () => openMigratedPostgres(postgresUrl) }] : []),
];

async function openMigratedPglite(): Promise<DatabaseHandle> {
  const handle = await openEphemeral(templates ? { loadDataDir: await openAsBlob(templates.pgliteDataDir) } : {});
  await migrate(handle.db);
  return handle;
}

/** A new database on the server named by the URL (a copy of the run's template when there is one), dropped on close. */
async function openMigratedPostgres(url: string): Promise<DatabaseHandle> {
  const name = `covenant_test_${randomBytes(6).toString('hex')}`;
  const template = templates?.postgresTemplate;
  await adminQuery(url, `CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  const databaseUrl = new URL(url);
  databaseUrl.pathname = `/${name}`;
  const handle = await openPostgres(databaseUrl.toString(), { maxConnections: 20 });
  await migrate(handle.db);
  return {
    ...handle,
    async close() {
      await handle.close();
      await adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
