/** Outgoing e-mail: how SMTP is configured (never credentials), a test e-mail, and the outbox with retries. */
import { useState } from 'react';
import { monitoringApi } from '../../api/monitoring-api.ts';
import { AsyncView } from '../../components/async-view.tsx';
import { Badge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { FormError, Notice } from '../../components/feedback.tsx';
import { Field } from '../../components/field.tsx';
import { Pagination } from '../../components/pagination.tsx';
import { TableScroll } from '../../components/table-scroll.tsx';
import { formatInstant } from '../../components/time-format.ts';
import { useResource } from '../../components/use-resource.ts';

const statusTones = { pending: 'blue', sending: 'blue', delivered: 'green', dead: 'red' } as const;

export function EmailTab() {
  const settings = useResource(() => monitoringApi.emailSettings(), []);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const test = async () => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const queued = await monitoringApi.testEmail(`ui:${crypto.randomUUID()}`);
      setDone(`A test e-mail to ${queued.recipient} is queued; follow it in the outbox below.`);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="smtp">
        <h2 id="smtp">SMTP</h2>
        <AsyncView resource={settings} what="the e-mail settings">
          {(data) => (
            <>
              <dl className="facts">
                <dt>State</dt>
                <dd>
                  {data.configured ? (
                    <Badge tone="green">configured</Badge>
                  ) : (
                    <Badge tone="amber">not configured</Badge>
                  )}
                </dd>
                <dt>Server</dt>
                <dd>{data.host ?? '—'}</dd>
                <dt>Sender</dt>
                <dd>{data.from ?? '—'}</dd>
              </dl>
              <p className="small muted">
                The server's environment sets these (see the README's configuration table); they are not edited here.
              </p>
              <FormError error={error} />
              {done && (
                <Notice tone="success" role="status">
                  {done}
                </Notice>
              )}
              <div>
                <Button variant="secondary" busy={busy} disabled={!data.configured} onClick={() => void test()}>
                  Send me a test e-mail
                </Button>
              </div>
            </>
          )}
        </AsyncView>
      </section>
      <Outbox />
    </div>
  );
}

function Outbox() {
  const [status, setStatus] = useState('');
  const [offset, setOffset] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const outbox = useResource(() => monitoringApi.outbox({ limit: 25, offset, status }), [offset, status]);
  const retry = async (id: string) => {
    setError(null);
    try {
      await monitoringApi.retryOutbox(id);
      outbox.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <section className="card stack" aria-labelledby="outbox">
      <h2 id="outbox">Outbox</h2>
      <div className="filters">
        <Field label="Show">
          <select
            value={status}
            onChange={(event) => {
              setStatus(event.target.value);
              setOffset(0);
            }}
          >
            <option value="">All messages</option>
            <option value="pending">Pending</option>
            <option value="delivered">Delivered</option>
            <option value="dead">Dead (gave up)</option>
          </select>
        </Field>
      </div>
      <FormError error={error} />
      <AsyncView resource={outbox} what="the outbox" isEmpty={(page) => page.data.length === 0} empty="No messages.">
        {(page) => (
          <>
            <TableScroll label="Outgoing messages">
              <table>
                <caption className="visually-hidden">Outgoing messages</caption>
                <thead>
                  <tr>
                    <th scope="col">Created</th>
                    <th scope="col">Channel</th>
                    <th scope="col">To</th>
                    <th scope="col">State</th>
                    <th scope="col">Last error</th>
                  </tr>
                </thead>
                <tbody>
                  {page.data.map((message) => (
                    <tr key={message.id}>
                      <td className="small">{formatInstant(message.createdAt)}</td>
                      <td>
                        {message.channel}
                        <div className="small muted">{message.kind}</div>
                      </td>
                      <td className="small" style={{ overflowWrap: 'anywhere' }}>
                        {message.recipient}
                      </td>
                      <td>
                        <Badge tone={statusTones[message.status]}>{message.status}</Badge>
                        <div className="small muted">{message.attempts} attempt(s)</div>
                        {message.status === 'dead' && (
                          <Button variant="link" onClick={() => void retry(message.id)}>
                            Retry
                          </Button>
                        )}
                      </td>
                      <td className="small">{message.lastError ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            <Pagination page={page.page} onChange={setOffset} label="messages" />
          </>
        )}
      </AsyncView>
    </section>
  );
}
