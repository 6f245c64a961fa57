/**
 * The customer's answer on their ticket, with its text: it is a customer reply (a clock paused while the provider
 * waited for the customer runs again) and the provider reads it in the conversation.
 */
import { type FormEvent, useState } from 'react';
import { ticketsApi } from '../../api/tickets-api.ts';
import type { Ticket } from '../../api/types.ts';
import { Button } from '../../components/button.tsx';
import { FormError, Notice } from '../../components/feedback.tsx';
import { Field } from '../../components/field.tsx';
import { fieldErrorsOf } from '../../components/field-errors.ts';
import { checkComposer } from '../tickets/composer-rules.ts';

export function PortalReply({ ticket, onSent }: { ticket: Ticket; onSent: () => void }) {
  const [text, setText] = useState('');
  const [local, setLocal] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [key, setKey] = useState(() => `portal:${crypto.randomUUID()}`);
  const server = fieldErrorsOf(error, ['text']);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const check = checkComposer({ mode: 'reply', text, cc: '' });
    setLocal(check.problems.text ?? null);
    if (!check.body) return;
    setBusy(true);
    setError(null);
    try {
      await ticketsApi.postMessage(ticket.id, { kind: 'reply', text: check.body.text }, key);
      setText('');
      setKey(`portal:${crypto.randomUUID()}`);
      setDone(true);
      onSent();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="stack composer" onSubmit={submit} noValidate aria-label="Reply to the provider">
      <FormError error={server.other} />
      {done && (
        <Notice tone="success" role="status">
          Your reply is sent to the provider.
        </Notice>
      )}
      <Field
        label="Your reply"
        hint="Answer the provider's questions here; if the provider was waiting for you, its clock runs again."
        error={local ?? server.byField.text}
      >
        <textarea value={text} rows={5} onChange={(event) => setText(event.target.value)} />
      </Field>
      <div>
        <Button type="submit" busy={busy}>
          Send the reply
        </Button>
      </div>
    </form>
  );
}
