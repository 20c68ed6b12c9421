import { and, asc, eq, exists, gt, isNull, lte, or, sql } from 'drizzle-orm';
import { webhookDeliveries, webhookSubscriptions } from '../../../schema';
import type { Transaction } from '../../platform/db';

/** A subscription a sweep holds the lease of, with its receiver's backoff state. */
export interface LeasedSubscription {
  id: string;
  url: string;
  secretEncrypted: string;
  failures: number;
  failingSince: Date | null;
  leasedUntil: Date;
}

export interface PendingDelivery {
  id: string;
  eventSeq: number;
  residentId: string;
  payload: Record<string, unknown>;
  attempts: number;
  firstAttemptAt: Date | null;
  nextAttemptAt: Date;
}

const pending = sql`${webhookDeliveries.status} = 'pending'`; // literal, so the partial index applies

const free = (now: Date) =>
  and(
    eq(webhookSubscriptions.status, 'active'),
    or(isNull(webhookSubscriptions.retryAt), lte(webhookSubscriptions.retryAt, now)),
    or(isNull(webhookSubscriptions.leasedUntil), lte(webhookSubscriptions.leasedUntil, now)),
  );

/** Active subscriptions of a city with something due, not backing off and not held by a sweep. */
export function dueSubscriptions(tx: Transaction, tenantId: string, now: Date) {
  return tx
    .select({ id: webhookSubscriptions.id, servedAt: webhookSubscriptions.servedAt })
    .from(webhookSubscriptions)
    .where(
      and(
        eq(webhookSubscriptions.tenantId, tenantId),
        free(now),
        exists(
          tx
            .select({ one: sql`1` })
            .from(webhookDeliveries)
            .where(
              and(
                eq(webhookDeliveries.subscriptionId, webhookSubscriptions.id),
                pending,
                lte(webhookDeliveries.nextAttemptAt, now),
              ),
            ),
        ),
      ),
    );
}

/**
 * Takes the subscription for one sender until `until`, if it is still free. SKIP LOCKED: a row held
 * by another sweep's fan-out or lease is simply not taken this time.
 */
export async function leaseSubscription(
  tx: Transaction,
  id: string,
  now: Date,
  until: Date,
): Promise<LeasedSubscription | undefined> {
  const [candidate] = await tx
    .select({ id: webhookSubscriptions.id })
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.id, id), free(now)))
    .for('update', { skipLocked: true });
  if (!candidate) return undefined;
  const [row] = await tx
    .update(webhookSubscriptions)
    .set({ leasedUntil: until })
    .where(eq(webhookSubscriptions.id, id))
    .returning({
      id: webhookSubscriptions.id,
      url: webhookSubscriptions.url,
      secretEncrypted: webhookSubscriptions.secretEncrypted,
      failures: webhookSubscriptions.failures,
      failingSince: webhookSubscriptions.failingSince,
    });
  return row ? { ...row, leasedUntil: until } : undefined;
}

/** Gives the lease back, unless it has expired and another sweep holds it now. */
export async function releaseSubscription(tx: Transaction, lease: LeasedSubscription, now: Date) {
  await tx
    .update(webhookSubscriptions)
    .set({ leasedUntil: null, servedAt: now })
    .where(
      and(eq(webhookSubscriptions.id, lease.id), eq(webhookSubscriptions.leasedUntil, lease.leasedUntil)),
    );
}

/** The subscription's pending deliveries after a sequence number, due or not, in sequence order. */
export function pendingAfter(
  tx: Transaction,
  subscriptionId: string,
  afterSeq: number,
  limit: number,
): Promise<PendingDelivery[]> {
  return tx
    .select({
      id: webhookDeliveries.id,
      eventSeq: webhookDeliveries.eventSeq,
      residentId: webhookDeliveries.residentId,
      payload: webhookDeliveries.payload,
      attempts: webhookDeliveries.attempts,
      firstAttemptAt: webhookDeliveries.firstAttemptAt,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
    })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.subscriptionId, subscriptionId),
        pending,
        gt(webhookDeliveries.eventSeq, afterSeq),
      ),
    )
    .orderBy(asc(webhookDeliveries.eventSeq))
    .limit(limit);
}

export async function markDelivered(tx: Transaction, delivery: PendingDelivery, now: Date) {
  await tx
    .update(webhookDeliveries)
    .set({
      status: 'delivered',
      deliveredAt: now,
      attempts: delivery.attempts + 1,
      firstAttemptAt: delivery.firstAttemptAt ?? now,
      lastError: null,
    })
    .where(eq(webhookDeliveries.id, delivery.id));
}

export async function markFailed(
  tx: Transaction,
  delivery: PendingDelivery,
  failure: { error: string; dead: boolean; firstAttemptAt: Date; nextAttemptAt: Date },
) {
  await tx
    .update(webhookDeliveries)
    .set({
      status: failure.dead ? 'dead' : 'pending',
      attempts: delivery.attempts + 1,
      firstAttemptAt: failure.firstAttemptAt,
      lastError: failure.error.slice(0, 500),
      nextAttemptAt: failure.nextAttemptAt,
    })
    .where(eq(webhookDeliveries.id, delivery.id));
}

/** Records the receiver's state: its failure streak and when it may be tried again. */
export async function setReceiverState(
  tx: Transaction,
  subscriptionId: string,
  state: { failures: number; failingSince: Date | null; retryAt: Date | null },
) {
  await tx.update(webhookSubscriptions).set(state).where(eq(webhookSubscriptions.id, subscriptionId));
}

/**
 * Dead-letters, at once, every pending delivery that has been due (or first tried) since before
 * `cutoff`: called when the receiver has failed every attempt for the whole retry window, so none
 * of them could have been delivered in it.
 */
export async function deadLetterStale(
  tx: Transaction,
  subscriptionId: string,
  cutoff: Date,
  error: string,
): Promise<number> {
  const rows = await tx
    .update(webhookDeliveries)
    .set({ status: 'dead', lastError: error.slice(0, 500) })
    .where(
      and(
        eq(webhookDeliveries.subscriptionId, subscriptionId),
        pending,
        sql`coalesce(${webhookDeliveries.firstAttemptAt}, ${webhookDeliveries.nextAttemptAt}) <= ${cutoff.toISOString()}::timestamptz`,
      ),
    )
    .returning({ id: webhookDeliveries.id });
  return rows.length;
}
