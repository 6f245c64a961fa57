/**
 * Counts of earlier months for period results (decisions 0010 and 0014): per month and target the cycles met, breached
 * and open, and the resolution times per priority and service, from clock_cycles, with closed months cached in
 * report_month_counts. A month report reads its twelve-month trend and the credit history of every month since the
 * agreement began; counting them afresh each time would cost a scan of every cycle of the agreement.
 *
 * Why a cached month is exact: the counts of a month that ended before `now` do not depend on `now` (a running cycle
 * due in it is past due: breached); they change only when a cycle counted (or stopped) in it changes, and every such
 * change made more than 48 hours after the cycle's instant leaves a marker in clock_cycle_changes with its
 * transaction id (trigger of migration 0003). A cached month is used unless a marker of one of its days comes from a
 * transaction that was not visibly committed when the month was counted (txid >= the counting snapshot's xmin).
 * Months that ended less than 72 hours ago are counted afresh and not cached, so changes inside the 48 hours (live
 * work) never need a marker.
 */
import { type SQL, sql } from 'drizzle-orm';
import type {
  CycleCountRow,
  HistoryCycles,
  HistoryScope,
  ResolutionTimeRow,
  ResultsBucket,
} from '../../app/ports/results-repository.ts';
import type { TicketMetric } from '../../core/clocks/index.ts';
import { queryRows } from '../sql-rows.ts';
import type { Db } from './facts-predicates.ts';
import { jsonOf } from './row-mapping.ts';

const DAY_MS = 86_400_000;
/** Months that ended at least this long before the database's now are cached. */
const CACHE_AFTER_MS = 72 * 3_600_000;

interface MonthCounts {
  readonly counts: { target_id: string; metric: string; met: number; breached: number; open_due: number }[];
  readonly resolutions: { priority: string | null; service: string | null; count: number; sum_ms: number }[];
}

const num = (value: unknown): number => Number(value);

function bucketsTable(buckets: readonly (ResultsBucket & { index: number })[]): SQL {
  const rows = buckets.map((bucket) => ({ i: bucket.index, lo: bucket.from, hi: bucket.to }));
  return sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS b(i int, lo float8, hi float8)`;
}

/** The cached months among `buckets` that no later change has voided. */
async function cachedMonths(db: Db, scope: HistoryScope, buckets: readonly ResultsBucket[]) {
  const rows = await queryRows(
    db,
    sql`SELECT r.month_from, r.month_to, r.counts, r.resolutions
        FROM ${bucketsTable(buckets.map((bucket, index) => ({ ...bucket, index })))}
        JOIN report_month_counts r ON r.workspace_id = ${scope.workspaceId} AND r.agreement_id = ${scope.agreementId}
          AND r.month_from = b.lo AND r.month_to = b.hi
        WHERE NOT EXISTS (
          SELECT 1 FROM clock_cycle_changes m
          WHERE m.workspace_id = r.workspace_id AND m.agreement_id = r.agreement_id
            AND m.day_ms >= floor(r.month_from / ${DAY_MS}) * ${DAY_MS} AND m.day_ms < r.month_to
            AND m.txid >= r.snapshot_xmin)`,
  );
  return new Map(
    rows.map((row) => [
      `${num(row.month_from)}..${num(row.month_to)}`,
      {
        counts: jsonOf<MonthCounts['counts']>(row.counts),
        resolutions: jsonOf<MonthCounts['resolutions']>(row.resolutions),
      },
    ]),
  );
}

/**
 * Every target's counts and the resolution times of the months, from the cycles (an index range scan per month), with
 * the snapshot's xmin and the instant before which a month may be cached.
 */
async function countedMonths(db: Db, scope: HistoryScope, buckets: readonly (ResultsBucket & { index: number })[]) {
  const table = bucketsTable(buckets);
  const where = sql`c.workspace_id = ${scope.workspaceId} AND c.agreement_id = ${scope.agreementId}`;
  const now = sql`${scope.now}::float8`;
  const [row] = await queryRows(
    db,
    sql`WITH counts AS (
          SELECT b.i, c.target_id, c.metric,
                 count(*) FILTER (WHERE c.state = 'met') AS met,
                 count(*) FILTER (WHERE c.state = 'breached' OR (c.state = 'running' AND c.counted_ms < ${now})) AS breached,
                 count(*) FILTER (WHERE c.state = 'running' AND c.counted_ms >= ${now}) AS open_due
          FROM ${table}
          CROSS JOIN LATERAL (
            SELECT c.target_id, c.metric, c.state, c.counted_ms FROM clock_cycles c
            WHERE ${where} AND c.counted_ms >= b.lo AND c.counted_ms < b.hi
          ) c
          GROUP BY 1, 2, 3
        ),
        resolutions AS (
          SELECT b.i, c.priority, c.service, count(*) AS count, sum(c.used_ms) AS sum_ms
          FROM ${table}
          CROSS JOIN LATERAL (
            SELECT c.priority, c.service, c.used_ms FROM clock_cycles c
            WHERE ${where} AND c.metric = 'resolution' AND c.state IN ('met', 'breached')
              AND c.stop_ms >= b.lo AND c.stop_ms < b.hi
          ) c
          GROUP BY 1, 2, 3
        )
        SELECT (SELECT coalesce(json_agg(counts), '[]') FROM counts) AS counts,
               (SELECT coalesce(json_agg(resolutions), '[]') FROM resolutions) AS resolutions,
               pg_snapshot_xmin(pg_current_snapshot())::text AS xmin,
               extract(epoch FROM now()) * 1000 - ${CACHE_AFTER_MS} AS cache_before`,
  );
  const counts = jsonOf<(MonthCounts['counts'][number] & { i: number })[]>(row!.counts);
  const resolutions = jsonOf<(MonthCounts['resolutions'][number] & { i: number })[]>(row!.resolutions);
  const months = new Map<number, MonthCounts>(
    buckets.map((bucket) => [
      bucket.index,
      {
        counts: counts.filter((entry) => entry.i === bucket.index),
        resolutions: resolutions.filter((entry) => entry.i === bucket.index),
      },
    ]),
  );
  return { months, xmin: row!.xmin as string, cacheBefore: num(row!.cache_before) };
}

async function cacheMonths(
  db: Db,
  scope: HistoryScope,
  months: readonly { bucket: ResultsBucket; counts: MonthCounts }[],
  xmin: string,
): Promise<void> {
  if (months.length === 0) return;
  const rows = months.map(({ bucket, counts }) => ({
    month_from: bucket.from,
    month_to: bucket.to,
    counts: counts.counts.map(({ target_id, metric, met, breached, open_due }) => ({
      target_id,
      metric,
      met: num(met),
      breached: num(breached),
      open_due: num(open_due),
    })),
    resolutions: counts.resolutions.map(({ priority, service, count, sum_ms }) => ({
      priority,
      service,
      count: num(count),
      sum_ms: num(sum_ms),
    })),
  }));
  await db.execute(
    sql`INSERT INTO report_month_counts (workspace_id, customer_id, agreement_id, month_from, month_to, snapshot_xmin,
                                         counts, resolutions, computed_at)
        SELECT a.workspace_id, a.customer_id, a.id, r.month_from, r.month_to, ${xmin}::xid8, r.counts, r.resolutions, now()
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          AS r(month_from float8, month_to float8, counts jsonb, resolutions jsonb)
        JOIN agreements a ON a.id = ${scope.agreementId} AND a.workspace_id = ${scope.workspaceId}
        ON CONFLICT (workspace_id, agreement_id, month_from, month_to) DO UPDATE SET
          snapshot_xmin = excluded.snapshot_xmin, counts = excluded.counts, resolutions = excluded.resolutions,
          computed_at = excluded.computed_at`,
  );
  // Markers older than every cached month of the agreement (and than every transaction still running) can void
  // nothing any more: a month cached later is counted from a newer snapshot. Bulk imports of old tickets leave many.
  await db.execute(
    sql`DELETE FROM clock_cycle_changes m
        WHERE m.workspace_id = ${scope.workspaceId} AND m.agreement_id = ${scope.agreementId}
          AND m.txid < pg_snapshot_xmin(pg_current_snapshot())
          AND m.txid < coalesce(
            (SELECT r.snapshot_xmin FROM report_month_counts r
             WHERE r.workspace_id = ${scope.workspaceId} AND r.agreement_id = ${scope.agreementId}
             ORDER BY r.snapshot_xmin LIMIT 1),
            pg_snapshot_xmin(pg_current_snapshot()))`,
  );
}

/** Counts and resolution times of consecutive earlier months, oldest first (bucket i is the i-th month given). */
export async function historyCycles(
  db: Db,
  scope: HistoryScope,
  buckets: readonly ResultsBucket[],
): Promise<HistoryCycles> {
  if (buckets.length === 0) return { counts: [], resolutionTimes: [] };
  const cached = await cachedMonths(db, scope, buckets);
  const key = (bucket: ResultsBucket) => `${bucket.from}..${bucket.to}`;
  const missing = buckets.map((bucket, index) => ({ ...bucket, index })).filter((bucket) => !cached.has(key(bucket)));
  const months = new Map<number, MonthCounts>();
  buckets.forEach((bucket, index) => {
    const hit = cached.get(key(bucket));
    if (hit) months.set(index, hit);
  });
  if (missing.length > 0) {
    const counted = await countedMonths(db, scope, missing);
    const cacheable: { bucket: ResultsBucket; counts: MonthCounts }[] = [];
    for (const bucket of missing) {
      const counts = counted.months.get(bucket.index)!;
      months.set(bucket.index, counts);
      if (bucket.to <= scope.now && bucket.to <= counted.cacheBefore) cacheable.push({ bucket, counts });
    }
    await cacheMonths(db, scope, cacheable, counted.xmin);
  }

  const wanted = new Set(scope.targetIds);
  const counts: CycleCountRow[] = [];
  const resolutionTimes: ResolutionTimeRow[] = [];
  for (const [bucket, month] of [...months.entries()].sort(([a], [b]) => a - b)) {
    const allTargets = scope.allTargetsFrom !== null && buckets[bucket]!.from >= scope.allTargetsFrom;
    for (const entry of month.counts) {
      if (!allTargets && !wanted.has(entry.target_id)) continue;
      counts.push({
        bucket,
        targetId: entry.target_id,
        metric: entry.metric as TicketMetric,
        priority: null,
        versionId: null,
        met: num(entry.met),
        breached: num(entry.breached),
        openDue: num(entry.open_due),
      });
    }
    if (!scope.resolutionTimes) continue;
    for (const entry of month.resolutions) {
      resolutionTimes.push({
        bucket,
        priority: entry.priority,
        service: entry.service,
        count: num(entry.count),
        sumMs: num(entry.sum_ms),
      });
    }
  }
  return { counts, resolutionTimes };
}
