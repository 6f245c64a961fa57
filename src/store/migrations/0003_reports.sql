-- Compliance reports (decision 0014).
-- 1. clock_cycles: one row per cycle of the clock projection, with the instant at which it counts (SPEC section 5) and
--    the ticket attributes a report groups by, so that a report reads the cycles of its period through an index
--    instead of expanding the JSON cycles of every clock of an agreement. Statement-level triggers on clocks and
--    tickets keep it current inside the statement that writes the projection, whoever writes it (recording events,
--    rebuilds, the sweep), so the ticket write path stays one statement and needs no change.
-- 2. An index on tickets for ticket flow (backlog, reopen rate).
-- 3. report_snapshots: the frozen report of a closed period, with the fingerprint of the data it was computed from.
CREATE TABLE "clock_cycles" (
	"workspace_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"agreement_id" uuid,
	"version_id" uuid,
	"ticket_id" uuid NOT NULL,
	"target_id" text NOT NULL,
	"ordinal" integer NOT NULL,
	"metric" text NOT NULL,
	"state" text NOT NULL,
	"priority" text,
	"service" text,
	"external_ref" text,
	"stop_ms" double precision,
	"due_ms" double precision,
	"breach_ms" double precision,
	"used_ms" double precision NOT NULL,
	-- met: the stop; breached: the breach instant; running: the due instant (the query judges it against now).
	"counted_ms" double precision,
	CONSTRAINT "clock_cycles_pk" PRIMARY KEY ("ticket_id", "target_id", "ordinal")
);
--> statement-breakpoint
INSERT INTO clock_cycles (workspace_id, customer_id, agreement_id, version_id, ticket_id, target_id, ordinal, metric,
                          state, priority, service, external_ref, stop_ms, due_ms, breach_ms, used_ms, counted_ms)
SELECT c.workspace_id, c.customer_id, t.agreement_id, t.agreement_version_id, c.ticket_id, c.target_id, e.ordinal,
       c.metric, e.cycle ->> 'state', t.priority, t.service, t.external_ref,
       (e.cycle ->> 'stop')::float8, (e.cycle ->> 'dueAt')::float8, (e.cycle ->> 'breachAt')::float8,
       coalesce((e.cycle ->> 'usedMs')::float8, 0),
       CASE e.cycle ->> 'state'
         WHEN 'met' THEN (e.cycle ->> 'stop')::float8
         WHEN 'breached' THEN (e.cycle ->> 'breachAt')::float8
         WHEN 'running' THEN (e.cycle ->> 'dueAt')::float8
       END
FROM clocks c
JOIN tickets t ON t.id = c.ticket_id
CROSS JOIN LATERAL jsonb_array_elements(c.cycles) WITH ORDINALITY AS e(cycle, ordinal);
--> statement-breakpoint
-- The cycles counting in a range of instants; what is included lets monthly counts be read from the index alone.
CREATE INDEX "clock_cycles_counted" ON "clock_cycles" USING btree ("workspace_id", "agreement_id", "counted_ms")
	INCLUDE ("target_id", "state", "metric") WHERE "counted_ms" IS NOT NULL;
--> statement-breakpoint
-- Stopped resolution cycles by their stop (mean resolution time), readable from the index alone.
CREATE INDEX "clock_cycles_resolved" ON "clock_cycles" USING btree ("workspace_id", "agreement_id", "stop_ms")
	INCLUDE ("priority", "service", "used_ms") WHERE "metric" = 'resolution' AND "state" IN ('met', 'breached');
--> statement-breakpoint
-- Cycles that have not stopped and can breach or have breached (their used time grows until they stop).
CREATE INDEX "clock_cycles_unstopped" ON "clock_cycles" USING btree ("workspace_id", "agreement_id", "counted_ms")
	WHERE "stop_ms" IS NULL AND "state" IN ('running', 'breached');
--> statement-breakpoint
-- The trigger functions run with sequential scans and JIT off: they touch the rows of the tickets a statement wrote,
-- always by key, and must never scan a table whose statistics are missing or stale (the embedded database has no
-- autovacuum), nor spend milliseconds compiling a plan whose cost the planner overestimates for JSON expansion.
--
-- New clocks: their cycles, as rows.
CREATE OR REPLACE FUNCTION covenant_clock_cycles_inserted() RETURNS trigger LANGUAGE plpgsql
SET enable_seqscan = off SET jit = off AS $$
BEGIN
  INSERT INTO clock_cycles (workspace_id, customer_id, agreement_id, version_id, ticket_id, target_id, ordinal, metric,
                            state, priority, service, external_ref, stop_ms, due_ms, breach_ms, used_ms, counted_ms)
  SELECT c.workspace_id, c.customer_id, t.agreement_id, t.agreement_version_id, c.ticket_id, c.target_id, e.ordinal,
         c.metric, e.cycle ->> 'state', t.priority, t.service, t.external_ref,
         (e.cycle ->> 'stop')::float8, (e.cycle ->> 'dueAt')::float8, (e.cycle ->> 'breachAt')::float8,
         coalesce((e.cycle ->> 'usedMs')::float8, 0),
         CASE e.cycle ->> 'state'
           WHEN 'met' THEN (e.cycle ->> 'stop')::float8
           WHEN 'breached' THEN (e.cycle ->> 'breachAt')::float8
           WHEN 'running' THEN (e.cycle ->> 'dueAt')::float8
         END
  FROM new_clocks c
  JOIN tickets t ON t.id = c.ticket_id
  CROSS JOIN LATERAL jsonb_array_elements(c.cycles) WITH ORDINALITY AS e(cycle, ordinal);
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Only the cycles that changed are rewritten (compared position by position): an event on a ticket changes its last
-- cycles, not the ones judged weeks ago, and other updates of clocks (the sweep acknowledging thresholds) cost a join.
CREATE OR REPLACE FUNCTION covenant_clock_cycles_updated() RETURNS trigger LANGUAGE plpgsql
SET enable_seqscan = off SET jit = off AS $$
BEGIN
  -- The changed positions are computed twice (for the delete, then the insert): cheaper than a temporary table.
  WITH changed AS (
    SELECT n.workspace_id, n.customer_id, n.ticket_id, n.target_id, n.metric, d.ordinal, d.old_cycle, d.new_cycle
    FROM new_clocks n
    JOIN old_clocks o ON o.ticket_id = n.ticket_id AND o.target_id = n.target_id
    CROSS JOIN LATERAL (
      SELECT coalesce(oe.ordinal, ne.ordinal) AS ordinal, oe.cycle AS old_cycle, ne.cycle AS new_cycle
      FROM jsonb_array_elements(o.cycles) WITH ORDINALITY AS oe(cycle, ordinal)
      FULL JOIN jsonb_array_elements(n.cycles) WITH ORDINALITY AS ne(cycle, ordinal) ON ne.ordinal = oe.ordinal
    ) d
    WHERE o.cycles IS DISTINCT FROM n.cycles AND d.old_cycle IS DISTINCT FROM d.new_cycle
  )
  DELETE FROM clock_cycles cc
  USING changed d
  WHERE cc.ticket_id = ANY (ARRAY(SELECT ticket_id FROM changed WHERE old_cycle IS NOT NULL))
    AND cc.ticket_id = d.ticket_id AND cc.target_id = d.target_id AND cc.ordinal = d.ordinal
    AND d.old_cycle IS NOT NULL;
  INSERT INTO clock_cycles (workspace_id, customer_id, agreement_id, version_id, ticket_id, target_id, ordinal, metric,
                            state, priority, service, external_ref, stop_ms, due_ms, breach_ms, used_ms, counted_ms)
  SELECT d.workspace_id, d.customer_id, t.agreement_id, t.agreement_version_id, d.ticket_id, d.target_id, d.ordinal,
         d.metric, d.new_cycle ->> 'state', t.priority, t.service, t.external_ref,
         (d.new_cycle ->> 'stop')::float8, (d.new_cycle ->> 'dueAt')::float8, (d.new_cycle ->> 'breachAt')::float8,
         coalesce((d.new_cycle ->> 'usedMs')::float8, 0),
         CASE d.new_cycle ->> 'state'
           WHEN 'met' THEN (d.new_cycle ->> 'stop')::float8
           WHEN 'breached' THEN (d.new_cycle ->> 'breachAt')::float8
           WHEN 'running' THEN (d.new_cycle ->> 'dueAt')::float8
         END
  FROM (
    SELECT n.workspace_id, n.customer_id, n.ticket_id, n.target_id, n.metric, d.ordinal, d.old_cycle, d.new_cycle
    FROM new_clocks n
    JOIN old_clocks o ON o.ticket_id = n.ticket_id AND o.target_id = n.target_id
    CROSS JOIN LATERAL (
      SELECT coalesce(oe.ordinal, ne.ordinal) AS ordinal, oe.cycle AS old_cycle, ne.cycle AS new_cycle
      FROM jsonb_array_elements(o.cycles) WITH ORDINALITY AS oe(cycle, ordinal)
      FULL JOIN jsonb_array_elements(n.cycles) WITH ORDINALITY AS ne(cycle, ordinal) ON ne.ordinal = oe.ordinal
    ) d
    WHERE o.cycles IS DISTINCT FROM n.cycles AND d.old_cycle IS DISTINCT FROM d.new_cycle
  ) d
  JOIN tickets t ON t.id = d.ticket_id
  WHERE d.new_cycle IS NOT NULL;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION covenant_clock_cycles_deleted() RETURNS trigger LANGUAGE plpgsql
SET enable_seqscan = off SET jit = off AS $$
BEGIN
  DELETE FROM clock_cycles cc
  WHERE cc.ticket_id = ANY (ARRAY(SELECT ticket_id FROM old_clocks))
    AND EXISTS (SELECT 1 FROM old_clocks o WHERE o.ticket_id = cc.ticket_id AND o.target_id = cc.target_id);
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- A ticket's attributes that reports group by (priority, service, pinned version, ...) follow the ticket. The
-- projection rewrites a ticket's clocks with its summary in one statement; this covers any other update.
CREATE OR REPLACE FUNCTION covenant_clock_cycles_ticket_updated() RETURNS trigger LANGUAGE plpgsql
SET enable_seqscan = off SET jit = off AS $$
BEGIN
  UPDATE clock_cycles cc
  SET customer_id = n.customer_id, agreement_id = n.agreement_id, version_id = n.agreement_version_id,
      priority = n.priority, service = n.service, external_ref = n.external_ref
  FROM new_tickets n
  WHERE cc.ticket_id = n.id
    AND cc.ticket_id = ANY (ARRAY(
          SELECT n2.id FROM new_tickets n2 JOIN old_tickets o ON o.id = n2.id
          WHERE (o.customer_id, o.agreement_id, o.agreement_version_id, o.priority, o.service, o.external_ref)
                IS DISTINCT FROM
                (n2.customer_id, n2.agreement_id, n2.agreement_version_id, n2.priority, n2.service, n2.external_ref)))
    AND (cc.customer_id, cc.agreement_id, cc.version_id, cc.priority, cc.service, cc.external_ref)
        IS DISTINCT FROM (n.customer_id, n.agreement_id, n.agreement_version_id, n.priority, n.service, n.external_ref);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER clocks_cycles_inserted AFTER INSERT ON clocks
  REFERENCING NEW TABLE AS new_clocks
  FOR EACH STATEMENT EXECUTE FUNCTION covenant_clock_cycles_inserted();
--> statement-breakpoint
CREATE TRIGGER clocks_cycles_updated AFTER UPDATE ON clocks
  REFERENCING OLD TABLE AS old_clocks NEW TABLE AS new_clocks
  FOR EACH STATEMENT EXECUTE FUNCTION covenant_clock_cycles_updated();
--> statement-breakpoint
CREATE TRIGGER clocks_cycles_deleted AFTER DELETE ON clocks
  REFERENCING OLD TABLE AS old_clocks
  FOR EACH STATEMENT EXECUTE FUNCTION covenant_clock_cycles_deleted();
--> statement-breakpoint
CREATE TRIGGER tickets_cycles_attributes AFTER UPDATE ON tickets
  REFERENCING OLD TABLE AS old_tickets NEW TABLE AS new_tickets
  FOR EACH STATEMENT EXECUTE FUNCTION covenant_clock_cycles_ticket_updated();
--> statement-breakpoint
-- Monthly counts of closed months, cached by reports (the trend and the credit history of a month's report read up to
-- 120 earlier months; counting them from the cycles each time would grow with all the tickets). A cached month is
-- exact: counts of a closed month do not depend on when they are computed, and any later change of a cycle counted
-- in it leaves a marker in clock_cycle_changes, which voids the cached month (see results-history.store.ts).
CREATE TABLE "report_month_counts" (
	"workspace_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"agreement_id" uuid NOT NULL,
	"month_from" double precision NOT NULL,
	"month_to" double precision NOT NULL,
	-- The oldest transaction still running when the counts were read: a change by it or a later one may be missing.
	"snapshot_xmin" xid8 NOT NULL,
	"counts" jsonb NOT NULL,
	"resolutions" jsonb NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "report_month_counts_pk" PRIMARY KEY ("workspace_id", "agreement_id", "month_from", "month_to")
);
--> statement-breakpoint
-- Which UTC days of an agreement had cycles changed, by which transaction: written only for cycles that count (or
-- stopped) more than 48 hours before the change, i.e. corrections of the past, which are rare; live work changes
-- recent cycles. Months that ended less than 72 hours ago are never cached (a day more, for the time a transaction
-- may take between writing and committing).
CREATE TABLE "clock_cycle_changes" (
	"workspace_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"agreement_id" uuid NOT NULL,
	"day_ms" double precision NOT NULL,
	"txid" xid8 NOT NULL
);
--> statement-breakpoint
CREATE INDEX "clock_cycle_changes_day" ON "clock_cycle_changes" USING btree ("workspace_id", "agreement_id", "day_ms")
	INCLUDE ("txid");
--> statement-breakpoint
CREATE OR REPLACE FUNCTION covenant_clock_cycle_changes() RETURNS trigger LANGUAGE plpgsql
SET enable_seqscan = off SET jit = off AS $$
DECLARE
  cutoff float8 := extract(epoch FROM clock_timestamp() - interval '48 hours') * 1000;
BEGIN
  INSERT INTO clock_cycle_changes (workspace_id, customer_id, agreement_id, day_ms, txid)
  SELECT DISTINCT r.workspace_id, r.customer_id, r.agreement_id, floor(r.instant / 86400000) * 86400000,
         pg_current_xact_id()
  FROM (
    SELECT workspace_id, customer_id, agreement_id, counted_ms AS instant FROM changed_rows
    UNION ALL
    SELECT workspace_id, customer_id, agreement_id, stop_ms FROM changed_rows
  ) r
  WHERE r.agreement_id IS NOT NULL AND r.instant < cutoff;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER clock_cycles_changes_inserted AFTER INSERT ON clock_cycles
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION covenant_clock_cycle_changes();
--> statement-breakpoint
CREATE TRIGGER clock_cycles_changes_deleted AFTER DELETE ON clock_cycles
  REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION covenant_clock_cycle_changes();
--> statement-breakpoint
-- An update moves cycles between agreements or priorities: the days of the rows before and after.
CREATE TRIGGER clock_cycles_changes_updated_before AFTER UPDATE ON clock_cycles
  REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION covenant_clock_cycle_changes();
--> statement-breakpoint
CREATE TRIGGER clock_cycles_changes_updated_after AFTER UPDATE ON clock_cycles
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION covenant_clock_cycle_changes();
--> statement-breakpoint
-- Ticket flow of an agreement: resolved in a period, reopened among them, open at an instant.
CREATE INDEX "tickets_agreement_resolved" ON "tickets" USING btree ("workspace_id", "agreement_id", "resolved_at")
	INCLUDE ("opened_at", "reopen_count");
--> statement-breakpoint
-- The published report of a closed period: its content exactly as first generated (text, so the bytes never change),
-- and what it was computed from. Later requests return it; differences of the live data show as corrections.
CREATE TABLE "report_snapshots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"agreement_id" uuid NOT NULL,
	"period_key" text NOT NULL,
	"period_from" timestamp with time zone NOT NULL,
	"period_to" timestamp with time zone NOT NULL,
	"version_id" uuid NOT NULL,
	"content" text NOT NULL,
	"content_hash" text NOT NULL,
	"fingerprint" jsonb NOT NULL,
	"fingerprint_hash" text NOT NULL,
	"generated_at" timestamp with time zone NOT NULL,
	"generated_by" text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "report_snapshots_period" ON "report_snapshots" USING btree ("workspace_id", "agreement_id", "period_key");
--> statement-breakpoint
CREATE INDEX "report_snapshots_customer" ON "report_snapshots" USING btree ("workspace_id", "customer_id", "generated_at");
