import { z } from '@hono/zod-openapi';
import { route } from '../../auth/route';
import { errorResponses, jsonResponse } from '../../platform/http';
import { Localized, TenantSlugParam } from '../../platform/params';
import { tags } from '../sharing.routes';

export const Purpose = z
  .object({
    code: z.string().openapi({ example: 'minimum_income_review' }),
    name: Localized,
  })
  .openapi('Purpose');

export const listPurposesRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/purposes',
  tags,
  summary: 'The purposes data may be shared for in this city (codes for grants and `X-Purpose`)',
  security: 'public',
  request: { params: TenantSlugParam },
  responses: {
    200: jsonResponse('Purposes', z.object({ items: z.array(Purpose) })),
    ...errorResponses(400, 404),
  },
});

export const addPurposeRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/purposes',
  tags,
  summary: 'Add a purpose (city administrators)',
  description:
    'The code is lower-case letters, digits and `_` (2–63, starting with a letter) and cannot change; a code the city has is 409 `purpose.exists`. Audited.',
  security: { action: 'catalog.manage' },
  request: {
    params: TenantSlugParam,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({ code: z.string().regex(/^[a-z][a-z0-9_]{1,62}$/), name: Localized }).strict(),
          example: { code: 'flood_relief', name: { zh: '防汛救灾', en: 'Flood relief' } },
        },
      },
    },
  },
  responses: {
    201: jsonResponse('Added', Purpose),
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});
