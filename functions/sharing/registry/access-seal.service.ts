import { asc, eq, sql } from 'drizzle-orm';
import { accessLogSeals, tenants } from '../../../schema';
import { authorize } from '../../auth/authorize';
import type { Principal } from '../../auth/principal';
import { canonicalJson, sha256Hex } from '../../platform/canonical';
import { type Database, type Executor, type Transaction, withTenant } from '../../platform/db';

/**
 * Tamper evidence for the access log (invariant 7). Pulls append to the log without any
 * per-tenant lock; a sweep then seals, per tenant under the tenant's seal lock, every row not
 * sealed yet. A seal records each row's hash, the hash over those rows, and the previous seal's
 * hash, so editing or deleting a sealed row (or a seal) breaks a hash that verification
 * recomputes. Rows left unsealed longer than `UNSEALED_GRACE_MS` are reported too: a row deleted
 * before its seal leaves no trace, so the sweep must keep up.
 */

/** The cron sweep runs every 5 minutes; a row still unsealed after three sweeps is reported. */
export const UNSEALED_GRACE_MS = 15 * 60 * 1000;
/** Rows per seal; a sweep writes as many seals as it needs. */
const SEAL_ROWS = 5000;

const genesis = (tenantId: string) => sha256Hex(`shequ-access-log-genesis:${tenantId}`);

interface LogRow {
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
}

/** The columns a row's hash covers, read exactly (the timestamp in microseconds, as stored). */
const LOG_COLUMNS =
  sql.raw(`a.seq, (extract(epoch from a.occurred_at) * 1000000)::bigint::text as occurred_us,
  a.actor_kind, a.actor_id, a.department_id, a.resident_id, a.fields, a.purpose, a.unmasked_id_number, a.operation`);

function rowHash(tenantId: string, row: LogRow): string {
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
    }),
  );
}

function sealHash(seal: {
  tenantId: string;
  seq: number;
  sealedAt: Date;
  rowCount: number;
  rowsHash: string;
  prevHash: string;
}): string {
  return sha256Hex(canonicalJson({ ...seal, sealedAt: seal.sealedAt.toISOString() }));
}

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

/** Seals every row of the tenant's access log not sealed yet; returns how many rows it sealed. */
export async function sealAccessLog(db: Executor, tenantId: string, now: Date): Promise<number> {
  let sealed = 0;
  for (;;) {
    const count = await withTenant({ db, tenantId }, (tx) => sealOnce(tx, tenantId, now));
    sealed += count;
    if (count < SEAL_ROWS) return sealed;
  }
}

async function sealOnce(tx: Transaction, tenantId: string, now: Date): Promise<number> {
  // The seal head lock: one sealer per tenant at a time, so the chain never forks.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`access-log-seal|${tenantId}`}, 0))`);
  const rows = rowsOf<LogRow>(
    await tx.execute(sql`
      select ${LOG_COLUMNS} from access_log a
       where a.tenant_id = ${tenantId}
         and not exists (select 1 from access_log_sealed s where s.tenant_id = a.tenant_id and s.log_seq = a.seq)
       order by a.seq limit ${SEAL_ROWS}`),
  );
  if (rows.length === 0) return 0;
  const [last] = await tx
    .select({ seq: accessLogSeals.seq, hash: accessLogSeals.hash })
    .from(accessLogSeals)
    .where(eq(accessLogSeals.tenantId, tenantId))
    .orderBy(sql`${accessLogSeals.seq} desc`)
    .limit(1);
  const hashes = rows.map((row) => rowHash(tenantId, row));
  const seal = {
    tenantId,
    seq: (last?.seq ?? 0) + 1,
    sealedAt: now,
    rowCount: rows.length,
    rowsHash: sha256Hex(hashes.join('\n')),
    prevHash: last?.hash ?? genesis(tenantId),
  };
  await tx.insert(accessLogSeals).values({ ...seal, hash: sealHash(seal) });
  await tx.execute(sql`
    insert into access_log_sealed (tenant_id, log_seq, seal_seq, row_hash)
    select ${tenantId}::uuid, r.log_seq, ${seal.seq}::bigint, r.row_hash
      from jsonb_to_recordset(${JSON.stringify(rows.map((row, i) => ({ log_seq: Number(row.seq), row_hash: hashes[i] })))}::jsonb)
        as r(log_seq bigint, row_hash text)`);
  return rows.length;
}

/** Seals every tenant's access log (the cron sweep). */
export async function sealAllAccessLogs(db: Database, now: Date): Promise<{ tenants: number; rows: number }> {
  const rows = await db.select({ id: tenants.id }).from(tenants).orderBy(asc(tenants.slug));
  let sealed = 0;
  for (const row of rows) sealed += await sealAccessLog(db, row.id, now);
  return { tenants: rows.length, rows: sealed };
}

export interface AccessLogProblem {
  /** `row`: an access-log row (by its number); `seal`: a seal (by its number). */
  kind: 'row' | 'seal';
  seq: number;
  problem: string;
}

export interface AccessLogVerification {
  tenantId: string;
  ok: boolean;
  seals: number;
  sealedRows: number;
  /** Rows written within the grace period and not sealed yet: expected, not a problem. */
  pendingRows: number;
  problems: AccessLogProblem[];
}

/**
 * Recomputes every seal of the tenant: a sealed row edited or deleted, a seal edited, removed or
 * out of chain, and rows left unsealed longer than the grace period are each reported.
 */
export async function verifyAccessLog(
  db: Executor,
  tenantId: string,
  now: Date,
): Promise<AccessLogVerification> {
  return withTenant({ db, tenantId }, async (tx) => {
    const problems: AccessLogProblem[] = [];
    const seals = await tx
      .select()
      .from(accessLogSeals)
      .where(eq(accessLogSeals.tenantId, tenantId))
      .orderBy(asc(accessLogSeals.seq));
    const members = rowsOf<
      LogRow & { log_seq: string | number; seal_seq: string | number; row_hash: string; present: boolean }
    >(
      await tx.execute(sql`
        select s.log_seq, s.seal_seq, s.row_hash, a.seq is not null as present, ${LOG_COLUMNS}
          from access_log_sealed s
          left join access_log a on a.tenant_id = s.tenant_id and a.seq = s.log_seq
         where s.tenant_id = ${tenantId}
         order by s.seal_seq, s.log_seq`),
    );
    const bySeal = new Map<number, string[]>();
    for (const member of members) {
      const logSeq = Number(member.log_seq);
      const sealSeq = Number(member.seal_seq);
      if (!member.present)
        problems.push({ kind: 'row', seq: logSeq, problem: 'deleted after it was sealed' });
      else if (rowHash(tenantId, member) !== member.row_hash)
        problems.push({ kind: 'row', seq: logSeq, problem: 'contents changed after it was sealed' });
      const list = bySeal.get(sealSeq) ?? [];
      list.push(member.row_hash);
      bySeal.set(sealSeq, list);
    }
    let previous = genesis(tenantId);
    let expected = 1;
    for (const seal of seals) {
      if (seal.seq !== expected)
        problems.push({
          kind: 'seal',
          seq: expected,
          problem: `missing seal(s) ${expected}–${seal.seq - 1}`,
        });
      const hashes = bySeal.get(seal.seq) ?? [];
      if (hashes.length !== seal.rowCount || sha256Hex(hashes.join('\n')) !== seal.rowsHash)
        problems.push({ kind: 'seal', seq: seal.seq, problem: 'its rows do not match what was sealed' });
      if (seal.prevHash !== previous)
        problems.push({ kind: 'seal', seq: seal.seq, problem: 'does not follow the previous seal' });
      const { hash, ...fields } = seal;
      if (sealHash(fields) !== hash)
        problems.push({ kind: 'seal', seq: seal.seq, problem: 'the seal was changed after it was written' });
      previous = hash;
      expected = seal.seq + 1;
    }
    const unsealed = rowsOf<{ seq: string | number; stale: boolean }>(
      await tx.execute(sql`
        select a.seq, a.occurred_at < ${new Date(now.getTime() - UNSEALED_GRACE_MS).toISOString()}::timestamptz as stale
          from access_log a
         where a.tenant_id = ${tenantId}
           and not exists (select 1 from access_log_sealed s where s.tenant_id = a.tenant_id and s.log_seq = a.seq)
         order by a.seq`),
    );
    for (const row of unsealed.filter((candidate) => candidate.stale))
      problems.push({ kind: 'row', seq: Number(row.seq), problem: 'not sealed within the grace period' });
    return {
      tenantId,
      ok: problems.length === 0,
      seals: seals.length,
      sealedRows: members.length,
      pendingRows: unsealed.filter((row) => !row.stale).length,
      problems,
    };
  });
}

/** The auditor's verify: allowed with `audit.read` in the tenant. */
export async function verifyAccessLogAs(ctx: {
  db: Database;
  tenant: { id: string };
  actor: Principal;
  now: () => Date;
}): Promise<AccessLogVerification> {
  await authorize(ctx.db, ctx.actor, 'audit.read', { tenantId: ctx.tenant.id });
  return verifyAccessLog(ctx.db, ctx.tenant.id, ctx.now());
}
