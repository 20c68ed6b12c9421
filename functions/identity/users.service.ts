import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { orgUnits, roleGrants, sessions, users } from '../../schema';
import { appendAudit } from '../audit/audit.service';
import { authErrors } from '../auth/auth.errors';
import { authorize } from '../auth/authorize';
import type { ServiceContext } from '../auth/context';
import { actorOf } from '../auth/principal';
import { ROLE_ACTIONS, type TenantRole } from '../auth/roles';
import { findRootUnitId } from '../auth/units';
import { type Database, withTenant } from '../platform/db';
import { errors, pgCodes, pgErrorCode } from '../platform/errors';
import { issuesFromZod } from '../platform/zod-issues';
import { hashPassword, passwordIssues } from './password';
import { checkGrantable } from './role-grants.service';
import { NewUserBody } from './users.schema';

export type UserRow = typeof users.$inferSelect;
export type GrantRow = typeof roleGrants.$inferSelect;

export interface NewUser {
  email: string;
  phone?: string | undefined;
  displayName: string;
  password?: string | undefined;
  roles: { role: TenantRole; orgUnitId: string; departmentId?: string | undefined }[];
}

/**
 * Creates a person in the city with their roles, in one transaction with its audit row. Each role
 * must be one the caller may grant, on a unit of the right level inside the caller's subtree.
 */
export async function createUser(
  ctx: ServiceContext,
  raw: NewUser,
): Promise<{ user: UserRow; grants: GrantRow[] }> {
  // The verb checks its own input, so the CLI and the API refuse the same things.
  const parsed = NewUserBody.safeParse(raw);
  if (!parsed.success) throw errors.invalidRequest(issuesFromZod(parsed.error.issues, { input: raw }));
  const input = parsed.data;
  if (input.password) {
    const issues = passwordIssues(input.password);
    if (issues.length > 0) throw authErrors.invalidInput(issues);
  }
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'users.manage', { tenantId: ctx.tenant.id });
    for (const [index, grant] of input.roles.entries())
      await checkGrantable(ctx, tx, grant, `roles.${index}`);
    let user: UserRow | undefined;
    try {
      [user] = await tx
        .insert(users)
        .values({
          tenantId: ctx.tenant.id,
          email: input.email,
          phone: input.phone ?? null,
          displayName: input.displayName,
          passwordHash,
          status: 'invited',
        })
        .returning();
    } catch (error) {
      if (pgErrorCode(error) === pgCodes.uniqueViolation) throw authErrors.emailTaken();
      throw error;
    }
    if (!user) throw new Error('insert returned no row');
    const grants =
      input.roles.length === 0
        ? []
        : await tx
            .insert(roleGrants)
            .values(input.roles.map((grant) => ({ tenantId: ctx.tenant.id, userId: user.id, ...grant })))
            .returning();
    await appendAudit(
      tx,
      ctx.tenant.id,
      {
        actor: actorOf(ctx.actor),
        action: 'user.create',
        targetType: 'user',
        targetId: user.id,
        details: { email: input.email, roles: input.roles },
      },
      ctx.now(),
    );
    return { user, grants };
  });
}

/** Sets (or resets) a person's password; the old sessions end with it. */
export async function setPassword(ctx: ServiceContext, userId: string, password: string) {
  const issues = passwordIssues(password);
  if (issues.length > 0) throw authErrors.invalidInput(issues);
  const passwordHash = await hashPassword(password);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const [user] = await tx
      .select()
      .from(users)
      .where(and(eq(users.tenantId, ctx.tenant.id), eq(users.id, userId)));
    if (!user) throw authErrors.userNotFound();
    const grants = await tx
      .select()
      .from(roleGrants)
      .where(and(eq(roleGrants.tenantId, ctx.tenant.id), eq(roleGrants.userId, userId)));
    // Resetting a password is taking over the account: it needs the authority to hand out every
    // role the person holds, where they hold it (and city-wide authority for someone with none).
    await authorize(tx, ctx.actor, 'users.manage', { tenantId: ctx.tenant.id });
    if (grants.length === 0) {
      const orgUnitId = await findRootUnitId(tx, ctx.tenant.id);
      await authorize(tx, ctx.actor, 'users.manage', { tenantId: ctx.tenant.id, orgUnitId });
    }
    for (const grant of grants) {
      await checkGrantable(
        ctx,
        tx,
        { role: grant.role as TenantRole, orgUnitId: grant.orgUnitId },
        'roles',
        'revoke',
      );
    }
    await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
    await tx.delete(sessions).where(and(eq(sessions.tenantId, ctx.tenant.id), eq(sessions.userId, userId)));
    await appendAudit(
      tx,
      ctx.tenant.id,
      { actor: actorOf(ctx.actor), action: 'user.set_password', targetType: 'user', targetId: userId },
      ctx.now(),
    );
  });
}

/**
 * The people of the city the caller may manage, with their roles: the API's list and the console's
 * are this one list (see `listPeopleInReach` for the rule).
 */
export async function listUsers(ctx: ServiceContext) {
  return (await listPeopleInReach(ctx)).people;
}

export async function findUser(db: Database, userId: string) {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  return user;
}

/**
 * A platform administrator account (no city): signs in to the console with no city given and
 * acts with the platform's authority. Created from the CLI only (`platform-admin:create`).
 */
export async function createPlatformAdministrator(
  db: Database,
  input: { email: string; displayName: string; password: string },
): Promise<UserRow> {
  const issues = passwordIssues(input.password);
  if (issues.length > 0) throw authErrors.invalidInput(issues);
  try {
    const [user] = await db
      .insert(users)
      .values({
        tenantId: null,
        email: input.email,
        displayName: input.displayName,
        passwordHash: await hashPassword(input.password),
        status: 'active',
        isPlatformAdministrator: true,
      })
      .returning();
    if (!user) throw new Error('insert returned no row');
    return user;
  } catch (error) {
    if (pgErrorCode(error) === pgCodes.uniqueViolation) throw authErrors.emailTaken();
    throw error;
  }
}

/**
 * The people inside the caller's reach — the subtrees of the units where the caller holds
 * `users.manage` — with their roles there, and the units of that reach that exist today (for
 * choosing where to grant a role). A district administrator reaches the people holding a role in
 * their district; a city-wide holder (or the platform) every person of the city. The API's list
 * and the console's page both come from here, so they never disagree.
 */
export async function listPeopleInReach(ctx: ServiceContext) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'users.manage', { tenantId: ctx.tenant.id });
    const cityRoot = await findRootUnitId(tx, ctx.tenant.id);
    const roots =
      ctx.actor.kind === 'user'
        ? ctx.actor.grants
            .filter((grant) => ROLE_ACTIONS[grant.role].includes('users.manage'))
            .map((grant) => grant.orgUnitId)
        : [cityRoot];
    if (roots.length === 0) return { people: [], units: [] };
    const result = await tx.execute(sql`
      with recursive reach as (
        select id from org_units
         where tenant_id = ${ctx.tenant.id} and id in (${sql.join(
           roots.map((root) => sql`${root}`),
           sql`, `,
         )})
        union
        select u.id from org_units u join reach r on u.parent_id = r.id where u.tenant_id = ${ctx.tenant.id}
      )
      select id from reach`);
    const unitIds = (result as unknown as { rows: { id: string }[] }).rows.map((row) => row.id);
    const units = await tx
      .select()
      .from(orgUnits)
      .where(
        and(eq(orgUnits.tenantId, ctx.tenant.id), inArray(orgUnits.id, unitIds), isNull(orgUnits.validTo)),
      )
      .orderBy(asc(orgUnits.code));
    // City-wide reach: every person of the city, those holding no role yet included.
    const cityWide = roots.includes(cityRoot);
    const grants = await tx
      .select()
      .from(roleGrants)
      .where(
        and(
          eq(roleGrants.tenantId, ctx.tenant.id),
          cityWide ? undefined : inArray(roleGrants.orgUnitId, unitIds),
        ),
      );
    const userIds = [...new Set(grants.map((grant) => grant.userId))];
    const people =
      !cityWide && userIds.length === 0
        ? []
        : await tx
            .select()
            .from(users)
            .where(and(eq(users.tenantId, ctx.tenant.id), cityWide ? undefined : inArray(users.id, userIds)))
            .orderBy(asc(users.email));
    return {
      people: people.map((user) => ({ user, grants: grants.filter((grant) => grant.userId === user.id) })),
      units,
    };
  });
}
