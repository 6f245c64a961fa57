/**
 * The attention queue of the monitoring API (issue 18): the clocks of open tickets that are breached and still
 * running, longest past due first, then those at risk, most used first; and the open tickets needing attention
 * counted per assignee and per customer over every matching clock, not just the page. Read from the stored
 * projection, judged against the caller's `now`: a clock stored `running` past its due instant is breached (what the
 * sweep will store), and "at risk" is the stored share used, which evaluation refreshes when it crosses the level.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { DataScope } from '../../app/access/principal.ts';
import type {
  AttentionCounts,
  AttentionFilter,
  NotificationRepository,
} from '../../app/ports/notification-repository.ts';
import type { PageRequest } from '../../app/ports/pagination.ts';
import { type Executor, queryRows } from '../sql-rows.ts';
import { and, clockOf, inScope } from './monitoring-queries.store.ts';
import { isoOf } from './row-mapping.ts';

/**
 * The clocks needing attention with their rank (0 breached, 1 at risk). A breached clock whose latest cycle stopped
 * (a late first reply, say) is history, not something to act on: it is left out.
 */
function attentionClocks(scope: DataScope, filter: AttentionFilter, now: number, atRiskPercent: number): SQL {
  const instant = sql`${isoOf(now)}::timestamptz`;
  const conditions = [inScope(scope, 'c'), sql`t.lifecycle = 'open'`, sql`c.state IN ('breached', 'running')`];
  if (filter.customerId !== undefined) conditions.push(sql`c.customer_id = ${filter.customerId}`);
  if (filter.service !== undefined) conditions.push(sql`t.service = ${filter.service}`);
  if (filter.priority !== undefined) conditions.push(sql`t.priority = ${filter.priority}`);
  if (filter.targetId !== undefined) conditions.push(sql`c.target_id = ${filter.targetId}`);
  const breached = sql`((c.state = 'breached' AND c.cycles -> -1 ->> 'stop' IS NULL)
                        OR (c.state = 'running' AND c.due_at < ${instant}))`;
  const atRisk = sql`(c.state = 'running' AND c.due_at >= ${instant} AND c.percent_used >= ${atRiskPercent}::float8)`;
  return sql`
    attention AS (
      SELECT c.ticket_id, t.title, t.external_ref, t.lifecycle, c.customer_id, cu.name AS customer_name, t.service,
             t.priority, t.assignee, c.target_id, c.metric, c.state, c.due_at, c.breach_at, c.used_ms, c.duration_ms,
             c.percent_used, c.next_check_at, c.evaluated_at,
             CASE WHEN ${breached} THEN 0 ELSE 1 END AS rank
      FROM clocks c JOIN tickets t ON t.id = c.ticket_id JOIN customers cu ON cu.id = c.customer_id
      WHERE ${and(conditions)} AND (${breached} OR ${atRisk})
    )`;
}

export function attentionQueueQueries(db: Executor): Pick<NotificationRepository, 'attentionQueue'> {
  return {
    async attentionQueue(scope, page: PageRequest, filter, now, atRiskPercent) {
      const attention = attentionClocks(scope, filter, now, atRiskPercent);
      const [rows, groups] = await Promise.all([
        queryRows(
          db,
          sql`WITH ${attention}
              SELECT * FROM attention
              ORDER BY rank, CASE WHEN rank = 0 THEN due_at END ASC, percent_used DESC, due_at ASC, ticket_id, target_id
              LIMIT ${page.limit} OFFSET ${page.offset}`,
        ),
        // A ticket counts once: breached when any of its clocks is, else at risk.
        queryRows(
          db,
          sql`WITH ${attention},
              tickets_needing AS (
                SELECT ticket_id, assignee, customer_id, customer_name, min(rank) AS rank, count(*) AS clocks
                FROM attention GROUP BY ticket_id, assignee, customer_id, customer_name
              )
              SELECT assignee, customer_id, customer_name,
                     GROUPING(assignee) AS assignee_rolled_up, GROUPING(customer_id) AS customer_rolled_up,
                     count(*) FILTER (WHERE rank = 0) AS breached, count(*) FILTER (WHERE rank = 1) AS at_risk,
                     sum(clocks) AS clocks
              FROM tickets_needing
              GROUP BY GROUPING SETS ((assignee), (customer_id, customer_name), ())`,
        ),
      ]);
      const counts = countsOf(groups);
      return {
        items: rows.map((row) => ({ ...clockOf(row), attention: Number(row.rank) === 0 ? 'breached' : 'at_risk' })),
        total: counts.clocks,
        ...page,
        counts: counts.counts,
      };
    },
  };
}

function countsOf(groups: readonly Record<string, unknown>[]): { counts: AttentionCounts; clocks: number } {
  const counted = (row: Record<string, unknown>) => ({ breached: Number(row.breached), atRisk: Number(row.at_risk) });
  const mostBreached = <T extends { breached: number; atRisk: number }>(a: T, b: T, nameA: string, nameB: string) =>
    b.breached - a.breached || b.atRisk - a.atRisk || (nameA < nameB ? -1 : nameA > nameB ? 1 : 0);
  const rolledUp = (row: Record<string, unknown>, column: string) => Number(row[column]) === 1;
  const total = groups.find((row) => rolledUp(row, 'assignee_rolled_up') && rolledUp(row, 'customer_rolled_up'));
  const byAssignee = groups
    .filter((row) => !rolledUp(row, 'assignee_rolled_up'))
    .map((row) => ({ assignee: (row.assignee as string | null) ?? null, ...counted(row) }))
    .sort((a, b) => mostBreached(a, b, a.assignee ?? '', b.assignee ?? ''));
  const byCustomer = groups
    .filter((row) => !rolledUp(row, 'customer_rolled_up'))
    .map((row) => ({
      customerId: row.customer_id as string,
      customerName: row.customer_name as string,
      ...counted(row),
    }))
    .sort((a, b) => mostBreached(a, b, a.customerName, b.customerName));
  return {
    counts: { ...(total ? counted(total) : { breached: 0, atRisk: 0 }), byAssignee, byCustomer },
    clocks: Number(total?.clocks ?? 0),
  };
}
