import type {
  evaluationObjections,
  evaluationRatings,
  evaluationStations,
  satisfactionSurveys,
} from '../../schema';
import type { AssignmentRow, SubjectRow } from './campaigns.service';
import type { CampaignRow } from './evaluation-access';
import type { ResultRow } from './results.service';

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export const presentCampaign = (row: CampaignRow) => ({
  id: row.id,
  title: { zh: row.titleZh, en: row.titleEn },
  template: row.template,
  periodStart: row.periodStart,
  periodEnd: row.periodEnd,
  opensAt: row.opensAt.toISOString(),
  closesAt: row.closesAt.toISOString(),
  status: row.status,
  scheme: row.scheme as unknown as Record<string, unknown>,
  sealHash: row.sealHash,
  sealedAt: iso(row.sealedAt),
  sample: row.sample,
});

export const presentSubject = (row: SubjectRow) => ({
  id: row.id,
  kind: row.kind,
  name: { zh: row.nameZh, en: row.nameEn },
  orgUnitId: row.orgUnitId,
  departmentId: row.departmentId,
  stationId: row.stationId,
});

export const presentAssignment = (row: AssignmentRow) => ({
  id: row.id,
  subjectId: row.subjectId,
  part: row.part,
  raterUnitId: row.raterUnitId,
  raterDepartmentId: row.raterDepartmentId,
});

export const presentRating = (row: typeof evaluationRatings.$inferSelect) => ({
  id: row.id,
  assignmentId: row.assignmentId,
  scores: row.scores,
  comment: row.comment,
  updatedAt: row.updatedAt.toISOString(),
});

export const presentResult = ({ result, subject }: { result: ResultRow; subject: SubjectRow }) => ({
  seq: result.seq,
  subject: presentSubject(subject),
  score: result.score,
  complete: result.complete,
  award: result.award,
  vetoed: result.vetoed,
  parts: result.parts,
  hash: result.hash,
});

export const presentObjection = (row: typeof evaluationObjections.$inferSelect) => ({
  id: row.id,
  subjectId: row.subjectId,
  text: row.text,
  outcome: row.outcome,
  answer: row.answer,
  answeredAt: iso(row.answeredAt),
  createdAt: row.createdAt.toISOString(),
});

export const presentStation = (row: typeof evaluationStations.$inferSelect) => ({
  id: row.id,
  departmentId: row.departmentId,
  hostUnitId: row.hostUnitId,
  name: { zh: row.nameZh, en: row.nameEn },
  sample: row.sample,
});

export const presentSurvey = (row: typeof satisfactionSurveys.$inferSelect) => ({
  id: row.id,
  orgUnitId: row.orgUnitId,
  campaignId: row.campaignId,
  title: { zh: row.titleZh, en: row.titleEn },
  questions: row.questions,
  sampleSize: row.sampleSize,
  fieldedOn: row.fieldedOn,
});
