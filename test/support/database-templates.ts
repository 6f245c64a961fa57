/**
 * Global set-up of the `rest` project (decision 0030): the migrated databases every store and API fixture starts
 * from, made once per run. Creating an in-memory PGlite runs initdb in WebAssembly and then every migration (5–30 s
 * on a busy two-core machine); loading a data directory dumped after the migrations takes a fraction of that. On
 * PostgreSQL, `CREATE DATABASE ... TEMPLATE` copies a migrated database instead of migrating each new one.
 *
 * The templates are made with the real migrations, exactly as before, and each fixture still runs `migrate` on its
 * copy (a no-op that checks the recorded checksums), so a template can never hide a migration.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { type Database, openPostgres } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrate.ts';
import * as schema from '../../src/store/schema.ts';

export interface DatabaseTemplates {
  /** A tarball of a migrated PGlite data directory (PGlite's `dumpDataDir`), loaded by each fixture. */
  readonly pgliteDataDir: string;
  /** A migrated database on TEST_DATABASE_URL's server that each fixture's database is created from; null without. */
  readonly postgresTemplate: string | null;
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseTemplates: DatabaseTemplates;
  }
}

export default async function setup(project: TestProject) {
  const postgresUrl = process.env.TEST_DATABASE_URL;
  const directory = mkdtempSync(join(tmpdir(), 'covenant-test-templates-'));
  const postgresTemplate = postgresUrl ? `covenant_test_template_${randomBytes(6).toString('hex')}` : null;
  const dropPostgresTemplate = async () => {
    if (!postgresUrl || !postgresTemplate) return;
    await adminQuery(postgresUrl, `DROP DATABASE IF EXISTS ${postgresTemplate} WITH (FORCE)`);
  };
  try {
    const [pgliteDataDir] = await Promise.all([
      makePgliteTemplate(directory),
      postgresUrl && postgresTemplate ? makePostgresTemplate(postgresUrl, postgresTemplate) : null,
    ]);
    project.provide('databaseTemplates', { pgliteDataDir, postgresTemplate });
  } catch (error) {
    rmSync(directory, { recursive: true, force: true });
    await dropPostgresTemplate().catch(() => {});
    throw error;
  }
  return async () => {
    rmSync(directory, { recursive: true, force: true });
    await dropPostgresTemplate();
  };
}

async function makePgliteTemplate(directory: string): Promise<string> {
  const client = new PGlite();
  try {
    await client.waitReady;
    await migrate(drizzle(client, { schema }) as unknown as Database);
    const dump = await client.dumpDataDir('none');
    const file = join(directory, 'pglite-migrated.tar');
    writeFileSync(file, new Uint8Array(await dump.arrayBuffer()));
    return file;
  } finally {
    await client.close();
  }
}

async function makePostgresTemplate(url: string, name: string): Promise<void> {
  await adminQuery(url, `CREATE DATABASE ${name}`);
  const databaseUrl = new URL(url);
  databaseUrl.pathname = `/${name}`;
  // Closed before any copy is made: PostgreSQL copies a template only while nobody is connected to it.
  const handle = await openPostgres(databaseUrl.toString(), { maxConnections: 1 });
  try {
    await migrate(handle.db);
  } finally {
    await handle.close();
  }
}

export async function adminQuery(url: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}
