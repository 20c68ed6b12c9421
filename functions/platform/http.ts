import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppConfig } from './config';
import type { Database } from './db';
import { AppError, errors, issuesFromZod } from './errors';
import type { PageCache } from './page-cache';
import type { TenantRow } from './tenancy';

/**
 * What the platform puts on every request's context. `auth/route.ts` adds the caller and declares
 * `AppEnv`, the one environment every router uses.
 */
export interface PlatformVariables {
  db: Database;
  config: AppConfig;
  requestId: string;
  now: () => Date;
  /** Set by the guard when the route is tenant-scoped. */
  tenant?: TenantRow;
  /** The caller's address where the platform vouches for it (see `AppDeps.clientAddress`). */
  clientAddress?: string;
  /** Work that goes on after the response (a console import); the database closes after it. */
  afterResponse?: (task: Promise<unknown>) => void;
  /** Where rendered public pages are cached (none: render every time). */
  pageCache?: PageCache;
}

export interface EnvWith<V extends object> {
  Bindings: Record<string, unknown>;
  Variables: PlatformVariables & V;
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
export function renderError<E extends EnvWith<object>>(c: Context<E>, error: unknown): Response {
  const requestId = (c.var as PlatformVariables).requestId ?? 'unknown';
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

/** Every router comes from here (through `auth/app-env.ts`), so validation failures look the same everywhere. */
export function createRouterOf<E extends EnvWith<object>>() {
  return new OpenAPIHono<E>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const where = result.target === 'json' ? [] : [result.target];
        return renderError(c, errors.invalidRequest(issuesFromZod(result.error.issues, where)));
      }
    },
  });
}
