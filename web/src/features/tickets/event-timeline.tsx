/** The ticket's events in the order they happened; a late event (recorded well after it happened) says so. */
import type { TicketEvent } from '../../api/types.ts';
import { formatInstant } from '../../components/time-format.ts';

const labels: Record<string, string> = {
  opened: 'Opened',
  status: 'Status changed',
  priority: 'Priority changed',
  agent_reply: 'Provider replied',
  customer_reply: 'Customer replied',
  call: 'Phone call with the customer',
  assigned: 'Assigned',
  resolved: 'Resolved',
  reopened: 'Reopened',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

const LATE_MS = 5 * 60_000;

export function EventTimeline({ events, zone }: { events: readonly TicketEvent[]; zone: string }) {
  return (
    <ol className="timeline">
      {events.map((event) => {
        const late = Date.parse(event.recordedAt) - Date.parse(event.occurredAt) > LATE_MS;
        const facts = [
          event.status && `status ${event.status}`,
          event.priority && `priority ${event.priority}`,
          event.impact && `impact ${event.impact}`,
          event.urgency && `urgency ${event.urgency}`,
          event.assignee && `assignee ${event.assignee}`,
          event.service && `service ${event.service}`,
          event.channel && `via ${event.channel}`,
        ].filter(Boolean);
        return (
          <li key={event.key}>
            <strong>{labels[event.type] ?? event.type}</strong>{' '}
            <time dateTime={event.occurredAt}>{formatInstant(event.occurredAt, zone)}</time>
            {facts.length > 0 && <div className="small">{facts.join(' · ')}</div>}
            {late && <div className="small muted">recorded later, at {formatInstant(event.recordedAt, zone)}</div>}
          </li>
        );
      })}
    </ol>
  );
}
