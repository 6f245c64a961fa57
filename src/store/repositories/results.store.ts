/**
 * Period results in PostgreSQL (decisions 0010 and 0014). Ticket targets are aggregated in SQL over `clock_cycles`,
 * the projection's cycles one per row with the instant at which each counts (kept by triggers, migration 0003):
 * a report reads the cycles counting in its period through an index, judges them at `now` (a cycle stored `running`
 * past its due instant counts as breached at it), and counts, sums and ranks them there, so a monthly report reads a
 * few aggregate rows whatever the number of tickets, and its cost grows with the cycles of the period, not with all
 * the tickets of the agreement. Facts are read as rows (results-facts.store.ts).
 */
import { type SQL, sql } from 'drizzle-orm';
import type {
  BreachRow,
  CycleCountRow,
  CycleScope,
  OpenBreachedCycle,
  ResolutionTimeRow,
  ResultsBucket,
  ResultsRepository,
  TicketFlowRow,
  UsedTimeOverride,
  UsedTimeRow,
} from '../../app/ports/results-repository.ts';
import { type TicketMetric, type UnmeasuredReason, unmeasuredReasons } from '../../core/clocks/index.ts';
import { queryRows } from '../sql-rows.ts';
import type { Db } from './facts-predicates.ts';
import { resultFactQueries } from './results-facts.store.ts';
import { historyCycles } from './results-history.store.ts';
import { epochOf, timestampOf } from './row-mapping.ts';

const epoch = (ms: number): SQL => sql`${ms}::float8`;

/**
 * The judged cycles of the agreement's tickets that count in `[range.from, range.to)` or are resolution cycles that
 * stopped in it: one row per cycle with its outcome at `now` (`met`, `breached`, `open`: running and due at or after
 * now; null: does not count), the instant it counts at (`at`: stop, breach instant or due instant) and whether it is
 * a stopped resolution cycle (`resolved`). The two conditions are the predicates of two partial indexes.
 */
function judgedCycles(scope: CycleScope, range: ResultsBucket): SQL {
  const now = epoch(scope.now);
  const from = epoch(range.from);
  const to = epoch(range.to);
  return sql`
    judged AS (
      SELECT c.ticket_id, c.customer_id, c.external_ref, c.priority, c.service, c.version_id, c.target_id, c.metric,
             c.ordinal, c.state, c.stop_ms AS stop, c.used_ms, c.counted_ms AS at,
             CASE
               WHEN c.state = 'met' THEN 'met'
               WHEN c.state = 'breached' THEN 'breached'
               WHEN c.state = 'running' AND c.counted_ms < ${now} THEN 'breached'
               WHEN c.state = 'running' AND c.counted_ms IS NOT NULL THEN 'open'
             END AS outcome,
             c.metric = 'resolution' AND c.state IN ('met', 'breached') AS resolved
      FROM clock_cycles c
      WHERE c.workspace_id = ${scope.workspaceId} AND c.agreement_id = ${scope.agreementId}
        AND ((c.counted_ms >= ${from} AND c.counted_ms < ${to})
             OR (c.metric = 'resolution' AND c.state IN ('met', 'breached') AND c.stop_ms >= ${from} AND c.stop_ms < ${to}))
    )`;
}

/**
 * One pass over the judged cycles of a period, materialised, then one aggregate per figure over those rows (grouping
 * sets would compute the percentiles and the breach list for every set): counts per target, priority and pinned
 * version; used time per target with its median and p90 (both from one sort); the first `breachLimit` breaches per
 * target by breach instant; resolution times per priority and service. The used time measured is the stored one, or
 * the one brought to now (`o`, for breached cycles still running).
 */
/**
 * Nearest-rank percentiles (decision 0003: rank ceil(P/100 × n)) with `percentile_disc`, which takes the value at rank
 * ceil(fraction × n) computed in floating point: 0.9 × 70 is 63.00000000000001 there, so the fractions are lowered by
 * far less than 1/n to land on the exact rank for any realistic n.
 */
const NEAREST_RANK_SLACK = 1e-12;
const PERCENTILES = `{${0.5 - NEAREST_RANK_SLACK},${0.9 - NEAREST_RANK_SLACK}}`;

function aggregateCycles(period: ResultsBucket, breachLimit: number): SQL {
  const from = epoch(period.from);
  const to = epoch(period.to);
  return sql`
    placed AS MATERIALIZED (
      SELECT j.ticket_id, j.external_ref, j.priority, j.service, j.version_id, j.target_id, j.metric, j.outcome, j.at,
             j.stop, j.used_ms, COALESCE(o.used_ms, j.used_ms) AS used,
             j.at >= ${from} AND j.at < ${to} AND j.outcome IS NOT NULL AS counts,
             j.resolved AND j.stop >= ${from} AND j.stop < ${to} AS resolved_in_period
      FROM judged j
      LEFT JOIN o ON o.ticket_id = j.ticket_id AND o.target_id = j.target_id AND o.ordinal = j.ordinal
    ),
    counted AS (
      SELECT target_id, metric, priority, version_id,
             count(*) FILTER (WHERE outcome = 'met') AS met,
             count(*) FILTER (WHERE outcome = 'breached') AS breached,
             count(*) FILTER (WHERE outcome = 'open') AS open_due
      FROM placed WHERE counts GROUP BY 1, 2, 3, 4
    ),
    used AS (
      SELECT target_id, count(*) AS counted, sum(used) AS sum_ms, min(used) AS min_ms, max(used) AS max_ms,
             percentile_disc(${PERCENTILES}::float8[]) WITHIN GROUP (ORDER BY used) AS percentiles
      FROM placed WHERE counts AND outcome IN ('met', 'breached') GROUP BY 1
    ),
    listed AS (
      SELECT target_id, json_agg(json_build_object('ticket_id', ticket_id, 'external_ref', external_ref,
                                                   'priority', priority, 'breach_at', at, 'stop', stop, 'used', used)
                                 ORDER BY at, ticket_id) AS breaches
      FROM (
        SELECT p.*, row_number() OVER (PARTITION BY target_id ORDER BY at, ticket_id) AS rank
        FROM placed p WHERE counts AND outcome = 'breached'
      ) ranked_breaches
      WHERE rank <= ${breachLimit}
      GROUP BY 1
    ),
    resolutions AS (
      SELECT priority, service, count(*) AS resolved_count, sum(used_ms) AS resolved_sum
      FROM placed WHERE resolved_in_period GROUP BY 1, 2
    )
    SELECT (SELECT coalesce(json_agg(counted), '[]') FROM counted) AS counts,
           (SELECT coalesce(json_agg(used), '[]') FROM used) AS used,
           (SELECT coalesce(json_agg(listed), '[]') FROM listed) AS listed,
           (SELECT coalesce(json_agg(resolutions), '[]') FROM resolutions) AS resolutions`;
}

function overridesTable(overrides: readonly UsedTimeOverride[]): SQL {
  const rows = overrides.map((override) => ({
    ticket_id: override.ticketId,
    target_id: override.targetId,
    ordinal: override.ordinal,
    used_ms: override.usedMs,
  }));
  return sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS o(ticket_id uuid, target_id text, ordinal int, used_ms float8)`;
}

const num = (value: unknown): number => Number(value);
const numOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
const text = (value: unknown): string | null => (value as string | null) ?? null;

/** A json column: node-postgres parses it, PGlite may hand over the text. */
const jsonRows = (value: unknown): Record<string, unknown>[] =>
  (typeof value === 'string' ? JSON.parse(value) : (value ?? [])) as Record<string, unknown>[];

/**
 * The cycles of the period (by the instant they count at) that have not stopped and meet `condition`, with the
 * ticket's status and the clock's evaluation instant read by key. Read through the partial index of unstopped cycles.
 */
async function unstoppedCycles(
  db: Db,
  scope: CycleScope,
  period: ResultsBucket,
  condition: SQL,
): Promise<OpenBreachedCycle[]> {
  const rows = await queryRows(
    db,
    sql`SELECT cc.ticket_id, cc.customer_id, cc.target_id, cc.ordinal, cc.version_id, cc.service, t.status,
               cc.used_ms, c.evaluated_at
        FROM clock_cycles cc
        JOIN tickets t ON t.id = cc.ticket_id
        JOIN clocks c ON c.ticket_id = cc.ticket_id AND c.target_id = cc.target_id
        WHERE cc.workspace_id = ${scope.workspaceId} AND cc.agreement_id = ${scope.agreementId}
          AND cc.stop_ms IS NULL AND cc.state IN ('running', 'breached')
          AND cc.counted_ms >= ${epoch(period.from)} AND cc.counted_ms < ${epoch(period.to)}
          AND ${condition}
        ORDER BY 1, 3, 4`,
  );
  return rows.map(
    (row): OpenBreachedCycle => ({
      ticketId: row.ticket_id as string,
      customerId: row.customer_id as string,
      targetId: row.target_id as string,
      ordinal: num(row.ordinal),
      versionId: (row.version_id as string | null) ?? null,
      service: (row.service as string | null) ?? null,
      status: (row.status as string | null) ?? null,
      usedMs: num(row.used_ms),
      evaluatedAt: epochOf(row.evaluated_at),
    }),
  );
}

export function resultsRepository(db: Db): ResultsRepository {
  return {
    async prepareReport() {
      await db.execute(sql`SET LOCAL jit = off`);
      await db.execute(sql`SET LOCAL work_mem = '64MB'`);
      // clock_cycles lies on disk roughly in the order its cycles count (rows are written as tickets move), so the
      // rows of a period are few pages; the default random_page_cost (4, for spinning disks) and the planner's
      // discount of multi-column index correlation make it prefer a scan of the whole table instead.
      await db.execute(sql`SET LOCAL random_page_cost = 1.1`);
    },

    async openBreachedCycles(scope, period) {
      // Cycles that have not stopped are few (a partial index holds them); the ticket's status and the clock's
      // evaluation instant are read by key for those that breached in the period.
      const now = epoch(scope.now);
      return unstoppedCycles(db, scope, period, sql`(cc.state = 'breached' OR cc.counted_ms < ${now})`);
    },

    async openCyclesDue(scope, period) {
      const now = epoch(scope.now);
      return unstoppedCycles(db, scope, period, sql`cc.state = 'running' AND cc.counted_ms >= ${now}`);
    },

    async periodCycles(scope, period, overrides, breachLimit) {
      const [row] = await queryRows(
        db,
        sql`WITH ${judgedCycles(scope, period)},
            o AS (SELECT * FROM ${overridesTable(overrides)}),
            ${aggregateCycles(period, breachLimit)}`,
      );
      return {
        counts: jsonRows(row!.counts)
          .map(
            (entry): CycleCountRow => ({
              bucket: 0,
              targetId: entry.target_id as string,
              metric: entry.metric as TicketMetric,
              priority: text(entry.priority),
              versionId: text(entry.version_id),
              met: num(entry.met),
              breached: num(entry.breached),
              openDue: num(entry.open_due),
            }),
          )
          .filter((entry) => entry.met + entry.breached + entry.openDue > 0),
        usedTime: jsonRows(row!.used).map((entry): UsedTimeRow => {
          const [median, p90] = entry.percentiles as [number, number];
          return {
            targetId: entry.target_id as string,
            count: num(entry.counted),
            sumMs: num(entry.sum_ms),
            minMs: num(entry.min_ms),
            maxMs: num(entry.max_ms),
            medianMs: num(median),
            p90Ms: num(p90),
          };
        }),
        breaches: jsonRows(row!.listed)
          .sort((a, b) => ((a.target_id as string) < (b.target_id as string) ? -1 : 1))
          .flatMap((entry) =>
            jsonRows(entry.breaches).map(
              (breach): BreachRow => ({
                targetId: entry.target_id as string,
                ticketId: breach.ticket_id as string,
                externalRef: text(breach.external_ref),
                priority: text(breach.priority),
                breachAt: num(breach.breach_at),
                stop: numOrNull(breach.stop),
                usedMs: num(breach.used),
              }),
            ),
          ),
        resolutionTimes: jsonRows(row!.resolutions).map(
          (entry): ResolutionTimeRow => ({
            bucket: 0,
            priority: text(entry.priority),
            service: text(entry.service),
            count: num(entry.resolved_count),
            sumMs: num(entry.resolved_sum),
          }),
        ),
      };
    },

    historyCycles: (scope, buckets) => historyCycles(db, scope, buckets),

    async ticketFlow(scope, period) {
      // Counted through tickets_agreement (opened_at) and tickets_agreement_resolved (resolved_at, with opened_at
      // and reopen_count included): open at an instant = opened before it and not resolved before it.
      const from = timestampOf(period.from);
      const to = timestampOf(period.to);
      const tickets = sql`tickets t WHERE t.workspace_id = ${scope.workspaceId} AND t.agreement_id = ${scope.agreementId}`;
      const [row] = await queryRows(
        db,
        sql`SELECT
              (SELECT count(*) FROM ${tickets} AND t.opened_at >= ${from} AND t.opened_at < ${to}) AS opened,
              (SELECT count(*) FROM ${tickets} AND t.resolved_at >= ${from} AND t.resolved_at < ${to}) AS resolved,
              (SELECT count(*) FROM ${tickets} AND t.resolved_at >= ${from} AND t.resolved_at < ${to}
                 AND t.reopen_count > 0) AS reopened,
              (SELECT count(*) FROM ${tickets} AND t.resolved_at >= ${from} AND t.opened_at < ${from})
                + (SELECT count(*) FROM ${tickets} AND t.resolved_at IS NULL AND t.opened_at < ${from}) AS backlog_start,
              (SELECT count(*) FROM ${tickets} AND t.resolved_at >= ${to} AND t.opened_at < ${to})
                + (SELECT count(*) FROM ${tickets} AND t.resolved_at IS NULL AND t.opened_at < ${to}) AS backlog_end,
              (SELECT coalesce(json_object_agg(u.reason, u.count), '{}'::json) FROM (
                 SELECT t.unmeasured_reason AS reason, count(*) AS count FROM ${tickets}
                   AND t.opened_at >= ${from} AND t.opened_at < ${to} AND t.unmeasured_reason IS NOT NULL
                 GROUP BY t.unmeasured_reason) u) AS unmeasured`,
      );
      const unmeasured: Partial<Record<UnmeasuredReason, number>> = {};
      const reasons = (typeof row?.unmeasured === 'string' ? JSON.parse(row.unmeasured) : row?.unmeasured) ?? {};
      for (const reason of unmeasuredReasons) if (reasons[reason]) unmeasured[reason] = num(reasons[reason]);
      return {
        opened: num(row?.opened),
        resolved: num(row?.resolved),
        reopened: num(row?.reopened),
        backlogAtStart: num(row?.backlog_start),
        backlogAtEnd: num(row?.backlog_end),
        unmeasured,
      } satisfies TicketFlowRow;
    },

    ...resultFactQueries(db),
  };
}
