/**
 * First start: when the database holds no workspace, create one with an administrator, so a fresh install can be
 * used at once. The generated password is returned once for the start-up banner and never stored in clear.
 */
import { systemPrincipal } from '../access/principal.ts';
import { recordChange } from '../audit/record-change.ts';
import type { UserRecord, WorkspaceRecord } from '../ports/identity-repositories.ts';
import type { PasswordHasher, RandomSource } from '../ports/security.ts';
import type { Clock, Store } from '../ports/store.ts';

export interface BootstrapResult {
  readonly created: boolean;
  readonly workspace: WorkspaceRecord | null;
  readonly admin: UserRecord | null;
  /** Only when the password was generated here (not given in the configuration). */
  readonly generatedPassword: string | null;
}

export async function bootstrapWorkspace(
  dependencies: { store: Store; clock: Clock; passwords: PasswordHasher; random: RandomSource },
  options: {
    adminEmail?: string | undefined;
    adminPassword?: string | undefined;
    workspaceSlug?: string;
    workspaceName?: string;
  },
): Promise<BootstrapResult> {
  const { store, clock, passwords, random } = dependencies;
  if ((await store.read.workspaces.count()) > 0) {
    return { created: false, workspace: null, admin: null, generatedPassword: null };
  }
  const generatedPassword = options.adminPassword === undefined ? random.token(15) : null;
  const passwordHash = await passwords.hash(options.adminPassword ?? generatedPassword!);
  return store.transaction(async (repositories) => {
    const workspace = await repositories.workspaces.create({
      slug: options.workspaceSlug ?? 'default',
      name: options.workspaceName ?? 'My service organisation',
    });
    const admin = await repositories.users.create({
      workspaceId: workspace.id,
      email: options.adminEmail ?? 'admin@covenant.local',
      name: 'Administrator',
      role: 'admin',
      customerId: null,
      passwordHash,
      timezone: null,
    });
    const principal = systemPrincipal(workspace.id, 'covenant first start');
    await recordChange(repositories, principal, clock.now(), {
      action: 'workspace.created',
      entityType: 'workspace',
      entityId: workspace.id,
      after: workspace,
    });
    await recordChange(repositories, principal, clock.now(), {
      action: 'user.created',
      entityType: 'user',
      entityId: admin.id,
      after: admin,
    });
    return { created: true, workspace, admin, generatedPassword };
  });
}
