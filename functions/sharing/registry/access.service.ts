import { and, asc, desc, eq, lt } from 'drizzle-orm';
import { accessLog, departments, residents } from '../../../schema';
import { authorize } from '../../auth/authorize';
import type { ServiceContext } from '../../auth/context';
import { withTenant } from '../../platform/db';
import { sharingErrors } from '../sharing.errors';

/** The resident's "data tracker": which department read which fields, when and why. */
export async function accessReport(ctx: ServiceContext, residentId: string) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'access_log.read', { tenantId: ctx.tenant.id });
    const [resident] = await tx
      .select({ id: residents.id })
      .from(residents)
      .where(and(eq(residents.tenantId, ctx.tenant.id), eq(residents.id, residentId)));
    if (!resident) throw sharingErrors.residentNotFound();
    return tx
      .select({
        entry: accessLog,
        departmentKey: departments.key,
        departmentZh: departments.nameZh,
        departmentEn: departments.nameEn,
      })
      .from(accessLog)
      .leftJoin(departments, eq(departments.id, accessLog.departmentId))
      .where(and(eq(accessLog.tenantId, ctx.tenant.id), eq(accessLog.residentId, residentId)))
      .orderBy(asc(accessLog.seq));
  });
}

/** The city's access log, newest first, for auditors and city administrators. */
export async function recentAccessLog(
  ctx: ServiceContext,
  query: { before?: number | undefined; limit: number },
) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'access_log.read', { tenantId: ctx.tenant.id });
    return tx
      .select({ entry: accessLog, departmentZh: departments.nameZh, departmentEn: departments.nameEn })
      .from(accessLog)
      .leftJoin(departments, eq(departments.id, accessLog.departmentId))
      .where(
        and(
          eq(accessLog.tenantId, ctx.tenant.id),
          query.before ? lt(accessLog.seq, query.before) : undefined,
        ),
      )
      .orderBy(desc(accessLog.seq))
      .limit(query.limit);
  });
}
