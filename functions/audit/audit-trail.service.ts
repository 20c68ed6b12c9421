import type { AdminContext } from '../auth/api-keys.service';
import { authorize } from '../auth/authorize';
import { withTenant } from '../platform/db';
import { listAuditEvents, verifyAuditChain } from './audit.service';

/** A page of the city's audit trail with the chain's verification, for auditors. */
export async function readAuditTrail(
  ctx: AdminContext,
  query: { before?: number | undefined; limit: number },
) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'audit.read', { tenantId: ctx.tenant.id });
    const events = await listAuditEvents(tx, ctx.tenant.id, query);
    const verification = await verifyAuditChain(tx, ctx.tenant.id);
    return { events, verification };
  });
}
