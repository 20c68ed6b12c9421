import { and, eq, inArray, sql } from 'drizzle-orm';
import { departments, orgUnits, roleGrants, users } from '../../schema';
import { appendAudit } from '../audit/audit.service';
import { authErrors } from '../auth/auth.errors';
import { authorize } from '../auth/authorize';
import type { ServiceContext } from '../auth/context';
import { actorOf } from '../auth/principal';
import { GRANTABLE, ROLE_ACTIONS, ROLE_LEVELS, type TenantRole } from '../auth/roles';
import { unitAndAncestors } from '../auth/units';
import { withTenant } from '../platform/db';
import { identityIssue } from './identity.errors';

export async function checkGrantable(
  ctx: ServiceContext,
  tx: Parameters<typeof authorize>[0],
  grant: { role: TenantRole; orgUnitId: string; departmentId?: string | undefined },
  path: string,
  mode: 'grant' | 'revoke' = 'grant',
) {
  await authorize(tx, ctx.actor, 'roles.grant', { tenantId: ctx.tenant.id, orgUnitId: grant.orgUnitId });
  const [unit] = await tx
    .select({ level: orgUnits.level, validTo: orgUnits.validTo })
    .from(orgUnits)
    .where(and(eq(orgUnits.tenantId, ctx.tenant.id), eq(orgUnits.id, grant.orgUnitId)));
  // Revoking must work on units a reform closed, and whatever level the role was given on.
  if (mode === 'grant') {
    if (!unit) throw authErrors.invalidInput([identityIssue(`${path}.orgUnitId`, 'role_grant.unit_unknown')]);
    if (unit.validTo !== null)
      throw authErrors.invalidInput([identityIssue(`${path}.orgUnitId`, 'role_grant.unit_closed')]);
    await checkGrantDepartment(tx, ctx.tenant.id, grant, path);
    if (!ROLE_LEVELS[grant.role].includes(unit.level)) {
      // Name only the levels this city has: a page says them by the city's own names.
      const cityLevels = ROLE_LEVELS[grant.role].filter((level) =>
        ctx.tenant.structure.levels.some((own) => own.key === level),
      );
      throw authErrors.invalidInput([
        identityIssue(`${path}.role`, 'role_grant.wrong_level', {
          role: grant.role,
          levels: cityLevels.length > 0 ? cityLevels : ROLE_LEVELS[grant.role],
          level: unit.level,
        }),
      ]);
    }
  }
  if (ctx.actor.kind === 'user') {
    const lineage = (await unitAndAncestors(tx, ctx.tenant.id, grant.orgUnitId)) ?? [];
    const mayGrant = ctx.actor.grants.some(
      (held) =>
        ROLE_ACTIONS[held.role].includes('roles.grant') &&
        lineage.includes(held.orgUnitId) &&
        (GRANTABLE[held.role] ?? []).includes(grant.role),
    );
    if (!mayGrant) throw authErrors.notGrantable(grant.role);
  }
}

/** A department officer names their department (one of this city's); no other role names one. */
async function checkGrantDepartment(
  tx: Parameters<typeof authorize>[0],
  tenantId: string,
  grant: { role: TenantRole; departmentId?: string | undefined },
  path: string,
) {
  const at = path ? `${path}.departmentId` : 'departmentId';
  if (grant.role !== 'department_officer') {
    if (grant.departmentId)
      throw authErrors.invalidInput([identityIssue(at, 'role_grant.department_not_allowed')]);
    return;
  }
  if (!grant.departmentId)
    throw authErrors.invalidInput([identityIssue(at, 'role_grant.department_required')]);
  const [found] = await tx
    .select({ id: departments.id })
    .from(departments)
    .where(and(eq(departments.tenantId, tenantId), eq(departments.id, grant.departmentId)));
  if (!found) throw authErrors.invalidInput([identityIssue(at, 'role_grant.department_unknown')]);
}

export async function grantRole(
  ctx: ServiceContext,
  userId: string,
  grant: { role: TenantRole; orgUnitId: string; departmentId?: string | undefined },
) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const [user] = await tx
      .select()
      .from(users)
      .where(and(eq(users.tenantId, ctx.tenant.id), eq(users.id, userId)));
    if (!user) throw authErrors.userNotFound();
    await checkGrantable(ctx, tx, grant, '');
    const [row] = await tx
      .insert(roleGrants)
      .values({ tenantId: ctx.tenant.id, userId, ...grant })
      .returning();
    if (!row) throw new Error('insert returned no row');
    await appendAudit(
      tx,
      ctx.tenant.id,
      {
        actor: actorOf(ctx.actor),
        action: 'role.grant',
        targetType: 'user',
        targetId: userId,
        details: { grantId: row.id, ...grant },
      },
      ctx.now(),
    );
    return row;
  });
}

export async function revokeRole(ctx: ServiceContext, userId: string, grantId: string) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const [grant] = await tx
      .select()
      .from(roleGrants)
      .where(
        and(
          eq(roleGrants.tenantId, ctx.tenant.id),
          eq(roleGrants.userId, userId),
          eq(roleGrants.id, grantId),
        ),
      );
    if (!grant) throw authErrors.grantNotFound();
    await checkGrantable(
      ctx,
      tx,
      { role: grant.role as TenantRole, orgUnitId: grant.orgUnitId },
      '',
      'revoke',
    );
    if (grant.role === 'city_administrator') {
      // One city's revokes of this role take turns (a transaction-scoped advisory lock: one key, so
      // no deadlock), so two administrators revoking each other at once cannot both succeed.
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtextextended(${`city_administrators:${ctx.tenant.id}`}, 0))`,
      );
      const holders = await tx
        .select({ id: roleGrants.id })
        .from(roleGrants)
        .where(and(eq(roleGrants.tenantId, ctx.tenant.id), eq(roleGrants.role, 'city_administrator')));
      if (holders.every((holder) => holder.id === grant.id)) throw authErrors.lastCityAdministrator();
    }
    await tx.delete(roleGrants).where(eq(roleGrants.id, grant.id));
    await appendAudit(
      tx,
      ctx.tenant.id,
      {
        actor: actorOf(ctx.actor),
        action: 'role.revoke',
        targetType: 'user',
        targetId: userId,
        details: { grantId, role: grant.role },
      },
      ctx.now(),
    );
  });
}

/** Who works at a unit (roles granted on it), for staff of that unit's subtree or above. */
export async function listUnitStaff(ctx: ServiceContext, orgUnitId: string) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'staff.read', { tenantId: ctx.tenant.id, orgUnitId });
    const grants = await tx
      .select()
      .from(roleGrants)
      .where(and(eq(roleGrants.tenantId, ctx.tenant.id), eq(roleGrants.orgUnitId, orgUnitId)));
    const people =
      grants.length === 0
        ? []
        : await tx
            .select()
            .from(users)
            .where(
              and(
                eq(users.tenantId, ctx.tenant.id),
                inArray(
                  users.id,
                  grants.map((grant) => grant.userId),
                ),
              ),
            );
    return grants.map((grant) => ({ grant, user: people.find((person) => person.id === grant.userId) }));
  });
}
