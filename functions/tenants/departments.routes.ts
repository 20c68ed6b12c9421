import { z } from '@hono/zod-openapi';
import { route } from '../auth/route';
import { errorResponses, jsonResponse } from '../platform/http';
import { Localized, TenantSlugParam } from '../platform/params';
import { PATTERNS } from '../platform/patterns';

export const tags = ['Administration'];

/** A new department: a key (lowercase, digits, _) and its names. */
export const NewDepartmentBody = z
  .object({
    key: z.string().regex(PATTERNS.key),
    name: Localized,
  })
  .strict();

export const Department = z.object({ id: z.uuid(), key: z.string(), name: Localized }).openapi('Department');

export const listDepartmentsRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/departments',
  tags,
  summary: 'Departments (条) of the city',
  security: 'public',
  request: { params: TenantSlugParam },
  responses: {
    200: jsonResponse('Departments', z.object({ items: z.array(Department) })),
    ...errorResponses(400, 404),
  },
});

export const createDepartmentRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/departments',
  tags,
  summary: 'Add a department',
  security: { action: 'departments.manage' },
  request: {
    params: TenantSlugParam,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: NewDepartmentBody,
          example: { key: 'statistics', name: { zh: '统计局', en: 'Statistics bureau' } },
        },
      },
    },
  },
  responses: {
    201: jsonResponse('Added', Department),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});
