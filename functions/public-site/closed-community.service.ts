import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import { orgUnitLineage, orgUnits, reforms } from '../../schema';
import type { ReadContext } from '../auth/context';
import { todayIn } from '../platform/dates';
import { withTenant } from '../platform/db';

/**
 * A community (or residents' committee) a reform closed: when, by which reform, and what it became —
 * so its old address on the public site says where to go instead of answering 404. Undefined when the
 * code names no such closed unit.
 */
export async function closedCommunity(ctx: ReadContext, code: string) {
  const today = todayIn(ctx.tenant.timezone, ctx.now());
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const [unit] = await tx
      .select()
      .from(orgUnits)
      .where(
        and(
          eq(orgUnits.tenantId, ctx.tenant.id),
          eq(orgUnits.code, code),
          inArray(orgUnits.level, ['community', 'residents_committee']),
          lte(orgUnits.validTo, today),
        ),
      );
    if (!unit?.validTo) return undefined;
    const [reform] = unit.closedByReformId
      ? await tx.select().from(reforms).where(eq(reforms.id, unit.closedByReformId))
      : [];
    const successors = await tx
      .select({
        code: orgUnits.code,
        level: orgUnits.level,
        nameZh: orgUnits.nameZh,
        nameEn: orgUnits.nameEn,
        validTo: orgUnits.validTo,
      })
      .from(orgUnitLineage)
      .innerJoin(orgUnits, eq(orgUnits.id, orgUnitLineage.successorId))
      .where(and(eq(orgUnitLineage.tenantId, ctx.tenant.id), eq(orgUnitLineage.predecessorId, unit.id)))
      .orderBy(asc(orgUnits.code));
    return { unit, closedOn: unit.validTo, reform: reform ?? null, successors };
  });
}
export type ClosedCommunity = NonNullable<Awaited<ReturnType<typeof closedCommunity>>>;
