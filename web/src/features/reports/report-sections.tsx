/** The parts of a period report: targets against goals, breaches with their tickets, credits with their trace. */
import { useState } from 'react';
import type { Credits, PeriodResults, TargetResult, Termination } from '../../api/types.ts';
import { Badge, RagBadge } from '../../components/badge.tsx';
import { metricName } from '../../components/metric-names.ts';
import { Pagination } from '../../components/pagination.tsx';
import { TableScroll } from '../../components/table-scroll.tsx';
import { formatInstant, formatMinutes, formatMoney, formatPercent } from '../../components/time-format.ts';
import { Link } from '../../routes/router.tsx';

function valueText(target: TargetResult): string {
  if (target.value === null) return '—';
  if (target.goal.unit === 'percent') return formatPercent(target.value, 2);
  if (target.goal.unit === 'minutes') return formatMinutes(target.value, 'business');
  return String(target.value);
}

function goalText(target: TargetResult): string {
  const sign = target.goal.direction === 'atLeast' ? '≥' : '≤';
  if (target.goal.unit === 'percent') return `${sign} ${target.goal.value} %`;
  if (target.goal.unit === 'minutes') return `${sign} ${formatMinutes(target.goal.value, 'business')}`;
  return `${sign} ${target.goal.value}`;
}

export function TargetsSection({ results }: { results: PeriodResults }) {
  return (
    <TableScroll label="Targets against their goals">
      <table>
        <caption className="visually-hidden">Targets against their goals</caption>
        <thead>
          <tr>
            <th scope="col">Target</th>
            <th scope="col">Result</th>
            <th scope="col">Goal</th>
            <th scope="col">RAG</th>
            <th scope="col" className="num">
              Met
            </th>
            <th scope="col" className="num">
              Breached
            </th>
          </tr>
        </thead>
        <tbody>
          {results.targets.map((target) => (
            <tr key={target.id}>
              <td>
                {target.id}
                <div className="small muted">{metricName(target.metric)}</div>
              </td>
              <td>{valueText(target)}</td>
              <td>{goalText(target)}</td>
              <td>
                <RagBadge status={target.rag.status} />
                <div className="small muted">{target.rag.reason}</div>
                <ProjectionNote target={target} />
              </td>
              <td className="num">{target.tickets?.met ?? '—'}</td>
              <td className="num">{target.tickets?.breached ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/**
 * The evidence a running period's projection rests on, when open tickets are due in it and the RAG reason does not
 * already quote it.
 */
function ProjectionNote({ target }: { target: TargetResult }) {
  const projection = target.tickets?.projection;
  if (!projection || projection.openDue === 0 || target.rag.code === 'PROJECTED_TO_MISS') return null;
  return <div className="small muted">Projection: {projection.basis}</div>;
}

const BREACHES_PER_PAGE = 20;

export function BreachesSection({ results }: { results: PeriodResults }) {
  const [offset, setOffset] = useState(0);
  const rows = results.targets.flatMap((target) =>
    (target.tickets?.breaches ?? []).map((breach) => ({ target: target.id, ...breach })),
  );
  const truncated = results.targets.some((target) => target.tickets?.breachesTruncated);
  if (rows.length === 0) return <p className="empty">No breaches in this period.</p>;
  return (
    <>
      <TableScroll label="Breaches in the period">
        <table>
          <caption className="visually-hidden">Breaches in the period</caption>
          <thead>
            <tr>
              <th scope="col">Target</th>
              <th scope="col">Ticket</th>
              <th scope="col">Priority</th>
              <th scope="col">Breached at</th>
              <th scope="col">Stopped</th>
              <th scope="col" className="num">
                Business time used
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(offset, offset + BREACHES_PER_PAGE).map((row) => (
              <tr key={`${row.target}-${row.ticketId}-${row.breachAt}`}>
                <td>{row.target}</td>
                <td>
                  <Link to={`/tickets/${row.ticketId}`}>{row.externalRef ?? row.ticketId.slice(0, 8)}</Link>
                </td>
                <td>{row.priority ? <Badge tone="blue">{row.priority}</Badge> : '—'}</td>
                <td>{formatInstant(row.breachAt)}</td>
                <td>{row.stop ? formatInstant(row.stop) : 'still open'}</td>
                <td className="num">{formatMinutes(row.usedMinutes, 'business')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <Pagination
        page={{ total: rows.length, limit: BREACHES_PER_PAGE, offset }}
        onChange={setOffset}
        label="breaches"
      />
      {truncated && (
        <p className="small muted">Only the first breaches of each target are listed; the CSV export has them all.</p>
      )}
    </>
  );
}

const boundWords = {
  none: 'no cap reached',
  monthly_cap: 'bound by the monthly cap',
  rolling_cap: 'bound by the rolling twelve-month cap',
};

export function CreditsSection({ credits }: { credits: Credits | null }) {
  if (!credits) return <p className="empty">The agreement defines no service credits.</p>;
  return (
    <div className="stack">
      <p>
        <span className="stat">{formatMoney(credits.credit, credits.currency)}</span>{' '}
        <span className="muted">
          of a {formatMoney(credits.fee, credits.currency)} fee · before caps{' '}
          {formatMoney(credits.uncapped, credits.currency)} · {boundWords[credits.boundBy]}
        </span>{' '}
        {credits.provisional && <Badge tone="amber">provisional: the period is still running</Badge>}
      </p>
      <TableScroll label="Credit rules applied">
        <table>
          <caption className="visually-hidden">Credit rules applied</caption>
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Target</th>
              <th scope="col">Calculation</th>
              <th scope="col" className="num">
                Credit
              </th>
            </tr>
          </thead>
          <tbody>
            {credits.lines.map((line) => (
              <tr key={line.ruleId}>
                <td className="mono">{line.ruleId}</td>
                <td>{line.targetId}</td>
                <td>{line.explanation}</td>
                <td className="num">{formatMoney(line.amount, credits.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <section aria-labelledby="credit-trace">
        <h3 id="credit-trace">Calculation trace</h3>
        <ol className="small">
          {credits.trace.map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ol>
      </section>
    </div>
  );
}

export function TerminationSection({ termination }: { termination: Termination[] | null }) {
  if (!termination || termination.length === 0) return null;
  return (
    <ul className="stack" style={{ listStyle: 'none', padding: 0 }}>
      {termination.map((trigger) => (
        <li key={trigger.triggerId}>
          <TerminationBadge trigger={trigger} /> <strong>{trigger.targetId}</strong>: {trigger.right}
          <div className="small muted">{trigger.reason}</div>
          {trigger.provisional && <div className="small muted">{trigger.provisional.reason}</div>}
        </li>
      ))}
    </ul>
  );
}

/** Closed months raise the right; the running month only says what it would do if it closed now. */
function TerminationBadge({ trigger }: { trigger: Termination }) {
  if (trigger.triggered) return <Badge tone="red">triggered</Badge>;
  if (trigger.provisional?.wouldTrigger) return <Badge tone="amber">would trigger if the month closed now</Badge>;
  return <Badge tone="green">not triggered</Badge>;
}
