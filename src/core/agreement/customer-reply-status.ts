/**
 * What a customer's reply does to a ticket's status (docs/mail.md#what-intake-does-with-a-message): a ticket waiting for the customer is no
 * longer waiting once the customer answers, so its status goes back to the workflow's first `open` status and the
 * clocks paused on it run again, as helpdesks move a pending ticket back to open on a customer's reply. Only a status
 * that waits for the customer moves: a `pending` status whose name says so (`awaiting_customer`, `waiting_for_user`,
 * `Awaiting User Info`); one waiting for a vendor or a change window stays where it is.
 */
import type { Status } from './agreement-schema.ts';
import { defaultStatuses } from './schema-workflow.ts';

const WAITS_ON_CUSTOMER = /customer|user|requester|caller|client/i;

/** The status a customer's reply moves the ticket to, or null when it stays as it is. */
export function statusAfterCustomerReply(
  statuses: readonly Pick<Status, 'name' | 'category'>[] | undefined,
  current: string | null,
): string | null {
  if (current === null) return null;
  const workflow = statuses && statuses.length > 0 ? statuses : defaultStatuses;
  const status = workflow.find((candidate) => candidate.name === current);
  if (status?.category !== 'pending' || !WAITS_ON_CUSTOMER.test(status.name)) return null;
  return workflow.find((candidate) => candidate.category === 'open')?.name ?? null;
}
