/**
 * Storage port of maintenance windows: planned maintenance (announced ahead, handled by the agreement's maintenance
 * mode in availability) and force-majeure exclusion windows. Either may pause ticket clocks of the services it covers
 * (docs/semantics.md#pauses); a window without services covers every service, one without a customer every customer.
 */
import type { DataScope } from '../access/principal.ts';
import type { Page, PageRequest } from './pagination.ts';

export const maintenanceKinds = ['planned_maintenance', 'force_majeure'] as const;
export type MaintenanceKind = (typeof maintenanceKinds)[number];

export interface MaintenanceWindowRecord {
  readonly id: string;
  readonly workspaceId: string;
  readonly customerId: string | null;
  readonly kind: MaintenanceKind;
  /** Service ids the window covers; empty: every service. */
  readonly services: readonly string[];
  readonly startsAt: number;
  readonly endsAt: number;
  readonly announcedAt: number;
  readonly pausesClocks: boolean;
  readonly description: string | null;
  readonly createdAt: number;
}

export interface MaintenanceWindowValues {
  readonly customerId: string | null;
  readonly kind: MaintenanceKind;
  readonly services: readonly string[];
  readonly startsAt: number;
  readonly endsAt: number;
  readonly announcedAt: number;
  readonly pausesClocks: boolean;
  readonly description: string | null;
}

export interface MaintenanceWindowListFilter {
  readonly kind?: MaintenanceKind | undefined;
  /** Windows covering the service: those that list it and those that list no service (all services). */
  readonly service?: string | undefined;
  /** Windows that affect the customer: its own and the workspace-wide ones. */
  readonly customerId?: string | undefined;
  readonly workspaceWide?: boolean | undefined;
  readonly pausesClocks?: boolean | undefined;
  /** Windows overlapping the half-open range [from, to). */
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  readonly sort: 'startsAt' | '-startsAt';
}

export interface MaintenanceWindowRepository {
  create(workspaceId: string, values: MaintenanceWindowValues): Promise<MaintenanceWindowRecord>;
  /** Within the scope: a customer-bound scope sees the windows of its customer and the workspace-wide ones. */
  get(scope: DataScope, id: string): Promise<MaintenanceWindowRecord | null>;
  list(
    scope: DataScope,
    page: PageRequest,
    filter: MaintenanceWindowListFilter,
  ): Promise<Page<MaintenanceWindowRecord>>;
  update(scope: DataScope, id: string, values: MaintenanceWindowValues): Promise<MaintenanceWindowRecord | null>;
  delete(scope: DataScope, id: string): Promise<boolean>;
}
