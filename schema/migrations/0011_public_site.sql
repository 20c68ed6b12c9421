CREATE TABLE "data_link_components" (
	"tenant_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"status" text NOT NULL,
	"signals" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "data_link_components_tenant_id_department_id_pk" PRIMARY KEY("tenant_id","department_id")
);
--> statement-breakpoint
ALTER TABLE "data_link_components" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "data_link_days" (
	"tenant_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"day" date NOT NULL,
	"worst" text NOT NULL,
	CONSTRAINT "data_link_days_tenant_id_department_id_day_pk" PRIMARY KEY("tenant_id","department_id","day")
);
--> statement-breakpoint
ALTER TABLE "data_link_days" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "public_site_versions" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 1 NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "public_site_versions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "published_staff" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"grid_zh" text DEFAULT '' NOT NULL,
	"grid_en" text DEFAULT '' NOT NULL,
	"name" text NOT NULL,
	"role_zh" text NOT NULL,
	"role_en" text NOT NULL,
	"department_zh" text DEFAULT '' NOT NULL,
	"department_en" text DEFAULT '' NOT NULL,
	"contact" text DEFAULT '' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"sample" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "published_staff" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "status_incident_updates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"incident_id" uuid NOT NULL,
	"status" text NOT NULL,
	"body_zh" text NOT NULL,
	"body_en" text NOT NULL,
	"affected" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "status_incident_updates" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "status_incidents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"status" text NOT NULL,
	"impact" text NOT NULL,
	"department_ids" uuid[] NOT NULL,
	"automatic" boolean DEFAULT false NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"monitoring_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "status_incidents" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "tenant_hosts" (
	"host" text PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tenant_hosts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "data_link_components" ADD CONSTRAINT "data_link_components_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_link_components" ADD CONSTRAINT "data_link_components_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_link_days" ADD CONSTRAINT "data_link_days_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_link_days" ADD CONSTRAINT "data_link_days_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "public_site_versions" ADD CONSTRAINT "public_site_versions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "published_staff" ADD CONSTRAINT "published_staff_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "published_staff" ADD CONSTRAINT "published_staff_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_incident_updates" ADD CONSTRAINT "status_incident_updates_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_incident_updates" ADD CONSTRAINT "status_incident_updates_incident_id_status_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."status_incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_incidents" ADD CONSTRAINT "status_incidents_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_hosts" ADD CONSTRAINT "tenant_hosts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "published_staff_unit" ON "published_staff" USING btree ("tenant_id","org_unit_id");--> statement-breakpoint
CREATE INDEX "status_incident_updates_incident" ON "status_incident_updates" USING btree ("incident_id","created_at");--> statement-breakpoint
CREATE INDEX "status_incidents_tenant_started" ON "status_incidents" USING btree ("tenant_id","started_at");--> statement-breakpoint
CREATE INDEX "tenant_hosts_tenant" ON "tenant_hosts" USING btree ("tenant_id");--> statement-breakpoint
CREATE POLICY "data_link_components_tenant_isolation" ON "data_link_components" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "data_link_days_tenant_isolation" ON "data_link_days" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "public_site_versions_tenant_isolation" ON "public_site_versions" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "published_staff_tenant_isolation" ON "published_staff" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "status_incident_updates_tenant_isolation" ON "status_incident_updates" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "status_incidents_tenant_isolation" ON "status_incidents" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_hosts_tenant_isolation" ON "tenant_hosts" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
-- hand-written: begin
-- Public pages are cached under the city's public-site version; anything a public page shows
-- bumps it in the same transaction as the change, so cached copies everywhere stop matching.
-- SECURITY DEFINER: the bump is the only thing it does, for the row's own tenant.
CREATE OR REPLACE FUNCTION bump_public_site_version() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  tid uuid;
BEGIN
  IF TG_TABLE_NAME = 'tenants' THEN
    tid := NEW.id;
  ELSIF TG_OP = 'DELETE' THEN
    tid := OLD.tenant_id;
  ELSE
    tid := NEW.tenant_id;
  END IF;
  INSERT INTO public_site_versions AS v (tenant_id, version, changed_at)
  SELECT tid, 1, now() WHERE EXISTS (SELECT 1 FROM tenants WHERE id = tid)
  ON CONFLICT (tenant_id) DO UPDATE SET version = v.version + 1, changed_at = now();
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER tenants_public_site AFTER UPDATE ON tenants
  FOR EACH ROW EXECUTE FUNCTION bump_public_site_version();
--> statement-breakpoint
CREATE TRIGGER org_units_public_site AFTER INSERT OR UPDATE OR DELETE ON org_units
  FOR EACH ROW EXECUTE FUNCTION bump_public_site_version();
--> statement-breakpoint
CREATE TRIGGER reforms_public_site AFTER INSERT OR UPDATE OR DELETE ON reforms
  FOR EACH ROW EXECUTE FUNCTION bump_public_site_version();
--> statement-breakpoint
CREATE TRIGGER departments_public_site AFTER INSERT OR UPDATE OR DELETE ON departments
  FOR EACH ROW EXECUTE FUNCTION bump_public_site_version();
--> statement-breakpoint
CREATE TRIGGER published_staff_public_site AFTER INSERT OR UPDATE OR DELETE ON published_staff
  FOR EACH ROW EXECUTE FUNCTION bump_public_site_version();
--> statement-breakpoint
CREATE TRIGGER status_incidents_public_site AFTER INSERT OR UPDATE OR DELETE ON status_incidents
  FOR EACH ROW EXECUTE FUNCTION bump_public_site_version();
--> statement-breakpoint
CREATE TRIGGER status_incident_updates_public_site AFTER INSERT OR UPDATE OR DELETE ON status_incident_updates
  FOR EACH ROW EXECUTE FUNCTION bump_public_site_version();
--> statement-breakpoint
CREATE TRIGGER data_link_components_insert_public_site AFTER INSERT ON data_link_components
  FOR EACH ROW EXECUTE FUNCTION bump_public_site_version();
--> statement-breakpoint
CREATE TRIGGER data_link_components_update_public_site AFTER UPDATE ON data_link_components
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION bump_public_site_version();
--> statement-breakpoint
CREATE TRIGGER data_link_days_insert_public_site AFTER INSERT ON data_link_days
  FOR EACH ROW EXECUTE FUNCTION bump_public_site_version();
--> statement-breakpoint
CREATE TRIGGER data_link_days_update_public_site AFTER UPDATE ON data_link_days
  FOR EACH ROW WHEN (OLD.worst IS DISTINCT FROM NEW.worst) EXECUTE FUNCTION bump_public_site_version();
-- hand-written: end
