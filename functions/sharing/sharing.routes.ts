import { z } from '@hono/zod-openapi';
import { guards } from '../auth/guards';
import { defineRoute, errorResponses } from '../platform/http';
import { IsoDate } from '../tenants/onboarding.schema';
import { Localized } from '../tenants/structure.schema';
import { TenantSlugParam } from '../tenants/tenants.routes';

const tags = ['Sharing'];
const uuidParam = (name: string) => z.uuid().openapi({ param: { name, in: 'path' } });
const Purpose = z.object({
  'x-purpose': z
    .string()
    .optional()
    .openapi({
      param: { name: 'x-purpose', in: 'header' },
      description: 'Why you read this (logged with every read).',
      example: '低保资格复核',
    }),
});

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

export const ResidentView = z
  .object({
    id: z.uuid(),
    person: z
      .record(z.string(), z.unknown())
      .openapi({ description: 'Readable person fields; `id_number` is masked unless granted.' }),
    idNumberMasked: z.boolean(),
    domains: z.record(
      z.string(),
      z.object({
        version: z.number().int(),
        effectiveOn: z.string(),
        data: z.record(z.string(), z.unknown()),
      }),
    ),
  })
  .openapi('Resident');

export const Grant = z
  .object({
    id: z.uuid(),
    departmentId: z.uuid(),
    fields: z.array(z.string()),
    purpose: z.string(),
    legalBasis: z.string(),
    validFrom: z.string(),
    validTo: z.string(),
    orgUnitId: z.uuid().nullable(),
    status: z.enum(['pending', 'approved', 'refused', 'revoked']),
    ownerApproved: z.boolean(),
    cityApproved: z.boolean(),
    replyBy: z.string(),
    reason: z.string().nullable(),
  })
  .openapi('DataGrant');

export const catalogRoute = defineRoute(
  {
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
  },
  guards,
);

export const registerResidentRoute = defineRoute(
  {
    method: 'post',
    path: '/v1/t/{tenant}/residents',
    tags,
    summary: 'Register a resident once, for every department (collect once)',
    description:
      'Community staff register a person at an address unit in their area. The ID number is checked (GB 11643), stored encrypted and found by a keyed hash; sex and birth date come from it.',
    security: { action: 'residents.register' },
    request: {
      params: TenantSlugParam,
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z
              .object({
                idNumber: z.string().max(30),
                name: z.string().trim().min(1).max(100),
                phone: z
                  .string()
                  .regex(/^\+?[0-9]{6,15}$/)
                  .optional(),
                addressUnitId: z.uuid(),
                room: z.string().max(40).optional(),
              })
              .strict(),
            example: {
              idNumber: '11010519491231002X',
              name: '示例居民',
              addressUnitId: '2f1c1f0e-8c1a-4a4b-9a43-0d6e9d1f7a10',
              room: '3-2-101',
            },
          },
        },
      },
    },
    responses: {
      201: {
        description: 'Registered',
        content: {
          'application/json': {
            schema: z.object({ id: z.uuid(), idNumber: z.string(), version: z.number().int() }),
          },
        },
      },
      ...errorResponses(400, 401, 403, 404, 409, 422),
    },
  },
  guards,
);

export const getResidentRoute = defineRoute(
  {
    method: 'get',
    path: '/v1/t/{tenant}/residents/{id}',
    tags,
    summary: 'Pull a resident: only the fields you may read',
    description:
      'State a purpose in `X-Purpose`; the read is written to the access log in the same transaction.',
    security: { action: 'residents.read' },
    request: { params: TenantSlugParam.extend({ id: uuidParam('id') }), headers: Purpose },
    responses: {
      200: {
        description: 'The resident, filtered',
        content: { 'application/json': { schema: ResidentView } },
      },
      ...errorResponses(400, 401, 403, 404),
    },
  },
  guards,
);

export const searchResidentsRoute = defineRoute(
  {
    method: 'get',
    path: '/v1/t/{tenant}/residents',
    tags,
    summary: 'Search residents by ID number, by name and birth date, or by address unit (at most 20)',
    description: 'A predicate on a field you may not read is refused (403), so a search cannot reveal it.',
    security: { action: 'residents.read' },
    request: {
      params: TenantSlugParam,
      headers: Purpose,
      query: z
        .object({
          idNumber: z
            .string()
            .max(30)
            .optional()
            .openapi({ param: { name: 'idNumber', in: 'query' } }),
          name: z
            .string()
            .max(100)
            .optional()
            .openapi({ param: { name: 'name', in: 'query' } }),
          birthDate: IsoDate.optional().openapi({ param: { name: 'birthDate', in: 'query' } }),
          addressUnitId: z
            .uuid()
            .optional()
            .openapi({ param: { name: 'addressUnitId', in: 'query' } }),
        })
        .refine((q) => q.idNumber || (q.name && q.birthDate) || q.addressUnitId, {
          message: 'give idNumber, or name and birthDate, or addressUnitId',
        }),
    },
    responses: {
      200: {
        description: 'Matches',
        content: { 'application/json': { schema: z.object({ items: z.array(ResidentView) }) } },
      },
      ...errorResponses(400, 401, 403, 404, 422),
    },
  },
  guards,
);

export const pushFacetRoute = defineRoute(
  {
    method: 'put',
    path: '/v1/t/{tenant}/residents/{id}/facets/{domain}',
    tags,
    summary: "Push a department's facet of a resident (only the owning department)",
    description:
      'Sets the given fields. `If-Match: "<version>"` refuses a stale write with 412 (`"0"` means "must not exist yet"); `Idempotency-Key` makes a retry return the first answer without applying twice. Each change is one event in the change feed, committed with it.',
    security: { action: 'facets.write' },
    request: {
      params: TenantSlugParam.extend({
        id: uuidParam('id'),
        domain: z
          .string()
          .regex(/^[a-z][a-z0-9_]{0,62}$/)
          .openapi({ param: { name: 'domain', in: 'path' }, example: 'minimum_income' }),
      }),
      headers: z.object({
        'if-match': z
          .string()
          .regex(/^(W\/)?"?\d+"?$/)
          .optional()
          .openapi({ param: { name: 'if-match', in: 'header' }, example: '"3"' }),
        'idempotency-key': z
          .string()
          .min(8)
          .max(100)
          .optional()
          .openapi({ param: { name: 'idempotency-key', in: 'header' } }),
      }),
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z
              .object({
                data: z.record(z.string(), z.unknown()),
                effectiveOn: IsoDate.optional(),
                sourceSystem: z.string().trim().min(1).max(100),
              })
              .strict(),
            example: {
              data: { enrolled: true, monthly_amount: 785 },
              effectiveOn: '2026-11-01',
              sourceSystem: '民政低保系统',
            },
          },
        },
      },
    },
    responses: {
      200: {
        description: 'Updated (or replayed)',
        content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
      },
      201: {
        description: 'Created',
        content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
      },
      ...errorResponses(400, 401, 403, 404, 412, 422),
    },
  },
  guards,
);

export const feedRoute = defineRoute(
  {
    method: 'get',
    path: '/v1/t/{tenant}/changes',
    tags,
    summary: 'The change feed after a cursor, limited to fields you may read',
    description:
      'Events carry a per-tenant sequence in commit order; page with `after` = the previous `nextCursor`.',
    security: { action: 'feed.read' },
    request: {
      params: TenantSlugParam,
      query: z.object({
        after: z.coerce
          .number()
          .int()
          .min(0)
          .default(0)
          .openapi({ param: { name: 'after', in: 'query' } }),
        limit: z.coerce
          .number()
          .int()
          .min(1)
          .max(1000)
          .default(100)
          .openapi({ param: { name: 'limit', in: 'query' } }),
      }),
    },
    responses: {
      200: {
        description: 'Events',
        content: {
          'application/json': {
            schema: z.object({
              items: z.array(
                z.object({
                  seq: z.number().int(),
                  kind: z.string(),
                  residentId: z.uuid(),
                  domain: z.string(),
                  fields: z.array(z.string()),
                  version: z.number().int(),
                  occurredAt: z.string(),
                }),
              ),
              nextCursor: z.number().int(),
            }),
          },
        },
      },
      ...errorResponses(400, 401, 403, 404),
    },
  },
  guards,
);

export const requestGrantRoute = defineRoute(
  {
    method: 'post',
    path: '/v1/t/{tenant}/grants',
    tags,
    summary: 'Request fields (or a whole domain as `domain.*`) for a purpose',
    security: { action: 'grants.request' },
    request: {
      params: TenantSlugParam,
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z
              .object({
                fields: z.array(z.string().max(130)).min(1).max(100),
                purpose: z.string().trim().min(2).max(200),
                legalBasis: z.string().trim().min(2).max(300),
                validFrom: IsoDate.optional(),
                validTo: IsoDate,
                orgUnitId: z.uuid().optional(),
              })
              .strict(),
            example: {
              fields: ['minimum_income.enrolled', 'person.phone'],
              purpose: '就业援助对象核查',
              legalBasis: '就业促进法',
              validTo: '2027-12-31',
            },
          },
        },
      },
    },
    responses: {
      201: {
        description: 'Requested (approved at once if every field is open-class)',
        content: { 'application/json': { schema: Grant } },
      },
      ...errorResponses(400, 401, 403, 404, 422),
    },
  },
  guards,
);

export const listGrantsRoute = defineRoute(
  {
    method: 'get',
    path: '/v1/t/{tenant}/grants',
    tags,
    summary: 'Grants: a department sees its own; city administrators see all (the approval queue)',
    security: 'signedIn',
    request: { params: TenantSlugParam },
    responses: {
      200: {
        description: 'Grants',
        content: { 'application/json': { schema: z.object({ items: z.array(Grant) }) } },
      },
      ...errorResponses(401, 403, 404),
    },
  },
  guards,
);

export const decideGrantRoute = defineRoute(
  {
    method: 'post',
    path: '/v1/t/{tenant}/grants/{id}/decision',
    tags,
    summary: 'Approve or refuse a grant (owner department and city each decide)',
    security: { action: 'grants.decide' },
    request: {
      params: TenantSlugParam.extend({ id: uuidParam('id') }),
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z.object({ approve: z.boolean(), reason: z.string().max(500).optional() }).strict(),
            example: { approve: false, reason: '用途与所申请字段不相符' },
          },
        },
      },
    },
    responses: {
      200: { description: 'Decided', content: { 'application/json': { schema: Grant } } },
      ...errorResponses(400, 401, 403, 404, 409, 422),
    },
  },
  guards,
);

export const revokeGrantRoute = defineRoute(
  {
    method: 'post',
    path: '/v1/t/{tenant}/grants/{id}/revoke',
    tags,
    summary: 'Revoke a grant; it stops working on the next call',
    security: 'signedIn',
    request: { params: TenantSlugParam.extend({ id: uuidParam('id') }) },
    responses: {
      200: { description: 'Revoked', content: { 'application/json': { schema: Grant } } },
      ...errorResponses(400, 401, 403, 404),
    },
  },
  guards,
);

export const accessReportRoute = defineRoute(
  {
    method: 'get',
    path: '/v1/t/{tenant}/residents/{id}/access-report',
    tags,
    summary: "A resident's access report: which department read which fields, when and why",
    security: { action: 'access_log.read' },
    request: { params: TenantSlugParam.extend({ id: uuidParam('id') }) },
    responses: {
      200: {
        description: 'Reads, oldest first',
        content: {
          'application/json': {
            schema: z.object({
              items: z.array(
                z.object({
                  at: z.string(),
                  actorKind: z.string(),
                  actorId: z.string(),
                  department: Localized.nullable(),
                  fields: z.array(z.string()),
                  purpose: z.string(),
                  operation: z.string(),
                  unmaskedIdNumber: z.boolean(),
                }),
              ),
            }),
          },
        },
      },
      ...errorResponses(400, 401, 403, 404),
    },
  },
  guards,
);

export const verifyRoute = defineRoute(
  {
    method: 'post',
    path: '/v1/t/{tenant}/verifications',
    tags,
    summary: 'Ask a yes/no question about a resident without receiving the record',
    description:
      'Identify the person by `residentId` or `idNumber`, then ask either `livesIn` (an org unit id: does the person live in it or below it?) or `field` + `equals` (e.g. `minimum_income.enrolled` equals `true`). You must be able to read what you ask about; the question is logged as a read of that field. An unknown person answers `false`.',
    security: { action: 'residents.read' },
    request: {
      params: TenantSlugParam,
      headers: Purpose,
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z
              .object({
                residentId: z.uuid().optional(),
                idNumber: z.string().max(30).optional(),
                livesIn: z.uuid().optional(),
                field: z.string().max(130).optional(),
                equals: z.unknown().optional(),
              })
              .strict()
              .refine((body) => Boolean(body.residentId) !== Boolean(body.idNumber), {
                message: 'give exactly one of residentId and idNumber',
                path: ['residentId'],
              })
              .refine((body) => Boolean(body.livesIn) !== Boolean(body.field), {
                message: 'ask exactly one of livesIn and field',
                path: ['livesIn'],
              }),
            example: { idNumber: '11010519491231002X', field: 'minimum_income.enrolled', equals: true },
          },
        },
      },
    },
    responses: {
      200: {
        description: 'The answer',
        content: { 'application/json': { schema: z.object({ answer: z.boolean() }) } },
      },
      ...errorResponses(400, 401, 403, 404, 422),
    },
  },
  guards,
);

export const ImportJob = z
  .object({
    id: z.uuid(),
    status: z.enum(['running', 'completed', 'completed_with_errors', 'failed']),
    format: z.enum(['ndjson', 'csv']),
    chunkSize: z.number().int(),
    linesRead: z.number().int(),
    linesApplied: z.number().int(),
    linesFailed: z.number().int(),
    chunksCommitted: z.number().int(),
    chunksRolledBack: z.number().int(),
    committedThroughLine: z.number().int(),
    failures: z.array(
      z.object({
        line: z.number().int(),
        errors: z.array(z.object({ path: z.string(), message: z.string() })),
      }),
    ),
  })
  .openapi('ImportJob');

export const bulkPushRoute = defineRoute(
  {
    method: 'post',
    path: '/v1/t/{tenant}/imports',
    tags,
    summary: 'Bulk push facets from NDJSON or CSV, streamed, atomic per chunk',
    description:
      'NDJSON: one object per line, `{"idNumber"|"residentId", "domain"?, "data": {…}, "effectiveOn"?}`. CSV (UTF-8, header row): `id_number`, optional `effective_on`, then the domain’s field keys; give `?domain=`. Lines are applied in chunks of `chunkSize`, each chunk in one transaction: a bad line rolls back its chunk (every line reported by number) and the other chunks go on. Resume an interrupted upload by sending the same file with `?resume=<job id>`: lines already committed are skipped. Progress: `GET /v1/t/{tenant}/imports/{id}`.',
    security: { action: 'facets.write' },
    request: {
      params: TenantSlugParam,
      query: z.object({
        format: z.enum(['ndjson', 'csv']).openapi({ param: { name: 'format', in: 'query' } }),
        domain: z
          .string()
          .regex(/^[a-z][a-z0-9_]{0,62}$/)
          .optional()
          .openapi({ param: { name: 'domain', in: 'query' } }),
        chunkSize: z.coerce
          .number()
          .int()
          .min(1)
          .max(5000)
          .default(500)
          .openapi({ param: { name: 'chunkSize', in: 'query' } }),
        sourceSystem: z
          .string()
          .trim()
          .min(1)
          .max(100)
          .openapi({ param: { name: 'sourceSystem', in: 'query' } }),
        resume: z
          .uuid()
          .optional()
          .openapi({ param: { name: 'resume', in: 'query' } }),
      }),
      body: {
        required: true,
        content: {
          'application/x-ndjson': {
            schema: z.string(),
            example: '{"idNumber":"11010519491231002X","domain":"minimum_income","data":{"enrolled":true}}\n',
          },
          'text/csv': {
            schema: z.string(),
            example: 'id_number,enrolled,monthly_amount\n11010519491231002X,是,785\n',
          },
        },
      },
    },
    responses: {
      200: {
        description: 'The finished job with its per-line report',
        content: { 'application/json': { schema: ImportJob } },
      },
      ...errorResponses(400, 401, 403, 404),
    },
  },
  guards,
);

export const importJobRoute = defineRoute(
  {
    method: 'get',
    path: '/v1/t/{tenant}/imports/{id}',
    tags,
    summary: 'Progress and per-line report of one of your imports',
    security: { action: 'facets.write' },
    request: { params: TenantSlugParam.extend({ id: uuidParam('id') }) },
    responses: {
      200: { description: 'The job', content: { 'application/json': { schema: ImportJob } } },
      ...errorResponses(400, 401, 403, 404),
    },
  },
  guards,
);

export const Webhook = z
  .object({
    id: z.uuid(),
    url: z.string(),
    status: z.enum(['active', 'disabled']),
    fannedOutThrough: z.number().int(),
    deliveries: z.record(z.string(), z.number().int()).optional(),
  })
  .openapi('WebhookSubscription');

export const createWebhookRoute = defineRoute(
  {
    method: 'post',
    path: '/v1/t/{tenant}/webhooks',
    tags,
    summary: "Subscribe your department's endpoint to the change feed",
    description:
      'Each change event your department may read is POSTed as JSON with `Shequ-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "t.body")>`. Delivery is at least once, in order per resident, retried with exponential backoff for 72 hours, then dead-lettered; replay from any cursor. The secret is returned once.',
    security: { action: 'webhooks.manage' },
    request: {
      params: TenantSlugParam,
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z
              .object({
                url: z.url({ protocol: /^https?$/ }).max(500),
                after: z
                  .number()
                  .int()
                  .min(0)
                  .optional()
                  .openapi({ description: 'Start after this sequence (default: now)' }),
              })
              .strict(),
            example: { url: 'https://hrss.example.gov.cn/shequ/webhook' },
          },
        },
      },
    },
    responses: {
      201: {
        description: 'Subscribed',
        content: { 'application/json': { schema: Webhook.extend({ secret: z.string() }) } },
      },
      ...errorResponses(400, 401, 403, 404),
    },
  },
  guards,
);

export const listWebhooksRoute = defineRoute(
  {
    method: 'get',
    path: '/v1/t/{tenant}/webhooks',
    tags,
    summary: "Your department's subscriptions with delivery counts",
    security: { action: 'webhooks.manage' },
    request: { params: TenantSlugParam },
    responses: {
      200: {
        description: 'Subscriptions',
        content: { 'application/json': { schema: z.object({ items: z.array(Webhook) }) } },
      },
      ...errorResponses(401, 403, 404),
    },
  },
  guards,
);

export const replayWebhookRoute = defineRoute(
  {
    method: 'post',
    path: '/v1/t/{tenant}/webhooks/{id}/replay',
    tags,
    summary: 'Deliver again every event after a cursor (dead letters included)',
    security: { action: 'webhooks.manage' },
    request: {
      params: TenantSlugParam.extend({ id: uuidParam('id') }),
      body: {
        required: true,
        content: { 'application/json': { schema: z.object({ after: z.number().int().min(0) }).strict() } },
      },
    },
    responses: {
      200: { description: 'Replaying', content: { 'application/json': { schema: Webhook } } },
      ...errorResponses(400, 401, 403, 404),
    },
  },
  guards,
);

export const webhookDeliveriesRoute = defineRoute(
  {
    method: 'get',
    path: '/v1/t/{tenant}/webhooks/{id}/deliveries',
    tags,
    summary: 'Deliveries of a subscription (e.g. `?status=dead` for the dead letters)',
    security: { action: 'webhooks.manage' },
    request: {
      params: TenantSlugParam.extend({ id: uuidParam('id') }),
      query: z.object({
        status: z
          .enum(['pending', 'delivered', 'dead'])
          .optional()
          .openapi({ param: { name: 'status', in: 'query' } }),
      }),
    },
    responses: {
      200: {
        description: 'Deliveries',
        content: {
          'application/json': {
            schema: z.object({
              items: z.array(
                z.object({
                  eventSeq: z.number().int(),
                  status: z.string(),
                  attempts: z.number().int(),
                  nextAttemptAt: z.string(),
                  lastError: z.string().nullable(),
                }),
              ),
            }),
          },
        },
      },
      ...errorResponses(400, 401, 403, 404),
    },
  },
  guards,
);

export const Correction = z
  .object({
    id: z.uuid(),
    residentId: z.uuid(),
    field: z.string(),
    proposedValue: z.unknown(),
    reason: z.string(),
    status: z.enum(['open', 'accepted', 'rejected']),
    replyBy: z.string(),
    decisionReason: z.string().nullable(),
  })
  .openapi('CorrectionRequest');

export const fileCorrectionRoute = defineRoute(
  {
    method: 'post',
    path: '/v1/t/{tenant}/residents/{id}/corrections',
    tags,
    summary: 'Ask the owning department to correct a field you can see',
    security: { action: 'residents.read' },
    request: {
      params: TenantSlugParam.extend({ id: uuidParam('id') }),
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z
              .object({
                field: z.string().max(130),
                proposedValue: z.unknown(),
                reason: z.string().trim().min(2).max(500),
              })
              .strict(),
            example: {
              field: 'minimum_income.enrolled',
              proposedValue: false,
              reason: '本人已于上月就业，收入超过低保标准',
            },
          },
        },
      },
    },
    responses: {
      201: { description: 'Filed', content: { 'application/json': { schema: Correction } } },
      ...errorResponses(400, 401, 403, 404, 422),
    },
  },
  guards,
);

export const listCorrectionsRoute = defineRoute(
  {
    method: 'get',
    path: '/v1/t/{tenant}/corrections',
    tags,
    summary: "Corrections: your department's queue (fields it owns) and the ones you filed",
    security: 'signedIn',
    request: {
      params: TenantSlugParam,
      query: z.object({
        status: z
          .enum(['open', 'accepted', 'rejected'])
          .optional()
          .openapi({ param: { name: 'status', in: 'query' } }),
      }),
    },
    responses: {
      200: {
        description: 'Corrections',
        content: { 'application/json': { schema: z.object({ items: z.array(Correction) }) } },
      },
      ...errorResponses(400, 401, 404),
    },
  },
  guards,
);

export const decideCorrectionRoute = defineRoute(
  {
    method: 'post',
    path: '/v1/t/{tenant}/corrections/{id}/decision',
    tags,
    summary: 'Accept (writes the change and emits the event) or reject with a reason',
    security: { action: 'facets.write' },
    request: {
      params: TenantSlugParam.extend({ id: uuidParam('id') }),
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z.object({ accept: z.boolean(), reason: z.string().max(500).optional() }).strict(),
          },
        },
      },
    },
    responses: {
      200: { description: 'Decided', content: { 'application/json': { schema: Correction } } },
      ...errorResponses(400, 401, 403, 404, 409, 422),
    },
  },
  guards,
);
