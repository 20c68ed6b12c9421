import { z } from '@hono/zod-openapi';
import { INCIDENT_IMPACTS, INCIDENT_STATUSES, MAINTENANCE_STATUSES } from '../../schema/status';
import { route } from '../auth/route';
import { errorResponses, jsonResponse } from '../platform/http';
import { TenantSlugParam, uuidPathParam } from '../platform/params';
import { PATTERNS } from '../platform/patterns';

export const tags = ['Public site'];

const Bilingual = z.object({ zh: z.string().trim().min(1).max(500), en: z.string().trim().min(1).max(500) });
const LongBilingual = z.object({
  zh: z.string().trim().min(1).max(5000),
  en: z.string().trim().min(1).max(5000),
});

export const IncidentUpdate = z
  .object({
    id: z.uuid(),
    status: z.enum([...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES]),
    body: z.object({ zh: z.string(), en: z.string() }),
    affected: z.array(z.object({ departmentId: z.uuid(), old: z.string(), new: z.string() })),
    createdAt: z.string(),
  })
  .openapi('IncidentUpdate');

export const Incident = z
  .object({
    id: z.uuid(),
    name: z.object({ zh: z.string(), en: z.string() }),
    status: z.enum([...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES]),
    impact: z.enum([...INCIDENT_IMPACTS, 'maintenance']),
    departmentIds: z.array(z.uuid()),
    scheduledFor: z
      .string()
      .nullable()
      .openapi({ description: 'A scheduled maintenance: its window (null for an incident).' }),
    scheduledUntil: z.string().nullable(),
    automatic: z
      .boolean()
      .openapi({ description: 'Opened by the status sweep when a threshold was crossed.' }),
    startedAt: z.string(),
    monitoringAt: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    updatedAt: z.string(),
    updates: z.array(IncidentUpdate),
  })
  .openapi('Incident');

export const listIncidentsRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/incidents',
  tags,
  summary: "The city's status-page incidents (automatic and manual), newest first, with their updates",
  security: { action: 'status.manage' },
  request: { params: TenantSlugParam },
  responses: {
    200: jsonResponse('Incidents', z.object({ items: z.array(Incident) })),
    ...errorResponses(401, 403, 404),
  },
});

export const openIncidentRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/incidents',
  tags,
  summary: 'Open an incident on the public status page',
  description:
    'Incidents are also opened automatically by the status sweep when a data link crosses a threshold; this is for what the sweep cannot see.',
  security: { action: 'status.manage' },
  request: {
    params: TenantSlugParam,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({
              name: Bilingual,
              impact: z.enum(INCIDENT_IMPACTS),
              status: z.enum(['investigating', 'identified', 'monitoring']).default('investigating'),
              departmentIds: z.array(z.uuid()).max(100).default([]),
              body: LongBilingual,
            })
            .strict(),
          example: {
            name: { zh: '公安局人口库接口维护', en: 'Public security population API maintenance' },
            impact: 'minor',
            status: 'identified',
            departmentIds: [],
            body: {
              zh: '公安局正在升级人口库接口，推送可能延迟。',
              en: 'Public security is upgrading its population API; deliveries may be delayed.',
            },
          },
        },
      },
    },
  },
  responses: {
    201: jsonResponse('Opened', Incident),
    ...errorResponses(400, 401, 403, 404, 422),
  },
});

export const updateIncidentRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/incidents/{id}/updates',
  tags,
  summary: 'Post an update to an incident or a scheduled maintenance; `resolved` / `completed` ends it',
  description:
    'An incident takes `investigating`, `identified`, `monitoring`, `resolved`; a scheduled maintenance `scheduled`, `in_progress` (its components show `under_maintenance`), `verifying`, `completed` (and no `impact`). A status of the other kind is 422 `incident.status_kind`.',
  security: { action: 'status.manage' },
  request: {
    params: TenantSlugParam.extend({ id: uuidPathParam('id') }),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({
              status: z.enum([...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES]),
              body: LongBilingual,
              impact: z.enum(INCIDENT_IMPACTS).optional(),
            })
            .strict(),
          example: {
            status: 'resolved',
            body: {
              zh: '接口已恢复，积压的推送已全部送达。',
              en: 'The API is back; the backlog has been delivered.',
            },
          },
        },
      },
    },
  },
  responses: {
    200: jsonResponse('Updated', Incident),
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});

export const scheduleMaintenanceRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/maintenances',
  tags,
  summary: 'Schedule maintenance of data links on the public status page',
  description:
    "Announced at once on the status page, in its Statuspage JSON (`scheduled-maintenances.json`, `…/upcoming.json`, `…/active.json`, and `summary.json`'s `scheduled_maintenances`) and feeds. Move it on with `POST /v1/t/{tenant}/incidents/{id}/updates` (`in_progress`, `verifying`, `completed`).",
  security: { action: 'status.manage' },
  request: {
    params: TenantSlugParam,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({
              name: Bilingual,
              departmentIds: z.array(z.uuid()).max(100).default([]),
              scheduledFor: z.iso
                .datetime({ offset: true })
                .openapi({ example: '2026-12-12T22:00:00+08:00' }),
              scheduledUntil: z.iso.datetime({ offset: true }).openapi({
                example: '2026-12-13T02:00:00+08:00',
                description:
                  'After `scheduledFor`, and in the future (else 422 `maintenance.window` on `scheduledUntil`).',
              }),
              body: LongBilingual,
            })
            .strict(),
          example: {
            name: { zh: '民政局低保系统升级', en: 'Civil affairs allowance system upgrade' },
            departmentIds: [],
            scheduledFor: '2026-12-12T22:00:00+08:00',
            scheduledUntil: '2026-12-13T02:00:00+08:00',
            body: {
              zh: '升级期间低保数据推送暂停，结束后自动补推。',
              en: 'Allowance data pushes pause during the upgrade and catch up afterwards.',
            },
          },
        },
      },
    },
  },
  responses: {
    201: jsonResponse('Scheduled', Incident),
    ...errorResponses(400, 401, 403, 404, 422),
  },
});

export const StaffListing = z
  .object({
    id: z.uuid(),
    orgUnitId: z.uuid(),
    grid: z.object({ zh: z.string(), en: z.string() }),
    name: z.string(),
    role: z.object({ zh: z.string(), en: z.string() }),
    department: z.object({ zh: z.string(), en: z.string() }),
    contact: z.string(),
    position: z.number().int(),
    sample: z.boolean(),
  })
  .openapi('StaffListing');

const OptionalBilingual = z.object({ zh: z.string().trim().max(200), en: z.string().trim().max(200) });
const StaffListingBody = z
  .object({
    orgUnitId: z.uuid(),
    grid: OptionalBilingual.optional(),
    name: z.string().trim().min(1).max(100),
    role: z.object({ zh: z.string().trim().min(1).max(100), en: z.string().trim().min(1).max(100) }),
    department: OptionalBilingual.optional(),
    contact: z.string().trim().max(100).optional().openapi({
      description:
        'A work contact the city chooses to publish (office line or extension), never a private one: a mainland mobile number (1[3-9]x xxxx xxxx, with or without +86) is refused with 422 naming `contact`.',
    }),
    position: z.number().int().min(0).max(10000).optional(),
    sample: z.boolean().optional(),
  })
  .strict();

export const listStaffListingsRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/staff-listings',
  tags,
  summary: 'The published real-name listing of grid staff (what the public pages show)',
  security: { action: 'status.manage' },
  request: {
    params: TenantSlugParam,
    query: z.object({
      orgUnitId: z
        .uuid()
        .optional()
        .openapi({ param: { name: 'orgUnitId', in: 'query' } }),
    }),
  },
  responses: {
    200: jsonResponse('Listings', z.object({ items: z.array(StaffListing) })),
    ...errorResponses(400, 401, 403, 404),
  },
});

export const createStaffListingRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/staff-listings',
  tags,
  summary: 'Publish a grid staff member on a community page',
  description:
    "Only where the city's model publishes a real-name listing of grid staff (`mechanisms.gridRealNameListing`); otherwise 409 `staff_listing.not_published`. A mainland mobile number is refused as a work contact (422).",
  security: { action: 'status.manage' },
  request: {
    params: TenantSlugParam,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: StaffListingBody,
          example: {
            orgUnitId: '7d1c1f8e-6a0b-4f7e-9d0a-2b9d7f0c1a11',
            grid: { zh: '第一网格', en: 'Grid 1' },
            name: '王芳',
            role: { zh: '专职网格员', en: 'Full-time grid worker' },
            department: { zh: '社区服务中心', en: 'Community service center' },
            contact: '0851-8888 0001',
          },
        },
      },
    },
  },
  responses: {
    201: jsonResponse('Published', StaffListing),
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});

export const updateStaffListingRoute = route({
  method: 'patch',
  path: '/v1/t/{tenant}/staff-listings/{id}',
  tags,
  summary: 'Change a published staff listing',
  security: { action: 'status.manage' },
  request: {
    params: TenantSlugParam.extend({ id: uuidPathParam('id') }),
    body: { required: true, content: { 'application/json': { schema: StaffListingBody.partial() } } },
  },
  responses: {
    200: jsonResponse('Changed', StaffListing),
    ...errorResponses(400, 401, 403, 404, 422),
  },
});

export const deleteStaffListingRoute = route({
  method: 'delete',
  path: '/v1/t/{tenant}/staff-listings/{id}',
  tags,
  summary: 'Withdraw a staff listing from the public pages',
  security: { action: 'status.manage' },
  request: { params: TenantSlugParam.extend({ id: uuidPathParam('id') }) },
  responses: { 204: { description: 'Withdrawn' }, ...errorResponses(401, 403, 404) },
});

const HostName = z.string().trim().toLowerCase().max(253).regex(PATTERNS.host_name);

export const mapHostRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/hosts',
  tags,
  summary: "Serve the city's public site at the root of a host name (e.g. guiyang.example.org)",
  description: 'Point the DNS name at the Worker (a Workers route or custom domain) as well.',
  security: { action: 'tenant.onboard' },
  request: {
    params: TenantSlugParam,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({ host: HostName }).strict(),
          example: { host: 'guiyang.example.org' },
        },
      },
    },
  },
  responses: {
    201: jsonResponse('Mapped', z.object({ host: z.string() })),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

export const unmapHostRoute = route({
  method: 'delete',
  path: '/v1/t/{tenant}/hosts/{host}',
  tags,
  summary: 'Stop serving the city at a host name',
  security: { action: 'tenant.onboard' },
  request: {
    params: TenantSlugParam.extend({ host: HostName.openapi({ param: { name: 'host', in: 'path' } }) }),
  },
  responses: { 204: { description: 'Unmapped' }, ...errorResponses(400, 401, 403, 404) },
});

export const DataLink = z
  .object({
    departmentId: z.uuid(),
    key: z.string(),
    name: z.object({ zh: z.string(), en: z.string() }),
    status: z.enum(['operational', 'degraded', 'outage']),
    signals: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
    statusSince: z.string(),
  })
  .openapi('DataLink');

export const listDataLinksRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/data-links',
  tags,
  summary: "Each connected department's data-link status with the signals it was computed from",
  description:
    'Signals: failing deliveries and for how long, dead letters (7 days), deliveries in 24 h, lag, error rate, last push and pull. Thresholds are in the README ("How status is computed").',
  security: { action: 'status.manage' },
  request: { params: TenantSlugParam },
  responses: {
    200: jsonResponse(
      'Data links',
      z.object({
        items: z.array(DataLink),
        notConnected: z.array(
          z.object({ key: z.string(), name: z.object({ zh: z.string(), en: z.string() }) }),
        ),
      }),
    ),
    ...errorResponses(401, 403, 404),
  },
});
