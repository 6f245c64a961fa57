/** Users and their roles: create (customer representatives name their customer), change role, reset, disable. */
import { type FormEvent, useState } from 'react';
import { identityApi } from '../../api/identity-api.ts';
import type { Customer, Role, User } from '../../api/types.ts';
import { AsyncView } from '../../components/async-view.tsx';
import { Badge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { FormError, Notice } from '../../components/feedback.tsx';
import { Field } from '../../components/field.tsx';
import { Pagination } from '../../components/pagination.tsx';
import { TableScroll } from '../../components/table-scroll.tsx';
import { useResource } from '../../components/use-resource.ts';
import { roleNames } from '../auth/permissions.ts';

const PAGE_SIZE = 25;
const roles = Object.keys(roleNames) as Role[];

export function UsersTab() {
  const [offset, setOffset] = useState(0);
  const users = useResource(() => identityApi.listUsers({ limit: PAGE_SIZE, offset }), [offset]);
  const customers = useResource(() => identityApi.listCustomers(), []);
  const customerList = customers.data?.data ?? [];
  return (
    <div className="stack">
      <NewUserForm customers={customerList} onCreated={users.reload} />
      <AsyncView resource={users} what="users" isEmpty={(page) => page.data.length === 0}>
        {(page) => (
          <>
            <TableScroll label="Users">
              <table>
                <caption className="visually-hidden">Users</caption>
                <thead>
                  <tr>
                    <th scope="col">User</th>
                    <th scope="col">Role</th>
                    <th scope="col">Customer</th>
                    <th scope="col">State</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {page.data.map((user) => (
                    <UserRow key={user.id} user={user} customers={customerList} onChanged={users.reload} />
                  ))}
                </tbody>
              </table>
            </TableScroll>
            <Pagination page={page.page} onChange={setOffset} label="users" />
          </>
        )}
      </AsyncView>
    </div>
  );
}

function UserRow({
  user,
  customers,
  onChanged,
}: {
  user: User;
  customers: readonly Customer[];
  onChanged: () => void;
}) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const change = async (body: Parameters<typeof identityApi.updateUser>[1]) => {
    setBusy(true);
    setError(null);
    try {
      await identityApi.updateUser(user.id, body);
      onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <tr>
      <td>
        {user.name}
        <div className="small muted">{user.email}</div>
        <FormError error={error} />
      </td>
      <td>
        <select
          aria-label={`Role of ${user.email}`}
          value={user.role}
          disabled={busy || user.role === 'customer'}
          onChange={(event) => void change({ role: event.target.value as Role })}
        >
          {roles
            .filter((role) => role !== 'customer' || user.role === 'customer')
            .map((role) => (
              <option key={role} value={role}>
                {roleNames[role]}
              </option>
            ))}
        </select>
      </td>
      <td>{customers.find((customer) => customer.id === user.customerId)?.name ?? '—'}</td>
      <td>{user.disabled ? <Badge tone="red">disabled</Badge> : <Badge tone="green">active</Badge>}</td>
      <td>
        <Button variant="link" busy={busy} onClick={() => void change({ disabled: !user.disabled })}>
          {user.disabled ? 'Enable' : 'Disable'}
        </Button>
      </td>
    </tr>
  );
}

function NewUserForm({ customers, onCreated }: { customers: readonly Customer[]; onCreated: () => void }) {
  const empty = { email: '', name: '', role: 'agent' as Role, customerId: '', password: '' };
  const [form, setForm] = useState(empty);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(form.email)) found.email = 'Enter an e-mail address.';
    if (!form.name.trim()) found.name = 'Enter the name.';
    if (form.role === 'customer' && !form.customerId) found.customerId = 'A customer representative needs a customer.';
    if (form.password.length < 12) found.password = 'Give a first password of at least 12 characters.';
    setProblems(found);
    setCreated(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      const user = await identityApi.createUser({
        email: form.email.trim(),
        name: form.name.trim(),
        role: form.role,
        customerId: form.role === 'customer' ? form.customerId : null,
        password: form.password,
      });
      setCreated(`Created ${user.email}.`);
      setForm(empty);
      onCreated();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card stack" onSubmit={submit} noValidate aria-labelledby="new-user">
      <h2 id="new-user">Add a user</h2>
      <FormError error={error} />
      {created && (
        <Notice tone="success" role="status">
          {created}
        </Notice>
      )}
      <div className="form-grid">
        <Field label="E-mail" error={problems.email}>
          <input
            type="email"
            value={form.email}
            onChange={(event) => setForm({ ...form, email: event.target.value })}
          />
        </Field>
        <Field label="Name" error={problems.name}>
          <input value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} />
        </Field>
        <Field label="Role">
          <select value={form.role} onChange={(event) => setForm({ ...form, role: event.target.value as Role })}>
            {roles.map((role) => (
              <option key={role} value={role}>
                {roleNames[role]}
              </option>
            ))}
          </select>
        </Field>
        {form.role === 'customer' && (
          <Field label="Customer" error={problems.customerId}>
            <select value={form.customerId} onChange={(event) => setForm({ ...form, customerId: event.target.value })}>
              <option value="">Choose…</option>
              {customers.map((customer) => (
                <option key={customer.id} value={customer.id}>
                  {customer.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field
          label="First password"
          hint="At least 12 characters; tell it to the user safely."
          error={problems.password}
        >
          <input
            type="password"
            autoComplete="new-password"
            value={form.password}
            onChange={(event) => setForm({ ...form, password: event.target.value })}
          />
        </Field>
      </div>
      <div>
        <Button type="submit" busy={busy}>
          Add the user
        </Button>
      </div>
    </form>
  );
}
