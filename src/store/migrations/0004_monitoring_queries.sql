-- Monitoring API (decision 0016).
-- The at-risk queue lists a workspace's clocks by due instant (ascending, no due instant last). Without this index
-- PostgreSQL sorted every clock of the workspace for the first page (520 ms at 1,000,000 clocks); with it the first
-- page walks the index (1 ms). It is small because the workspace prefix deduplicates (11 MB per million clocks).
CREATE INDEX "clocks_workspace_due" ON "clocks" USING btree ("workspace_id","due_at");--> statement-breakpoint
-- The note a service level manager leaves when moving a deviation on (PATCH /api/v1/deviations/:id).
ALTER TABLE "deviations" ADD COLUMN "note" text;
