/** The clock column of a ticket list: the worst state, and a live countdown to the next due instant. */
import { StateBadge } from '../../components/badge.tsx';
import { formatCountdown } from '../../components/time-format.ts';
import type { ClockSummary } from './clock-summary.ts';

export function ClockStatusCell({ summary, now }: { summary: ClockSummary | 'error' | undefined; now: number }) {
  if (summary === undefined) return <span className="muted small">loading…</span>;
  if (summary === 'error') return <span className="muted small">unavailable</span>;
  if (summary.state === 'none') return <span className="muted small">no clocks</span>;
  return (
    <span className="stack" style={{ gap: 2 }}>
      <span>
        <StateBadge state={summary.state} />
        {summary.breachedCount > 1 && <span className="small"> ×{summary.breachedCount}</span>}
      </span>
      {summary.nextDueAt && (
        <span
          className="countdown small"
          data-tone={
            Date.parse(summary.nextDueAt) < now
              ? 'red'
              : Date.parse(summary.nextDueAt) - now < 3_600_000
                ? 'amber'
                : undefined
          }
        >
          {summary.nextTargetId} due {formatCountdown(Date.parse(summary.nextDueAt), now)}
        </span>
      )}
    </span>
  );
}
