/**
 * The conversation card of the ticket page: the thread, and what the viewer may write (the composer for providers,
 * the reply box for the customer).
 */
import { ticketsApi } from '../../api/tickets-api.ts';
import type { Ticket } from '../../api/types.ts';
import { AsyncView } from '../../components/async-view.tsx';
import { useResource } from '../../components/use-resource.ts';
import { useSession, useSignedIn } from '../auth/session-context.tsx';
import { PortalReply } from '../portal/portal-reply.tsx';
import { Composer } from './composer.tsx';
import { ConversationThread } from './conversation-thread.tsx';

export function ConversationSection({
  ticket,
  zone,
  onChanged,
}: {
  ticket: Ticket;
  zone: string;
  onChanged: () => void;
}) {
  const session = useSignedIn();
  const { can } = useSession();
  const messages = useResource((signal) => ticketsApi.messages(ticket.id, signal), [ticket.id]);
  const sent = () => {
    messages.reload();
    onChanged();
  };
  const open = ticket.lifecycle !== 'cancelled' && ticket.lifecycle !== 'closed';
  return (
    <section className="card stack" aria-labelledby="ticket-conversation">
      <h2 id="ticket-conversation">Conversation</h2>
      <AsyncView resource={messages} what="the conversation">
        {(answer) => (
          <ConversationThread
            messages={answer.items}
            audience={session.isCustomer ? 'customer' : 'provider'}
            zone={zone}
          />
        )}
      </AsyncView>
      {open && session.isCustomer && can('tickets.customer_events') && <PortalReply ticket={ticket} onSent={sent} />}
      {open && !session.isCustomer && can('tickets.work') && (
        <Composer ticket={ticket} zone={zone} canNote={can('tickets.note')} onSent={sent} />
      )}
    </section>
  );
}
