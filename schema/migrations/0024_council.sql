CREATE TABLE "council_agenda_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"proposal_id" uuid,
	"title" text NOT NULL,
	"decision" text
);
--> statement-breakpoint
ALTER TABLE "council_agenda_items" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "council_attendance" (
	"tenant_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	CONSTRAINT "council_attendance_meeting_id_member_id_pk" PRIMARY KEY("meeting_id","member_id")
);
--> statement-breakpoint
ALTER TABLE "council_attendance" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "council_ballots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"vote_id" uuid NOT NULL,
	"secret" boolean NOT NULL,
	"member_id" uuid,
	"choice" text NOT NULL,
	CONSTRAINT "council_ballots_secret_has_no_voter" CHECK (not "council_ballots"."secret" or "council_ballots"."member_id" is null),
	CONSTRAINT "council_ballots_open_has_voter" CHECK ("council_ballots"."secret" or "council_ballots"."member_id" is not null)
);
--> statement-breakpoint
ALTER TABLE "council_ballots" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "council_meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"council_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"held_at" timestamp with time zone NOT NULL,
	"place" text NOT NULL,
	"minutes" text,
	"present_count" integer,
	"sample" boolean DEFAULT false NOT NULL,
	"source" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "council_meetings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "council_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"council_id" uuid NOT NULL,
	"user_id" uuid,
	"name" text NOT NULL,
	"seat" text NOT NULL,
	"chosen_how" text NOT NULL,
	"chosen_by" text NOT NULL,
	"chosen_on" date NOT NULL,
	"term_start" date NOT NULL,
	"term_end" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "council_members" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "council_milestones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"title" text NOT NULL,
	"due_on" date NOT NULL,
	"done_on" date
);
--> statement-breakpoint
ALTER TABLE "council_milestones" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "council_projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"council_id" uuid NOT NULL,
	"proposal_id" uuid,
	"parent_id" uuid,
	"title" text NOT NULL,
	"owner" text NOT NULL,
	"budget_yuan" integer DEFAULT 0 NOT NULL,
	"weight" integer DEFAULT 1 NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"case_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "council_projects" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "council_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"council_id" uuid NOT NULL,
	"title" text NOT NULL,
	"title_key" text NOT NULL,
	"body" text NOT NULL,
	"origin" text NOT NULL,
	"member_id" uuid,
	"status" text NOT NULL,
	"reason" text,
	"merged_into_id" uuid,
	"supporters" integer DEFAULT 0 NOT NULL,
	"submitted_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"sample" boolean DEFAULT false NOT NULL,
	"source" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "council_proposals" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "council_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"council_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"project_id" uuid,
	"reporter_name" text NOT NULL,
	"reporter_role" text NOT NULL,
	"subject" text NOT NULL,
	"rating" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "council_reviews" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "council_supports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"proposal_id" uuid NOT NULL,
	"contact_hash" text NOT NULL,
	"contact_sealed" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "council_supports" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "council_voters" (
	"tenant_id" uuid NOT NULL,
	"vote_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	CONSTRAINT "council_voters_vote_id_member_id_pk" PRIMARY KEY("vote_id","member_id")
);
--> statement-breakpoint
ALTER TABLE "council_voters" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "council_votes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"agenda_item_id" uuid NOT NULL,
	"proposal_id" uuid,
	"ballot" text NOT NULL,
	"majority" text NOT NULL,
	"in_office" integer NOT NULL,
	"present" integer NOT NULL,
	"quorum" integer NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"for_count" integer,
	"against_count" integer,
	"abstain_count" integer,
	"result" text,
	"seal_seq" integer,
	"seal_hash" text,
	"opened_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"sample" boolean DEFAULT false NOT NULL,
	"source" text
);
--> statement-breakpoint
ALTER TABLE "council_votes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "councils" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"mechanism" text NOT NULL,
	"rules" jsonb NOT NULL,
	"history" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sample" boolean DEFAULT false NOT NULL,
	"source" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "councils" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "council_agenda_items" ADD CONSTRAINT "council_agenda_items_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_agenda_items" ADD CONSTRAINT "council_agenda_items_meeting_id_council_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."council_meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_agenda_items" ADD CONSTRAINT "council_agenda_items_proposal_id_council_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."council_proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_attendance" ADD CONSTRAINT "council_attendance_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_attendance" ADD CONSTRAINT "council_attendance_meeting_id_council_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."council_meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_attendance" ADD CONSTRAINT "council_attendance_member_id_council_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."council_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_ballots" ADD CONSTRAINT "council_ballots_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_ballots" ADD CONSTRAINT "council_ballots_vote_id_council_votes_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."council_votes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_ballots" ADD CONSTRAINT "council_ballots_member_id_council_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."council_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_meetings" ADD CONSTRAINT "council_meetings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_meetings" ADD CONSTRAINT "council_meetings_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_members" ADD CONSTRAINT "council_members_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_members" ADD CONSTRAINT "council_members_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_members" ADD CONSTRAINT "council_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_milestones" ADD CONSTRAINT "council_milestones_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_milestones" ADD CONSTRAINT "council_milestones_project_id_council_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."council_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_projects" ADD CONSTRAINT "council_projects_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_projects" ADD CONSTRAINT "council_projects_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_projects" ADD CONSTRAINT "council_projects_proposal_id_council_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."council_proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_proposals" ADD CONSTRAINT "council_proposals_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_proposals" ADD CONSTRAINT "council_proposals_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_proposals" ADD CONSTRAINT "council_proposals_member_id_council_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."council_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_reviews" ADD CONSTRAINT "council_reviews_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_reviews" ADD CONSTRAINT "council_reviews_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_reviews" ADD CONSTRAINT "council_reviews_meeting_id_council_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."council_meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_reviews" ADD CONSTRAINT "council_reviews_project_id_council_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."council_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_supports" ADD CONSTRAINT "council_supports_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_supports" ADD CONSTRAINT "council_supports_proposal_id_council_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."council_proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_voters" ADD CONSTRAINT "council_voters_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_voters" ADD CONSTRAINT "council_voters_vote_id_council_votes_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."council_votes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_voters" ADD CONSTRAINT "council_voters_member_id_council_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."council_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_votes" ADD CONSTRAINT "council_votes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_votes" ADD CONSTRAINT "council_votes_meeting_id_council_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."council_meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_votes" ADD CONSTRAINT "council_votes_agenda_item_id_council_agenda_items_id_fk" FOREIGN KEY ("agenda_item_id") REFERENCES "public"."council_agenda_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_votes" ADD CONSTRAINT "council_votes_proposal_id_council_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."council_proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "councils" ADD CONSTRAINT "councils_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "councils" ADD CONSTRAINT "councils_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "council_agenda_position" ON "council_agenda_items" USING btree ("meeting_id","position");--> statement-breakpoint
CREATE INDEX "council_ballots_vote" ON "council_ballots" USING btree ("vote_id");--> statement-breakpoint
CREATE INDEX "council_meetings_council" ON "council_meetings" USING btree ("tenant_id","council_id","held_at");--> statement-breakpoint
CREATE UNIQUE INDEX "council_members_user" ON "council_members" USING btree ("council_id","user_id");--> statement-breakpoint
CREATE INDEX "council_members_council" ON "council_members" USING btree ("tenant_id","council_id");--> statement-breakpoint
CREATE INDEX "council_milestones_project" ON "council_milestones" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "council_projects_council" ON "council_projects" USING btree ("tenant_id","council_id");--> statement-breakpoint
CREATE INDEX "council_proposals_council" ON "council_proposals" USING btree ("tenant_id","council_id","status");--> statement-breakpoint
CREATE INDEX "council_reviews_council" ON "council_reviews" USING btree ("tenant_id","council_id");--> statement-breakpoint
CREATE UNIQUE INDEX "council_supports_once" ON "council_supports" USING btree ("proposal_id","contact_hash");--> statement-breakpoint
CREATE INDEX "council_votes_meeting" ON "council_votes" USING btree ("tenant_id","meeting_id");--> statement-breakpoint
CREATE UNIQUE INDEX "councils_unit" ON "councils" USING btree ("tenant_id","org_unit_id");--> statement-breakpoint
CREATE POLICY "council_agenda_items_tenant_isolation" ON "council_agenda_items" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "council_attendance_tenant_isolation" ON "council_attendance" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "council_ballots_tenant_isolation" ON "council_ballots" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "council_meetings_tenant_isolation" ON "council_meetings" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "council_members_tenant_isolation" ON "council_members" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "council_milestones_tenant_isolation" ON "council_milestones" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "council_projects_tenant_isolation" ON "council_projects" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "council_proposals_tenant_isolation" ON "council_proposals" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "council_reviews_tenant_isolation" ON "council_reviews" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "council_supports_tenant_isolation" ON "council_supports" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "council_voters_tenant_isolation" ON "council_voters" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "council_votes_tenant_isolation" ON "council_votes" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "councils_tenant_isolation" ON "councils" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
-- custom: public council pages are cached under the city's public-site version; council changes bump it.
CREATE TRIGGER councils_public_site AFTER INSERT OR UPDATE OR DELETE ON councils
  FOR EACH ROW EXECUTE FUNCTION bump_public_site_version();
--> statement-breakpoint
CREATE TRIGGER council_proposals_public_site AFTER INSERT OR UPDATE OR DELETE ON council_proposals
  FOR EACH ROW EXECUTE FUNCTION bump_public_site_version();
--> statement-breakpoint
CREATE TRIGGER council_meetings_public_site AFTER INSERT OR UPDATE OR DELETE ON council_meetings
  FOR EACH ROW EXECUTE FUNCTION bump_public_site_version();
--> statement-breakpoint
CREATE TRIGGER council_agenda_items_public_site AFTER INSERT OR UPDATE OR DELETE ON council_agenda_items
  FOR EACH ROW EXECUTE FUNCTION bump_public_site_version();
--> statement-breakpoint
CREATE TRIGGER council_votes_public_site AFTER INSERT OR UPDATE OR DELETE ON council_votes
  FOR EACH ROW EXECUTE FUNCTION bump_public_site_version();
--> statement-breakpoint
CREATE TRIGGER council_projects_public_site AFTER INSERT OR UPDATE OR DELETE ON council_projects
  FOR EACH ROW EXECUTE FUNCTION bump_public_site_version();
--> statement-breakpoint
CREATE TRIGGER council_milestones_public_site AFTER INSERT OR UPDATE OR DELETE ON council_milestones
  FOR EACH ROW EXECUTE FUNCTION bump_public_site_version();
--> statement-breakpoint
CREATE TRIGGER council_reviews_public_site AFTER INSERT OR UPDATE OR DELETE ON council_reviews
  FOR EACH ROW EXECUTE FUNCTION bump_public_site_version();
--> statement-breakpoint
-- A ballot is never changed once cast, by anyone (the sealed tally is checked against the ballots).
REVOKE UPDATE ON council_ballots FROM shequ_app;
--> statement-breakpoint
-- A sealed tally is final: no one changes a closed vote through the database either (an edit that
-- gets past this, with the trigger dropped, is caught by the vote's verification).
CREATE OR REPLACE FUNCTION council_vote_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'closed' THEN
    RAISE EXCEPTION 'council vote % is sealed', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER council_votes_sealed BEFORE UPDATE ON council_votes
  FOR EACH ROW EXECUTE FUNCTION council_vote_sealed();
