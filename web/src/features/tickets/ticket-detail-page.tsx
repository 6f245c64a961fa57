/** A ticket: its facts, its clocks drawn as bars, its event timeline, and the events the viewer may record. */
import { useState } from 'react';
import { Badge, StateBadge } from '../../components/badge.tsx';
import { ErrorNotice, Loading, Notice } from '../../components/feedback.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { formatInstant, viewerTimeZone } from '../../components/time-format.ts';
import { useResource } from '../../components/use-resource.ts';
import { Link, useQueryParams } from '../../routes/router.tsx';
import { useSession, useSignedIn } from '../auth/session-context.tsx';
import { ClockPanel } from './clock-panel.tsx';
import { ConversationSection } from './conversation-section.tsx';
import { EventTimeline } from './event-timeline.tsx';
import { loadTicketDetail } from './load-ticket-detail.ts';
import { unmeasuredRemedies, whyNotMeasured } from './measurement-label.ts';
import { CustomerTicketActions, ProviderTicketActions } from './ticket-actions.tsx';
import { channelName } from './ticket-label.ts';

export function TicketDetailPage({ id }: { id: string }) {
  const session = useSignedIn();
  const { can } = useSession();
  const resource = useResource(() => loadTicketDetail(id), [id]);
  const [viewerZone] = useState(viewerTimeZone);
  const [params] = useQueryParams();

  if (resource.status === 'error' && !resource.data)
    return (
      <>
        <PageHeader title="Ticket" />
        <ErrorNotice error={resource.error} onRetry={resource.reload} what="the ticket" />
      </>
    );
  if (!resource.data) return <Loading label="Loading the ticket…" />;
  const { timeline, version, targets, calendarZones } = resource.data;
  const { ticket } = timeline;
  const backTo = session.isCustomer ? '/portal' : '/tickets';

  return (
    <>
      <p className="small">
        <Link to={backTo}>← {session.isCustomer ? 'My tickets' : 'Tickets'}</Link>
      </p>
      <PageHeader
        title={`${ticket.externalRef ? `${ticket.externalRef}: ` : ''}${ticket.title}`}
        description={
          <span className="row">
            {ticket.key && <span className="mono ticket-key">{ticket.key}</span>}
            {ticket.channel && <Badge>{`by ${channelName(ticket.channel)}`}</Badge>}
            {ticket.priority && <Badge tone="blue">{ticket.priority}</Badge>}
            <StateBadge state={ticket.lifecycle} />
            {ticket.status && <span>status {ticket.status.replaceAll('_', ' ')}</span>}
          </span>
        }
      />
      {ticket.measurement.state === 'none' && (
        <Notice tone="warning" title="This ticket is not measured">
          {`${whyNotMeasured(ticket.measurement.message)} ${unmeasuredRemedies[ticket.measurement.reason]}`}
        </Notice>
      )}
      {params.get('reported') && (
        <Notice tone="success" role="status" title="Your incident is reported">
          The clocks below show what the provider promised for its priority, counting from now.
        </Notice>
      )}
      {resource.status === 'loading' && <Loading label="Refreshing…" />}
      {resource.status === 'error' && (
        <ErrorNotice error={resource.error} onRetry={resource.reload} what="the ticket" />
      )}
      <div className="split">
        <div>
          <ConversationSection ticket={ticket} zone={viewerZone} onChanged={resource.reload} />
        </div>
        <div>
          <section className="card" aria-labelledby="ticket-clocks">
            <h2 id="ticket-clocks">Clocks</h2>
            <p className="small muted">Times in your zone ({viewerZone}) and, where it differs, in the calendar's.</p>
            {timeline.clocks.length === 0 ? (
              <p className="empty">No clocks: the ticket has no agreement, or no target applies to its priority.</p>
            ) : (
              <ClockPanel
                clocks={timeline.clocks}
                events={timeline.events}
                targets={targets}
                calendarZones={calendarZones}
                viewerZone={viewerZone}
              />
            )}
          </section>
          <section className="card" aria-labelledby="ticket-facts">
            <h2 id="ticket-facts">Details</h2>
            <dl className="facts">
              {ticket.key && (
                <>
                  <dt>Key</dt>
                  <dd className="mono">{ticket.key}</dd>
                </>
              )}
              {ticket.requesterEmail && (
                <>
                  <dt>Requester</dt>
                  <dd>
                    {ticket.requesterName ? `${ticket.requesterName} ` : ''}&lt;{ticket.requesterEmail}&gt;
                  </dd>
                </>
              )}
              <dt>Opened</dt>
              <dd>{formatInstant(ticket.openedAt, viewerZone)}</dd>
              {ticket.resolvedAt && (
                <>
                  <dt>Resolved</dt>
                  <dd>{formatInstant(ticket.resolvedAt, viewerZone)}</dd>
                </>
              )}
              <dt>Service</dt>
              <dd>{ticket.service ?? '—'}</dd>
              <dt>Category</dt>
              <dd>{ticket.category ?? '—'}</dd>
              <dt>Channel</dt>
              <dd>{ticket.channel ? channelName(ticket.channel) : '—'}</dd>
              <dt>Assignee</dt>
              <dd>{ticket.assignee ?? '—'}</dd>
              <dt>Agreement</dt>
              <dd>
                {ticket.agreementId ? (
                  <Link to={`/agreements/${ticket.agreementId}`}>
                    {version?.content.metadata?.title ?? 'agreement'}
                    {version ? ` (version ${version.number})` : ''}
                  </Link>
                ) : (
                  'none'
                )}
              </dd>
              {ticket.reopenCount > 0 && (
                <>
                  <dt>Reopened</dt>
                  <dd>{ticket.reopenCount} time(s)</dd>
                </>
              )}
            </dl>
            {ticket.description && <p style={{ whiteSpace: 'pre-wrap' }}>{ticket.description}</p>}
          </section>
          {(can('tickets.work') || can('tickets.customer_events')) && ticket.lifecycle !== 'cancelled' && (
            <section className="card" aria-labelledby="ticket-actions">
              <h2 id="ticket-actions">{session.isCustomer ? 'The ticket itself' : 'Record an event'}</h2>
              {can('tickets.work') ? (
                <ProviderTicketActions ticket={ticket} version={version} onRecorded={resource.reload} />
              ) : (
                <CustomerTicketActions ticket={ticket} onRecorded={resource.reload} />
              )}
            </section>
          )}
          <section className="card" aria-labelledby="ticket-timeline">
            <h2 id="ticket-timeline">Timeline</h2>
            <EventTimeline events={timeline.events} zone={viewerZone} />
          </section>
        </div>
      </div>
    </>
  );
}
