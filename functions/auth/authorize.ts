import { sql } from 'drizzle-orm';
import type { Executor } from '../platform/db';
import { tenantErrors } from '../tenants/tenants.errors';
import { authErrors } from './auth.errors';
import type { Principal } from './principal';
import { type Action, ROLE_ACTIONS, SCOPE_ACTIONS } from './roles';

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

/**
 * The one authorization check. Who (`principal`), what (`action`), where (`tenantId`, and when
 * given, the org unit whose subtree the action touches). Throws 403 (or 404 for a unit of
 * another tenant); returns nothing when allowed.
 */
export async function authorize(
  db: Executor,
  principal: Principal,
  action: Action,
  where: { tenantId?: string | undefined; orgUnitId?: string | undefined },
): Promise<void> {
  if (principal.kind === 'platform') return;
  if (!where.tenantId) throw authErrors.forbidden(action);
  if (principal.tenantId !== where.tenantId) throw authErrors.wrongTenant();
  if (principal.kind === 'api_client') {
    if (!principal.scopes.some((scope) => SCOPE_ACTIONS[scope]?.includes(action)))
      throw authErrors.forbidden(action);
    if (where.orgUnitId && !(await unitAndAncestors(db, where.tenantId, where.orgUnitId))) {
      throw tenantErrors.orgUnitNotFound();
    }
    return;
  }
  const grants = principal.grants.filter((grant) => ROLE_ACTIONS[grant.role]?.includes(action));
  if (grants.length === 0) throw authErrors.forbidden(action);
  if (!where.orgUnitId) return;
  const lineage = await unitAndAncestors(db, where.tenantId, where.orgUnitId);
  if (!lineage) throw tenantErrors.orgUnitNotFound();
  if (!grants.some((grant) => lineage.includes(grant.orgUnitId))) throw authErrors.forbidden(action);
}
