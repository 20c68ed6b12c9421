import { and, asc, eq } from 'drizzle-orm';
import { evaluationAssignments, evaluationRatings, evaluationSubjects } from '../../schema';
import { recordAudit } from '../audit/audit.service';
import type { ServiceContext } from '../auth/context';
import { requireCity } from '../cases/case-access';
import { withTenant } from '../platform/db';
import type { FieldIssue } from '../platform/errors';
import { refuseUnsafeText } from '../platform/text';
import { mayRate } from './campaigns.service';
import { evaluationErrors, evaluationIssue } from './evaluation.errors';
import { campaignOf, raterRef } from './evaluation-access';

export type RatingRow = typeof evaluationRatings.$inferSelect;

export interface NewRating {
  assignmentId: string;
  /** Criterion code → 0..100. */
  scores: Record<string, number>;
  comment?: string | undefined;
}

/**
 * A rater scores each criterion of the subject's kind, with a comment, inside the window. Staff of
 * the rating unit (or an officer of the rating department) rate; each person's rating is their own
 * and may be revised until the window closes. Nobody rates themselves: a person subject's own
 * account is refused, whatever unit it rates for.
 */
export async function submitRating(
  ctx: ServiceContext,
  campaignId: string,
  input: NewRating,
): Promise<RatingRow> {
  requireCity(ctx);
  if (input.comment) refuseUnsafeText({ comment: input.comment }, { multiline: ['comment'] });
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const campaign = await campaignOf(tx, ctx.tenant.id, campaignId);
    const [found] = await tx
      .select({ assignment: evaluationAssignments, subject: evaluationSubjects })
      .from(evaluationAssignments)
      .innerJoin(evaluationSubjects, eq(evaluationSubjects.id, evaluationAssignments.subjectId))
      .where(
        and(
          eq(evaluationAssignments.tenantId, ctx.tenant.id),
          eq(evaluationAssignments.campaignId, campaignId),
          eq(evaluationAssignments.id, input.assignmentId),
        ),
      );
    if (!found) throw evaluationErrors.assignmentUnknown();
    if (ctx.actor.kind === 'user' && found.subject.userId === ctx.actor.id)
      throw evaluationErrors.selfRating();
    if (!mayRate(ctx, found.assignment)) throw evaluationErrors.notRater();
    if (campaign.status === 'sealed') throw evaluationErrors.sealed();
    const now = ctx.now();
    if (now < campaign.opensAt || now >= campaign.closesAt) throw evaluationErrors.windowClosed();
    const criteria = campaign.scheme.criteria[found.subject.kind] ?? [];
    const issues: FieldIssue[] = [];
    for (const criterion of criteria)
      if (input.scores[criterion.code] === undefined)
        issues.push(
          evaluationIssue(`scores.${criterion.code}`, 'evaluation.criterion_missing', {
            criterion: criterion.code,
          }),
        );
    for (const [code, score] of Object.entries(input.scores)) {
      if (!criteria.some((criterion) => criterion.code === code))
        issues.push(evaluationIssue(`scores.${code}`, 'evaluation.criterion_unknown', { criterion: code }));
      else if (!(score >= 0 && score <= 100))
        issues.push(evaluationIssue(`scores.${code}`, 'evaluation.score_range'));
    }
    if (issues.length > 0) throw evaluationErrors.invalid(issues);
    const values = { scores: input.scores, comment: input.comment ?? '', updatedAt: now };
    const [row] = await tx
      .insert(evaluationRatings)
      .values({
        ...values,
        tenantId: ctx.tenant.id,
        campaignId,
        assignmentId: input.assignmentId,
        raterRef: raterRef(ctx.actor),
        createdAt: now,
      })
      .onConflictDoUpdate({
        target: [evaluationRatings.assignmentId, evaluationRatings.raterRef],
        set: values,
      })
      .returning();
    if (!row) throw new Error('upsert returned no row');
    // The audit row names the assignment, never the scores: a rating is read back only by its rater.
    await recordAudit(
      ctx,
      tx,
      'evaluation.rate',
      { type: 'evaluation_rating', id: row.id },
      {
        campaignId,
        assignmentId: input.assignmentId,
      },
    );
    return row;
  });
}

/** The actor's own ratings in a campaign; nobody reads another's (not the administrator either). */
export async function myRatings(ctx: ServiceContext, campaignId: string): Promise<RatingRow[]> {
  requireCity(ctx);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await campaignOf(tx, ctx.tenant.id, campaignId);
    return tx
      .select()
      .from(evaluationRatings)
      .where(
        and(
          eq(evaluationRatings.tenantId, ctx.tenant.id),
          eq(evaluationRatings.campaignId, campaignId),
          eq(evaluationRatings.raterRef, raterRef(ctx.actor)),
        ),
      )
      .orderBy(asc(evaluationRatings.createdAt));
  });
}
