import { and, desc, eq, gte, lt } from 'drizzle-orm';
import { admissionApplications, departments } from '../../schema';
import type { ReadContext } from '../auth/context';
import { withTenant } from '../platform/db';
import { communityTotals, ledgerOf } from './funding.service';
import { listWorkItems, type WorkItemRow } from './work-items.service';

/**
 * What anyone may read of a city's admission: the three lists in force, the applications decided
 * in the year with their outcomes and reasons, and the money owed and paid per community.
 */
export async function publicAdmission(ctx: ReadContext, year: number) {
  const items: WorkItemRow[] = await listWorkItems(ctx);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const decided = await tx
      .select({
        application: admissionApplications,
        departmentZh: departments.nameZh,
        departmentEn: departments.nameEn,
      })
      .from(admissionApplications)
      .leftJoin(departments, eq(departments.id, admissionApplications.departmentId))
      .where(
        and(
          eq(admissionApplications.tenantId, ctx.tenant.id),
          gte(admissionApplications.decidedAt, new Date(Date.UTC(year, 0, 1) - 8 * 3_600_000)),
          lt(admissionApplications.decidedAt, new Date(Date.UTC(year + 1, 0, 1) - 8 * 3_600_000)),
        ),
      )
      .orderBy(desc(admissionApplications.decidedAt))
      .limit(500);
    const communities = communityTotals(await ledgerOf(tx, ctx.tenant.id, year));
    return {
      year,
      items,
      decided: decided.map(({ application: row, departmentZh, departmentEn }) => ({
        number: row.number,
        department: departmentZh && departmentEn ? { zh: departmentZh, en: departmentEn } : null,
        name: { zh: row.nameZh, en: row.nameEn },
        list: row.list,
        outcome: row.status as 'admitted' | 'refused',
        reason: row.decisionReason ?? '',
        decidedAt: row.decidedAt?.toISOString() ?? '',
        fundingPerCommunity: row.fundingPerCommunity,
        forms: row.forms,
      })),
      communities,
    };
  });
}
