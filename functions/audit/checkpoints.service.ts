import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from '@oslojs/encoding';
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { logCheckpoints } from '../../schema';
import { canonicalJson } from '../platform/canonical';
import { constantTimeEqualText, type LogKey } from '../platform/crypto';
import { type Executor, logKeyOf, type Transaction, withTenant } from '../platform/db';
import { errorsOf, type Problem } from '../platform/errors';
import { auditErrors } from './audit.errors';
import { auditMessages } from './audit.messages';

/**
 * Checkpoints anchor the logs outside the database. The chains inside it are keyed, so nobody
 * without the key can edit or insert into them; but the database's owner can still cut a chain
 * back (remove its latest events or seals and rewind the head) or remove it whole, and what is
 * left verifies. A checkpoint is a signed statement (HMAC under the log key) of where both of a
 * city's chains stood at a time: the city's auditors download them and keep them elsewhere, and a
 * verification given one reports a chain now shorter than, or different from, what it recorded.
 * The sweep makes one whenever a head moved; those kept in the database are compared too, which
 * catches an owner who cut the chains and left the checkpoints — not one who removed those too.
 */
export interface Checkpoint {
  tenantId: string;
  /** ISO 8601, milliseconds. */
  madeAt: string;
  /** The audit chain's last event (0 and '' for none). */
  audit: { seq: number; hash: string };
  /** The access-log seal chain's last seal (0 and '' for none). */
  seals: { seq: number; hash: string };
}

const LABEL = 'shequ-log-checkpoint/v1';
const TOKEN_VERSION = 'cp1';

function canonical(checkpoint: Checkpoint): string {
  return canonicalJson({
    tenantId: checkpoint.tenantId,
    madeAt: new Date(checkpoint.madeAt).toISOString(),
    audit: { seq: checkpoint.audit.seq, hash: checkpoint.audit.hash },
    seals: { seq: checkpoint.seals.seq, hash: checkpoint.seals.hash },
  });
}

export const checkpointMac = (key: LogKey, checkpoint: Checkpoint) => key.mac(LABEL, canonical(checkpoint));

/** The checkpoint as one string an auditor keeps and hands back: `cp1.<base64url JSON>.<hex MAC>`. */
export function checkpointToken(checkpoint: Checkpoint, mac: string): string {
  return `${TOKEN_VERSION}.${encodeBase64urlNoPadding(new TextEncoder().encode(canonical(checkpoint)))}.${mac}`;
}

const Payload = z.object({
  tenantId: z.string(),
  madeAt: z.string(),
  audit: z.object({ seq: z.number().int().min(0), hash: z.string() }),
  seals: z.object({ seq: z.number().int().min(0), hash: z.string() }),
});

/** A kept checkpoint, read back: refused unless its MAC matches and it names this city. */
export function parseCheckpoint(key: LogKey, tenantId: string, token: string): Checkpoint {
  const [version, payload, mac, ...rest] = token.trim().split('.');
  if (version !== TOKEN_VERSION || !payload || !mac || rest.length > 0) throw auditErrors.checkpointInvalid();
  let parsed: z.infer<typeof Payload>;
  try {
    parsed = Payload.parse(JSON.parse(new TextDecoder().decode(decodeBase64urlIgnorePadding(payload))));
  } catch {
    throw auditErrors.checkpointInvalid();
  }
  if (!constantTimeEqualText(checkpointMac(key, parsed), mac) || parsed.tenantId !== tenantId)
    throw auditErrors.checkpointInvalid();
  return parsed;
}

/** Which city a kept checkpoint names, read without checking it (to sort kept ones by city). */
export function checkpointTenant(token: string): string | undefined {
  try {
    const payload = token.trim().split('.')[1] ?? '';
    return Payload.parse(JSON.parse(new TextDecoder().decode(decodeBase64urlIgnorePadding(payload))))
      .tenantId;
  } catch {
    return undefined;
  }
}

type CheckpointRow = typeof logCheckpoints.$inferSelect;

const fromRow = (row: CheckpointRow): Checkpoint => ({
  tenantId: row.tenantId,
  madeAt: new Date(row.madeAt).toISOString(),
  audit: { seq: row.auditSeq, hash: row.auditHash },
  seals: { seq: row.sealSeq, hash: row.sealHash },
});

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

/**
 * Writes a checkpoint of the city's two heads as they are now, unless neither moved since the last
 * one (or both chains are empty). Refused (with the reason) when the chains no longer reach the
 * heads the last checkpoint recorded, or it does not verify: a checkpoint never vouches for a
 * chain that was cut back.
 */
export async function makeCheckpoint(
  db: Executor,
  tenantId: string,
  now: Date,
): Promise<{ seq: number | null; refused?: string }> {
  const key = logKeyOf(db);
  return withTenant({ db, tenantId }, async (tx) => {
    // Both head locks (the seal chain's first, as the sweep takes them), so neither head moves
    // before the checkpoint naming them is written.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`access-log-seal|${tenantId}`}, 0))`,
    );
    const [heads] = rowsOf<{
      head_seq: string | number | null;
      head_hash: string | null;
      seal_seq: string | number | null;
      seal_hash: string | null;
    }>(
      await tx.execute(sql`
        select a.head_seq, a.head_hash, s.seq as seal_seq, s.hash as seal_hash
          from shequ_audit_head(${tenantId}::uuid) a
          left join lateral (select seq, hash from access_log_seals
                              where tenant_id = ${tenantId} order by seq desc limit 1) s on true`),
    );
    const checkpoint: Checkpoint = {
      tenantId,
      madeAt: now.toISOString(),
      audit: { seq: Number(heads?.head_seq ?? 0), hash: heads?.head_hash ?? '' },
      seals: { seq: Number(heads?.seal_seq ?? 0), hash: heads?.seal_hash ?? '' },
    };
    const previous = await lastCheckpoint(tx, key, tenantId);
    if (previous.refused) return { seq: null, refused: previous.refused };
    const last = previous.checkpoint;
    const unchanged =
      last &&
      last.audit.seq === checkpoint.audit.seq &&
      last.audit.hash === checkpoint.audit.hash &&
      last.seals.seq === checkpoint.seals.seq &&
      last.seals.hash === checkpoint.seals.hash;
    if (unchanged || (checkpoint.audit.seq === 0 && checkpoint.seals.seq === 0)) return { seq: null };
    const [made] = rowsOf<{ seq: string | number }>(
      await tx.execute(sql`
        select shequ_log_checkpoint(${tenantId}::uuid, ${checkpoint.madeAt}::timestamptz,
          ${checkpoint.audit.seq}, ${checkpoint.audit.hash}, ${checkpoint.seals.seq}, ${checkpoint.seals.hash},
          ${checkpointMac(key, checkpoint)}) as seq`),
    );
    return { seq: Number(made?.seq) };
  });
}

/** The newest checkpoint in the database, if it verifies and both chains still reach its heads. */
async function lastCheckpoint(
  tx: Transaction,
  key: LogKey,
  tenantId: string,
): Promise<{ checkpoint?: Checkpoint; refused?: string }> {
  const [row] = rowsOf<{
    seq: string | number;
    made_at: string;
    audit_seq: string | number;
    audit_hash: string;
    seal_seq: string | number;
    seal_hash: string;
    mac: string;
    event_hash: string | null;
    recorded_seal_hash: string | null;
  }>(
    await tx.execute(sql`
      select c.seq, c.made_at, c.audit_seq, c.audit_hash, c.seal_seq, c.seal_hash, c.mac,
             (select e.hash from audit_events e where e.tenant_id = c.tenant_id and e.seq = c.audit_seq) as event_hash,
             (select s.hash from access_log_seals s where s.tenant_id = c.tenant_id and s.seq = c.seal_seq)
               as recorded_seal_hash
        from log_checkpoints c where c.tenant_id = ${tenantId} order by c.seq desc limit 1`),
  );
  if (!row) return {};
  const checkpoint: Checkpoint = {
    tenantId,
    madeAt: new Date(row.made_at).toISOString(),
    audit: { seq: Number(row.audit_seq), hash: row.audit_hash },
    seals: { seq: Number(row.seal_seq), hash: row.seal_hash },
  };
  if (!constantTimeEqualText(checkpointMac(key, checkpoint), row.mac))
    return { refused: `checkpoint ${row.seq} in the database does not verify` };
  if (checkpoint.audit.seq > 0 && row.event_hash !== checkpoint.audit.hash)
    return {
      refused: `the audit chain no longer reaches event ${checkpoint.audit.seq} of checkpoint ${row.seq}`,
    };
  if (checkpoint.seals.seq > 0 && row.recorded_seal_hash !== checkpoint.seals.hash)
    return {
      refused: `the seal chain no longer reaches seal ${checkpoint.seals.seq} of checkpoint ${row.seq}`,
    };
  return { checkpoint };
}

export interface ListedCheckpoint extends Checkpoint {
  seq: number;
  token: string;
}

/** A page of the city's checkpoints, newest first, each with the token an auditor keeps. */
export async function listCheckpoints(
  db: Executor,
  tenantId: string,
  query: { before?: number | undefined; limit: number },
): Promise<ListedCheckpoint[]> {
  const rows = await db
    .select()
    .from(logCheckpoints)
    .where(
      and(
        eq(logCheckpoints.tenantId, tenantId),
        query.before ? lt(logCheckpoints.seq, query.before) : undefined,
      ),
    )
    .orderBy(desc(logCheckpoints.seq))
    .limit(query.limit);
  return rows.map((row) => ({
    seq: row.seq,
    ...fromRow(row),
    token: checkpointToken(fromRow(row), row.mac),
  }));
}

/** A checkpoint to compare a chain with: one kept in the database (`stored`, its number), or one handed in. */
export interface CheckpointSource {
  stored?: number;
  checkpoint: Checkpoint;
}

/**
 * The checkpoints kept in the database, to compare with: those whose MAC matches, and a problem
 * for each that does not (changed or inserted by someone without the key).
 */
export async function storedCheckpoints(
  db: Executor,
  tenantId: string,
): Promise<{ sources: CheckpointSource[]; forged: { seq: number; auditSeq: number; sealSeq: number }[] }> {
  const key = logKeyOf(db);
  const rows = await db.select().from(logCheckpoints).where(eq(logCheckpoints.tenantId, tenantId));
  const sources: CheckpointSource[] = [];
  const forged = [];
  for (const row of rows) {
    const checkpoint = fromRow(row);
    if (constantTimeEqualText(checkpointMac(key, checkpoint), row.mac))
      sources.push({ stored: row.seq, checkpoint });
    else forged.push({ seq: row.seq, auditSeq: row.auditSeq, sealSeq: row.sealSeq });
  }
  return { sources, forged };
}

const { problem } = errorsOf(auditMessages);

/**
 * What a chain contradicts in the checkpoints: a head a checkpoint recorded that is now gone (the
 * chain was cut back, or removed) or has another hash (the chain was rewritten). `hashes` are the
 * chain's entries by number, `last` its last number.
 */
export function contradictions(
  sources: readonly CheckpointSource[],
  chain: 'audit' | 'seals',
  hashes: ReadonlyMap<number, string>,
  last: number,
): (Problem & { seq: number })[] {
  const problems: (Problem & { seq: number })[] = [];
  for (const { stored, checkpoint } of sources) {
    const head = checkpoint[chain];
    if (head.seq === 0) continue;
    const which = {
      chain,
      recorded: head.seq,
      ...(stored === undefined ? {} : { checkpoint: stored }),
      madeAt: checkpoint.madeAt,
    };
    if (last < head.seq)
      problems.push({ seq: head.seq, ...problem('audit.chain_cut_back', { ...which, last }) });
    else if (hashes.get(head.seq) !== head.hash)
      problems.push({ seq: head.seq, ...problem('audit.chain_rewritten', which) });
  }
  return problems;
}
