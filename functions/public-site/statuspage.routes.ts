import { z } from '@hono/zod-openapi';
import { route } from '../auth/route';
import { errorResponses, jsonResponse } from '../platform/http';
import { TenantSlugParam } from '../platform/params';
import { SpComponent, SpIncident, SpMaintenance, SpPage, SpStatus } from './statuspage';

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
        scheduled_maintenances: z.array(SpMaintenance),
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

export const unresolvedIncidentsRoute = route({
  method: 'get',
  path: '/t/{tenant}/api/v2/incidents/unresolved.json',
  tags,
  summary: 'Statuspage unresolved incidents',
  description,
  security: 'public',
  request: { params: TenantSlugParam, query },
  responses: {
    200: jsonResponse('Unresolved incidents', z.object({ page: SpPage, incidents: z.array(SpIncident) })),
    ...errorResponses(400, 404),
  },
});

const maintenances = (path: string, summary: string) =>
  route({
    method: 'get',
    path: `/t/{tenant}/api/v2/${path}.json`,
    tags,
    summary,
    description,
    security: 'public',
    request: { params: TenantSlugParam, query },
    responses: {
      200: jsonResponse(
        'Scheduled maintenances',
        z.object({ page: SpPage, scheduled_maintenances: z.array(SpMaintenance) }),
      ),
      ...errorResponses(400, 404),
    },
  });

export const maintenancesRoute = maintenances(
  'scheduled-maintenances',
  'Statuspage scheduled maintenances: every one not completed, and those completed in the last week',
);
export const upcomingMaintenancesRoute = maintenances(
  'scheduled-maintenances/upcoming',
  'Statuspage upcoming scheduled maintenances (status scheduled)',
);
export const activeMaintenancesRoute = maintenances(
  'scheduled-maintenances/active',
  'Statuspage active scheduled maintenances (in progress or verifying)',
);
