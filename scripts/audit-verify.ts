/**
 * `npm run audit:verify [-- --checkpoints <file>]`: verifies every tenant's audit chain and access
 * log; exits 1 if any audit event or read was edited, inserted or removed, a seal or checkpoint is
 * not genuine, reads were left unsealed too long, or a chain is shorter than, or different from, a
 * checkpoint (those in the database, and the ones in <file>: tokens an auditor kept, one a line,
 * from `GET /v1/t/{tenant}/audit-events/checkpoints`). It only reads: sealing is the sweep's, and
 * a verify that sealed what it found unsealed would erase the evidence of a removed seal.
 */

import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { asc } from 'drizzle-orm';
import { type AuditVerification, verifyAuditChain } from '../functions/audit/audit.service';
import { type Checkpoint, checkpointTenant, parseCheckpoint } from '../functions/audit/checkpoints.service';
import { type Database, logKeyOf } from '../functions/platform/db';
import {
  type AccessLogVerification,
  verifyAccessLog,
} from '../functions/sharing/registry/access-verify.service';
import { tenants } from '../schema';

async function allTenants(db: Database) {
  return db.select({ id: tenants.id, slug: tenants.slug }).from(tenants).orderBy(asc(tenants.slug));
}

/** The newest genuine checkpoint among the kept tokens for one tenant (a forged one throws). */
function keptFor(db: Database, tenantId: string, tokens: readonly string[]): Checkpoint | undefined {
  const mine = tokens
    .filter((token) => checkpointTenant(token) === tenantId)
    .map((token) => parseCheckpoint(logKeyOf(db), tenantId, token));
  return mine.sort((a, b) => b.madeAt.localeCompare(a.madeAt))[0];
}

export async function verifyAllTenants(
  db: Database,
  kept: readonly string[] = [],
): Promise<(AuditVerification & { slug: string })[]> {
  const results = [];
  for (const row of await allTenants(db))
    results.push({ ...(await verifyAuditChain(db, row.id, keptFor(db, row.id, kept))), slug: row.slug });
  return results;
}

/** Verifies every tenant's access log (and its seals); seals nothing. */
export async function verifyAllAccessLogs(
  db: Database,
  now: Date,
  kept: readonly string[] = [],
): Promise<(AccessLogVerification & { slug: string })[]> {
  const results = [];
  for (const row of await allTenants(db))
    results.push({ ...(await verifyAccessLog(db, row.id, now, keptFor(db, row.id, kept))), slug: row.slug });
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const fileIndex = process.argv.indexOf('--checkpoints');
  const file = fileIndex > 0 ? process.argv[fileIndex + 1] : undefined;
  const kept = file
    ? readFileSync(file, 'utf8')
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
    : [];
  const { openCliDatabase } = await import('./database');
  const handle = await openCliDatabase();
  const results = await verifyAllTenants(handle.db, kept);
  const accessLogs = await verifyAllAccessLogs(handle.db, new Date(), kept);
  await handle.close();
  for (const result of results) {
    console.log(
      `${result.ok ? 'ok  ' : 'FAIL'} ${result.slug}: ${result.events} events, ${result.checkpoints} checkpoint(s) compared`,
    );
    for (const problem of result.problems) console.log(`     event ${problem.seq}: ${problem.problem}`);
  }
  for (const result of accessLogs) {
    console.log(
      `${result.ok ? 'ok  ' : 'FAIL'} ${result.slug} access log: ${result.sealedRows} reads in ${result.seals} seals, ${result.pendingRows} pending`,
    );
    for (const problem of result.problems)
      console.log(`     ${problem.kind === 'row' ? 'read' : 'seal'} ${problem.seq}: ${problem.problem}`);
  }
  process.exit(results.every((result) => result.ok) && accessLogs.every((result) => result.ok) ? 0 : 1);
}
