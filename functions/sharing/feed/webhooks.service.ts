import { and, asc, count, desc, eq, gt, sql } from 'drizzle-orm';
import { webhookDeliveries, webhookSubscriptions } from '../../../schema';
import { recordAudit } from '../../audit/audit.service';
import { authErrors } from '../../auth/auth.errors';
import { authorize } from '../../auth/authorize';
import type { ServiceContext } from '../../auth/context';
import { encryptText, randomToken } from '../../platform/crypto';
import { withTenant } from '../../platform/db';
import { errors } from '../../platform/errors';
import { sharingErrors, sharingIssue } from '../sharing.errors';
import { feedErrors, WEBHOOKS_PER_DEPARTMENT } from './feed.errors';
import { webhookUrlProblem } from './webhook-url';

export { backoffMs, RETRY_WINDOW_MS, signWebhook } from './webhook-delivery';
export { runWebhookSweep, type SweepDeps, type SweepReport } from './webhook-sweep';

function departmentOf(ctx: ServiceContext): string {
  if (ctx.actor.kind !== 'api_client') throw feedErrors.departmentsOnly();
  return ctx.actor.departmentId;
}

/**
 * Whose subscriptions the caller sees: a department's API client its own; the city (a person
 * holding `webhooks.manage`, a city administrator) and the platform every department's.
 */
function departmentFilter(ctx: ServiceContext, column: typeof webhookSubscriptions.departmentId) {
  return ctx.actor.kind === 'api_client' ? eq(column, ctx.actor.departmentId) : undefined;
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
    // Each subscription gets its own sender and budget in every sweep, so a department's count is
    // capped. Creations of one department take turns (transaction-scoped lock), so racing requests
    // cannot all see room for one more.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`webhook_subscriptions|${ctx.tenant.id}|${departmentId}`}, 0))`,
    );
    const [existing] = await tx
      .select({ n: count() })
      .from(webhookSubscriptions)
      .where(
        and(
          eq(webhookSubscriptions.tenantId, ctx.tenant.id),
          eq(webhookSubscriptions.departmentId, departmentId),
        ),
      );
    if ((existing?.n ?? 0) >= WEBHOOKS_PER_DEPARTMENT) throw feedErrors.webhookLimit();
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
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'webhooks.manage', { tenantId: ctx.tenant.id });
    const rows = await tx
      .select()
      .from(webhookSubscriptions)
      .where(
        and(
          eq(webhookSubscriptions.tenantId, ctx.tenant.id),
          departmentFilter(ctx, webhookSubscriptions.departmentId),
        ),
      )
      .orderBy(asc(webhookSubscriptions.createdAt));
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
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'webhooks.manage', { tenantId: ctx.tenant.id });
    const [row] = await tx
      .update(webhookSubscriptions)
      // The department says its receiver is ready: its backoff starts over with the replay.
      .set({ fannedOutThrough: after, status: 'active', failures: 0, failingSince: null, retryAt: null })
      .where(
        and(
          eq(webhookSubscriptions.tenantId, ctx.tenant.id),
          eq(webhookSubscriptions.id, subscriptionId),
          departmentFilter(ctx, webhookSubscriptions.departmentId),
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

export async function deliveriesOf(
  ctx: ServiceContext,
  subscriptionId: string,
  status?: 'pending' | 'delivered' | 'dead',
  options: { newestFirst?: boolean } = {},
) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'webhooks.manage', { tenantId: ctx.tenant.id });
    const [subscription] = await tx
      .select({ id: webhookSubscriptions.id })
      .from(webhookSubscriptions)
      .where(
        and(
          eq(webhookSubscriptions.tenantId, ctx.tenant.id),
          eq(webhookSubscriptions.id, subscriptionId),
          departmentFilter(ctx, webhookSubscriptions.departmentId),
        ),
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
      .orderBy(options.newestFirst ? desc(webhookDeliveries.eventSeq) : asc(webhookDeliveries.eventSeq))
      .limit(500);
  });
}
