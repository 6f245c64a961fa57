/**
 * The mailboxes Covenant reads (IMAP) or takes forwarded messages for: their state as the watcher last reported it,
 * a form to add or change one (the password is write-only), a connection check, and for a forwarded mailbox the
 * address and a command to post messages to.
 */
import { type FormEvent, useState } from 'react';
import type { Mailbox } from '../../api/conversation-types.ts';
import { customersApi } from '../../api/customers-api.ts';
import { mailApi } from '../../api/mail-api.ts';
import type { Customer } from '../../api/types.ts';
import { AsyncView } from '../../components/async-view.tsx';
import { Badge, type Tone } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { FormError, Notice } from '../../components/feedback.tsx';
import { Field } from '../../components/field.tsx';
import { fieldErrorsOf } from '../../components/field-errors.ts';
import { formatInstant } from '../../components/time-format.ts';
import { useResource } from '../../components/use-resource.ts';
import {
  checkMailbox,
  defaultPorts,
  formOf,
  forwardingInstructions,
  type MailboxForm,
  type MailboxProblems,
} from './mailbox-form-model.ts';

const stateTones: Record<string, Tone> = { connected: 'green', idle: 'green', polling: 'blue', error: 'red' };

export function MailboxesTab() {
  const mailboxes = useResource(() => mailApi.mailboxes(), []);
  const customers = useResource(() => customersApi.list({ limit: 500, sort: 'name' }), []);
  const [editing, setEditing] = useState<Mailbox | 'new' | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const customerList = customers.data?.data ?? [];
  const saved = (message: string) => {
    setEditing(null);
    setDone(message);
    mailboxes.reload();
  };
  return (
    <div className="stack">
      <div className="page-header" style={{ marginBottom: 0 }}>
        <p className="muted" style={{ margin: 0 }}>
          Each message in a mailbox opens a ticket or is a reply on one; processed messages are flagged or moved.
        </p>
        {editing === null && (
          <Button
            onClick={() => {
              setDone(null);
              setEditing('new');
            }}
          >
            Add a mailbox
          </Button>
        )}
      </div>
      {done && (
        <Notice tone="success" role="status">
          {done}
        </Notice>
      )}
      {editing !== null && (
        <MailboxEditor
          mailbox={editing === 'new' ? null : editing}
          customers={customerList}
          onSaved={saved}
          onCancel={() => setEditing(null)}
        />
      )}
      <AsyncView
        resource={mailboxes}
        what="mailboxes"
        isEmpty={(list) => list.length === 0}
        empty="No mailboxes yet. Add the support address your customers write to, or one your mail service forwards to."
      >
        {(list) =>
          list.map((mailbox) => (
            <MailboxCard
              key={mailbox.id}
              mailbox={mailbox}
              customers={customerList}
              editable={editing === null}
              onEdit={() => {
                setDone(null);
                setEditing(mailbox);
              }}
              onChanged={saved}
            />
          ))
        }
      </AsyncView>
    </div>
  );
}

function MailboxCard({
  mailbox,
  customers,
  editable,
  onEdit,
  onChanged,
}: {
  mailbox: Mailbox;
  customers: readonly Customer[];
  editable: boolean;
  onEdit: () => void;
  onChanged: (message: string) => void;
}) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [check, setCheck] = useState<{ ok: boolean; error?: string } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const feeds = mailbox.customerId
    ? (customers.find((customer) => customer.id === mailbox.customerId)?.name ?? 'a customer')
    : 'the customer found from the sender';
  const act = async (name: string, action: () => Promise<void>) => {
    setBusy(name);
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };
  const state = mailbox.enabled ? (mailbox.status.state ?? 'not started') : 'disabled';
  return (
    <section className="card stack" aria-label={`Mailbox ${mailbox.name}`}>
      <div className="message-header">
        <div className="row">
          <h3 style={{ margin: 0 }}>{mailbox.name}</h3>
          <Badge>{mailbox.kind === 'imap' ? 'IMAP' : 'forwarded'}</Badge>
          {mailbox.kind === 'imap' && (
            <Badge tone={mailbox.enabled ? (stateTones[state] ?? 'grey') : 'grey'}>{state}</Badge>
          )}
          {mailbox.kind === 'forward' && !mailbox.enabled && <Badge>disabled</Badge>}
        </div>
        {mailbox.status.at && (
          <span className="small muted">as of {formatInstant(mailbox.status.at, undefined, { seconds: true })}</span>
        )}
      </div>
      {mailbox.status.error && (
        <Notice tone="error" title="Last error">
          {mailbox.status.error}
        </Notice>
      )}
      <dl className="facts">
        {mailbox.kind === 'imap' && (
          <>
            <dt>Server</dt>
            <dd className="mono">
              {mailbox.host}:{mailbox.port} ({tlsNames[mailbox.tls ?? 'implicit']})
            </dd>
            <dt>Sign-in</dt>
            <dd>
              {mailbox.username}{' '}
              {mailbox.passwordSet ? <Badge tone="green">password set</Badge> : <Badge tone="amber">no password</Badge>}
            </dd>
            <dt>Reads</dt>
            <dd>
              {mailbox.folder};{' '}
              {mailbox.processed.action === 'move'
                ? `moves processed mail to ${mailbox.processed.folder}`
                : 'flags processed mail'}
            </dd>
          </>
        )}
        <dt>Feeds</dt>
        <dd>
          {feeds}
          {mailbox.service ? `, service ${mailbox.service}` : ''}
          {mailbox.category ? `, category ${mailbox.category}` : ''}
        </dd>
        <dt>Options</dt>
        <dd>
          {mailbox.acknowledge ? 'acknowledges new tickets' : 'no acknowledgement'};{' '}
          {mailbox.listMailIsAutomatic ? 'mailing-list mail is automatic' : 'mailing-list mail opens tickets'}
        </dd>
      </dl>
      {mailbox.kind === 'forward' && <ForwardingHelp mailboxId={mailbox.id} />}
      <FormError error={error} />
      {check && (
        <Notice tone={check.ok ? 'success' : 'error'} role="status">
          {check.ok
            ? 'Connected and signed in; the folder is there.'
            : `The connection failed: ${check.error ?? 'no reason given'}`}
        </Notice>
      )}
      {editable && (
        <div className="row">
          <Button variant="secondary" onClick={onEdit}>
            Edit
          </Button>
          {mailbox.kind === 'imap' && (
            <Button
              variant="secondary"
              busy={busy === 'check'}
              onClick={() =>
                void act('check', async () => {
                  setCheck(null);
                  setCheck(await mailApi.checkMailbox(mailbox.id));
                })
              }
            >
              Check connection
            </Button>
          )}
          <Button
            variant="secondary"
            busy={busy === 'enable'}
            onClick={() =>
              void act('enable', async () => {
                await mailApi.updateMailbox(mailbox.id, { enabled: !mailbox.enabled });
                onChanged(mailbox.enabled ? `${mailbox.name} is disabled.` : `${mailbox.name} is enabled.`);
              })
            }
          >
            {mailbox.enabled ? 'Disable' : 'Enable'}
          </Button>
          {confirming ? (
            <>
              <Button
                variant="danger"
                busy={busy === 'delete'}
                onClick={() =>
                  void act('delete', async () => {
                    await mailApi.deleteMailbox(mailbox.id);
                    onChanged(`${mailbox.name} is deleted; its tickets and log stay.`);
                  })
                }
              >
                Delete {mailbox.name}
              </Button>
              <Button variant="secondary" onClick={() => setConfirming(false)}>
                Keep
              </Button>
            </>
          ) : (
            <Button variant="secondary" onClick={() => setConfirming(true)}>
              Delete
            </Button>
          )}
        </div>
      )}
    </section>
  );
}

const tlsNames = { implicit: 'TLS', starttls: 'STARTTLS', none: 'no encryption' } as const;

function ForwardingHelp({ mailboxId }: { mailboxId: string }) {
  const how = forwardingInstructions(window.location.origin, mailboxId);
  return (
    <div className="stack subtle-panel">
      <p style={{ margin: 0 }}>
        Have your mail service POST each raw message (<code>message/rfc822</code>, up to 25 MiB) to:
      </p>
      <pre className="code-block">{how.url}</pre>
      <p className="small muted" style={{ margin: 0 }}>
        With an API token whose role may take in mail (Settings → API tokens). By hand:
      </p>
      <pre className="code-block">{how.curl}</pre>
    </div>
  );
}

function MailboxEditor({
  mailbox,
  customers,
  onSaved,
  onCancel,
}: {
  mailbox: Mailbox | null;
  customers: readonly Customer[];
  onSaved: (message: string) => void;
  onCancel: () => void;
}) {
  const [form, setForm] = useState<MailboxForm>(() => formOf(mailbox));
  const [changingPassword, setChangingPassword] = useState(!mailbox?.passwordSet);
  const [local, setLocal] = useState<MailboxProblems>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const server = fieldErrorsOf(error, [...Object.keys(form), 'processed', 'tls', 'port']);
  const problem = (field: keyof MailboxForm) =>
    local[field] ??
    server.byField[field] ??
    (field === 'processedFolder' ? server.byField['processed.folder'] : undefined);
  const set = (changes: Partial<MailboxForm>) => setForm((previous) => ({ ...previous, ...changes }));
  const passwordSet = Boolean(mailbox?.passwordSet) && !changingPassword;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const check = checkMailbox(form, Boolean(mailbox?.passwordSet));
    setLocal(check.problems);
    if (!check.body) return;
    setBusy(true);
    setError(null);
    try {
      if (mailbox) {
        const { kind: _kind, ...changes } = check.body;
        await mailApi.updateMailbox(mailbox.id, changes);
      } else await mailApi.createMailbox(check.body);
      onSaved(mailbox ? `${check.body.name} is saved.` : `${check.body.name} is added.`);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <form className="card stack" onSubmit={submit} noValidate aria-labelledby="mailbox-form">
      <h2 id="mailbox-form">{mailbox ? `Edit ${mailbox.name}` : 'Add a mailbox'}</h2>
      <FormError error={server.other} />
      <div className="form-grid">
        <Field label="Name" error={problem('name')}>
          <input value={form.name} maxLength={200} onChange={(event) => set({ name: event.target.value })} />
        </Field>
        <Field label="How mail arrives" hint={mailbox ? 'Chosen when the mailbox was added.' : undefined}>
          <select
            value={form.kind}
            disabled={Boolean(mailbox)}
            onChange={(event) => set({ kind: event.target.value as MailboxForm['kind'] })}
          >
            <option value="imap">Covenant reads an IMAP mailbox</option>
            <option value="forward">My mail service forwards messages</option>
          </select>
        </Field>
      </div>
      {form.kind === 'imap' && (
        <fieldset className="stack">
          <legend>IMAP server</legend>
          <div className="form-grid">
            <Field label="Host" error={problem('host')}>
              <input
                value={form.host}
                placeholder="imap.provider.example"
                onChange={(event) => set({ host: event.target.value })}
              />
            </Field>
            <Field label="Encryption" error={server.byField.tls}>
              <select
                value={form.tls}
                onChange={(event) => {
                  const tls = event.target.value as MailboxForm['tls'];
                  const usual = Object.values(defaultPorts).map(String).includes(form.port);
                  set({ tls, ...(usual ? { port: String(defaultPorts[tls]) } : {}) });
                }}
              >
                <option value="implicit">TLS (port 993)</option>
                <option value="starttls">STARTTLS (port 143)</option>
                <option value="none">None (tests only)</option>
              </select>
            </Field>
            <Field label="Port" error={problem('port')}>
              <input
                value={form.port}
                inputMode="numeric"
                size={6}
                onChange={(event) => set({ port: event.target.value })}
              />
            </Field>
            <Field label="User name" error={problem('username')}>
              <input
                value={form.username}
                autoComplete="off"
                onChange={(event) => set({ username: event.target.value })}
              />
            </Field>
            {passwordSet ? (
              <div className="field">
                <span className="label">Password</span>
                <div className="row">
                  <Badge tone="green">password set</Badge>
                  <Button variant="link" onClick={() => setChangingPassword(true)}>
                    Change the password
                  </Button>
                </div>
                <span className="hint">It is stored and never shown again.</span>
              </div>
            ) : (
              <Field
                label={mailbox?.passwordSet ? 'New password' : 'Password'}
                hint="Write-only: it is stored and never shown again."
                error={problem('password')}
              >
                <input
                  type="password"
                  autoComplete="new-password"
                  value={form.password}
                  onChange={(event) => set({ password: event.target.value })}
                />
              </Field>
            )}
            <Field label="Folder" error={problem('folder')}>
              <input value={form.folder} onChange={(event) => set({ folder: event.target.value })} />
            </Field>
            <Field label="Processed messages">
              <select
                value={form.processedAction}
                onChange={(event) => set({ processedAction: event.target.value as MailboxForm['processedAction'] })}
              >
                <option value="flag">Flag them (they stay in the folder)</option>
                <option value="move">Move them to a folder</option>
              </select>
            </Field>
            {form.processedAction === 'move' && (
              <Field label="Move to folder" error={problem('processedFolder')}>
                <input
                  value={form.processedFolder}
                  placeholder="Processed"
                  onChange={(event) => set({ processedFolder: event.target.value })}
                />
              </Field>
            )}
          </div>
        </fieldset>
      )}
      <fieldset className="stack">
        <legend>What its mail feeds</legend>
        <div className="form-grid">
          <Field
            label="Customer"
            hint="By sender: a contact's address, else a customer's e-mail domain; unknown senders go to triage."
            error={problem('customerId')}
          >
            <select value={form.customerId} onChange={(event) => set({ customerId: event.target.value })}>
              <option value="">By sender</option>
              {customers.map((customer) => (
                <option key={customer.id} value={customer.id}>
                  {customer.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Service (optional)" error={problem('service')}>
            <input value={form.service} placeholder="erp" onChange={(event) => set({ service: event.target.value })} />
          </Field>
          <Field label="Default category (optional)" error={problem('category')}>
            <input value={form.category} onChange={(event) => set({ category: event.target.value })} />
          </Field>
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={form.acknowledge}
            onChange={(event) => set({ acknowledge: event.target.checked })}
          />
          Acknowledge new tickets (the requester gets the ticket key, its priority and the promised first response)
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={form.listMailIsAutomatic}
            onChange={(event) => set({ listMailIsAutomatic: event.target.checked })}
          />
          Treat mailing-list mail as automatic (it never opens a ticket)
        </label>
        <label className="check">
          <input type="checkbox" checked={form.enabled} onChange={(event) => set({ enabled: event.target.checked })} />
          Enabled
        </label>
      </fieldset>
      <div className="row">
        <Button type="submit" busy={busy}>
          {mailbox ? 'Save the mailbox' : 'Add the mailbox'}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
