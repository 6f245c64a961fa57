/**
 * Use-cases: create an agreement from its document (version 1, a draft), and amend it with a new version (the next
 * number, a draft). An agreement has at most one open version at a time (draft, in review or half approved), so two
 * amendments never compete for the same signatures.
 */
import { agreementEffectiveFrom } from '../../core/agreement/index.ts';
import { type Principal, requirePermission } from '../access/principal.ts';
import { conflict } from '../app-error.ts';
import { recordChange } from '../audit/record-change.ts';
import type {
  AgreementOverview,
  AgreementRecord,
  AgreementVersionRecord,
  VersionStatus,
} from '../ports/agreement-repository.ts';
import type { Clock, Repositories, Store } from '../ports/store.ts';
import { auditSummary, loadAgreement } from './agreement-access.ts';
import { type AgreementDocument, type ReadAgreementDocument, readAgreementDocument } from './agreement-documents.ts';

export interface AgreementDependencies {
  readonly store: Store;
  readonly clock: Clock;
}

/** Statuses of a version whose content is not settled yet. */
export const openVersionStatuses: readonly VersionStatus[] = [
  'draft',
  'in_review',
  'approved_by_provider',
  'approved_by_customer',
];

export async function createAgreement(
  { store, clock }: AgreementDependencies,
  principal: Principal,
  input: AgreementDocument,
): Promise<{ agreement: AgreementOverview; version: AgreementVersionRecord }> {
  requirePermission(principal, 'agreements.write');
  return store.transaction(async (repositories) => {
    const read = await readAgreementDocument(repositories, principal, input);
    const { id: slug, title } = read.agreement.metadata;
    // The unique index decides, so two concurrent creations of one id cannot both succeed.
    const agreement = await repositories.agreements.create({
      workspaceId: principal.workspaceId,
      customerId: read.customer.id,
      slug,
      title,
    });
    if (!agreement) {
      throw conflict(
        'AGREEMENT_EXISTS',
        `an agreement with the id ${slug} already exists; amend it with a new version`,
        {
          slug,
        },
      );
    }
    const version = await storeVersion(repositories, principal, agreement, 1, input, read, { amendment: false });
    const at = clock.now();
    await recordChange(repositories, principal, at, {
      action: 'agreement.created',
      entityType: 'agreement',
      entityId: agreement.id,
      customerId: agreement.customerId,
      after: agreement,
    });
    await recordChange(repositories, principal, at, {
      action: 'agreement_version.created',
      entityType: 'agreement_version',
      entityId: version.id,
      customerId: agreement.customerId,
      after: auditSummary(version),
    });
    return { agreement: { ...agreement, customerSlug: read.customer.slug, versions: [version] }, version };
  });
}

/** An amendment: a new draft version of the agreement. */
export async function createAgreementVersion(
  { store, clock }: AgreementDependencies,
  principal: Principal,
  agreementId: string,
  input: AgreementDocument,
): Promise<AgreementVersionRecord> {
  requirePermission(principal, 'agreements.write');
  return store.transaction(async (repositories) => {
    await loadAgreement(repositories, principal, agreementId);
    const agreement = (await repositories.agreements.lock(principal.workspaceId, agreementId))!;
    const versions = await repositories.agreements.listVersions(principal.workspaceId, agreementId, []);
    const open = versions.find((version) => openVersionStatuses.includes(version.status));
    if (open) {
      throw conflict(
        'AGREEMENT_OPEN_VERSION_EXISTS',
        `version ${open.number} is still ${open.status}; finish it (or edit it) before starting another version`,
        { versionId: open.id, number: open.number, status: open.status },
      );
    }
    const read = await readAgreementDocument(repositories, principal, input, {
      slug: agreement.slug,
      customerId: agreement.customerId,
    });
    const number = Math.max(0, ...versions.map((version) => version.number)) + 1;
    const amendment = versions.some((other) => other.activatedAt !== null);
    const version = await storeVersion(repositories, principal, agreement, number, input, read, { amendment });
    await recordChange(repositories, principal, clock.now(), {
      action: 'agreement_version.created',
      entityType: 'agreement_version',
      entityId: version.id,
      customerId: agreement.customerId,
      after: auditSummary(version),
    });
    return version;
  });
}

function storeVersion(
  repositories: Repositories,
  principal: Principal,
  agreement: AgreementRecord,
  number: number,
  input: AgreementDocument,
  read: ReadAgreementDocument,
  options: { amendment: boolean },
): Promise<AgreementVersionRecord> {
  return repositories.agreements.createVersion({
    workspaceId: principal.workspaceId,
    customerId: agreement.customerId,
    agreementId: agreement.id,
    number,
    content: read.agreement,
    sourceText: input.document,
    sourceFormat: input.format,
    contentHash: read.contentHash,
    lint: read.findings,
    effectiveFrom: agreementEffectiveFrom(read.agreement, options) ?? null,
    appliesToOpenTickets: read.agreement.spec.version.appliesToOpenTickets,
    createdBy: principal.userId,
  });
}
