import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import {
  departments,
  evaluationCampaigns,
  evaluationRatings,
  evaluationResults,
  evaluationSubjects,
  orgUnits,
  type PartCode,
  satisfactionAnswers,
  satisfactionSurveys,
} from '../../schema';
import type { ReadContext } from '../auth/context';
import { withTenant } from '../platform/db';
import { surveyScore } from './compute';

type Name = { zh: string; en: string };

/** A figure and how many answers or raters it stands on (the page applies the small-count rule). */
export interface Counted {
  score: number | null;
  count: number;
}

export interface PublishedCampaign {
  id: string;
  title: Name;
  periodStart: string;
  periodEnd: string;
  template: string;
  /** Weights per kind of subject, and the criteria (methods). */
  scheme: (typeof evaluationCampaigns.$inferSelect)['scheme'];
  raters: number;
  /** Departments and stationed agencies: combined score, and the part given from below. */
  results: {
    kind: 'department' | 'station';
    name: Name;
    score: number | null;
    award: boolean;
    vetoed: boolean;
    fromBelow: Counted | null;
    parts: { part: PartCode; weight: number }[];
  }[];
}

export interface PublishedSatisfaction {
  /** Per community and survey date. */
  communities: { unit: Name; fieldedOn: string; survey: Counted }[];
  /** Per department and campaign period, from the survey questions that name it. */
  departments: { department: Name; periodEnd: string; survey: Counted }[];
}

const mean = (values: number[]) =>
  values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10 : null;

/**
 * What a city publishes of its sealed campaigns: departments' and stationed agencies' scores, the
 * part rated from below with its number of raters, the methods (who rated, weights, criteria). No
 * person's score, no single rating, no comment, no rater: only sealed aggregates.
 */
export async function publishedCampaigns(ctx: ReadContext, limit = 4): Promise<PublishedCampaign[]> {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const campaigns = await tx
      .select()
      .from(evaluationCampaigns)
      .where(and(eq(evaluationCampaigns.tenantId, ctx.tenant.id), eq(evaluationCampaigns.status, 'sealed')))
      .orderBy(desc(evaluationCampaigns.periodEnd))
      .limit(limit);
    const published: PublishedCampaign[] = [];
    for (const campaign of campaigns) {
      const rows = await tx
        .select({ result: evaluationResults, subject: evaluationSubjects })
        .from(evaluationResults)
        .innerJoin(evaluationSubjects, eq(evaluationSubjects.id, evaluationResults.subjectId))
        .where(
          and(
            eq(evaluationResults.tenantId, ctx.tenant.id),
            eq(evaluationResults.campaignId, campaign.id),
            inArray(evaluationSubjects.kind, ['department', 'station']),
          ),
        )
        .orderBy(asc(evaluationSubjects.kind), asc(evaluationSubjects.nameZh));
      const raters = await tx
        .selectDistinct({ rater: evaluationRatings.raterRef })
        .from(evaluationRatings)
        .where(
          and(eq(evaluationRatings.tenantId, ctx.tenant.id), eq(evaluationRatings.campaignId, campaign.id)),
        );
      published.push({
        id: campaign.id,
        title: { zh: campaign.titleZh, en: campaign.titleEn },
        periodStart: campaign.periodStart,
        periodEnd: campaign.periodEnd,
        template: campaign.template,
        scheme: campaign.scheme,
        raters: raters.length,
        results: rows.map(({ result, subject }) => {
          const below = result.parts.find((part) => part.part === 'from_below');
          return {
            kind: subject.kind as 'department' | 'station',
            name: { zh: subject.nameZh, en: subject.nameEn },
            score: result.score,
            award: result.award,
            vetoed: result.vetoed,
            fromBelow: below ? { score: below.score, count: below.raters ?? 0 } : null,
            parts: result.parts.map((part) => ({ part: part.part, weight: part.weight })),
          };
        }),
      });
    }
    return published;
  });
}

/**
 * Satisfaction over time: each community's surveys (their community questions) and each
 * department's (the questions naming it), of sealed campaigns only, with the number of answers.
 */
export async function publishedSatisfaction(ctx: ReadContext): Promise<PublishedSatisfaction> {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const surveys = await tx
      .select({ survey: satisfactionSurveys, unit: orgUnits, campaign: evaluationCampaigns })
      .from(satisfactionSurveys)
      .innerJoin(orgUnits, eq(orgUnits.id, satisfactionSurveys.orgUnitId))
      .innerJoin(evaluationCampaigns, eq(evaluationCampaigns.id, satisfactionSurveys.campaignId))
      .where(and(eq(satisfactionSurveys.tenantId, ctx.tenant.id), eq(evaluationCampaigns.status, 'sealed')))
      .orderBy(asc(satisfactionSurveys.fieldedOn))
      .limit(500);
    const answers = surveys.length
      ? await tx
          .select({ surveyId: satisfactionAnswers.surveyId, answers: satisfactionAnswers.answers })
          .from(satisfactionAnswers)
          .where(
            and(
              eq(satisfactionAnswers.tenantId, ctx.tenant.id),
              inArray(
                satisfactionAnswers.surveyId,
                surveys.map((row) => row.survey.id),
              ),
            ),
          )
      : [];
    const names = new Map(
      (await tx.select().from(departments).where(eq(departments.tenantId, ctx.tenant.id))).map((row) => [
        row.id,
        { zh: row.nameZh, en: row.nameEn },
      ]),
    );
    const communities: PublishedSatisfaction['communities'] = [];
    const byDepartment = new Map<
      string,
      { department: Name; periodEnd: string; values: number[]; respondents: number }
    >();
    for (const { survey, unit, campaign } of surveys) {
      const given = answers.filter((row) => row.surveyId === survey.id).map((row) => row.answers);
      const own = survey.questions
        .filter((question) => !question.departmentId)
        .map((question) => question.code);
      const values = given.flatMap((answer) =>
        own.flatMap((code) => (answer[code] ? [surveyScore(answer[code])] : [])),
      );
      communities.push({
        unit: { zh: unit.nameZh, en: unit.nameEn },
        fieldedOn: survey.fieldedOn,
        survey: {
          score: mean(values),
          count: given.filter((answer) => own.some((code) => answer[code])).length,
        },
      });
      for (const question of survey.questions) {
        const department = question.departmentId ? names.get(question.departmentId) : undefined;
        if (!department || !question.departmentId) continue;
        const key = `${question.departmentId}|${campaign.periodEnd}`;
        const entry = byDepartment.get(key) ?? {
          department,
          periodEnd: campaign.periodEnd,
          values: [],
          respondents: 0,
        };
        for (const answer of given)
          if (answer[question.code]) {
            entry.values.push(surveyScore(answer[question.code] as number));
            entry.respondents += 1;
          }
        byDepartment.set(key, entry);
      }
    }
    return {
      communities,
      departments: [...byDepartment.values()].map((entry) => ({
        department: entry.department,
        periodEnd: entry.periodEnd,
        survey: { score: mean(entry.values), count: entry.respondents },
      })),
    };
  });
}
