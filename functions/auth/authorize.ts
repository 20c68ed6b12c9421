import type { Executor } from '../platform/db';
import { orgUnitNotFound } from '../platform/tenancy';
import { authErrors } from './auth.errors';
import { actsOnEveryCity, type Principal } from './principal';
import { type Action, ROLE_ACTIONS, SCOPE_ACTIONS } from './roles';
import { unitAndAncestors } from './units';

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
  if (actsOnEveryCity(principal)) return;
  if (!where.tenantId) throw authErrors.forbidden(action);
  if (principal.tenantId !== where.tenantId) throw authErrors.wrongTenant();
  if (principal.kind === 'api_client') {
    if (!principal.scopes.some((scope) => SCOPE_ACTIONS[scope]?.includes(action)))
      throw authErrors.scopeMissing(action);
    if (where.orgUnitId && !(await unitAndAncestors(db, where.tenantId, where.orgUnitId))) {
      throw orgUnitNotFound();
    }
    return;
  }
  const grants = principal.grants.filter((grant) => ROLE_ACTIONS[grant.role]?.includes(action));
  if (grants.length === 0) throw authErrors.forbidden(action);
  if (!where.orgUnitId) return;
  const lineage = await unitAndAncestors(db, where.tenantId, where.orgUnitId);
  if (!lineage) throw orgUnitNotFound();
  if (!grants.some((grant) => lineage.includes(grant.orgUnitId))) throw authErrors.forbidden(action);
}
