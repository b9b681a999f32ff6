CREATE TABLE "records_cold" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"mcp_id" text NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"data" jsonb NOT NULL,
	"ingested_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mcps" ADD COLUMN "target_tier" text;--> statement-breakpoint
ALTER TABLE "mcps" ADD COLUMN "priority" integer DEFAULT 50 NOT NULL;--> statement-breakpoint
ALTER TABLE "mcps" ADD COLUMN "tier_score" integer;--> statement-breakpoint
ALTER TABLE "mcps" ADD COLUMN "tier_changed_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE INDEX "records_cold_store_ts_idx" ON "records_cold" USING btree ("tenant_id","mcp_id","ts" DESC NULLS LAST);