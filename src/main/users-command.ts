/**
 * `covenant users reset-password` and `covenant users create-admin`, composed: on the configured database (embedded or
 * PostgreSQL), through the same use-cases as the API (argon2id hashes, the audit log, sessions ended on a new
 * password), as a system principal of the workspace named for the command line. The embedded database admits one
 * process at a time, so while a server holds it the commands refuse and say what to do instead.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { systemPrincipal } from '../app/access/principal.ts';
import { AppError } from '../app/app-error.ts';
import { createUser, updateUser } from '../app/identity/manage-users.ts';
import type { UserRecord } from '../app/ports/identity-repositories.ts';
import { CliError, exitCodes } from '../cli/cli-io.ts';
import type { UserAccountResult, UsersCommandHandlers } from '../cli/commands/users.command.ts';
import { loadConfig } from '../config/config.ts';
import { type WorkspaceRef, withCommandDatabase } from './command-database.ts';
import { type CovenantDependencies, composeHeadless } from './composition.ts';

/** As long as the first start's generated password. */
const GENERATED_PASSWORD_BYTES = 15;

export function usersCommandHandlers(version: string): UsersCommandHandlers {
  return {
    resetPassword: (request) =>
      withDatabase(version, async (dependencies, all) => {
        const { store } = dependencies;
        let candidates = await store.read.users.findByEmailAnyWorkspace(request.email);
        if (request.workspace !== undefined) {
          const workspace = namedWorkspace(all, request.workspace);
          candidates = candidates.filter((candidate) => candidate.workspaceId === workspace.id);
        }
        if (candidates.length === 0) {
          throw new CliError(
            'USER_UNKNOWN',
            `no user with the e-mail address ${request.email}${request.workspace ? ` in workspace ${request.workspace}` : ''}` +
              ' (covenant users create-admin creates an administrator)',
          );
        }
        if (candidates.length > 1) {
          const slugs = candidates.map((candidate) => slugOf(all, candidate.workspaceId)).sort();
          throw new CliError(
            'WORKSPACE_REQUIRED',
            `${request.email} is a user in several workspaces (${slugs.join(', ')}): name one with --workspace`,
          );
        }
        const user = candidates[0]!;
        const generatedPassword = request.password === undefined ? generatePassword(dependencies) : null;
        const updated = await updateUser(
          dependencies,
          systemPrincipal(user.workspaceId, 'covenant users reset-password (command line)'),
          user.id,
          { password: request.password ?? generatedPassword! },
        );
        return resultOf(updated, slugOf(all, user.workspaceId), generatedPassword);
      }),
    createAdmin: (request) =>
      withDatabase(version, async (dependencies, all) => {
        let workspace: WorkspaceRef;
        if (request.workspace !== undefined) workspace = namedWorkspace(all, request.workspace);
        else if (all.length === 1) workspace = all[0]!;
        else if (all.length === 0) {
          throw new CliError(
            'NO_WORKSPACE',
            'the database holds no workspace yet: start the server once (covenant serve), which creates one with an administrator',
          );
        } else {
          throw new CliError(
            'WORKSPACE_REQUIRED',
            `the database holds ${all.length} workspaces: name one with --workspace (${slugsOf(all)})`,
          );
        }
        const generatedPassword = request.password === undefined ? generatePassword(dependencies) : null;
        const created = await createUser(
          dependencies,
          systemPrincipal(workspace.id, 'covenant users create-admin (command line)'),
          {
            email: request.email,
            name: request.name ?? 'Administrator',
            role: 'admin',
            password: request.password ?? generatedPassword!,
          },
        );
        return resultOf(created, workspace.slug, generatedPassword);
      }),
  };
}

async function withDatabase(
  version: string,
  work: (dependencies: CovenantDependencies, workspaces: WorkspaceRef[]) => Promise<UserAccountResult>,
): Promise<UserAccountResult> {
  const config = loadConfig();
  // A mistyped COVENANT_DATA_DIR must not become a new, empty database.
  if (config.databaseUrl === undefined && !existsSync(join(config.dataDir, 'pgdata'))) {
    throw new CliError(
      'DATA_DIRECTORY_MISSING',
      `no Covenant database in ${config.dataDir}: set COVENANT_DATA_DIR to the server's data directory, or ` +
        'DATABASE_URL to its PostgreSQL database',
    );
  }
  const whenLocked =
    'To change users while the server runs, an administrator can use the Users page or PATCH /api/v1/users/{id}; ' +
    'otherwise stop the server and run this command again.';
  try {
    return await withCommandDatabase(config, whenLocked, (handle, all) =>
      work(composeHeadless(config, handle, version), all),
    );
  } catch (error) {
    // The use-cases' refusals (USER_EXISTS, a bad e-mail address) are the caller's input, not a failure.
    if (error instanceof AppError) throw new CliError(error.code, error.message, exitCodes.badInput, error.details);
    throw error;
  }
}

function namedWorkspace(all: WorkspaceRef[], slug: string): WorkspaceRef {
  const workspace = all.find((one) => one.slug === slug);
  if (!workspace) {
    throw new CliError(
      'WORKSPACE_UNKNOWN',
      `no workspace ${slug}${all.length > 0 ? ` (the database holds ${slugsOf(all)})` : ''}`,
    );
  }
  return workspace;
}

function slugsOf(all: WorkspaceRef[]): string {
  return all
    .map((one) => one.slug)
    .sort()
    .join(', ');
}

function slugOf(all: WorkspaceRef[], workspaceId: string): string {
  return all.find((one) => one.id === workspaceId)?.slug ?? workspaceId;
}

function generatePassword(dependencies: CovenantDependencies): string {
  return dependencies.random.token(GENERATED_PASSWORD_BYTES);
}

function resultOf(user: UserRecord, workspace: string, generatedPassword: string | null): UserAccountResult {
  return {
    workspace,
    email: user.email,
    userId: user.id,
    role: user.role,
    disabled: user.disabledAt !== null,
    generatedPassword,
  };
}
