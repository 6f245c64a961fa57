/**
 * The database as the CLI's database commands (`covenant report`, `covenant users`) use it: opened without migrating,
 * refused with the command's own advice while a server holds the embedded directory, refused when migrations are
 * pending, and closed whatever the command's work does.
 */
import { CliError, exitCodes } from '../cli/cli-io.ts';
import type { CovenantConfig } from '../config/config.ts';
import { DataDirectoryLockedError } from '../store/data-directory-lock.ts';
import type { DatabaseHandle } from '../store/database.ts';
import { pendingMigrations } from '../store/migrate.ts';
import { workspaces } from '../store/schema.ts';
import { openConfiguredDatabase } from './open-database.ts';

export interface WorkspaceRef {
  readonly id: string;
  readonly slug: string;
}

/**
 * Runs `work` on the configured database with every workspace it holds. `whenLocked` is appended to the lock's message:
 * what the user can do instead while the server runs.
 */
export async function withCommandDatabase<T>(
  config: CovenantConfig,
  whenLocked: string,
  work: (handle: DatabaseHandle, workspaces: WorkspaceRef[]) => Promise<T>,
): Promise<T> {
  let opened: Awaited<ReturnType<typeof openConfiguredDatabase>>;
  try {
    opened = await openConfiguredDatabase(config, { migrate: false });
  } catch (error) {
    if (error instanceof DataDirectoryLockedError) {
      throw new CliError('DATA_DIRECTORY_LOCKED', `${error.message} ${whenLocked}`, exitCodes.failure);
    }
    throw error;
  }
  const { handle } = opened;
  try {
    const pending = await pendingMigrations(handle.db);
    if (pending.length > 0) {
      throw new CliError(
        'MIGRATIONS_PENDING',
        `the database needs migrations first (${pending.join(', ')}): run covenant migrate`,
      );
    }
    const all = await handle.db.select({ id: workspaces.id, slug: workspaces.slug }).from(workspaces);
    return await work(handle, all);
  } finally {
    await handle.close();
  }
}
