import { z } from '@hono/zod-openapi';
import { SCOPES } from '../auth/roles';
import { route } from '../auth/route';
import { errorResponses, jsonResponse } from '../platform/http';
import { TenantSlugParam, uuidPathParam } from '../platform/params';
import { tags } from './admin.routes';

export const ApiKey = z
  .object({
    id: z.uuid(),
    prefix: z.string().openapi({ description: 'Shown to tell keys apart; the secret is never shown again' }),
    scopes: z.array(z.string()),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('ApiKey');

export const ApiClient = z
  .object({ id: z.uuid(), departmentId: z.uuid(), name: z.string(), keys: z.array(ApiKey) })
  .openapi('ApiClient');

export const listApiClientsRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/api-clients',
  tags,
  summary: 'Departments’ API clients and their keys (prefixes only)',
  security: { action: 'api_keys.manage' },
  request: { params: TenantSlugParam },
  responses: {
    200: jsonResponse('Clients', z.object({ items: z.array(ApiClient) })),
    ...errorResponses(401, 403, 404),
  },
});

export const createApiClientRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/api-clients',
  tags,
  summary: 'Register a department system as an API client',
  security: { action: 'api_keys.manage' },
  request: {
    params: TenantSlugParam,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({ departmentId: z.uuid(), name: z.string().trim().min(1).max(100) }).strict(),
        },
      },
    },
  },
  responses: {
    201: jsonResponse('Registered', ApiClient),
    ...errorResponses(400, 401, 403, 404, 422),
  },
});

const IssuedKey = z
  .object({
    key: ApiKey,
    secret: z.string().openapi({ description: 'Shown once: store it now', example: 'shq_abcdefghijkl_…' }),
  })
  .openapi('IssuedApiKey');

export const issueApiKeyRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/api-clients/{clientId}/keys',
  tags,
  summary: 'Issue an API key (the secret is returned once)',
  security: { action: 'api_keys.manage' },
  request: {
    params: TenantSlugParam.extend({ clientId: uuidPathParam('clientId') }),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({ scopes: z.array(z.enum(SCOPES)).min(1), expiresAt: z.iso.datetime().optional() })
            .strict(),
          example: { scopes: ['staff:read'], expiresAt: '2027-12-31T00:00:00Z' },
        },
      },
    },
  },
  responses: {
    201: jsonResponse('Issued', IssuedKey),
    ...errorResponses(400, 401, 403, 404, 422),
  },
});

export const rotateApiKeyRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/api-keys/{keyId}/rotate',
  tags,
  summary: 'Rotate a key: a new secret now, the old one valid for the overlap',
  security: { action: 'api_keys.manage' },
  request: {
    params: TenantSlugParam.extend({ keyId: uuidPathParam('keyId') }),
    body: {
      required: false,
      content: {
        'application/json': {
          schema: z
            .object({
              overlapSeconds: z
                .number()
                .int()
                .min(0)
                .max(30 * 24 * 3600)
                .default(86_400),
            })
            .strict(),
        },
      },
    },
  },
  responses: {
    201: jsonResponse('Rotated', IssuedKey.extend({ previousExpiresAt: z.string() })),
    ...errorResponses(400, 401, 403, 404, 422),
  },
});

export const revokeApiKeyRoute = route({
  method: 'delete',
  path: '/v1/t/{tenant}/api-keys/{keyId}',
  tags,
  summary: 'Revoke a key at once',
  security: { action: 'api_keys.manage' },
  request: { params: TenantSlugParam.extend({ keyId: uuidPathParam('keyId') }) },
  responses: {
    200: jsonResponse('Revoked', ApiKey),
    ...errorResponses(400, 401, 403, 404),
  },
});
