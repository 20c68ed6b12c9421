import { and, eq } from 'drizzle-orm';
import { tenants, webhookDeliveries, webhookSubscriptions } from '../../../schema';
import type { Principal } from '../../auth/principal';
import { decryptText } from '../../platform/crypto';
import { todayIn } from '../../platform/dates';
import { type Database, type Transaction, withTenant } from '../../platform/db';
import type { TenantRow } from '../../platform/tenancy';
import { loadCatalog } from '../catalog/catalog.service';
import { readChanges } from '../ledger';
import { readableByResident, readScope } from '../registry/readable';
import {
  backoffMs,
  DELIVERY_TIMEOUT_MS,
  type Outcome,
  postDelivery,
  RETRY_WINDOW_MS,
  type Resolve,
  receiverProblem,
  resolveAll,
} from './webhook-delivery';
import {
  deadLetterStale,
  dueSubscriptions,
  type LeasedSubscription,
  leaseSubscription,
  markDelivered,
  markFailed,
  type PendingDelivery,
  pendingAfter,
  releaseSubscription,
  setReceiverState,
} from './webhooks.repository';

export interface SweepLimits {
  /** Receivers sent to at once. Workers allow six open connections per invocation, the database's included. */
  concurrency: number;
  /** Deliveries to one subscription per sweep. */
  perSubscription: number;
  /** Wall time one subscription gets per sweep before it yields (a send already started finishes). */
  subscriptionMs: number;
  /** Wall time after which no further subscription is started; the least recently served go first next time. */
  sweepMs: number;
}

const DEFAULT_LIMITS: SweepLimits = {
  concurrency: 4,
  perSubscription: 500,
  subscriptionMs: 30_000,
  sweepMs: 120_000,
};
const BATCH = 100;

export interface SweepDeps {
  db: Database;
  now: () => Date;
  fetch: typeof fetch;
  dataKey: string | undefined;
  /** Plain http and local receivers, as in development and tests; otherwise each name is resolved and checked when sending. */
  allowLocalReceivers: boolean;
  resolve?: Resolve;
  timeoutMs?: number;
  limits?: Partial<SweepLimits>;
}

export interface SweepReport {
  fannedOut: number;
  /** Subscriptions a sender was run for. */
  receivers: number;
  delivered: number;
  failed: number;
  dead: number;
  /** Senders that stopped on an error (the database, typically); their subscriptions are retried next sweep. */
  errors: string[];
}

type Tally = Pick<SweepReport, 'delivered' | 'failed' | 'dead'>;

/**
 * The cron sweep: turns new change events into deliveries (per subscription, only events with
 * fields the department may read), then sends what is due, each subscription on its own: its own
 * budget and backoff, one sender at a time (a lease, so overlapping sweeps never send its deliveries
 * twice at once), up to `concurrency` receivers in parallel, each delivery's outcome committed as
 * soon as it is known. A resident's later event waits while an earlier one is undelivered; a
 * healthy receiver gets a resident's pending events one after the other in the same sweep.
 */
export async function runWebhookSweep(deps: SweepDeps): Promise<SweepReport> {
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  const started = Date.now();
  const report: SweepReport = { fannedOut: 0, receivers: 0, delivered: 0, failed: 0, dead: 0, errors: [] };
  const due: { tenant: TenantRow; id: string; servedAt: Date | null }[] = [];
  for (const tenant of await deps.db.select().from(tenants)) {
    report.fannedOut += await fanOut(deps, tenant);
    const rows = await withTenant({ db: deps.db, tenantId: tenant.id }, (tx) =>
      dueSubscriptions(tx, tenant.id, deps.now()),
    );
    due.push(...rows.map((row) => ({ tenant, ...row })));
  }
  const dataKey = deps.dataKey;
  if (!dataKey) return report; // no key, no secrets to sign with: the deliveries wait
  due.sort((a, b) => (a.servedAt?.getTime() ?? 0) - (b.servedAt?.getTime() ?? 0));
  await eachAtMost(limits.concurrency, due, async ({ tenant, id }) => {
    if (Date.now() - started >= limits.sweepMs) return;
    try {
      const tally = await serveSubscription({ ...deps, dataKey }, limits, tenant, id);
      if (!tally) return;
      report.receivers += 1;
      report.delivered += tally.delivered;
      report.failed += tally.failed;
      report.dead += tally.dead;
    } catch (error) {
      report.errors.push(`${id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  return report;
}

async function eachAtMost<T>(limit: number, items: T[], work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

type SendDeps = SweepDeps & { dataKey: string };

/** One subscription's turn: lease it, send what is due, give the lease back. */
async function serveSubscription(
  deps: SendDeps,
  limits: SweepLimits,
  tenant: TenantRow,
  subscriptionId: string,
): Promise<Tally | undefined> {
  const db = { db: deps.db, tenantId: tenant.id };
  const timeoutMs = deps.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  // Longer than the turn can last (its time, then one last send's timeout), so it never lapses mid-turn.
  const until = new Date(deps.now().getTime() + limits.subscriptionMs + timeoutMs + 30_000);
  const lease = await withTenant(db, (tx) => leaseSubscription(tx, subscriptionId, deps.now(), until));
  if (!lease) return undefined;
  const release = () => withTenant(db, (tx) => releaseSubscription(tx, lease, deps.now()));
  let tally: Tally;
  try {
    tally = await sendDue(deps, { ...limits, timeoutMs }, db, lease);
  } catch (error) {
    // Were the database gone, the lease simply lapses; the error that stopped the turn is the news.
    await release().catch(() => undefined);
    throw error;
  }
  await release();
  return tally;
}

/**
 * Sends the subscription's due deliveries in sequence order. Reading every pending row in order
 * (due or not) lets one pass keep per-resident order: a resident whose earlier event is not due or
 * just failed is skipped for the rest of the turn. A receiver-level failure ends the turn.
 */
async function sendDue(
  deps: SendDeps,
  limits: SweepLimits & { timeoutMs: number },
  db: { db: Database; tenantId: string },
  lease: LeasedSubscription,
): Promise<Tally> {
  const tally: Tally = { delivered: 0, failed: 0, dead: 0 };
  const deadline = Date.now() + limits.subscriptionMs;
  const secret = await decryptText(deps.dataKey, lease.secretEncrypted);
  const problem = await receiverProblem(lease.url, deps.allowLocalReceivers, deps.resolve ?? resolveAll);
  const blocked = new Set<string>();
  let after = 0;
  let sent = 0;
  for (;;) {
    const rows = await withTenant(db, (tx) => pendingAfter(tx, lease.id, after, BATCH));
    for (const row of rows) {
      after = row.eventSeq;
      if (blocked.has(row.residentId)) continue;
      const now = deps.now();
      if (row.nextAttemptAt > now) {
        blocked.add(row.residentId);
        continue;
      }
      if (sent >= limits.perSubscription || Date.now() >= deadline) return tally;
      sent += 1;
      const outcome: Outcome = problem
        ? { ok: false, error: problem, receiver: true }
        : await postDelivery(
            { fetch: deps.fetch, timeoutMs: limits.timeoutMs, timestamp: Math.floor(now.getTime() / 1000) },
            { url: lease.url, secret, eventSeq: row.eventSeq },
            row.payload,
          );
      const result = await withTenant(db, (tx) => record(tx, lease, row, outcome, deps.now()));
      if (outcome.ok) {
        tally.delivered += 1;
        continue;
      }
      tally.dead += (result.dead ? 1 : 0) + result.alsoDead;
      tally.failed += result.dead ? 0 : 1;
      blocked.add(row.residentId);
      if (outcome.receiver) return tally;
    }
    if (rows.length < BATCH) return tally;
  }
}

/**
 * Commits one delivery's outcome (its own transaction: a crash re-sends only the delivery in
 * flight). The subscription row is written before the delivery row, the order fan-out locks them
 * in, so the two never wait on each other in a circle. `alsoDead` counts the receiver's other
 * deliveries dead-lettered with it.
 */
async function record(
  tx: Transaction,
  lease: LeasedSubscription,
  row: PendingDelivery,
  outcome: Outcome,
  now: Date,
): Promise<{ dead: boolean; alsoDead: number }> {
  if (outcome.ok) {
    if (lease.failures > 0) {
      await setReceiverState(tx, lease.id, { failures: 0, failingSince: null, retryAt: null });
      lease.failures = 0;
      lease.failingSince = null;
    }
    await markDelivered(tx, row, now);
    return { dead: false, alsoDead: 0 };
  }
  const firstAttemptAt = row.firstAttemptAt ?? now;
  const dead = now.getTime() - firstAttemptAt.getTime() >= RETRY_WINDOW_MS;
  if (!outcome.receiver) {
    const nextAttemptAt = new Date(now.getTime() + backoffMs(row.attempts + 1));
    await markFailed(tx, row, { error: outcome.error, dead, firstAttemptAt, nextAttemptAt });
    return { dead, alsoDead: 0 };
  }
  // The receiver as a whole backs off; this delivery is next in line when it may be tried again.
  lease.failures += 1;
  lease.failingSince ??= now;
  const retryAt = new Date(now.getTime() + backoffMs(lease.failures));
  await setReceiverState(tx, lease.id, {
    failures: lease.failures,
    failingSince: lease.failingSince,
    retryAt,
  });
  await markFailed(tx, row, { error: outcome.error, dead, firstAttemptAt, nextAttemptAt: retryAt });
  const cutoff = new Date(now.getTime() - RETRY_WINDOW_MS);
  if (lease.failingSince > cutoff) return { dead, alsoDead: 0 };
  const error = `receiver failing for 72 hours: ${outcome.error}`;
  return { dead, alsoDead: await deadLetterStale(tx, lease.id, cutoff, error) };
}

async function fanOut(deps: SweepDeps, tenant: TenantRow): Promise<number> {
  return withTenant({ db: deps.db, tenantId: tenant.id }, async (tx) => {
    const subscriptions = await tx
      .select()
      .from(webhookSubscriptions)
      .where(and(eq(webhookSubscriptions.tenantId, tenant.id), eq(webhookSubscriptions.status, 'active')))
      .for('update', { skipLocked: true });
    if (subscriptions.length === 0) return 0;
    const catalog = await loadCatalog(tx, tenant.id);
    let created = 0;
    for (const subscription of subscriptions) {
      const principal: Principal = {
        kind: 'api_client',
        id: `webhook:${subscription.id}`,
        tenantId: tenant.id,
        keyId: '',
        departmentId: subscription.departmentId,
        scopes: [],
      };
      const scope = await readScope(tx, tenant.id, principal, catalog, todayIn(tenant.timezone, deps.now()));
      const events = await readChanges(tx, tenant.id, subscription.fannedOutThrough, 1000);
      const visibleFor = await readableByResident(
        tx,
        tenant.id,
        scope,
        catalog,
        events.map((event) => event.residentId),
      );
      const rows = events
        .map((event) => ({
          event,
          fields: event.fields.filter((name) => visibleFor(event.residentId).has(name)),
        }))
        .filter(({ fields }) => fields.length > 0)
        .map(({ event, fields }) => ({
          tenantId: tenant.id,
          subscriptionId: subscription.id,
          eventSeq: event.seq,
          residentId: event.residentId,
          nextAttemptAt: deps.now(),
          payload: {
            seq: event.seq,
            kind: event.kind,
            residentId: event.residentId,
            domain: event.domainKey,
            fields,
            version: event.version,
            occurredAt: event.occurredAt.toISOString(),
          },
        }));
      if (rows.length > 0) await tx.insert(webhookDeliveries).values(rows).onConflictDoNothing();
      created += rows.length;
      const last = events.at(-1);
      if (last) {
        await tx
          .update(webhookSubscriptions)
          .set({ fannedOutThrough: last.seq })
          .where(eq(webhookSubscriptions.id, subscription.id));
      }
    }
    return created;
  });
}
