/**
 * Use-cases that read agreements: the list, one agreement with its versions (and the months it has results for), one
 * version with its approvals, and the field-by-field difference of two versions. Customer representatives see only what `agreement-access.ts`
 * lets them see.
 */
import {
  type Agreement,
  type DescribedAgreementChange,
  describeAgreementChanges,
  diffAgreements,
} from '../../core/agreement/index.ts';
import { type Principal, requirePermission, scopeOf } from '../access/principal.ts';
import type {
  AgreementListFilter,
  AgreementOverview,
  AgreementVersionRecord,
  ApprovalRecord,
} from '../ports/agreement-repository.ts';
import type { Page, PageRequest } from '../ports/pagination.ts';
import type { Clock, Store } from '../ports/store.ts';
import { type ReportablePeriods, reportablePeriods } from '../results/reportable-periods.ts';
import { loadActivatedVersions } from '../results/results-versions.ts';
import { hiddenStatusesFor, loadAgreement, loadVersion } from './agreement-access.ts';

/** A version with the approvals given for it. */
export interface AgreementVersionDetail {
  readonly version: AgreementVersionRecord;
  readonly approvals: readonly ApprovalRecord[];
}

export async function listAgreements(
  store: Store,
  principal: Principal,
  page: PageRequest,
  filter: Omit<AgreementListFilter, 'hiddenStatuses'>,
): Promise<Page<AgreementOverview>> {
  requirePermission(principal, 'agreements.read');
  return store.read.agreements.list(scopeOf(principal), page, {
    ...filter,
    hiddenStatuses: hiddenStatusesFor(principal),
  });
}

/** An agreement with its versions and the months it has results for (null: no version was ever in force). */
export interface AgreementDetail extends AgreementOverview {
  readonly reporting: ReportablePeriods | null;
}

export async function getAgreement(
  { store, clock }: { store: Store; clock: Clock },
  principal: Principal,
  id: string,
): Promise<AgreementDetail> {
  requirePermission(principal, 'agreements.read');
  const repositories = store.read;
  const agreement = await loadAgreement(repositories, principal, id);
  const versions = await repositories.agreements.listVersions(principal.workspaceId, id, hiddenStatusesFor(principal));
  const customer = await repositories.customers.get(scopeOf(principal), agreement.customerId);
  const inForce = await loadActivatedVersions(repositories, principal.workspaceId, id);
  return {
    ...agreement,
    customerSlug: customer?.slug ?? '',
    versions,
    reporting: reportablePeriods(inForce, clock.now()),
  };
}

export async function getAgreementVersion(
  store: Store,
  principal: Principal,
  agreementId: string,
  versionId: string,
): Promise<AgreementVersionDetail> {
  requirePermission(principal, 'agreements.read');
  const agreement = await loadAgreement(store.read, principal, agreementId);
  const version = await loadVersion(store.read, principal, agreement, versionId);
  return { version, approvals: await store.read.agreements.listApprovals(principal.workspaceId, [version.id]) };
}

/** What changed from version `from` to version `to` (both of the agreement), field by field, each as people read it. */
export async function diffAgreementVersions(
  store: Store,
  principal: Principal,
  agreementId: string,
  fromVersionId: string,
  toVersionId: string,
): Promise<{ from: AgreementVersionRecord; to: AgreementVersionRecord; changes: DescribedAgreementChange[] }> {
  requirePermission(principal, 'agreements.read');
  const agreement = await loadAgreement(store.read, principal, agreementId);
  const from = await loadVersion(store.read, principal, agreement, fromVersionId);
  const to = await loadVersion(store.read, principal, agreement, toVersionId);
  const [before, after] = [from.content as Agreement, to.content as Agreement];
  return { from, to, changes: describeAgreementChanges(before, after, diffAgreements(before, after)) };
}
