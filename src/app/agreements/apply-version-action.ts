/**
 * One step of a version's life, shared by every transition use-case: load and lock the version, let the core state
 * machine decide (`transitionVersion`), store the new state and its approvals, and audit the step, all in the
 * caller's transaction.
 */
import { transitionVersion, type VersionAction, type VersionState } from '../../core/agreement/index.ts';
import type { Principal } from '../access/principal.ts';
import { recordChange } from '../audit/record-change.ts';
import type {
  AgreementRecord,
  AgreementVersionChanges,
  AgreementVersionRecord,
  ApprovalRecord,
} from '../ports/agreement-repository.ts';
import type { Repositories } from '../ports/store.ts';
import { auditSummary, checkRevision, loadAgreement, loadVersion, versionStateOf } from './agreement-access.ts';
import type { AgreementVersionDetail } from './read-agreements.ts';

/** A version loaded and locked for a change, with what the core needs to judge it. */
export interface LockedVersion {
  readonly agreement: AgreementRecord;
  readonly version: AgreementVersionRecord;
  readonly approvals: readonly ApprovalRecord[];
  readonly state: VersionState;
}

export async function lockVersionForChange(
  repositories: Repositories,
  principal: Principal,
  agreementId: string,
  versionId: string,
  expectedRevision: number | null,
): Promise<LockedVersion> {
  const agreement = await loadAgreement(repositories, principal, agreementId);
  const version = await loadVersion(repositories, principal, agreement, versionId, { lock: true });
  checkRevision(version, expectedRevision, false);
  const approvals = await repositories.agreements.listApprovals(principal.workspaceId, [version.id]);
  return { agreement, version, approvals, state: versionStateOf(version, approvals) };
}

export interface ApplyOptions {
  /** The audit action, e.g. "agreement_version.submitted". */
  readonly audit: string;
  /** Facts for the audit entry beyond the before/after summaries (a reason, the approver). */
  readonly details?: Record<string, unknown>;
  /** Further changes of the row that the state does not carry (new lint findings). */
  readonly changes?: AgreementVersionChanges;
  /** The person behind an approval (the core records only the e-mail). */
  readonly approver?: { readonly userId: string; readonly email: string };
}

/** Applies the action through the core state machine and stores the result. */
export async function applyVersionAction(
  repositories: Repositories,
  principal: Principal,
  at: number,
  locked: LockedVersion,
  action: VersionAction,
  options: ApplyOptions,
): Promise<AgreementVersionDetail> {
  const { agreement, version, state } = locked;
  const next = transitionVersion(state, action);
  let approvals = [...locked.approvals];
  if (next.approvals.length < state.approvals.length) {
    await repositories.agreements.deleteApprovals(principal.workspaceId, version.id);
    approvals = [];
  }
  if (action.type === 'approve' && options.approver) {
    approvals.push(
      await repositories.agreements.addApproval({
        workspaceId: principal.workspaceId,
        customerId: agreement.customerId,
        versionId: version.id,
        party: action.party,
        userId: options.approver.userId,
        userEmail: options.approver.email,
        contentHash: action.contentHash,
        approvedAt: action.at,
      }),
    );
  }
  const after = await repositories.agreements.updateVersion(principal.workspaceId, version.id, {
    ...options.changes,
    status: next.status,
    ...(next.activatedAt !== state.activatedAt ? { activatedAt: next.activatedAt ?? null } : {}),
    ...(next.effectiveFrom !== (version.effectiveFrom ?? undefined)
      ? { effectiveFrom: next.effectiveFrom ?? null }
      : {}),
    ...(next.endedAt !== state.endedAt ? { endedAt: next.endedAt ?? null } : {}),
  });
  await recordChange(repositories, principal, at, {
    action: options.audit,
    entityType: 'agreement_version',
    entityId: version.id,
    customerId: agreement.customerId,
    before: auditSummary(version),
    after: { ...auditSummary(after), ...options.details },
  });
  return { version: after, approvals };
}
