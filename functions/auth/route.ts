import { createRoute, type RouteConfig, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { errorResponses } from '../platform/http';
import { refuseUnsafeRequest } from '../platform/http-input';
import type { AppEnv, SecurityRequirement } from './app-env';
import { guards } from './guards';
import { ROLE_ACTIONS, SCOPE_ACTIONS } from './roles';

/** The OpenAPI security alternatives that can satisfy a requirement. */
export function securitySchemesFor(requirement: SecurityRequirement): Record<string, string[]>[] {
  if (requirement === 'public') return [];
  if (requirement === 'signedIn') return [{ session: [] }, { sessionCookie: [] }];
  const schemes: Record<string, string[]>[] = [{ session: [] }, { sessionCookie: [] }];
  const scopes = Object.entries(SCOPE_ACTIONS)
    .filter(([, actions]) => actions.includes(requirement.action))
    .map(([scope]) => scope);
  if (scopes.length > 0) schemes.push({ apiKey: scopes });
  if (ROLE_ACTIONS.platform_administrator.includes(requirement.action)) schemes.push({ platformToken: [] });
  return schemes;
}

/**
 * A stable operationId from the method and path, for generated clients: the path's words after the
 * city, camel-cased, with `By<Param>` for a trailing parameter (`GET /v1/t/{tenant}/reforms/{id}` →
 * `getReformsById`). A route may name its own.
 */
export function operationIdFor(method: string, path: string): string {
  const segments = path
    .replace(/^\/v1\/t\/\{tenant\}/, '')
    .replace(/^\/v1\//, '/')
    .replace(/^\/t\/\{tenant\}/, '/public')
    .split('/')
    .filter(Boolean);
  const words = segments.flatMap((segment, index) => {
    const param = /^\{(\w+)\}$/.exec(segment);
    if (param) return index === segments.length - 1 ? ['by', param[1] as string] : [];
    return segment.split(/[^A-Za-z0-9]+/).filter(Boolean);
  });
  return [method.toLowerCase(), ...words.map((word) => word[0]?.toUpperCase() + word.slice(1))].join('');
}

/**
 * The JSON API's query strings are closed: a parameter the operation does not take (`?nmae=`) is
 * refused (400 naming it, `field.unrecognized_keys`) instead of being ignored, which would answer a
 * different question than the caller asked. Public reading endpoints that other tools call
 * (Open311, Statuspage, feeds) stay open, as their standards expect extra parameters to be ignored.
 */
function strictQuery(config: Omit<RouteConfig, 'security' | 'middleware'>) {
  if (!config.path.startsWith('/v1/')) return {};
  const query = config.request?.query ?? (config.method === 'get' ? z.object({}) : undefined);
  if (!(query instanceof z.ZodObject)) return {};
  return { request: { ...config.request, query: query.strict() } };
}

/**
 * The refusals every operation of a kind can answer, declared for it so the contract lists them
 * without each route remembering: 422 for text the edge refuses (any operation: its path, query
 * and headers are text); 400 when it takes parameters, a query or a body (validation); 415 when it
 * takes a body (of a type it may not accept); 401 and 403 when it is secured; 404 when its path names a city or a row. A
 * route's own declarations (and their descriptions) win.
 */
function standardErrors(config: Omit<RouteConfig, 'security' | 'middleware'>, security: SecurityRequirement) {
  const request = config.request;
  const takesInput = Boolean(request?.params || request?.query || request?.body || request?.headers);
  const body = Boolean(request?.body);
  const statuses: Parameters<typeof errorResponses> = [
    ...(takesInput ? ([400] as const) : []),
    ...(security === 'public' ? [] : ([401, 403] as const)),
    ...(/\{\w+\}/.test(config.path) ? ([404] as const) : []),
    ...(body ? ([415] as const) : []),
    422,
  ];
  return errorResponses(...statuses);
}

/**
 * A route whose declared security is also what guards it: the OpenAPI `security` and the
 * middleware are both derived from the one `security` value, so they cannot disagree.
 */
export function route<const R extends Omit<RouteConfig, 'security' | 'middleware'>>(
  config: R & { security: SecurityRequirement },
) {
  const { security, ...route } = config;
  const operationId =
    (route as { operationId?: string }).operationId ?? operationIdFor(route.method, route.path);
  const needs =
    typeof security === 'object'
      ? `Requires the \`${security.action}\` permission (see roles and scopes).`
      : undefined;
  const strict = strictQuery(route);
  const declared = {
    ...route,
    ...strict,
    responses: { ...standardErrors({ ...route, ...strict }, security), ...route.responses },
    operationId,
    // Generated clients and readers of the reference want a description on every operation.
    description: route.description ?? route.summary,
    ...(needs ? { description: [route.description, needs].filter(Boolean).join('\n\n') } : {}),
    security: securitySchemesFor(security),
    'x-shequ-security': security,
    // Hostile text is refused before the guard, which looks the city up by the path's name.
    middleware: [refuseUnsafeRequest, guards.for(security)],
  } as unknown as Omit<R, 'security'> & {
    security: Record<string, string[]>[];
    middleware: MiddlewareHandler<AppEnv>[];
  };
  return createRoute(declared);
}
