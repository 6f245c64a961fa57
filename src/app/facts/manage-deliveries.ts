/**
 * Use-cases of delivery lines, the facts OTIF targets are measured on. A line is identified by (customer, order,
 * line). `deliveredQuantity` and `deliveredAt` are given together (delivered) or both null (not delivered yet): a
 * quantity without an instant cannot be judged on time, an instant without a quantity not in full. A batch of up to
 * 10,000 lines upserts by that key: each line replaces the stored one, and sending the same batch again changes
 * nothing and audits nothing.
 */
import { type Principal, requirePermission, scopeOf } from '../access/principal.ts';
import { AppError, conflict, invalid } from '../app-error.ts';
import { recordChange } from '../audit/record-change.ts';
import type {
  DeliveryListFilter,
  DeliveryRecord,
  DeliveryUpsertOutcome,
  DeliveryValues,
} from '../ports/delivery-repository.ts';
import type { Page, PageRequest } from '../ports/pagination.ts';
import type { Repositories, Store } from '../ports/store.ts';
import type { FactDependencies } from './fact-dependencies.ts';
import { changeFact, deleteFact, type FactKind, readFact } from './fact-records.ts';
import {
  requireAgreement,
  requireAgreementOfCustomer,
  requireCustomer,
  requireListRange,
  requireNotInFuture,
} from './fact-rules.ts';

export const MAX_DELIVERY_BATCH = 10_000;

export interface DeliveryInput {
  readonly customerId: string;
  readonly agreementId?: string | null | undefined;
  readonly orderId: string;
  readonly lineId: string;
  readonly orderedQuantity: number;
  readonly deliveredQuantity?: number | null | undefined;
  readonly promisedAt: number;
  readonly deliveredAt?: number | null | undefined;
}

/** The line's identity (customer, order, line) cannot change; delete and create it instead. */
export type DeliveryChanges = Partial<
  Pick<DeliveryInput, 'agreementId' | 'orderedQuantity' | 'deliveredQuantity' | 'promisedAt' | 'deliveredAt'>
>;

export interface DeliveryBatchResult {
  readonly received: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
}

function valuesOfInput(input: DeliveryInput): DeliveryValues {
  return {
    customerId: input.customerId,
    agreementId: input.agreementId ?? null,
    orderId: input.orderId,
    lineId: input.lineId,
    orderedQuantity: input.orderedQuantity,
    deliveredQuantity: input.deliveredQuantity ?? null,
    promisedAt: input.promisedAt,
    deliveredAt: input.deliveredAt ?? null,
  };
}

function valuesOf(record: DeliveryRecord): DeliveryValues {
  return {
    customerId: record.customerId,
    agreementId: record.agreementId,
    orderId: record.orderId,
    lineId: record.lineId,
    orderedQuantity: record.orderedQuantity,
    deliveredQuantity: record.deliveredQuantity,
    promisedAt: record.promisedAt,
    deliveredAt: record.deliveredAt,
  };
}

/** DELIVERY_INCOMPLETE unless quantity and instant come together; TIME_IN_FUTURE for a delivery after now. */
function checkLine(values: DeliveryValues, now: number, path = ''): void {
  if ((values.deliveredQuantity === null) !== (values.deliveredAt === null)) {
    const missing = values.deliveredAt === null ? 'deliveredAt' : 'deliveredQuantity';
    throw invalid(
      'DELIVERY_INCOMPLETE',
      `${path}${missing} is missing: a delivered line needs both deliveredQuantity and deliveredAt, a line not yet delivered neither`,
      { field: `${path}${missing}` },
    );
  }
  requireNotInFuture(values.deliveredAt, now, `${path}deliveredAt`);
}

/** Checks the agreement of a line (when it names one) against its customer. */
async function checkAgreement(
  repositories: Repositories,
  principal: Principal,
  values: DeliveryValues,
  path = '',
): Promise<void> {
  if (values.agreementId === null) return;
  const agreementCustomer = await requireAgreement(repositories, principal, values.agreementId);
  requireAgreementOfCustomer(values.agreementId, agreementCustomer, values.customerId, `${path}agreementId`);
}

export async function createDelivery(
  { store, clock }: FactDependencies,
  principal: Principal,
  input: DeliveryInput,
): Promise<DeliveryRecord> {
  requirePermission(principal, 'facts.write');
  const now = clock.now();
  const values = valuesOfInput(input);
  checkLine(values, now);
  return store.transaction(async (repositories) => {
    await requireCustomer(repositories, principal, values.customerId);
    await checkAgreement(repositories, principal, values);
    const existing = await repositories.deliveries.findByLine(scopeOf(principal), values);
    if (existing) {
      throw conflict(
        'DELIVERY_EXISTS',
        `line ${values.lineId} of order ${values.orderId} is already recorded; change it with PATCH or send it in a batch`,
        { id: existing.id },
      );
    }
    const delivery = await repositories.deliveries.create(principal.workspaceId, values);
    await recordChange(repositories, principal, now, {
      action: 'delivery.created',
      entityType: 'delivery',
      entityId: delivery.id,
      customerId: delivery.customerId,
      after: delivery,
    });
    return delivery;
  });
}

export async function listDeliveries(
  store: Store,
  principal: Principal,
  page: PageRequest,
  filter: DeliveryListFilter,
): Promise<Page<DeliveryRecord>> {
  requirePermission(principal, 'facts.read');
  requireListRange(filter.from, filter.to);
  return store.read.deliveries.list(scopeOf(principal), page, filter);
}

const deliveries: FactKind<DeliveryRecord, DeliveryValues> = {
  entityType: 'delivery',
  label: 'delivery',
  repository: (repositories) => repositories.deliveries,
};

export async function getDelivery(store: Store, principal: Principal, id: string): Promise<DeliveryRecord> {
  return readFact(store, principal, deliveries, id);
}

export async function updateDelivery(
  dependencies: FactDependencies,
  principal: Principal,
  id: string,
  changes: DeliveryChanges,
): Promise<DeliveryRecord> {
  return changeFact(dependencies, principal, deliveries, id, async (before, repositories, now) => {
    const current = valuesOf(before);
    const values: DeliveryValues = {
      ...current,
      agreementId: changes.agreementId === undefined ? current.agreementId : changes.agreementId,
      orderedQuantity: changes.orderedQuantity ?? current.orderedQuantity,
      deliveredQuantity:
        changes.deliveredQuantity === undefined ? current.deliveredQuantity : changes.deliveredQuantity,
      promisedAt: changes.promisedAt ?? current.promisedAt,
      deliveredAt: changes.deliveredAt === undefined ? current.deliveredAt : changes.deliveredAt,
    };
    checkLine(values, now);
    if (values.agreementId !== current.agreementId) await checkAgreement(repositories, principal, values);
    return { current, values };
  });
}

export async function deleteDelivery(dependencies: FactDependencies, principal: Principal, id: string): Promise<void> {
  await deleteFact(dependencies, principal, deliveries, id);
}

/** One problem of one line of a batch. */
interface LineIssue {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

const MAX_REPORTED_ISSUES = 100;

/** Checks every line, collecting the problems of all of them (up to 100) before refusing the batch. */
function checkBatch(lines: readonly DeliveryValues[], now: number): void {
  const issues: LineIssue[] = [];
  const seen = new Map<string, number>();
  for (const [index, line] of lines.entries()) {
    const path = `lines.${index}.`;
    try {
      checkLine(line, now, path);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      issues.push({ path: `lines.${index}`, code: error.code, message: error.message });
    }
    const key = JSON.stringify([line.customerId, line.orderId, line.lineId]);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else {
      issues.push({
        path: `lines.${index}`,
        code: 'DELIVERY_DUPLICATE_LINE',
        message: `${path.slice(0, -1)}: line ${line.lineId} of order ${line.orderId} already appears at lines.${first}`,
      });
    }
    if (issues.length >= MAX_REPORTED_ISSUES) break;
  }
  const first = issues[0];
  if (first) {
    const message = issues.length === 1 ? first.message : `${issues.length} problems, first: ${first.message}`;
    throw invalid(first.code, message, { issues });
  }
}

/**
 * Upserts up to 10,000 lines by (customer, order, line), all or nothing. Every customer and agreement named must
 * exist in the workspace. One audit entry per customer whose lines changed lists what was created and updated.
 */
export async function upsertDeliveries(
  { store, clock }: FactDependencies,
  principal: Principal,
  input: readonly DeliveryInput[],
): Promise<DeliveryBatchResult> {
  requirePermission(principal, 'facts.write');
  if (input.length > MAX_DELIVERY_BATCH) {
    throw invalid('BATCH_TOO_LARGE', `a batch holds at most ${MAX_DELIVERY_BATCH} lines, got ${input.length}`);
  }
  const now = clock.now();
  const lines = input.map(valuesOfInput);
  checkBatch(lines, now);
  return store.transaction(async (repositories) => {
    for (const customerId of new Set(lines.map((line) => line.customerId))) {
      await requireCustomer(repositories, principal, customerId);
    }
    const agreementCustomers = new Map<string, string>();
    for (const [index, line] of lines.entries()) {
      if (line.agreementId === null) continue;
      let customerId = agreementCustomers.get(line.agreementId);
      if (customerId === undefined) {
        customerId = await requireAgreement(repositories, principal, line.agreementId);
        agreementCustomers.set(line.agreementId, customerId);
      }
      requireAgreementOfCustomer(line.agreementId, customerId, line.customerId, `lines.${index}.agreementId`);
    }
    const outcomes = await repositories.deliveries.upsertMany(principal.workspaceId, lines);
    await auditBatch(repositories, principal, now, outcomes);
    const count = (kind: DeliveryUpsertOutcome['kind']) => outcomes.filter((outcome) => outcome.kind === kind).length;
    return {
      received: lines.length,
      created: count('created'),
      updated: count('updated'),
      unchanged: count('unchanged'),
    };
  });
}

async function auditBatch(
  repositories: Repositories,
  principal: Principal,
  now: number,
  outcomes: readonly DeliveryUpsertOutcome[],
): Promise<void> {
  const byCustomer = new Map<string, { created: unknown[]; updated: unknown[] }>();
  for (const outcome of outcomes) {
    if (outcome.kind === 'unchanged') continue;
    const { record } = outcome;
    let entry = byCustomer.get(record.customerId);
    if (!entry) {
      entry = { created: [], updated: [] };
      byCustomer.set(record.customerId, entry);
    }
    if (outcome.kind === 'created') entry.created.push(record);
    else entry.updated.push({ before: outcome.before, after: record });
  }
  for (const [customerId, changes] of byCustomer) {
    await recordChange(repositories, principal, now, {
      action: 'delivery.batch_upserted',
      entityType: 'delivery_batch',
      entityId: null,
      customerId,
      after: { createdCount: changes.created.length, updatedCount: changes.updated.length, ...changes },
    });
  }
}
