/**
 * Every change a use-case makes is recorded in the audit log inside the same transaction: who, when, what, and the
 * state before and after. Secrets never reach the log (the records passed in never carry them).
 */
import type { Principal } from '../access/principal.ts';
import type { Repositories } from '../ports/store.ts';

export interface Change {
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string | null;
  readonly customerId?: string | null;
  readonly before?: unknown;
  readonly after?: unknown;
}

export async function recordChange(
  repositories: Repositories,
  principal: Principal,
  at: number,
  change: Change,
): Promise<void> {
  await repositories.audit.append({
    workspaceId: principal.workspaceId,
    at,
    actorUserId: principal.userId,
    actorTokenId: principal.tokenId,
    actorLabel: principal.label,
    action: change.action,
    entityType: change.entityType,
    entityId: change.entityId,
    customerId: change.customerId ?? null,
    before: change.before ?? null,
    after: change.after ?? null,
  });
}
