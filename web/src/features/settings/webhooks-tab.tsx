/**
 * Webhook subscriptions: create one (the signing secret is shown once), switch it on or off, send a test, delete it,
 * and read its delivery log (every attempt with the receiver's answer).
 */
import { type FormEvent, useState } from 'react';
import { monitoringApi } from '../../api/monitoring-api.ts';
import { type Webhook, webhookEventTypes } from '../../api/monitoring-types.ts';
import { AsyncView } from '../../components/async-view.tsx';
import { Badge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { FormError, Notice } from '../../components/feedback.tsx';
import { Field } from '../../components/field.tsx';
import { Pagination } from '../../components/pagination.tsx';
import { TableScroll } from '../../components/table-scroll.tsx';
import { formatInstant } from '../../components/time-format.ts';
import { useResource } from '../../components/use-resource.ts';

export function WebhooksTab() {
  const [offset, setOffset] = useState(0);
  const webhooks = useResource(() => monitoringApi.webhooks({ limit: 25, offset }), [offset]);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <div className="stack">
      <NewWebhookForm onCreated={webhooks.reload} />
      <AsyncView
        resource={webhooks}
        what="webhooks"
        isEmpty={(page) => page.data.length === 0}
        empty="No webhooks yet."
      >
        {(page) => (
          <>
            {page.data.map((webhook) => (
              <WebhookCard
                key={webhook.id}
                webhook={webhook}
                open={open === webhook.id}
                onToggleLog={() => setOpen(open === webhook.id ? null : webhook.id)}
                onChanged={webhooks.reload}
              />
            ))}
            <Pagination page={page.page} onChange={setOffset} label="webhooks" />
          </>
        )}
      </AsyncView>
    </div>
  );
}

function NewWebhookForm({ onCreated }: { onCreated: () => void }) {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<string[]>(['clock.breach']);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!/^https?:\/\/\S+$/.test(url.trim())) found.url = 'Give an http:// or https:// address.';
    if (events.length === 0) found.events = 'Choose at least one event.';
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      const created = await monitoringApi.createWebhook({
        url: url.trim(),
        eventTypes: events,
        ...(description.trim() ? { description: description.trim() } : {}),
      });
      setSecret(created.secret);
      setUrl('');
      setDescription('');
      onCreated();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card stack" onSubmit={submit} noValidate aria-labelledby="new-webhook">
      <h2 id="new-webhook">Add a webhook</h2>
      <FormError error={error} />
      {secret && (
        <Notice tone="warning" title="The signing secret: copy it now, it is not shown again" role="status">
          <p>
            <code className="hash">{secret}</code>
          </p>
          <p className="small">Receivers check the HMAC-SHA256 signature of each delivery with it.</p>
        </Notice>
      )}
      <div className="form-grid">
        <Field label="URL" error={problems.url}>
          <input type="url" value={url} onChange={(event) => setUrl(event.target.value)} placeholder="https://" />
        </Field>
        <Field label="Description (optional)">
          <input value={description} maxLength={500} onChange={(event) => setDescription(event.target.value)} />
        </Field>
      </div>
      <fieldset>
        <legend>Events</legend>
        {webhookEventTypes.map((type) => (
          <label key={type} className="check">
            <input
              type="checkbox"
              checked={events.includes(type)}
              onChange={(event) =>
                setEvents(event.target.checked ? [...events, type] : events.filter((entry) => entry !== type))
              }
            />
            {type}
          </label>
        ))}
        {problems.events && <p className="field-error">{problems.events}</p>}
      </fieldset>
      <div>
        <Button type="submit" busy={busy}>
          Add the webhook
        </Button>
      </div>
    </form>
  );
}

function WebhookCard({
  webhook,
  open,
  onToggleLog,
  onChanged,
}: {
  webhook: Webhook;
  open: boolean;
  onToggleLog: () => void;
  onChanged: () => void;
}) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const act = async (name: string, action: () => Promise<unknown>, message: string) => {
    setBusy(name);
    setError(null);
    setDone(null);
    try {
      await action();
      setDone(message);
      onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };
  return (
    <section className="card stack" aria-label={`Webhook ${webhook.url}`}>
      <div className="row">
        <strong className="mono">{webhook.url}</strong>
        {webhook.active ? <Badge tone="green">active</Badge> : <Badge>paused</Badge>}
      </div>
      {webhook.description && <p className="muted">{webhook.description}</p>}
      <p className="small">Events: {webhook.eventTypes.join(', ')}</p>
      <FormError error={error} />
      {done && (
        <Notice tone="success" role="status">
          {done}
        </Notice>
      )}
      <div className="row">
        <Button
          variant="secondary"
          busy={busy === 'test'}
          onClick={() =>
            void act(
              'test',
              () => monitoringApi.testWebhook(webhook.id),
              'A test message is queued; see the delivery log.',
            )
          }
        >
          Send a test
        </Button>
        <Button
          variant="secondary"
          busy={busy === 'active'}
          onClick={() =>
            void act(
              'active',
              () => monitoringApi.updateWebhook(webhook.id, { active: !webhook.active }),
              webhook.active ? 'Paused.' : 'Active again.',
            )
          }
        >
          {webhook.active ? 'Pause' : 'Activate'}
        </Button>
        <Button variant="secondary" aria-expanded={open} onClick={onToggleLog}>
          {open ? 'Hide the delivery log' : 'Delivery log'}
        </Button>
        <Button
          variant="danger"
          busy={busy === 'delete'}
          onClick={() => void act('delete', () => monitoringApi.deleteWebhook(webhook.id), 'Deleted.')}
        >
          Delete
        </Button>
      </div>
      {open && <DeliveryLog webhookId={webhook.id} />}
    </section>
  );
}

function DeliveryLog({ webhookId }: { webhookId: string }) {
  const [offset, setOffset] = useState(0);
  const deliveries = useResource(() => monitoringApi.deliveries(webhookId, { limit: 20, offset }), [webhookId, offset]);
  return (
    <AsyncView
      resource={deliveries}
      what="deliveries"
      isEmpty={(page) => page.data.length === 0}
      empty="Nothing delivered yet."
    >
      {(page) => (
        <>
          <TableScroll label="Delivery attempts">
            <table>
              <caption className="visually-hidden">Delivery attempts</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Event</th>
                  <th scope="col">Attempt</th>
                  <th scope="col">Answer</th>
                  <th scope="col">Message</th>
                </tr>
              </thead>
              <tbody>
                {page.data.map((delivery) => (
                  <tr key={delivery.id}>
                    <td className="small">{formatInstant(delivery.attemptedAt, undefined, { seconds: true })}</td>
                    <td>{delivery.eventType}</td>
                    <td className="num">{delivery.attempt}</td>
                    <td>
                      <Badge tone={delivery.ok ? 'green' : 'red'}>{delivery.ok ? 'ok' : 'failed'}</Badge>{' '}
                      {delivery.status ?? 'no answer'}
                      <div className="small muted">{delivery.detail}</div>
                    </td>
                    <td>{delivery.outboxStatus}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <Pagination page={page.page} onChange={setOffset} label="attempts" />
        </>
      )}
    </AsyncView>
  );
}
