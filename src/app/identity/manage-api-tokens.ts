/** Use-cases of API tokens: created by administrators for a role (and a customer), shown once, revocable. */
import { type Principal, requirePermission } from '../access/principal.ts';
import type { Role } from '../access/roles.ts';
import { notFound } from '../app-error.ts';
import { recordChange } from '../audit/record-change.ts';
import type { ApiTokenRecord } from '../ports/identity-repositories.ts';
import type { Page, PageRequest } from '../ports/pagination.ts';
import type { RandomSource } from '../ports/security.ts';
import type { Clock, Store } from '../ports/store.ts';
import { checkCustomerBinding } from './manage-users.ts';
import { newApiTokenSecret } from './sessions.ts';

export async function createApiToken(
  dependencies: { store: Store; clock: Clock; random: RandomSource },
  principal: Principal,
  input: { name: string; role: Role; customerId?: string | null | undefined },
): Promise<{ token: string; record: ApiTokenRecord }> {
  requirePermission(principal, 'workspace.manage');
  const { store, clock, random } = dependencies;
  const secret = newApiTokenSecret(random);
  return store.transaction(async (repositories) => {
    const customerId = await checkCustomerBinding(repositories, principal, input.role, input.customerId ?? null);
    const record = await repositories.tokens.create({
      workspaceId: principal.workspaceId,
      name: input.name,
      tokenHash: secret.hash,
      prefix: secret.prefix,
      role: input.role,
      customerId,
      createdBy: principal.userId,
    });
    await recordChange(repositories, principal, clock.now(), {
      action: 'api_token.created',
      entityType: 'api_token',
      entityId: record.id,
      after: record,
    });
    return { token: secret.token, record };
  });
}

export async function listApiTokens(
  store: Store,
  principal: Principal,
  page: PageRequest,
): Promise<Page<ApiTokenRecord>> {
  requirePermission(principal, 'workspace.manage');
  return store.read.tokens.list(principal.workspaceId, page);
}

export async function revokeApiToken(
  dependencies: { store: Store; clock: Clock },
  principal: Principal,
  id: string,
): Promise<ApiTokenRecord> {
  requirePermission(principal, 'workspace.manage');
  const { store, clock } = dependencies;
  return store.transaction(async (repositories) => {
    const before = await repositories.tokens.get(principal.workspaceId, id);
    if (!before) throw notFound('API token', id);
    if (before.revokedAt !== null) return before;
    const after = await repositories.tokens.revoke(principal.workspaceId, id, clock.now());
    repositories.caches.apiTokens.forgetToken(id);
    await recordChange(repositories, principal, clock.now(), {
      action: 'api_token.revoked',
      entityType: 'api_token',
      entityId: id,
      before,
      after,
    });
    return after!;
  });
}
