/** The messages waiting for a customer, each with the customers it may be from and the way to assign it. */
import { type FormEvent, useState } from 'react';
import type { TriageItem } from '../../api/conversation-types.ts';
import { customersApi } from '../../api/customers-api.ts';
import { mailApi } from '../../api/mail-api.ts';
import type { Customer } from '../../api/types.ts';
import { AsyncView } from '../../components/async-view.tsx';
import { Badge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { FormError, Notice } from '../../components/feedback.tsx';
import { Field } from '../../components/field.tsx';
import { fieldErrorsOf } from '../../components/field-errors.ts';
import { formatInstant } from '../../components/time-format.ts';
import { useResource } from '../../components/use-resource.ts';
import { Link } from '../../routes/router.tsx';
import { reasonText } from './mail-reasons.ts';

export function TriageList() {
  const items = useResource(() => mailApi.triage(), []);
  const customers = useResource(() => customersApi.list({ limit: 500, sort: 'name' }), []);
  const [assigned, setAssigned] = useState<{ ticketId: string; ticketKey: string; from: string } | null>(null);
  return (
    <div className="stack">
      {assigned && (
        <Notice tone="success" role="status" title={`Ticket ${assigned.ticketKey} is opened`}>
          <p>
            The mail from {assigned.from} is on <Link to={`/tickets/${assigned.ticketId}`}>{assigned.ticketKey}</Link>,
            measured from its first message's arrival.
          </p>
        </Notice>
      )}
      <AsyncView
        resource={items}
        what="mail waiting for a customer"
        isEmpty={(answer) => answer.items.length === 0}
        empty="No mail is waiting: every sender so far was a contact or on a customer's domain."
      >
        {(answer) => (
          <ol className="stack plain-list" aria-label="Mail waiting for a customer">
            {answer.items.map((item) => (
              <li key={item.id}>
                <TriageCard
                  item={item}
                  customers={customers.data?.data ?? []}
                  onAssigned={(result) => {
                    setAssigned({ ...result, from: item.from ?? 'an unknown sender' });
                    items.reload();
                  }}
                />
              </li>
            ))}
          </ol>
        )}
      </AsyncView>
    </div>
  );
}

function TriageCard({
  item,
  customers,
  onAssigned,
}: {
  item: TriageItem;
  customers: readonly Customer[];
  onAssigned: (result: { ticketId: string; ticketKey: string }) => void;
}) {
  const [customerId, setCustomerId] = useState(item.suggestedCustomers[0]?.id ?? '');
  const [remember, setRemember] = useState<'contact' | 'domain' | ''>('');
  const [local, setLocal] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [showAll, setShowAll] = useState(false);
  const server = fieldErrorsOf(error, ['customerId', 'rememberSender']);
  const from = item.from ?? 'an unknown sender';
  const domain = item.from?.includes('@') ? item.from.slice(item.from.lastIndexOf('@') + 1).toLowerCase() : null;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setLocal(customerId ? null : 'Choose the customer this mail is from.');
    if (!customerId) return;
    setBusy(true);
    setError(null);
    try {
      onAssigned(await mailApi.assign(item.id, { customerId, rememberSender: remember || null }));
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };
  const suggested = new Set(item.suggestedCustomers.map((customer) => customer.id));
  return (
    <article className="card stack" aria-label={`Mail from ${from}`}>
      <header className="message-header">
        <div>
          <strong className="wrap-anywhere">{from}</strong>
          {item.messages > 1 && <Badge tone="blue">{`${item.messages} messages`}</Badge>}
        </div>
        <time dateTime={item.receivedAt} className="small muted">
          {formatInstant(item.receivedAt)}
        </time>
      </header>
      <p className="wrap-anywhere" style={{ margin: 0 }}>
        <strong>{item.subject || '(no subject)'}</strong>
      </p>
      {item.text && (
        <>
          <div className="message-text excerpt" data-open={showAll || undefined}>
            {item.text}
          </div>
          {item.text.length > 400 && (
            <div>
              <Button variant="link" aria-expanded={showAll} onClick={() => setShowAll(!showAll)}>
                {showAll ? 'Show less' : 'Show all of the text'}
              </Button>
            </div>
          )}
        </>
      )}
      {item.reason && (
        <p className="small muted" style={{ margin: 0 }}>{`Waiting because ${reasonText(item.reason)}.`}</p>
      )}
      <form className="stack" onSubmit={submit} noValidate aria-label={`Assign the mail from ${from}`}>
        <FormError error={server.other} />
        {item.suggestedCustomers.length > 0 && (
          <p className="small" style={{ margin: 0 }}>
            Perhaps:{' '}
            {item.suggestedCustomers.map((customer, index) => (
              <span key={customer.id}>
                {index > 0 && ', '}
                <Button
                  variant="link"
                  onClick={() => setCustomerId(customer.id)}
                  aria-pressed={customerId === customer.id}
                >
                  {customer.name}
                </Button>
              </span>
            ))}
          </p>
        )}
        <div className="form-grid">
          <Field label="Customer" error={local ?? server.byField.customerId}>
            <select value={customerId} onChange={(event) => setCustomerId(event.target.value)}>
              <option value="">Choose…</option>
              {customers.map((customer) => (
                <option key={customer.id} value={customer.id}>
                  {customer.name}
                  {suggested.has(customer.id) ? ' (suggested)' : ''}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Next time" error={server.byField.rememberSender}>
            <select value={remember} onChange={(event) => setRemember(event.target.value as typeof remember)}>
              <option value="">Ask again for this sender</option>
              {item.from && <option value="contact">{`Remember ${item.from} as a contact`}</option>}
              {domain && <option value="domain">{`Take all mail from ${domain} as this customer's`}</option>}
            </select>
          </Field>
        </div>
        <div>
          <Button type="submit" busy={busy}>
            Open the ticket for this customer
          </Button>
        </div>
      </form>
    </article>
  );
}
