import { z } from '@hono/zod-openapi';
import { WORK_LISTS } from '../../schema/admission';
import { route } from '../auth/route';
import { errorResponses, jsonResponse } from '../platform/http';
import { IdParam, Localized, TenantSlugParam } from '../platform/params';
import { ApplicationBody, ProcedureBody, WorkItemBody, WorkItemUpdateBody } from './admission.schema';

export const tags = ['Work admission'];

export const json = <S extends z.ZodType>(schema: S) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const WorkItem = z
  .object({
    id: z.uuid(),
    code: z.string(),
    list: z
      .enum(WORK_LISTS)
      .openapi({ description: 'statutory 依法履职 · assisted 依法协助 · negative 负面清单' }),
    name: Localized,
    legalBasis: z.string(),
    departmentId: z.uuid().nullable(),
    levels: z.array(z.string()),
    fundingPerCommunity: z.int(),
    staffPerCommunity: z.int(),
    authority: z.string(),
    forms: z.array(z.string()),
    validFrom: z.string(),
    validUntil: z.string().nullable(),
    status: z.enum(['active', 'revoked']),
    applicationId: z.uuid().nullable(),
    revokedReason: z.string().nullable(),
    sample: z.boolean(),
    version: z.int(),
  })
  .openapi('WorkItem');

export const Application = z
  .object({
    id: z.uuid(),
    number: z.string().openapi({ example: '2026-ZR-001' }),
    departmentId: z.uuid(),
    orgUnitId: z.uuid(),
    list: z.enum(['statutory', 'assisted']),
    name: Localized,
    legalBasis: z.string(),
    levels: z.array(z.string()),
    startsOn: z.string(),
    endsOn: z.string().nullable(),
    fundingPerCommunity: z.int(),
    staffPerCommunity: z.int(),
    authority: z.string(),
    forms: z.array(z.string()),
    status: z.enum(['pending', 'admitted', 'refused']),
    stepKey: z.string().nullable().openapi({ description: 'The step it waits at; null once decided.' }),
    dueAt: z
      .string()
      .openapi({ description: 'End of the working day by which it must be decided (city calendar).' }),
    provisional: z.boolean(),
    decidedAt: z.string().nullable(),
    decisionReason: z.string().nullable(),
    workItemId: z.uuid().nullable(),
    sample: z.boolean(),
    version: z.int(),
    reviews: z.array(
      z.object({
        stepKey: z.string(),
        outcome: z.enum(['commented', 'admitted', 'refused']),
        comment: z.string(),
        actor: z.object({ kind: z.string(), id: z.string() }),
        at: z.string(),
      }),
    ),
  })
  .openapi('AdmissionApplication');

const Step = z.object({
  key: z.string(),
  kind: z.enum(['review', 'decide']),
  position: z.int(),
  actor: Localized,
  action: Localized,
  workingDays: z.int(),
});
const Procedure = z
  .object({
    leadWorkingDays: z.int(),
    steps: z.array(Step),
    reviewers: z.array(
      z.object({ id: z.uuid(), stepKey: z.string(), userId: z.uuid(), orgUnitId: z.uuid() }),
    ),
  })
  .openapi('AdmissionProcedureWithReviewers');

export const listWorkItemsRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/work-items',
  tags,
  summary: "The city's three lists (依法履职, 依法协助, negative list): what may be asked of communities",
  description:
    'Public: residents and committees check what may be asked of them. Revoked items only with includeRevoked=true.',
  security: 'public',
  request: {
    params: TenantSlugParam,
    query: z
      .object({
        list: z.enum(WORK_LISTS).optional(),
        includeRevoked: z.enum(['true', 'false']).optional(),
      })
      .strict(),
  },
  responses: {
    200: jsonResponse('The lists', z.object({ items: z.array(WorkItem) })),
    ...errorResponses(400, 404),
  },
});

export const createWorkItemRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/work-items',
  tags,
  summary: 'Add a work item to one of the lists (city administrators; audited)',
  security: { action: 'admission.manage' },
  request: { params: TenantSlugParam, body: json(WorkItemBody) },
  responses: { 201: jsonResponse('Added', WorkItem), ...errorResponses(400, 401, 403, 404, 409, 422) },
});

export const updateWorkItemRoute = route({
  method: 'put',
  path: '/v1/t/{tenant}/work-items/{id}',
  tags,
  summary: 'Edit a work item (its version goes up; the text before is kept)',
  security: { action: 'admission.manage' },
  request: { params: IdParam, body: json(WorkItemUpdateBody) },
  responses: { 200: jsonResponse('Edited', WorkItem), ...errorResponses(400, 401, 403, 404, 409, 422) },
});

export const revokeWorkItemRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/work-items/{id}/revoke',
  tags,
  summary: 'Revoke a work item with a reason: communities may then decline its work',
  security: { action: 'admission.manage' },
  request: {
    params: IdParam,
    body: json(
      z.object({ reason: z.string().trim().min(1).max(2000), version: z.int().min(1).optional() }).strict(),
    ),
  },
  responses: { 200: jsonResponse('Revoked', WorkItem), ...errorResponses(400, 401, 403, 404, 409, 422) },
});

export const getProcedureRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/admission/procedure',
  tags,
  summary: "The city's admission steps, their working days, and who is named at each",
  security: { action: 'admission.read' },
  request: { params: TenantSlugParam },
  responses: { 200: jsonResponse('The procedure', Procedure), ...errorResponses(401, 403, 404) },
});

export const configureProcedureRoute = route({
  method: 'put',
  path: '/v1/t/{tenant}/admission/procedure',
  tags,
  summary: 'Set the admission steps: review steps, then one decision, each with its working days',
  description: 'For example: apply 30 working days ahead, the district reviews in 10, decides in 15.',
  security: { action: 'admission.manage' },
  request: { params: TenantSlugParam, body: json(ProcedureBody) },
  responses: { 200: jsonResponse('The procedure', Procedure), ...errorResponses(400, 401, 403, 404, 422) },
});

export const nameReviewerRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/admission/reviewers',
  tags,
  summary: 'Name a person to act at a step for a district (or the city)',
  security: { action: 'admission.manage' },
  request: {
    params: TenantSlugParam,
    body: json(z.object({ stepKey: z.string().max(63), userId: z.uuid(), orgUnitId: z.uuid() }).strict()),
  },
  responses: {
    201: jsonResponse(
      'Named',
      z.object({ id: z.uuid(), stepKey: z.string(), userId: z.uuid(), orgUnitId: z.uuid() }),
    ),
    ...errorResponses(400, 401, 403, 404, 422),
  },
});

export const listApplicationsRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/admission/applications',
  tags,
  summary: "The city's admission applications, newest first",
  security: { action: 'admission.read' },
  request: {
    params: TenantSlugParam,
    query: z.object({ status: z.enum(['pending', 'admitted', 'refused']).optional() }).strict(),
  },
  responses: {
    200: jsonResponse('Applications', z.object({ items: z.array(Application) })),
    ...errorResponses(400, 401, 403, 404),
  },
});

export const submitApplicationRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/admission/applications',
  tags,
  summary: 'A department applies to push work down to communities',
  description:
    'Names the task, legal basis, levels, dates, the money, staff and authority that follow, and the forms it brings.',
  security: { action: 'admission.apply' },
  request: { params: TenantSlugParam, body: json(ApplicationBody) },
  responses: { 201: jsonResponse('Submitted', Application), ...errorResponses(400, 401, 403, 404, 422) },
});

export const getApplicationRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/admission/applications/{id}',
  tags,
  summary: 'An application with what each step said',
  security: { action: 'admission.read' },
  request: { params: IdParam },
  responses: { 200: jsonResponse('The application', Application), ...errorResponses(401, 403, 404) },
});

const Version = z.int().min(1).optional();

export const reviewApplicationRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/admission/applications/{id}/review',
  tags,
  summary: 'A review step comments (Guiyang: the district 群工委)',
  description:
    'Refused with 403 `admission.own_application` for the applying department, 403 `admission.not_reviewer` for a person not named, 409 `admission.out_of_order` before an earlier step, 409 `admission.past_deadline` after the deadline.',
  security: { action: 'admission.review' },
  request: {
    params: IdParam,
    body: json(z.object({ comment: z.string().trim().min(1).max(2000), version: Version }).strict()),
  },
  responses: { 200: jsonResponse('Reviewed', Application), ...errorResponses(400, 401, 403, 404, 409, 422) },
});

export const decideApplicationRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/admission/applications/{id}/decide',
  tags,
  summary: 'The decide step admits or refuses, with a reason (Guiyang: the district government)',
  description:
    'Admitted: the item enters the catalog and its money is owed to each community of the district for the year.',
  security: { action: 'admission.review' },
  request: {
    params: IdParam,
    body: json(
      z
        .object({
          outcome: z.enum(['admitted', 'refused']),
          reason: z.string().trim().min(1).max(2000),
          version: Version,
        })
        .strict(),
    ),
  },
  responses: { 200: jsonResponse('Decided', Application), ...errorResponses(400, 401, 403, 404, 409, 422) },
});

export const declineWorkRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/cases/{id}/decline-work',
  tags,
  summary: 'The community declines a case dispatched for work neither admitted nor statutory, with a reason',
  description:
    'By the community or grid it was dispatched to. The case returns to registered with a fresh dispatch clock; the reason is on its timeline and in the audit trail. 409 `admission.work_admitted` when the work is admitted.',
  security: { action: 'cases.handle' },
  request: {
    params: IdParam,
    body: json(z.object({ reason: z.string().trim().min(1).max(2000), version: Version }).strict()),
  },
  responses: {
    200: jsonResponse(
      'Declined: back to registered',
      z.object({ id: z.uuid(), status: z.string(), version: z.int() }),
    ),
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});
