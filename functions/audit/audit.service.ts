import { and, asc, desc, eq, lt, sql } from 'drizzle-orm';
import { auditEvents, auditHeads, logLegacyEnds } from '../../schema';
import type { ServiceContext } from '../auth/context';
import { actorOf } from '../auth/principal';
import { type Executor, logKeyOf, type Transaction } from '../platform/db';
import { errorsOf, type Problem } from '../platform/errors';
import type { Params } from '../platform/messages';
import { auditMessages } from './audit.messages';
import { auditGenesis, eventHash } from './audit-chain';
import { type Checkpoint, contradictions, storedCheckpoints } from './checkpoints.service';

export interface AuditEntry {
  actor: { kind: string; id: string };
  action: string;
  targetType: string;
  targetId: string;
  details?: Record<string, unknown>;
}

export type AuditEventRow = typeof auditEvents.$inferSelect;

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

/**
 * Appends to the tenant's chain inside the caller's transaction (the same one as the change it
 * records). `shequ_audit_head` takes the tenant's append lock and reads the head; the event's hash
 * is an HMAC under the log key over the event and the head's hash; `shequ_audit_append` (the only
 * way the application can write the trail) checks it follows the head and writes it. Two round
 * trips, as the lock, insert and head update were three.
 */
export async function appendAudit(
  tx: Transaction,
  tenantId: string,
  entry: AuditEntry,
  now: Date,
): Promise<AuditEventRow> {
  const key = logKeyOf(tx);
  const [head] = rowsOf<{ head_seq: string | number | null; head_hash: string | null }>(
    await tx.execute(sql`select head_seq, head_hash from shequ_audit_head(${tenantId}::uuid)`),
  );
  const row = {
    tenantId,
    seq: Number(head?.head_seq ?? 0) + 1,
    occurredAt: now.toISOString(),
    actorKind: entry.actor.kind,
    actorId: entry.actor.id,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    // As the database will hand it back (a Date becomes its ISO text, undefined members go).
    details: JSON.parse(JSON.stringify(entry.details ?? {})) as Record<string, unknown>,
    prevHash: head?.head_hash ?? auditGenesis(tenantId),
  };
  const hash = eventHash(key, row);
  await tx.execute(sql`
    select shequ_audit_append(${tenantId}::uuid, ${row.seq}, ${row.occurredAt}::timestamptz, ${row.actorKind},
      ${row.actorId}, ${row.action}, ${row.targetType}, ${row.targetId}, ${JSON.stringify(row.details)}::jsonb,
      ${row.prevHash}, ${hash})`);
  return { ...row, hash };
}

/**
 * The audit rule made easy: the row that records a mutation, written in the mutation's own
 * transaction, naming the context's actor and time. Every mutating verb writes this or a change
 * event (`test/node/audit/every-mutation-recorded.test.ts` walks the mutating routes).
 */
export function recordAudit(
  ctx: Pick<ServiceContext, 'tenant' | 'actor' | 'now'>,
  tx: Transaction,
  action: string,
  target: { type: string; id: string },
  details?: Record<string, unknown>,
): Promise<AuditEventRow> {
  return appendAudit(
    tx,
    ctx.tenant.id,
    {
      actor: actorOf(ctx.actor),
      action,
      targetType: target.type,
      targetId: target.id,
      ...(details ? { details } : {}),
    },
    ctx.now(),
  );
}

export interface AuditVerification {
  tenantId: string;
  ok: boolean;
  events: number;
  /** `problem` is the English of `code` (kept for callers from before codes). */
  problems: { seq: number; code: string; params?: Params; problem: string }[];
  /** The checkpoints the chain was compared with: those in the database, and the one given. */
  checkpoints: number;
}

const { problem } = errorsOf(auditMessages);

/**
 * Recomputes the chain: an edited event breaks its MAC (and no one without the key can re-chain
 * the events after it), a deleted one breaks the sequence or the head, and a chain cut back or
 * removed contradicts a checkpoint — those kept in the database and `kept`, one the city's
 * auditor kept outside it. Events before the city's switch-over to the key are checked as they
 * were written (plain SHA-256).
 */
export async function verifyAuditChain(
  db: Executor,
  tenantId: string,
  kept?: Checkpoint,
): Promise<AuditVerification> {
  const key = logKeyOf(db);
  const rows = await db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.tenantId, tenantId))
    .orderBy(asc(auditEvents.seq));
  const [head] = await db.select().from(auditHeads).where(eq(auditHeads.tenantId, tenantId));
  const [legacy] = await db.select().from(logLegacyEnds).where(eq(logLegacyEnds.tenantId, tenantId));
  const legacyThrough = legacy?.auditThrough ?? 0;
  const problems: AuditVerification['problems'] = [];
  const found = (seq: number, { message, ...coded }: Problem) =>
    problems.push({ seq, ...coded, problem: message });
  let previous = auditGenesis(tenantId);
  let expectedSeq = 1;
  const hashes = new Map<number, string>();
  for (const row of rows) {
    if (row.seq !== expectedSeq)
      found(expectedSeq, problem('audit.events_missing', { from: expectedSeq, to: row.seq - 1 }));
    if (row.prevHash !== previous) found(row.seq, problem('audit.chain_broken'));
    if (eventHash(row.seq <= legacyThrough ? undefined : key, row) !== row.hash)
      found(row.seq, problem('audit.contents_changed'));
    hashes.set(row.seq, row.hash);
    previous = row.hash;
    expectedSeq = row.seq + 1;
  }
  const last = rows.at(-1);
  if (head && (!last || head.seq !== last.seq || head.hash !== last.hash)) {
    found(head.seq, problem('audit.latest_removed'));
  }
  if (!head && rows.length > 0) found(0, problem('audit.head_missing'));
  const stored = await storedCheckpoints(db, tenantId);
  for (const forged of stored.forged)
    found(forged.auditSeq, problem('audit.checkpoint_forged', { checkpoint: forged.seq }));
  const sources = [...stored.sources, ...(kept ? [{ checkpoint: kept }] : [])];
  for (const { seq, ...coded } of contradictions(sources, 'audit', hashes, last?.seq ?? 0)) found(seq, coded);
  return { tenantId, ok: problems.length === 0, events: rows.length, problems, checkpoints: sources.length };
}

export async function listAuditEvents(
  db: Executor,
  tenantId: string,
  query: { before?: number | undefined; limit: number },
) {
  return db
    .select()
    .from(auditEvents)
    .where(
      and(eq(auditEvents.tenantId, tenantId), query.before ? lt(auditEvents.seq, query.before) : undefined),
    )
    .orderBy(desc(auditEvents.seq))
    .limit(query.limit);
}
