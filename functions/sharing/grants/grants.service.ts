import { and, desc, eq } from 'drizzle-orm';
import { dataGrants } from '../../../schema';
import { appendAudit } from '../../audit/audit.service';
import { authErrors } from '../../auth/auth.errors';
import { authorize } from '../../auth/authorize';
import type { ServiceContext } from '../../auth/context';
import { actorOf } from '../../auth/principal';
import { unitAndAncestors } from '../../auth/units';
import { todayIn } from '../../platform/dates';
import { withTenant } from '../../platform/db';
import { type FieldIssue, fieldIssue } from '../../platform/errors';
import { loadCatalog } from '../catalog/catalog.service';
import { sharingErrors, sharingIssue } from '../sharing.errors';

export const REPLY_DAYS = 10;
/** The longest refusal reason (the API's schema says the same). */
export const REASON_MAX = 500;

export interface GrantRequest {
  fields: string[];
  purpose: string;
  legalBasis: string;
  validFrom?: string | undefined;
  validTo: string;
  orgUnitId?: string | undefined;
}

export type GrantRow = typeof dataGrants.$inferSelect;

/**
 * A department asks to read fields for a purpose. Open-class fields are granted at once;
 * conditional ones wait for the owner department's and the city's approval (reply within ten
 * days); none-class fields cannot be asked for. A whole domain may be asked as `domain.*`.
 */
export async function requestGrant(ctx: ServiceContext, input: GrantRequest): Promise<GrantRow> {
  if (ctx.actor.kind !== 'api_client') throw authErrors.forbidden('requesting a grant (departments only)');
  const departmentId = ctx.actor.departmentId;
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'grants.request', { tenantId: ctx.tenant.id });
    const catalog = await loadCatalog(tx, ctx.tenant.id);
    const issues: FieldIssue[] = [];
    const fields = new Set<string>();
    input.fields.forEach((name, index) => {
      const matches = name.endsWith('.*')
        ? catalog.filter((field) => field.domainKey === name.slice(0, -2) && field.sharingClass !== 'none')
        : catalog.filter((field) => field.qualified === name);
      if (matches.length === 0)
        issues.push(sharingIssue(`fields.${index}`, 'grant.no_such_field', { field: name }));
      for (const field of matches) {
        if (field.sharingClass === 'none') {
          issues.push(
            sharingIssue(`fields.${index}`, 'grant.field_not_shared', {
              field: name,
              legalBasis: field.legalBasis,
            }),
          );
        } else fields.add(field.qualified);
      }
    });
    const today = todayIn(ctx.tenant.timezone, ctx.now());
    const validFrom = input.validFrom ?? today;
    if (input.validTo < validFrom) issues.push(sharingIssue('validTo', 'grant.valid_to_before_from'));
    if (input.orgUnitId && !(await unitAndAncestors(tx, ctx.tenant.id, input.orgUnitId))) {
      issues.push(sharingIssue('orgUnitId', 'grant.unit_unknown'));
    }
    if (issues.length > 0) throw sharingErrors.grantInvalid(issues);
    const conditional = [...fields].some(
      (name) => catalog.find((field) => field.qualified === name)?.sharingClass === 'conditional',
    );
    const now = ctx.now();
    const [grant] = await tx
      .insert(dataGrants)
      .values({
        tenantId: ctx.tenant.id,
        departmentId,
        fields: [...fields].sort(),
        purpose: input.purpose,
        legalBasis: input.legalBasis,
        validFrom,
        validTo: input.validTo,
        orgUnitId: input.orgUnitId ?? null,
        status: conditional ? 'pending' : 'approved',
        replyBy: new Date(now.getTime() + REPLY_DAYS * 24 * 3600 * 1000),
      })
      .returning();
    if (!grant) throw new Error('insert returned no row');
    await appendAudit(
      tx,
      ctx.tenant.id,
      {
        actor: actorOf(ctx.actor),
        action: 'grant.request',
        targetType: 'data_grant',
        targetId: grant.id,
        details: { fields: grant.fields, purpose: input.purpose },
      },
      now,
    );
    return grant;
  });
}

/**
 * Decides a pending grant. The owner department (an API client of the department owning every
 * conditional field, with `grants:decide`) and the city (a city administrator) each approve;
 * both make it active. Either may refuse, with a reason.
 */
export async function decideGrant(
  ctx: ServiceContext,
  grantId: string,
  decision: { approve: boolean; reason?: string | undefined },
): Promise<GrantRow> {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'grants.decide', { tenantId: ctx.tenant.id });
    const [grant] = await tx
      .select()
      .from(dataGrants)
      .where(and(eq(dataGrants.tenantId, ctx.tenant.id), eq(dataGrants.id, grantId)))
      .for('update');
    if (!grant) throw sharingErrors.grantNotFound();
    if (grant.status !== 'pending') throw sharingErrors.grantDecided();
    const catalog = await loadCatalog(tx, ctx.tenant.id);
    const owners = new Set(
      grant.fields
        .map((name) => catalog.find((field) => field.qualified === name))
        .filter((field) => field?.sharingClass === 'conditional')
        .map((field) => field?.ownerDepartmentId),
    );
    const asOwner =
      ctx.actor.kind === 'platform' ||
      (ctx.actor.kind === 'api_client' && owners.size === 1 && owners.has(ctx.actor.departmentId));
    const asCity = ctx.actor.kind === 'platform' || ctx.actor.kind === 'user';
    if (!asOwner && !asCity)
      throw authErrors.forbidden('deciding a grant on data your department does not own');
    // Each party decides once: a second click (or a replayed request) changes nothing and writes no
    // second audit event. The platform acts for both parties, so it is only refused once both decided.
    const decidedAlready =
      ctx.actor.kind === 'platform'
        ? grant.ownerApprovedAt !== null && grant.cityApprovedAt !== null
        : asCity
          ? grant.cityApprovedAt !== null
          : grant.ownerApprovedAt !== null;
    if (decidedAlready) throw sharingErrors.grantDecided();
    const now = ctx.now();
    let changes: Partial<GrantRow>;
    if (!decision.approve) {
      if (!decision.reason?.trim())
        throw sharingErrors.grantInvalid([sharingIssue('reason', 'grant.reason_required')]);
      if (decision.reason.trim().length > REASON_MAX)
        throw sharingErrors.grantInvalid([fieldIssue('reason', 'field.too_long', { maximum: REASON_MAX })]);
      changes = { status: 'refused', reason: decision.reason.trim() };
    } else {
      const ownerApprovedAt = asOwner ? now : grant.ownerApprovedAt;
      const cityApprovedAt = asCity ? now : grant.cityApprovedAt;
      changes = {
        ownerApprovedAt,
        cityApprovedAt,
        status: ownerApprovedAt && cityApprovedAt ? 'approved' : 'pending',
      };
    }
    const [updated] = await tx.update(dataGrants).set(changes).where(eq(dataGrants.id, grant.id)).returning();
    if (!updated) throw new Error('update returned no row');
    await appendAudit(
      tx,
      ctx.tenant.id,
      {
        actor: actorOf(ctx.actor),
        action: decision.approve ? 'grant.approve' : 'grant.refuse',
        targetType: 'data_grant',
        targetId: grant.id,
        details: {
          as: [asOwner ? 'owner' : null, asCity ? 'city' : null].filter(Boolean),
          status: updated.status,
          reason: decision.reason ?? null,
        },
      },
      now,
    );
    return updated;
  });
}

/**
 * Revocation takes effect on the next call: reads check grants every time. The grantee may give
 * a grant up; the department owning its conditional data or the city may withdraw it.
 */
export async function revokeGrant(ctx: ServiceContext, grantId: string): Promise<GrantRow> {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const [grant] = await tx
      .select()
      .from(dataGrants)
      .where(and(eq(dataGrants.tenantId, ctx.tenant.id), eq(dataGrants.id, grantId)));
    if (!grant) throw sharingErrors.grantNotFound();
    let allowed = ctx.actor.kind === 'platform';
    if (ctx.actor.kind === 'api_client') {
      const departmentId = ctx.actor.departmentId;
      const catalog = await loadCatalog(tx, ctx.tenant.id);
      const owners = new Set(
        grant.fields
          .map((name) => catalog.find((field) => field.qualified === name)?.ownerDepartmentId)
          .filter(Boolean),
      );
      allowed =
        departmentId === grant.departmentId ||
        (owners.size > 0 && [...owners].every((owner) => owner === departmentId));
    } else if (ctx.actor.kind === 'user') {
      await authorize(tx, ctx.actor, 'grants.decide', { tenantId: ctx.tenant.id });
      allowed = true;
    }
    if (!allowed)
      throw authErrors.forbidden('revoking a grant your department neither holds nor owns the data of');
    const [updated] = await tx
      .update(dataGrants)
      .set({ status: 'revoked' })
      .where(eq(dataGrants.id, grant.id))
      .returning();
    if (!updated) throw new Error('update returned no row');
    await appendAudit(
      tx,
      ctx.tenant.id,
      { actor: actorOf(ctx.actor), action: 'grant.revoke', targetType: 'data_grant', targetId: grant.id },
      ctx.now(),
    );
    return updated;
  });
}

export async function listGrants(ctx: ServiceContext): Promise<GrantRow[]> {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const condition =
      ctx.actor.kind === 'api_client'
        ? and(eq(dataGrants.tenantId, ctx.tenant.id), eq(dataGrants.departmentId, ctx.actor.departmentId))
        : eq(dataGrants.tenantId, ctx.tenant.id);
    if (ctx.actor.kind !== 'api_client')
      await authorize(tx, ctx.actor, 'grants.decide', { tenantId: ctx.tenant.id });
    return tx.select().from(dataGrants).where(condition).orderBy(desc(dataGrants.createdAt));
  });
}
