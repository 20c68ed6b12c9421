import { z } from '@hono/zod-openapi';
import { route } from '../../auth/route';
import { errorResponses, jsonResponse } from '../../platform/http';
import { TenantSlugParam, uuidPathParam } from '../../platform/params';
import { tags } from '../sharing.routes';

export const feedRoute = route({
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
});

export const feedStreamRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/changes/stream',
  tags,
  summary: 'The change feed after a cursor, to its head, as one NDJSON stream',
  description:
    'For a department catching up: every event after `after` up to the feed\'s head as it is when the stream opens, one JSON object per line (`application/x-ndjson`), the same events, fields and order as the pages of `GET /changes` give, and a last line `{"nextCursor": n}` to continue from (with `GET /changes` or another stream). Your readable fields are worked out when the stream opens; a grant revoked meanwhile takes effect on the next stream or page. A stream cut off midway is resumed from the last `seq` received.',
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
    }),
  },
  responses: {
    200: {
      description:
        'Events, one per line, each as an item of `GET /changes`; the last line is `{"nextCursor": n}`',
      content: {
        'application/x-ndjson': {
          schema: z.string().openapi({
            example:
              '{"seq":41,"kind":"facet.updated","residentId":"0b6f…","domain":"person","fields":["person.name"],"version":2,"occurredAt":"2026-12-07T01:02:03.000Z"}\n{"nextCursor":41}\n',
          }),
        },
      },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

export const Webhook = z
  .object({
    id: z.uuid(),
    departmentId: z.uuid().openapi({ description: 'The department whose receiver this is' }),
    url: z.string(),
    status: z.enum(['active', 'disabled']),
    fannedOutThrough: z.number().int(),
    failingSince: z.string().nullable().openapi({
      description: 'Since when every attempt to reach the receiver has failed (null: it is healthy)',
    }),
    retryAt: z
      .string()
      .nullable()
      .openapi({ description: 'No attempt before this time (the receiver backs off)' }),
    deliveries: z.record(z.string(), z.number().int()).optional(),
  })
  .openapi('WebhookSubscription');

export const createWebhookRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/webhooks',
  tags,
  summary: "Subscribe your department's endpoint to the change feed",
  description:
    'The `url` must be https on a public host: plain http, a single-label or local name (localhost, *.local, *.internal, *.svc, …) and loopback, private, link-local or other special addresses in any IPv4 or IPv6 form (127.0.0.1, 10.x, 192.168.x, 169.254.x, ::1, ::ffff:127.0.0.1, 64:ff9b::/96 NAT64, 2002::/16 6to4, Teredo, fc00::/7, fec0::/10, fe80::/10, multicast) are refused with 400 naming `url` (they are allowed only when `APP_ENV` is development or test). When sending, the host name is resolved and every address it has must be public, and redirects are not followed (a 3xx is a failed delivery). Each change event your department may read is POSTed as JSON with `Shequ-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "t.body")>`. Delivery is at least once, in order per resident, retried with exponential backoff for 72 hours, then dead-lettered; replay from any cursor. A receiver that is unreachable, times out or answers 5xx, 408, 429 or a redirect backs off as a whole (30 s doubling to 6 h) without holding up other departments; other 4xx fail only that delivery. A department may have at most 10 subscriptions (409 `webhook.limit_reached`). The secret is returned once.',
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
    201: jsonResponse('Subscribed', Webhook.extend({ secret: z.string() })),
    ...errorResponses(400, 401, 403, 404, 409, 503),
  },
});

export const listWebhooksRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/webhooks',
  tags,
  summary: "Your department's subscriptions with delivery counts",
  description:
    "A department's API client sees its own subscriptions; a city administrator sees every department's (and may replay them and read their deliveries), but subscribing stays with the department.",
  security: { action: 'webhooks.manage' },
  request: { params: TenantSlugParam },
  responses: {
    200: jsonResponse('Subscriptions', z.object({ items: z.array(Webhook) })),
    ...errorResponses(401, 403, 404),
  },
});

export const replayWebhookRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/webhooks/{id}/replay',
  tags,
  summary: 'Deliver again every event after a cursor (dead letters included)',
  security: { action: 'webhooks.manage' },
  request: {
    params: TenantSlugParam.extend({ id: uuidPathParam('id') }),
    body: {
      required: true,
      content: { 'application/json': { schema: z.object({ after: z.number().int().min(0) }).strict() } },
    },
  },
  responses: {
    200: jsonResponse('Replaying', Webhook),
    ...errorResponses(400, 401, 403, 404),
  },
});

export const webhookDeliveriesRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/webhooks/{id}/deliveries',
  tags,
  summary: 'Deliveries of a subscription (e.g. `?status=dead` for the dead letters)',
  security: { action: 'webhooks.manage' },
  request: {
    params: TenantSlugParam.extend({ id: uuidPathParam('id') }),
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
});
