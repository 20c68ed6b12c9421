ALTER TABLE "import_jobs" ADD COLUMN "committed_digest" text;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "heartbeat_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "import_jobs_resumed_from_id" ON "import_jobs" USING btree ("resumed_from_id");