import { z } from '@hono/zod-openapi';
import { route } from '../../auth/route';
import { errorResponses, jsonResponse } from '../../platform/http';
import { TenantSlugParam, uuidPathParam } from '../../platform/params';
import { IsoDate } from '../../tenants/onboarding.schema';
import { tags } from '../sharing.routes';

export const Grant = z
  .object({
    id: z.uuid(),
    departmentId: z.uuid(),
    fields: z.array(z.string()),
    purpose: z.string(),
    legalBasis: z.string(),
    validFrom: z.string(),
    validTo: z.string(),
    orgUnitId: z.uuid().nullable(),
    status: z.enum(['pending', 'approved', 'refused', 'revoked']),
    ownerApproved: z.boolean(),
    cityApproved: z.boolean(),
    replyBy: z.string(),
    reason: z.string().nullable(),
  })
  .openapi('DataGrant');

export const requestGrantRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/grants',
  tags,
  summary: 'Request fields (or a whole domain as `domain.*`) for a purpose',
  security: { action: 'grants.request' },
  request: {
    params: TenantSlugParam,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({
              fields: z.array(z.string().max(130)).min(1).max(100),
              purpose: z.string().trim().min(2).max(200),
              legalBasis: z.string().trim().min(2).max(300),
              validFrom: IsoDate.optional(),
              validTo: IsoDate,
              orgUnitId: z.uuid().optional(),
            })
            .strict(),
          example: {
            fields: ['minimum_income.enrolled', 'person.phone'],
            purpose: '就业援助对象核查',
            legalBasis: '就业促进法',
            validTo: '2027-12-31',
          },
        },
      },
    },
  },
  responses: {
    201: jsonResponse('Requested (approved at once if every field is open-class)', Grant),
    ...errorResponses(400, 401, 403, 404, 422),
  },
});

export const listGrantsRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/grants',
  tags,
  summary: 'Grants: a department sees its own; city administrators see all (the approval queue)',
  security: 'signedIn',
  request: { params: TenantSlugParam },
  responses: {
    200: jsonResponse('Grants', z.object({ items: z.array(Grant) })),
    ...errorResponses(401, 403, 404),
  },
});

export const decideGrantRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/grants/{id}/decision',
  tags,
  summary: 'Approve or refuse a grant (owner department and city each decide)',
  description:
    'Each party decides once: a second decision by a party that already decided (or on a grant no longer pending) is 409 `grant.decided` and changes nothing. A refusal needs a reason of at most 500 characters.',
  security: { action: 'grants.decide' },
  request: {
    params: TenantSlugParam.extend({ id: uuidPathParam('id') }),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({ approve: z.boolean(), reason: z.string().max(500).optional() }).strict(),
          example: { approve: false, reason: '用途与所申请字段不相符' },
        },
      },
    },
  },
  responses: {
    200: jsonResponse('Decided', Grant),
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});

export const revokeGrantRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/grants/{id}/revoke',
  tags,
  summary: 'Revoke a grant; it stops working on the next call',
  security: 'signedIn',
  request: { params: TenantSlugParam.extend({ id: uuidPathParam('id') }) },
  responses: {
    200: jsonResponse('Revoked', Grant),
    ...errorResponses(400, 401, 403, 404),
  },
});
