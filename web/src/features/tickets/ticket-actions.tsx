/**
 * Recording what happened on a ticket: providers record status and priority changes, assignment and the life-cycle
 * steps (replies are written in the conversation); customer representatives reopen a resolved ticket. Each event
 * carries an idempotency key, so a double click records it once.
 */
import { type FormEvent, useState } from 'react';
import { type TicketEventBody, ticketsApi } from '../../api/tickets-api.ts';
import type { AgreementVersion, Ticket } from '../../api/types.ts';
import { Button } from '../../components/button.tsx';
import { FormError, Notice } from '../../components/feedback.tsx';
import { Field } from '../../components/field.tsx';

/** Public replies are written in the conversation (they carry text and reach the customer); these are the rest. */
const providerTypes = [
  { value: 'status', label: 'Change the status' },
  { value: 'priority', label: 'Change the priority' },
  { value: 'assigned', label: 'Assign' },
  { value: 'resolved', label: 'Resolve' },
  { value: 'reopened', label: 'Reopen' },
  { value: 'closed', label: 'Close' },
  { value: 'cancelled', label: 'Cancel' },
];

function newKey(): string {
  return `ui:${crypto.randomUUID()}`;
}

export function ProviderTicketActions({
  ticket,
  version,
  onRecorded,
}: {
  ticket: Ticket;
  version: AgreementVersion | null;
  onRecorded: () => void;
}) {
  const [type, setType] = useState('status');
  const [status, setStatus] = useState('');
  const [priority, setPriority] = useState('');
  const [assignee, setAssignee] = useState('');
  const [key, setKey] = useState(newKey);
  const [error, setError] = useState<unknown>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const statuses = version?.content.spec?.statuses?.map((entry) => entry.name) ?? [];
  const levels = version?.content.spec?.priorities?.levels ?? [];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone(null);
    const body: TicketEventBody = { type, occurredAt: new Date().toISOString(), key };
    if (type === 'status') body.status = status;
    if (type === 'priority') body.priority = priority;
    if (type === 'assigned') body.assignee = assignee.trim();
    const missing =
      (type === 'status' && !status && 'Choose the new status') ||
      (type === 'priority' && !priority && 'Choose the new priority') ||
      (type === 'assigned' && !assignee.trim() && 'Name the assignee');
    setFieldError(missing || null);
    if (missing) return;
    setBusy(true);
    try {
      await ticketsApi.recordEvent(ticket.id, body);
      setDone(providerTypes.find((entry) => entry.value === type)?.label ?? type);
      setKey(newKey());
      onRecorded();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="Record an event">
      <FormError error={error} />
      {done && (
        <Notice tone="success" role="status">
          {`Recorded: ${done}.`}
        </Notice>
      )}
      <div className="form-grid">
        <Field label="What happened">
          <select value={type} onChange={(event) => setType(event.target.value)}>
            {providerTypes.map((entry) => (
              <option key={entry.value} value={entry.value}>
                {entry.label}
              </option>
            ))}
          </select>
        </Field>
        {type === 'status' && (
          <Field label="New status" error={fieldError}>
            <select value={status} onChange={(event) => setStatus(event.target.value)}>
              <option value="">Choose…</option>
              {statuses.map((name) => (
                <option key={name} value={name}>
                  {name.replaceAll('_', ' ')}
                </option>
              ))}
            </select>
          </Field>
        )}
        {type === 'priority' && (
          <Field label="New priority" error={fieldError} hint="Targets of the new priority apply from the opening.">
            <select value={priority} onChange={(event) => setPriority(event.target.value)}>
              <option value="">Choose…</option>
              {levels.map((level) => (
                <option key={level} value={level}>
                  {level}
                </option>
              ))}
            </select>
          </Field>
        )}
        {type === 'assigned' && (
          <Field label="Assignee" error={fieldError}>
            <input value={assignee} onChange={(event) => setAssignee(event.target.value)} maxLength={200} />
          </Field>
        )}
      </div>
      <div>
        <Button type="submit" busy={busy}>
          Record
        </Button>
      </div>
    </form>
  );
}

/** The customer's step on the ticket itself: reopen a resolved ticket (replies are written in the conversation). */
export function CustomerTicketActions({ ticket, onRecorded }: { ticket: Ticket; onRecorded: () => void }) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const reopen = async () => {
    setError(null);
    setDone(null);
    setBusy(true);
    try {
      await ticketsApi.recordEvent(ticket.id, {
        type: 'reopened',
        occurredAt: new Date().toISOString(),
        key: newKey(),
      });
      setDone('The ticket is open again.');
      onRecorded();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="stack">
      <FormError error={error} />
      {done && (
        <Notice tone="success" role="status">
          {done}
        </Notice>
      )}
      {ticket.lifecycle === 'resolved' ? (
        <div className="row">
          <Button variant="secondary" busy={busy} onClick={() => void reopen()}>
            Reopen: the problem is not solved
          </Button>
        </div>
      ) : (
        <p className="small muted">
          {ticket.lifecycle === 'open'
            ? 'Write to the provider in the conversation; once it resolves the ticket you can reopen it here.'
            : 'The ticket is closed.'}
        </p>
      )}
    </div>
  );
}
