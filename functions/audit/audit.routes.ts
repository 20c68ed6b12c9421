import { z } from '@hono/zod-openapi';
import { route } from '../auth/route';
import { errorResponses, jsonResponse } from '../platform/http';
import { TenantSlugParam } from '../platform/params';

export const tags = ['Administration'];

export const AuditEvent = z
  .object({
    seq: z.number().int(),
    occurredAt: z.string(),
    actorKind: z.string(),
    actorId: z.string(),
    action: z.string(),
    targetType: z.string(),
    targetId: z.string(),
    details: z.record(z.string(), z.unknown()),
    hash: z.string(),
  })
  .openapi('AuditEvent');

export const listAuditRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/audit-events',
  tags,
  summary: 'The audit trail, newest first',
  security: { action: 'audit.read' },
  request: {
    params: TenantSlugParam,
    query: z.object({
      before: z.coerce
        .number()
        .int()
        .min(1)
        .optional()
        .openapi({ param: { name: 'before', in: 'query' } }),
      limit: z.coerce
        .number()
        .int()
        .min(1)
        .max(500)
        .default(100)
        .openapi({ param: { name: 'limit', in: 'query' } }),
    }),
  },
  responses: {
    200: jsonResponse('Events', z.object({ items: z.array(AuditEvent) })),
    ...errorResponses(400, 401, 403, 404),
  },
});

/** A checkpoint an auditor kept, handed back to be compared with (the `token` of a listed checkpoint). */
export const CheckpointQuery = z.object({
  checkpoint: z
    .string()
    .min(1)
    .max(2000)
    .optional()
    .openapi({
      param: { name: 'checkpoint', in: 'query' },
      description:
        'A checkpoint you kept (its `token`, from `GET …/audit-events/checkpoints`): the chain must still reach it, unchanged.',
    }),
});

export const verifyAuditRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/audit-events/verify',
  tags,
  summary: 'Verify the audit chain: detects any edited or deleted event',
  description:
    'Recomputes every event’s HMAC and link. An edited event, a gap, or a head that does not match is reported; so is a chain shorter than, or different from, a checkpoint — those kept in the database, and the one you pass as `checkpoint` (keep checkpoints outside the database: an owner who cut the chain back may have removed the stored ones too).',
  security: { action: 'audit.read' },
  request: { params: TenantSlugParam, query: CheckpointQuery },
  responses: {
    200: {
      description: 'Verification result',
      content: {
        'application/json': {
          schema: z.object({
            ok: z.boolean(),
            events: z.number().int(),
            problems: z.array(
              z.object({
                seq: z.number().int(),
                code: z.string(),
                params: z.record(z.string(), z.unknown()).optional(),
                problem: z.string(),
              }),
            ),
            checkpoints: z
              .number()
              .int()
              .openapi({ description: 'How many checkpoints it was compared with' }),
          }),
        },
      },
    },
    ...errorResponses(401, 403, 404, 422),
  },
});

export const Checkpoint = z
  .object({
    seq: z.number().int(),
    madeAt: z.string(),
    audit: z.object({ seq: z.number().int(), hash: z.string() }),
    accessLog: z.object({ seal: z.number().int(), hash: z.string() }),
    token: z.string().openapi({ description: 'Keep this: pass it back as `checkpoint` to a verify' }),
  })
  .openapi('LogCheckpoint');

export const listCheckpointsRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/audit-events/checkpoints',
  tags,
  summary: 'Signed checkpoints of the audit trail and access log, newest first',
  description:
    'The sweep signs (HMAC under the log key) where the city’s audit chain and access-log seal chain stand whenever either moved. Download them regularly and keep them outside this service: a verification given one detects events, reads or seals removed since, which nothing inside the database can prove.',
  security: { action: 'audit.read' },
  request: {
    params: TenantSlugParam,
    query: z.object({
      before: z.coerce
        .number()
        .int()
        .min(1)
        .optional()
        .openapi({ param: { name: 'before', in: 'query' } }),
      limit: z.coerce
        .number()
        .int()
        .min(1)
        .max(500)
        .default(100)
        .openapi({ param: { name: 'limit', in: 'query' } }),
    }),
  },
  responses: {
    200: jsonResponse('Checkpoints', z.object({ items: z.array(Checkpoint) })),
    ...errorResponses(400, 401, 403, 404),
  },
});
