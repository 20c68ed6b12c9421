import { z } from '@hono/zod-openapi';
import { route } from '../../auth/route';
import { errorResponses, jsonResponse } from '../../platform/http';
import { Localized, TenantSlugParam } from '../../platform/params';
import { tags } from '../sharing.routes';

export const CatalogField = z
  .object({
    key: z.string(),
    name: Localized,
    type: z.enum(['string', 'number', 'boolean', 'date']),
    sensitivity: z.enum(['low', 'medium', 'high']),
    sharingClass: z.enum(['open', 'conditional', 'none']),
    legalBasis: z.string(),
  })
  .openapi('CatalogField');

export const catalogRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/catalog',
  tags,
  summary: 'The data catalog (政务信息资源目录): domains, owners, fields and their sharing class',
  security: 'public',
  request: { params: TenantSlugParam },
  responses: {
    200: {
      description: 'Catalog',
      content: {
        'application/json': {
          schema: z.object({
            domains: z.array(
              z.object({ key: z.string(), ownerDepartmentId: z.uuid(), fields: z.array(CatalogField) }),
            ),
          }),
        },
      },
    },
    ...errorResponses(400, 404),
  },
});

const Key = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/);
const Updated = z.object({
  field: CatalogField,
  version: z.number().int().openapi({ description: "The domain's new catalog version" }),
});

/** A change to a field (the API's body, and the console's edit form). */
export const FieldChangeBody = z
  .object({
    name: Localized.optional(),
    sensitivity: z.enum(['low', 'medium', 'high']).optional(),
    sharingClass: z.enum(['open', 'conditional', 'none']).optional(),
    legalBasis: z.string().max(300).optional(),
  })
  .strict();

export const updateCatalogFieldRoute = route({
  method: 'patch',
  path: '/v1/t/{tenant}/catalog/{domain}/fields/{field}',
  tags,
  summary: "Change a field's sharing class, sensitivity, legal basis or name",
  description:
    'City administrators only. Each change bumps the domain’s version and is written to the audit trail. Conditional and unshared fields need a legal basis. Making a field `none` stops every grant on it at once.',
  security: { action: 'catalog.manage' },
  request: {
    params: TenantSlugParam.extend({
      domain: Key.openapi({ param: { name: 'domain', in: 'path' }, example: 'minimum_income' }),
      field: Key.openapi({ param: { name: 'field', in: 'path' }, example: 'monthly_amount' }),
    }),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: FieldChangeBody,
          example: { sharingClass: 'none', legalBasis: '个人信息保护法第二十八条（敏感个人信息）' },
        },
      },
    },
  },
  responses: {
    200: jsonResponse('Changed', Updated),
    ...errorResponses(400, 401, 403, 404, 422),
  },
});

/** A new field of a domain (the API's body, and the console's form). */
export const NewFieldBody = z
  .object({
    key: Key,
    type: z.enum(['string', 'number', 'boolean', 'date']),
    name: Localized,
    sensitivity: z.enum(['low', 'medium', 'high']),
    sharingClass: z.enum(['open', 'conditional', 'none']),
    legalBasis: z.string().max(300).optional(),
    collectedBy: z.enum(['department', 'community']).optional().openapi({
      description:
        'Who fills the field in. Community staff collect it only under an admitted work item (准入) of the domain’s department: name it in workItemId.',
    }),
    workItemId: z.uuid().optional(),
  })
  .strict();

export const addCatalogFieldRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/catalog/{domain}/fields',
  tags,
  summary: 'Add a field to a data domain',
  security: { action: 'catalog.manage' },
  request: {
    params: TenantSlugParam.extend({ domain: Key.openapi({ param: { name: 'domain', in: 'path' } }) }),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: NewFieldBody,
        },
      },
    },
  },
  responses: {
    201: jsonResponse('Added', Updated),
    ...errorResponses(400, 401, 403, 404, 422),
  },
});
