/**
 * What a principal may see of agreements, and the pieces every agreement use-case shares: loading an agreement and
 * a version within the caller's scope, the version's approval state for the core state machine, the If-Match check.
 *
 * Customer representatives see their own customer's agreements only, and of those only versions from `in_review`
 * on: a draft is the provider's working copy (docs/decisions/0007-agreements-api.md). An agreement with nothing but
 * drafts is hidden from them entirely, and anything hidden answers exactly like something that does not exist.
 */
import { type Agreement, agreementTermEndsAt, type Party, type VersionState } from '../../core/agreement/index.ts';
import { type Principal, scopeOf } from '../access/principal.ts';
import { AppError, forbidden, notFound } from '../app-error.ts';
import type {
  AgreementRecord,
  AgreementVersionRecord,
  ApprovalRecord,
  VersionStatus,
} from '../ports/agreement-repository.ts';
import type { Repositories } from '../ports/store.ts';

/** Version statuses the principal may not see. */
export function hiddenStatusesFor(principal: Principal): VersionStatus[] {
  return principal.customerId === null ? [] : ['draft'];
}

/** The agreement, if the principal may see it (in scope, and with a version it may see); else NOT_FOUND. */
export async function loadAgreement(
  repositories: Repositories,
  principal: Principal,
  id: string,
): Promise<AgreementRecord> {
  const agreement = await repositories.agreements.get(scopeOf(principal), id);
  if (!agreement) throw notFound('agreement', id);
  const hidden = hiddenStatusesFor(principal);
  if (hidden.length > 0) {
    const visible = await repositories.agreements.listVersions(principal.workspaceId, id, hidden);
    if (visible.length === 0) throw notFound('agreement', id);
  }
  return agreement;
}

/**
 * A version of the agreement the principal may see, locked for the transaction when `lock` is set (every use-case
 * that changes a version locks it, so concurrent approvals queue instead of overwriting each other).
 */
export async function loadVersion(
  repositories: Repositories,
  principal: Principal,
  agreement: AgreementRecord,
  versionId: string,
  options: { lock: boolean } = { lock: false },
): Promise<AgreementVersionRecord> {
  const version = options.lock
    ? await repositories.agreements.lockVersion(principal.workspaceId, agreement.id, versionId)
    : await repositories.agreements.getVersion(principal.workspaceId, versionId);
  if (!version || version.agreementId !== agreement.id || hiddenStatusesFor(principal).includes(version.status)) {
    throw notFound('agreement version', versionId);
  }
  return version;
}

/** The version as the core's approval state machine sees it. */
export function versionStateOf(version: AgreementVersionRecord, approvals: readonly ApprovalRecord[]): VersionState {
  const agreement = version.content as Agreement;
  return {
    agreementId: agreement.metadata.id,
    status: version.status,
    contentHash: version.contentHash,
    effectiveFrom: version.effectiveFrom ?? undefined,
    termEndsAt: agreementTermEndsAt(agreement),
    appliesToOpenTickets: version.appliesToOpenTickets,
    signatories: agreement.spec.signatories,
    approvals: approvals.map((approval) => ({
      party: approval.party,
      by: approval.userEmail,
      at: approval.approvedAt,
      contentHash: approval.contentHash,
    })),
    activatedAt: version.activatedAt ?? undefined,
    endedAt: version.endedAt ?? undefined,
  };
}

/**
 * Acting for a party: the provider's side is any provider principal; the customer's side only a representative of
 * a customer (whether of this agreement's customer is settled by the data scope, which hides other customers'
 * agreements). Checked before any data is read, so the answer never depends on what exists.
 */
export function requireParty(principal: Principal, party: Party): void {
  if (party === 'customer' && principal.customerId === null) {
    throw forbidden(
      "only a representative of the agreement's customer may act for the customer",
      'NOT_CUSTOMER_REPRESENTATIVE',
    );
  }
  if (party === 'provider' && principal.customerId !== null) {
    throw forbidden('a customer representative cannot act for the provider', 'NOT_PROVIDER_REPRESENTATIVE');
  }
}

/**
 * Optimistic concurrency: `expectedRevision` is the revision named by the request's If-Match (null when absent).
 * Required for edits of a draft: 428 without it, 412 when the version has changed since it was read.
 */
export function checkRevision(
  version: { readonly revision: number },
  expectedRevision: number | null,
  required: boolean,
): void {
  if (expectedRevision === null) {
    if (!required) return;
    throw new AppError(
      'precondition_required',
      'PRECONDITION_REQUIRED',
      'send If-Match with the ETag of the version you edited (GET it first), so a concurrent change is not overwritten',
      { currentRevision: version.revision },
    );
  }
  if (expectedRevision !== version.revision) {
    throw new AppError(
      'precondition_failed',
      'PRECONDITION_FAILED',
      `the version has changed since you read it (revision ${expectedRevision}, now ${version.revision}); reload it and apply your change again`,
      { expectedRevision, currentRevision: version.revision },
    );
  }
}

/** The summary of a version recorded in the audit log (the content itself is kept immutably with the version). */
export function auditSummary(version: AgreementVersionRecord): Record<string, unknown> {
  return {
    agreementId: version.agreementId,
    number: version.number,
    status: version.status,
    contentHash: version.contentHash,
    revision: version.revision,
    activatedAt: version.activatedAt,
    endedAt: version.endedAt,
  };
}
