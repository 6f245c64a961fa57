-- Monitoring (decision 0012): threshold firings with deterministic ids, the transactional outbox and its delivery
-- log, in-app notifications and preferences, webhook subscriptions, deviations.
ALTER TABLE "clocks" ADD COLUMN "crossing_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "clocks" ADD COLUMN "acknowledged_crossings" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Clocks whose evaluation reached a threshold the sweep has not acted on yet (e.g. a late event revealed a breach).
CREATE INDEX "clocks_unacknowledged" ON "clocks" USING btree ("evaluated_at") WHERE "crossing_count" > "acknowledged_crossings";--> statement-breakpoint
CREATE TABLE "clock_firings" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"target_id" text NOT NULL,
	"cycle_start" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"percent" double precision NOT NULL,
	"reached_at" timestamp with time zone NOT NULL,
	"acted_at" timestamp with time zone NOT NULL,
	"suppressed" text,
	"actions" jsonb DEFAULT '[]'::jsonb NOT NULL
);--> statement-breakpoint
CREATE INDEX "clock_firings_ticket" ON "clock_firings" USING btree ("workspace_id","ticket_id");--> statement-breakpoint
CREATE INDEX "clock_firings_acted" ON "clock_firings" USING btree ("workspace_id","acted_at");--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"customer_id" uuid,
	"channel" text NOT NULL,
	"kind" text NOT NULL,
	"recipient" text NOT NULL,
	"subscription_id" uuid,
	"source_id" text,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"lease_until" timestamp with time zone,
	"last_error" text,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);--> statement-breakpoint
CREATE INDEX "outbox_due" ON "outbox" USING btree ("next_attempt_at") WHERE "status" IN ('pending', 'sending');--> statement-breakpoint
CREATE INDEX "outbox_workspace" ON "outbox" USING btree ("workspace_id","status","created_at");--> statement-breakpoint
CREATE INDEX "outbox_source" ON "outbox" USING btree ("workspace_id","source_id");--> statement-breakpoint
CREATE TABLE "delivery_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"outbox_id" text NOT NULL,
	"subscription_id" uuid,
	"attempt" integer NOT NULL,
	"attempted_at" timestamp with time zone NOT NULL,
	"ok" boolean NOT NULL,
	"status" integer,
	"detail" text NOT NULL
);--> statement-breakpoint
CREATE INDEX "delivery_attempts_outbox" ON "delivery_attempts" USING btree ("workspace_id","outbox_id","attempt");--> statement-breakpoint
CREATE INDEX "delivery_attempts_subscription" ON "delivery_attempts" USING btree ("workspace_id","subscription_id","attempted_at");--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"customer_id" uuid,
	"source_id" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"link" text,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone
);--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_source" ON "notifications" USING btree ("workspace_id","user_id","source_id");--> statement-breakpoint
CREATE INDEX "notifications_user" ON "notifications" USING btree ("workspace_id","user_id","created_at");--> statement-breakpoint
CREATE TABLE "notification_preferences" (
	"workspace_id" uuid NOT NULL,
	"user_id" uuid PRIMARY KEY NOT NULL,
	"email" boolean DEFAULT true NOT NULL,
	"in_app" boolean DEFAULT true NOT NULL,
	"time_zone" text,
	"kinds" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);--> statement-breakpoint
CREATE TABLE "webhook_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"event_types" jsonb NOT NULL,
	"description" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);--> statement-breakpoint
CREATE INDEX "webhook_subscriptions_workspace" ON "webhook_subscriptions" USING btree ("workspace_id","active");--> statement-breakpoint
CREATE TABLE "deviations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"agreement_id" uuid,
	"ticket_id" uuid,
	"target_id" text NOT NULL,
	"source" text NOT NULL,
	"source_id" text NOT NULL,
	"title" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"evidence" jsonb NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);--> statement-breakpoint
CREATE UNIQUE INDEX "deviations_source" ON "deviations" USING btree ("workspace_id","source_id");--> statement-breakpoint
CREATE INDEX "deviations_status" ON "deviations" USING btree ("workspace_id","status","opened_at");
