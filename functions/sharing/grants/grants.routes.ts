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
    kind: z
      .enum(['read', 'verify'])
      .openapi({ description: '`verify`: yes/no verifications of the fields only, never their values' }),
    fields: z.array(z.string()),
    readableFields: z.array(z.string()).openapi({
      description:
        'What the grant makes readable (or verifiable) now: open fields at once, each owner’s once it and the city approved',
    }),
    purposeCode: z.string().nullable().openapi({
      description: 'The city’s purpose the grant serves (null: made before purpose codes; serves no read)',
    }),
    purpose: z.string().openapi({ description: 'Free text beside the purpose code' }),
    legalBasis: z.string(),
    validFrom: z.string(),
    validTo: z.string(),
    orgUnitId: z.uuid().nullable(),
    status: z.enum(['pending', 'approved', 'refused', 'revoked']),
    ownerApproved: z.boolean(),
    cityApproved: z.boolean(),
    owners: z
      .array(
        z.object({
          departmentId: z.uuid(),
          fields: z.array(z.string()),
          decision: z
            .enum(['approved', 'refused', 'withdrawn'])
            .nullable()
            .openapi({ description: '`withdrawn`: the owner took back an approval it had given' }),
          reason: z.string().nullable(),
          decidedAt: z.string().nullable(),
        }),
      )
      .openapi({
        description: 'Each department owning conditional fields of the grant, with its decision on them',
      }),
    awaiting: z
      .object({ city: z.boolean(), departments: z.array(z.uuid()) })
      .openapi({ description: 'Whose decisions the grant still waits for (nobody’s once it is decided)' }),
    replyBy: z.string(),
    reason: z.string().nullable(),
  })
  .openapi('DataGrant');

export const requestGrantRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/grants',
  tags,
  summary: 'Request fields (or a whole domain as `domain.*`) for one of the city’s purposes',
  description:
    'Each department owning conditional fields named here decides on its own fields, and the city on the grant; an owner’s fields become readable once it and the city approved. An unknown purpose code is 422 `grant.invalid` (`grant.purpose_unknown` on `purposeCode`).',
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
              purposeCode: z.string().max(63).optional().openapi({
                description:
                  'One of the city’s purposes (`GET …/purposes`); reads must state it in `X-Purpose` to get these fields. Without it, `purpose` is taken as the code.',
              }),
              purpose: z
                .string()
                .trim()
                .max(200)
                .optional()
                .openapi({ description: 'Free text beside the code' }),
              kind: z.enum(['read', 'verify']).optional().openapi({
                description:
                  '`read` (default) or `verify`: only yes/no answers from `POST …/verifications`, never the values',
              }),
              legalBasis: z.string().trim().min(2).max(300),
              validFrom: IsoDate.optional(),
              validTo: IsoDate.openapi({
                description:
                  'Not before `validFrom` (today when not given), else 422 `grant.valid_to_before_from`.',
              }),
              orgUnitId: z.uuid().optional(),
            })
            .strict(),
          example: {
            fields: ['minimum_income.enrolled', 'person.phone'],
            purposeCode: 'employment_assistance',
            purpose: '就业援助对象核查',
            legalBasis: '就业促进法',
            validTo: '2027-12-31',
          },
        },
      },
    },
  },
  responses: {
    201: jsonResponse(
      'Requested (approved at once if no conditional field of another department is named)',
      Grant,
    ),
    ...errorResponses(400, 401, 403, 404, 422),
  },
});

export const listGrantsRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/grants',
  tags,
  summary:
    'Grants: a department sees those it holds and those naming fields it owns; city administrators see all (the approval queue)',
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
  summary: 'Approve or refuse a grant (each owner department on its own fields, and the city)',
  description:
    'An API client of a department owning conditional fields of the grant decides on those fields; a city administrator decides for the city. An owner’s refusal withholds only its fields; the city’s refuses the grant. Each party decides once: a second decision by a party that already decided (or on a grant no longer pending) is 409 `grant.decided` and changes nothing. A refusal needs a reason of at most 500 characters.',
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
  description:
    'The grantee gives the grant up; the city, or the department owning all its conditional data, withdraws it. On a grant over several owners’ fields, an owner department withdraws its own approval: its fields stop being readable on the next call, the other owners’ stay, and its decision reads `withdrawn` (409 `grant.nothing_to_withdraw` when it had approved nothing).',
  security: 'signedIn',
  request: { params: TenantSlugParam.extend({ id: uuidPathParam('id') }) },
  responses: {
    200: jsonResponse('Revoked', Grant),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});
