/**
 * Use-cases of the outbox as operators see it (decision 0016): every message with its delivery state, and a way to
 * send a dead-lettered message again once its cause is fixed (a receiver was down for a day, the SMTP password was
 * wrong). Service level managers and administrators hold `notifications.manage`.
 */
import { type Principal, requirePermission } from '../access/principal.ts';
import { conflict, notFound } from '../app-error.ts';
import { recordChange } from '../audit/record-change.ts';
import type { OutboxMessage } from '../ports/monitoring-repository.ts';
import type { OutboxListFilter } from '../ports/notification-repository.ts';
import type { Page, PageRequest } from '../ports/pagination.ts';
import type { Clock, Store } from '../ports/store.ts';

export async function listOutbox(
  store: Store,
  principal: Principal,
  page: PageRequest,
  filter: OutboxListFilter,
): Promise<Page<OutboxMessage>> {
  requirePermission(principal, 'notifications.manage');
  return store.read.notifications.listOutbox(principal.workspaceId, page, filter);
}

/**
 * A dead message back to pending, due now, with its attempts reset (it gets the full retry schedule again). Any
 * other state answers 409 OUTBOX_MESSAGE_NOT_DEAD: a pending or sending message is already on its way, a delivered
 * one must not be sent twice.
 */
export async function retryOutboxMessage(
  { store, clock }: { store: Store; clock: Clock },
  principal: Principal,
  id: string,
): Promise<OutboxMessage> {
  requirePermission(principal, 'notifications.manage');
  const now = clock.now();
  return store.transaction(async (repositories) => {
    const retried = await repositories.notifications.retryDeadOutboxMessage(principal.workspaceId, id, now);
    if (!retried) {
      const current = await repositories.notifications.getOutboxMessage(principal.workspaceId, id);
      if (!current) throw notFound('outbox message', id);
      throw conflict('OUTBOX_MESSAGE_NOT_DEAD', `only a dead message can be retried; this one is ${current.status}`, {
        id,
        status: current.status,
      });
    }
    await recordChange(repositories, principal, now, {
      action: 'outbox.retried',
      entityType: 'outbox_message',
      entityId: id,
      customerId: retried.customerId,
      before: { status: 'dead' },
      after: { status: retried.status, channel: retried.channel, kind: retried.kind, recipient: retried.recipient },
    });
    return retried;
  });
}
