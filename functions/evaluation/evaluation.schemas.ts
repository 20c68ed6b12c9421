import { z } from '@hono/zod-openapi';
import { PART_CODES, SUBJECT_KINDS } from '../../schema/evaluation';
import { PATTERNS } from '../platform/patterns';
import { IsoDate } from '../tenants/onboarding.schema';

const Name = z
  .object({ zh: z.string().trim().min(1).max(200), en: z.string().trim().min(1).max(200) })
  .strict();
/** A calendar day: the one date schema (format: date, checked as a real date), not a twin. */
const Day = IsoDate;
const Weight = z.number().min(0).max(1);
const Criterion = z
  .object({ code: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), name: Name, weight: Weight })
  .strict();
const Weights = z.object(Object.fromEntries(PART_CODES.map((part) => [part, Weight.optional()]))).strict();
const MixRule = z.object({ weights: Weights, floors: Weights }).strict();
const byKind = <S extends z.ZodType>(schema: S) =>
  z.object(Object.fromEntries(SUBJECT_KINDS.map((kind) => [kind, schema.optional()]))).strict();

export const SchemeOverride = z
  .object({
    criteria: byKind(z.array(Criterion).min(1).max(20)).optional(),
    mix: byKind(MixRule).optional(),
    belowLevels: z.array(z.string().regex(PATTERNS.slug)).max(8).optional(),
    aboveLevel: z.string().regex(PATTERNS.slug).optional(),
    awardThreshold: z.number().min(0).max(100).optional(),
  })
  .strict()
  .openapi('EvaluationSchemeOverride', {
    description:
      "Parts of the template's scheme the city replaces (criteria per kind, the mixing rule per kind).",
  });

export const NewCampaignBody = z
  .object({
    title: Name,
    template: z.enum(['haidian', 'jiangsu']),
    scheme: SchemeOverride.optional(),
    periodStart: Day,
    periodEnd: Day.openapi({
      description: 'Not before `periodStart` (else 422 `evaluation.window` on `closesAt`).',
    }),
    opensAt: z.iso.datetime({ offset: true }),
    closesAt: z.iso.datetime({ offset: true }).openapi({
      description: 'After `opensAt` (else 422 `evaluation.window`).',
    }),
    subjects: z
      .object({
        levels: z.array(z.string().regex(PATTERNS.slug)).max(8).optional(),
        departments: z.boolean().optional(),
        stations: z.boolean().optional(),
        people: z
          .array(
            z
              .object({
                userId: z.uuid(),
                name: Name,
                stationId: z.uuid().optional(),
                orgUnitId: z.uuid().optional(),
              })
              .strict(),
          )
          .max(500)
          .optional(),
      })
      .strict(),
  })
  .strict()
  .openapi('NewEvaluationCampaign', {
    example: {
      title: { zh: '2026年上半年双向考核', en: 'Two-way evaluation, first half of 2026' },
      template: 'haidian',
      periodStart: '2026-01-01',
      periodEnd: '2026-06-30',
      opensAt: '2026-07-01T00:00:00+08:00',
      closesAt: '2026-07-15T00:00:00+08:00',
      subjects: { levels: ['street'], departments: true, stations: true },
    },
  });

export const Campaign = z
  .object({
    id: z.uuid(),
    title: Name,
    template: z.string(),
    periodStart: z.string(),
    periodEnd: z.string(),
    opensAt: z.string(),
    closesAt: z.string(),
    status: z.enum(['open', 'sealed']),
    scheme: z.record(z.string(), z.unknown()),
    sealHash: z.string().nullable(),
    sealedAt: z.string().nullable(),
    sample: z.boolean(),
  })
  .openapi('EvaluationCampaign');

export const Subject = z
  .object({
    id: z.uuid(),
    kind: z.enum(SUBJECT_KINDS),
    name: Name,
    orgUnitId: z.uuid().nullable(),
    departmentId: z.uuid().nullable(),
    stationId: z.uuid().nullable(),
  })
  .openapi('EvaluationSubject');

export const Assignment = z
  .object({
    id: z.uuid(),
    subjectId: z.uuid(),
    part: z.enum(PART_CODES),
    raterUnitId: z.uuid().nullable(),
    raterDepartmentId: z.uuid().nullable(),
  })
  .openapi('EvaluationAssignment');

export const NewRatingBody = z
  .object({
    assignmentId: z.uuid(),
    scores: z.record(z.string().max(40), z.number()).openapi({ description: 'Criterion code → 0..100.' }),
    comment: z.string().max(2000).optional(),
  })
  .strict()
  .openapi('NewEvaluationRating', {
    example: {
      assignmentId: '2f1c1f0e-8c1a-4a4b-9a43-0d6e9d1f7a10',
      scores: { results: 92, service: 88, cooperation: 95 },
      comment: '执法及时，配合街道工作。',
    },
  });

export const Rating = z
  .object({
    id: z.uuid(),
    assignmentId: z.uuid(),
    scores: z.record(z.string(), z.number()),
    comment: z.string(),
    updatedAt: z.string(),
  })
  .openapi('EvaluationRating');

export const ResultPartSchema = z.object({
  part: z.enum(PART_CODES),
  score: z.number().nullable(),
  weight: z.number(),
  raters: z.int().optional(),
  answers: z.int().optional(),
  measures: z
    .array(
      z.object({
        name: z.string(),
        score: z.number().nullable(),
        figures: z.record(z.string(), z.number()),
        rows: z
          .record(z.string(), z.array(z.string()))
          .openapi({ description: 'The ids of the rows each figure counted.' }),
      }),
    )
    .optional(),
});

export const Result = z
  .object({
    seq: z.int(),
    subject: Subject,
    score: z.number().nullable(),
    complete: z.boolean(),
    award: z.boolean(),
    vetoed: z.boolean(),
    parts: z.array(ResultPartSchema),
    hash: z.string(),
  })
  .openapi('EvaluationResult');

export const Verification = z
  .object({
    ok: z.boolean(),
    checked: z.int(),
    sealHash: z.string().nullable(),
    problems: z.array(
      z.object({ seq: z.int(), subjectId: z.string(), problem: z.enum(['hash', 'link', 'gap', 'head']) }),
    ),
  })
  .openapi('EvaluationVerification');

export const Objection = z
  .object({
    id: z.uuid(),
    subjectId: z.uuid(),
    text: z.string(),
    outcome: z.enum(['upheld', 'rejected']).nullable(),
    answer: z.string().nullable(),
    answeredAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('EvaluationObjection');

export const Station = z
  .object({ id: z.uuid(), departmentId: z.uuid(), hostUnitId: z.uuid(), name: Name, sample: z.boolean() })
  .openapi('StationedAgency');

const Answers = z.record(z.string().max(40), z.int());

export const NewSurveyBody = z
  .object({
    campaignId: z.uuid().optional(),
    orgUnitId: z.uuid(),
    title: Name,
    questions: z
      .array(
        z
          .object({
            code: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
            text: Name,
            departmentId: z.uuid().optional(),
          })
          .strict(),
      )
      .min(1)
      .max(40),
    sampleSize: z.int().min(1).max(100_000),
    fieldedOn: Day,
  })
  .strict()
  .openapi('NewSatisfactionSurvey');

export const Survey = z
  .object({
    id: z.uuid(),
    orgUnitId: z.uuid(),
    campaignId: z.uuid().nullable(),
    title: Name,
    questions: z.array(z.object({ code: z.string(), text: Name, departmentId: z.string().optional() })),
    sampleSize: z.int(),
    fieldedOn: z.string(),
  })
  .openapi('SatisfactionSurvey');

export const AnswersBody = z
  .object({ responses: z.array(Answers).min(1).max(1000) })
  .strict()
  .openapi('SurveyResponses', { example: { responses: [{ overall: 5, urban_management: 4 }] } });

export const LinkAnswerBody = z
  .object({ answers: Answers })
  .strict()
  .openapi('SurveyLinkAnswer', { example: { answers: { overall: 4 } } });
