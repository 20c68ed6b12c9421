CREATE TABLE "admission_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"number" text NOT NULL,
	"department_id" uuid NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"list" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"legal_basis" text NOT NULL,
	"levels" text[] NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"funding_per_community" integer DEFAULT 0 NOT NULL,
	"staff_per_community" integer DEFAULT 0 NOT NULL,
	"authority" text DEFAULT '' NOT NULL,
	"forms" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"step_key" text,
	"due_at" timestamp with time zone NOT NULL,
	"provisional" boolean DEFAULT false NOT NULL,
	"decided_at" timestamp with time zone,
	"decision_reason" text,
	"work_item_id" uuid,
	"submitted_by" text NOT NULL,
	"sample" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "admission_applications_number" UNIQUE("tenant_id","number"),
	CONSTRAINT "admission_applications_money" CHECK ("admission_applications"."funding_per_community" >= 0 and "admission_applications"."staff_per_community" >= 0)
);
--> statement-breakpoint
ALTER TABLE "admission_applications" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "admission_counters" (
	"tenant_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"next" integer NOT NULL,
	CONSTRAINT "admission_counters_year" UNIQUE("tenant_id","year")
);
--> statement-breakpoint
ALTER TABLE "admission_counters" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "admission_reviewers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"step_key" text NOT NULL,
	"user_id" uuid NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "admission_reviewers_unique" UNIQUE("tenant_id","step_key","user_id","org_unit_id")
);
--> statement-breakpoint
ALTER TABLE "admission_reviewers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "admission_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"step_key" text NOT NULL,
	"outcome" text NOT NULL,
	"comment" text NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "admission_reviews_step" UNIQUE("application_id","step_key")
);
--> statement-breakpoint
ALTER TABLE "admission_reviews" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "admission_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"lead_working_days" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "admission_settings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "admission_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"actor_zh" text NOT NULL,
	"actor_en" text NOT NULL,
	"action_zh" text NOT NULL,
	"action_en" text NOT NULL,
	"working_days" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "admission_steps_key" UNIQUE("tenant_id","key"),
	CONSTRAINT "admission_steps_position" UNIQUE("tenant_id","position"),
	CONSTRAINT "admission_steps_days" CHECK ("admission_steps"."working_days" between 1 and 120)
);
--> statement-breakpoint
ALTER TABLE "admission_steps" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "agreement_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"agreement_id" uuid NOT NULL,
	"work_item_id" uuid NOT NULL,
	"funding_yuan" integer NOT NULL,
	"guidance" text DEFAULT '' NOT NULL,
	"committee_met" boolean,
	"government_met" boolean,
	CONSTRAINT "agreement_items_item" UNIQUE("agreement_id","work_item_id")
);
--> statement-breakpoint
ALTER TABLE "agreement_items" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "assistance_agreements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"version" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"government_obligations" text NOT NULL,
	"committee_obligations" text NOT NULL,
	"penalties" text NOT NULL,
	"drafted_by" text NOT NULL,
	"committee_signed_by" text,
	"committee_signed_at" timestamp with time zone,
	"government_signed_by" text,
	"government_signed_at" timestamp with time zone,
	"sample" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assistance_agreements_version" UNIQUE("tenant_id","org_unit_id","year","version")
);
--> statement-breakpoint
ALTER TABLE "assistance_agreements" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "funding_obligations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"work_item_id" uuid NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"amount_yuan" integer NOT NULL,
	"due_on" date NOT NULL,
	"sample" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funding_obligations_unique" UNIQUE("tenant_id","work_item_id","org_unit_id","year"),
	CONSTRAINT "funding_obligations_amount" CHECK ("funding_obligations"."amount_yuan" >= 0)
);
--> statement-breakpoint
ALTER TABLE "funding_obligations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "funding_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"obligation_id" uuid NOT NULL,
	"amount_yuan" integer NOT NULL,
	"paid_on" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"recorded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funding_payments_amount" CHECK ("funding_payments"."amount_yuan" > 0)
);
--> statement-breakpoint
ALTER TABLE "funding_payments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "work_item_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"work_item_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"document" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "work_item_versions_version" UNIQUE("work_item_id","version")
);
--> statement-breakpoint
ALTER TABLE "work_item_versions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "work_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"code" text NOT NULL,
	"list" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"legal_basis" text DEFAULT '' NOT NULL,
	"department_id" uuid,
	"levels" text[] DEFAULT '{}'::text[] NOT NULL,
	"funding_per_community" integer DEFAULT 0 NOT NULL,
	"staff_per_community" integer DEFAULT 0 NOT NULL,
	"authority" text DEFAULT '' NOT NULL,
	"forms" text[] DEFAULT '{}'::text[] NOT NULL,
	"valid_from" date NOT NULL,
	"valid_until" date,
	"status" text DEFAULT 'active' NOT NULL,
	"application_id" uuid,
	"revoked_at" timestamp with time zone,
	"revoked_reason" text,
	"sample" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "work_items_tenant_code" UNIQUE("tenant_id","code"),
	CONSTRAINT "work_items_money" CHECK ("work_items"."funding_per_community" >= 0 and "work_items"."staff_per_community" >= 0)
);
--> statement-breakpoint
ALTER TABLE "work_items" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "work_item_id" uuid;--> statement-breakpoint
ALTER TABLE "admission_applications" ADD CONSTRAINT "admission_applications_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admission_applications" ADD CONSTRAINT "admission_applications_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admission_applications" ADD CONSTRAINT "admission_applications_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admission_applications" ADD CONSTRAINT "admission_applications_work_item_id_work_items_id_fk" FOREIGN KEY ("work_item_id") REFERENCES "public"."work_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admission_counters" ADD CONSTRAINT "admission_counters_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admission_reviewers" ADD CONSTRAINT "admission_reviewers_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admission_reviewers" ADD CONSTRAINT "admission_reviewers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admission_reviewers" ADD CONSTRAINT "admission_reviewers_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admission_reviews" ADD CONSTRAINT "admission_reviews_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admission_reviews" ADD CONSTRAINT "admission_reviews_application_id_admission_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."admission_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admission_settings" ADD CONSTRAINT "admission_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admission_steps" ADD CONSTRAINT "admission_steps_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_items" ADD CONSTRAINT "agreement_items_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_items" ADD CONSTRAINT "agreement_items_agreement_id_assistance_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."assistance_agreements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_items" ADD CONSTRAINT "agreement_items_work_item_id_work_items_id_fk" FOREIGN KEY ("work_item_id") REFERENCES "public"."work_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistance_agreements" ADD CONSTRAINT "assistance_agreements_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistance_agreements" ADD CONSTRAINT "assistance_agreements_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_obligations" ADD CONSTRAINT "funding_obligations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_obligations" ADD CONSTRAINT "funding_obligations_work_item_id_work_items_id_fk" FOREIGN KEY ("work_item_id") REFERENCES "public"."work_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_obligations" ADD CONSTRAINT "funding_obligations_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_payments" ADD CONSTRAINT "funding_payments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_payments" ADD CONSTRAINT "funding_payments_obligation_id_funding_obligations_id_fk" FOREIGN KEY ("obligation_id") REFERENCES "public"."funding_obligations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_item_versions" ADD CONSTRAINT "work_item_versions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_item_versions" ADD CONSTRAINT "work_item_versions_work_item_id_work_items_id_fk" FOREIGN KEY ("work_item_id") REFERENCES "public"."work_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_items" ADD CONSTRAINT "work_items_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_items" ADD CONSTRAINT "work_items_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "admission_applications_status" ON "admission_applications" USING btree ("tenant_id","status","decided_at");--> statement-breakpoint
CREATE INDEX "funding_obligations_unit" ON "funding_obligations" USING btree ("tenant_id","org_unit_id","year");--> statement-breakpoint
CREATE INDEX "funding_payments_obligation" ON "funding_payments" USING btree ("tenant_id","obligation_id");--> statement-breakpoint
CREATE INDEX "work_items_tenant_list" ON "work_items" USING btree ("tenant_id","list","status");--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_work_item_id_work_items_id_fk" FOREIGN KEY ("work_item_id") REFERENCES "public"."work_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "admission_applications_tenant_isolation" ON "admission_applications" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "admission_counters_tenant_isolation" ON "admission_counters" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "admission_reviewers_tenant_isolation" ON "admission_reviewers" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "admission_reviews_tenant_isolation" ON "admission_reviews" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "admission_settings_tenant_isolation" ON "admission_settings" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "admission_steps_tenant_isolation" ON "admission_steps" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "agreement_items_tenant_isolation" ON "agreement_items" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "assistance_agreements_tenant_isolation" ON "assistance_agreements" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "funding_obligations_tenant_isolation" ON "funding_obligations" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "funding_payments_tenant_isolation" ON "funding_payments" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "work_item_versions_tenant_isolation" ON "work_item_versions" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "work_items_tenant_isolation" ON "work_items" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);