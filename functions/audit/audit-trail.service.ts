import type { AdminContext } from '../auth/api-keys.service';
import { authorize } from '../auth/authorize';
import { withTenant } from '../platform/db';
import { listAuditEvents, verifyAuditChain } from './audit.service';

/** A page of the city's audit trail, newest first, for auditors and city administrators. */
export async function readAuditTrail(
  ctx: AdminContext,
  query: { before?: number | undefined; limit: number },
) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'audit.read', { tenantId: ctx.tenant.id });
    return listAuditEvents(tx, ctx.tenant.id, query);
  });
}

/** Recomputes the city's whole chain (reads every event: on request, not on every page view). */
export async function verifyAuditTrail(ctx: AdminContext) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'audit.read', { tenantId: ctx.tenant.id });
    return verifyAuditChain(tx, ctx.tenant.id);
  });
}
