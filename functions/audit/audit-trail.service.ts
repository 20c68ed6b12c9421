import { and, eq, inArray } from 'drizzle-orm';
import { apiClients, users } from '../../schema';
import { authorize } from '../auth/authorize';
import type { ServiceContext } from '../auth/context';
import { logKeyOf, withTenant } from '../platform/db';
import { listAuditEvents, verifyAuditChain } from './audit.service';
import { listCheckpoints, parseCheckpoint } from './checkpoints.service';

/** A page of the city's audit trail, newest first, for auditors and city administrators. */
export async function readAuditTrail(
  ctx: ServiceContext,
  query: { before?: number | undefined; limit: number },
) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'audit.read', { tenantId: ctx.tenant.id });
    return listAuditEvents(tx, ctx.tenant.id, query);
  });
}

/**
 * Recomputes the city's whole chain (reads every event: on request, not on every page view),
 * compared also with `checkpointToken`, a checkpoint the auditor kept (refused if not genuine).
 */
export async function verifyAuditTrail(ctx: ServiceContext, checkpointToken?: string) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'audit.read', { tenantId: ctx.tenant.id });
    const kept = checkpointToken ? parseCheckpoint(logKeyOf(tx), ctx.tenant.id, checkpointToken) : undefined;
    return verifyAuditChain(tx, ctx.tenant.id, kept);
  });
}

/** A page of the city's checkpoints, newest first, for auditors to keep outside the database. */
export async function readCheckpoints(
  ctx: ServiceContext,
  query: { before?: number | undefined; limit: number },
) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'audit.read', { tenantId: ctx.tenant.id });
    return listCheckpoints(tx, ctx.tenant.id, query);
  });
}

/**
 * Who the actors of some events are, by name: people by their display name and email, API clients
 * by their name. Ids of the city only; for the same readers as the trail.
 */
export async function auditActorNames(
  ctx: ServiceContext,
  events: readonly { actorKind: string; actorId: string }[],
): Promise<Map<string, string>> {
  const ids = (kind: string) => [
    ...new Set(
      events
        .filter((event) => event.actorKind === kind && /^[0-9a-f-]{36}$/i.test(event.actorId))
        .map((event) => event.actorId),
    ),
  ];
  const userIds = ids('user');
  const clientIds = ids('api_client');
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'audit.read', { tenantId: ctx.tenant.id });
    const names = new Map<string, string>();
    if (userIds.length > 0) {
      const rows = await tx
        .select({ id: users.id, name: users.displayName, email: users.email })
        .from(users)
        .where(and(eq(users.tenantId, ctx.tenant.id), inArray(users.id, userIds)));
      for (const row of rows) names.set(row.id, `${row.name} <${row.email}>`);
    }
    if (clientIds.length > 0) {
      const rows = await tx
        .select({ id: apiClients.id, name: apiClients.name })
        .from(apiClients)
        .where(and(eq(apiClients.tenantId, ctx.tenant.id), inArray(apiClients.id, clientIds)));
      for (const row of rows) names.set(row.id, row.name);
    }
    return names;
  });
}
