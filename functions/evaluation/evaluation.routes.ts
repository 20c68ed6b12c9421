import { z } from '@hono/zod-openapi';
import { route } from '../auth/route';
import { errorResponses, jsonResponse } from '../platform/http';
import { IdParam, TenantSlugParam } from '../platform/params';
import {
  AnswersBody,
  Assignment,
  Campaign,
  LinkAnswerBody,
  NewCampaignBody,
  NewRatingBody,
  NewSurveyBody,
  Objection,
  Rating,
  Result,
  Station,
  Subject,
  Survey,
  Verification,
} from './evaluation.schemas';

export const tags = ['Evaluation'];
const base = '/v1/t/{tenant}/evaluation';
const json = <S>(schema: S) => ({ required: true, content: { 'application/json': { schema } } });
const Reason = z.string().trim().min(1).max(2000);

export const listStationsRoute = route({
  method: 'get',
  path: `${base}/stations`,
  tags,
  summary: "Stationed agencies (派驻机构): departments' offices in streets and communities",
  security: { action: 'evaluation.read' },
  request: { params: TenantSlugParam },
  responses: {
    200: jsonResponse('Stations', z.object({ items: z.array(Station) })),
    ...errorResponses(401, 403, 404),
  },
});

export const createStationRoute = route({
  method: 'post',
  path: `${base}/stations`,
  tags,
  summary: 'Register a stationed agency: its department and the street or community it is stationed in',
  description: 'By the city administrator. The host assesses the agency day to day (Haidian: at least 50 %).',
  security: { action: 'evaluation.manage' },
  request: {
    params: TenantSlugParam,
    body: json(
      z
        .object({
          departmentId: z.uuid(),
          hostUnitId: z.uuid(),
          name: z
            .object({ zh: z.string().trim().min(1).max(200), en: z.string().trim().min(1).max(200) })
            .strict(),
        })
        .strict()
        .openapi('NewStation', {
          example: {
            departmentId: '2f1c1f0e-8c1a-4a4b-9a43-0d6e9d1f7a10',
            hostUnitId: '7a1c1f0e-8c1a-4a4b-9a43-0d6e9d1f7a11',
            name: { zh: '城管执法队学院路分队', en: 'Urban management squad, Xueyuan Road' },
          },
        }),
    ),
  },
  responses: { 201: jsonResponse('Registered', Station), ...errorResponses(400, 401, 403, 404, 422) },
});

export const listCampaignsRoute = route({
  method: 'get',
  path: `${base}/campaigns`,
  tags,
  summary: "The city's evaluation campaigns, newest period first",
  security: { action: 'evaluation.read' },
  request: { params: TenantSlugParam },
  responses: {
    200: jsonResponse('Campaigns', z.object({ items: z.array(Campaign) })),
    ...errorResponses(401, 403, 404),
  },
});

export const createCampaignRoute = route({
  method: 'post',
  path: `${base}/campaigns`,
  tags,
  summary: 'Open a campaign from a template (Haidian or Jiangsu): period, window, subjects, scheme',
  description:
    'Who rates whom is derived from the org tree and the stations for every part that weighs in a subject’s mix. Weights must add up to 1 and floored parts keep their floor (422 `evaluation.floor_broken`).',
  security: { action: 'evaluation.manage' },
  request: { params: TenantSlugParam, body: json(NewCampaignBody) },
  responses: { 201: jsonResponse('Opened', Campaign), ...errorResponses(400, 401, 403, 404, 422) },
});

export const getCampaignRoute = route({
  method: 'get',
  path: `${base}/campaigns/{id}`,
  tags,
  summary: 'A campaign, its subjects, and the ratings the caller has to give',
  security: { action: 'evaluation.read' },
  request: { params: IdParam },
  responses: {
    200: jsonResponse(
      'The campaign',
      z.object({
        campaign: Campaign,
        subjects: z.array(Subject),
        mine: z.array(Assignment),
        assignments: z.int(),
      }),
    ),
    ...errorResponses(401, 403, 404),
  },
});

export const rateRoute = route({
  method: 'post',
  path: `${base}/campaigns/{id}/ratings`,
  tags,
  summary: 'Rate a subject: a score per criterion (0–100) and a comment, inside the window',
  description:
    'Staff of the rating unit or an officer of the rating department; revisable until the window closes. Rating yourself answers 403 `evaluation.self_rating`.',
  security: { action: 'evaluation.rate' },
  request: { params: IdParam, body: json(NewRatingBody) },
  responses: { 200: jsonResponse('Recorded', Rating), ...errorResponses(400, 401, 403, 404, 409, 422) },
});

export const myRatingsRoute = route({
  method: 'get',
  path: `${base}/campaigns/{id}/ratings`,
  tags,
  summary: "The caller's own ratings (nobody reads another's)",
  security: { action: 'evaluation.rate' },
  request: { params: IdParam },
  responses: {
    200: jsonResponse('Own ratings', z.object({ items: z.array(Rating) })),
    ...errorResponses(401, 403, 404),
  },
});

export const closeRoute = route({
  method: 'post',
  path: `${base}/campaigns/{id}/close`,
  tags,
  summary: 'Compute, chain and seal the results once the window has closed',
  security: { action: 'evaluation.manage' },
  request: { params: IdParam },
  responses: { 200: jsonResponse('Sealed', Campaign), ...errorResponses(401, 403, 404, 409) },
});

export const resultsRoute = route({
  method: 'get',
  path: `${base}/campaigns/{id}/results`,
  tags,
  summary: 'Sealed results: each part with its raters’ count or the rows a measure counted',
  security: { action: 'evaluation.read' },
  request: { params: IdParam },
  responses: {
    200: jsonResponse('Results', z.object({ items: z.array(Result) })),
    ...errorResponses(401, 403, 404, 409),
  },
});

export const verifyRoute = route({
  method: 'get',
  path: `${base}/campaigns/{id}/verification`,
  tags,
  summary: 'Recompute the sealed results’ hash chain; an edit after sealing is named',
  security: { action: 'evaluation.read' },
  request: { params: IdParam },
  responses: { 200: jsonResponse('Verification', Verification), ...errorResponses(401, 403, 404, 409) },
});

export const exportRoute = route({
  method: 'get',
  path: `${base}/campaigns/{id}/export`,
  tags,
  summary: 'Sealed results for performance pay, as CSV (UTF-8 with BOM) or an Excel workbook',
  security: { action: 'evaluation.manage' },
  request: { params: IdParam, query: z.object({ format: z.enum(['csv', 'xls']).default('csv') }).strict() },
  responses: {
    200: {
      description: 'The export',
      content: { 'text/csv': { schema: z.string() }, 'application/vnd.ms-excel': { schema: z.string() } },
    },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

export const listObjectionsRoute = route({
  method: 'get',
  path: `${base}/campaigns/{id}/objections`,
  tags,
  summary: 'Objections: all for the administrator, one’s own for others',
  security: { action: 'evaluation.read' },
  request: { params: IdParam },
  responses: {
    200: jsonResponse('Objections', z.object({ items: z.array(Objection) })),
    ...errorResponses(401, 403, 404),
  },
});

export const objectRoute = route({
  method: 'post',
  path: `${base}/campaigns/{id}/objections`,
  tags,
  summary: 'Object to a sealed result (the subject, its unit or its department)',
  security: { action: 'evaluation.object' },
  request: {
    params: IdParam,
    body: json(z.object({ subjectId: z.uuid(), text: Reason }).strict().openapi('NewObjection')),
  },
  responses: { 201: jsonResponse('Filed', Objection), ...errorResponses(400, 401, 403, 404, 409, 422) },
});

export const answerObjectionRoute = route({
  method: 'post',
  path: `${base}/objections/{id}/answer`,
  tags,
  summary: 'Answer an objection with a reason (upheld or rejected); the sealed result stays as it is',
  security: { action: 'evaluation.manage' },
  request: {
    params: IdParam,
    body: json(
      z
        .object({ outcome: z.enum(['upheld', 'rejected']), answer: Reason })
        .strict()
        .openapi('ObjectionAnswer'),
    ),
  },
  responses: { 200: jsonResponse('Answered', Objection), ...errorResponses(400, 401, 403, 404, 409, 422) },
});

export const vetoRoute = route({
  method: 'post',
  path: `${base}/campaigns/{id}/vetoes`,
  tags,
  summary: '一票否决: a community vetoes an award to a unit stationed with it, with a reason',
  security: { action: 'evaluation.veto' },
  request: {
    params: IdParam,
    body: json(
      z
        .object({ subjectId: z.uuid(), communityUnitId: z.uuid(), reason: Reason })
        .strict()
        .openapi('NewVeto'),
    ),
  },
  responses: {
    201: jsonResponse('Recorded', z.object({ id: z.uuid(), subjectId: z.uuid(), reason: z.string() })),
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});

export const createSurveyRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/surveys',
  tags,
  summary: "A third-party surveyor opens a satisfaction survey of a community's residents",
  description: 'Answers 1–5 per question; the answer link’s token is shown once.',
  security: { action: 'surveys.conduct' },
  request: { params: TenantSlugParam, body: json(NewSurveyBody) },
  responses: {
    201: jsonResponse('Opened', z.object({ survey: Survey, token: z.string() })),
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});

export const enterAnswersRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/surveys/{id}/answers',
  tags,
  summary: 'The surveyor enters answers (paper or telephone), up to the sample size; no respondent is named',
  security: { action: 'surveys.conduct' },
  request: { params: IdParam, body: json(AnswersBody) },
  responses: {
    200: jsonResponse('Entered', z.object({ answered: z.int(), sampleSize: z.int() })),
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});

const TokenParam = TenantSlugParam.extend({
  token: z
    .string()
    .regex(/^[a-z0-9]{16,64}$/)
    .openapi({ param: { name: 'token', in: 'path' } }),
});

export const questionnaireRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/survey-links/{token}',
  tags,
  summary: 'The questionnaire behind a survey link (public; the token is the credential)',
  security: 'public',
  request: { params: TokenParam },
  responses: { 200: jsonResponse('The questionnaire', Survey), ...errorResponses(400, 404) },
});

export const linkAnswerRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/survey-links/{token}',
  tags,
  summary: 'A resident answers a survey through its link (public, anonymous)',
  security: 'public',
  request: { params: TokenParam, body: json(LinkAnswerBody) },
  responses: {
    201: jsonResponse('Counted', z.object({ answered: z.int(), sampleSize: z.int() })),
    ...errorResponses(400, 404, 409, 422),
  },
});
