/** Chooses the database from the configuration: PostgreSQL when DATABASE_URL is set, else the embedded PGlite. */
import type { CovenantConfig } from '../config/config.ts';
import { type DatabaseHandle, openEmbedded, openPostgres } from '../store/database.ts';
import { migrate } from '../store/migrate.ts';

export async function openConfiguredDatabase(
  config: CovenantConfig,
  options: { migrate: boolean },
): Promise<{
  handle: DatabaseHandle;
  appliedMigrations: string[];
}> {
  const handle = config.databaseUrl ? await openPostgres(config.databaseUrl) : await openEmbedded(config.dataDir);
  try {
    const appliedMigrations = options.migrate ? await migrate(handle.db) : [];
    return { handle, appliedMigrations };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
