import { z } from '@hono/zod-openapi';
import { route } from '../auth/route';
import { errorResponses, jsonResponse } from '../platform/http';
import { TenantSlugParam } from '../platform/params';
import { ORIGIN_PATTERN } from './origins.service';

const tags = ['Administration'];

const Origins = z
  .object({
    origins: z
      .array(
        z.string().max(200).regex(ORIGIN_PATTERN).openapi({
          description: 'Scheme, host and optional port; no path.',
          example: 'https://portal.guiyang.gov.cn',
        }),
      )
      .max(20),
  })
  .strict()
  .openapi('AllowedOrigins');

const description =
  "Browsers may call this city's API (`/v1/t/{tenant}/…`) from these origins: a preflight (`OPTIONS`) from one of them is answered with `Access-Control-Allow-Origin` naming it, and `Vary: Origin`; other origins get no CORS headers, so the browser refuses. Credentials are never allowed cross-origin (no cookies): callers send `Authorization: Bearer`. Server-to-server calls need none of this.";

export const getAllowedOriginsRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/allowed-origins',
  tags,
  summary: "Web origins allowed to call the city's API from a browser (CORS)",
  description,
  security: { action: 'api_keys.manage' },
  request: { params: TenantSlugParam },
  responses: {
    200: jsonResponse('The allowed origins', Origins),
    ...errorResponses(400, 401, 403, 404),
  },
});

export const putAllowedOriginsRoute = route({
  method: 'put',
  path: '/v1/t/{tenant}/allowed-origins',
  tags,
  summary: "Replace the web origins allowed to call the city's API from a browser (CORS)",
  description,
  security: { action: 'api_keys.manage' },
  request: {
    params: TenantSlugParam,
    body: {
      required: true,
      content: {
        'application/json': { schema: Origins, example: { origins: ['https://portal.guiyang.gov.cn'] } },
      },
    },
  },
  responses: {
    200: jsonResponse('Replaced', Origins),
    ...errorResponses(400, 401, 403, 404),
  },
});
