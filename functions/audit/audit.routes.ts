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

export const verifyAuditRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/audit-events/verify',
  tags,
  summary: 'Verify the audit chain: detects any edited or deleted event',
  security: { action: 'audit.read' },
  request: { params: TenantSlugParam },
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
          }),
        },
      },
    },
    ...errorResponses(401, 403, 404),
  },
});
