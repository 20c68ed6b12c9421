import { and, eq } from 'drizzle-orm';
import { dataGrants } from '../../../schema';
import { appendAudit } from '../../audit/audit.service';
import { authorize } from '../../auth/authorize';
import type { ServiceContext } from '../../auth/context';
import { actorOf } from '../../auth/principal';
import { withTenant } from '../../platform/db';
import { fieldIssue } from '../../platform/errors';
import { loadCatalog } from '../catalog/catalog.service';
import { sharingErrors, sharingIssue } from '../sharing.errors';
import { type OwnerDecisions, ownersToAsk, readableFields, statusAfter } from './grant-owners';
import type { GrantRow } from './grants.service';

/** The longest refusal reason (the API's schema says the same). */
export const REASON_MAX = 500;

export interface GrantDecision {
  approve: boolean;
  reason?: string | undefined;
}

/**
 * Decides a pending grant. Each department owning conditional fields the grant names decides on
 * its own fields (an API client of that department with `grants:decide`); the city (a city
 * administrator) decides on the grant as a whole. An owner's fields become readable once that
 * owner and the city approved, whatever the other owners do; an owner's refusal withholds only its
 * fields, the city's refuses the grant. The platform acts for every party. Each party decides once
 * (409 `grant.decided` after that, nothing written).
 */
export async function decideGrant(
  ctx: ServiceContext,
  grantId: string,
  decision: GrantDecision,
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
    // Grants requested before per-owner decisions have none recorded: ask the catalog's owners now.
    const owners: OwnerDecisions = structuredClone(
      Object.keys(grant.ownerDecisions).length > 0
        ? grant.ownerDecisions
        : ownersToAsk(grant.fields, await loadCatalog(tx, ctx.tenant.id), grant.departmentId),
    );
    const asCity = ctx.actor.kind === 'platform' || ctx.actor.kind === 'user';
    const ownedHere =
      ctx.actor.kind === 'platform'
        ? Object.keys(owners)
        : ctx.actor.kind === 'api_client' && owners[ctx.actor.departmentId]
          ? [ctx.actor.departmentId]
          : [];
    if (!asCity && ownedHere.length === 0) throw sharingErrors.grantDecideNotOwner();
    const undecided = ownedHere.filter((department) => owners[department]?.approve === null);
    const cityDecides = asCity && grant.cityApprovedAt === null;
    if (!cityDecides && undecided.length === 0) throw sharingErrors.grantDecided();
    const reason = decision.reason?.trim() ?? '';
    if (!decision.approve) {
      if (!reason) throw sharingErrors.grantInvalid([sharingIssue('reason', 'grant.reason_required')]);
      if (reason.length > REASON_MAX)
        throw sharingErrors.grantInvalid([fieldIssue('reason', 'field.too_long', { maximum: REASON_MAX })]);
    }
    const now = ctx.now();
    for (const department of undecided) {
      owners[department] = {
        fields: owners[department]?.fields ?? [],
        approve: decision.approve,
        reason: decision.approve ? null : reason,
        at: now.toISOString(),
      };
    }
    const cityApprovedAt = cityDecides && decision.approve ? now : grant.cityApprovedAt;
    const allOwnersApproved = Object.values(owners).every((owner) => owner.approve === true);
    const changes: Partial<GrantRow> = {
      ownerDecisions: owners,
      cityApprovedAt,
      ownerApprovedAt: allOwnersApproved ? (grant.ownerApprovedAt ?? now) : null,
      readableFields: readableFields(grant.fields, owners, cityApprovedAt !== null),
      status:
        cityDecides && !decision.approve ? 'refused' : statusAfter({ ...grant, cityApprovedAt }, owners),
      ...(decision.approve ? {} : { reason }),
    };
    if (changes.status === 'refused') changes.readableFields = [];
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
          as: [undecided.length > 0 ? 'owner' : null, cityDecides ? 'city' : null].filter(Boolean),
          owners: undecided,
          fields: undecided.flatMap((department) => owners[department]?.fields ?? []),
          status: updated.status,
          readableFields: updated.readableFields,
          reason: decision.reason ?? null,
        },
      },
      now,
    );
    return updated;
  });
}
