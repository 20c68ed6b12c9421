import { z } from '@hono/zod-openapi';
import { route } from '../auth/route';
import { errorResponses, jsonResponse } from '../platform/http';
import { IdParam, Localized, TenantSlugParam } from '../platform/params';
import { UnitInput } from './onboarding.schema';
import { OrgUnit, tags } from './tenants.routes';

export const createOrgUnitRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/org-units',
  tags,
  summary: 'Add an org unit (a grid, a courtyard, a building …) under a parent',
  description:
    'Needs `structure.write` over the parent: a district administrator adds units only inside their district.',
  security: { action: 'structure.write' },
  request: {
    params: TenantSlugParam,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: UnitInput,
          example: {
            code: 'yunyan-c01-g01',
            level: 'grid',
            parent: 'yunyan-c01',
            name: { zh: '第一网格', en: 'Grid 1' },
          },
        },
      },
    },
  },
  responses: {
    201: jsonResponse('Added', OrgUnit),
    ...errorResponses(400, 401, 403, 404, 422),
  },
});

export const updateOrgUnitRoute = route({
  method: 'patch',
  path: '/v1/t/{tenant}/org-units/{id}',
  tags,
  summary: 'Rename an org unit or set its public attributes (address, opening hours …)',
  description: 'Needs `org_unit.update` over the unit: a grid worker may change only their own grid.',
  security: { action: 'org_unit.update' },
  request: {
    params: IdParam,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({
              name: Localized.optional(),
              attributes: z.record(z.string(), z.unknown()).optional(),
            })
            .strict(),
          example: { attributes: { address: '示例路 1 号', hours: '周一至周五 9:00–17:00' } },
        },
      },
    },
  },
  responses: {
    200: jsonResponse('Updated', OrgUnit),
    ...errorResponses(400, 401, 403, 404),
  },
});
