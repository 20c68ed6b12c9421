import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { BlobStore } from './blob-store';
import type { AppConfig } from './config';
import type { Database } from './db';
import { AppError, databaseRefusal, errors, fieldIssue } from './errors';
import type { PageCache } from './page-cache';
import type { TenantRow } from './tenancy';
import { issuesFromZod } from './zod-issues';

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
  /**
   * A response whose body goes on reading the database after the handler returns (a stream): the
   * database closes when `done` settles. Unlike `afterResponse`, never waited for before answering.
   */
  streaming?: (done: Promise<unknown>) => void;
  /** Where rendered public pages are cached (none: render every time). */
  pageCache?: PageCache;
  /** Where uploaded evidence is kept (R2 on Workers, a folder in Node); unset: uploads are refused. */
  blobs?: BlobStore;
}

export interface EnvWith<V extends object> {
  Bindings: Record<string, unknown>;
  Variables: PlatformVariables & V;
}

/** What a message was told (a unit code, a length): plain JSON, the same for every language. */
const MessageParams = z.record(z.string(), z.unknown()).openapi({
  description:
    'The values the message is about, by name; with `code` they are enough to say the message in any language.',
});

/** One failing field: where it is, what is wrong (`code`, `params`), and the English for it. */
export const FieldIssueBody = z
  .object({
    path: z.string().openapi({ example: 'units.3.parent' }),
    code: z.string().openapi({ example: 'org_unit.parent_unknown' }),
    params: MessageParams.optional(),
    message: z.string().openapi({ example: 'unknown unit code "x"' }),
  })
  .openapi('FieldIssue');

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'tenant.not_found' }),
      message: z.string().openapi({
        example: 'No city is registered under this name.',
        description: 'English, for people reading logs; clients show `code`.',
      }),
      params: MessageParams.optional(),
      requestId: z.string(),
      details: z
        .array(FieldIssueBody)
        .optional()
        .openapi({
          example: [
            {
              path: 'units.3.parent',
              code: 'org_unit.parent_unknown',
              params: { code: 'x' },
              message: 'unknown unit code "x"',
            },
          ],
        }),
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
  413: 'The body is larger than this operation accepts.',
  415: 'The body is not of a type this operation accepts.',
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
  const refusal = databaseRefusal(error);
  if (error instanceof AppError) {
    appError = error;
  } else if (refusal) {
    appError = refusal;
  } else if (error instanceof HTTPException && error.status < 500) {
    // Hono's own refusals (malformed JSON, a body that is not JSON at all) keep their status.
    appError =
      error.status === 415
        ? errors.error(415, 'request.unsupported_media_type')
        : errors.invalidRequest([fieldIssue('(body)', 'field.json')]);
  } else {
    console.error(`[${requestId}]`, error);
    appError = errors.internal();
  }
  return c.json(
    {
      error: {
        code: appError.code,
        message: appError.message,
        ...(appError.params && Object.keys(appError.params).length > 0 ? { params: appError.params } : {}),
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
        const prefix = result.target === 'json' ? [] : [result.target];
        // The validator hands the hook what it parsed (`data`), so a missing field reads as required.
        const input = (result as { data?: unknown }).data;
        const issues = issuesFromZod(result.error.issues, { prefix, input });
        return renderError(c, errors.invalidRequest(issues));
      }
    },
  });
}
