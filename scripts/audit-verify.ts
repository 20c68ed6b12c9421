/**
 * `npm run audit:verify`: recompute every tenant's audit chain and access-log seals; exits 1 if
 * any audit event or sealed read was edited or removed, or reads were left unsealed too long.
 * Afterwards it seals the access-log rows still pending (as the cron sweep does).
 */

import { pathToFileURL } from 'node:url';
import { asc } from 'drizzle-orm';
import { type AuditVerification, verifyAuditChain } from '../functions/audit/audit.service';
import type { Database } from '../functions/platform/db';
import {
  type AccessLogVerification,
  sealAccessLog,
  verifyAccessLog,
} from '../functions/sharing/registry/access-seal.service';
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

/** Verifies every tenant's access-log seals, then seals what is pending. */
export async function verifyAllAccessLogs(
  db: Database,
  now: Date,
): Promise<(AccessLogVerification & { slug: string; sealedNow: number })[]> {
  const rows = await db
    .select({ id: tenants.id, slug: tenants.slug })
    .from(tenants)
    .orderBy(asc(tenants.slug));
  const results = [];
  for (const row of rows) {
    const verification = await verifyAccessLog(db, row.id, now);
    results.push({ ...verification, slug: row.slug, sealedNow: await sealAccessLog(db, row.id, now) });
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { openCliDatabase } = await import('./database');
  const handle = await openCliDatabase();
  const results = await verifyAllTenants(handle.db);
  const accessLogs = await verifyAllAccessLogs(handle.db, new Date());
  await handle.close();
  for (const result of results) {
    console.log(`${result.ok ? 'ok  ' : 'FAIL'} ${result.slug}: ${result.events} events`);
    for (const problem of result.problems) console.log(`     event ${problem.seq}: ${problem.problem}`);
  }
  for (const result of accessLogs) {
    console.log(
      `${result.ok ? 'ok  ' : 'FAIL'} ${result.slug} access log: ${result.sealedRows} reads in ${result.seals} seals, ${result.sealedNow} sealed now`,
    );
    for (const problem of result.problems)
      console.log(`     ${problem.kind === 'row' ? 'read' : 'seal'} ${problem.seq}: ${problem.problem}`);
  }
  process.exit(results.every((result) => result.ok) && accessLogs.every((result) => result.ok) ? 0 : 1);
}
