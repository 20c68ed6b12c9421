import { and, eq, inArray } from 'drizzle-orm';
import {
  type EvaluationScheme,
  evaluationAssignments,
  evaluationRatings,
  evaluationStations,
  evaluationVetoes,
  PART_CODES,
  type ResultPart,
  type SubjectKind,
  satisfactionAnswers,
  satisfactionSurveys,
} from '../../schema';
import type { Transaction } from '../platform/db';
import { ADMISSION_MEASURES } from './admission-measures';
import type { SubjectRow } from './campaigns.service';
import type { CampaignRow } from './evaluation-access';
import { RECORD_MEASURES } from './measures';

/** Every measure a result may mix, by name: records of cases and sharing, then admission's. */
export const MEASURES = [...RECORD_MEASURES, ...ADMISSION_MEASURES];

export interface ComputedResult {
  score: number | null;
  complete: boolean;
  parts: ResultPart[];
  award: boolean;
  vetoed: boolean;
}

const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);
const round = (value: number) => Math.round(value * 100) / 100;

/** A rating's score: its criteria's scores, weighted. */
export function ratingScore(
  scheme: EvaluationScheme,
  kind: SubjectKind,
  scores: Record<string, number>,
): number {
  return (scheme.criteria[kind] ?? []).reduce(
    (sum, criterion) => sum + criterion.weight * (scores[criterion.code] ?? 0),
    0,
  );
}

/** A survey answer of 1–5 as 0–100. */
export const surveyScore = (answer: number) => ((answer - 1) / 4) * 100;

interface Loaded {
  ratings: { subjectId: string; part: string; scores: Record<string, number> }[];
  stations: Map<string, { departmentId: string; hostUnitId: string }>;
  vetoed: Set<string>;
  surveys: {
    orgUnitId: string;
    questions: { code: string; departmentId?: string | undefined }[];
    answers: Record<string, number>[];
  }[];
}

/** Everything a campaign's results are computed from, read once. */
export async function loadInputs(tx: Transaction, campaign: CampaignRow): Promise<Loaded> {
  const tenantId = campaign.tenantId;
  const ratings = await tx
    .select({
      subjectId: evaluationAssignments.subjectId,
      part: evaluationAssignments.part,
      scores: evaluationRatings.scores,
    })
    .from(evaluationRatings)
    .innerJoin(evaluationAssignments, eq(evaluationAssignments.id, evaluationRatings.assignmentId))
    .where(and(eq(evaluationRatings.tenantId, tenantId), eq(evaluationRatings.campaignId, campaign.id)));
  const stations = new Map(
    (await tx.select().from(evaluationStations).where(eq(evaluationStations.tenantId, tenantId))).map(
      (row) => [row.id, row],
    ),
  );
  const vetoes = await tx
    .select({ subjectId: evaluationVetoes.subjectId })
    .from(evaluationVetoes)
    .where(and(eq(evaluationVetoes.tenantId, tenantId), eq(evaluationVetoes.campaignId, campaign.id)));
  const surveys = await tx
    .select()
    .from(satisfactionSurveys)
    .where(and(eq(satisfactionSurveys.tenantId, tenantId), eq(satisfactionSurveys.campaignId, campaign.id)));
  const answers = surveys.length
    ? await tx
        .select({ surveyId: satisfactionAnswers.surveyId, answers: satisfactionAnswers.answers })
        .from(satisfactionAnswers)
        .where(
          and(
            eq(satisfactionAnswers.tenantId, tenantId),
            inArray(
              satisfactionAnswers.surveyId,
              surveys.map((s) => s.id),
            ),
          ),
        )
    : [];
  return {
    ratings,
    stations,
    vetoed: new Set(vetoes.map((veto) => veto.subjectId)),
    surveys: surveys.map((survey) => ({
      orgUnitId: survey.orgUnitId,
      questions: survey.questions,
      answers: answers.filter((answer) => answer.surveyId === survey.id).map((answer) => answer.answers),
    })),
  };
}

/** The survey answers about a subject: a unit's own questions, or those naming its department. */
function surveyPart(loaded: Loaded, subject: SubjectRow, departmentId: string | null) {
  const values: number[] = [];
  for (const survey of loaded.surveys) {
    const codes = survey.questions
      .filter((question) =>
        departmentId
          ? question.departmentId === departmentId
          : !question.departmentId && survey.orgUnitId === subject.orgUnitId,
      )
      .map((question) => question.code);
    for (const answer of survey.answers)
      for (const code of codes)
        if (answer[code] !== undefined) values.push(surveyScore(answer[code] as number));
  }
  const score = mean(values);
  return { score: score === null ? null : round(score), answers: values.length };
}

/**
 * One subject's result: each part's score (ratings averaged over raters, measures over those that
 * measured something, survey answers), mixed by the scheme's weights. A missing part's weight is
 * shared among the present ones, except that a part with a floor (the street's ≥ 50 %) cannot be
 * missing: without it the result is incomplete and has no combined score.
 */
export async function computeResult(
  tx: Transaction,
  campaign: CampaignRow,
  timeZone: string,
  loaded: Loaded,
  subject: SubjectRow,
): Promise<ComputedResult> {
  const rule = campaign.scheme.mix[subject.kind] ?? { weights: {}, floors: {} };
  const station = subject.stationId ? loaded.stations.get(subject.stationId) : undefined;
  const departmentId = subject.departmentId ?? station?.departmentId ?? null;
  const unitId = station?.hostUnitId ?? (subject.kind === 'department' ? null : subject.orgUnitId);
  const parts: ResultPart[] = [];
  for (const part of PART_CODES) {
    const weight = rule.weights[part] ?? 0;
    if (weight <= 0) continue;
    if (part === 'measured') {
      const measures = [];
      for (const measure of MEASURES.filter((m) => m.appliesTo.includes(subject.kind)))
        measures.push(
          await measure.compute({
            tx,
            tenantId: campaign.tenantId,
            timeZone,
            periodStart: campaign.periodStart,
            periodEnd: campaign.periodEnd,
            subject,
            departmentId,
            unitId,
          }),
        );
      const score = mean(measures.flatMap((m) => (m.score === null ? [] : [m.score])));
      parts.push({ part, weight, score: score === null ? null : round(score), measures });
    } else if (part === 'survey') {
      parts.push({
        part,
        weight,
        ...surveyPart(loaded, subject, subject.kind === 'unit' ? null : departmentId),
      });
    } else {
      const scores = loaded.ratings
        .filter((rating) => rating.subjectId === subject.id && rating.part === part)
        .map((rating) => ratingScore(campaign.scheme, subject.kind, rating.scores));
      const score = mean(scores);
      parts.push({ part, weight, score: score === null ? null : round(score), raters: scores.length });
    }
  }
  const present = parts.filter((part) => part.score !== null);
  const flooredMissing = Object.keys(rule.floors).some((part) => !present.some((p) => p.part === part));
  const total = present.reduce((sum, part) => sum + part.weight, 0);
  const score =
    flooredMissing || total === 0
      ? null
      : round(present.reduce((sum, part) => sum + part.weight * (part.score ?? 0), 0) / total);
  const vetoed = loaded.vetoed.has(subject.id);
  return {
    score,
    complete: !flooredMissing && present.length === parts.length,
    parts,
    vetoed,
    award: score !== null && score >= campaign.scheme.awardThreshold && !vetoed,
  };
}
