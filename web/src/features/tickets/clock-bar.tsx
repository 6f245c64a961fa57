/**
 * One cycle of an SLA clock drawn on a wall-clock axis: the time it ran, its pauses (hatched), the warning
 * thresholds it crossed, its due instant, the overdue stretch and now. The same facts are given as text beside the
 * drawing, so nothing depends on seeing it.
 */
import { useId } from 'react';
import type { Cycle } from '../../api/types.ts';
import { formatInstant } from '../../components/time-format.ts';
import { useElementWidth } from '../../components/use-resource.ts';
import type { Interval } from './clock-pauses.ts';

const HEIGHT = 80;
const TRACK_Y = 24;
const TRACK_HEIGHT = 22;

export function ClockBar({
  cycle,
  pauses,
  now,
  viewerZone,
  label,
}: {
  cycle: Cycle;
  pauses: readonly Interval[];
  now: number;
  viewerZone: string;
  label: string;
}) {
  const id = useId();
  const [containerRef, width] = useElementWidth<HTMLDivElement>(600);
  const start = Date.parse(cycle.start);
  const stop = cycle.stop ? Date.parse(cycle.stop) : null;
  const due = cycle.dueAt ? Date.parse(cycle.dueAt) : null;
  const runEnd = stop ?? now;
  const lastInstant = Math.max(runEnd, due ?? runEnd, start + 60_000);
  const span = lastInstant - start;
  const domainEnd = lastInstant + span * 0.04;
  const x = (instant: number) => ((instant - start) / (domainEnd - start)) * width;
  const overdueFrom = due !== null && runEnd > due ? due : null;
  const showNow = stop === null && now >= start && now <= domainEnd;
  const short = (instant: number) => formatInstant(instant, viewerZone, { zoneName: false });

  const description = [
    `${label}: ${cycle.state}.`,
    `Started ${formatInstant(start, viewerZone)}`,
    stop ? `, stopped ${formatInstant(stop, viewerZone)}` : '',
    due ? `, due ${formatInstant(due, viewerZone)}` : ', no due instant while paused',
    pauses.length ? `, ${pauses.length} pause(s)` : '',
    cycle.thresholds.length ? `, thresholds crossed: ${cycle.thresholds.map((t) => `${t.percent} %`).join(', ')}` : '',
    '.',
  ].join('');

  return (
    <div className="clock-bar" ref={containerRef}>
      <svg
        width={width}
        height={HEIGHT}
        viewBox={`0 0 ${width} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
      >
        <title id={`${id}-title`}>{label}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        <defs>
          <pattern id={`${id}-hatch`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" fill="#e4e8ed" />
            <line x1="0" y1="0" x2="0" y2="6" stroke="var(--clock-pause)" strokeWidth="3" />
          </pattern>
        </defs>
        <rect x={0} y={TRACK_Y} width={width} height={TRACK_HEIGHT} fill="#eef1f5" stroke="#8895a3" rx={3} />
        <rect
          x={0}
          y={TRACK_Y}
          width={Math.max(0, x(runEnd))}
          height={TRACK_HEIGHT}
          fill={cycle.state === 'cancelled' ? '#b7c0ca' : 'var(--clock-run)'}
          rx={3}
        />
        {overdueFrom !== null && (
          <rect
            x={x(overdueFrom)}
            y={TRACK_Y}
            width={Math.max(0, x(runEnd) - x(overdueFrom))}
            height={TRACK_HEIGHT}
            fill="var(--clock-over)"
          />
        )}
        {pauses.map((pause) => (
          <rect
            key={pause.start}
            x={x(pause.start)}
            y={TRACK_Y}
            width={Math.max(1, x(pause.end) - x(pause.start))}
            height={TRACK_HEIGHT}
            fill={`url(#${id}-hatch)`}
            stroke="var(--clock-pause)"
          />
        ))}
        {cycle.thresholds.map((threshold) => {
          const at = x(Date.parse(threshold.at));
          return (
            <g key={threshold.percent}>
              <line x1={at} x2={at} y1={TRACK_Y - 4} y2={TRACK_Y + TRACK_HEIGHT} stroke="#6b4500" strokeWidth={2} />
              <text x={at} y={TRACK_Y - 7} fontSize={11} textAnchor="middle" fill="#6b4500">
                {threshold.percent}%
              </text>
            </g>
          );
        })}
        {due !== null && (
          <g>
            <line
              x1={x(due)}
              x2={x(due)}
              y1={8}
              y2={TRACK_Y + TRACK_HEIGHT + 4}
              stroke="#1b1f24"
              strokeWidth={2}
              strokeDasharray="4 3"
            />
            <text
              x={Math.min(x(due) + 4, width - 2)}
              y={12}
              fontSize={12}
              fontWeight={700}
              fill="#1b1f24"
              textAnchor={x(due) > width - 60 ? 'end' : 'start'}
            >
              due
            </text>
          </g>
        )}
        {showNow && (
          <g>
            <line
              x1={x(now)}
              x2={x(now)}
              y1={TRACK_Y - 2}
              y2={TRACK_Y + TRACK_HEIGHT + 2}
              stroke="#0b5cad"
              strokeWidth={2}
            />
            <text
              x={Math.min(Math.max(x(now), 14), width - 14)}
              y={TRACK_Y + TRACK_HEIGHT + 13}
              fontSize={12}
              textAnchor="middle"
              fill="#0b5cad"
            >
              now
            </text>
          </g>
        )}
        <text x={0} y={HEIGHT - 2} fontSize={12} fill="#4d5865">
          {short(start)}
        </text>
        {width > 360 && (
          <text x={width} y={HEIGHT - 2} fontSize={12} fill="#4d5865" textAnchor="end">
            {short(lastInstant)}
          </text>
        )}
      </svg>
    </div>
  );
}

export function ClockLegend() {
  return (
    <p className="clock-legend">
      <span>
        <span className="swatch" style={{ background: 'var(--clock-run)' }} aria-hidden="true" />
        running
      </span>
      <span>
        <span
          className="swatch"
          style={{ background: 'repeating-linear-gradient(45deg, #8a96a3 0 3px, #e4e8ed 3px 6px)' }}
          aria-hidden="true"
        />
        paused
      </span>
      <span>
        <span className="swatch" style={{ background: 'var(--clock-over)' }} aria-hidden="true" />
        past due
      </span>
      <span>dashed line: due instant · ticks: warning thresholds crossed</span>
    </p>
  );
}
