/**
 * Writing on a ticket: a public reply to the customer (e-mailed to the requester and the cc's, threaded), an internal
 * note (provider only, never counts as a response), or a logged call. Each send carries an idempotency key, so a
 * double click records it once; the draft stays until the server has it.
 */
import { type FormEvent, useState } from 'react';
import { ticketsApi } from '../../api/tickets-api.ts';
import type { Ticket } from '../../api/types.ts';
import { Button } from '../../components/button.tsx';
import { FormError, Notice } from '../../components/feedback.tsx';
import { Field } from '../../components/field.tsx';
import { fieldErrorsOf } from '../../components/field-errors.ts';
import { Tabs } from '../../components/tabs.tsx';
import { wallTimeToIso } from '../../components/zoned-time.ts';
import { type CallDraft, type ComposerMode, checkCall, checkComposer } from './composer-rules.ts';

type Mode = ComposerMode | 'call';

function newKey(): string {
  return `ui:${crypto.randomUUID()}`;
}

export function Composer({
  ticket,
  zone,
  canNote,
  onSent,
}: {
  ticket: Ticket;
  zone: string;
  canNote: boolean;
  onSent: () => void;
}) {
  const [mode, setMode] = useState<Mode>('reply');
  const tabs = [
    { id: 'reply', label: 'Reply to customer' },
    ...(canNote ? [{ id: 'note', label: 'Internal note' }] : []),
    { id: 'call', label: 'Log call' },
  ];
  return (
    <Tabs label="Write on the ticket" tabs={tabs} selected={mode} onSelect={(id) => setMode(id as Mode)}>
      {mode === 'call' ? (
        <CallForm ticket={ticket} zone={zone} onSent={onSent} />
      ) : (
        <MessageForm key={mode} ticket={ticket} mode={mode} onSent={onSent} />
      )}
    </Tabs>
  );
}

function MessageForm({ ticket, mode, onSent }: { ticket: Ticket; mode: ComposerMode; onSent: () => void }) {
  const [text, setText] = useState('');
  const [cc, setCc] = useState('');
  const [local, setLocal] = useState<Partial<Record<'text' | 'cc', string>>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [key, setKey] = useState(newKey);
  const server = fieldErrorsOf(error, ['text', 'cc']);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    const check = checkComposer({ mode, text, cc });
    setLocal(check.problems);
    if (!check.body) return;
    setBusy(true);
    setError(null);
    try {
      await ticketsApi.postMessage(ticket.id, check.body, key);
      setText('');
      setCc('');
      setKey(newKey());
      setDone(mode === 'note' ? 'The note is saved.' : 'The reply is sent.');
      onSent();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const to = ticket.requesterEmail
    ? `${ticket.requesterName ? `${ticket.requesterName} ` : ''}<${ticket.requesterEmail}>`
    : null;
  return (
    <form
      className="stack composer"
      onSubmit={submit}
      noValidate
      aria-label={mode === 'note' ? 'Internal note' : 'Reply to customer'}
    >
      <FormError error={server.other} />
      {done && (
        <Notice tone="success" role="status">
          {done}
        </Notice>
      )}
      {mode === 'reply' ? (
        <p className="small muted">
          {to ? `To ${to}, by e-mail, with the ticket key in the subject.` : 'The customer sees it in the portal.'} A
          public reply counts as a response to the customer.
        </p>
      ) : (
        <p className="small muted">Only your team sees internal notes; they never count as a response.</p>
      )}
      {mode === 'reply' && (
        <Field label="Cc (optional)" hint="Addresses separated by commas." error={local.cc ?? server.byField.cc}>
          <input value={cc} onChange={(event) => setCc(event.target.value)} placeholder="name@customer.example" />
        </Field>
      )}
      <Field label={mode === 'note' ? 'Note' : 'Reply'} error={local.text ?? server.byField.text}>
        <textarea value={text} onChange={(event) => setText(event.target.value)} rows={6} />
      </Field>
      <div>
        <Button type="submit" busy={busy}>
          {mode === 'note' ? 'Save the note' : 'Send the reply'}
        </Button>
      </div>
    </form>
  );
}

function CallForm({ ticket, zone, onSent }: { ticket: Ticket; zone: string; onSent: () => void }) {
  const [draft, setDraft] = useState<CallDraft>(() => ({
    caller: ticket.requesterName ?? ticket.requesterEmail ?? '',
    start: '',
    duration: '',
    summary: '',
  }));
  const [local, setLocal] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [key, setKey] = useState(newKey);
  const server = fieldErrorsOf(error, ['caller', 'startedAt', 'durationSeconds', 'summary']);
  const set = (changes: Partial<CallDraft>) => setDraft((previous) => ({ ...previous, ...changes }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    const check = checkCall(draft, (wall) => wallTimeToIso(wall, zone), Date.now(), Date.parse(ticket.openedAt));
    setLocal(check.problems);
    if (!check.call) return;
    setBusy(true);
    setError(null);
    try {
      await ticketsApi.logCall(ticket.id, check.call, key);
      setDraft({ caller: draft.caller, start: '', duration: '', summary: '' });
      setKey(newKey());
      setDone('The call is logged.');
      onSent();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="stack composer" onSubmit={submit} noValidate aria-label="Log call">
      <FormError error={server.other} />
      {done && (
        <Notice tone="success" role="status">
          {done}
        </Notice>
      )}
      <CallFields draft={draft} set={set} zone={zone} problems={{ ...callProblems(server.byField), ...local }} />
      <div>
        <Button type="submit" busy={busy}>
          Log the call
        </Button>
      </div>
    </form>
  );
}

/** The server names a call's fields as the API does (startedAt, durationSeconds); the form as it shows them. */
export function callProblems(byField: Readonly<Record<string, string>>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [path, message] of Object.entries(byField)) {
    const field = path.replace(/^call\./, '');
    const shown = field === 'startedAt' ? 'start' : field === 'durationSeconds' ? 'duration' : field;
    result[shown] ??= message;
  }
  return result;
}

/** The fields of a call, shared by "Log call" and a new ticket opened by phone. */
export function CallFields({
  draft,
  set,
  zone,
  problems,
}: {
  draft: CallDraft;
  set: (changes: Partial<CallDraft>) => void;
  zone: string;
  problems: Readonly<Record<string, string | undefined>>;
}) {
  return (
    <>
      <div className="form-grid">
        <Field label="Caller" error={problems.caller}>
          <input value={draft.caller} maxLength={200} onChange={(event) => set({ caller: event.target.value })} />
        </Field>
        <Field label="Started" hint={`In ${zone}; empty: it just ended.`} error={problems.start}>
          <input type="datetime-local" value={draft.start} onChange={(event) => set({ start: event.target.value })} />
        </Field>
        <Field label="Duration" hint="Minutes, or minutes:seconds." error={problems.duration}>
          <input
            value={draft.duration}
            inputMode="numeric"
            placeholder="12:30"
            onChange={(event) => set({ duration: event.target.value })}
          />
        </Field>
      </div>
      <Field label="Summary" error={problems.summary}>
        <textarea value={draft.summary} rows={4} onChange={(event) => set({ summary: event.target.value })} />
      </Field>
    </>
  );
}
