CREATE TABLE "sharing_days" (
	"tenant_id" uuid NOT NULL,
	"day" date NOT NULL,
	"department_id" uuid,
	"pushes" integer DEFAULT 0 NOT NULL,
	"pulls" integer DEFAULT 0 NOT NULL,
	"spared" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "sharing_days_key" UNIQUE NULLS NOT DISTINCT("tenant_id","day","department_id")
);
--> statement-breakpoint
ALTER TABLE "sharing_days" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "sharing_rollup_heads" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"through_day" date NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sharing_rollup_heads" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "sharing_days" ADD CONSTRAINT "sharing_days_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sharing_rollup_heads" ADD CONSTRAINT "sharing_rollup_heads_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_log_time" ON "access_log" USING btree ("tenant_id","occurred_at");--> statement-breakpoint
CREATE INDEX "change_events_time" ON "change_events" USING btree ("tenant_id","occurred_at");--> statement-breakpoint
CREATE POLICY "sharing_days_tenant_isolation" ON "sharing_days" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "sharing_rollup_heads_tenant_isolation" ON "sharing_rollup_heads" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);