import { z } from '@hono/zod-openapi';
import { CASE_CHANNELS, CASE_STAGES, CASE_STATUSES, HANDLER_KINDS } from '../../schema/cases';
import type { Action } from '../auth/roles';
import { route } from '../auth/route';
import { errorResponses, jsonResponse } from '../platform/http';
import { IdParam, TenantSlugParam } from '../platform/params';

export const tags = ['Cases'];

const Version = z.int().min(1).optional().openapi({
  description:
    'The case version you read; a case changed since answers 409 `case.stale` instead of applying twice.',
});
const Reason = z.string().trim().min(1).max(2000);

export const CaseEvent = z
  .object({
    seq: z.int(),
    kind: z.string().openapi({
      description:
        'collect, register, refuse, dispatch, accept, report, send_back, close, evaluate, escalate, supervision_notice (督办), warning, breach, second_breach',
    }),
    fromStatus: z.string().nullable(),
    toStatus: z.string().nullable(),
    actor: z.object({ kind: z.string(), id: z.string() }),
    reason: z.string(),
    details: z.record(z.string(), z.unknown()),
    at: z.string(),
  })
  .openapi('CaseEvent');

export const CasePhoto = z
  .object({
    id: z.uuid(),
    stage: z.enum(['collection', 'handling', 'verification']),
    contentType: z.string(),
    bytes: z.int(),
    sha256: z.string(),
    published: z
      .boolean()
      .openapi({ description: 'Shown on public views (a staff member checked it shows no face or plate).' }),
    createdAt: z.string(),
  })
  .openapi('CasePhoto');

export const Case = z
  .object({
    id: z.uuid(),
    number: z.string().openapi({ example: '2026-000123' }),
    status: z.enum(CASE_STATUSES),
    channel: z.enum(CASE_CHANNELS),
    categoryId: z.uuid(),
    categoryVersion: z.int(),
    orgUnitId: z.uuid(),
    levelUnitId: z
      .uuid()
      .openapi({ description: 'The unit supervising the case now (its loop); escalation moves it up.' }),
    title: z.string(),
    description: z.string(),
    location: z.string(),
    attributes: z.record(z.string(), z.unknown()),
    handler: z
      .object({
        kind: z.enum(HANDLER_KINDS),
        departmentId: z.uuid().nullable(),
        orgUnitId: z.uuid().nullable(),
      })
      .nullable(),
    workItemId: z.uuid().nullable().openapi({ description: 'The work item (准入) it was dispatched under.' }),
    clock: z
      .object({
        stage: z.enum(CASE_STAGES),
        startedAt: z.string(),
        warnAt: z.string(),
        dueAt: z.string().openapi({ description: "The end of the stage's last working day, city time." }),
        secondDueAt: z.string(),
        state: z.enum(['running', 'warned', 'breached', 'second_breach']),
        provisional: z.boolean().openapi({
          description: 'The deadline crosses a year the holiday calendar does not cover yet (weekends only).',
        }),
      })
      .nullable(),
    sentBack: z.int(),
    escalations: z.int(),
    breaches: z.int(),
    refusal: z.enum(['not_a_case', 'duplicate']).nullable(),
    duplicateOf: z.uuid().nullable(),
    closedAt: z.string().nullable(),
    onTime: z.boolean().nullable(),
    satisfaction: z.int().nullable(),
    sample: z.boolean(),
    version: z.int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Case');

const CaseWithTimeline = Case.extend({ photos: z.array(CasePhoto), timeline: z.array(CaseEvent) }).openapi(
  'CaseWithTimeline',
);

export const NewCaseBody = z
  .object({
    categoryId: z.uuid(),
    orgUnitId: z
      .uuid()
      .openapi({ description: 'Where it happened: a grid, courtyard, building or community.' }),
    title: z.string().trim().min(1).max(200),
    description: z.string().max(5000).optional(),
    location: z.string().max(300).optional(),
    attributes: z.record(z.string(), z.unknown()).optional().openapi({
      description: "Answers to the category's extra questions, by their code.",
    }),
  })
  .strict()
  .openapi('NewCase', {
    example: {
      categoryId: '2f1c1f0e-8c1a-4a4b-9a43-0d6e9d1f7a10',
      orgUnitId: '7a1c1f0e-8c1a-4a4b-9a43-0d6e9d1f7a11',
      title: '井盖缺失',
      description: '3 号楼东侧人行道井盖缺失，夜间有跌落危险。',
      location: '3 号楼东侧',
      attributes: { hazard: true },
    },
  });

const CaseParam = IdParam;

/** The body of each step: the API validates with them, and so do the console's forms. */
export const CaseStepBodies = {
  register: z.object({ version: Version }).strict(),
  refuse: z
    .object({
      refusal: z.enum(['not_a_case', 'duplicate']),
      reason: Reason,
      duplicateOf: z.uuid().optional(),
      version: Version,
    })
    .strict(),
  dispatch: z
    .object({
      handlerKind: z.enum(HANDLER_KINDS).optional(),
      departmentId: z.uuid().optional(),
      reason: Reason.optional(),
      workItemId: z.uuid().optional().openapi({
        description:
          'The work item (准入) the task is dispatched under. A community or grid may decline a case dispatched under no admitted or statutory item.',
      }),
      version: Version,
    })
    .strict(),
  accept: z.object({ version: Version }).strict(),
  report: z
    .object({
      summary: Reason,
      publicReply: z.string().trim().max(500).optional().openapi({
        description:
          '给居民的答复: what the resident who reported the problem reads on their tracking page and in Open311 `status_notes`. Published: a mobile or ID number in it is refused (422, `case.reply_mobile`, `case.reply_id_number`). Each report replaces the last reply; the internal `summary` is never published.',
        example: '已清理楼道堆放物并张贴提示，欢迎继续监督。',
      }),
      version: Version,
    })
    .strict(),
  verify: z
    .object({ outcome: z.enum(['fixed', 'not_fixed']), reason: Reason.optional(), version: Version })
    .strict(),
  evaluate: z
    .object({ satisfaction: z.int().min(1).max(5).optional(), note: Reason.optional(), version: Version })
    .strict(),
  escalate: z.object({ reason: Reason, version: Version }).strict(),
};

const step = (path: string, summary: string, action: Action, body: z.ZodType, description: string) =>
  route({
    method: 'post',
    path: `/v1/t/{tenant}/cases/{id}/${path}`,
    tags,
    summary,
    description,
    security: { action },
    request: {
      params: CaseParam,
      body: { required: true, content: { 'application/json': { schema: body } } },
    },
    responses: {
      200: jsonResponse('The case after the step', Case),
      ...errorResponses(400, 401, 403, 404, 409, 422),
    },
  });

export const listCasesRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/cases',
  tags,
  summary: 'An inbox: cases waiting for you (box=todo) or all you may read, the most urgent clock first',
  security: { action: 'cases.read' },
  request: {
    params: TenantSlugParam,
    query: z
      .object({
        box: z.enum(['todo', 'all']).default('todo'),
        status: z.enum(CASE_STATUSES).optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
        offset: z.coerce.number().int().min(0).max(100_000).default(0),
      })
      .strict(),
  },
  responses: {
    200: jsonResponse(
      'Cases',
      z.object({
        items: z.array(Case),
        counts: z.record(z.string(), z.int()),
        nextOffset: z.int().nullable(),
      }),
    ),
    ...errorResponses(400, 401, 403, 404),
  },
});

export const collectCaseRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/cases',
  tags,
  summary: '信息采集: record a problem as a case (grid worker, community staff or a department)',
  security: { action: 'cases.report' },
  request: {
    params: TenantSlugParam,
    body: { required: true, content: { 'application/json': { schema: NewCaseBody } } },
  },
  responses: {
    201: jsonResponse('Collected; the registration clock runs', Case),
    ...errorResponses(400, 401, 403, 404, 422),
  },
});

export const getCaseRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/cases/{id}',
  tags,
  summary: 'A case with its timeline',
  security: { action: 'cases.read' },
  request: { params: CaseParam },
  responses: { 200: jsonResponse('The case', CaseWithTimeline), ...errorResponses(401, 403, 404) },
});

export const registerCaseRoute = step(
  'register',
  '案卷建立: register a collected case',
  'cases.manage',
  CaseStepBodies.register,
  'By community staff (or the district, the city) over the case’s unit. The dispatch clock starts.',
);

export const refuseCaseRoute = step(
  'refuse',
  'Refuse a collected case as not a case or a duplicate, with a reason',
  'cases.manage',
  CaseStepBodies.refuse,
  'A duplicate names the case it repeats.',
);

export const dispatchCaseRoute = step(
  'dispatch',
  '任务派遣: send the case to its handler',
  'cases.manage',
  CaseStepBodies.dispatch,
  "Without a handler, the catalog's default; any other choice needs a reason. The handling clock starts.",
);

export const acceptCaseRoute = step(
  'accept',
  '任务处理: the handler takes the case on',
  'cases.handle',
  CaseStepBodies.accept,
  "An officer of the handling department (or its API client with cases:handle), or the handling unit's staff.",
);

export const reportCaseRoute = step(
  'report',
  '处理反馈: the handler reports what was done',
  'cases.handle',
  CaseStepBodies.report,
  'The verification clock starts.',
);

export const verifyCaseRoute = step(
  'verify',
  '核查结案: verify the work — fixed closes the case, not fixed sends it back',
  'cases.report',
  CaseStepBodies.verify,
  'By the person who collected it or a case manager who did not handle it; never by a handler (403 `case.handler_verifies`). Not fixed needs a reason.',
);

export const evaluateCaseRoute = step(
  'evaluate',
  '考核评价: evaluate a closed case',
  'cases.manage',
  CaseStepBodies.evaluate,
  'Records on time or not, times sent back and breaches. A satisfaction score is recorded only for a case the reporter has not rated (a rating taken by phone); the reporter’s own answer stands, and a score sent for a rated case is refused (409 `case.rated_by_resident`, nothing written).',
);

export const escalateCaseRoute = step(
  'escalate',
  'Send the case one level up (micro → small → big loop), with a supervision notice to the level below',
  'cases.read',
  CaseStepBodies.escalate,
  'By a case manager at its current level or by its handler, when the case is beyond that level’s authority. The sweep does the same on a breach.',
);

const PhotoParam = IdParam.extend({ photoId: z.uuid().openapi({ param: { name: 'photoId', in: 'path' } }) });

export const addPhotoRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/cases/{id}/photos',
  tags,
  summary: "Add a photo to the case's current stage (collection, handling or verification)",
  description:
    'The body is the image itself (JPEG, PNG or WebP, judged by its bytes; at most 5 MB; nine a case). At collection by whoever collected or manages the case, while handling by its handler, at verification by whoever verifies.',
  security: { action: 'cases.read' },
  request: {
    params: IdParam,
    body: {
      required: true,
      content: {
        'image/jpeg': { schema: z.string().openapi({ format: 'binary' }) },
        'image/png': { schema: z.string().openapi({ format: 'binary' }) },
        'image/webp': { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
  },
  responses: { 201: jsonResponse('Stored', CasePhoto), ...errorResponses(401, 403, 404, 409, 413, 415, 503) },
});

export const getPhotoRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/cases/{id}/photos/{photoId}',
  tags,
  summary: "A case photo's image, for those who may read the case",
  security: { action: 'cases.read' },
  request: { params: PhotoParam },
  responses: {
    200: {
      description: 'The image',
      content: { 'image/jpeg': { schema: z.string().openapi({ format: 'binary' }) } },
    },
    ...errorResponses(401, 403, 404, 503),
  },
});

export const publishPhotoRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/cases/{id}/photos/{photoId}/publish',
  tags,
  summary: 'Publish a photo for public views, after checking it shows no face or number plate',
  security: { action: 'cases.manage' },
  request: { params: PhotoParam },
  responses: { 200: jsonResponse('Published', CasePhoto), ...errorResponses(401, 403, 404) },
});
