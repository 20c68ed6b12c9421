-- custom: every reference between two rows of a city stays inside that city. Each foreign key from
-- a city's table to another city's table gets a twin on (tenant_id, x_id) → (tenant_id, id), with the
-- same ON DELETE, so a row of another city (which the single-column key, checked without row-level
-- security, accepts) is refused like a missing one (23503, answered as 422 reference.unknown).
-- Users are left out: a platform administrator has no city. Generated from the drizzle schema; the
-- test test/node/platform/same-city-references.test.ts fails when a new key lacks its twin.
ALTER TABLE "admission_applications" ADD CONSTRAINT "admission_applications_tenant_row" UNIQUE ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "api_clients" ADD CONSTRAINT "api_clients_tenant_row" UNIQUE ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "assistance_agreements" ADD CONSTRAINT "assistance_agreements_tenant_row" UNIQUE ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "case_categories" ADD CONSTRAINT "case_categories_tenant_row" UNIQUE ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_tenant_row" UNIQUE ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "council_agenda_items" ADD CONSTRAINT "council_agenda_items_tenant_row" UNIQUE ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "council_meetings" ADD CONSTRAINT "council_meetings_tenant_row" UNIQUE ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "council_members" ADD CONSTRAINT "council_members_tenant_row" UNIQUE ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "council_projects" ADD CONSTRAINT "council_projects_tenant_row" UNIQUE ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "council_proposals" ADD CONSTRAINT "council_proposals_tenant_row" UNIQUE ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "council_votes" ADD CONSTRAINT "council_votes_tenant_row" UNIQUE ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "councils" ADD CONSTRAINT "councils_tenant_row" UNIQUE ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "data_domains" ADD CONSTRAINT "data_domains_tenant_row" UNIQUE ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "departments" ADD CONSTRAINT "departments_tenant_row" UNIQUE ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "evaluation_assignments" ADD CONSTRAINT "evaluation_assignments_tenant_row" UNIQUE ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "evaluation_campaigns" ADD CONSTRAINT "evaluation_campaigns_tenant_row" UNIQUE ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "evaluation_stations" ADD CONSTRAINT "evaluation_stations_tenant_row" UNIQUE ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "evaluation_subjects" ADD CONSTRAINT "evaluation_subjects_tenant_row" UNIQUE ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "funding_obligations" ADD CONSTRAINT "funding_obligations_tenant_row" UNIQUE ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "org_units" ADD CONSTRAINT "org_units_tenant_row" UNIQUE ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "reforms" ADD CONSTRAINT "reforms_tenant_row" UNIQUE ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "residents" ADD CONSTRAINT "residents_tenant_row" UNIQUE ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "satisfaction_surveys" ADD CONSTRAINT "satisfaction_surveys_tenant_row" UNIQUE ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "status_incidents" ADD CONSTRAINT "status_incidents_tenant_row" UNIQUE ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "webhook_subscriptions" ADD CONSTRAINT "webhook_subscriptions_tenant_row" UNIQUE ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "work_items" ADD CONSTRAINT "work_items_tenant_row" UNIQUE ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "acceptance_requests" ADD CONSTRAINT "acceptance_requests_case_id_same_city" FOREIGN KEY ("tenant_id", "case_id") REFERENCES "cases" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "acceptance_requests" ADD CONSTRAINT "acceptance_requests_from_unit_id_same_city" FOREIGN KEY ("tenant_id", "from_unit_id") REFERENCES "org_units" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "acceptance_requests" ADD CONSTRAINT "acceptance_requests_department_id_same_city" FOREIGN KEY ("tenant_id", "department_id") REFERENCES "departments" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "acceptance_requests" ADD CONSTRAINT "acceptance_requests_escalated_to_unit_id_same_city" FOREIGN KEY ("tenant_id", "escalated_to_unit_id") REFERENCES "org_units" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "admission_applications" ADD CONSTRAINT "admission_applications_department_id_same_city" FOREIGN KEY ("tenant_id", "department_id") REFERENCES "departments" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "admission_applications" ADD CONSTRAINT "admission_applications_org_unit_id_same_city" FOREIGN KEY ("tenant_id", "org_unit_id") REFERENCES "org_units" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "admission_applications" ADD CONSTRAINT "admission_applications_work_item_id_same_city" FOREIGN KEY ("tenant_id", "work_item_id") REFERENCES "work_items" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "admission_reviewers" ADD CONSTRAINT "admission_reviewers_org_unit_id_same_city" FOREIGN KEY ("tenant_id", "org_unit_id") REFERENCES "org_units" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "admission_reviews" ADD CONSTRAINT "admission_reviews_application_id_same_city" FOREIGN KEY ("tenant_id", "application_id") REFERENCES "admission_applications" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "agreement_items" ADD CONSTRAINT "agreement_items_agreement_id_same_city" FOREIGN KEY ("tenant_id", "agreement_id") REFERENCES "assistance_agreements" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "agreement_items" ADD CONSTRAINT "agreement_items_work_item_id_same_city" FOREIGN KEY ("tenant_id", "work_item_id") REFERENCES "work_items" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "api_clients" ADD CONSTRAINT "api_clients_department_id_same_city" FOREIGN KEY ("tenant_id", "department_id") REFERENCES "departments" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_client_id_same_city" FOREIGN KEY ("tenant_id", "client_id") REFERENCES "api_clients" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "assistance_agreements" ADD CONSTRAINT "assistance_agreements_org_unit_id_same_city" FOREIGN KEY ("tenant_id", "org_unit_id") REFERENCES "org_units" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "case_categories" ADD CONSTRAINT "case_categories_department_id_same_city" FOREIGN KEY ("tenant_id", "department_id") REFERENCES "departments" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "case_category_versions" ADD CONSTRAINT "case_category_versions_category_id_same_city" FOREIGN KEY ("tenant_id", "category_id") REFERENCES "case_categories" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_id_same_city" FOREIGN KEY ("tenant_id", "case_id") REFERENCES "cases" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "case_photos" ADD CONSTRAINT "case_photos_case_id_same_city" FOREIGN KEY ("tenant_id", "case_id") REFERENCES "cases" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_category_id_same_city" FOREIGN KEY ("tenant_id", "category_id") REFERENCES "case_categories" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_org_unit_id_same_city" FOREIGN KEY ("tenant_id", "org_unit_id") REFERENCES "org_units" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_level_unit_id_same_city" FOREIGN KEY ("tenant_id", "level_unit_id") REFERENCES "org_units" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_handler_department_id_same_city" FOREIGN KEY ("tenant_id", "handler_department_id") REFERENCES "departments" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_handler_org_unit_id_same_city" FOREIGN KEY ("tenant_id", "handler_org_unit_id") REFERENCES "org_units" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_work_item_id_same_city" FOREIGN KEY ("tenant_id", "work_item_id") REFERENCES "work_items" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "correction_requests" ADD CONSTRAINT "correction_requests_resident_id_same_city" FOREIGN KEY ("tenant_id", "resident_id") REFERENCES "residents" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "correction_requests" ADD CONSTRAINT "correction_requests_owner_department_id_same_city" FOREIGN KEY ("tenant_id", "owner_department_id") REFERENCES "departments" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "council_agenda_items" ADD CONSTRAINT "council_agenda_items_meeting_id_same_city" FOREIGN KEY ("tenant_id", "meeting_id") REFERENCES "council_meetings" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "council_agenda_items" ADD CONSTRAINT "council_agenda_items_proposal_id_same_city" FOREIGN KEY ("tenant_id", "proposal_id") REFERENCES "council_proposals" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "council_attendance" ADD CONSTRAINT "council_attendance_meeting_id_same_city" FOREIGN KEY ("tenant_id", "meeting_id") REFERENCES "council_meetings" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "council_attendance" ADD CONSTRAINT "council_attendance_member_id_same_city" FOREIGN KEY ("tenant_id", "member_id") REFERENCES "council_members" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "council_ballots" ADD CONSTRAINT "council_ballots_vote_id_same_city" FOREIGN KEY ("tenant_id", "vote_id") REFERENCES "council_votes" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "council_ballots" ADD CONSTRAINT "council_ballots_member_id_same_city" FOREIGN KEY ("tenant_id", "member_id") REFERENCES "council_members" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "council_meetings" ADD CONSTRAINT "council_meetings_council_id_same_city" FOREIGN KEY ("tenant_id", "council_id") REFERENCES "councils" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "council_members" ADD CONSTRAINT "council_members_council_id_same_city" FOREIGN KEY ("tenant_id", "council_id") REFERENCES "councils" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "council_milestones" ADD CONSTRAINT "council_milestones_project_id_same_city" FOREIGN KEY ("tenant_id", "project_id") REFERENCES "council_projects" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "council_projects" ADD CONSTRAINT "council_projects_council_id_same_city" FOREIGN KEY ("tenant_id", "council_id") REFERENCES "councils" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "council_projects" ADD CONSTRAINT "council_projects_proposal_id_same_city" FOREIGN KEY ("tenant_id", "proposal_id") REFERENCES "council_proposals" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "council_proposals" ADD CONSTRAINT "council_proposals_council_id_same_city" FOREIGN KEY ("tenant_id", "council_id") REFERENCES "councils" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "council_proposals" ADD CONSTRAINT "council_proposals_member_id_same_city" FOREIGN KEY ("tenant_id", "member_id") REFERENCES "council_members" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "council_reviews" ADD CONSTRAINT "council_reviews_council_id_same_city" FOREIGN KEY ("tenant_id", "council_id") REFERENCES "councils" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "council_reviews" ADD CONSTRAINT "council_reviews_meeting_id_same_city" FOREIGN KEY ("tenant_id", "meeting_id") REFERENCES "council_meetings" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "council_reviews" ADD CONSTRAINT "council_reviews_project_id_same_city" FOREIGN KEY ("tenant_id", "project_id") REFERENCES "council_projects" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "council_supports" ADD CONSTRAINT "council_supports_proposal_id_same_city" FOREIGN KEY ("tenant_id", "proposal_id") REFERENCES "council_proposals" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "council_voters" ADD CONSTRAINT "council_voters_vote_id_same_city" FOREIGN KEY ("tenant_id", "vote_id") REFERENCES "council_votes" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "council_voters" ADD CONSTRAINT "council_voters_member_id_same_city" FOREIGN KEY ("tenant_id", "member_id") REFERENCES "council_members" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "council_votes" ADD CONSTRAINT "council_votes_meeting_id_same_city" FOREIGN KEY ("tenant_id", "meeting_id") REFERENCES "council_meetings" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "council_votes" ADD CONSTRAINT "council_votes_agenda_item_id_same_city" FOREIGN KEY ("tenant_id", "agenda_item_id") REFERENCES "council_agenda_items" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "council_votes" ADD CONSTRAINT "council_votes_proposal_id_same_city" FOREIGN KEY ("tenant_id", "proposal_id") REFERENCES "council_proposals" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "councils" ADD CONSTRAINT "councils_org_unit_id_same_city" FOREIGN KEY ("tenant_id", "org_unit_id") REFERENCES "org_units" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "data_domains" ADD CONSTRAINT "data_domains_owner_department_id_same_city" FOREIGN KEY ("tenant_id", "owner_department_id") REFERENCES "departments" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "data_fields" ADD CONSTRAINT "data_fields_domain_id_same_city" FOREIGN KEY ("tenant_id", "domain_id") REFERENCES "data_domains" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "data_grants" ADD CONSTRAINT "data_grants_department_id_same_city" FOREIGN KEY ("tenant_id", "department_id") REFERENCES "departments" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "data_grants" ADD CONSTRAINT "data_grants_org_unit_id_same_city" FOREIGN KEY ("tenant_id", "org_unit_id") REFERENCES "org_units" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "data_link_components" ADD CONSTRAINT "data_link_components_department_id_same_city" FOREIGN KEY ("tenant_id", "department_id") REFERENCES "departments" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "data_link_days" ADD CONSTRAINT "data_link_days_department_id_same_city" FOREIGN KEY ("tenant_id", "department_id") REFERENCES "departments" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "evaluation_assignments" ADD CONSTRAINT "evaluation_assignments_campaign_id_same_city" FOREIGN KEY ("tenant_id", "campaign_id") REFERENCES "evaluation_campaigns" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "evaluation_assignments" ADD CONSTRAINT "evaluation_assignments_subject_id_same_city" FOREIGN KEY ("tenant_id", "subject_id") REFERENCES "evaluation_subjects" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "evaluation_assignments" ADD CONSTRAINT "evaluation_assignments_rater_unit_id_same_city" FOREIGN KEY ("tenant_id", "rater_unit_id") REFERENCES "org_units" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "evaluation_assignments" ADD CONSTRAINT "evaluation_assignments_rater_department_id_same_city" FOREIGN KEY ("tenant_id", "rater_department_id") REFERENCES "departments" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "evaluation_objections" ADD CONSTRAINT "evaluation_objections_campaign_id_same_city" FOREIGN KEY ("tenant_id", "campaign_id") REFERENCES "evaluation_campaigns" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "evaluation_objections" ADD CONSTRAINT "evaluation_objections_subject_id_same_city" FOREIGN KEY ("tenant_id", "subject_id") REFERENCES "evaluation_subjects" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "evaluation_ratings" ADD CONSTRAINT "evaluation_ratings_campaign_id_same_city" FOREIGN KEY ("tenant_id", "campaign_id") REFERENCES "evaluation_campaigns" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "evaluation_ratings" ADD CONSTRAINT "evaluation_ratings_assignment_id_same_city" FOREIGN KEY ("tenant_id", "assignment_id") REFERENCES "evaluation_assignments" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "evaluation_results" ADD CONSTRAINT "evaluation_results_campaign_id_same_city" FOREIGN KEY ("tenant_id", "campaign_id") REFERENCES "evaluation_campaigns" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "evaluation_results" ADD CONSTRAINT "evaluation_results_subject_id_same_city" FOREIGN KEY ("tenant_id", "subject_id") REFERENCES "evaluation_subjects" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "evaluation_stations" ADD CONSTRAINT "evaluation_stations_department_id_same_city" FOREIGN KEY ("tenant_id", "department_id") REFERENCES "departments" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "evaluation_stations" ADD CONSTRAINT "evaluation_stations_host_unit_id_same_city" FOREIGN KEY ("tenant_id", "host_unit_id") REFERENCES "org_units" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "evaluation_subjects" ADD CONSTRAINT "evaluation_subjects_campaign_id_same_city" FOREIGN KEY ("tenant_id", "campaign_id") REFERENCES "evaluation_campaigns" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "evaluation_subjects" ADD CONSTRAINT "evaluation_subjects_org_unit_id_same_city" FOREIGN KEY ("tenant_id", "org_unit_id") REFERENCES "org_units" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "evaluation_subjects" ADD CONSTRAINT "evaluation_subjects_department_id_same_city" FOREIGN KEY ("tenant_id", "department_id") REFERENCES "departments" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "evaluation_subjects" ADD CONSTRAINT "evaluation_subjects_station_id_same_city" FOREIGN KEY ("tenant_id", "station_id") REFERENCES "evaluation_stations" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "evaluation_vetoes" ADD CONSTRAINT "evaluation_vetoes_campaign_id_same_city" FOREIGN KEY ("tenant_id", "campaign_id") REFERENCES "evaluation_campaigns" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "evaluation_vetoes" ADD CONSTRAINT "evaluation_vetoes_subject_id_same_city" FOREIGN KEY ("tenant_id", "subject_id") REFERENCES "evaluation_subjects" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "evaluation_vetoes" ADD CONSTRAINT "evaluation_vetoes_community_unit_id_same_city" FOREIGN KEY ("tenant_id", "community_unit_id") REFERENCES "org_units" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "facets" ADD CONSTRAINT "facets_resident_id_same_city" FOREIGN KEY ("tenant_id", "resident_id") REFERENCES "residents" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "facets" ADD CONSTRAINT "facets_domain_id_same_city" FOREIGN KEY ("tenant_id", "domain_id") REFERENCES "data_domains" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "facets" ADD CONSTRAINT "facets_department_id_same_city" FOREIGN KEY ("tenant_id", "department_id") REFERENCES "departments" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "funding_obligations" ADD CONSTRAINT "funding_obligations_work_item_id_same_city" FOREIGN KEY ("tenant_id", "work_item_id") REFERENCES "work_items" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "funding_obligations" ADD CONSTRAINT "funding_obligations_org_unit_id_same_city" FOREIGN KEY ("tenant_id", "org_unit_id") REFERENCES "org_units" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "funding_payments" ADD CONSTRAINT "funding_payments_obligation_id_same_city" FOREIGN KEY ("tenant_id", "obligation_id") REFERENCES "funding_obligations" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "org_unit_lineage" ADD CONSTRAINT "org_unit_lineage_reform_id_same_city" FOREIGN KEY ("tenant_id", "reform_id") REFERENCES "reforms" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "org_unit_lineage" ADD CONSTRAINT "org_unit_lineage_predecessor_id_same_city" FOREIGN KEY ("tenant_id", "predecessor_id") REFERENCES "org_units" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "org_unit_lineage" ADD CONSTRAINT "org_unit_lineage_successor_id_same_city" FOREIGN KEY ("tenant_id", "successor_id") REFERENCES "org_units" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "org_units" ADD CONSTRAINT "org_units_parent_id_same_city" FOREIGN KEY ("tenant_id", "parent_id") REFERENCES "org_units" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "org_units" ADD CONSTRAINT "org_units_opened_by_reform_id_same_city" FOREIGN KEY ("tenant_id", "opened_by_reform_id") REFERENCES "reforms" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "org_units" ADD CONSTRAINT "org_units_closed_by_reform_id_same_city" FOREIGN KEY ("tenant_id", "closed_by_reform_id") REFERENCES "reforms" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "published_staff" ADD CONSTRAINT "published_staff_org_unit_id_same_city" FOREIGN KEY ("tenant_id", "org_unit_id") REFERENCES "org_units" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "resident_requests" ADD CONSTRAINT "resident_requests_case_id_same_city" FOREIGN KEY ("tenant_id", "case_id") REFERENCES "cases" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "resident_requests" ADD CONSTRAINT "resident_requests_api_client_id_same_city" FOREIGN KEY ("tenant_id", "api_client_id") REFERENCES "api_clients" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "residents" ADD CONSTRAINT "residents_address_unit_id_same_city" FOREIGN KEY ("tenant_id", "address_unit_id") REFERENCES "org_units" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_org_unit_id_same_city" FOREIGN KEY ("tenant_id", "org_unit_id") REFERENCES "org_units" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_department_id_same_city" FOREIGN KEY ("tenant_id", "department_id") REFERENCES "departments" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "satisfaction_answers" ADD CONSTRAINT "satisfaction_answers_survey_id_same_city" FOREIGN KEY ("tenant_id", "survey_id") REFERENCES "satisfaction_surveys" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "satisfaction_surveys" ADD CONSTRAINT "satisfaction_surveys_campaign_id_same_city" FOREIGN KEY ("tenant_id", "campaign_id") REFERENCES "evaluation_campaigns" ("tenant_id", "id") ON DELETE SET NULL ("campaign_id");
--> statement-breakpoint
ALTER TABLE "satisfaction_surveys" ADD CONSTRAINT "satisfaction_surveys_org_unit_id_same_city" FOREIGN KEY ("tenant_id", "org_unit_id") REFERENCES "org_units" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "status_incident_updates" ADD CONSTRAINT "status_incident_updates_incident_id_same_city" FOREIGN KEY ("tenant_id", "incident_id") REFERENCES "status_incidents" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_subscription_id_same_city" FOREIGN KEY ("tenant_id", "subscription_id") REFERENCES "webhook_subscriptions" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "webhook_subscriptions" ADD CONSTRAINT "webhook_subscriptions_department_id_same_city" FOREIGN KEY ("tenant_id", "department_id") REFERENCES "departments" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "work_item_versions" ADD CONSTRAINT "work_item_versions_work_item_id_same_city" FOREIGN KEY ("tenant_id", "work_item_id") REFERENCES "work_items" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "work_items" ADD CONSTRAINT "work_items_department_id_same_city" FOREIGN KEY ("tenant_id", "department_id") REFERENCES "departments" ("tenant_id", "id");
