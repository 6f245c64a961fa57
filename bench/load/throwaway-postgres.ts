/**
 * A throwaway PostgreSQL database for a benchmark: created on the server named by BENCH_DATABASE_URL, TEST_DATABASE_URL
 * or the machine's default, and dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type DatabaseHandle, openPostgres } from '../../src/store/database.ts';

export async function postgresHandle(
  maxConnections = 16,
): Promise<{ handle: DatabaseHandle; drop: () => Promise<void>; url: string }> {
  const url =
    process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `covenant_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const handle = await openPostgres(target.toString(), { maxConnections });
  return {
    handle,
    url: target.toString(),
    drop: async () => {
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
