/** The agreements: each with its customer, the state of its newest version and the version in force. */
import { useEffect, useState } from 'react';
import { agreementsApi } from '../../api/agreements-api.ts';
import { identityApi } from '../../api/identity-api.ts';
import { AsyncView } from '../../components/async-view.tsx';
import { StateBadge } from '../../components/badge.tsx';
import { Field } from '../../components/field.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { Pagination } from '../../components/pagination.tsx';
import { TableScroll } from '../../components/table-scroll.tsx';
import { formatDate } from '../../components/time-format.ts';
import { useResource } from '../../components/use-resource.ts';
import { Link, useQueryParams } from '../../routes/router.tsx';
import { useSession } from '../auth/session-context.tsx';

const PAGE_SIZE = 25;
const statuses = ['draft', 'in_review', 'approved_by_provider', 'approved_by_customer', 'approved', 'active'];

export function AgreementsPage() {
  const { can, session } = useSession();
  const [params, setParams] = useQueryParams();
  const query = {
    search: params.get('search') ?? '',
    status: params.get('status') ?? '',
    customer: params.get('customer') ?? '',
    offset: Number(params.get('offset') ?? 0) || 0,
  };
  const [search, setSearch] = useState(query.search);
  useEffect(() => setSearch(query.search), [query.search]);
  const isCustomer = session?.role === 'customer';
  const customers = useResource(() => identityApi.listCustomers(), []);
  const names = new Map((customers.data?.data ?? []).map((customer) => [customer.id, customer.name]));
  const agreements = useResource(
    () => agreementsApi.list({ limit: PAGE_SIZE, ...query, sort: 'title' }),
    [query.search, query.status, query.customer, query.offset],
  );
  return (
    <>
      <PageHeader
        title="Agreements"
        description={
          isCustomer ? 'Your agreements with the provider, and versions waiting for your approval.' : undefined
        }
        actions={
          can('agreements.write') && (
            <Link className="button" to="/agreements/new">
              New agreement
            </Link>
          )
        }
      />
      <search>
        <form
          className="filters"
          aria-label="Filter agreements"
          onSubmit={(event) => {
            event.preventDefault();
            setParams({ search, offset: null });
          }}
        >
          <Field label="Search">
            <input value={search} onChange={(event) => setSearch(event.target.value)} placeholder="Id or title" />
          </Field>
          <Field label="Status of the newest version">
            <select value={query.status} onChange={(event) => setParams({ status: event.target.value, offset: null })}>
              <option value="">Any</option>
              {statuses.map((status) => (
                <option key={status} value={status}>
                  {status.replaceAll('_', ' ')}
                </option>
              ))}
            </select>
          </Field>
          {!isCustomer && (
            <Field label="Customer">
              <select
                value={query.customer}
                onChange={(event) => setParams({ customer: event.target.value, offset: null })}
              >
                <option value="">All customers</option>
                {customers.data?.data.map((customer) => (
                  <option key={customer.id} value={customer.id}>
                    {customer.name}
                  </option>
                ))}
              </select>
            </Field>
          )}
          <button type="submit" className="button" data-variant="secondary">
            Search
          </button>
        </form>
      </search>
      <AsyncView
        resource={agreements}
        what="agreements"
        isEmpty={(page) => page.data.length === 0}
        empty="No agreements match."
      >
        {(page) => (
          <>
            <TableScroll label="Agreements">
              <table>
                <caption className="visually-hidden">Agreements</caption>
                <thead>
                  <tr>
                    <th scope="col">Agreement</th>
                    <th scope="col">Customer</th>
                    <th scope="col">Newest version</th>
                    <th scope="col">In force</th>
                    <th scope="col">Updated</th>
                  </tr>
                </thead>
                <tbody>
                  {page.data.map((agreement) => (
                    <tr key={agreement.id}>
                      <td>
                        <Link to={`/agreements/${agreement.id}`}>{agreement.title}</Link>
                        <div className="small muted mono">{agreement.slug}</div>
                      </td>
                      <td>{names.get(agreement.customerId) ?? agreement.customer}</td>
                      <td>
                        {agreement.latestVersion ? (
                          <>
                            v{agreement.latestVersion.number} <StateBadge state={agreement.latestVersion.status} />
                          </>
                        ) : (
                          '—'
                        )}
                      </td>
                      <td>
                        {agreement.activeVersion
                          ? `v${agreement.activeVersion.number} since ${formatDate(agreement.activeVersion.effectiveFrom, agreement.activeVersion.timezone)}`
                          : 'none'}
                      </td>
                      <td className="small">{formatDate(agreement.updatedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            <Pagination
              page={page.page}
              label="agreements"
              onChange={(offset) => setParams({ offset: String(offset) })}
            />
          </>
        )}
      </AsyncView>
    </>
  );
}
