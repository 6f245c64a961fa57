/**
 * Use-cases of KPI values: one number per agreement, KPI target and period (docs/semantics.md#kpis: "any number per
 * period with an objective and a direction"). Values are upserted by that key, so a retried or repeated submission is
 * harmless. The customer is the agreement's; the target must be a `kpi` target of some version of the agreement
 * (numbers computed from tickets, such as mean resolution time, are not entered by hand).
 */
import { type Principal, requirePermission, scopeOf } from '../access/principal.ts';
import { invalid } from '../app-error.ts';
import { recordChange } from '../audit/record-change.ts';
import type { KpiValueListFilter, KpiValueRecord } from '../ports/kpi-value-repository.ts';
import type { Page, PageRequest } from '../ports/pagination.ts';
import type { Store } from '../ports/store.ts';
import type { FactDependencies } from './fact-dependencies.ts';
import { changeFact, deleteFact, type FactKind, readFact } from './fact-records.ts';
import { requireAgreement } from './fact-rules.ts';
import { parsePeriodLabel, periodLabelPatterns } from './period-label.ts';

export interface KpiValueInput {
  readonly agreementId: string;
  readonly targetId: string;
  readonly period: string;
  readonly value: number;
  readonly note?: string | null | undefined;
}

export interface KpiValueUpsert {
  readonly outcome: 'created' | 'updated' | 'unchanged';
  readonly record: KpiValueRecord;
}

export interface KpiValueListQuery {
  readonly customerId?: string | undefined;
  readonly agreementId?: string | undefined;
  readonly targetId?: string | undefined;
  readonly period?: string | undefined;
  /** Inclusive bounds; both must be labels of one kind, and only labels of that kind are listed. */
  readonly periodFrom?: string | undefined;
  readonly periodTo?: string | undefined;
}

/** Records the value of a KPI target in a period, replacing the one recorded before (value and note). */
export async function upsertKpiValue(
  { store, clock }: FactDependencies,
  principal: Principal,
  input: KpiValueInput,
): Promise<KpiValueUpsert> {
  requirePermission(principal, 'facts.write');
  const period = parsePeriodLabel(input.period).label;
  const now = clock.now();
  return store.transaction(async (repositories) => {
    const customerId = await requireAgreement(repositories, principal, input.agreementId);
    if (!(await repositories.factReferences.hasKpiTarget(principal.workspaceId, input.agreementId, input.targetId))) {
      throw invalid(
        'KPI_TARGET_UNKNOWN',
        `targetId: no version of agreement ${input.agreementId} has a KPI target (metric kpi) with the id ${input.targetId}`,
        { agreementId: input.agreementId, targetId: input.targetId },
      );
    }
    const key = { agreementId: input.agreementId, targetId: input.targetId, period };
    const before = await repositories.kpiValues.findByKey(scopeOf(principal), key);
    const note = input.note ?? null;
    if (before && before.value === input.value && before.note === note) return { outcome: 'unchanged', record: before };
    const record = await repositories.kpiValues.upsert(principal.workspaceId, {
      ...key,
      customerId,
      value: input.value,
      note,
    });
    await recordChange(repositories, principal, now, {
      action: before ? 'kpi_value.updated' : 'kpi_value.created',
      entityType: 'kpi_value',
      entityId: record.id,
      customerId,
      ...(before ? { before } : {}),
      after: record,
    });
    return { outcome: before ? 'updated' : 'created', record };
  });
}

export async function listKpiValues(
  store: Store,
  principal: Principal,
  page: PageRequest,
  query: KpiValueListQuery,
): Promise<Page<KpiValueRecord>> {
  requirePermission(principal, 'facts.read');
  const filter: KpiValueListFilter = {
    customerId: query.customerId,
    agreementId: query.agreementId,
    targetId: query.targetId,
    period: query.period === undefined ? undefined : parsePeriodLabel(query.period).label,
    ...periodRange(query.periodFrom, query.periodTo),
  };
  return store.read.kpiValues.list(scopeOf(principal), page, filter);
}

/** The bounds as canonical labels of one kind, and the pattern of that kind. */
function periodRange(
  fromText: string | undefined,
  toText: string | undefined,
): Pick<KpiValueListFilter, 'periodFrom' | 'periodTo' | 'periodPattern'> {
  const from = fromText === undefined ? undefined : parsePeriodLabel(fromText, 'periodFrom');
  const to = toText === undefined ? undefined : parsePeriodLabel(toText, 'periodTo');
  if (from && to && from.kind !== to.kind) {
    throw invalid('PERIOD_RANGE_INVALID', `periodFrom is a ${from.kind} and periodTo a ${to.kind}; use one kind`, {
      periodFrom: from.label,
      periodTo: to.label,
    });
  }
  if (from && to && from.label > to.label) {
    throw invalid('PERIOD_RANGE_INVALID', 'periodFrom must not be later than periodTo', {
      periodFrom: from.label,
      periodTo: to.label,
    });
  }
  const kind = from?.kind ?? to?.kind;
  return {
    periodFrom: from?.label,
    periodTo: to?.label,
    periodPattern: kind === undefined ? undefined : periodLabelPatterns[kind],
  };
}

const kpiValues: FactKind<KpiValueRecord, { value: number; note: string | null }> = {
  entityType: 'kpi_value',
  label: 'KPI value',
  repository: (repositories) => repositories.kpiValues,
};

export async function getKpiValue(store: Store, principal: Principal, id: string): Promise<KpiValueRecord> {
  return readFact(store, principal, kpiValues, id);
}

/** Changes the value or note of a recorded KPI value (its key, agreement + target + period, stays). */
export async function updateKpiValue(
  dependencies: FactDependencies,
  principal: Principal,
  id: string,
  changes: { value?: number | undefined; note?: string | null | undefined },
): Promise<KpiValueRecord> {
  return changeFact(dependencies, principal, kpiValues, id, async (before) => ({
    current: { value: before.value, note: before.note },
    values: {
      value: changes.value ?? before.value,
      note: changes.note === undefined ? before.note : changes.note,
    },
  }));
}

export async function deleteKpiValue(dependencies: FactDependencies, principal: Principal, id: string): Promise<void> {
  await deleteFact(dependencies, principal, kpiValues, id);
}
