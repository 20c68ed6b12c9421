import { createRoute, OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppConfig } from '../env';
import type { Database } from './db';
import { AppError, errors, issuesFromZod } from './errors';

/** Everything a handler may read from the context; declared once for every router. */
export interface AppEnv {
  Bindings: Record<string, unknown>;
  Variables: {
    db: Database;
    config: AppConfig;
    requestId: string;
    now: () => Date;
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
} as const;
type ErrorStatus = keyof typeof errorDescriptions;

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
  } else if (isMalformedBody(error)) {
    appError = errors.invalidRequest(
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

function isMalformedBody(error: unknown): boolean {
  return (
    (error instanceof Error &&
      (error.name === 'SyntaxError' || /malformed json|unexpected token|json parse/i.test(error.message)) &&
      'status' in error === false) ||
    (error instanceof Error && 'status' in error && (error as { status: number }).status === 400)
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

export type SecurityRequirement = 'public' | 'platformAdmin';

/**
 * A route whose declared security is also what guards it: the OpenAPI `security` field and the
 * middleware are derived from the same `security` value, so they cannot disagree.
 */
export function defineRoute<const R extends Omit<RouteConfig, 'security' | 'middleware'>>(
  config: R & { security: SecurityRequirement },
  guards: Record<SecurityRequirement, MiddlewareHandler<AppEnv>>,
) {
  const { security, ...route } = config;
  const declared = {
    ...route,
    security: security === 'public' ? [] : [{ [security]: [] }],
    middleware: [guards[security]],
  } as unknown as Omit<R, 'security'> & {
    security: Record<string, string[]>[];
    middleware: MiddlewareHandler<AppEnv>[];
  };
  return createRoute(declared);
}
