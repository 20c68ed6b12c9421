import { and, asc, desc, eq, lt } from 'drizzle-orm';
import { auditEvents, auditHeads } from '../../schema';
import type { ServiceContext } from '../auth/context';
import { actorOf } from '../auth/principal';
import { canonicalJson, sha256Hex } from '../platform/canonical';
import type { Executor, Transaction } from '../platform/db';
import { errorsOf, type Problem } from '../platform/errors';
import type { Params } from '../platform/messages';
import { auditMessages } from './audit.messages';

export interface AuditEntry {
  actor: { kind: string; id: string };
  action: string;
  targetType: string;
  targetId: string;
  details?: Record<string, unknown>;
}

export type AuditEventRow = typeof auditEvents.$inferSelect;

const genesis = (tenantId: string) => sha256Hex(`shequ-audit-genesis:${tenantId}`);

function digest(row: Omit<AuditEventRow, 'hash'>): string {
  return sha256Hex(
    canonicalJson({
      tenantId: row.tenantId,
      seq: row.seq,
      occurredAt: new Date(row.occurredAt).toISOString(),
      actorKind: row.actorKind,
      actorId: row.actorId,
      action: row.action,
      targetType: row.targetType,
      targetId: row.targetId,
      details: row.details,
      prevHash: row.prevHash,
    }),
  );
}

/**
 * Appends to the tenant's chain inside the caller's transaction (the same one as the change it
 * records). Locking the head serializes appends per tenant, so the chain never forks.
 */
export async function appendAudit(
  tx: Transaction,
  tenantId: string,
  entry: AuditEntry,
  now: Date,
): Promise<AuditEventRow> {
  const [head] = await tx.select().from(auditHeads).where(eq(auditHeads.tenantId, tenantId)).for('update');
  const row = {
    tenantId,
    seq: (head?.seq ?? 0) + 1,
    occurredAt: now.toISOString(),
    actorKind: entry.actor.kind,
    actorId: entry.actor.id,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    details: entry.details ?? {},
    prevHash: head?.hash ?? genesis(tenantId),
  };
  const hash = digest(row);
  const [inserted] = await tx
    .insert(auditEvents)
    .values({ ...row, hash })
    .returning();
  if (head) await tx.update(auditHeads).set({ seq: row.seq, hash }).where(eq(auditHeads.tenantId, tenantId));
  else await tx.insert(auditHeads).values({ tenantId, seq: row.seq, hash });
  if (!inserted) throw new Error('audit insert returned no row');
  return inserted;
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
}

const { problem } = errorsOf(auditMessages);

/** Recomputes the chain: an edited row breaks its hash, a deleted one breaks the sequence or the head. */
export async function verifyAuditChain(db: Executor, tenantId: string): Promise<AuditVerification> {
  const rows = await db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.tenantId, tenantId))
    .orderBy(asc(auditEvents.seq));
  const [head] = await db.select().from(auditHeads).where(eq(auditHeads.tenantId, tenantId));
  const problems: AuditVerification['problems'] = [];
  const found = (seq: number, { message, ...coded }: Problem) =>
    problems.push({ seq, ...coded, problem: message });
  let previous = genesis(tenantId);
  let expectedSeq = 1;
  for (const row of rows) {
    if (row.seq !== expectedSeq)
      found(expectedSeq, problem('audit.events_missing', { from: expectedSeq, to: row.seq - 1 }));
    if (row.prevHash !== previous) found(row.seq, problem('audit.chain_broken'));
    if (digest(row) !== row.hash) found(row.seq, problem('audit.contents_changed'));
    previous = row.hash;
    expectedSeq = row.seq + 1;
  }
  const last = rows.at(-1);
  if (head && (!last || head.seq !== last.seq || head.hash !== last.hash)) {
    found(head.seq, problem('audit.latest_removed'));
  }
  if (!head && rows.length > 0) found(0, problem('audit.head_missing'));
  return { tenantId, ok: problems.length === 0, events: rows.length, problems };
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
