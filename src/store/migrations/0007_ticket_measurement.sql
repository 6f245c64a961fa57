-- Every ticket is measured or says why (decision 0025): the projection writes, beside the clocks, why a ticket is not
-- measured (null when it is), and when it was closed or cancelled, which a version taking effect later needs to know
-- (it re-measures the tickets open at any time since its effective instant).
ALTER TABLE "tickets" ADD COLUMN "unmeasured_reason" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "closed_at" timestamptz;--> statement-breakpoint
UPDATE "tickets" t SET "closed_at" = (
  SELECT max(e."occurred_at") FROM "ticket_events" e WHERE e."ticket_id" = t."id" AND e."type" IN ('closed', 'cancelled')
);--> statement-breakpoint
-- Until the next projection of each ticket says exactly why, the reason is derived from what the rows show.
UPDATE "tickets" t SET "unmeasured_reason" = CASE
  WHEN t."agreement_id" IS NULL THEN 'no_agreement'
  WHEN t."agreement_version_id" IS NULL THEN 'no_version_in_force'
  WHEN t."priority" IS NULL THEN 'no_priority'
  WHEN NOT EXISTS (SELECT 1 FROM "clocks" c WHERE c."ticket_id" = t."id") THEN 'no_matching_target'
END;--> statement-breakpoint
CREATE INDEX "tickets_unmeasured" ON "tickets" USING btree ("workspace_id", "unmeasured_reason") WHERE "unmeasured_reason" IS NOT NULL;
