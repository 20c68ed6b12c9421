CREATE TABLE "import_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"principal" text NOT NULL,
	"format" text NOT NULL,
	"domain_key" text,
	"status" text NOT NULL,
	"chunk_size" integer NOT NULL,
	"lines_read" integer DEFAULT 0 NOT NULL,
	"lines_applied" integer DEFAULT 0 NOT NULL,
	"lines_failed" integer DEFAULT 0 NOT NULL,
	"chunks_committed" integer DEFAULT 0 NOT NULL,
	"chunks_rolled_back" integer DEFAULT 0 NOT NULL,
	"committed_through_line" integer DEFAULT 0 NOT NULL,
	"resumed_from_id" uuid,
	"failures" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "import_jobs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "import_jobs_tenant_isolation" ON "import_jobs" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);