/**
 * The service level manager's day at a glance: what needs attention (breached and still open, then at risk) and who
 * has it, the clocks due next with live countdowns, how each agreement stands, today's breaches and the open
 * deviations; filtered by customer, service and priority. Each section is its own component with its own request.
 */
import { useEffect, useState } from 'react';
import { identityApi } from '../../api/identity-api.ts';
import { Field } from '../../components/field.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useResource } from '../../components/use-resource.ts';
import { AtRiskClocks } from './at-risk-clocks.tsx';
import { AttentionCounts } from './attention-counts.tsx';
import { BreachesToday } from './breaches-today.tsx';
import { useDashboardFilters } from './dashboard-filters.ts';
import { NeedsAttention } from './needs-attention.tsx';
import { NotMeasured } from './not-measured.tsx';
import { OpenDeviations } from './open-deviations.tsx';
import { RagByAgreement } from './rag-by-agreement.tsx';

export function DashboardPage() {
  const [filters, setFilters] = useDashboardFilters();
  const customers = useResource(() => identityApi.listCustomers(), []);
  const [draft, setDraft] = useState({ service: filters.service, priority: filters.priority });
  useEffect(
    () => setDraft({ service: filters.service, priority: filters.priority }),
    [filters.service, filters.priority],
  );
  return (
    <>
      <PageHeader title="Dashboard" description="What is at risk today and how each agreement stands." />
      <search>
        <form
          className="filters"
          aria-label="Filter the dashboard"
          onSubmit={(event) => {
            event.preventDefault();
            setFilters(draft);
          }}
        >
          <Field label="Customer">
            <select value={filters.customerId} onChange={(event) => setFilters({ customerId: event.target.value })}>
              <option value="">All customers</option>
              {customers.data?.data.map((customer) => (
                <option key={customer.id} value={customer.id}>
                  {customer.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Service">
            <input
              value={draft.service}
              size={12}
              placeholder="e.g. erp"
              onChange={(event) => setDraft({ ...draft, service: event.target.value })}
            />
          </Field>
          <Field label="Priority">
            <input
              value={draft.priority}
              size={8}
              placeholder="e.g. P1"
              onChange={(event) => setDraft({ ...draft, priority: event.target.value })}
            />
          </Field>
          <button type="submit" className="button" data-variant="secondary">
            Apply
          </button>
        </form>
      </search>
      <div className="split">
        <div className="stack">
          <NeedsAttention filters={filters} />
          <AtRiskClocks filters={filters} />
        </div>
        <div>
          <AttentionCounts filters={filters} />
          <div className="grid" style={{ marginTop: '1rem' }}>
            <BreachesToday filters={filters} />
            <NotMeasured filters={filters} />
            <OpenDeviations filters={filters} />
          </div>
          <div style={{ marginTop: '1rem' }}>
            <RagByAgreement filters={filters} />
          </div>
        </div>
      </div>
    </>
  );
}
