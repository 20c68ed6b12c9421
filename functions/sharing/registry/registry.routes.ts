import { z } from '@hono/zod-openapi';
import { CheckpointQuery } from '../../audit/audit.routes';
import { route } from '../../auth/route';
import { errorResponses, jsonResponse } from '../../platform/http';
import { Localized, TenantSlugParam, uuidPathParam } from '../../platform/params';
import { IsoDate } from '../../tenants/onboarding.schema';
import { tags } from '../sharing.routes';

export const Purpose = z.object({
  // Optional to the validator so that a missing header gets the domain's own error
  // (400 `purpose.required` on `header.X-Purpose`); the contract marks it required.
  'x-purpose': z
    .string()
    .optional()
    .openapi({
      param: { name: 'x-purpose', in: 'header', required: true },
      description:
        'The purpose this read serves: one of the city’s purpose codes (`GET /v1/t/{tenant}/purposes`), optionally followed by `;` and free text, e.g. `minimum_income_review;2026年度复核`. HTTP headers are Latin-1, so a value with anything else is percent-encoded UTF-8 as a whole (`encodeURIComponent`). The server reads it thus: it trims the value; if the value holds a `%`, the whole value is percent-decoded as UTF-8 and trimmed again (so a literal `%` must be sent as `%25`; a value without `%` is taken as it came); it is split at the first `;` into the code (trimmed, 2–200 characters) and the free text (trimmed, at most 200 characters; empty means none). A value with `%` that does not decode is 400 `purpose.undecodable`; a missing one, a code outside 2–200 characters or free text over 200 characters is 400 `purpose.required`; a decoded value holding a control character (tab and line breaks aside) or a lone surrogate is 422 `text.unsafe_characters` on `header.X-Purpose`. Only grants made for this purpose count (open-class fields and your department’s own are read under any purpose); a code the city does not have is 422 `purpose.unknown`, and a purpose your department holds no grant for, while it holds grants for others, is 403 `purpose.not_granted`; both name the purposes you hold (`params.held`). The code and the text are written to the access log with every read.',
      example: 'minimum_income_review;%E5%B9%B4%E5%BA%A6%E5%A4%8D%E6%A0%B8',
    }),
});

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

export const registerResidentRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/residents',
  tags,
  summary: 'Register a resident once, for every department (collect once)',
  description:
    "Community staff register a person at an address unit in their area. The ID number is checked (GB 11643), stored encrypted and found by a keyed hash; sex and birth date come from it. A number already registered is a 409 `resident.exists`; its `params.residentId` names the existing resident only when the caller could find that resident by ID number itself (staff over the resident's unit, a department granted `person.id_number` there), and is absent otherwise.",
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
    ...errorResponses(400, 401, 403, 404, 409, 422, 503),
  },
});

export const getResidentRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/residents/{id}',
  tags,
  summary: 'Pull a resident: only the fields you may read',
  description:
    'State a purpose code in `X-Purpose`: only fields of grants made for that purpose come back (with open-class fields and your own). The read is written to the access log, with the purpose code, in the same transaction. Usually one round trip to the database: the server may take an API key it verified within the last minute from memory, and the pull’s statement reads the key’s state itself, so a revoked or expired key is refused (401 `auth.key_revoked`, `auth.key_expired`) on its next pull with nothing read or logged.',
  // The pull statement reads the key's state itself (see shequ_pull_resident, migration 0029).
  security: { action: 'residents.read', rememberKey: true },
  request: { params: TenantSlugParam.extend({ id: uuidPathParam('id') }), headers: Purpose },
  responses: {
    200: jsonResponse('The resident, filtered', ResidentView),
    ...errorResponses(400, 401, 403, 404, 422, 503),
  },
});

export const searchResidentsRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/residents',
  tags,
  summary: 'Search residents by ID number, by name and birth date, or by address unit (at most 20)',
  description:
    'Give `idNumber`, or `name` and `birthDate` together, or `addressUnitId` (else 400). For the purpose code in `X-Purpose` (as a pull). A predicate on a field you may not read for that purpose is refused (403), so a search cannot reveal it.',
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
    200: jsonResponse('Matches', z.object({ items: z.array(ResidentView) })),
    ...errorResponses(400, 401, 403, 404, 422, 503),
  },
});

export const pushFacetRoute = route({
  method: 'put',
  path: '/v1/t/{tenant}/residents/{id}/facets/{domain}',
  tags,
  summary: "Push a department's facet of a resident (only the owning department)",
  description:
    'Sets the given fields. `If-Match: "<version>"` refuses a stale write with 412 (`"0"` means "must not exist yet"); `Idempotency-Key` makes a retry return the first answer without applying twice (a retry sent while the first is still running waits for it and gets the same answer). Each change is one event in the change feed, committed with it.',
  security: { action: 'facets.write' },
  request: {
    params: TenantSlugParam.extend({
      id: uuidPathParam('id'),
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
    200: jsonResponse('Updated (or replayed)', z.record(z.string(), z.unknown())),
    201: jsonResponse('Created', z.record(z.string(), z.unknown())),
    ...errorResponses(400, 401, 403, 404, 412, 422),
  },
});

export const verifyAccessLogRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/access-log/verify',
  tags,
  summary: 'Verify the access log: detects edited or deleted reads and rows left unsealed',
  description:
    'Every access-log row carries the service’s MACs from when it was written, and every few minutes a sweep seals the city’s new rows: each seal records the hash of every row it covers and the previous seal’s hash, under the service’s log key. This checks every row and recomputes every seal. Problems name the access-log row (`kind: "row"`) or seal (`kind: "seal"`): a row whose MAC does not match (inserted or changed by someone without the key, sealed or not) or that copies another, a row changed or deleted after it was sealed, a seal changed or removed (also when its rows were kept), a row no seal covers though later ones are sealed, a row not sealed within 15 minutes (the sweep is not running), and a seal chain shorter than, or different from, a checkpoint — those in the database and the one you pass as `checkpoint`. Rows newer than 15 minutes are counted as pending.',
  security: { action: 'audit.read' },
  request: { params: TenantSlugParam, query: CheckpointQuery },
  responses: {
    200: jsonResponse(
      'Verification result',
      z
        .object({
          ok: z.boolean(),
          seals: z.number().int(),
          sealedRows: z.number().int(),
          pendingRows: z.number().int(),
          problems: z.array(
            z.object({ kind: z.enum(['row', 'seal']), seq: z.number().int(), problem: z.string() }),
          ),
          checkpoints: z.number().int().openapi({ description: 'How many checkpoints it was compared with' }),
        })
        .openapi({
          example: {
            ok: false,
            seals: 12,
            sealedRows: 4810,
            pendingRows: 3,
            problems: [{ kind: 'row', seq: 1207, problem: 'contents changed after it was sealed' }],
            checkpoints: 40,
          },
        }),
    ),
    ...errorResponses(401, 403, 404, 422),
  },
});

export const accessReportRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/residents/{id}/access-report',
  tags,
  summary: "A resident's access report: which department read which fields, when and why",
  security: { action: 'access_log.read' },
  request: { params: TenantSlugParam.extend({ id: uuidPathParam('id') }) },
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
                purpose: z.string().openapi({ description: 'As stated: `code` or `code; free text`' }),
                purposeCode: z
                  .string()
                  .nullable()
                  .openapi({ description: 'The purpose code (null on reads from before purpose codes)' }),
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
});

export const verifyRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/verifications',
  tags,
  summary: 'Ask a yes/no question about a resident without receiving the record',
  description:
    'Identify the person by `residentId` or `idNumber`, then ask either `livesIn` (an org unit id: does the person live in it or below it?) or `field` + `equals` (e.g. `minimum_income.enrolled` equals `true`). You must be able to read what you ask about for the purpose in `X-Purpose`, or hold a verification-only grant (`kind: verify`) on it for that purpose, which answers yes/no and never gives the value; the question is logged as a verification of that field, with the purpose code. An unknown person answers `false`.',
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
    200: jsonResponse('The answer', z.object({ answer: z.boolean() })),
    ...errorResponses(400, 401, 403, 404, 422, 503),
  },
});
