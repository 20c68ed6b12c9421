import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { accessLog, changeEvents } from '../../schema';
import type { Principal } from '../auth/principal';
import type { Executor, Transaction } from '../platform/db';

/**
 * The next number of a per-tenant sequence. The upsert locks the tenant's counter row until the
 * transaction ends, so numbers are handed out in commit order: nobody can commit number N+1
 * while N is still uncommitted, and a reader paging by number never skips one.
 */
export async function nextSequence(tx: Transaction, tenantId: string, name: string): Promise<number> {
  const result = await tx.execute(sql`
    insert into sequence_heads (tenant_id, name, value) values (${tenantId}, ${name}, 1)
    on conflict (tenant_id, name) do update set value = sequence_heads.value + 1
    returning value`);
  const value = (result as unknown as { rows: { value: string | number }[] }).rows[0]?.value;
  return Number(value);
}

/** Reserves `count` consecutive numbers at once (same lock, same commit-order guarantee); returns the last. */
export async function reserveSequence(
  tx: Transaction,
  tenantId: string,
  name: string,
  count: number,
): Promise<number> {
  const result = await tx.execute(sql`
    insert into sequence_heads (tenant_id, name, value) values (${tenantId}, ${name}, ${count})
    on conflict (tenant_id, name) do update set value = sequence_heads.value + ${count}
    returning value`);
  return Number((result as unknown as { rows: { value: string | number }[] }).rows[0]?.value);
}

export async function emitChange(
  tx: Transaction,
  tenantId: string,
  event: {
    residentId: string;
    domainKey: string;
    fields: string[];
    kind: 'resident.registered' | 'facet.updated';
    version: number;
  },
  now: Date,
): Promise<number> {
  const seq = await nextSequence(tx, tenantId, 'change_feed');
  await tx.insert(changeEvents).values({ tenantId, seq, occurredAt: now, ...event });
  return seq;
}

export async function readChanges(db: Executor, tenantId: string, after: number, limit: number) {
  return db
    .select()
    .from(changeEvents)
    .where(and(eq(changeEvents.tenantId, tenantId), gt(changeEvents.seq, after)))
    .orderBy(asc(changeEvents.seq))
    .limit(limit);
}

/** One row per read of personal data, in the same transaction as the read. */
export async function logAccess(
  tx: Transaction,
  tenantId: string,
  entry: {
    actor: Principal;
    residentId: string;
    fields: string[];
    purpose: string;
    unmaskedIdNumber: boolean;
    operation: 'read' | 'search' | 'verify';
  },
  now: Date,
): Promise<void> {
  await tx.insert(accessLog).values({
    tenantId,
    occurredAt: now,
    actorKind: entry.actor.kind,
    actorId: entry.actor.id,
    departmentId: entry.actor.kind === 'api_client' ? entry.actor.departmentId : null,
    residentId: entry.residentId,
    fields: entry.fields,
    purpose: entry.purpose,
    unmaskedIdNumber: entry.unmaskedIdNumber,
    operation: entry.operation,
  });
}
