/** API tokens for integrations: created with a role (and a customer for customer-scoped tokens), shown once, revoked. */
import { type FormEvent, useState } from 'react';
import { identityApi } from '../../api/identity-api.ts';
import type { Role } from '../../api/types.ts';
import { AsyncView } from '../../components/async-view.tsx';
import { Badge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { FormError, Notice } from '../../components/feedback.tsx';
import { Field } from '../../components/field.tsx';
import { Pagination } from '../../components/pagination.tsx';
import { TableScroll } from '../../components/table-scroll.tsx';
import { formatInstant } from '../../components/time-format.ts';
import { useResource } from '../../components/use-resource.ts';
import { roleNames } from '../auth/permissions.ts';

const PAGE_SIZE = 25;

export function TokensTab() {
  const [offset, setOffset] = useState(0);
  const tokens = useResource(() => identityApi.listTokens({ limit: PAGE_SIZE, offset }), [offset]);
  const customers = useResource(() => identityApi.listCustomers(), []);
  const [form, setForm] = useState({ name: '', role: 'agent' as Role, customerId: '' });
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!form.name.trim()) found.name = 'Name the token after what uses it, e.g. ci-import.';
    if (form.role === 'customer' && !form.customerId) found.customerId = 'Choose the customer.';
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    setBusy('create');
    setError(null);
    try {
      const created = await identityApi.createToken({
        name: form.name.trim(),
        role: form.role,
        customerId: form.role === 'customer' ? form.customerId : null,
      });
      setSecret({ name: created.name, token: created.token });
      setForm({ name: '', role: 'agent', customerId: '' });
      tokens.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };
  const revoke = async (id: string) => {
    setBusy(id);
    setError(null);
    try {
      await identityApi.revokeToken(id);
      tokens.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="stack">
      <form className="card stack" onSubmit={create} noValidate aria-labelledby="new-token">
        <h2 id="new-token">Create a token</h2>
        <FormError error={error} />
        {secret && (
          <Notice tone="warning" title={`The token ${secret.name}: copy it now, it is not shown again`} role="status">
            <p>
              <code className="hash">{secret.token}</code>
            </p>
          </Notice>
        )}
        <div className="form-grid">
          <Field label="Name" error={problems.name}>
            <input value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} />
          </Field>
          <Field label="Role">
            <select value={form.role} onChange={(event) => setForm({ ...form, role: event.target.value as Role })}>
              {(Object.keys(roleNames) as Role[]).map((role) => (
                <option key={role} value={role}>
                  {roleNames[role]}
                </option>
              ))}
            </select>
          </Field>
          {form.role === 'customer' && (
            <Field label="Customer" error={problems.customerId}>
              <select
                value={form.customerId}
                onChange={(event) => setForm({ ...form, customerId: event.target.value })}
              >
                <option value="">Choose…</option>
                {customers.data?.data.map((customer) => (
                  <option key={customer.id} value={customer.id}>
                    {customer.name}
                  </option>
                ))}
              </select>
            </Field>
          )}
        </div>
        <div>
          <Button type="submit" busy={busy === 'create'}>
            Create the token
          </Button>
        </div>
      </form>
      <AsyncView
        resource={tokens}
        what="API tokens"
        isEmpty={(page) => page.data.length === 0}
        empty="No API tokens yet."
      >
        {(page) => (
          <>
            <TableScroll label="API tokens">
              <table>
                <caption className="visually-hidden">API tokens</caption>
                <thead>
                  <tr>
                    <th scope="col">Token</th>
                    <th scope="col">Role</th>
                    <th scope="col">Created</th>
                    <th scope="col">Last used</th>
                    <th scope="col">State</th>
                  </tr>
                </thead>
                <tbody>
                  {page.data.map((token) => (
                    <tr key={token.id}>
                      <td>
                        {token.name}
                        <div className="small muted mono">{token.prefix}…</div>
                      </td>
                      <td>{roleNames[token.role]}</td>
                      <td className="small">{formatInstant(token.createdAt)}</td>
                      <td className="small">{token.lastUsedAt ? formatInstant(token.lastUsedAt) : 'never'}</td>
                      <td>
                        {token.revokedAt ? (
                          <Badge tone="grey">revoked</Badge>
                        ) : (
                          <Button variant="link" busy={busy === token.id} onClick={() => void revoke(token.id)}>
                            Revoke
                          </Button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            <Pagination page={page.page} onChange={setOffset} label="tokens" />
          </>
        )}
      </AsyncView>
    </div>
  );
}
