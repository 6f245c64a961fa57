/**
 * A customer's contacts: who they are, how to reach them, the part they play, and who may sign agreements. Managers
 * add, change and remove them; everyone else reads. A contact's address makes their mail this customer's.
 */
import { type FormEvent, useState } from 'react';
import { type ContactInput, customersApi } from '../../api/customers-api.ts';
import type { Contact } from '../../api/types.ts';
import { AsyncView } from '../../components/async-view.tsx';
import { Badge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { FormError, Notice } from '../../components/feedback.tsx';
import { Field } from '../../components/field.tsx';
import { fieldErrorsOf } from '../../components/field-errors.ts';
import { TableScroll } from '../../components/table-scroll.tsx';
import { useResource } from '../../components/use-resource.ts';
import { isEmailAddress } from '../tickets/composer-rules.ts';

const FIELDS = ['name', 'email', 'phone', 'role', 'title', 'signatory'];
const ROLE_SUGGESTIONS = ['key user', 'technical contact', 'escalation contact', 'service owner', 'billing'];

export function ContactsSection({ customerId, editable }: { customerId: string; editable: boolean }) {
  const contacts = useResource(() => customersApi.contacts(customerId), [customerId]);
  const [editing, setEditing] = useState<Contact | 'new' | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const saved = (message: string) => {
    setEditing(null);
    setDone(message);
    contacts.reload();
  };
  return (
    <section className="card stack" aria-labelledby="contacts-heading">
      <div className="page-header" style={{ marginBottom: 0 }}>
        <h2 id="contacts-heading">Contacts</h2>
        {editable && editing === null && (
          <Button variant="secondary" onClick={() => setEditing('new')}>
            Add a contact
          </Button>
        )}
      </div>
      {done && (
        <Notice tone="success" role="status">
          {done}
        </Notice>
      )}
      {editing !== null && (
        <ContactForm
          customerId={customerId}
          contact={editing === 'new' ? null : editing}
          onSaved={saved}
          onCancel={() => setEditing(null)}
        />
      )}
      <AsyncView
        resource={contacts}
        what="contacts"
        isEmpty={(answer) => answer.data.length === 0}
        empty={
          editable
            ? 'No contacts yet. Add the people who write in: their addresses make their mail this customer’s.'
            : 'No contacts yet.'
        }
      >
        {(answer) => (
          <TableScroll label="Contact list">
            <table>
              <caption className="visually-hidden">Contacts of the customer</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">E-mail</th>
                  <th scope="col">Phone</th>
                  <th scope="col">Role</th>
                  <th scope="col">Signatory</th>
                  {editable && <th scope="col">Actions</th>}
                </tr>
              </thead>
              <tbody>
                {answer.data.map((contact) => (
                  <ContactRow
                    key={contact.id}
                    contact={contact}
                    editable={editable && editing === null}
                    onEdit={() => {
                      setDone(null);
                      setEditing(contact);
                    }}
                    onRemoved={() => saved(`${contact.name} is no longer a contact.`)}
                  />
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </AsyncView>
    </section>
  );
}

function ContactRow({
  contact,
  editable,
  onEdit,
  onRemoved,
}: {
  contact: Contact;
  editable: boolean;
  onEdit: () => void;
  onRemoved: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await customersApi.removeContact(contact.customerId, contact.id);
      onRemoved();
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };
  return (
    <tr>
      <td>
        <strong>{contact.name}</strong>
        {contact.title && <div className="small muted">{contact.title}</div>}
      </td>
      <td className="wrap-anywhere">
        <a href={`mailto:${contact.email}`}>{contact.email}</a>
      </td>
      <td>{contact.phone ? <a href={`tel:${contact.phone.replace(/[^+0-9]/g, '')}`}>{contact.phone}</a> : '—'}</td>
      <td>{contact.role ?? '—'}</td>
      <td>{contact.signatory ? <Badge tone="blue">signatory</Badge> : <span className="muted">no</span>}</td>
      {editable && (
        <td>
          <div className="row">
            {!confirming && (
              <>
                <Button variant="secondary" onClick={onEdit} aria-label={`Edit ${contact.name}`}>
                  Edit
                </Button>
                <Button variant="secondary" onClick={() => setConfirming(true)} aria-label={`Remove ${contact.name}`}>
                  Remove
                </Button>
              </>
            )}
            {confirming && (
              <>
                <Button variant="danger" busy={busy} onClick={() => void remove()}>
                  Remove {contact.name}
                </Button>
                <Button variant="secondary" onClick={() => setConfirming(false)}>
                  Keep
                </Button>
              </>
            )}
          </div>
          <FormError error={error} />
        </td>
      )}
    </tr>
  );
}

function ContactForm({
  customerId,
  contact,
  onSaved,
  onCancel,
}: {
  customerId: string;
  contact: Contact | null;
  onSaved: (message: string) => void;
  onCancel: () => void;
}) {
  const [form, setForm] = useState({
    name: contact?.name ?? '',
    email: contact?.email ?? '',
    phone: contact?.phone ?? '',
    role: contact?.role ?? '',
    title: contact?.title ?? '',
    signatory: contact?.signatory ?? false,
  });
  const [local, setLocal] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const server = fieldErrorsOf(error, FIELDS);
  const problem = (field: string) => local[field] ?? server.byField[field];
  const set = (changes: Partial<typeof form>) => setForm((previous) => ({ ...previous, ...changes }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (form.name.trim() === '') found.name = 'Give the contact a name.';
    if (!isEmailAddress(form.email.trim())) found.email = 'Give an e-mail address such as jan@acme.example.';
    setLocal(found);
    if (Object.keys(found).length > 0) return;
    const body: ContactInput = {
      name: form.name.trim(),
      email: form.email.trim(),
      phone: form.phone.trim() || null,
      role: form.role.trim() || null,
      title: form.title.trim() || null,
      signatory: form.signatory,
    };
    setBusy(true);
    setError(null);
    try {
      if (contact) await customersApi.updateContact(customerId, contact.id, body);
      else await customersApi.addContact(customerId, body);
      onSaved(contact ? `${body.name} is saved.` : `${body.name} is added.`);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <form
      className="stack subtle-panel"
      onSubmit={submit}
      noValidate
      aria-label={contact ? `Edit ${contact.name}` : 'New contact'}
    >
      <h3>{contact ? `Edit ${contact.name}` : 'New contact'}</h3>
      <FormError error={server.other} />
      <div className="form-grid">
        <Field label="Name" error={problem('name')}>
          <input value={form.name} maxLength={200} onChange={(event) => set({ name: event.target.value })} />
        </Field>
        <Field label="E-mail" error={problem('email')}>
          <input
            type="email"
            value={form.email}
            maxLength={254}
            onChange={(event) => set({ email: event.target.value })}
          />
        </Field>
        <Field label="Phone (optional)" error={problem('phone')}>
          <input
            type="tel"
            value={form.phone}
            maxLength={50}
            placeholder="+48 22 000 00 00"
            onChange={(event) => set({ phone: event.target.value })}
          />
        </Field>
        <Field label="Role (optional)" hint="The part they play for support." error={problem('role')}>
          <input
            list="contact-roles"
            value={form.role}
            maxLength={100}
            onChange={(event) => set({ role: event.target.value })}
          />
        </Field>
        <Field label="Job title (optional)" error={problem('title')}>
          <input value={form.title} maxLength={200} onChange={(event) => set({ title: event.target.value })} />
        </Field>
      </div>
      <datalist id="contact-roles">
        {ROLE_SUGGESTIONS.map((role) => (
          <option key={role} value={role} />
        ))}
      </datalist>
      <label className="check">
        <input
          type="checkbox"
          checked={form.signatory}
          onChange={(event) => set({ signatory: event.target.checked })}
        />
        Signatory: may approve agreements for the customer
      </label>
      <div className="row">
        <Button type="submit" busy={busy}>
          {contact ? 'Save the contact' : 'Add the contact'}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
