import type { TestDatabase } from './database';

const TABLES = [
  'tenants',
  'org_units',
  'reforms',
  'org_unit_lineage',
  'users',
  'role_grants',
  'sessions',
  'departments',
  'api_clients',
  'api_keys',
  'audit_events',
  'audit_heads',
  'data_domains',
  'data_fields',
  'catalog_versions',
  'residents',
  'facets',
  'change_events',
  'data_grants',
  'purposes',
  'access_log',
  'access_log_seals',
  'access_log_sealed',
  'log_checkpoints',
  'log_legacy_ends',
  'idempotency_keys',
  'correction_requests',
  'import_jobs',
  'webhook_subscriptions',
  'webhook_deliveries',
  'status_incidents',
  'status_incident_updates',
  'published_staff',
  'tenant_hosts',
  'data_link_components',
  'data_link_days',
  'public_site_versions',
  'sharing_days',
  'sharing_rollup_heads',
  'case_categories',
  'case_category_versions',
  'cases',
  'case_events',
  'calendar_days',
  'acceptance_requests',
  'case_photos',
  'resident_requests',
  'evaluation_stations',
  'evaluation_campaigns',
  'evaluation_subjects',
  'evaluation_assignments',
  'evaluation_ratings',
  'evaluation_results',
  'evaluation_objections',
  'evaluation_vetoes',
  'satisfaction_surveys',
  'satisfaction_answers',
  'work_items',
  'work_item_versions',
  'admission_steps',
  'admission_settings',
  'admission_reviewers',
  'admission_applications',
  'admission_reviews',
  'assistance_agreements',
  'agreement_items',
  'funding_obligations',
  'funding_payments',
  'councils',
  'council_members',
  'council_proposals',
  'council_supports',
  'council_meetings',
  'council_agenda_items',
  'council_attendance',
  'council_votes',
  'council_ballots',
  'council_voters',
  'council_projects',
  'council_milestones',
  'council_reviews',
  // Counters and throttles a refused call may legitimately leave as they were; listed so the check
  // below knows every table was considered.
  'sequence_heads',
  'sign_in_throttles',
  'report_throttles',
  'case_counters',
  'admission_counters',
];

/**
 * Bookkeeping that a refused but authenticated call legitimately touches: when a key was last
 * presented, and a session's sliding expiry. Everything else must stay byte-for-byte the same.
 */
const BOOKKEEPING: Record<string, string[]> = { api_keys: ['last_used_at'], sessions: ['expires_at'] };

/** Every row of every application table, in a stable order: equal snapshots mean nothing was written. */
export async function snapshotStore(db: TestDatabase): Promise<Record<string, unknown[]>> {
  // A table added to the schema but not here would make "nothing was written" checks blind to it.
  const all = await db.query<{ name: string }>(
    `select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
  );
  const missing = all.map((row) => row.name).filter((name) => !TABLES.includes(name));
  if (missing.length > 0) throw new Error(`snapshotStore: add these tables to TABLES: ${missing.join(', ')}`);
  const result: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const rows = await db.query<Record<string, unknown>>(`select * from ${table} order by 1, 2`);
    const skip = BOOKKEEPING[table] ?? [];
    result[table] = rows.map((row) =>
      Object.fromEntries(Object.entries(row).filter(([column]) => !skip.includes(column))),
    );
  }
  return result;
}
