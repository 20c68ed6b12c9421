import { asc, desc, eq, sql } from 'drizzle-orm';
import { accessLogSeals, logCheckpoints, logLegacyEnds, tenants } from '../../../schema';
import { type Checkpoint, checkpointMac, makeCheckpoint } from '../../audit/checkpoints.service';
import { canonicalJson, sha256Hex } from '../../platform/canonical';
import { constantTimeEqualText, type LogKey } from '../../platform/crypto';
import { type Database, type Executor, logKeyOf, type Transaction, withTenant } from '../../platform/db';
import { accessRowMac, accessWriteLockKey, fieldsKeys, fieldsMac } from '../ledger';

/**
 * Tamper evidence for the access log (invariant 7). Each row carries the app's MACs from the moment
 * it is written (see `AccessRowIdentity` in ../ledger). Pulls append without any per-tenant lock
 * between them; a sweep then seals, per tenant under the tenant's seal lock, the rows above the
 * last seal: a seal records each row's hash, the hash over those rows, the highest row sealed and
 * the previous seal's hash, under the log key. Editing or deleting a sealed row or a seal breaks
 * a MAC or hash that verification recomputes (access-verify.service.ts); a forged row never has a
 * valid MAC, and the sealer leaves it out. Rows at or below the last seal's line are never sealed
 * again, so rows whose seal went missing stay visibly unsealed; and the sealer refuses to extend a
 * chain that was cut back below a checkpoint or lost a seal it still has rows of.
 */

/** The cron sweep runs every 5 minutes; a row still unsealed after three sweeps is reported. */
export const UNSEALED_GRACE_MS = 15 * 60 * 1000;
/** Rows per seal; a sweep writes as many seals as it needs. */
const SEAL_ROWS = 5000;

export const sealGenesis = (tenantId: string) => sha256Hex(`shequ-access-log-genesis:${tenantId}`);

export interface LogRow {
  seq: string | number;
  occurred_us: string;
  actor_kind: string;
  actor_id: string;
  department_id: string | null;
  resident_id: string;
  fields: string[];
  purpose: string;
  unmasked_id_number: boolean;
  operation: string;
  nonce: string | null;
  mac: string | null;
  fields_mac: string | null;
}

/** The columns a row's hash and MACs cover, read exactly (the timestamp in microseconds, as stored). */
export const LOG_COLUMNS =
  sql.raw(`a.seq, (extract(epoch from a.occurred_at) * 1000000)::bigint::text as occurred_us,
  a.actor_kind, a.actor_id, a.department_id, a.resident_id, a.fields, a.purpose, a.unmasked_id_number, a.operation,
  a.nonce, a.mac, a.fields_mac`);

/** The row's hash as its seal records it (rows from before the log key: as the old seals did). */
export function rowHash(tenantId: string, row: LogRow): string {
  return sha256Hex(
    canonicalJson({
      tenantId,
      seq: Number(row.seq),
      occurredUs: row.occurred_us,
      actorKind: row.actor_kind,
      actorId: row.actor_id,
      departmentId: row.department_id,
      residentId: row.resident_id,
      fields: row.fields,
      purpose: row.purpose,
      unmaskedIdNumber: row.unmasked_id_number,
      operation: row.operation,
      ...(row.mac === null ? {} : { nonce: row.nonce, mac: row.mac, fieldsMac: row.fields_mac }),
    }),
  );
}

/** Whether the row's MACs are the app's: false for a row inserted or changed without the log key. */
export function rowMacsMatch(key: LogKey, tenantId: string, row: LogRow): boolean {
  if (!row.nonce || !row.mac || !row.fields_mac) return false;
  const mac = accessRowMac(key, {
    tenantId,
    nonce: row.nonce,
    occurredUs: row.occurred_us,
    actorKind: row.actor_kind,
    actorId: row.actor_id,
    departmentId: row.department_id,
    residentId: row.resident_id,
    purpose: row.purpose,
    operation: row.operation,
  });
  return (
    constantTimeEqualText(mac, row.mac) &&
    constantTimeEqualText(
      fieldsMac(fieldsKeys(key, row.nonce), row.fields, row.unmasked_id_number),
      row.fields_mac,
    )
  );
}

export interface SealFields {
  tenantId: string;
  seq: number;
  sealedAt: Date;
  rowCount: number;
  rowsHash: string;
  prevHash: string;
  throughSeq: number;
}

/** A seal's hash: HMAC under the log key; plain SHA-256 (without `throughSeq`) before the key. */
export function sealHash(key: LogKey | undefined, seal: SealFields): string {
  const { throughSeq, ...legacy } = seal;
  if (!key) return sha256Hex(canonicalJson({ ...legacy, sealedAt: seal.sealedAt.toISOString() }));
  return key.mac('shequ-access-seal/v1', canonicalJson({ ...seal, sealedAt: seal.sealedAt.toISOString() }));
}

export const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

/**
 * The highest access-log number that can no longer be followed by a lower one committing: every
 * writer holds the tenant's writer lock (shared) from before its row is numbered until it commits,
 * so once this takes that lock exclusively — for an instant, in a transaction of its own — every
 * number the sequence has handed out is committed or rolled back. Sealing only up to it, a row can
 * never commit below a seal and look like a removed one.
 */
async function settledBound(db: Executor, tenantId: string): Promise<number> {
  return withTenant({ db, tenantId }, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${accessWriteLockKey(tenantId)}, 0))`);
    const [sequence] = rowsOf<{ last_value: string | number; is_called: boolean }>(
      await tx.execute(sql`select last_value, is_called from access_log_seq_seq`),
    );
    return Number(sequence?.last_value ?? 0) - (sequence?.is_called ? 0 : 1);
  });
}

export interface SealReport {
  /** Rows sealed. */
  rows: number;
  /** Why nothing was sealed, when the chain as it stands must not be extended. */
  refused?: string;
  /** Rows left out because their MACs are not the app's (forged or changed before sealing). */
  forged: number[];
}

/** Seals the tenant's access-log rows above the last seal, up to the settled bound. */
export async function sealAccessLog(db: Executor, tenantId: string, now: Date): Promise<SealReport> {
  const key = logKeyOf(db);
  const bound = await settledBound(db, tenantId);
  const report: SealReport = { rows: 0, forged: [] };
  for (;;) {
    const more = await withTenant({ db, tenantId }, (tx) => sealOnce(tx, key, tenantId, now, bound, report));
    if (!more || report.refused) return report;
  }
}

/** One seal of at most SEAL_ROWS rows; true when there may be more to seal. */
async function sealOnce(
  tx: Transaction,
  key: LogKey,
  tenantId: string,
  now: Date,
  bound: number,
  report: SealReport,
): Promise<boolean> {
  // The seal head lock: one sealer per tenant at a time, so the chain never forks.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`access-log-seal|${tenantId}`}, 0))`);
  const [last] = await tx
    .select()
    .from(accessLogSeals)
    .where(eq(accessLogSeals.tenantId, tenantId))
    .orderBy(desc(accessLogSeals.seq))
    .limit(1);
  const [legacy] = await tx.select().from(logLegacyEnds).where(eq(logLegacyEnds.tenantId, tenantId));
  report.refused = await whyNotExtend(tx, key, tenantId, last, legacy?.sealsThrough ?? 0);
  if (report.refused) return false;
  // The first keyed seal also takes rows from before the key that no seal took yet.
  const firstKeyed = (last?.seq ?? 0) <= (legacy?.sealsThrough ?? 0) && legacy !== undefined;
  const from = firstKeyed ? 0 : (last?.throughSeq ?? 0);
  const rows = rowsOf<LogRow>(
    await tx.execute(sql`
      select ${LOG_COLUMNS} from access_log a
       where a.tenant_id = ${tenantId} and a.seq > ${from} and a.seq <= ${bound}
         and not exists (select 1 from access_log_sealed s where s.tenant_id = a.tenant_id and s.log_seq = a.seq)
       order by a.seq limit ${SEAL_ROWS}`),
  );
  const sealable = rows.filter((row) => {
    const keyed = Number(row.seq) > (legacy?.readsThrough ?? 0);
    if (keyed && !rowMacsMatch(key, tenantId, row)) report.forged.push(Number(row.seq));
    else return true;
    return false;
  });
  if (sealable.length === 0) return false;
  const hashes = sealable.map((row) => rowHash(tenantId, row));
  const seal: SealFields = {
    tenantId,
    seq: (last?.seq ?? 0) + 1,
    sealedAt: now,
    rowCount: sealable.length,
    rowsHash: sha256Hex(hashes.join('\n')),
    prevHash: last?.hash ?? sealGenesis(tenantId),
    // Forged rows among these stay below the line: never sealed, reported as such.
    throughSeq: Math.max(last?.throughSeq ?? 0, ...rows.map((row) => Number(row.seq))),
  };
  await tx.execute(sql`
    select shequ_access_seal(${tenantId}::uuid, ${seal.seq}, ${now.toISOString()}::timestamptz, ${seal.rowCount}::int,
      ${seal.rowsHash}, ${seal.prevHash}, ${seal.throughSeq}, ${sealHash(key, seal)},
      ${JSON.stringify(sealable.map((row, i) => ({ log_seq: Number(row.seq), row_hash: hashes[i] })))}::jsonb)`);
  report.rows += sealable.length;
  return rows.length === SEAL_ROWS;
}

/**
 * Why the seal chain must not be extended as it stands, if it must not: its last seal does not
 * verify; rows are recorded as sealed by a seal that is gone (a seal was removed, its rows kept:
 * sealing them again would erase that); or a checkpoint in the database recorded a later or
 * different seal (the chain was cut back). Verification reports each in detail.
 */
async function whyNotExtend(
  tx: Transaction,
  key: LogKey,
  tenantId: string,
  last: typeof accessLogSeals.$inferSelect | undefined,
  sealsThrough: number,
): Promise<string | undefined> {
  if (last) {
    const { hash, ...fields } = last;
    if (sealHash(last.seq <= sealsThrough ? undefined : key, fields) !== hash)
      return `the last seal (${last.seq}) does not verify`;
  }
  const [orphan] = rowsOf<{ seal_seq: string | number }>(
    await tx.execute(sql`
      select seal_seq from access_log_sealed
       where tenant_id = ${tenantId} and seal_seq > ${last?.seq ?? 0} order by seal_seq limit 1`),
  );
  if (orphan) return `seal ${orphan.seal_seq} is missing, but reads are recorded as sealed by it`;
  const [point] = await tx
    .select()
    .from(logCheckpoints)
    .where(eq(logCheckpoints.tenantId, tenantId))
    .orderBy(desc(logCheckpoints.seq))
    .limit(1);
  if (!point || point.sealSeq === 0) return undefined;
  const checkpoint: Checkpoint = {
    tenantId,
    madeAt: new Date(point.madeAt).toISOString(),
    audit: { seq: point.auditSeq, hash: point.auditHash },
    seals: { seq: point.sealSeq, hash: point.sealHash },
  };
  if (!constantTimeEqualText(checkpointMac(key, checkpoint), point.mac))
    return `checkpoint ${point.seq} in the database does not verify`;
  const [recorded] = await tx
    .select({ hash: accessLogSeals.hash })
    .from(accessLogSeals)
    .where(sql`${accessLogSeals.tenantId} = ${tenantId} and ${accessLogSeals.seq} = ${point.sealSeq}`);
  if (recorded?.hash !== point.sealHash)
    return `checkpoint ${point.seq} recorded seal ${point.sealSeq}, which is ${recorded ? 'different now' : 'gone'}`;
  return undefined;
}

export interface SweepReport {
  tenants: number;
  rows: number;
  checkpoints: number;
  /** Tenants whose chains were not extended or checkpointed, and why. */
  refused: { tenantId: string; reason: string }[];
  /** Rows left unsealed because their MACs are not the app's. */
  forged: { tenantId: string; seqs: number[] }[];
}

/**
 * The cron sweep's log step: seals every tenant's access log, then checkpoints both of its chains
 * (a checkpoint is made only over chains that were not refused, so it never vouches for one cut back).
 */
export async function sealAllAccessLogs(db: Database, now: Date): Promise<SweepReport> {
  const rows = await db.select({ id: tenants.id }).from(tenants).orderBy(asc(tenants.slug));
  const report: SweepReport = { tenants: rows.length, rows: 0, checkpoints: 0, refused: [], forged: [] };
  for (const { id } of rows) {
    const sealed = await sealAccessLog(db, id, now);
    report.rows += sealed.rows;
    if (sealed.forged.length > 0) report.forged.push({ tenantId: id, seqs: sealed.forged });
    const checkpoint = sealed.refused
      ? { seq: null, refused: sealed.refused }
      : await makeCheckpoint(db, id, now);
    if (checkpoint.refused) report.refused.push({ tenantId: id, reason: checkpoint.refused });
    else if (checkpoint.seq !== null) report.checkpoints++;
  }
  return report;
}
