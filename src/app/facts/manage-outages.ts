/**
 * Use-cases of outages, the facts availability targets are measured on. An outage is `[startsAt, endsAt)`; `endsAt`
 * stays null while it is ongoing and is set by an update ("end the outage"). Without a customer an outage affects
 * every customer of the workspace that uses the service. Every change is audited in the same transaction.
 */
import type { OutageSeverity } from '../../core/measure/availability.ts';
import { type Principal, requirePermission, scopeOf } from '../access/principal.ts';
import { recordChange } from '../audit/record-change.ts';
import type { OutageListFilter, OutageRecord, OutageValues } from '../ports/outage-repository.ts';
import type { Page, PageRequest } from '../ports/pagination.ts';
import type { Store } from '../ports/store.ts';
import type { FactDependencies } from './fact-dependencies.ts';
import { changeFact, deleteFact, type FactKind, readFact } from './fact-records.ts';
import { requireCustomer, requireListRange, requireNotInFuture, requireTimeRange } from './fact-rules.ts';

export interface OutageInput {
  readonly service: string;
  readonly startsAt: number;
  readonly endsAt?: number | null | undefined;
  readonly severity: OutageSeverity;
  readonly customerId?: string | null | undefined;
  readonly source?: string | undefined;
  readonly externalRef?: string | null | undefined;
  readonly description?: string | null | undefined;
}

/** Fields to change; absent fields keep their value, null clears a nullable one (endsAt null: ongoing again). */
export type OutageChanges = Partial<OutageInput>;

function checkOutage(values: OutageValues, now: number): void {
  requireTimeRange(values.startsAt, values.endsAt);
  requireNotInFuture(values.startsAt, now, 'startsAt');
  requireNotInFuture(values.endsAt, now, 'endsAt');
}

function valuesOf(record: OutageRecord): OutageValues {
  return {
    customerId: record.customerId,
    service: record.service,
    startsAt: record.startsAt,
    endsAt: record.endsAt,
    severity: record.severity,
    source: record.source,
    externalRef: record.externalRef,
    description: record.description,
  };
}

export async function createOutage(
  { store, clock }: FactDependencies,
  principal: Principal,
  input: OutageInput,
): Promise<OutageRecord> {
  requirePermission(principal, 'facts.write');
  const values: OutageValues = {
    customerId: input.customerId ?? null,
    service: input.service,
    startsAt: input.startsAt,
    endsAt: input.endsAt ?? null,
    severity: input.severity,
    source: input.source ?? 'api',
    externalRef: input.externalRef ?? null,
    description: input.description ?? null,
  };
  const now = clock.now();
  checkOutage(values, now);
  return store.transaction(async (repositories) => {
    await requireCustomer(repositories, principal, values.customerId);
    const outage = await repositories.outages.create(principal.workspaceId, values);
    await recordChange(repositories, principal, now, {
      action: 'outage.created',
      entityType: 'outage',
      entityId: outage.id,
      customerId: outage.customerId,
      after: outage,
    });
    return outage;
  });
}

export async function listOutages(
  store: Store,
  principal: Principal,
  page: PageRequest,
  filter: OutageListFilter,
): Promise<Page<OutageRecord>> {
  requirePermission(principal, 'facts.read');
  requireListRange(filter.from, filter.to);
  return store.read.outages.list(scopeOf(principal), page, filter);
}

const outages: FactKind<OutageRecord, OutageValues> = {
  entityType: 'outage',
  label: 'outage',
  repository: (repositories) => repositories.outages,
};

export async function getOutage(store: Store, principal: Principal, id: string): Promise<OutageRecord> {
  return readFact(store, principal, outages, id);
}

export async function updateOutage(
  dependencies: FactDependencies,
  principal: Principal,
  id: string,
  changes: OutageChanges,
): Promise<OutageRecord> {
  return changeFact(dependencies, principal, outages, id, async (before, repositories, now) => {
    const current = valuesOf(before);
    const values: OutageValues = {
      customerId: changes.customerId === undefined ? current.customerId : changes.customerId,
      service: changes.service ?? current.service,
      startsAt: changes.startsAt ?? current.startsAt,
      endsAt: changes.endsAt === undefined ? current.endsAt : changes.endsAt,
      severity: changes.severity ?? current.severity,
      source: changes.source ?? current.source,
      externalRef: changes.externalRef === undefined ? current.externalRef : changes.externalRef,
      description: changes.description === undefined ? current.description : changes.description,
    };
    checkOutage(values, now);
    if (values.customerId !== current.customerId) await requireCustomer(repositories, principal, values.customerId);
    return {
      current,
      values,
      action: (old, updated) => (old.endsAt === null && updated.endsAt !== null ? 'outage.ended' : 'outage.updated'),
    };
  });
}

export async function deleteOutage(dependencies: FactDependencies, principal: Principal, id: string): Promise<void> {
  await deleteFact(dependencies, principal, outages, id);
}
