/**
 * What reading, changing and deleting one recorded fact (outage, maintenance window, delivery line, KPI value) has in
 * common: the permission, the data scope (another customer's or workspace's fact answers 404), and the audit entry
 * written in the same transaction as the change.
 */
import type { DataScope } from '../access/principal.ts';
import { type Principal, requirePermission, scopeOf } from '../access/principal.ts';
import { notFound } from '../app-error.ts';
import { recordChange } from '../audit/record-change.ts';
import type { Repositories, Store } from '../ports/store.ts';
import type { FactDependencies } from './fact-dependencies.ts';
import { sameValues } from './fact-rules.ts';

interface FactRepository<Record, Values> {
  get(scope: DataScope, id: string): Promise<Record | null>;
  update(scope: DataScope, id: string, values: Values): Promise<Record | null>;
  delete(scope: DataScope, id: string): Promise<boolean>;
}

export interface FactKind<Record extends { customerId: string | null }, Values> {
  /** The audit entity type, also the prefix of its actions (`outage.updated`). */
  readonly entityType: string;
  /** How a missing one is named in the 404 ("maintenance window"). */
  readonly label: string;
  repository(repositories: Repositories): FactRepository<Record, Values>;
}

export async function readFact<Record extends { customerId: string | null }, Values>(
  store: Store,
  principal: Principal,
  kind: FactKind<Record, Values>,
  id: string,
): Promise<Record> {
  requirePermission(principal, 'facts.read');
  const record = await kind.repository(store.read).get(scopeOf(principal), id);
  if (!record) throw notFound(kind.label, id);
  return record;
}

/**
 * Changes a fact: `change` gets the stored record, checks the new values (and any reference whose value changes) and
 * returns them with the values they replace, and optionally the audit action. Nothing is written when they are equal.
 */
export async function changeFact<Record extends { customerId: string | null }, Values extends object>(
  { store, clock }: FactDependencies,
  principal: Principal,
  kind: FactKind<Record, Values>,
  id: string,
  change: (
    before: Record,
    repositories: Repositories,
    now: number,
  ) => Promise<{ current: Values; values: Values; action?: (before: Record, after: Record) => string }>,
): Promise<Record> {
  requirePermission(principal, 'facts.write');
  const now = clock.now();
  return store.transaction(async (repositories) => {
    const repository = kind.repository(repositories);
    const before = await repository.get(scopeOf(principal), id);
    if (!before) throw notFound(kind.label, id);
    const { current, values, action } = await change(before, repositories, now);
    if (sameValues(current, values)) return before;
    const after = (await repository.update(scopeOf(principal), id, values))!;
    await recordChange(repositories, principal, now, {
      action: action?.(before, after) ?? `${kind.entityType}.updated`,
      entityType: kind.entityType,
      entityId: id,
      customerId: after.customerId,
      before,
      after,
    });
    return after;
  });
}

export async function deleteFact<Record extends { customerId: string | null }, Values>(
  { store, clock }: FactDependencies,
  principal: Principal,
  kind: FactKind<Record, Values>,
  id: string,
): Promise<void> {
  requirePermission(principal, 'facts.write');
  await store.transaction(async (repositories) => {
    const repository = kind.repository(repositories);
    const before = await repository.get(scopeOf(principal), id);
    if (!before) throw notFound(kind.label, id);
    await repository.delete(scopeOf(principal), id);
    await recordChange(repositories, principal, clock.now(), {
      action: `${kind.entityType}.deleted`,
      entityType: kind.entityType,
      entityId: id,
      customerId: before.customerId,
      before,
    });
  });
}
