/**
 * Applies the numbered SQL migrations in ./migrations, in order, each in its own transaction, recording them in
 * `covenant_migrations` with a checksum. Identical on PGlite and PostgreSQL. An advisory lock makes concurrent
 * starts of several instances safe; a changed checksum of an applied migration stops the start-up, because
 * migrations are append-only.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Database } from './database.ts';
import { queryRows } from './sql-rows.ts';

const migrationsDirectory = fileURLToPath(new URL('./migrations/', import.meta.url));
const MIGRATION_LOCK = 7_356_222_001;

export interface Migration {
  readonly id: string;
  readonly checksum: string;
  readonly statements: readonly string[];
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  readonly code = 'MIGRATION_CHECKSUM_MISMATCH';
}

export function loadMigrations(directory = migrationsDirectory): Migration[] {
  return readdirSync(directory)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const text = readFileSync(`${directory}${file}`, 'utf8');
      return {
        id: file.replace(/\.sql$/, ''),
        checksum: createHash('sha256').update(text).digest('hex'),
        statements: text
          .split('--> statement-breakpoint')
          .map((statement) => statement.trim())
          .filter((statement) => statement.length > 0),
      };
    });
}

/** Applies the pending migrations; returns the ids applied now. */
export async function migrate(db: Database, migrations = loadMigrations()): Promise<string[]> {
  await db.execute(
    sql`CREATE TABLE IF NOT EXISTS covenant_migrations (id text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    const applied = new Map(
      (await queryRows<{ id: string; checksum: string }>(tx, sql`SELECT id, checksum FROM covenant_migrations`)).map(
        (row) => [row.id, row.checksum],
      ),
    );
    const appliedNow: string[] = [];
    for (const migration of migrations) {
      const checksum = applied.get(migration.id);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new MigrationError(
            `migration ${migration.id} was changed after it was applied (checksum ${checksum.slice(0, 12)} in the database, ${migration.checksum.slice(0, 12)} in the file); migrations are append-only: restore the file and add a new migration instead`,
          );
        }
        continue;
      }
      for (const statement of migration.statements) await tx.execute(sql.raw(statement));
      await tx.execute(
        sql`INSERT INTO covenant_migrations (id, checksum) VALUES (${migration.id}, ${migration.checksum})`,
      );
      appliedNow.push(migration.id);
    }
    return appliedNow;
  });
}

/** Migrations present in the files but not applied in the database (empty when the schema is current). */
export async function pendingMigrations(db: Database, migrations = loadMigrations()): Promise<string[]> {
  const [exists] = await queryRows<{ present: boolean }>(
    db,
    sql`SELECT to_regclass('covenant_migrations') IS NOT NULL AS present`,
  );
  if (!exists?.present) return migrations.map((migration) => migration.id);
  const applied = new Set(
    (await queryRows<{ id: string }>(db, sql`SELECT id FROM covenant_migrations`)).map((row) => row.id),
  );
  return migrations.filter((migration) => !applied.has(migration.id)).map((migration) => migration.id);
}
