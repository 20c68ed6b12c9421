import { and, eq, inArray } from 'drizzle-orm';
import { cases, workItems } from '../../schema';
import { authorize } from '../auth/authorize';
import type { ServiceContext } from '../auth/context';
import { holdsOverUnit, requireCity } from '../cases/case-access';
import { findCategory } from '../cases/case-catalog.service';
import { applyStep, lockCase, stageColumns } from '../cases/case-steps';
import { casesErrors } from '../cases/cases.errors';
import { todayIn } from '../platform/dates';
import { type Executor, withTenant } from '../platform/db';
import { refuseUnsafeText } from '../platform/text';
import { admissionErrors } from './admission.errors';
import { findWorkItem, inForce, type WorkItemRow } from './work-items.service';

/** Why work may be declined: no item named, the item not in force (revoked, expired), or never pushed down. */
export type DeclineGround = 'no_item' | 'not_in_force' | 'negative_list';

/** Whether an item obliges the community on a day: admitted or statutory, in force, not on the negative list. */
export function obliges(item: WorkItemRow | undefined, day: string): DeclineGround | null {
  if (!item) return 'no_item';
  if (item.list === 'negative') return 'negative_list';
  if (!inForce(item, day)) return 'not_in_force';
  return null;
}

/**
 * 准入 at dispatch: the community or grid a case was dispatched to declines it because the work is
 * neither admitted nor statutory. The case goes back to registered for its manager to dispatch
 * elsewhere, with a fresh dispatch clock; the reason goes on the timeline and the audit trail.
 */
export async function declineWork(
  ctx: ServiceContext,
  caseId: string,
  input: { reason: string; version?: number | undefined },
) {
  requireCity(ctx);
  refuseUnsafeText({ reason: input.reason }, { multiline: ['reason'] });
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'cases.handle', { tenantId: ctx.tenant.id });
    const row = await lockCase(tx, ctx.tenant.id, caseId, ['dispatched'], input.version);
    const communityLevel = row.handlerKind === 'community' || row.handlerKind === 'grid';
    if (
      !communityLevel ||
      !row.handlerOrgUnitId ||
      !(await holdsOverUnit(tx, ctx, 'cases.handle', row.handlerOrgUnitId))
    )
      throw admissionErrors.notCommunityHandler();
    const item = row.workItemId ? await findWorkItem(tx, ctx.tenant.id, row.workItemId) : undefined;
    const ground = obliges(item, todayIn(ctx.tenant.timezone, ctx.now()));
    if (!ground) throw admissionErrors.workAdmitted();
    const category = await findCategory(tx, ctx.tenant.id, row.categoryId);
    if (!category) throw casesErrors.notFound();
    return applyStep(ctx, tx, row, {
      kind: 'decline_work',
      reason: input.reason,
      details: { ground, workItemId: row.workItemId, handlerOrgUnitId: row.handlerOrgUnitId },
      patch: {
        status: 'registered',
        handlerKind: null,
        handlerDepartmentId: null,
        handlerOrgUnitId: null,
        ...(await stageColumns(tx, ctx, 'dispatch', category.limits)),
      },
    });
  });
}

/** The work a community (or grid) has in hand, each case with whether its work is admitted. */
export async function workInHand(
  db: Executor,
  ctx: Pick<ServiceContext, 'tenant' | 'now'>,
  unitIds: string[],
) {
  if (unitIds.length === 0) return [];
  const rows = await db
    .select({ case: cases, item: workItems })
    .from(cases)
    .leftJoin(workItems, eq(workItems.id, cases.workItemId))
    .where(
      and(
        eq(cases.tenantId, ctx.tenant.id),
        inArray(cases.handlerOrgUnitId, unitIds),
        inArray(cases.status, ['dispatched', 'handling']),
      ),
    )
    .limit(200);
  const day = todayIn(ctx.tenant.timezone, ctx.now());
  return rows.map((row) => ({ case: row.case, item: row.item, ground: obliges(row.item ?? undefined, day) }));
}
