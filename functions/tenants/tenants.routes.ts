import { z } from '@hono/zod-openapi';
import { route } from '../auth/route';
import { errorResponses, jsonResponse } from '../platform/http';
import { IdParam, Localized, TenantSlugParam } from '../platform/params';
import { IsoDate, ReformInput } from './onboarding.schema';
import { Body, Level, StructureConfig } from './structure.schema';

export const tags = ['Structure'];

export const TenantSummary = z
  .object({
    slug: z.string().openapi({ example: 'guiyang' }),
    name: Localized,
    timezone: z.string().openapi({ example: 'Asia/Shanghai' }),
    template: z.string().openapi({ example: 'guiyang' }),
    model: Localized.openapi({
      example: { zh: '一委一会一中心', en: 'One committee, one council, one center' },
    }),
  })
  .openapi('TenantSummary');

export const TenantDetail = TenantSummary.extend({ structure: StructureConfig }).openapi('TenantDetail');

export const OrgUnit = z
  .object({
    id: z.uuid(),
    code: z.string().openapi({ example: 'yunyan' }),
    level: z.string().openapi({ example: 'district' }),
    name: Localized,
    parentId: z.uuid().nullable(),
    validFrom: z
      .string()
      .nullable()
      .openapi({ description: 'First day; null when it predates our records.' }),
    validTo: z
      .string()
      .nullable()
      .openapi({ description: 'First day it no longer exists; null while open.' }),
    openedByReformId: z.uuid().nullable(),
    closedByReformId: z.uuid().nullable(),
    sample: z
      .boolean()
      .openapi({ description: 'Placeholder generated because the sources give counts, not names.' }),
    attributes: z.record(z.string(), z.unknown()),
  })
  .openapi('OrgUnit');

const LevelCounts = z
  .record(z.string(), z.number().int())
  .openapi({ example: { district: 5, community: 90 } });

export const Reform = z
  .object({
    id: z.uuid(),
    code: z.string().openapi({ example: 'guiyang-2010-reform' }),
    effectiveOn: z.string().openapi({ example: '2010-02-01', format: 'date' }),
    datePrecision: z.enum(['year', 'month', 'day']),
    title: Localized,
    summary: z.object({ zh: z.string(), en: z.string() }),
    source: z.string(),
    closed: LevelCounts,
    opened: LevelCounts,
  })
  .openapi('Reform');

/** What a reform moved (or would move) from one closed unit to its successor. */
export const ReformCarry = z
  .object({
    from: z.string().openapi({ example: 'yunyan-c01' }),
    to: z.string().nullable().openapi({ example: 'yunyan-c91' }),
    counts: z
      .record(z.string(), z.number().int())
      .openapi({ example: { residents: 1250, roles: 3, staff_listing: 4, open_cases: 2 } }),
  })
  .openapi('ReformCarry');

export const AppliedReform = Reform.extend({
  carries: z.array(ReformCarry),
  carried: z.record(z.string(), z.number().int()).openapi({ example: { residents: 1250, roles: 3 } }),
}).openapi('AppliedReform');

export const listTenantsRoute = route({
  method: 'get',
  path: '/v1/tenants',
  tags,
  summary: 'List the cities on this service',
  security: 'public',
  responses: {
    200: jsonResponse('Every tenant', z.object({ items: z.array(TenantSummary) })),
  },
});

export const getTenantRoute = route({
  method: 'get',
  path: '/v1/tenants/{tenant}',
  tags,
  summary: 'A city and its structure (levels, bodies, deliberation, admission steps, departments)',
  security: 'public',
  request: { params: TenantSlugParam },
  responses: {
    200: jsonResponse('The tenant', TenantDetail),
    ...errorResponses(400, 404),
  },
});

export const listOrgUnitsRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/org-units',
  tags,
  summary: 'Org units as of a date',
  description:
    "The units that existed on `asOf` (default: today in the city's time zone), ordered by code, with counts per level. Page with `cursor` (the `nextCursor` of the previous page).",
  security: 'public',
  request: {
    params: TenantSlugParam,
    query: z.object({
      asOf: IsoDate.optional().openapi({ param: { name: 'asOf', in: 'query' }, example: '2009-12-31' }),
      level: z
        .string()
        .max(40)
        .optional()
        .openapi({ param: { name: 'level', in: 'query' }, example: 'street' }),
      parentId: z
        .uuid()
        .optional()
        .openapi({ param: { name: 'parentId', in: 'query' } }),
      cursor: z
        .string()
        .max(80)
        .optional()
        .openapi({ param: { name: 'cursor', in: 'query' } }),
      limit: z.coerce
        .number()
        .int()
        .min(1)
        .max(1000)
        .default(200)
        .openapi({ param: { name: 'limit', in: 'query' } }),
    }),
  },
  responses: {
    200: {
      description: 'The units',
      content: {
        'application/json': {
          schema: z.object({
            asOf: z.string(),
            counts: LevelCounts,
            items: z.array(OrgUnit),
            nextCursor: z.string().nullable(),
          }),
        },
      },
    },
    ...errorResponses(400, 404),
  },
});

export const getOrgUnitRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/org-units/{id}',
  tags,
  summary: 'One org unit with its parent, what is under it, and its lineage',
  security: 'public',
  request: {
    params: IdParam,
    query: z.object({ asOf: IsoDate.optional().openapi({ param: { name: 'asOf', in: 'query' } }) }),
  },
  responses: {
    200: {
      description: 'The unit',
      content: {
        'application/json': {
          schema: z.object({
            unit: OrgUnit,
            parent: OrgUnit.nullable(),
            asOf: z.string(),
            childCounts: LevelCounts,
            predecessors: z.array(
              z.object({ reformId: z.uuid(), id: z.uuid(), code: z.string(), name: Localized }),
            ),
            successors: z.array(
              z.object({ reformId: z.uuid(), id: z.uuid(), code: z.string(), name: Localized }),
            ),
          }),
        },
      },
    },
    ...errorResponses(400, 404),
  },
});

export const listBodiesRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/bodies',
  tags,
  summary: 'The bodies a community contains, and the levels of the tree',
  security: 'public',
  request: { params: TenantSlugParam },
  responses: {
    200: {
      description: 'Bodies and levels',
      content: {
        'application/json': { schema: z.object({ bodies: z.array(Body), levels: z.array(Level) }) },
      },
    },
    ...errorResponses(400, 404),
  },
});

export const listReformsRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/reforms',
  tags,
  summary: 'Reform history, oldest first, with the units each closed and opened',
  security: 'public',
  request: { params: TenantSlugParam },
  responses: {
    200: jsonResponse('Reforms', z.object({ items: z.array(Reform) })),
    ...errorResponses(400, 404),
  },
});

export const getReformRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/reforms/{id}',
  tags,
  summary: 'One reform with the units it closed and opened and its lineage',
  security: 'public',
  request: { params: IdParam },
  responses: {
    200: {
      description: 'The reform',
      content: {
        'application/json': {
          schema: z.object({
            reform: Reform,
            closedUnits: z.array(OrgUnit),
            openedUnits: z.array(OrgUnit),
            lineage: z.array(z.object({ from: z.string(), to: z.string() })),
          }),
        },
      },
    },
    ...errorResponses(400, 404),
  },
});

export const createReformRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/reforms',
  tags,
  summary: 'Apply a reform',
  description:
    'Closes the listed units and opens new ones on `effectiveOn`, recording lineage, atomically. Refused whole (422, naming each field) if a unit is unknown or already closed, a new unit sits under a wrong level, a unit would be left under a closed parent, or an opened unit has no predecessor.',
  security: { action: 'structure.write' },
  request: {
    params: TenantSlugParam,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: ReformInput,
          example: {
            code: 'merge-2027',
            effectiveOn: '2027-01-01',
            title: { zh: '社区合并', en: 'Community merger' },
            closes: ['yunyan-c01', 'yunyan-c02'],
            opens: [
              {
                code: 'yunyan-c91',
                level: 'community',
                parent: 'yunyan',
                name: { zh: '新社区', en: 'New community' },
              },
            ],
            lineage: [
              { from: 'yunyan-c01', to: 'yunyan-c91' },
              { from: 'yunyan-c02', to: 'yunyan-c91' },
            ],
          },
        },
      },
    },
  },
  responses: {
    201: jsonResponse('Applied, with what moved from each closed unit', AppliedReform),
    ...errorResponses(400, 401, 403, 404, 422),
  },
});

export const previewReformRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/reforms/preview',
  tags,
  summary: 'Preview a reform: what it would close and open, and what must move — nothing is written',
  description:
    "The same checks and the same answer as applying it (`POST /v1/t/{tenant}/reforms`), inside a transaction that is rolled back: `carries` lists, for each unit it closes, what lives there (residents' addresses, staff roles, grid-staff listings, unit-limited grants, open cases) and the successor they would move to. A unit with dwellers and no successor (or a split with no link marked `carry`) is the same 422 the apply gives.",
  security: { action: 'structure.write' },
  request: createReformRoute.request,
  responses: {
    200: jsonResponse('What the reform would do', AppliedReform),
    ...errorResponses(400, 401, 403, 404, 422),
  },
});
