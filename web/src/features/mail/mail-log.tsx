/** Every message intake received and what became of it; held mail (a sender writing too often) can be released. */
import { useState } from 'react';
import type { MailLogEntry } from '../../api/conversation-types.ts';
import { type MailLogPage, mailApi } from '../../api/mail-api.ts';
import { Badge, type Tone } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { Empty, ErrorNotice, FormError, Loading } from '../../components/feedback.tsx';
import { Field } from '../../components/field.tsx';
import { TableScroll } from '../../components/table-scroll.tsx';
import { formatInstant } from '../../components/time-format.ts';
import { useResource } from '../../components/use-resource.ts';
import { Link, useQueryParams } from '../../routes/router.tsx';
import { reasonText } from './mail-reasons.ts';

const outcomes: { value: string; label: string; tone: Tone }[] = [
  { value: 'new_ticket', label: 'new ticket', tone: 'green' },
  { value: 'reply', label: 'reply', tone: 'green' },
  { value: 'automatic', label: 'automatic', tone: 'grey' },
  { value: 'ignored', label: 'ignored', tone: 'grey' },
  { value: 'triage', label: 'waiting for a customer', tone: 'amber' },
  { value: 'held', label: 'held', tone: 'amber' },
  { value: 'duplicate', label: 'duplicate', tone: 'grey' },
  { value: 'refused', label: 'refused', tone: 'red' },
];

const PAGE_SIZE = 50;

export function MailLog() {
  const [params, setParams] = useQueryParams();
  const outcome = params.get('outcome') ?? '';
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors.at(-1) ?? null;
  const log = useResource(
    (signal) => mailApi.log({ outcome: outcome || undefined, limit: PAGE_SIZE, cursor }, signal),
    [outcome, cursor],
  );
  const filter = (value: string) => {
    setCursors([null]);
    setParams({ outcome: value || null });
  };
  return (
    <div className="stack">
      <div className="filters">
        <Field label="Outcome">
          <select value={outcome} onChange={(event) => filter(event.target.value)}>
            <option value="">Any</option>
            {outcomes.map((entry) => (
              <option key={entry.value} value={entry.value}>
                {entry.label}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <LogTable log={log} onReleased={log.reload} />
      {log.data && (
        <div className="row">
          <Button variant="secondary" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
            Newer
          </Button>
          <Button
            variant="secondary"
            disabled={!log.data.nextCursor}
            onClick={() => setCursors([...cursors, log.data!.nextCursor])}
          >
            Older
          </Button>
        </div>
      )}
    </div>
  );
}

function LogTable({ log, onReleased }: { log: ReturnType<typeof useResource<MailLogPage>>; onReleased: () => void }) {
  if (log.status === 'error') return <ErrorNotice error={log.error} onRetry={log.reload} what="the mail log" />;
  if (!log.data) return <Loading label="Loading the mail log…" />;
  if (log.data.items.length === 0) return <Empty>No mail received yet.</Empty>;
  return (
    <TableScroll label="Mail received, newest first">
      <table>
        <caption className="visually-hidden">Mail received, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Received</th>
            <th scope="col">From</th>
            <th scope="col">Subject</th>
            <th scope="col">Outcome</th>
            <th scope="col">Ticket</th>
          </tr>
        </thead>
        <tbody>
          {log.data.items.map((entry) => (
            <LogRow key={entry.id} entry={entry} onReleased={onReleased} />
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function LogRow({ entry, onReleased }: { entry: MailLogEntry; onReleased: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const assigned = entry.outcome === 'triage' && entry.ticketId !== null;
  const known = assigned
    ? { label: 'triage: customer named', tone: 'green' as const }
    : outcomes.find((item) => item.value === entry.outcome);
  const release = async () => {
    setBusy(true);
    setError(null);
    try {
      await mailApi.release(entry.id);
      onReleased();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <tr>
      <td className="small">{formatInstant(entry.receivedAt)}</td>
      <td className="wrap-anywhere">{entry.from ?? '—'}</td>
      <td className="wrap-anywhere">{entry.subject || <span className="muted">(no subject)</span>}</td>
      <td>
        <Badge tone={known?.tone ?? 'grey'}>{known?.label ?? entry.outcome}</Badge>
        {entry.reason && <div className="small muted">{reasonText(entry.reason)}</div>}
        {entry.outcome === 'held' && (
          <div className="stack" style={{ marginTop: 'var(--space-1)' }}>
            <Button variant="secondary" busy={busy} onClick={() => void release()}>
              Release
            </Button>
            <FormError error={error} />
          </div>
        )}
      </td>
      <td>{entry.ticketId ? <Link to={`/tickets/${entry.ticketId}`}>Open</Link> : '—'}</td>
    </tr>
  );
}
