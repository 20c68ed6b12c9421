import { z } from '@hono/zod-openapi';
import { route } from '../auth/route';
import { errorResponses, jsonResponse } from '../platform/http';
import { TenantSlugParam } from '../platform/params';
import { SpComponent, SpIncident, SpPage, SpStatus } from './statuspage';

const tags = ['Public site'];
const query = z.object({
  lang: z
    .enum(['zh', 'en'])
    .optional()
    .openapi({
      param: { name: 'lang', in: 'query' },
      description: 'Names and update bodies in zh-CN (default) or English.',
    }),
});
const description =
  "Same fields as Atlassian Statuspage's public API v2, so status aggregators read it unchanged. Components are departments' data links; cached at the edge and invalidated when the status changes.";

export const summaryRoute = route({
  method: 'get',
  path: '/t/{tenant}/api/v2/summary.json',
  tags,
  summary: 'Statuspage summary: page, status, components, unresolved incidents, scheduled maintenances',
  description,
  security: 'public',
  request: { params: TenantSlugParam, query },
  responses: {
    200: jsonResponse(
      'Summary',
      z.object({
        page: SpPage,
        components: z.array(SpComponent),
        incidents: z.array(SpIncident),
        scheduled_maintenances: z.array(SpIncident),
        status: SpStatus,
      }),
    ),
    ...errorResponses(400, 404),
  },
});

export const statusRoute = route({
  method: 'get',
  path: '/t/{tenant}/api/v2/status.json',
  tags,
  summary: 'Statuspage status: the page indicator and its description',
  description,
  security: 'public',
  request: { params: TenantSlugParam, query },
  responses: {
    200: jsonResponse('Status', z.object({ page: SpPage, status: SpStatus })),
    ...errorResponses(400, 404),
  },
});

export const componentsRoute = route({
  method: 'get',
  path: '/t/{tenant}/api/v2/components.json',
  tags,
  summary: "Statuspage components: each connected department's data link",
  description,
  security: 'public',
  request: { params: TenantSlugParam, query },
  responses: {
    200: jsonResponse('Components', z.object({ page: SpPage, components: z.array(SpComponent) })),
    ...errorResponses(400, 404),
  },
});

export const incidentsRoute = route({
  method: 'get',
  path: '/t/{tenant}/api/v2/incidents.json',
  tags,
  summary: 'Statuspage incidents: the 50 most recent, with their updates',
  description,
  security: 'public',
  request: { params: TenantSlugParam, query },
  responses: {
    200: jsonResponse('Incidents', z.object({ page: SpPage, incidents: z.array(SpIncident) })),
    ...errorResponses(400, 404),
  },
});
