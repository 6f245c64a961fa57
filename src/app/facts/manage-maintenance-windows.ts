/**
 * Use-cases of maintenance windows: planned maintenance (its notice decides how availability counts it,
 * docs/semantics.md#availability) and force-majeure exclusion windows. `announcedAt` defaults to the moment the window
 * is recorded: a window recorded without saying when it was announced was announced no earlier than that.
 * `pausesClocks` defaults to true for both kinds, because an agreed exclusion window suspends the clocks of the tickets
 * of the services it covers (docs/semantics.md#pauses); set it to false for work that does not keep the provider from
 * handling tickets. A window without services covers every service; one without a customer, every customer.
 */
import { type Principal, requirePermission, scopeOf } from '../access/principal.ts';
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
import { changeFact, deleteFact, type FactKind, readFact } from './fact-records.ts';
import { requireCustomer, requireListRange, requireNotInFuture, requireTimeRange } from './fact-rules.ts';

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

const maintenanceWindows: FactKind<MaintenanceWindowRecord, MaintenanceWindowValues> = {
  entityType: 'maintenance_window',
  label: 'maintenance window',
  repository: (repositories) => repositories.maintenanceWindows,
};

export async function getMaintenanceWindow(
  store: Store,
  principal: Principal,
  id: string,
): Promise<MaintenanceWindowRecord> {
  return readFact(store, principal, maintenanceWindows, id);
}

export async function updateMaintenanceWindow(
  dependencies: FactDependencies,
  principal: Principal,
  id: string,
  changes: MaintenanceWindowChanges,
): Promise<MaintenanceWindowRecord> {
  return changeFact(dependencies, principal, maintenanceWindows, id, async (before, repositories, now) => {
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
    if (values.customerId !== current.customerId) await requireCustomer(repositories, principal, values.customerId);
    return { current, values };
  });
}

export async function deleteMaintenanceWindow(
  dependencies: FactDependencies,
  principal: Principal,
  id: string,
): Promise<void> {
  await deleteFact(dependencies, principal, maintenanceWindows, id);
}
