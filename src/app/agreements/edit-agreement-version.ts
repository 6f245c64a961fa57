/**
 * Use-case: replace the document of a draft version. The caller must name the revision it edited (If-Match), so two
 * people editing one draft cannot overwrite each other silently.
 *
 * Only drafts are edited here. From `approved` on the core state machine refuses any edit (the content is locked:
 * an amendment is a new version). A version in review is refused too, although the core would take it back to draft:
 * withdrawing it is a rejection, an explicit step with a reason, so an approval already given is never dropped by
 * an edit as a side effect (docs/decisions/0007-agreements-api.md).
 */
import {
  type Agreement,
  agreementEffectiveFrom,
  allowedVersionActions,
  diffAgreements,
  transitionVersion,
  type VersionState,
} from '../../core/agreement/index.ts';
import { DomainError } from '../../core/errors.ts';
import { type Principal, requirePermission } from '../access/principal.ts';
import { recordChange } from '../audit/record-change.ts';
import { auditSummary, checkRevision, loadAgreement, loadVersion, versionStateOf } from './agreement-access.ts';
import { type AgreementDocument, readAgreementDocument } from './agreement-documents.ts';
import type { AgreementDependencies } from './create-agreement.ts';
import type { AgreementVersionDetail } from './read-agreements.ts';

export async function editAgreementVersion(
  { store, clock }: AgreementDependencies,
  principal: Principal,
  target: { agreementId: string; versionId: string; expectedRevision: number | null },
  input: AgreementDocument,
): Promise<AgreementVersionDetail> {
  requirePermission(principal, 'agreements.write');
  return store.transaction(async (repositories) => {
    const agreement = await loadAgreement(repositories, principal, target.agreementId);
    const version = await loadVersion(repositories, principal, agreement, target.versionId, { lock: true });
    checkRevision(version, target.expectedRevision, true);
    const state = versionStateOf(version, []);
    refuseUnlessDraft(state, version.content as Agreement);
    const read = await readAgreementDocument(repositories, principal, input, {
      slug: agreement.slug,
      customerId: agreement.customerId,
    });
    transitionVersion(state, { type: 'edit', agreement: read.agreement });
    const amendment = (await repositories.agreements.listVersions(principal.workspaceId, agreement.id, [])).some(
      (other) => other.id !== version.id && other.activatedAt !== null,
    );
    const after = await repositories.agreements.updateVersion(principal.workspaceId, version.id, {
      content: read.agreement,
      sourceText: input.document,
      sourceFormat: input.format,
      contentHash: read.contentHash,
      lint: read.findings,
      effectiveFrom: agreementEffectiveFrom(read.agreement, { amendment }) ?? null,
      appliesToOpenTickets: read.agreement.spec.version.appliesToOpenTickets,
    });
    await recordChange(repositories, principal, clock.now(), {
      action: 'agreement_version.edited',
      entityType: 'agreement_version',
      entityId: version.id,
      customerId: agreement.customerId,
      before: auditSummary(version),
      after: { ...auditSummary(after), changes: diffAgreements(version.content as Agreement, read.agreement) },
    });
    return { version: after, approvals: [] };
  });
}

function refuseUnlessDraft(state: VersionState, content: Agreement): void {
  if (state.status === 'draft') return;
  if (!allowedVersionActions(state).includes('edit')) {
    // The core's own refusal: AGREEMENT_VERSION_LOCKED from approved on.
    transitionVersion(state, { type: 'edit', agreement: content });
  }
  throw new DomainError(
    'AGREEMENT_VERSION_LOCKED',
    `this version is ${state.status}; only drafts are edited: reject it to withdraw it from review, then edit it`,
    { status: state.status },
  );
}
