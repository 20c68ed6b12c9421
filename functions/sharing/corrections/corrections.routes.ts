import { z } from '@hono/zod-openapi';
import { route } from '../../auth/route';
import { errorResponses, jsonResponse } from '../../platform/http';
import { TenantSlugParam, uuidPathParam } from '../../platform/params';
import { tags } from '../sharing.routes';

export const Correction = z
  .object({
    id: z.uuid(),
    residentId: z.uuid(),
    field: z.string(),
    proposedValue: z.unknown(),
    reason: z.string(),
    status: z.enum(['open', 'accepted', 'rejected']),
    replyBy: z.string(),
    decisionReason: z.string().nullable(),
  })
  .openapi('CorrectionRequest');

export const fileCorrectionRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/residents/{id}/corrections',
  tags,
  summary: 'Ask the owning department to correct a field you can see',
  security: { action: 'residents.read' },
  request: {
    params: TenantSlugParam.extend({ id: uuidPathParam('id') }),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({
              field: z.string().max(130),
              proposedValue: z.unknown(),
              reason: z.string().trim().min(2).max(500),
            })
            .strict(),
          example: {
            field: 'minimum_income.enrolled',
            proposedValue: false,
            reason: '本人已于上月就业，收入超过低保标准',
          },
        },
      },
    },
  },
  responses: {
    201: jsonResponse('Filed', Correction),
    ...errorResponses(400, 401, 403, 404, 422),
  },
});

export const listCorrectionsRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/corrections',
  tags,
  summary: "Corrections: your department's queue (fields it owns) and the ones you filed",
  security: 'signedIn',
  request: {
    params: TenantSlugParam,
    query: z.object({
      status: z
        .enum(['open', 'accepted', 'rejected'])
        .optional()
        .openapi({ param: { name: 'status', in: 'query' } }),
    }),
  },
  responses: {
    200: jsonResponse('Corrections', z.object({ items: z.array(Correction) })),
    ...errorResponses(400, 401, 404),
  },
});

export const decideCorrectionRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/corrections/{id}/decision',
  tags,
  summary: 'Accept (writes the change and emits the event) or reject with a reason',
  security: { action: 'facets.write' },
  request: {
    params: TenantSlugParam.extend({ id: uuidPathParam('id') }),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({ accept: z.boolean(), reason: z.string().max(500).optional() }).strict(),
        },
      },
    },
  },
  responses: {
    200: jsonResponse('Decided', Correction),
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});
