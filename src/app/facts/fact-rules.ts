/**
 * Rules every fact shares: time ranges that end after they start, facts that do not happen in the future, and
 * references (customer, agreement) that must exist in the caller's workspace and scope. A reference the caller may
 * not see is answered exactly like one that does not exist: 404 NOT_FOUND naming the referenced entity.
 */
import { formatInstantUtc } from '../../core/time/instant.ts';
import { type Principal, scopeOf } from '../access/principal.ts';
import { invalid, notFound } from '../app-error.ts';
import type { Repositories } from '../ports/store.ts';

/** Clock skew tolerated between a reporting system and ours before an instant counts as "in the future". */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** TIME_RANGE_INVALID unless `endsAt` (when there is one) is after `startsAt`. */
export function requireTimeRange(startsAt: number, endsAt: number | null, names = ['startsAt', 'endsAt']): void {
  if (endsAt !== null && endsAt <= startsAt) {
    const [start, end] = names;
    throw invalid('TIME_RANGE_INVALID', `${end} must be later than ${start}`, {
      [start!]: isoOf(startsAt),
      [end!]: isoOf(endsAt),
    });
  }
}

/** TIME_IN_FUTURE when a fact that must already have happened is dated after now (plus the tolerated skew). */
export function requireNotInFuture(instant: number | null, now: number, name: string): void {
  if (instant !== null && instant > now + FUTURE_TOLERANCE_MS) {
    throw invalid('TIME_IN_FUTURE', `${name} is in the future; record facts once they have happened`, {
      field: name,
      value: isoOf(instant),
      now: isoOf(now),
    });
  }
}

/** TIME_RANGE_INVALID unless a list's `from` is before its `to`. */
export function requireListRange(from: number | undefined, to: number | undefined): void {
  if (from !== undefined && to !== undefined && from >= to) {
    throw invalid('TIME_RANGE_INVALID', 'to must be later than from', { from: isoOf(from), to: isoOf(to) });
  }
}

/** The customer must exist in the caller's workspace (and be the caller's own, for a customer-bound caller). */
export async function requireCustomer(
  repositories: Repositories,
  principal: Principal,
  customerId: string | null,
): Promise<void> {
  if (customerId === null) return;
  if (!(await repositories.customers.get(scopeOf(principal), customerId))) throw notFound('customer', customerId);
}

/** The agreement must exist in the caller's workspace and scope; returns its customer. */
export async function requireAgreement(
  repositories: Repositories,
  principal: Principal,
  agreementId: string,
): Promise<string> {
  const customerId = await repositories.factReferences.agreementCustomer(scopeOf(principal), agreementId);
  if (customerId === null) throw notFound('agreement', agreementId);
  return customerId;
}

/** AGREEMENT_CUSTOMER_MISMATCH when a fact names an agreement of another customer than its own. */
export function requireAgreementOfCustomer(
  agreementId: string,
  agreementCustomerId: string,
  customerId: string,
  path = 'agreementId',
): void {
  if (agreementCustomerId !== customerId) {
    throw invalid(
      'AGREEMENT_CUSTOMER_MISMATCH',
      `${path}: agreement ${agreementId} belongs to another customer than ${customerId}`,
      { agreementId, customerId },
    );
  }
}

/** Whether two records hold the same values (for "nothing changed, nothing audited"). */
export function sameValues<T extends object>(a: T, b: T): boolean {
  return (Object.keys(b) as (keyof T)[]).every((key) => JSON.stringify(a[key]) === JSON.stringify(b[key]));
}

/** The instant as ISO-8601 UTC text, for messages and details. */
export const isoOf = formatInstantUtc;
