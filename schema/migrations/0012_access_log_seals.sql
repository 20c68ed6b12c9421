CREATE TABLE "access_log_sealed" (
	"tenant_id" uuid NOT NULL,
	"log_seq" bigint NOT NULL,
	"seal_seq" bigint NOT NULL,
	"row_hash" text NOT NULL,
	CONSTRAINT "access_log_sealed_tenant_id_log_seq_pk" PRIMARY KEY("tenant_id","log_seq")
);
--> statement-breakpoint
ALTER TABLE "access_log_sealed" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "access_log_seals" (
	"tenant_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"sealed_at" timestamp with time zone NOT NULL,
	"row_count" integer NOT NULL,
	"rows_hash" text NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "access_log_seals_tenant_id_seq_pk" PRIMARY KEY("tenant_id","seq")
);
--> statement-breakpoint
ALTER TABLE "access_log_seals" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "access_log_sealed" ADD CONSTRAINT "access_log_sealed_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_log_seals" ADD CONSTRAINT "access_log_seals_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_log_sealed_seal" ON "access_log_sealed" USING btree ("tenant_id","seal_seq");--> statement-breakpoint
CREATE POLICY "access_log_sealed_tenant_isolation" ON "access_log_sealed" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "access_log_seals_tenant_isolation" ON "access_log_seals" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
-- hand-written: begin
-- Seals are append-only for the application, like the access log they cover.
REVOKE UPDATE, DELETE, TRUNCATE ON "access_log_seals", "access_log_sealed" FROM shequ_app;
-- hand-written: end
