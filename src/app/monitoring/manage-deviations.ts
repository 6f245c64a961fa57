/**
 * Use-cases of deviations (decision 0016): the sweep opens one when an escalation level says so (and period results
 * will open them for red results); people move them on: open -> in progress -> closed, and back to open when a
 * closed one turns out not to be solved. Everyone with results.read sees them, a customer only its own customer's;
 * service level managers and administrators change them (`deviations.write`), each change audited.
 */
import { type Principal, requirePermission, scopeOf } from '../access/principal.ts';
import { notFound } from '../app-error.ts';
import { recordChange } from '../audit/record-change.ts';
import type { DeviationListFilter, DeviationRecord, DeviationStatus } from '../ports/notification-repository.ts';
import type { Page, PageRequest } from '../ports/pagination.ts';
import type { Clock, Store } from '../ports/store.ts';

export interface DeviationUpdate {
  readonly status: DeviationStatus;
  /** Absent keeps the note; null clears it. */
  readonly note?: string | null | undefined;
}

export async function listDeviations(
  store: Store,
  principal: Principal,
  page: PageRequest,
  filter: DeviationListFilter,
): Promise<Page<DeviationRecord>> {
  requirePermission(principal, 'results.read');
  return store.read.notifications.listDeviations(scopeOf(principal), page, filter);
}

export async function updateDeviation(
  { store, clock }: { store: Store; clock: Clock },
  principal: Principal,
  id: string,
  update: DeviationUpdate,
): Promise<DeviationRecord> {
  requirePermission(principal, 'deviations.write');
  const now = clock.now();
  return store.transaction(async (repositories) => {
    const before = await repositories.notifications.getDeviation(scopeOf(principal), id);
    if (!before) throw notFound('deviation', id);
    const note = update.note === undefined ? before.note : update.note;
    if (update.status === before.status && note === before.note) return before;
    // A deviation closed again keeps the instant it was first closed; reopening clears it.
    const closedAt = update.status !== 'closed' ? null : before.status === 'closed' ? before.closedAt : now;
    const after = (await repositories.notifications.updateDeviation(
      scopeOf(principal),
      id,
      { status: update.status, note, closedAt },
      now,
    ))!;
    await recordChange(repositories, principal, now, {
      action: actionOf(before.status, after.status),
      entityType: 'deviation',
      entityId: id,
      customerId: after.customerId,
      before: { status: before.status, note: before.note, closedAt: before.closedAt },
      after: { status: after.status, note: after.note, closedAt: after.closedAt },
    });
    return after;
  });
}

function actionOf(before: DeviationStatus, after: DeviationStatus): string {
  if (before !== 'closed' && after === 'closed') return 'deviation.closed';
  if (before === 'closed' && after !== 'closed') return 'deviation.reopened';
  return 'deviation.updated';
}
