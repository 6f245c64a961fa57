-- Clock rows are rewritten by every event of their ticket (decision 0022). An update that changes no indexed column
-- and finds room on its page is a heap-only (HOT) update: no new index entries, no index pages dirtied, no bloat for
-- vacuum to clean. Two things stopped that: the unacknowledged-crossings index was keyed on evaluated_at, which every
-- evaluation changes, and full pages left no room. The index now keys on the ticket (it holds only the few clocks
-- with unacknowledged crossings; the sweep orders those by evaluated_at itself), and new pages keep 30 % free.
-- The ticket row (its summary) is rewritten by every event too; its indexed columns rarely change, but a fifth of its
-- updates found no room on the page: new ticket pages keep 20 % free.
ALTER TABLE "clocks" SET (fillfactor = 70);--> statement-breakpoint
ALTER TABLE "tickets" SET (fillfactor = 80);--> statement-breakpoint
DROP INDEX "clocks_unacknowledged";--> statement-breakpoint
CREATE INDEX "clocks_unacknowledged" ON "clocks" USING btree ("ticket_id") WHERE "crossing_count" > "acknowledged_crossings";
