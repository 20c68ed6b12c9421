import { and, eq, isNull, sql } from 'drizzle-orm';
import { orgUnits } from '../../schema';
import type { Executor } from '../platform/db';

/** The org-tree lookups authorization needs: roles are granted over a unit and hold in its subtree. */

/** The unit and all its ancestors (ids), or undefined when the unit is not in this tenant. */
export async function unitAndAncestors(
  db: Executor,
  tenantId: string,
  orgUnitId: string,
): Promise<string[] | undefined> {
  const result = await db.execute(sql`
    with recursive up as (
      select id, parent_id from org_units where tenant_id = ${tenantId} and id = ${orgUnitId}
      union all
      select u.id, u.parent_id from org_units u join up on u.id = up.parent_id where u.tenant_id = ${tenantId}
    )
    select id from up`);
  const ids = (result as unknown as { rows: { id: string }[] }).rows.map((row) => row.id);
  return ids.length > 0 ? ids : undefined;
}

export async function findRootUnitId(db: Executor, tenantId: string): Promise<string> {
  const [root] = await db
    .select({ id: orgUnits.id })
    .from(orgUnits)
    .where(and(eq(orgUnits.tenantId, tenantId), isNull(orgUnits.parentId)))
    .limit(1);
  if (!root) throw new Error(`tenant ${tenantId} has no root unit`);
  return root.id;
}
