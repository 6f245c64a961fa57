/**
 * One customer: its details (a form for managers, facts for everyone else) and its contacts; or, at
 * /customers/new, the form that creates one.
 */
import { customersApi } from '../../api/customers-api.ts';
import type { Customer } from '../../api/types.ts';
import { ErrorNotice, Loading, Notice } from '../../components/feedback.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useResource } from '../../components/use-resource.ts';
import { Link, useNavigate, useQueryParams } from '../../routes/router.tsx';
import { useSession } from '../auth/session-context.tsx';
import { ContactsSection } from './contacts-section.tsx';
import { CustomerForm } from './customer-form.tsx';

export function CustomerPage({ id }: { id: string | null }) {
  const { can } = useSession();
  const navigate = useNavigate();
  const [params] = useQueryParams();
  const editable = can('customers.write');
  const customer = useResource(async () => (id ? customersApi.get(id) : null), [id]);

  const back = (
    <p className="small">
      <Link to="/customers">← Customers</Link>
    </p>
  );
  if (id === null) {
    return (
      <>
        {back}
        <PageHeader
          title="New customer"
          description="Add its contacts once it exists: their addresses, and its domains, make their mail its own."
        />
        <section className="card">
          <CustomerForm
            customer={null}
            onSave={async (input) => {
              const created = await customersApi.create(input);
              navigate(`/customers/${created.id}?created=1`);
            }}
          />
        </section>
      </>
    );
  }
  if (customer.status === 'error' && !customer.data)
    return (
      <>
        {back}
        <PageHeader title="Customer" />
        <ErrorNotice error={customer.error} onRetry={customer.reload} what="the customer" />
      </>
    );
  if (!customer.data) return <Loading label="Loading the customer…" />;
  const current: Customer = customer.data;
  return (
    <>
      {back}
      <PageHeader title={current.name} description={<span className="mono small">{current.slug}</span>} />
      {params.get('created') && (
        <Notice tone="success" role="status" title="The customer is created">
          Add its contacts below: their addresses make their mail this customer's.
        </Notice>
      )}
      <section className="card" aria-labelledby="customer-details">
        <h2 id="customer-details">Details</h2>
        {editable ? (
          <CustomerForm
            customer={current}
            onSave={async ({ name, timezone, emailDomains }) => {
              await customersApi.update(current.id, { name, timezone, emailDomains });
              customer.reload();
            }}
          />
        ) : (
          <dl className="facts">
            <dt>Time zone</dt>
            <dd>{current.timezone ?? 'not set'}</dd>
            <dt>E-mail domains</dt>
            <dd>{current.emailDomains.length > 0 ? current.emailDomains.join(', ') : 'none'}</dd>
          </dl>
        )}
      </section>
      <ContactsSection customerId={current.id} editable={editable} />
    </>
  );
}
