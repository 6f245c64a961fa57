/** Use-cases of the workspace's users (administrators only): invite, list, change role or customer, disable. */
import { type Principal, requirePermission, workspaceScope } from '../access/principal.ts';
import type { Role } from '../access/roles.ts';
import { conflict, invalid, notFound } from '../app-error.ts';
import { recordChange } from '../audit/record-change.ts';
import type { UserRecord } from '../ports/identity-repositories.ts';
import type { Page, PageRequest } from '../ports/pagination.ts';
import type { PasswordHasher } from '../ports/security.ts';
import type { Clock, Repositories, Store } from '../ports/store.ts';

export interface UserDependencies {
  readonly store: Store;
  readonly clock: Clock;
  readonly passwords: PasswordHasher;
}

export interface NewUser {
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly customerId?: string | null | undefined;
  readonly password: string;
  readonly timezone?: string | null | undefined;
}

export async function createUser(
  dependencies: UserDependencies,
  principal: Principal,
  input: NewUser,
): Promise<UserRecord> {
  requirePermission(principal, 'workspace.manage');
  const { store, clock, passwords } = dependencies;
  const passwordHash = await passwords.hash(input.password);
  return store.transaction(async (repositories) => {
    const customerId = await checkCustomerBinding(repositories, principal, input.role, input.customerId ?? null);
    if (await repositories.users.findByEmail(principal.workspaceId, input.email)) {
      throw conflict('USER_EXISTS', `a user with the e-mail address ${input.email} already exists in this workspace`);
    }
    const user = await repositories.users.create({
      workspaceId: principal.workspaceId,
      email: input.email,
      name: input.name,
      role: input.role,
      customerId,
      passwordHash,
      timezone: input.timezone ?? null,
    });
    await recordChange(repositories, principal, clock.now(), {
      action: 'user.created',
      entityType: 'user',
      entityId: user.id,
      after: user,
    });
    return user;
  });
}

export async function listUsers(
  store: Store,
  principal: Principal,
  page: PageRequest,
  filter: { role?: Role; customerId?: string },
): Promise<Page<UserRecord>> {
  requirePermission(principal, 'workspace.manage');
  return store.read.users.list(principal.workspaceId, page, filter);
}

export async function getUser(store: Store, principal: Principal, id: string): Promise<UserRecord> {
  requirePermission(principal, 'workspace.manage');
  const user = await store.read.users.get(principal.workspaceId, id);
  if (!user) throw notFound('user', id);
  return user;
}

export interface UserChanges {
  readonly name?: string | undefined;
  readonly role?: Role | undefined;
  readonly customerId?: string | null | undefined;
  readonly timezone?: string | null | undefined;
  readonly disabled?: boolean | undefined;
  readonly password?: string | undefined;
}

export async function updateUser(
  dependencies: UserDependencies,
  principal: Principal,
  id: string,
  changes: UserChanges,
): Promise<UserRecord> {
  requirePermission(principal, 'workspace.manage');
  const { store, clock, passwords } = dependencies;
  const passwordHash = changes.password === undefined ? undefined : await passwords.hash(changes.password);
  return store.transaction(async (repositories) => {
    const before = await repositories.users.get(principal.workspaceId, id);
    if (!before) throw notFound('user', id);
    if (
      before.id === principal.userId &&
      (changes.disabled === true || (changes.role !== undefined && changes.role !== 'admin'))
    ) {
      throw conflict('CANNOT_DEMOTE_SELF', 'you cannot disable yourself or take away your own administrator role');
    }
    const role = changes.role ?? before.role;
    const customerId = await checkCustomerBinding(
      repositories,
      principal,
      role,
      changes.customerId === undefined ? (role === 'customer' ? before.customerId : null) : changes.customerId,
    );
    const after = await repositories.users.update(principal.workspaceId, id, {
      ...(changes.name === undefined ? {} : { name: changes.name }),
      ...(changes.timezone === undefined ? {} : { timezone: changes.timezone }),
      ...(passwordHash === undefined ? {} : { passwordHash }),
      ...(changes.disabled === undefined ? {} : { disabledAt: changes.disabled ? clock.now() : null }),
      role,
      customerId,
    });
    if (changes.disabled === true || changes.password !== undefined || role !== before.role) {
      await repositories.sessions.deleteForUser(id);
    }
    await recordChange(repositories, principal, clock.now(), {
      action: 'user.updated',
      entityType: 'user',
      entityId: id,
      before,
      after,
    });
    return after!;
  });
}

/** A customer representative belongs to exactly one customer of the workspace; provider roles to none. */
export async function checkCustomerBinding(
  repositories: Repositories,
  principal: Principal,
  role: Role,
  customerId: string | null,
): Promise<string | null> {
  if (role !== 'customer') {
    if (customerId !== null)
      throw invalid('CUSTOMER_NOT_ALLOWED', 'only users with the customer role belong to a customer');
    return null;
  }
  if (customerId === null)
    throw invalid('CUSTOMER_REQUIRED', 'a customer representative must belong to a customer (customerId)');
  const customer = await repositories.customers.get(workspaceScope(principal.workspaceId), customerId);
  if (!customer) throw notFound('customer', customerId);
  return customer.id;
}
