-- Every recorded event wrote three index entries: its sequence (the primary key), its idempotency key
-- (workspace_id, ticket_id, event_key), and (ticket_id, sequence) for the reads by ticket and the cascade from tickets.
-- A ticket belongs to one workspace, so (ticket_id, event_key) is exactly as unique as the key with the workspace in
-- front of it, and, leading with the ticket, it also serves the reads by ticket (a ticket's few dozen events, which
-- those reads sort by sequence themselves) and the foreign key's cascade. One index entry fewer per event (decision 0023).
CREATE UNIQUE INDEX "ticket_events_ticket_key" ON "ticket_events" USING btree ("ticket_id","event_key");--> statement-breakpoint
DROP INDEX "ticket_events_key";--> statement-breakpoint
DROP INDEX "ticket_events_ticket";
