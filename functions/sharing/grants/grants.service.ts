import { and, arrayOverlaps, desc, eq, or } from 'drizzle-orm';
import { dataGrants } from '../../../schema';
import { appendAudit } from '../../audit/audit.service';
import { authorize } from '../../auth/authorize';
import type { ServiceContext } from '../../auth/context';
import { actorOf } from '../../auth/principal';
import { unitAndAncestors } from '../../auth/units';
import { todayIn } from '../../platform/dates';
import { type Transaction, withTenant } from '../../platform/db';
import type { FieldIssue } from '../../platform/errors';
import { loadCatalog } from '../catalog/catalog.service';
import { purposeKnown } from '../purposes/purposes.service';
import type { GrantKind } from '../registry/readable';
import { sharingErrors, sharingIssue } from '../sharing.errors';
import { ownersToAsk, readableFields, withdrawApproval } from './grant-owners';

export const REPLY_DAYS = 10;

export interface GrantRequest {
  fields: string[];
  /** The city's purpose code the grant serves (`purpose` alone is taken as the code when it is one). */
  purposeCode?: string | undefined;
  /** Free text beside the code. */
  purpose?: string | undefined;
  /** `verify`: yes/no verifications of the fields only, never their values. */
  kind?: GrantKind | undefined;
  legalBasis: string;
  validFrom?: string | undefined;
  validTo: string;
  orgUnitId?: string | undefined;
}

export type GrantRow = typeof dataGrants.$inferSelect;

/**
 * A department asks to read (or, kind `verify`, only to verify) fields for one of the city's
 * purposes. Open-class fields (and its own) are granted at once; each conditional one waits for
 * its owner department's and the city's approval (reply within ten days); none-class fields cannot
 * be asked for. A whole domain may be asked as `domain.*`.
 */
export async function requestGrant(ctx: ServiceContext, input: GrantRequest): Promise<GrantRow> {
  if (ctx.actor.kind !== 'api_client') throw sharingErrors.grantDepartmentsOnly();
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
    const purposeCode = input.purposeCode ?? input.purpose?.trim() ?? '';
    if (!(await purposeKnown(tx, ctx.tenant.id, purposeCode)))
      issues.push(sharingIssue('purposeCode', 'grant.purpose_unknown', { purpose: purposeCode }));
    if (issues.length > 0) throw sharingErrors.grantInvalid(issues);
    const sorted = [...fields].sort();
    const owners = ownersToAsk(sorted, catalog, departmentId);
    const now = ctx.now();
    const [grant] = await tx
      .insert(dataGrants)
      .values({
        tenantId: ctx.tenant.id,
        departmentId,
        fields: sorted,
        purpose: input.purposeCode ? (input.purpose?.trim() ?? '') : '',
        purposeCode,
        kind: input.kind ?? 'read',
        legalBasis: input.legalBasis,
        validFrom,
        validTo: input.validTo,
        orgUnitId: input.orgUnitId ?? null,
        status: Object.keys(owners).length > 0 ? 'pending' : 'approved',
        ownerDecisions: owners,
        readableFields: readableFields(sorted, owners, false),
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
        details: { fields: grant.fields, purposeCode, purpose: grant.purpose, kind: grant.kind },
      },
      now,
    );
    return grant;
  });
}

/**
 * Revocation takes effect on the next call: reads check grants every time. The grantee may give
 * a grant up; the department owning its conditional data or the city may withdraw it. On a grant
 * over several owners' fields, an owner withdraws its own approval: its fields stop being
 * readable, the other owners' stay (`withdrawOwnApproval`).
 */
export async function revokeGrant(ctx: ServiceContext, grantId: string): Promise<GrantRow> {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const [grant] = await tx
      .select()
      .from(dataGrants)
      .where(and(eq(dataGrants.tenantId, ctx.tenant.id), eq(dataGrants.id, grantId)))
      .for('update');
    if (!grant) throw sharingErrors.grantNotFound();
    if (ctx.actor.kind === 'api_client' && ctx.actor.departmentId !== grant.departmentId) {
      const owner = ctx.actor.departmentId;
      const others = Object.keys(grant.ownerDecisions).filter((department) => department !== owner);
      if (grant.ownerDecisions[owner] && others.length > 0) return withdrawOwnApproval(ctx, tx, grant, owner);
    }
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
    if (!allowed) throw sharingErrors.grantRevokeNotParty();
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

/** One owner's approval taken back, audited as `grant.withdraw` with the fields it covered. */
async function withdrawOwnApproval(
  ctx: ServiceContext,
  tx: Transaction,
  grant: GrantRow,
  owner: string,
): Promise<GrantRow> {
  if (
    grant.status === 'revoked' ||
    grant.status === 'refused' ||
    grant.ownerDecisions[owner]?.approve !== true
  )
    throw sharingErrors.nothingToWithdraw();
  const now = ctx.now();
  const changes = withdrawApproval(grant, owner, now);
  const [updated] = await tx.update(dataGrants).set(changes).where(eq(dataGrants.id, grant.id)).returning();
  if (!updated) throw new Error('update returned no row');
  await appendAudit(
    tx,
    ctx.tenant.id,
    {
      actor: actorOf(ctx.actor),
      action: 'grant.withdraw',
      targetType: 'data_grant',
      targetId: grant.id,
      details: {
        owner,
        fields: grant.ownerDecisions[owner]?.fields ?? [],
        status: updated.status,
        readableFields: updated.readableFields,
      },
    },
    now,
  );
  return updated;
}

/**
 * Grants: a department sees those it holds and those naming fields it owns (its decision queue);
 * city administrators see all.
 */
export async function listGrants(ctx: ServiceContext): Promise<GrantRow[]> {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    let condition = eq(dataGrants.tenantId, ctx.tenant.id);
    if (ctx.actor.kind === 'api_client') {
      const departmentId = ctx.actor.departmentId;
      const owned = (await loadCatalog(tx, ctx.tenant.id))
        .filter((field) => field.ownerDepartmentId === departmentId)
        .map((field) => field.qualified);
      condition = and(
        condition,
        or(
          eq(dataGrants.departmentId, departmentId),
          owned.length > 0 ? arrayOverlaps(dataGrants.fields, owned) : undefined,
        ),
      ) as typeof condition;
    } else await authorize(tx, ctx.actor, 'grants.decide', { tenantId: ctx.tenant.id });
    return tx.select().from(dataGrants).where(condition).orderBy(desc(dataGrants.createdAt));
  });
}
