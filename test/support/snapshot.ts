import type { TestDatabase } from './database';

const TABLES = ['tenants', 'org_units', 'reforms', 'org_unit_lineage', 'users', 'role_grants'];

/** Every row of every application table, in a stable order: equal snapshots mean nothing was written. */
export async function snapshotStore(db: TestDatabase): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    result[table] = await db.query(`select * from ${table} order by 1, 2`);
  }
  return result;
}
