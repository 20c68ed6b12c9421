import { createRoute, OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Principal } from '../auth/principal';
import { type Action, ROLE_ACTIONS, SCOPE_ACTIONS } from '../auth/roles';
import type { AppConfig } from '../env';
import type { TenantRow } from '../tenants/tenants.repository';
import type { Database } from './db';
import { AppError, errors, issuesFromZod } from './errors';
import type { PageCache } from './page-cache';

/** Everything a handler may read from the context; declared once for every router. */
export interface AppEnv {
  Bindings: Record<string, unknown>;
  Variables: {
    db: Database;
    config: AppConfig;
    requestId: string;
    now: () => Date;
    /** Set by the route's guard once the caller is known. */
    actor?: Principal;
    /** Set by the guard when the route is tenant-scoped. */
    tenant?: TenantRow;
    /** Work that goes on after the response (a console import); the database closes after it. */
    afterResponse?: (task: Promise<unknown>) => void;
    /** Where rendered public pages are cached (none: render every time). */
    pageCache?: PageCache;
  };
}

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'tenant.not_found' }),
      message: z.string().openapi({ example: 'No city is registered under this name.' }),
      requestId: z.string(),
      details: z
        .array(z.object({ path: z.string(), message: z.string() }))
        .optional()
        .openapi({ example: [{ path: 'units.3.parent', message: 'unknown unit code' }] }),
    }),
  })
  .openapi('Error');

const errorDescriptions = {
  400: 'The request is malformed; `details` names each bad field.',
  401: 'Credentials are missing or not valid.',
  403: 'The credentials may not do this.',
  404: 'No such resource in this tenant.',
  409: 'The request conflicts with the current state.',
  412: 'The resource changed since the version you sent (If-Match).',
  422: 'The request is well-formed but breaks a rule; `details` names each field.',
  429: 'Too many attempts; wait and retry.',
  503: 'A setting this needs is not configured on the server.',
} as const;
type ErrorStatus = keyof typeof errorDescriptions;

/** A UUID path parameter, documented under its name. */
export const uuidPathParam = (name: string) => z.uuid().openapi({ param: { name, in: 'path' } });

/** A JSON response in a route contract. */
export function jsonResponse<S>(description: string, schema: S) {
  return { description, content: { 'application/json': { schema } } };
}

/** The documented error responses of a route, all rendered by `renderError`. */
export function errorResponses(...statuses: ErrorStatus[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: errorDescriptions[status], content: { 'application/json': { schema: ErrorBody } } },
    ]),
  ) as Record<
    ErrorStatus,
    { description: string; content: { 'application/json': { schema: typeof ErrorBody } } }
  >;
}

/** Renders any thrown value; unknown errors become a bare 500 with no internals. */
export function renderError(c: Context<AppEnv>, error: unknown): Response {
  const requestId = c.get('requestId') ?? 'unknown';
  let appError: AppError;
  if (error instanceof AppError) {
    appError = error;
  } else if (error instanceof HTTPException && error.status < 500) {
    // Hono's own refusals (malformed JSON, a body that is not JSON at all) keep their status.
    appError =
      error.status === 415
        ? new AppError('request.unsupported_media_type', 415, 'Send the body as application/json.')
        : errors.invalidRequest(
            [{ path: '(body)', message: 'not valid JSON' }],
            'The body is not valid JSON.',
          );
  } else {
    console.error(`[${requestId}]`, error);
    appError = errors.internal();
  }
  return c.json(
    {
      error: {
        code: appError.code,
        message: appError.message,
        requestId,
        ...(appError.details ? { details: appError.details } : {}),
      },
    },
    appError.status,
  );
}

/** Every router comes from here, so validation failures look the same everywhere. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const where = result.target === 'json' ? [] : [result.target];
        return renderError(c, errors.invalidRequest(issuesFromZod(result.error.issues, where)));
      }
    },
  });
}

/** What a route needs: nothing, any signed-in person, or an action (checked by `authorize`). */
export type SecurityRequirement = 'public' | 'signedIn' | { action: Action };

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
 * A route whose declared security is also what guards it: the OpenAPI `security` and the
 * middleware are both derived from the one `security` value, so they cannot disagree.
 */
export function defineRoute<const R extends Omit<RouteConfig, 'security' | 'middleware'>>(
  config: R & { security: SecurityRequirement },
  guards: { for: (requirement: SecurityRequirement) => MiddlewareHandler<AppEnv> },
) {
  const { security, ...route } = config;
  const needs =
    typeof security === 'object'
      ? `Requires the \`${security.action}\` permission (see roles and scopes).`
      : undefined;
  const declared = {
    ...route,
    ...(needs ? { description: [route.description, needs].filter(Boolean).join('\n\n') } : {}),
    security: securitySchemesFor(security),
    'x-shequ-security': security,
    middleware: [guards.for(security)],
  } as unknown as Omit<R, 'security'> & {
    security: Record<string, string[]>[];
    middleware: MiddlewareHandler<AppEnv>[];
  };
  return createRoute(declared);
}
