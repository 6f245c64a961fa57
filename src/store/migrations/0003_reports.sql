-- Compliance reports (decision 0014).
-- 1. clock_cycles: one row per cycle of the clock projection, with the instant at which it counts (SPEC section 5) and
--    the ticket attributes a report groups by, so that a report reads the cycles of its period through an index
--    instead of expanding the JSON cycles of every clock of an agreement. The one statement that writes the clock
--    projection (recording events, rebuilds, the sweep) also writes the cycles that changed, and marks corrections
--    of the past in clock_cycle_changes (tickets.store.ts projectionStatement). Triggers did this first; at 500
--    single events/s on two cores they tripled the p99 latency.
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
-- Which UTC days of an agreement had cycles changed, by which transaction: written (by the projection statement) only
-- for cycles that count (or stopped) more than 48 hours before the change, i.e. corrections of the past, which are
-- rare; live work changes recent cycles. Months that ended less than 72 hours ago are never cached (a day more, for the time a transaction
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
