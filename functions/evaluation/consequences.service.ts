import { and, asc, eq } from 'drizzle-orm';
import {
  evaluationObjections,
  evaluationStations,
  evaluationSubjects,
  evaluationVetoes,
  orgUnits,
} from '../../schema';
import { recordAudit } from '../audit/audit.service';
import type { ServiceContext } from '../auth/context';
import { findRootUnitId, unitAndAncestors } from '../auth/units';
import { holdsOverUnit, requireCity } from '../cases/case-access';
import { type Transaction, withTenant } from '../platform/db';
import { refuseUnsafeText } from '../platform/text';
import { evaluationErrors, evaluationIssue } from './evaluation.errors';
import { campaignOf, raterRef, requireOverCity } from './evaluation-access';

async function subjectIn(tx: Transaction, tenantId: string, campaignId: string, subjectId: string) {
  const [subject] = await tx
    .select()
    .from(evaluationSubjects)
    .where(
      and(
        eq(evaluationSubjects.tenantId, tenantId),
        eq(evaluationSubjects.campaignId, campaignId),
        eq(evaluationSubjects.id, subjectId),
      ),
    );
  if (!subject) throw evaluationErrors.invalid([evaluationIssue('subjectId', 'evaluation.subject_unknown')]);
  return subject;
}

/** Whether the actor speaks for the subject: the person, staff of its unit, an officer of its department. */
function speaksFor(
  ctx: ServiceContext,
  subject: typeof evaluationSubjects.$inferSelect,
  departmentOf: string | null,
) {
  const actor = ctx.actor;
  if (actor.kind !== 'user') return false;
  if (subject.userId === actor.id) return true;
  return actor.grants.some((grant) =>
    grant.role === 'department_officer'
      ? grant.departmentId !== null && grant.departmentId === (subject.departmentId ?? departmentOf)
      : grant.orgUnitId === subject.orgUnitId && subject.orgUnitId !== null,
  );
}

/** A subject objects to its sealed result; the city answers with a reason (the result stays sealed). */
export async function fileObjection(
  ctx: ServiceContext,
  campaignId: string,
  input: { subjectId: string; text: string },
) {
  requireCity(ctx);
  refuseUnsafeText({ text: input.text }, { multiline: ['text'] });
  if (!input.text.trim())
    throw evaluationErrors.invalid([evaluationIssue('text', 'evaluation.reason_required')]);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const campaign = await campaignOf(tx, ctx.tenant.id, campaignId);
    const subject = await subjectIn(tx, ctx.tenant.id, campaignId, input.subjectId);
    if (!speaksFor(ctx, subject, null)) throw evaluationErrors.notSubject();
    if (campaign.status !== 'sealed') throw evaluationErrors.notSealed();
    const [row] = await tx
      .insert(evaluationObjections)
      .values({
        tenantId: ctx.tenant.id,
        campaignId,
        subjectId: subject.id,
        filedBy: raterRef(ctx.actor),
        text: input.text,
        createdAt: ctx.now(),
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    await recordAudit(
      ctx,
      tx,
      'evaluation.objection.file',
      { type: 'evaluation_objection', id: row.id },
      {
        campaignId,
        subjectId: subject.id,
      },
    );
    return row;
  });
}

export async function answerObjection(
  ctx: ServiceContext,
  objectionId: string,
  input: { outcome: 'upheld' | 'rejected'; answer: string },
) {
  requireCity(ctx);
  refuseUnsafeText({ answer: input.answer }, { multiline: ['answer'] });
  if (!input.answer.trim())
    throw evaluationErrors.invalid([evaluationIssue('answer', 'evaluation.reason_required')]);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await requireOverCity(tx, ctx, 'evaluation.manage', await findRootUnitId(tx, ctx.tenant.id));
    const [objection] = await tx
      .select()
      .from(evaluationObjections)
      .where(and(eq(evaluationObjections.tenantId, ctx.tenant.id), eq(evaluationObjections.id, objectionId)))
      .for('update');
    if (!objection) throw evaluationErrors.objectionNotFound();
    if (objection.answeredAt) throw evaluationErrors.objectionAnswered();
    const [row] = await tx
      .update(evaluationObjections)
      .set({
        outcome: input.outcome,
        answer: input.answer,
        answeredBy: raterRef(ctx.actor),
        answeredAt: ctx.now(),
      })
      .where(eq(evaluationObjections.id, objectionId))
      .returning();
    await recordAudit(
      ctx,
      tx,
      'evaluation.objection.answer',
      { type: 'evaluation_objection', id: objectionId },
      {
        outcome: input.outcome,
      },
    );
    return row ?? objection;
  });
}

/** Objections in a campaign: the administrator sees all; others those they filed. */
export async function listObjections(ctx: ServiceContext, campaignId: string) {
  requireCity(ctx);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await campaignOf(tx, ctx.tenant.id, campaignId);
    const manager = await holdsOverUnit(
      tx,
      ctx,
      'evaluation.manage',
      await findRootUnitId(tx, ctx.tenant.id),
    );
    return tx
      .select()
      .from(evaluationObjections)
      .where(
        and(
          eq(evaluationObjections.tenantId, ctx.tenant.id),
          eq(evaluationObjections.campaignId, campaignId),
          manager ? undefined : eq(evaluationObjections.filedBy, raterRef(ctx.actor)),
        ),
      )
      .orderBy(asc(evaluationObjections.createdAt));
  });
}

/**
 * 一票否决: staff of a community (or street) veto an award to a unit stationed with them, or to a
 * person of that unit, with a reason, before the results are sealed.
 */
export async function fileVeto(
  ctx: ServiceContext,
  campaignId: string,
  input: { subjectId: string; communityUnitId: string; reason: string },
) {
  requireCity(ctx);
  refuseUnsafeText({ reason: input.reason }, { multiline: ['reason'] });
  if (!input.reason.trim())
    throw evaluationErrors.invalid([evaluationIssue('reason', 'evaluation.reason_required')]);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const campaign = await campaignOf(tx, ctx.tenant.id, campaignId, true);
    const subject = await subjectIn(tx, ctx.tenant.id, campaignId, input.subjectId);
    const [community] = await tx
      .select({ id: orgUnits.id })
      .from(orgUnits)
      .where(and(eq(orgUnits.tenantId, ctx.tenant.id), eq(orgUnits.id, input.communityUnitId)));
    if (!community)
      throw evaluationErrors.invalid([evaluationIssue('communityUnitId', 'evaluation.subject_unknown')]);
    if (!(await holdsOverUnit(tx, ctx, 'evaluation.veto', input.communityUnitId)))
      throw evaluationErrors.vetoNotStation();
    const [station] = subject.stationId
      ? await tx
          .select()
          .from(evaluationStations)
          .where(
            and(eq(evaluationStations.tenantId, ctx.tenant.id), eq(evaluationStations.id, subject.stationId)),
          )
      : [];
    // Stationed with the community: the host is the community, or the community lies under the host street.
    const hosted = station
      ? await holdsOverUnitTree(tx, ctx.tenant.id, station.hostUnitId, input.communityUnitId)
      : false;
    if (!hosted) throw evaluationErrors.vetoNotStation();
    if (campaign.status === 'sealed') throw evaluationErrors.sealed();
    const [row] = await tx
      .insert(evaluationVetoes)
      .values({
        tenantId: ctx.tenant.id,
        campaignId,
        subjectId: subject.id,
        communityUnitId: input.communityUnitId,
        reason: input.reason,
        filedBy: raterRef(ctx.actor),
        createdAt: ctx.now(),
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw evaluationErrors.vetoExists();
    await recordAudit(
      ctx,
      tx,
      'evaluation.veto',
      { type: 'evaluation_veto', id: row.id },
      {
        campaignId,
        subjectId: subject.id,
        communityUnitId: input.communityUnitId,
      },
    );
    return row;
  });
}

async function holdsOverUnitTree(tx: Transaction, tenantId: string, ancestorId: string, unitId: string) {
  return ((await unitAndAncestors(tx, tenantId, unitId)) ?? []).includes(ancestorId);
}
