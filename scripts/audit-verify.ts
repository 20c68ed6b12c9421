/** `npm run audit:verify`: recompute every tenant's audit chain; exits 1 if any event was edited or removed. */

import { pathToFileURL } from 'node:url';
import { asc } from 'drizzle-orm';
import { type AuditVerification, verifyAuditChain } from '../functions/audit/audit.service';
import type { Database } from '../functions/platform/db';
import { tenants } from '../schema';

export async function verifyAllTenants(db: Database): Promise<(AuditVerification & { slug: string })[]> {
  const rows = await db
    .select({ id: tenants.id, slug: tenants.slug })
    .from(tenants)
    .orderBy(asc(tenants.slug));
  const results = [];
  for (const row of rows) results.push({ ...(await verifyAuditChain(db, row.id)), slug: row.slug });
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { openCliDatabase } = await import('./database');
  const handle = await openCliDatabase();
  const results = await verifyAllTenants(handle.db);
  await handle.close();
  for (const result of results) {
    console.log(`${result.ok ? 'ok  ' : 'FAIL'} ${result.slug}: ${result.events} events`);
    for (const problem of result.problems) console.log(`     event ${problem.seq}: ${problem.problem}`);
  }
  process.exit(results.every((result) => result.ok) ? 0 : 1);
}
