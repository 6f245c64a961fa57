-- E-mail intake (issue 20), what its queries look rows up by. Messages waiting in triage are found by the first message
-- of their thread; a retried POST of a ticket message (Idempotency-Key) finds the message it created.
CREATE INDEX "inbound_mail_triage" ON "inbound_mail" USING btree ("workspace_id", "triage_root_id") WHERE "triage_root_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "ticket_messages" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_messages_idempotency_key" ON "ticket_messages" USING btree ("ticket_id", "idempotency_key") WHERE "idempotency_key" IS NOT NULL;
