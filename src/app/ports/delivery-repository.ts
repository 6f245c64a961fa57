/**
 * Storage port of delivery lines, the facts OTIF targets are measured on (docs/semantics.md#otif). A line is identified
 * by its customer, order and line ids; batches upsert by that key.
 */
import type { DataScope } from '../access/principal.ts';
import type { Page, PageRequest } from './pagination.ts';

export interface DeliveryRecord {
  readonly id: string;
  readonly workspaceId: string;
  readonly customerId: string;
  readonly agreementId: string | null;
  readonly orderId: string;
  readonly lineId: string;
  readonly orderedQuantity: number;
  /** null together with deliveredAt: nothing delivered yet. */
  readonly deliveredQuantity: number | null;
  readonly promisedAt: number;
  readonly deliveredAt: number | null;
  readonly createdAt: number;
}

export interface DeliveryValues {
  readonly customerId: string;
  readonly agreementId: string | null;
  readonly orderId: string;
  readonly lineId: string;
  readonly orderedQuantity: number;
  readonly deliveredQuantity: number | null;
  readonly promisedAt: number;
  readonly deliveredAt: number | null;
}

export interface DeliveryListFilter {
  readonly customerId?: string | undefined;
  readonly agreementId?: string | undefined;
  readonly orderId?: string | undefined;
  /** Only delivered lines (true) or only lines not delivered yet (false). */
  readonly delivered?: boolean | undefined;
  /** Lines promised within the half-open range [from, to). */
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  readonly sort: 'promisedAt' | '-promisedAt';
}

/** What a batch upsert did to each line, in the order of the input. */
export type DeliveryUpsertOutcome =
  | { readonly kind: 'created'; readonly record: DeliveryRecord }
  | { readonly kind: 'updated'; readonly record: DeliveryRecord; readonly before: DeliveryRecord }
  | { readonly kind: 'unchanged'; readonly record: DeliveryRecord };

export interface DeliveryRepository {
  create(workspaceId: string, values: DeliveryValues): Promise<DeliveryRecord>;
  get(scope: DataScope, id: string): Promise<DeliveryRecord | null>;
  findByLine(
    scope: DataScope,
    key: { customerId: string; orderId: string; lineId: string },
  ): Promise<DeliveryRecord | null>;
  list(scope: DataScope, page: PageRequest, filter: DeliveryListFilter): Promise<Page<DeliveryRecord>>;
  update(scope: DataScope, id: string, values: DeliveryValues): Promise<DeliveryRecord | null>;
  delete(scope: DataScope, id: string): Promise<boolean>;
  /**
   * Inserts or replaces lines by (customer, order, line) in a few statements; a line equal to the stored one is left
   * untouched. The keys are unique within `lines` (the caller checks).
   */
  upsertMany(workspaceId: string, lines: readonly DeliveryValues[]): Promise<DeliveryUpsertOutcome[]>;
}
