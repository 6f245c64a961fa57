/**
 * The events of a customer's reply (by e-mail or in the portal): the reply itself, preceded by the status change that
 * ends a wait for the customer (core/agreement/customer-reply-status.ts), so the clocks paused on it run again.
 */
import { type Agreement, statusAfterCustomerReply } from '../../core/agreement/index.ts';
import type { EventChannel, TicketEvent } from '../../core/clocks/index.ts';
import type { Repositories } from '../ports/store.ts';
import type { TicketRecord } from '../ports/ticket-repository.ts';

export async function customerReplyEvents(
  repositories: Repositories,
  ticket: TicketRecord,
  reply: { key: string; occurredAt: number; channel: EventChannel },
): Promise<TicketEvent[]> {
  const version =
    ticket.agreementVersionId === null
      ? null
      : await repositories.caches.frozenVersions.get(
          repositories.agreements,
          ticket.workspaceId,
          ticket.agreementVersionId,
        );
  const statuses = (version?.content as Agreement | undefined)?.spec.statuses;
  const resumed = statusAfterCustomerReply(statuses, ticket.status);
  const { key, occurredAt, channel } = reply;
  return [
    ...(resumed === null
      ? []
      : [{ id: `${key}:status`, type: 'status' as const, status: resumed, occurredAt, channel }]),
    { id: key, type: 'customer_reply', occurredAt, channel },
  ];
}
