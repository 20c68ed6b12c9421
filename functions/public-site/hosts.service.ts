import { and, eq } from 'drizzle-orm';
import { tenantHosts } from '../../schema';
import { appendAudit } from '../audit/audit.service';
import { authorize } from '../auth/authorize';
import type { ServiceContext } from '../auth/context';
import { actorOf } from '../auth/principal';
import { withTenant } from '../platform/db';
import { pgCodes, pgErrorCode } from '../platform/errors';
import { statusErrors } from './public-site.errors';

/** Maps a host name to the city, so `https://{host}/` serves its public site (platform administrators). */
export async function mapHost(ctx: ServiceContext, host: string) {
  const name = host.toLowerCase();
  try {
    return await withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
      await authorize(tx, ctx.actor, 'tenant.onboard', { tenantId: ctx.tenant.id });
      const [row] = await tx.insert(tenantHosts).values({ host: name, tenantId: ctx.tenant.id }).returning();
      if (!row) throw new Error('insert returned no row');
      await appendAudit(
        tx,
        ctx.tenant.id,
        { actor: actorOf(ctx.actor), action: 'host.map', targetType: 'host', targetId: name },
        ctx.now(),
      );
      return row;
    });
  } catch (error) {
    if (pgErrorCode(error) === pgCodes.uniqueViolation) throw statusErrors.hostTaken();
    throw error;
  }
}

export async function unmapHost(ctx: ServiceContext, host: string) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'tenant.onboard', { tenantId: ctx.tenant.id });
    const [row] = await tx
      .delete(tenantHosts)
      .where(and(eq(tenantHosts.tenantId, ctx.tenant.id), eq(tenantHosts.host, host.toLowerCase())))
      .returning();
    if (!row) throw statusErrors.hostNotFound();
    await appendAudit(
      tx,
      ctx.tenant.id,
      { actor: actorOf(ctx.actor), action: 'host.unmap', targetType: 'host', targetId: row.host },
      ctx.now(),
    );
  });
}
