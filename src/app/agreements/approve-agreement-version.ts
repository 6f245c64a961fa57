/**
 * Use-cases: approve or reject a version in review, for the provider or for the customer
 * (docs/semantics.md#agreements-as-code).
 *
 * An approval is a person's signature of one exact content: the request carries the content hash the approver saw,
 * the core refuses any other (`APPROVAL_HASH_MISMATCH`), and when the agreement names signatories for the party the
 * approver's e-mail must be one of them (`APPROVER_NOT_SIGNATORY`). API tokens have no person behind them, so only a
 * signed-in user approves. A rejection sends the version back to draft and drops the approvals given so far; any
 * principal of the party with the party's approval permission may reject, with a reason.
 */
import type { Party } from '../../core/agreement/index.ts';
import { type Principal, requirePermission } from '../access/principal.ts';
import type { Permission } from '../access/roles.ts';
import { forbidden } from '../app-error.ts';
import type { Repositories } from '../ports/store.ts';
import { requireParty } from './agreement-access.ts';
import { applyVersionAction, lockVersionForChange } from './apply-version-action.ts';
import type { AgreementDependencies } from './create-agreement.ts';
import type { AgreementVersionDetail } from './read-agreements.ts';

const approvalPermission: Record<Party, Permission> = {
  provider: 'agreements.approve_provider',
  customer: 'agreements.approve_customer',
};

export async function approveAgreementVersion(
  { store, clock }: AgreementDependencies,
  principal: Principal,
  party: Party,
  target: { agreementId: string; versionId: string },
  input: { contentHash: string },
): Promise<AgreementVersionDetail> {
  requirePermission(principal, approvalPermission[party]);
  requireParty(principal, party);
  if (principal.userId === null) {
    throw forbidden(
      'an approval is the signature of a person: sign in as the approver (an API token has no person or e-mail behind it)',
      'APPROVAL_REQUIRES_USER',
    );
  }
  const userId = principal.userId;
  return store.transaction(async (repositories) => {
    const locked = await lockVersionForChange(repositories, principal, target.agreementId, target.versionId, null);
    const email = await emailOf(repositories, principal.workspaceId, userId);
    const at = clock.now();
    return applyVersionAction(
      repositories,
      principal,
      at,
      locked,
      { type: 'approve', party, by: email, at, contentHash: input.contentHash },
      { audit: 'agreement_version.approved', details: { party, approver: email }, approver: { userId, email } },
    );
  });
}

export async function rejectAgreementVersion(
  { store, clock }: AgreementDependencies,
  principal: Principal,
  party: Party,
  target: { agreementId: string; versionId: string },
  input: { reason: string },
): Promise<AgreementVersionDetail> {
  requirePermission(principal, approvalPermission[party]);
  requireParty(principal, party);
  return store.transaction(async (repositories) => {
    const locked = await lockVersionForChange(repositories, principal, target.agreementId, target.versionId, null);
    const by =
      principal.userId === null
        ? principal.label
        : await emailOf(repositories, principal.workspaceId, principal.userId);
    const at = clock.now();
    return applyVersionAction(
      repositories,
      principal,
      at,
      locked,
      { type: 'reject', party, by, at, reason: input.reason },
      { audit: 'agreement_version.rejected', details: { party, by, reason: input.reason } },
    );
  });
}

async function emailOf(repositories: Repositories, workspaceId: string, userId: string): Promise<string> {
  const user = await repositories.users.get(workspaceId, userId);
  if (!user) throw forbidden('the signed-in user no longer exists', 'APPROVAL_REQUIRES_USER');
  return user.email;
}
