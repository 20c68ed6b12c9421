import { z } from '@hono/zod-openapi';
import { HANDLER_KINDS } from '../../schema/cases';
import { route } from '../auth/route';
import { errorResponses, jsonResponse } from '../platform/http';
import { IdParam, TenantSlugParam } from '../platform/params';
import { CategoryAttributeBody, CategoryBody, StageLimitsBody } from './case-catalog.schema';

export const tags = ['Cases'];

export const CaseCategory = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.object({ zh: z.string(), en: z.string() }),
    hint: z.object({ zh: z.string(), en: z.string() }),
    handlerKind: z.enum(HANDLER_KINDS),
    departmentId: z.uuid().nullable(),
    limits: StageLimitsBody,
    attributes: z.array(CategoryAttributeBody),
    public: z.boolean(),
    active: z.boolean(),
    version: z.int(),
    updatedAt: z.string(),
  })
  .openapi('CaseCategory');

export const listCategoriesRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/case-categories',
  tags,
  summary: "The city's case catalog (the ten grid work contents by default)",
  security: { action: 'cases.read' },
  request: { params: TenantSlugParam },
  responses: {
    200: jsonResponse('Categories', z.object({ items: z.array(CaseCategory) })),
    ...errorResponses(401, 403, 404),
  },
});

export const createCategoryRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/case-categories',
  tags,
  summary: 'Add a category to the case catalog',
  security: { action: 'case_catalog.manage' },
  request: {
    params: TenantSlugParam,
    body: { required: true, content: { 'application/json': { schema: CategoryBody } } },
  },
  responses: { 201: jsonResponse('Created', CaseCategory), ...errorResponses(400, 401, 403, 404, 409, 422) },
});

export const updateCategoryRoute = route({
  method: 'put',
  path: '/v1/t/{tenant}/case-categories/{id}',
  tags,
  summary: 'Edit a category (its version goes up; cases keep the version they were collected under)',
  security: { action: 'case_catalog.manage' },
  request: {
    params: IdParam,
    body: { required: true, content: { 'application/json': { schema: CategoryBody } } },
  },
  responses: { 200: jsonResponse('Updated', CaseCategory), ...errorResponses(400, 401, 403, 404, 409, 422) },
});

export const calendarRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/calendar',
  tags,
  summary: 'The working-day calendar deadlines are counted on: covered years and the city’s own days',
  security: { action: 'cases.read' },
  request: { params: TenantSlugParam },
  responses: {
    200: jsonResponse(
      'Coverage',
      z.object({
        timeZone: z.string(),
        nationalYears: z.array(z.int()),
        addedYears: z.array(z.int()),
        coversThisYear: z.boolean(),
        coversNextYear: z.boolean(),
        cityDays: z.array(z.object({ day: z.string(), kind: z.enum(['day_off', 'working_day']) })),
      }),
    ),
    ...errorResponses(401, 403, 404),
  },
});

export const addCalendarDayRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/calendar-days',
  tags,
  summary: "Add a local day off or working day to the city's calendar",
  security: { action: 'case_catalog.manage' },
  request: {
    params: TenantSlugParam,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({
              day: z.iso.date(),
              kind: z.enum(['day_off', 'working_day']),
              note: z.string().trim().max(200).default(''),
            })
            .strict(),
        },
      },
    },
  },
  responses: {
    201: jsonResponse(
      'Added',
      z.object({ day: z.string(), kind: z.enum(['day_off', 'working_day']), note: z.string() }),
    ),
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});

export const AcceptanceRequest = z
  .object({
    id: z.uuid(),
    caseId: z.uuid().nullable(),
    fromUnitId: z.uuid(),
    raisedBy: z.string(),
    departmentId: z.uuid(),
    subject: z.string(),
    body: z.string(),
    dueAt: z.string(),
    status: z.enum(['pending', 'accepted', 'declined', 'overdue']),
    reason: z.string(),
    answeredAt: z.string().nullable(),
    escalatedToUnitId: z.uuid().nullable(),
    createdAt: z.string(),
  })
  .openapi('AcceptanceRequest');

/** A deadline-bound request as raised (the API's body, and the console form's). */
export const NewAcceptanceBody = z
  .object({
    fromUnitId: z.uuid(),
    departmentId: z.uuid(),
    subject: z.string().trim().min(1).max(200),
    body: z.string().max(5000).optional(),
    workingDays: z.int().min(1).max(60),
    caseId: z.uuid().optional(),
  })
  .strict()
  .openapi('NewAcceptanceRequest');

/** The addressed department's answer. */
export const AcceptanceAnswerBody = z
  .object({
    decision: z.enum(['accepted', 'declined']),
    reason: z.string().trim().min(1).max(2000).optional(),
  })
  .strict();

export const listAcceptanceRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/acceptance-requests',
  tags,
  summary: '限期受理: requests you raised (with their answers) or addressed to your department',
  security: { action: 'cases.read' },
  request: { params: TenantSlugParam },
  responses: {
    200: jsonResponse('Requests', z.object({ items: z.array(AcceptanceRequest) })),
    ...errorResponses(401, 403, 404),
  },
});

export const raiseAcceptanceRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/acceptance-requests',
  tags,
  summary: '限期受理: write to a department with a deadline in working days',
  security: { action: 'acceptance.raise' },
  request: {
    params: TenantSlugParam,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: NewAcceptanceBody,
        },
      },
    },
  },
  responses: { 201: jsonResponse('Raised', AcceptanceRequest), ...errorResponses(400, 401, 403, 404, 422) },
});

export const answerAcceptanceRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/acceptance-requests/{id}/answer',
  tags,
  summary: 'Accept or decline (with a reason) a request addressed to your department',
  security: { action: 'acceptance.answer' },
  request: {
    params: IdParam,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: AcceptanceAnswerBody,
        },
      },
    },
  },
  responses: {
    200: jsonResponse('Answered', AcceptanceRequest),
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});

export const addPlatformCalendarDaysRoute = route({
  method: 'post',
  path: '/v1/calendar-days',
  // The city's own `POST /v1/t/{tenant}/calendar-days` is postCalendarDays.
  operationId: 'postPlatformCalendarDays',
  tags,
  summary: "Add days for every city's calendar: a year the holiday package does not cover yet",
  description:
    "When the State Council publishes next year's holidays and make-up working days before a release of the `chinese-days` package carries them, the platform adds them here (every holiday as `day_off`, every make-up working day as `working_day`); a year with any day added counts as covered. Recorded in every city's audit trail.",
  security: { action: 'calendar.manage' },
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({
              days: z
                .array(
                  z
                    .object({
                      day: z.iso.date(),
                      kind: z.enum(['day_off', 'working_day']),
                      note: z.string().trim().max(200).default(''),
                    })
                    .strict(),
                )
                .min(1)
                .max(400),
            })
            .strict()
            .openapi({
              example: {
                days: [
                  { day: '2027-01-01', kind: 'day_off', note: '元旦' },
                  { day: '2027-02-06', kind: 'working_day', note: '春节调休上班' },
                ],
              },
            }),
        },
      },
    },
  },
  responses: {
    201: jsonResponse(
      'Added',
      z.object({ items: z.array(z.object({ day: z.string(), kind: z.enum(['day_off', 'working_day']) })) }),
    ),
    ...errorResponses(400, 401, 403, 409, 422),
  },
});
