-- Tickets in, part 1 (issue 20): e-mail intake, the conversation on a ticket, phone calls, customers' e-mail domains.
-- A customer's e-mail domains and its contacts' phone and role decide and describe who writes in.
ALTER TABLE "customers" ADD COLUMN "email_domains" text[] NOT NULL DEFAULT '{}';--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "role" text;--> statement-breakpoint
CREATE INDEX "contacts_email" ON "contacts" USING btree ("workspace_id", lower("email"));--> statement-breakpoint
CREATE INDEX "customers_email_domains" ON "customers" USING gin ("email_domains");--> statement-breakpoint
-- A ticket's key is T-<number>; the number comes from one sequence, so it is unique without a per-workspace lock.
ALTER TABLE "tickets" ADD COLUMN "number" bigserial;--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_number" ON "tickets" USING btree ("number");--> statement-breakpoint
-- Who asked: the sender of the e-mail, the caller, the portal user; replies go to them.
ALTER TABLE "tickets" ADD COLUMN "requester_email" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "requester_name" text;--> statement-breakpoint
-- Every message on a ticket: public replies in and out on any channel, internal notes, logged calls, and automatic
-- mail kept on its ticket with the reason it changed nothing.
CREATE TABLE "ticket_messages" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "workspace_id" uuid NOT NULL,
  "customer_id" uuid NOT NULL,
  "ticket_id" uuid NOT NULL REFERENCES "tickets"("id") ON DELETE CASCADE,
  -- reply (public) | note (internal, provider only) | call | automatic
  "kind" text NOT NULL,
  -- in (from the customer's side) | out (from the provider's side)
  "direction" text NOT NULL,
  -- email | portal | web | api | phone
  "channel" text NOT NULL,
  -- The ticket event the message recorded (null for notes and automatic mail, which never touch clocks).
  "event_key" text,
  "author_user_id" uuid,
  "author_name" text,
  "author_address" text,
  -- E-mail recipients: [{ "address", "name", "kind": "to" | "cc" }]
  "recipients" jsonb DEFAULT '[]'::jsonb NOT NULL,
  "subject" text,
  "body_text" text DEFAULT '' NOT NULL,
  "quoted_text" text DEFAULT '' NOT NULL,
  "body_html" text,
  -- RFC 5322 Message-ID of a message received or sent, with its angle brackets.
  "mail_message_id" text,
  "in_reply_to" text,
  "references" jsonb DEFAULT '[]'::jsonb NOT NULL,
  "automatic_reason" text,
  "call_caller" text,
  "call_started_at" timestamptz,
  "call_duration_seconds" integer,
  -- Outgoing e-mail: queued | sent | failed (null otherwise).
  "delivery_state" text,
  "delivery_error" text,
  "occurred_at" timestamptz NOT NULL,
  "created_at" timestamptz DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE INDEX "ticket_messages_ticket" ON "ticket_messages" USING btree ("ticket_id", "occurred_at");--> statement-breakpoint
CREATE INDEX "ticket_messages_mail_id" ON "ticket_messages" USING btree ("workspace_id", "mail_message_id") WHERE "mail_message_id" IS NOT NULL;--> statement-breakpoint
CREATE TABLE "ticket_attachments" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "workspace_id" uuid NOT NULL,
  "customer_id" uuid NOT NULL,
  "ticket_id" uuid NOT NULL REFERENCES "tickets"("id") ON DELETE CASCADE,
  "message_id" uuid REFERENCES "ticket_messages"("id") ON DELETE CASCADE,
  "filename" text,
  "content_type" text NOT NULL,
  "size" integer NOT NULL,
  "content_id" text,
  "inline" boolean DEFAULT false NOT NULL,
  -- Null when the file was over the size limit; omitted_reason then says so (the raw message still holds it).
  "content" bytea,
  "omitted_reason" text,
  "created_at" timestamptz DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE INDEX "ticket_attachments_ticket" ON "ticket_attachments" USING btree ("ticket_id");--> statement-breakpoint
-- Mailboxes Covenant reads (IMAP), or takes forwarded messages for (raw MIME by API), and what their mail feeds.
CREATE TABLE "mailboxes" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "workspace_id" uuid NOT NULL,
  "name" text NOT NULL,
  -- imap | forward (messages arrive by POST of message/rfc822)
  "kind" text NOT NULL,
  "host" text,
  "port" integer,
  -- implicit | starttls | none
  "tls" text,
  "username" text,
  -- Write-only: never returned by the API.
  "password" text,
  "folder" text DEFAULT 'INBOX' NOT NULL,
  -- flag | move
  "processed_action" text DEFAULT 'flag' NOT NULL,
  "processed_folder" text,
  -- Null: the customer is found from the sender.
  "customer_id" uuid,
  "service" text,
  "category" text,
  "acknowledge" boolean DEFAULT false NOT NULL,
  "list_mail_is_automatic" boolean DEFAULT true NOT NULL,
  "enabled" boolean DEFAULT true NOT NULL,
  "uid_validity" bigint,
  -- connected | idle | polling | error (as the watcher last reported)
  "state" text,
  "state_error" text,
  "state_at" timestamptz,
  "revision" integer DEFAULT 1 NOT NULL,
  "created_at" timestamptz DEFAULT now() NOT NULL,
  "updated_at" timestamptz DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE UNIQUE INDEX "mailboxes_workspace_name" ON "mailboxes" USING btree ("workspace_id", "name");--> statement-breakpoint
-- Every message intake received, whatever became of it, recorded in the same transaction as its ticket or event:
-- the unique indexes make intake exactly-once across crashes and instances.
CREATE TABLE "inbound_mail" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "workspace_id" uuid NOT NULL,
  "mailbox_id" uuid REFERENCES "mailboxes"("id") ON DELETE SET NULL,
  "uid_validity" bigint,
  "uid" bigint,
  -- The Message-ID, or one derived from the raw bytes' hash when the message has none.
  "mail_message_id" text NOT NULL,
  "received_at" timestamptz NOT NULL,
  "from_address" text,
  "subject" text,
  -- new_ticket | reply | automatic | ignored | triage | held | refused
  "outcome" text NOT NULL,
  "reason" text,
  "ticket_id" uuid REFERENCES "tickets"("id") ON DELETE SET NULL,
  "customer_id" uuid,
  -- For messages waiting in triage: the first message of their thread (itself for the first).
  "triage_root_id" uuid,
  "raw" bytea,
  "created_at" timestamptz DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_mail_message_id" ON "inbound_mail" USING btree ("workspace_id", "mail_message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_mail_mailbox_uid" ON "inbound_mail" USING btree ("mailbox_id", "uid_validity", "uid") WHERE "mailbox_id" IS NOT NULL AND "uid" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "inbound_mail_outcome" ON "inbound_mail" USING btree ("workspace_id", "outcome", "received_at");--> statement-breakpoint
CREATE INDEX "inbound_mail_sender" ON "inbound_mail" USING btree ("workspace_id", "from_address", "received_at");
