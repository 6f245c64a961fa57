/** The portfolio: every agreement's standing in a month, rolled up per customer, per service or for the workspace. */
import type { PortfolioAgreement } from '../../api/report-types.ts';
import { reportsApi } from '../../api/reports-api.ts';
import { AsyncView } from '../../components/async-view.tsx';
import { RagBadge } from '../../components/badge.tsx';
import { Field } from '../../components/field.tsx';
import { TableScroll } from '../../components/table-scroll.tsx';
import { formatMoney, formatPercent } from '../../components/time-format.ts';
import { useResource } from '../../components/use-resource.ts';
import { Link, useQueryParams } from '../../routes/router.tsx';

type Grouping = 'customer' | 'service' | 'workspace';

export function PortfolioView({ period }: { period: string }) {
  const [params, setParams] = useQueryParams();
  const groupBy = (params.get('groupBy') as Grouping | null) ?? 'customer';
  const portfolio = useResource(() => reportsApi.portfolio(period, groupBy), [period, groupBy]);
  return (
    <div className="stack">
      <div className="filters">
        <Field label="Group by">
          <select value={groupBy} onChange={(event) => setParams({ groupBy: event.target.value })}>
            <option value="customer">Customer</option>
            <option value="service">Service</option>
            <option value="workspace">Whole workspace</option>
          </select>
        </Field>
      </div>
      <AsyncView
        resource={portfolio}
        what="the portfolio"
        isEmpty={(data) => data.groups.length === 0}
        empty="No agreement was in force in this month."
      >
        {(data) => (
          <TableScroll label="Portfolio">
            <table>
              <thead>
                <tr>
                  <th scope="col">
                    {groupBy === 'service' ? 'Service' : groupBy === 'customer' ? 'Customer' : 'Workspace'}
                  </th>
                  <th scope="col">Overall</th>
                  <th scope="col" className="num">
                    Red / amber / green
                  </th>
                  <th scope="col" className="num">
                    Ticket attainment
                  </th>
                  <th scope="col" className="num">
                    Credits
                  </th>
                  <th scope="col">Agreements</th>
                </tr>
              </thead>
              <tbody>
                {data.groups.map((group) => (
                  <tr key={group.key}>
                    <th scope="row">{group.name}</th>
                    <td>
                      <RagBadge status={group.worst} />
                    </td>
                    <td className="num">
                      {group.rag.red} / {group.rag.amber} / {group.rag.green}
                    </td>
                    <td className="num">
                      {formatPercent(group.tickets.attainmentPercent)}
                      <div className="small muted">
                        {group.tickets.met} met, {group.tickets.breached} breached
                      </div>
                    </td>
                    <td className="num">
                      {group.credits === null
                        ? '—'
                        : group.credits.map((credit) => formatMoney(credit.amount, credit.currency)).join(', ') || '—'}
                    </td>
                    <td>
                      <ul style={{ margin: 0, paddingLeft: '1rem' }}>
                        {group.agreements.map((agreement) => (
                          <li key={agreement.agreementId}>
                            <Link to={`/reports?agreement=${agreement.agreementId}&period=${period}`}>
                              {agreement.title}
                            </Link>{' '}
                            <RagBadge status={agreement.worst} />
                            <TerminationNote agreement={agreement} />
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </AsyncView>
    </div>
  );
}

/** Only closed months raise a termination right; a running month can only say what it would do if it closed now. */
function TerminationNote({ agreement }: { agreement: PortfolioAgreement }) {
  if (agreement.terminationTriggered > 0) return <span className="small"> · termination triggered</span>;
  if (agreement.terminationWouldTrigger > 0) {
    return <span className="small"> · termination would trigger if the month closed now</span>;
  }
  return null;
}
