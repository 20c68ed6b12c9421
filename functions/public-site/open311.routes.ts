import { z } from '@hono/zod-openapi';
import { route } from '../auth/route';

/**
 * Open311 GeoReport v2 contracts. Arguments are read by the handlers (not by the validator), so a
 * wrong one gets the spec's error array (`[{ code, description }]`) rather than our own error shape:
 * 404 for an unknown jurisdiction, service, request or token, 403 for a bad `api_key`, 429 when an
 * address posts too much, 400 otherwise. Empty optional arguments count as absent.
 */
const tags = ['Open311'];
const FORMATS = ['json', 'xml'] as const;
export type Format = (typeof FORMATS)[number];

const text = (description: string) => z.string().optional().openapi({ description });
const jurisdiction = text(
  "The city's slug (`guiyang`). Implied on a host name mapped to a city; required otherwise.",
);
const ListQuery = z.object({ jurisdiction_id: jurisdiction, lang: text('zh or en') });
const RequestsQuery = ListQuery.extend({
  service_request_id: text('Comma-separated request ids (then dates are ignored).'),
  service_code: text('Comma-separated service codes.'),
  start_date: text('W3C date-time with zone; default 90 days before end_date.'),
  end_date: text('W3C date-time with zone; default now.'),
  status: text('`open` or `closed`.'),
});

const UpdatesQuery = ListQuery.extend({
  start_date: text('W3C date-time with zone; default a day before end_date.'),
  end_date: text('W3C date-time with zone; default now.'),
});

const answers = (what: string) => ({
  200: {
    description: what,
    content: {
      'application/json': { schema: z.any() },
      'text/xml': { schema: z.string() },
    },
  },
  400: { description: 'Anything else wrong: `[{ code: 400, description }]`' },
  404: { description: 'Unknown jurisdiction, service, request or token' },
});

const PostBody = z
  .object({
    jurisdiction_id: jurisdiction,
    api_key: text(
      "An app's key issued by the city (scope `open311:post`); posts without one are rate limited.",
    ),
    service_code: text('A public category of the city (GET services). Required.'),
    address_id: text('The community or grid, by its code (on the city site). Required.'),
    address_string: text('An address line; optional.'),
    lat: text('WGS84 latitude; optional.'),
    long: text('WGS84 longitude; optional.'),
    description: text('The problem, up to 4000 characters. Required.'),
    email: text('Personal data: sealed, never public.'),
    phone: text('Personal data: sealed, never public.'),
    first_name: text('Personal data: sealed, never public.'),
    last_name: text('Personal data: sealed, never public.'),
  })
  .passthrough()
  .openapi('Open311Post', { description: 'Also `attribute[<code>]` for the service’s questions.' });

function forFormat(format: Format) {
  const discovery = route({
    method: 'get',
    path: `/open311/v2/discovery.${format}`,
    tags,
    summary: `Open311 service discovery (${format})`,
    security: 'public',
    request: { query: ListQuery },
    responses: answers('The discovery document'),
  });
  const services = route({
    method: 'get',
    path: `/open311/v2/services.${format}`,
    tags,
    summary: `Open311 services: the public categories of the case catalog (${format})`,
    security: 'public',
    request: { query: ListQuery },
    responses: answers('Services'),
  });
  const listRequests = route({
    method: 'get',
    path: `/open311/v2/requests.${format}`,
    tags,
    summary: `Open311 service requests: residents' reports, no personal data (${format})`,
    security: 'public',
    request: { query: RequestsQuery },
    responses: answers('Requests, newest first'),
  });
  const postRequest = route({
    method: 'post',
    path: `/open311/v2/requests.${format}`,
    tags,
    summary: `Open311: a resident's report becomes a case (${format})`,
    description:
      'Creates a case at 信息采集 (channel `resident`). Answers `service_request_id` and a `token` (keep it: it opens the satisfaction link after closure). Form-encoded or JSON.',
    security: 'public',
    request: {
      query: ListQuery,
      body: {
        required: false,
        content: { 'application/x-www-form-urlencoded': { schema: PostBody } },
      },
    },
    responses: {
      ...answers('The new request'),
      201: { description: 'The new request: `[{ service_request_id, token }]`' },
      403: { description: 'Bad api_key' },
      429: { description: 'Too many reports from this address' },
    },
  });
  const updates = route({
    method: 'get',
    path: `/open311/v2/servicerequestupdates.${format}`,
    tags,
    summary: `Open311 request updates, FixMyStreet style: each step of residents' requests (${format})`,
    description:
      'The richer states behind `open`/`closed`: `open`, `investigating` (registered), `action_scheduled` (sent to the handling department), `in_progress`, `internal_referral` (escalated), `fixed` (verified and closed), `no_further_action`, `closed` (the resident is satisfied). XML root `service_requests_updates` with `request_update` items; JSON a list of the same objects. No personal data.',
    security: 'public',
    request: { query: UpdatesQuery },
    responses: answers('Updates, oldest first, at most 1000'),
  });
  return { discovery, services, listRequests, postRequest, updates };
}

export const open311Routes = FORMATS.map((format) => ({ format, ...forFormat(format) }));

export const serviceDefinitionRoute = route({
  method: 'get',
  path: '/open311/v2/services/{service_code}',
  operationId: 'getOpen311V2ServiceDefinition',
  tags,
  summary: 'Open311 service definition: the category’s questions as attributes (`{code}.json` or `.xml`)',
  security: 'public',
  request: {
    params: z.object({ service_code: z.string().openapi({ example: 'city_operation.json' }) }),
    query: ListQuery,
  },
  responses: answers('The service definition'),
});

export const getRequestRoute = route({
  method: 'get',
  path: '/open311/v2/requests/{service_request_id}',
  operationId: 'getOpen311V2Request',
  tags,
  summary: 'Open311 service request by id (`{id}.json` or `.xml`)',
  security: 'public',
  request: {
    params: z.object({ service_request_id: z.string().openapi({ example: '2026-000001.json' }) }),
    query: ListQuery,
  },
  responses: answers('The request, as a list of one'),
});

export const tokenRoute = route({
  method: 'get',
  path: '/open311/v2/tokens/{token}',
  operationId: 'getOpen311V2Token',
  tags,
  summary: 'Open311: the request id for a token (`{token}.json` or `.xml`)',
  security: 'public',
  request: { params: z.object({ token: z.string() }), query: ListQuery },
  responses: answers('`[{ service_request_id, token }]`'),
});
