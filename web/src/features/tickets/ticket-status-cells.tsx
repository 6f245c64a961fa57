/**
 * The cells every ticket list shows after its own columns: priority, state and status, opening, and the clock status,
 * or why the ticket is not measured.
 */
import type { Ticket } from '../../api/types.ts';
import { Badge, StateBadge } from '../../components/badge.tsx';
import { formatInstant } from '../../components/time-format.ts';
import { ClockStatusCell } from './clock-status-cell.tsx';
import type { ClockSummary } from './clock-summary.ts';
import { unmeasuredLabels } from './measurement-label.ts';

export function TicketStatusCells({
  ticket,
  clocks,
  now,
  zone,
}: {
  ticket: Ticket;
  clocks: ClockSummary | 'error' | undefined;
  now: number;
  zone: string;
}) {
  return (
    <>
      <td>{ticket.priority ? <Badge tone="blue">{ticket.priority}</Badge> : '—'}</td>
      <td>
        <StateBadge state={ticket.lifecycle} />
        {ticket.status && <div className="small muted">{ticket.status.replaceAll('_', ' ')}</div>}
      </td>
      <td className="small">{formatInstant(ticket.openedAt, zone)}</td>
      <td>
        {ticket.measurement.state === 'none' ? (
          <Badge tone="amber" title={ticket.measurement.message}>
            not measured: {unmeasuredLabels[ticket.measurement.reason]}
          </Badge>
        ) : (
          <ClockStatusCell summary={clocks} now={now} />
        )}
      </td>
    </>
  );
}
