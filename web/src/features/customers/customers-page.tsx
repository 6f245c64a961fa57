/** The customers of the workspace: search, their time zone and e-mail domains, and a way to add one (managers). */
import { useEffect, useState } from 'react';
import { customersApi } from '../../api/customers-api.ts';
import { AsyncView } from '../../components/async-view.tsx';
import { Field } from '../../components/field.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { Pagination } from '../../components/pagination.tsx';
import { TableScroll } from '../../components/table-scroll.tsx';
import { useResource } from '../../components/use-resource.ts';
import { Link, useQueryParams } from '../../routes/router.tsx';
import { useSession } from '../auth/session-context.tsx';

const PAGE_SIZE = 25;

export function CustomersPage() {
  const { can } = useSession();
  const [params, setParams] = useQueryParams();
  const search = params.get('search') ?? '';
  const offset = Number(params.get('offset') ?? 0) || 0;
  const [draft, setDraft] = useState(search);
  useEffect(() => setDraft(search), [search]);
  const customers = useResource(
    (signal) => customersApi.list({ limit: PAGE_SIZE, offset, search, sort: 'name' }, signal),
    [search, offset],
  );
  return (
    <>
      <PageHeader
        title="Customers"
        description="Who you serve: their contacts, the e-mail domains their mail comes from, and their time zone."
        actions={
          can('customers.write') && (
            <Link className="button" to="/customers/new">
              New customer
            </Link>
          )
        }
      />
      <search>
        <form
          className="filters"
          aria-label="Find customers"
          onSubmit={(event) => {
            event.preventDefault();
            setParams({ search: draft.trim() || null, offset: null });
          }}
        >
          <Field label="Search">
            <input value={draft} onChange={(event) => setDraft(event.target.value)} placeholder="Name or id" />
          </Field>
          <button type="submit" className="button" data-variant="secondary">
            Search
          </button>
        </form>
      </search>
      <AsyncView
        resource={customers}
        what="customers"
        isEmpty={(page) => page.data.length === 0}
        empty={
          search ? (
            `No customer matches "${search}".`
          ) : can('customers.write') ? (
            <>
              No customers yet. <Link to="/customers/new">Add the first one</Link>.
            </>
          ) : (
            'No customers yet.'
          )
        }
      >
        {(page) => (
          <>
            <TableScroll label="Customers">
              <table>
                <caption className="visually-hidden">Customers by name</caption>
                <thead>
                  <tr>
                    <th scope="col">Customer</th>
                    <th scope="col">Id</th>
                    <th scope="col">Time zone</th>
                    <th scope="col">E-mail domains</th>
                  </tr>
                </thead>
                <tbody>
                  {page.data.map((customer) => (
                    <tr key={customer.id}>
                      <td>
                        <Link to={`/customers/${customer.id}`}>{customer.name}</Link>
                      </td>
                      <td className="mono small">{customer.slug}</td>
                      <td>{customer.timezone ?? <span className="muted">not set</span>}</td>
                      <td className="wrap-anywhere">
                        {(customer.emailDomains ?? []).length > 0 ? (
                          customer.emailDomains.join(', ')
                        ) : (
                          <span className="muted">none</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            <Pagination page={page.page} label="customers" onChange={(next) => setParams({ offset: String(next) })} />
          </>
        )}
      </AsyncView>
    </>
  );
}
