import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/store/database.ts';
import { openEphemeral } from '../../src/store/database.ts';
import { loadMigrations, MigrationError, migrate, pendingMigrations } from '../../src/store/migrate.ts';
import { testBackends } from '../support/test-database.ts';

describe('migrations', () => {
  let handle: DatabaseHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('are numbered and append-only: every file applies once, in order, on an empty database', async () => {
    handle = await openEphemeral();
    const migrations = loadMigrations();
    expect(migrations.map((migration) => migration.id)).toEqual(
      [...migrations.map((migration) => migration.id)].sort(),
    );
    expect(migrations[0]!.id).toBe('0000_initial');
    expect(await pendingMigrations(handle.db)).toEqual(migrations.map((migration) => migration.id));
    expect(await migrate(handle.db)).toEqual(migrations.map((migration) => migration.id));
    expect(await migrate(handle.db)).toEqual([]);
    expect(await pendingMigrations(handle.db)).toEqual([]);
  });

  it('refuse to start when an applied migration file was changed', async () => {
    handle = await openEphemeral();
    const directory = mkdtempSync(join(tmpdir(), 'covenant-migrations-'));
    const source = fileURLToPath(new URL('../../src/store/migrations/0000_initial.sql', import.meta.url));
    writeFileSync(join(directory, '0000_initial.sql'), readFileSync(source));
    await migrate(handle.db, loadMigrations(`${directory}/`));
    writeFileSync(join(directory, '0000_initial.sql'), `${readFileSync(source, 'utf8')}\n-- edited`);
    await expect(migrate(handle.db, loadMigrations(`${directory}/`))).rejects.toThrow(MigrationError);
  });

  it.each(testBackends)(
    'bump the configuration revision when versions, calendars or maintenance change ($name)',
    async (backend) => {
      handle = await backend.open();
      const { sql } = await import('drizzle-orm');
      const rows = async (query: ReturnType<typeof sql>) =>
        ((await handle!.db.execute(query)) as unknown as { rows: Record<string, unknown>[] }).rows;
      const [workspace] = await rows(sql`INSERT INTO workspaces (slug, name) VALUES ('w', 'W') RETURNING id`);
      const revision = async () =>
        Number((await rows(sql`SELECT configuration_revision FROM workspaces`))[0]!.configuration_revision);
      expect(await revision()).toBe(0);
      await rows(
        sql`INSERT INTO calendars (workspace_id, slug, name, definition) VALUES (${workspace!.id}, 'c', 'C', '"24x7"')`,
      );
      expect(await revision()).toBe(1);
      await rows(sql`INSERT INTO maintenance_windows (workspace_id, services, starts_at, ends_at, announced_at)
                   VALUES (${workspace!.id}, '[]', now(), now() + interval '1 hour', now())`);
      await rows(sql`DELETE FROM calendars`);
      expect(await revision()).toBe(3);
    },
  );
});
