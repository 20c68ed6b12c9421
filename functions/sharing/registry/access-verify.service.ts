import { asc, eq, sql } from 'drizzle-orm';
import { accessLogSeals, logLegacyEnds } from '../../../schema';
import {
  type Checkpoint,
  contradictions,
  parseCheckpoint,
  storedCheckpoints,
} from '../../audit/checkpoints.service';
import { authorize } from '../../auth/authorize';
import type { Principal } from '../../auth/principal';
import { sha256Hex } from '../../platform/canonical';
import { type Database, type Executor, logKeyOf, withTenant } from '../../platform/db';
import {
  LOG_COLUMNS,
  type LogRow,
  rowHash,
  rowMacsMatch,
  rowsOf,
  sealGenesis,
  sealHash,
  UNSEALED_GRACE_MS,
} from './access-seal.service';

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
  /** The checkpoints the seal chain was compared with: those in the database, and the one given. */
  checkpoints: number;
}

type Entry = LogRow & {
  log_seq: string | number | null;
  seal_seq: string | number | null;
  row_hash: string | null;
  present: boolean;
  stale: boolean;
};

/**
 * Verifies the tenant's whole access log: every row's MACs (a row inserted or changed without the
 * log key, sealed or not; a copy of another), every sealed row against its seal (changed or
 * deleted since), every seal (changed, removed, out of chain, or gone while its rows remain), rows
 * a seal should cover and none does, rows left unsealed past the grace period, and the seal chain
 * against the checkpoints in the database and `kept`, one the city's auditor kept outside it (a
 * chain cut back, or rewritten, since). Rows and seals from before the log key are checked as
 * they were written.
 */
export async function verifyAccessLog(
  db: Executor,
  tenantId: string,
  now: Date,
  kept?: Checkpoint,
): Promise<AccessLogVerification> {
  const key = logKeyOf(db);
  return withTenant({ db, tenantId }, async (tx) => {
    const problems: AccessLogProblem[] = [];
    const [legacy] = await tx.select().from(logLegacyEnds).where(eq(logLegacyEnds.tenantId, tenantId));
    const seals = await tx
      .select()
      .from(accessLogSeals)
      .where(eq(accessLogSeals.tenantId, tenantId))
      .orderBy(asc(accessLogSeals.seq));
    const through = seals.at(-1)?.throughSeq ?? 0;
    const entries = rowsOf<Entry>(
      await tx.execute(sql`
        select s.log_seq, s.seal_seq, s.row_hash, a.seq is not null as present, ${LOG_COLUMNS},
               a.occurred_at < ${new Date(now.getTime() - UNSEALED_GRACE_MS).toISOString()}::timestamptz as stale
          from (select * from access_log where tenant_id = ${tenantId}) a
          full join (select * from access_log_sealed where tenant_id = ${tenantId}) s on s.log_seq = a.seq
         order by coalesce(a.seq, s.log_seq)`),
    );
    const bySeal = new Map<number, string[]>();
    const nonces = new Map<string, number>();
    let sealedRows = 0;
    let pendingRows = 0;
    for (const entry of entries) {
      const seq = Number(entry.present ? entry.seq : entry.log_seq);
      const row = (problem: string) => problems.push({ kind: 'row', seq, problem });
      const sealed = entry.log_seq !== null;
      if (sealed) {
        sealedRows++;
        const list = bySeal.get(Number(entry.seal_seq)) ?? [];
        list.push(entry.row_hash ?? '');
        bySeal.set(Number(entry.seal_seq), list);
      }
      if (!entry.present) {
        row('deleted after it was sealed');
        continue;
      }
      if (sealed && rowHash(tenantId, entry) !== entry.row_hash) row('contents changed after it was sealed');
      else if (seq > (legacy?.readsThrough ?? 0) && !rowMacsMatch(key, tenantId, entry))
        row('its MAC does not match: not written by the application, or changed since (without the log key)');
      if (entry.nonce !== null) {
        const first = nonces.get(entry.nonce);
        if (first !== undefined) row(`a copy of read ${first}`);
        else nonces.set(entry.nonce, seq);
      }
      if (sealed) continue;
      if (seq <= through)
        row(
          'no seal covers it, though later reads are sealed: its seal entry was removed, or it was inserted afterwards',
        );
      else if (entry.stale) row('not sealed within the grace period');
      else pendingRows++;
    }
    const sealHashes = new Map<number, string>();
    let previous = sealGenesis(tenantId);
    let expected = 1;
    for (const seal of seals) {
      const problem = (text: string) => problems.push({ kind: 'seal', seq: seal.seq, problem: text });
      if (seal.seq !== expected)
        problems.push({
          kind: 'seal',
          seq: expected,
          problem: `missing seal(s) ${expected}–${seal.seq - 1}`,
        });
      const hashes = bySeal.get(seal.seq) ?? [];
      bySeal.delete(seal.seq);
      if (hashes.length !== seal.rowCount || sha256Hex(hashes.join('\n')) !== seal.rowsHash)
        problem('its rows do not match what was sealed');
      if (seal.prevHash !== previous) problem('does not follow the previous seal');
      const { hash, ...fields } = seal;
      if (sealHash(seal.seq <= (legacy?.sealsThrough ?? 0) ? undefined : key, fields) !== hash)
        problem('the seal was changed after it was written');
      sealHashes.set(seal.seq, hash);
      previous = hash;
      expected = seal.seq + 1;
    }
    for (const [seq, rows] of bySeal)
      problems.push({
        kind: 'seal',
        seq,
        problem: `missing, but ${rows.length} read(s) are recorded as sealed by it`,
      });
    const stored = await storedCheckpoints(tx, tenantId);
    const sources = [...stored.sources, ...(kept ? [{ checkpoint: kept }] : [])];
    for (const { seq, message } of contradictions(sources, 'seals', sealHashes, seals.at(-1)?.seq ?? 0))
      problems.push({ kind: 'seal', seq, problem: message });
    return {
      tenantId,
      ok: problems.length === 0,
      seals: seals.length,
      sealedRows,
      pendingRows,
      problems,
      checkpoints: sources.length,
    };
  });
}

/** The auditor's verify: allowed with `audit.read` in the tenant; `checkpointToken` is one they kept. */
export async function verifyAccessLogAs(
  ctx: { db: Database; tenant: { id: string }; actor: Principal; now: () => Date },
  checkpointToken?: string,
): Promise<AccessLogVerification> {
  await authorize(ctx.db, ctx.actor, 'audit.read', { tenantId: ctx.tenant.id });
  const kept = checkpointToken
    ? parseCheckpoint(logKeyOf(ctx.db), ctx.tenant.id, checkpointToken)
    : undefined;
  return verifyAccessLog(ctx.db, ctx.tenant.id, ctx.now(), kept);
}
