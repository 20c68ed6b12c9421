import { and, eq, sql } from 'drizzle-orm';
import { orgUnits, type SurveyQuestion, satisfactionAnswers, satisfactionSurveys } from '../../schema';
import { recordAudit } from '../audit/audit.service';
import { authErrors } from '../auth/auth.errors';
import type { ServiceContext } from '../auth/context';
import { holdsOverUnit, requireCity } from '../cases/case-access';
import { randomToken, sha256HexOf } from '../platform/crypto';
import { type Transaction, withTenant } from '../platform/db';
import type { FieldIssue } from '../platform/errors';
import { refuseUnsafeText } from '../platform/text';
import { evaluationErrors, evaluationIssue } from './evaluation.errors';
import { campaignOf, raterRef } from './evaluation-access';

export type SurveyRow = typeof satisfactionSurveys.$inferSelect;

export interface NewSurvey {
  campaignId?: string | undefined;
  orgUnitId: string;
  title: { zh: string; en: string };
  questions: SurveyQuestion[];
  sampleSize: number;
  fieldedOn: string;
}

/**
 * A third-party surveyor opens a satisfaction survey of one community's (or street's) residents:
 * the questionnaire, the sample size, and a public link whose token is shown once. Answers count
 * toward the campaign named, by community (questions without a department) and by department.
 */
export async function createSurvey(
  ctx: ServiceContext,
  input: NewSurvey,
): Promise<{ survey: SurveyRow; token: string }> {
  requireCity(ctx);
  refuseUnsafeText({
    title: input.title,
    ...Object.fromEntries(input.questions.map((q, i) => [`questions.${i}.text`, q.text])),
  });
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const [unit] = await tx
      .select({ id: orgUnits.id, level: orgUnits.level })
      .from(orgUnits)
      .where(and(eq(orgUnits.tenantId, ctx.tenant.id), eq(orgUnits.id, input.orgUnitId)));
    if (!unit || !['community', 'street'].includes(unit.level))
      throw evaluationErrors.invalid([evaluationIssue('orgUnitId', 'survey.not_community')]);
    if (!(await holdsOverUnit(tx, ctx, 'surveys.conduct', unit.id)))
      throw authErrors.forbidden('surveys.conduct');
    if (input.campaignId) {
      const campaign = await campaignOf(tx, ctx.tenant.id, input.campaignId);
      if (campaign.status === 'sealed') throw evaluationErrors.sealed();
    }
    const token = randomToken();
    const [survey] = await tx
      .insert(satisfactionSurveys)
      .values({
        tenantId: ctx.tenant.id,
        campaignId: input.campaignId ?? null,
        orgUnitId: unit.id,
        titleZh: input.title.zh,
        titleEn: input.title.en,
        questions: input.questions,
        sampleSize: input.sampleSize,
        conductedBy: raterRef(ctx.actor),
        tokenHash: sha256HexOf(token),
        fieldedOn: input.fieldedOn,
        createdAt: ctx.now(),
      })
      .returning();
    if (!survey) throw new Error('insert returned no row');
    await recordAudit(
      ctx,
      tx,
      'survey.create',
      { type: 'satisfaction_survey', id: survey.id },
      {
        orgUnitId: unit.id,
        sampleSize: input.sampleSize,
      },
    );
    return { survey, token };
  });
}

function answerIssues(survey: SurveyRow, responses: Record<string, number>[]): FieldIssue[] {
  const codes = new Set(survey.questions.map((question) => question.code));
  const issues: FieldIssue[] = [];
  responses.forEach((response, index) => {
    for (const [code, value] of Object.entries(response)) {
      if (!codes.has(code))
        issues.push(
          evaluationIssue(`responses.${index}.${code}`, 'survey.question_unknown', { question: code }),
        );
      else if (!Number.isInteger(value) || value < 1 || value > 5)
        issues.push(evaluationIssue(`responses.${index}.${code}`, 'survey.answer_range'));
    }
  });
  return issues;
}

async function addAnswers(
  ctx: ServiceContext,
  tx: Transaction,
  survey: SurveyRow,
  responses: Record<string, number>[],
  channel: 'entered' | 'link',
) {
  if (survey.closed) throw evaluationErrors.surveyClosed();
  const issues = answerIssues(survey, responses);
  if (issues.length > 0) throw evaluationErrors.invalid(issues);
  const [count] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(satisfactionAnswers)
    .where(eq(satisfactionAnswers.surveyId, survey.id));
  if ((count?.n ?? 0) + responses.length > survey.sampleSize) throw evaluationErrors.sampleFull();
  await tx.insert(satisfactionAnswers).values(
    responses.map((answers) => ({
      tenantId: ctx.tenant.id,
      surveyId: survey.id,
      answers,
      channel,
      createdAt: ctx.now(),
    })),
  );
  // The audit row counts answers; it never holds them (nor who gave them).
  await recordAudit(
    ctx,
    tx,
    `survey.answer.${channel}`,
    { type: 'satisfaction_survey', id: survey.id },
    {
      answers: responses.length,
    },
  );
  return { survey, answered: (count?.n ?? 0) + responses.length };
}

async function lockedSurvey(tx: Transaction, tenantId: string, where: ReturnType<typeof eq>) {
  const [survey] = await tx
    .select()
    .from(satisfactionSurveys)
    .where(and(eq(satisfactionSurveys.tenantId, tenantId), where))
    .for('update');
  if (!survey) throw evaluationErrors.surveyNotFound();
  return survey;
}

/** The surveyor enters paper or telephone answers, in batches, up to the sample size. */
export async function enterAnswers(
  ctx: ServiceContext,
  surveyId: string,
  responses: Record<string, number>[],
) {
  requireCity(ctx);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const survey = await lockedSurvey(tx, ctx.tenant.id, eq(satisfactionSurveys.id, surveyId));
    if (!(await holdsOverUnit(tx, ctx, 'surveys.conduct', survey.orgUnitId)))
      throw authErrors.forbidden('surveys.conduct');
    return addAnswers(ctx, tx, survey, responses, 'entered');
  });
}

/** The questionnaire behind a public link (the token is the only credential). */
export async function surveyByToken(ctx: Pick<ServiceContext, 'db' | 'tenant'>, token: string) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const [survey] = await tx
      .select()
      .from(satisfactionSurveys)
      .where(
        and(
          eq(satisfactionSurveys.tenantId, ctx.tenant.id),
          eq(satisfactionSurveys.tokenHash, sha256HexOf(token)),
        ),
      );
    if (!survey) throw evaluationErrors.surveyNotFound();
    return survey;
  });
}

/** A resident answers through the link: anonymous, one response per submission. */
export async function answerByLink(ctx: ServiceContext, token: string, response: Record<string, number>) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const survey = await lockedSurvey(
      tx,
      ctx.tenant.id,
      eq(satisfactionSurveys.tokenHash, sha256HexOf(token)),
    );
    return addAnswers(ctx, tx, survey, [response], 'link');
  });
}
