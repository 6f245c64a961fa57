/**
 * Use-cases of a version's life after drafting: submit for review (lint errors block it), activate an approved
 * version (from its effective date; the version active until then is superseded), and end the active version by
 * termination or at the end of its term. Each step goes through the core state machine and is audited.
 */
import { type Agreement, agreementEffectiveFrom } from '../../core/agreement/index.ts';
import { type Principal, requirePermission } from '../access/principal.ts';
import { conflict } from '../app-error.ts';
import type { Repositories } from '../ports/store.ts';
import type { ClockRebuildOutcome } from '../rebuild-after-change.ts';
import { remeasureAfterActivation } from '../tickets/remeasure-after-activation.ts';
import { loadAgreement } from './agreement-access.ts';
import { lintStoredAgreement } from './agreement-documents.ts';
import { applyVersionAction, type LockedVersion, lockVersionForChange } from './apply-version-action.ts';
import type { AgreementDependencies } from './create-agreement.ts';
import type { AgreementVersionDetail } from './read-agreements.ts';

export interface VersionTarget {
  readonly agreementId: string;
  readonly versionId: string;
  /** The revision named by If-Match, when the request sent one. */
  readonly expectedRevision: number | null;
}

/**
 * Runs one state change of a version in a transaction: the version is locked (checked against If-Match) and `act`
 * applies the change at one instant.
 */
async function changeVersion(
  { store, clock }: AgreementDependencies,
  target: VersionTarget,
  principal: Principal,
  act: (locked: LockedVersion, at: number, repositories: Repositories) => Promise<AgreementVersionDetail>,
): Promise<AgreementVersionDetail> {
  return store.transaction(async (repositories) => {
    const locked = await lockTarget(repositories, principal, target);
    return act(locked, clock.now(), repositories);
  });
}

function lockTarget(repositories: Repositories, principal: Principal, target: VersionTarget): Promise<LockedVersion> {
  return lockVersionForChange(repositories, principal, target.agreementId, target.versionId, target.expectedRevision);
}

/** Sends a draft for approval; the lint runs again (workspace calendars may have changed) and errors block it. */
export async function submitAgreementVersion(
  dependencies: AgreementDependencies,
  principal: Principal,
  target: VersionTarget,
): Promise<AgreementVersionDetail> {
  requirePermission(principal, 'agreements.write');
  return changeVersion(dependencies, target, principal, async (locked, at, repositories) => {
    const findings = await lintStoredAgreement(repositories, principal.workspaceId, locked.version);
    return applyVersionAction(
      repositories,
      principal,
      at,
      locked,
      { type: 'submit', at, findings },
      { audit: 'agreement_version.submitted', changes: { lint: findings } },
    );
  });
}

/**
 * Puts an approved version in force now; it is in force from its effective instant (decision 0025). The version
 * active until now, and older approved versions that never became active, are superseded at the same instant. The
 * tickets the version now governs are re-measured after the commit: those opened since its effective instant (and,
 * when it applies to open tickets, those open at any time since then).
 */
export async function activateAgreementVersion(
  dependencies: AgreementDependencies,
  principal: Principal,
  target: VersionTarget,
): Promise<AgreementVersionDetail & { clockRebuild: ClockRebuildOutcome | null }> {
  requirePermission(principal, 'agreements.activate');
  const { store, clock } = dependencies;
  const detail = await store.transaction(async (repositories) => {
    // The agreement first, then its versions: every writer locks in this order, so activations queue, never deadlock.
    await loadAgreement(repositories, principal, target.agreementId);
    await repositories.agreements.lock(principal.workspaceId, target.agreementId);
    const locked = await lockTarget(repositories, principal, target);
    const { number } = locked.version;
    const others = (await repositories.agreements.listVersions(principal.workspaceId, target.agreementId, [])).filter(
      (other) => other.id !== locked.version.id,
    );
    const newer = others.find((other) => other.status === 'active' && other.number > number);
    if (newer) {
      throw conflict('NEWER_VERSION_ACTIVE', `version ${newer.number} is already active; version ${number} is older`, {
        versionId: newer.id,
        number: newer.number,
      });
    }
    const at = clock.now();
    // Without an effective date, the first version put in force takes effect at the term start, an amendment now.
    const amendment = others.some((other) => other.activatedAt !== null);
    const effectiveFrom = agreementEffectiveFrom(locked.version.content as Agreement, { amendment });
    const activated = await applyVersionAction(
      repositories,
      principal,
      at,
      { ...locked, state: { ...locked.state, effectiveFrom } },
      { type: 'activate', at },
      { audit: 'agreement_version.activated' },
    );
    for (const other of others) {
      if (other.status !== 'active' && !(other.status === 'approved' && other.number < number)) continue;
      const previous = await lockVersionForChange(repositories, principal, target.agreementId, other.id, null);
      await applyVersionAction(
        repositories,
        principal,
        at,
        previous,
        { type: 'supersede', at },
        { audit: 'agreement_version.superseded', details: { supersededBy: number } },
      );
    }
    await repositories.agreements.update(principal.workspaceId, target.agreementId, {
      title: (locked.version.content as Agreement).metadata.title,
    });
    return activated;
  });
  const clockRebuild = await remeasureAfterActivation(dependencies, principal, detail.version);
  return { ...detail, clockRebuild };
}

/** Ends the active version early, for the reason given (a termination right, a mutual agreement). */
export async function terminateAgreementVersion(
  dependencies: AgreementDependencies,
  principal: Principal,
  target: VersionTarget,
  input: { reason: string },
): Promise<AgreementVersionDetail> {
  requirePermission(principal, 'agreements.activate');
  return changeVersion(dependencies, target, principal, (locked, at, repositories) =>
    applyVersionAction(
      repositories,
      principal,
      at,
      locked,
      { type: 'terminate', at, reason: input.reason },
      { audit: 'agreement_version.terminated', details: { reason: input.reason } },
    ),
  );
}

/** Records that the active version's term is over (refused before the end of the term). */
export async function expireAgreementVersion(
  dependencies: AgreementDependencies,
  principal: Principal,
  target: VersionTarget,
): Promise<AgreementVersionDetail> {
  requirePermission(principal, 'agreements.activate');
  return changeVersion(dependencies, target, principal, (locked, at, repositories) =>
    applyVersionAction(
      repositories,
      principal,
      at,
      locked,
      { type: 'expire', at },
      { audit: 'agreement_version.expired' },
    ),
  );
}
