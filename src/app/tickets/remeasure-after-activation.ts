/**
 * After a version is put in force (decision 0025): it is in force from its effective instant, which may lie before
 * the click, so the tickets it now governs are measured under it at once. The customer's tickets that belonged to no
 * agreement and were opened since then are attached to this agreement when it is the customer's only one in force;
 * then the clocks of the agreement's tickets opened since then (and, when the version applies to open tickets, of
 * those open at any time since then) are rebuilt. The audit log records what was re-measured; a closed, published
 * period shows the changed results as corrections in its next report.
 */
import type { Principal } from '../access/principal.ts';
import { recordChange } from '../audit/record-change.ts';
import type { AgreementVersionRecord } from '../ports/agreement-repository.ts';
import type { Clock, Store } from '../ports/store.ts';
import { type ClockRebuildOutcome, rebuildAfterChange } from '../rebuild-after-change.ts';

export async function remeasureAfterActivation(
  dependencies: { store: Store; clock: Clock },
  principal: Principal,
  version: AgreementVersionRecord,
): Promise<ClockRebuildOutcome | null> {
  const { store, clock } = dependencies;
  const activatedAt = version.activatedAt ?? clock.now();
  const since = Math.min(version.effectiveFrom ?? activatedAt, activatedAt);
  const tookEffectBefore = since < activatedAt;
  if (!tookEffectBefore && !version.appliesToOpenTickets) return null;
  const attached = tookEffectBefore ? await attachUnassignedTickets(store, principal, version, since) : 0;
  const outcome = await rebuildAfterChange(dependencies, {
    workspaceId: principal.workspaceId,
    agreementId: version.agreementId,
    tickets: { openSince: since },
  });
  await store.transaction((repositories) =>
    recordChange(repositories, principal, clock.now(), {
      action: 'clocks.remeasured',
      entityType: 'agreement_version',
      entityId: version.id,
      customerId: version.customerId,
      after: { since, activatedAt, attachedTickets: attached, ...outcome },
    }),
  );
  return outcome;
}

/**
 * Attaches the customer's tickets without agreement, opened since `since`, to the version's agreement, unless another
 * agreement of the customer has been put in force (the tickets would then be ambiguous: they stay as they are).
 */
async function attachUnassignedTickets(
  store: Store,
  principal: Principal,
  version: AgreementVersionRecord,
  since: number,
): Promise<number> {
  return store.transaction(async (repositories) => {
    const agreements = await repositories.tickets.agreementCandidates(principal.workspaceId, version.customerId);
    for (const other of agreements) {
      if (other.agreementId === version.agreementId) continue;
      const versions = await repositories.agreements.pinningCandidates(principal.workspaceId, other.agreementId);
      if (versions.some((candidate) => candidate.activatedAt !== null)) return 0;
    }
    return repositories.tickets.attachToAgreement(principal.workspaceId, {
      customerId: version.customerId,
      agreementId: version.agreementId,
      openedSince: since,
    });
  });
}
