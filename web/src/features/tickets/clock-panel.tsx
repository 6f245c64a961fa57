/**
 * A ticket's clocks: for each target its cycles as bars, a live countdown to the due instant of a running cycle,
 * and the instants in the viewer's zone and in the zone of the calendar the target is measured on.
 */
import { useState } from 'react';
import type { AgreementTarget, Cycle, TicketClock, TicketEvent } from '../../api/types.ts';
import { StateBadge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { metricName } from '../../components/metric-names.ts';
import { formatCountdown, formatInstant, formatMinutes } from '../../components/time-format.ts';
import { useNow } from '../../components/use-resource.ts';
import { ClockBar, ClockLegend } from './clock-bar.tsx';
import { pausesOf } from './clock-pauses.ts';
import { respondedByText } from './responded-by-text.ts';

const SHOWN_CYCLES = 3;

export function ClockPanel({
  clocks,
  events,
  targets,
  calendarZones,
  viewerZone,
}: {
  clocks: readonly TicketClock[];
  events: readonly TicketEvent[];
  targets: ReadonlyMap<string, AgreementTarget>;
  calendarZones: ReadonlyMap<string, string>;
  viewerZone: string;
}) {
  const now = useNow(1000);
  return (
    <>
      <ClockLegend />
      {clocks.map((clock) => (
        <ClockCard
          key={clock.targetId}
          clock={clock}
          events={events}
          target={targets.get(clock.targetId)}
          calendarZone={calendarZones.get(clock.calendar) ?? null}
          viewerZone={viewerZone}
          now={now}
        />
      ))}
    </>
  );
}

function ClockCard({
  clock,
  events,
  target,
  calendarZone,
  viewerZone,
  now,
}: {
  clock: TicketClock;
  events: readonly TicketEvent[];
  target: AgreementTarget | undefined;
  calendarZone: string | null;
  viewerZone: string;
  now: number;
}) {
  const [showAll, setShowAll] = useState(false);
  const cycles = showAll ? clock.cycles : clock.cycles.slice(-SHOWN_CYCLES);
  const latest = clock.cycles.at(-1);
  const name = `${metricName(clock.metric)} (${clock.targetId})`;
  const answeredBy = respondedByText(target);
  return (
    <section className="card" aria-label={`Clock ${clock.targetId}`}>
      <div className="page-header">
        <div>
          <h3>{name}</h3>
          <p className="small muted">
            {formatMinutes(clock.durationMinutes, 'business')} on the “{clock.calendar}” calendar
            {calendarZone ? ` (${calendarZone})` : ''}
            {target?.pauseOn?.length ? ` · pauses while ${target.pauseOn.join(' or ')}` : ''}
            {answeredBy ? ` · ${answeredBy}` : ''}
          </p>
        </div>
        <div className="row">
          <StateBadge state={clock.state} />
          {latest?.state === 'running' && latest.dueAt && <Countdown dueAt={latest.dueAt} now={now} />}
        </div>
      </div>
      {cycles.map((cycle, index) => {
        const number = clock.cycles.length - cycles.length + index + 1;
        const to = cycle.stop ? Date.parse(cycle.stop) : now;
        const pauses = pausesOf(events, target?.pauseOn ?? [], Date.parse(cycle.start), to);
        return (
          <div key={cycle.start} className="stack" style={{ marginBottom: '1rem' }}>
            <ClockBar
              cycle={cycle}
              pauses={pauses}
              now={now}
              viewerZone={viewerZone}
              label={`${name}${clock.cycles.length > 1 ? `, cycle ${number}` : ''}`}
            />
            <CycleFacts cycle={cycle} viewerZone={viewerZone} calendarZone={calendarZone} pauseCount={pauses.length} />
          </div>
        );
      })}
      {clock.cycles.length > SHOWN_CYCLES && (
        <Button variant="link" onClick={() => setShowAll((value) => !value)}>
          {showAll ? 'Show the latest cycles only' : `Show all ${clock.cycles.length} cycles`}
        </Button>
      )}
    </section>
  );
}

function Countdown({ dueAt, now }: { dueAt: string; now: number }) {
  const due = Date.parse(dueAt);
  const left = due - now;
  const tone = left < 0 ? 'red' : left < 3_600_000 ? 'amber' : undefined;
  return (
    <span className="countdown" data-tone={tone}>
      due {formatCountdown(due, now)}
    </span>
  );
}

function CycleFacts({
  cycle,
  viewerZone,
  calendarZone,
  pauseCount,
}: {
  cycle: Cycle;
  viewerZone: string;
  calendarZone: string | null;
  pauseCount: number;
}) {
  const both = (value: string | null) =>
    value === null ? (
      '—'
    ) : (
      <>
        <time dateTime={value}>{formatInstant(value, viewerZone)}</time>
        {calendarZone && calendarZone !== viewerZone && (
          <span className="muted">
            {' '}
            · calendar ({calendarZone}): {formatInstant(value, calendarZone, { zoneName: false })}
          </span>
        )}
      </>
    );
  return (
    <dl className="facts small">
      <dt>State</dt>
      <dd>
        <StateBadge state={cycle.state} /> {cycle.percentUsed.toFixed(0)} % used
        {pauseCount > 0 && ` · ${pauseCount} pause(s)`}
      </dd>
      <dt>Started</dt>
      <dd>{both(cycle.start)}</dd>
      <dt>Due</dt>
      <dd>{cycle.dueAt ? both(cycle.dueAt) : 'no due instant while paused'}</dd>
      {cycle.stop && (
        <>
          <dt>Stopped</dt>
          <dd>{both(cycle.stop)}</dd>
        </>
      )}
      {cycle.breachAt && (
        <>
          <dt>Breached</dt>
          <dd>{both(cycle.breachAt)}</dd>
        </>
      )}
      <dt>Business time</dt>
      <dd>
        {formatMinutes(cycle.usedMinutes, 'business')} used, {formatMinutes(cycle.remainingMinutes, 'business')} left
      </dd>
    </dl>
  );
}
