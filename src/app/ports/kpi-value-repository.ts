/**
 * Storage port of KPI values: one number per agreement, KPI target and period (docs/semantics.md#kpis), upserted by
 * that key.
 */
import type { DataScope } from '../access/principal.ts';
import type { Page, PageRequest } from './pagination.ts';

export interface KpiValueRecord {
  readonly id: string;
  readonly workspaceId: string;
  readonly customerId: string;
  readonly agreementId: string;
  readonly targetId: string;
  /** A period label: 2026-10, 2026-Q4, 2026-W41, 2026-10-05 or 2026 (see app/facts/period-label.ts). */
  readonly period: string;
  readonly value: number;
  readonly note: string | null;
  readonly createdAt: number;
}

export interface KpiValueValues {
  readonly customerId: string;
  readonly agreementId: string;
  readonly targetId: string;
  readonly period: string;
  readonly value: number;
  readonly note: string | null;
}

export interface KpiValueListFilter {
  readonly customerId?: string | undefined;
  readonly agreementId?: string | undefined;
  readonly targetId?: string | undefined;
  readonly period?: string | undefined;
  /** Inclusive bounds on labels of one kind; only labels matching `periodPattern` are returned with them. */
  readonly periodFrom?: string | undefined;
  readonly periodTo?: string | undefined;
  /** A POSIX regular expression the label must match (the kind of the bounds). */
  readonly periodPattern?: string | undefined;
}

export interface KpiValueRepository {
  get(scope: DataScope, id: string): Promise<KpiValueRecord | null>;
  findByKey(
    scope: DataScope,
    key: { agreementId: string; targetId: string; period: string },
  ): Promise<KpiValueRecord | null>;
  list(scope: DataScope, page: PageRequest, filter: KpiValueListFilter): Promise<Page<KpiValueRecord>>;
  /** Inserts the value, or replaces value and note of the one with the same key; returns the stored row. */
  upsert(workspaceId: string, values: KpiValueValues): Promise<KpiValueRecord>;
  update(scope: DataScope, id: string, changes: { value: number; note: string | null }): Promise<KpiValueRecord | null>;
  delete(scope: DataScope, id: string): Promise<boolean>;
}
