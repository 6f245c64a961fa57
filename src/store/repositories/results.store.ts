/**
 * Period results in PostgreSQL (decision 0010). Ticket targets are aggregated in SQL over the stored clock projection:
 * the cycles of each clock row are expanded with `jsonb_array_elements`, judged at `now` (a cycle stored `running`
 * past its due instant counts as breached at it), assigned to the periods of the query, and counted, summed and
 * ranked there, so a monthly report reads a few aggregate rows whatever the number of tickets. Only the tickets that
 * can count in the range are expanded: opened before its end, and not resolved before its start (every instant at
 * which a cycle counts lies at or before the ticket's latest resolution). Facts are read as rows.
 */
import { and, asc, eq, gt, gte, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { DeliveryRecord } from '../../app/ports/delivery-repository.ts';
import type { MaintenanceKind, MaintenanceWindowRecord } from '../../app/ports/maintenance-window-repository.ts';
import type { OutageRecord } from '../../app/ports/outage-repository.ts';
import type {
  BreachRow,
  CycleCountRow,
  CycleScope,
  KpiValueOfPeriod,
  OpenBreachedCycle,
  ResolutionTimeRow,
  ResultsBucket,
  ResultsRepository,
  UsedTimeOverride,
  UsedTimeRow,
} from '../../app/ports/results-repository.ts';
import type { TicketMetric } from '../../core/clocks/index.ts';
import type { OutageSeverity } from '../../core/measure/index.ts';
import { deliveries, kpiValues, maintenanceWindows, outages } from '../schema.ts';
import { queryRows } from '../sql-rows.ts';
import type { Db } from './facts-predicates.ts';
import { dateOf, millis } from './row-mapping.ts';

const timestamp = (ms: number): SQL => sql`${new Date(ms).toISOString()}::timestamptz`;
const epoch = (ms: number): SQL => sql`${ms}::float8`;

/**
 * The bucket of `expression` among consecutive periods, by `width_bucket` over their boundaries: 0 for the first
 * period, null outside all of them (and when there are none).
 */
function bucketOf(expression: SQL, buckets: readonly ResultsBucket[]): SQL {
  if (buckets.length === 0) return sql`NULL::int`;
  buckets.forEach((bucket, index) => {
    if (index > 0 && bucket.from !== buckets[index - 1]!.to) throw new Error('results buckets must be consecutive');
  });
  const bounds = `{${[...buckets.map((bucket) => bucket.from), buckets.at(-1)!.to].join(',')}}`;
  const past = buckets.length + 1;
  // width_bucket: 0 before the first boundary, i within the i-th period, `past` after the last one.
  return sql`NULLIF(NULLIF(LEAST(width_bucket(${expression}, ${bounds}::float8[]), ${past}), ${past}), 0) - 1`;
}

/**
 * The judged cycles of the agreement's tickets that can count in `[range.from, range.to)`: one row per cycle with its
 * outcome at `now` (`met`, `breached`, `open`: running and due at or after now; null: does not count), the instant it
 * counts at (`at`: stop, breach instant or due instant) and whether it is a stopped resolution cycle (`resolved`).
 * Only tickets that can count are read: opened before the end, and not resolved before the start (every instant at
 * which a cycle counts lies at or before the ticket's latest resolution). `clocks` narrows the clocks expanded.
 */
function judgedCycles(scope: CycleScope, range: ResultsBucket, clocks: SQL = sql``): SQL {
  const now = epoch(scope.now);
  return sql`
    base AS (
      SELECT t.id AS ticket_id, t.customer_id, t.external_ref, t.priority, t.service, t.status,
             t.agreement_version_id AS version_id, c.target_id, c.metric, c.evaluated_at, e.ordinal,
             e.cycle ->> 'state' AS state,
             (e.cycle ->> 'stop')::float8 AS stop,
             (e.cycle ->> 'dueAt')::float8 AS due_at,
             (e.cycle ->> 'breachAt')::float8 AS breach_at,
             (e.cycle ->> 'usedMs')::float8 AS used_ms
      FROM tickets t
      JOIN clocks c ON c.workspace_id = t.workspace_id AND c.ticket_id = t.id ${clocks}
      CROSS JOIN LATERAL jsonb_array_elements(c.cycles) WITH ORDINALITY AS e(cycle, ordinal)
      WHERE t.workspace_id = ${scope.workspaceId} AND t.agreement_id = ${scope.agreementId}
        AND t.opened_at < ${timestamp(range.to)}
        AND (t.resolved_at IS NULL OR t.resolved_at >= ${timestamp(range.from)})
    ),
    judged AS (
      SELECT b.*,
             CASE
               WHEN b.state = 'met' THEN 'met'
               WHEN b.state = 'breached' THEN 'breached'
               WHEN b.state = 'running' AND b.due_at < ${now} THEN 'breached'
               WHEN b.state = 'running' AND b.due_at IS NOT NULL THEN 'open'
             END AS outcome,
             CASE
               WHEN b.state = 'met' THEN b.stop
               WHEN b.state = 'breached' THEN b.breach_at
               WHEN b.state = 'running' THEN b.due_at
             END AS at,
             b.metric = 'resolution' AND b.state IN ('met', 'breached') AS resolved
      FROM base b
    )`;
}

/**
 * Nearest-rank percentiles (decision 0003: rank ceil(P/100 × n)) with `percentile_disc`, which takes the value at rank
 * ceil(fraction × n) computed in floating point: 0.9 × 70 is 63.00000000000001 there, so the fraction is lowered by
 * far less than 1/n to land on the exact rank for any realistic n.
 */
const NEAREST_RANK_SLACK = 1e-12;

/**
 * One pass over the judged cycles, placed in consecutive buckets (`ab`: of the counting instant, `sb`: of the stop),
 * aggregated by grouping sets: counts per bucket, target, priority and pinned version (set 0); used time, percentiles
 * and the first breaches per bucket and target (set 1); resolution times per bucket, priority and service (set 2).
 */
function aggregateCycles(buckets: readonly ResultsBucket[], used: SQL, withDetails: boolean, breachLimit = 0): SQL {
  const counted = sql`ab IS NOT NULL AND outcome IN ('met', 'breached')`;
  const details = withDetails
    ? sql`,
        sum(used) FILTER (WHERE ${counted}) AS sum_ms,
        min(used) FILTER (WHERE ${counted}) AS min_ms,
        max(used) FILTER (WHERE ${counted}) AS max_ms,
        percentile_disc(${0.5 - NEAREST_RANK_SLACK}::float8) WITHIN GROUP (ORDER BY used) FILTER (WHERE ${counted}) AS median_ms,
        percentile_disc(${0.9 - NEAREST_RANK_SLACK}::float8) WITHIN GROUP (ORDER BY used) FILTER (WHERE ${counted}) AS p90_ms,
        (array_agg(json_build_object('ticket_id', ticket_id, 'external_ref', external_ref, 'priority', priority,
                                     'breach_at', at, 'stop', stop, 'used', used) ORDER BY at, ticket_id)
           FILTER (WHERE ab IS NOT NULL AND outcome = 'breached'))[1:${breachLimit}] AS breaches`
    : sql``;
  return sql`
    placed AS (
      SELECT x.* FROM (
        SELECT j.*, ${used} AS used, ${bucketOf(sql`j.at`, buckets)} AS ab, ${bucketOf(sql`j.stop`, buckets)} AS sb
        FROM judged j ${withDetails ? sql`LEFT JOIN o ON o.ticket_id = j.ticket_id AND o.target_id = j.target_id AND o.ordinal = j.ordinal` : sql``}
      ) x
      WHERE (x.ab IS NOT NULL AND x.outcome IS NOT NULL) OR (x.sb IS NOT NULL AND x.resolved)
    )
    SELECT GROUPING(ab, sb, target_id, metric, priority, version_id, service) AS g,
           ab, sb, target_id, metric, priority, version_id, service,
           count(*) FILTER (WHERE ab IS NOT NULL AND outcome = 'met') AS met,
           count(*) FILTER (WHERE ab IS NOT NULL AND outcome = 'breached') AS breached,
           count(*) FILTER (WHERE ab IS NOT NULL AND outcome = 'open') AS open_due,
           count(*) FILTER (WHERE ${counted}) AS counted,
           count(*) FILTER (WHERE sb IS NOT NULL AND resolved) AS resolved_count,
           sum(used_ms) FILTER (WHERE sb IS NOT NULL AND resolved) AS resolved_sum
           ${details}
    FROM placed
    GROUP BY GROUPING SETS ((ab, target_id, metric, priority, version_id), (ab, target_id), (sb, priority, service))`;
}

/** Which grouping set a row of `aggregateCycles` belongs to (GROUPING bits: ab, sb, target, metric, priority, version, service). */
const COUNTS_SET = 0b0100001;
const TARGET_SET = 0b0101111;
const RESOLUTION_SET = 0b1011010;

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
const instant = (value: unknown): number => new Date(value as string | Date).getTime();
function spanOf(buckets: readonly ResultsBucket[]): ResultsBucket {
  return { from: buckets[0]!.from, to: buckets.at(-1)!.to };
}

/** A json column: node-postgres parses it, PGlite may hand over the text. */
const jsonRows = (value: unknown): Record<string, unknown>[] =>
  (typeof value === 'string' ? JSON.parse(value) : (value ?? [])) as Record<string, unknown>[];

function countRows(rows: readonly Record<string, unknown>[]): CycleCountRow[] {
  return rows
    .filter(
      (row) => num(row.g) === COUNTS_SET && row.ab !== null && num(row.met) + num(row.breached) + num(row.open_due) > 0,
    )
    .map((row) => ({
      bucket: num(row.ab),
      targetId: row.target_id as string,
      metric: row.metric as TicketMetric,
      priority: (row.priority as string | null) ?? null,
      versionId: (row.version_id as string | null) ?? null,
      met: num(row.met),
      breached: num(row.breached),
      openDue: num(row.open_due),
    }));
}

function resolutionRows(rows: readonly Record<string, unknown>[]): ResolutionTimeRow[] {
  return rows
    .filter((row) => num(row.g) === RESOLUTION_SET && row.sb !== null && num(row.resolved_count) > 0)
    .map((row) => ({
      bucket: num(row.sb),
      priority: (row.priority as string | null) ?? null,
      service: (row.service as string | null) ?? null,
      count: num(row.resolved_count),
      sumMs: num(row.resolved_sum),
    }));
}

export function resultsRepository(db: Db): ResultsRepository {
  return {
    async prepareReport() {
      await db.execute(sql`SET LOCAL jit = off`);
      await db.execute(sql`SET LOCAL work_mem = '64MB'`);
    },

    async openBreachedCycles(scope, period) {
      // Few tickets are unresolved: their clocks are read by key rather than by scanning every clock.
      const rows = await queryRows(
        db,
        sql`WITH open_tickets AS (
              SELECT t.* FROM tickets t
              WHERE t.workspace_id = ${scope.workspaceId} AND t.agreement_id = ${scope.agreementId}
                AND t.resolved_at IS NULL AND t.opened_at < ${timestamp(period.to)}
            )
            SELECT t.id AS ticket_id, t.customer_id, c.target_id, e.ordinal, t.agreement_version_id AS version_id,
                   t.service, t.status, (e.cycle ->> 'usedMs')::float8 AS used_ms, c.evaluated_at
            FROM open_tickets t
            CROSS JOIN LATERAL (
              SELECT * FROM clocks c0 WHERE c0.workspace_id = t.workspace_id AND c0.ticket_id = t.id OFFSET 0
            ) c
            CROSS JOIN LATERAL jsonb_array_elements(c.cycles) WITH ORDINALITY AS e(cycle, ordinal)
            WHERE e.cycle ->> 'stop' IS NULL
              AND CASE e.cycle ->> 'state'
                    WHEN 'breached' THEN (e.cycle ->> 'breachAt')::float8
                    WHEN 'running' THEN
                      CASE WHEN (e.cycle ->> 'dueAt')::float8 < ${epoch(scope.now)} THEN (e.cycle ->> 'dueAt')::float8 END
                  END >= ${epoch(period.from)}
              AND CASE e.cycle ->> 'state'
                    WHEN 'breached' THEN (e.cycle ->> 'breachAt')::float8
                    WHEN 'running' THEN
                      CASE WHEN (e.cycle ->> 'dueAt')::float8 < ${epoch(scope.now)} THEN (e.cycle ->> 'dueAt')::float8 END
                  END < ${epoch(period.to)}
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
          evaluatedAt: instant(row.evaluated_at),
        }),
      );
    },

    async periodCycles(scope, period, overrides, breachLimit) {
      const rows = await queryRows(
        db,
        sql`WITH ${judgedCycles(scope, period)},
            o AS (SELECT * FROM ${overridesTable(overrides)}),
            ${aggregateCycles([period], sql`COALESCE(o.used_ms, j.used_ms)`, true, breachLimit)}`,
      );
      const perTarget = rows.filter((row) => num(row.g) === TARGET_SET && row.ab !== null && num(row.counted) > 0);
      return {
        counts: countRows(rows),
        usedTime: perTarget.map(
          (row): UsedTimeRow => ({
            targetId: row.target_id as string,
            count: num(row.counted),
            sumMs: num(row.sum_ms),
            minMs: num(row.min_ms),
            maxMs: num(row.max_ms),
            medianMs: num(row.median_ms),
            p90Ms: num(row.p90_ms),
          }),
        ),
        breaches: perTarget
          .sort((a, b) => ((a.target_id as string) < (b.target_id as string) ? -1 : 1))
          .flatMap((row) =>
            jsonRows(row.breaches).map(
              (entry): BreachRow => ({
                targetId: row.target_id as string,
                ticketId: entry.ticket_id as string,
                externalRef: (entry.external_ref as string | null) ?? null,
                priority: (entry.priority as string | null) ?? null,
                breachAt: num(entry.breach_at),
                stop: numOrNull(entry.stop),
                usedMs: num(entry.used),
              }),
            ),
          ),
        resolutionTimes: resolutionRows(rows),
      };
    },

    async historyCycles(scope, buckets) {
      if (buckets.length === 0 || (scope.targetIds.length === 0 && !scope.resolutionTimes)) {
        return { counts: [], resolutionTimes: [] };
      }
      const targets = sql`ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(scope.targetIds)}::jsonb))`;
      const clocks = scope.resolutionTimes
        ? sql`AND (c.target_id = ANY (${targets}) OR c.metric = 'resolution')`
        : sql`AND c.target_id = ANY (${targets})`;
      const rows = await queryRows(
        db,
        sql`WITH ${judgedCycles(scope, spanOf(buckets), clocks)},
            ${aggregateCycles(buckets, sql`j.used_ms`, false)}`,
      );
      return {
        counts: countRows(rows).filter((row) => scope.targetIds.includes(row.targetId)),
        resolutionTimes: scope.resolutionTimes ? resolutionRows(rows) : [],
      };
    },

    async outages(workspaceId, customerId, services, range) {
      if (services.length === 0) return [];
      const rows = await db
        .select()
        .from(outages)
        .where(
          and(
            eq(outages.workspaceId, workspaceId),
            or(eq(outages.customerId, customerId), isNull(outages.customerId)),
            inArray(outages.service, [...services]),
            or(isNull(outages.endsAt), gt(outages.endsAt, dateOf(range.from))),
            lt(outages.startsAt, dateOf(range.to)),
          ),
        )
        .orderBy(asc(outages.startsAt), asc(outages.id));
      return rows.map(
        (row): OutageRecord => ({
          id: row.id,
          workspaceId: row.workspaceId,
          customerId: row.customerId,
          service: row.service,
          startsAt: millis(row.startsAt),
          endsAt: millis(row.endsAt),
          severity: row.severity as OutageSeverity,
          source: row.source,
          externalRef: row.externalRef,
          description: row.description,
          createdAt: millis(row.createdAt),
        }),
      );
    },

    async maintenanceWindows(workspaceId, customerId, range) {
      const rows = await db
        .select()
        .from(maintenanceWindows)
        .where(
          and(
            eq(maintenanceWindows.workspaceId, workspaceId),
            or(eq(maintenanceWindows.customerId, customerId), isNull(maintenanceWindows.customerId)),
            gt(maintenanceWindows.endsAt, dateOf(range.from)),
            lt(maintenanceWindows.startsAt, dateOf(range.to)),
          ),
        )
        .orderBy(asc(maintenanceWindows.startsAt), asc(maintenanceWindows.id));
      return rows.map(
        (row): MaintenanceWindowRecord => ({
          id: row.id,
          workspaceId: row.workspaceId,
          customerId: row.customerId,
          kind: row.kind as MaintenanceKind,
          services: Array.isArray(row.services) ? (row.services as string[]) : [],
          startsAt: millis(row.startsAt),
          endsAt: millis(row.endsAt),
          announcedAt: millis(row.announcedAt),
          pausesClocks: row.pausesClocks,
          description: row.description,
          createdAt: millis(row.createdAt),
        }),
      );
    },

    async deliveries(workspaceId, customerId, agreementId, range) {
      const rows = await db
        .select()
        .from(deliveries)
        .where(
          and(
            eq(deliveries.workspaceId, workspaceId),
            eq(deliveries.customerId, customerId),
            or(eq(deliveries.agreementId, agreementId), isNull(deliveries.agreementId)),
            gte(deliveries.promisedAt, dateOf(range.from)),
            lt(deliveries.promisedAt, dateOf(range.to)),
          ),
        )
        .orderBy(asc(deliveries.promisedAt), asc(deliveries.orderId), asc(deliveries.lineId));
      return rows.map(
        (row): DeliveryRecord => ({
          id: row.id,
          workspaceId: row.workspaceId,
          customerId: row.customerId,
          agreementId: row.agreementId,
          orderId: row.orderId,
          lineId: row.lineId,
          orderedQuantity: row.orderedQuantity,
          deliveredQuantity: row.deliveredQuantity,
          promisedAt: millis(row.promisedAt),
          deliveredAt: millis(row.deliveredAt),
          createdAt: millis(row.createdAt),
        }),
      );
    },

    async kpiValues(workspaceId, agreementId, periods) {
      if (periods.length === 0) return [];
      const rows = await db
        .select({
          targetId: kpiValues.targetId,
          period: kpiValues.period,
          value: kpiValues.value,
          note: kpiValues.note,
        })
        .from(kpiValues)
        .where(
          and(
            eq(kpiValues.workspaceId, workspaceId),
            eq(kpiValues.agreementId, agreementId),
            inArray(kpiValues.period, [...periods]),
          ),
        );
      return rows.map((row): KpiValueOfPeriod => ({ ...row }));
    },
  };
}
