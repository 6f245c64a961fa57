/**
 * Use-case: the events API with a message body (`POST /tickets/:id/events` with `message`): an `agent_reply` or
 * `customer_reply` recorded together with its text as a message of the conversation, in one transaction. This records
 * what happened elsewhere (a helpdesk, a chat tool): nothing is e-mailed. A retry with the same event key records
 * neither twice.
 */
import type { Principal } from '../access/principal.ts';
import { invalid } from '../app-error.ts';
import type { MailServices } from '../mail/mail-intake-settings.ts';
import type { Clock, Store } from '../ports/store.ts';
import type { MessageChannel } from '../ports/ticket-message-repository.ts';
import {
  checkEventRequest,
  type RecordEventsResult,
  recordInTransaction,
  type TicketEventInput,
} from '../tickets/record-ticket-events.ts';
import { authorOf, blankMessage, visibleTicket } from './post-ticket-message.ts';

export interface EventMessage {
  readonly text: string;
  readonly html?: string | undefined;
}

export async function recordEventWithMessage(
  { store, clock, mail }: { store: Store; clock: Clock; mail: Pick<MailServices, 'sanitizeHtml'> },
  principal: Principal,
  ticketId: string,
  event: TicketEventInput,
  message: EventMessage,
): Promise<RecordEventsResult> {
  if (event.type !== 'agent_reply' && event.type !== 'customer_reply') {
    throw invalid('MESSAGE_NOT_ALLOWED', 'only an agent_reply or a customer_reply carries a message');
  }
  const request = checkEventRequest(principal, [{ ticketId, event }]);
  const now = clock.now();
  return store.transaction(async (repositories) => {
    const result = await recordInTransaction(repositories, request, now);
    if (result.recorded === 0) return result;
    const ticket = await visibleTicket(repositories, principal, ticketId);
    const channel: MessageChannel = event.channel ?? (principal.userId === null ? 'api' : 'web');
    await repositories.ticketMessages.insert({
      ...blankMessage(ticket, await authorOf(repositories, principal)),
      kind: 'reply',
      direction: event.type === 'agent_reply' ? 'out' : 'in',
      channel,
      eventKey: result.events[0]!.key,
      text: message.text,
      html: message.html === undefined ? null : mail.sanitizeHtml(message.html),
      occurredAt: event.occurredAt,
      idempotencyKey: null,
    });
    return result;
  });
}
