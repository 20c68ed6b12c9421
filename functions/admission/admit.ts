import { sql } from 'drizzle-orm';
import type { admissionApplications } from '../../schema';
import type { ServiceContext } from '../auth/context';
import type { Executor, Transaction } from '../platform/db';
import { ensureObligations } from './funding.service';
import { insertWorkItem, type WorkItemRow } from './work-items.service';

/** The current communities in the subtree of a unit (a district, or the whole city). */
export async function communitiesUnder(tx: Executor, tenantId: string, unitId: string): Promise<string[]> {
  const result = await tx.execute(sql`
    with recursive tree as (
      select id, level from org_units where tenant_id = ${tenantId} and id = ${unitId}
      union all
      select u.id, u.level from org_units u join tree t on u.parent_id = t.id
      where u.tenant_id = ${tenantId} and u.valid_to is null
    )
    select id from tree where level = 'community' order by id`);
  return (result as unknown as { rows: { id: string }[] }).rows.map((row) => row.id);
}

/**
 * An admitted application enters the catalog as a work item, and the money that follows it is owed
 * to every community of the district for the year the work starts.
 */
export async function admitApplication(
  tx: Transaction,
  ctx: ServiceContext,
  row: typeof admissionApplications.$inferSelect,
): Promise<WorkItemRow> {
  const item = await insertWorkItem(
    tx,
    ctx,
    {
      code: `ZR-${row.number}`,
      list: row.list,
      name: { zh: row.nameZh, en: row.nameEn },
      legalBasis: row.legalBasis,
      departmentId: row.departmentId,
      levels: row.levels,
      fundingPerCommunity: row.fundingPerCommunity,
      staffPerCommunity: row.staffPerCommunity,
      authority: row.authority,
      forms: row.forms,
      validFrom: row.startsOn,
      validUntil: row.endsOn,
    },
    { applicationId: row.id, sample: row.sample },
  );
  if (item.fundingPerCommunity > 0) {
    const communities = await communitiesUnder(tx, ctx.tenant.id, row.orgUnitId);
    await ensureObligations(tx, ctx, item, communities, Number(row.startsOn.slice(0, 4)));
  }
  return item;
}
