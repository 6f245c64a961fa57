/**
 * Storage port of outages: when a service was down (fully or partly), for availability targets
 * (docs/semantics.md#availability). An outage without a customer affects every customer of the workspace that uses the
 * service.
 */

import type { OutageSeverity } from '../../core/measure/availability.ts';
import type { DataScope } from '../access/principal.ts';
import type { Page, PageRequest } from './pagination.ts';

export interface OutageRecord {
  readonly id: string;
  readonly workspaceId: string;
  /** null: the outage affects every customer of the workspace that uses the service. */
  readonly customerId: string | null;
  readonly service: string;
  readonly startsAt: number;
  /** null while the outage is ongoing. */
  readonly endsAt: number | null;
  readonly severity: OutageSeverity;
  /** Where the outage was reported from: `api`, a status page, a monitoring webhook, `demo`... */
  readonly source: string;
  readonly externalRef: string | null;
  readonly description: string | null;
  readonly createdAt: number;
}

export interface OutageValues {
  readonly customerId: string | null;
  readonly service: string;
  readonly startsAt: number;
  readonly endsAt: number | null;
  readonly severity: OutageSeverity;
  readonly source: string;
  readonly externalRef: string | null;
  readonly description: string | null;
}

export interface OutageListFilter {
  readonly service?: string | undefined;
  /** Outages that affect the customer: its own and the workspace-wide ones. */
  readonly customerId?: string | undefined;
  /** Only outages without a customer (true) or only customer-specific ones (false). */
  readonly workspaceWide?: boolean | undefined;
  readonly severity?: OutageSeverity | undefined;
  readonly source?: string | undefined;
  /** Only ongoing outages (true) or only ended ones (false). */
  readonly ongoing?: boolean | undefined;
  /** Outages overlapping the half-open range [from, to); an ongoing outage extends to infinity. */
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  readonly sort: 'startsAt' | '-startsAt';
}

export interface OutageRepository {
  create(workspaceId: string, values: OutageValues): Promise<OutageRecord>;
  /**
   * Within the scope: a customer-bound scope sees the outages of its customer and the workspace-wide ones.
   */
  get(scope: DataScope, id: string): Promise<OutageRecord | null>;
  list(scope: DataScope, page: PageRequest, filter: OutageListFilter): Promise<Page<OutageRecord>>;
  update(scope: DataScope, id: string, values: OutageValues): Promise<OutageRecord | null>;
  delete(scope: DataScope, id: string): Promise<boolean>;
}
