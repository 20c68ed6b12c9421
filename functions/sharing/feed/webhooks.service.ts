import { hmac } from '@oslojs/crypto/hmac';
import { SHA256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { tenants, webhookDeliveries, webhookSubscriptions } from '../../../schema';
import { recordAudit } from '../../audit/audit.service';
import { authErrors } from '../../auth/auth.errors';
import { authorize } from '../../auth/authorize';
import type { ServiceContext } from '../../auth/context';
import type { Principal } from '../../auth/principal';
import { decryptText, encryptText, randomToken } from '../../platform/crypto';
import { todayIn } from '../../platform/dates';
import { type Database, withTenant } from '../../platform/db';
import { errors } from '../../platform/errors';
import type { TenantRow } from '../../platform/tenancy';
import { loadCatalog } from '../catalog/catalog.service';
import { readChanges } from '../ledger';
import { readableByResident, readScope } from '../registry/readable';
import { sharingErrors, sharingIssue } from '../sharing.errors';
import { webhookUrlProblem } from './webhook-url';

export const RETRY_WINDOW_MS = 72 * 3600 * 1000;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 6 * 3600 * 1000;

/** Stripe-style signature: `t=<unix>,v1=<hex hmac-sha256(secret, "t.body")>`. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  const mac = hmac(
    SHA256,
    new TextEncoder().encode(secret),
    new TextEncoder().encode(`${timestamp}.${body}`),
  );
  return `t=${timestamp},v1=${encodeHexLowerCase(mac)}`;
}

export function backoffMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
}

function departmentOf(ctx: ServiceContext): string {
  if (ctx.actor.kind !== 'api_client') throw authErrors.forbidden('webhooks (department API clients only)');
  return ctx.actor.departmentId;
}

export async function createSubscription(
  ctx: ServiceContext,
  input: { url: string; after?: number | undefined },
  options: { allowLocalReceivers: boolean },
) {
  const departmentId = departmentOf(ctx);
  const problem = webhookUrlProblem(input.url, options.allowLocalReceivers);
  if (problem) throw errors.invalidRequest([sharingIssue('url', problem)]);
  if (!ctx.dataKey) throw authErrors.noDataKey();
  const secret = `whsec_${randomToken(24)}`;
  const secretEncrypted = await encryptText(ctx.dataKey, secret);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'webhooks.manage', { tenantId: ctx.tenant.id });
    const [head] = await tx
      .execute(sql`select coalesce(max(seq), 0) as seq from change_events where tenant_id = ${ctx.tenant.id}`)
      .then((result) => (result as unknown as { rows: { seq: string }[] }).rows);
    const [row] = await tx
      .insert(webhookSubscriptions)
      .values({
        tenantId: ctx.tenant.id,
        departmentId,
        url: input.url,
        secretEncrypted,
        fannedOutThrough: input.after ?? Number(head?.seq ?? 0),
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    // The URL says where resident changes will be sent: who registered it is on the record.
    await recordAudit(
      ctx,
      tx,
      'webhook.subscribe',
      { type: 'webhook_subscription', id: row.id },
      {
        url: row.url,
        departmentId,
        after: row.fannedOutThrough,
      },
    );
    return { subscription: row, secret };
  });
}

export async function listSubscriptions(ctx: ServiceContext) {
  const departmentId = departmentOf(ctx);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'webhooks.manage', { tenantId: ctx.tenant.id });
    const rows = await tx
      .select()
      .from(webhookSubscriptions)
      .where(
        and(
          eq(webhookSubscriptions.tenantId, ctx.tenant.id),
          eq(webhookSubscriptions.departmentId, departmentId),
        ),
      );
    const counts = await tx
      .select({
        subscriptionId: webhookDeliveries.subscriptionId,
        status: webhookDeliveries.status,
        n: sql<number>`count(*)::int`,
      })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.tenantId, ctx.tenant.id))
      .groupBy(webhookDeliveries.subscriptionId, webhookDeliveries.status);
    return rows.map((row) => ({
      subscription: row,
      deliveries: Object.fromEntries(
        counts.filter((c) => c.subscriptionId === row.id).map((c) => [c.status, Number(c.n)]),
      ),
    }));
  });
}

/** Replays from a cursor: every event after it is delivered again, dead letters included. */
export async function replaySubscription(ctx: ServiceContext, subscriptionId: string, after: number) {
  const departmentId = departmentOf(ctx);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'webhooks.manage', { tenantId: ctx.tenant.id });
    const [row] = await tx
      .update(webhookSubscriptions)
      .set({ fannedOutThrough: after, status: 'active' })
      .where(
        and(
          eq(webhookSubscriptions.tenantId, ctx.tenant.id),
          eq(webhookSubscriptions.id, subscriptionId),
          eq(webhookSubscriptions.departmentId, departmentId),
        ),
      )
      .returning();
    if (!row) throw sharingErrors.webhookNotFound();
    await recordAudit(ctx, tx, 'webhook.replay', { type: 'webhook_subscription', id: row.id }, { after });
    await tx
      .update(webhookDeliveries)
      .set({
        status: 'pending',
        attempts: 0,
        firstAttemptAt: null,
        nextAttemptAt: ctx.now(),
        lastError: null,
      })
      .where(
        and(eq(webhookDeliveries.subscriptionId, subscriptionId), gt(webhookDeliveries.eventSeq, after)),
      );
    return row;
  });
}

export interface SweepDeps {
  db: Database;
  now: () => Date;
  fetch: typeof fetch;
  dataKey: string | undefined;
}

export interface SweepReport {
  fannedOut: number;
  delivered: number;
  failed: number;
  dead: number;
}

/**
 * The cron sweep: turns new change events into deliveries (per subscription, only events with
 * fields the department may read), then delivers what is due, oldest first per resident. Rows are
 * claimed with FOR UPDATE SKIP LOCKED, so two overlapping sweeps never send the same delivery at
 * once, and a resident's later event waits while an earlier one is undelivered.
 */
export async function runWebhookSweep(deps: SweepDeps): Promise<SweepReport> {
  const report: SweepReport = { fannedOut: 0, delivered: 0, failed: 0, dead: 0 };
  const all = await deps.db.select().from(tenants);
  for (const tenant of all) {
    report.fannedOut += await fanOut(deps, tenant);
    const result = await deliverDue(deps, tenant);
    report.delivered += result.delivered;
    report.failed += result.failed;
    report.dead += result.dead;
  }
  return report;
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

async function deliverDue(deps: SweepDeps, tenant: TenantRow) {
  const result = { delivered: 0, failed: 0, dead: 0 };
  await withTenant({ db: deps.db, tenantId: tenant.id }, async (tx) => {
    const now = deps.now();
    const due = await tx.execute(sql`
      select d.id, d.subscription_id, d.event_seq, d.payload, d.attempts, d.first_attempt_at
        from webhook_deliveries d
       where d.tenant_id = ${tenant.id} and d.status = 'pending' and d.next_attempt_at <= ${now.toISOString()}
         and not exists (
           select 1 from webhook_deliveries e
            where e.subscription_id = d.subscription_id and e.resident_id = d.resident_id
              and e.status = 'pending' and e.event_seq < d.event_seq)
       order by d.event_seq
       limit 100
       for update skip locked`);
    const rows = (
      due as unknown as {
        rows: {
          id: string;
          subscription_id: string;
          event_seq: string;
          payload: unknown;
          attempts: number;
          first_attempt_at: string | Date | null;
        }[];
      }
    ).rows;
    if (rows.length === 0) return;
    const subscriptions = await tx
      .select()
      .from(webhookSubscriptions)
      .where(eq(webhookSubscriptions.tenantId, tenant.id));
    for (const row of rows) {
      const subscription = subscriptions.find((candidate) => candidate.id === row.subscription_id);
      if (!subscription || !deps.dataKey) continue;
      const secret = await decryptText(deps.dataKey, subscription.secretEncrypted);
      const body = JSON.stringify(row.payload);
      const timestamp = Math.floor(now.getTime() / 1000);
      let error: string | undefined;
      try {
        const response = await deps.fetch(subscription.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'shequ-signature': signWebhook(secret, timestamp, body),
            'shequ-event-seq': String(row.event_seq),
          },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        if (!response.ok) error = `HTTP ${response.status}`;
        await response.body?.cancel();
      } catch (cause) {
        error = cause instanceof Error ? cause.message : String(cause);
      }
      const firstAttemptAt = row.first_attempt_at ? new Date(row.first_attempt_at) : now;
      if (!error) {
        await tx
          .update(webhookDeliveries)
          .set({
            status: 'delivered',
            deliveredAt: now,
            attempts: row.attempts + 1,
            firstAttemptAt,
            lastError: null,
          })
          .where(eq(webhookDeliveries.id, row.id));
        result.delivered += 1;
        continue;
      }
      const attempts = row.attempts + 1;
      const dead = now.getTime() - firstAttemptAt.getTime() >= RETRY_WINDOW_MS;
      await tx
        .update(webhookDeliveries)
        .set({
          status: dead ? 'dead' : 'pending',
          attempts,
          firstAttemptAt,
          lastError: error.slice(0, 500),
          nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)),
        })
        .where(eq(webhookDeliveries.id, row.id));
      if (dead) result.dead += 1;
      else result.failed += 1;
      // Later events of the same resident wait behind this one; others may still go.
    }
  });
  return result;
}

export async function deliveriesOf(
  ctx: ServiceContext,
  subscriptionId: string,
  status?: 'pending' | 'delivered' | 'dead',
) {
  const departmentId = departmentOf(ctx);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'webhooks.manage', { tenantId: ctx.tenant.id });
    const [subscription] = await tx
      .select({ id: webhookSubscriptions.id })
      .from(webhookSubscriptions)
      .where(
        and(eq(webhookSubscriptions.id, subscriptionId), eq(webhookSubscriptions.departmentId, departmentId)),
      );
    if (!subscription) throw sharingErrors.webhookNotFound();
    return tx
      .select()
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.subscriptionId, subscriptionId),
          status ? eq(webhookDeliveries.status, status) : undefined,
        ),
      )
      .orderBy(asc(webhookDeliveries.eventSeq))
      .limit(500);
  });
}
