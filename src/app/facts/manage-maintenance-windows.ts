/**
 * Use-cases of maintenance windows: planned maintenance (its notice decides how availability counts it, SPEC
 * section 5) and force-majeure exclusion windows. `announcedAt` defaults to the moment the window is recorded: a
 * window recorded without saying when it was announced was announced no earlier than that. `pausesClocks` defaults
 * to true for both kinds, because an agreed exclusion window suspends the clocks of the tickets of the services it
 * covers (SPEC section 4); set it to false for work that does not keep the provider from handling tickets. A window
 * without services covers every service; one without a customer, every customer.
 */
import { type Principal, requirePermission, scopeOf } from '../access/principal.ts';
import { notFound } from '../app-error.ts';
import { recordChange } from '../audit/record-change.ts';
import type {
  MaintenanceKind,
  MaintenanceWindowListFilter,
  MaintenanceWindowRecord,
  MaintenanceWindowValues,
} from '../ports/maintenance-window-repository.ts';
import type { Page, PageRequest } from '../ports/pagination.ts';
import type { Store } from '../ports/store.ts';
import type { FactDependencies } from './fact-dependencies.ts';
import { requireCustomer, requireListRange, requireNotInFuture, requireTimeRange, sameValues } from './fact-rules.ts';

export interface MaintenanceWindowInput {
  readonly kind?: MaintenanceKind | undefined;
  readonly services?: readonly string[] | undefined;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly announcedAt?: number | undefined;
  readonly pausesClocks?: boolean | undefined;
  readonly customerId?: string | null | undefined;
  readonly description?: string | null | undefined;
}

export type MaintenanceWindowChanges = Partial<MaintenanceWindowInput>;

/** Services are a set: stored sorted and without repeats. */
function normaliseServices(services: readonly string[]): string[] {
  return [...new Set(services)].sort();
}

function checkWindow(values: MaintenanceWindowValues, now: number): void {
  requireTimeRange(values.startsAt, values.endsAt);
  requireNotInFuture(values.announcedAt, now, 'announcedAt');
}

function valuesOf(record: MaintenanceWindowRecord): MaintenanceWindowValues {
  return {
    customerId: record.customerId,
    kind: record.kind,
    services: record.services,
    startsAt: record.startsAt,
    endsAt: record.endsAt,
    announcedAt: record.announcedAt,
    pausesClocks: record.pausesClocks,
    description: record.description,
  };
}

export async function createMaintenanceWindow(
  { store, clock }: FactDependencies,
  principal: Principal,
  input: MaintenanceWindowInput,
): Promise<MaintenanceWindowRecord> {
  requirePermission(principal, 'facts.write');
  const now = clock.now();
  const values: MaintenanceWindowValues = {
    customerId: input.customerId ?? null,
    kind: input.kind ?? 'planned_maintenance',
    services: normaliseServices(input.services ?? []),
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    announcedAt: input.announcedAt ?? now,
    pausesClocks: input.pausesClocks ?? true,
    description: input.description ?? null,
  };
  checkWindow(values, now);
  return store.transaction(async (repositories) => {
    await requireCustomer(repositories, principal, values.customerId);
    const window = await repositories.maintenanceWindows.create(principal.workspaceId, values);
    await recordChange(repositories, principal, now, {
      action: 'maintenance_window.created',
      entityType: 'maintenance_window',
      entityId: window.id,
      customerId: window.customerId,
      after: window,
    });
    return window;
  });
}

export async function listMaintenanceWindows(
  store: Store,
  principal: Principal,
  page: PageRequest,
  filter: MaintenanceWindowListFilter,
): Promise<Page<MaintenanceWindowRecord>> {
  requirePermission(principal, 'facts.read');
  requireListRange(filter.from, filter.to);
  return store.read.maintenanceWindows.list(scopeOf(principal), page, filter);
}

export async function getMaintenanceWindow(
  store: Store,
  principal: Principal,
  id: string,
): Promise<MaintenanceWindowRecord> {
  requirePermission(principal, 'facts.read');
  const window = await store.read.maintenanceWindows.get(scopeOf(principal), id);
  if (!window) throw notFound('maintenance window', id);
  return window;
}

export async function updateMaintenanceWindow(
  { store, clock }: FactDependencies,
  principal: Principal,
  id: string,
  changes: MaintenanceWindowChanges,
): Promise<MaintenanceWindowRecord> {
  requirePermission(principal, 'facts.write');
  const now = clock.now();
  return store.transaction(async (repositories) => {
    const before = await repositories.maintenanceWindows.get(scopeOf(principal), id);
    if (!before) throw notFound('maintenance window', id);
    const current = valuesOf(before);
    const values: MaintenanceWindowValues = {
      customerId: changes.customerId === undefined ? current.customerId : changes.customerId,
      kind: changes.kind ?? current.kind,
      services: changes.services === undefined ? current.services : normaliseServices(changes.services),
      startsAt: changes.startsAt ?? current.startsAt,
      endsAt: changes.endsAt ?? current.endsAt,
      announcedAt: changes.announcedAt ?? current.announcedAt,
      pausesClocks: changes.pausesClocks ?? current.pausesClocks,
      description: changes.description === undefined ? current.description : changes.description,
    };
    checkWindow(values, now);
    if (sameValues(current, values)) return before;
    if (values.customerId !== current.customerId) await requireCustomer(repositories, principal, values.customerId);
    const after = (await repositories.maintenanceWindows.update(scopeOf(principal), id, values))!;
    await recordChange(repositories, principal, now, {
      action: 'maintenance_window.updated',
      entityType: 'maintenance_window',
      entityId: id,
      customerId: after.customerId,
      before,
      after,
    });
    return after;
  });
}

export async function deleteMaintenanceWindow(
  { store, clock }: FactDependencies,
  principal: Principal,
  id: string,
): Promise<void> {
  requirePermission(principal, 'facts.write');
  await store.transaction(async (repositories) => {
    const before = await repositories.maintenanceWindows.get(scopeOf(principal), id);
    if (!before) throw notFound('maintenance window', id);
    await repositories.maintenanceWindows.delete(scopeOf(principal), id);
    await recordChange(repositories, principal, clock.now(), {
      action: 'maintenance_window.deleted',
      entityType: 'maintenance_window',
      entityId: id,
      customerId: before.customerId,
      before,
    });
  });
}
