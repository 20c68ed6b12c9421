import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** One failing field: a dotted path into the request (`units.3.parent`) and what is wrong with it. */
export interface FieldIssue {
  path: string;
  message: string;
}

/**
 * The one error type the domain throws. `code` is stable and dotted (`tenant.not_found`); the
 * HTTP layer renders it in exactly one place as `{ error: { code, message, requestId, details } }`.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: ContentfulStatusCode,
    message: string,
    readonly details?: FieldIssue[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** The generic codes; domains declare their own beside them (see `*.errors.ts`). */
export const errors = {
  invalidRequest: (details: FieldIssue[], message = 'The request is invalid.') =>
    new AppError('request.invalid', 400, message, details),
  unprocessable: (code: string, message: string, details?: FieldIssue[]) =>
    new AppError(code, 422, message, details),
  unauthenticated: () => new AppError('auth.required', 401, 'Credentials are required.'),
  forbidden: (message = 'You may not do this.') => new AppError('auth.forbidden', 403, message),
  notFound: (code: string, message: string) => new AppError(code, 404, message),
  conflict: (code: string, message: string, details?: FieldIssue[]) =>
    new AppError(code, 409, message, details),
  internal: () => new AppError('internal', 500, 'Something went wrong on our side.'),
};

/** Issues from zod, as field paths a person can find in what they sent. */
export function issuesFromZod(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  prefix: readonly PropertyKey[] = [],
): FieldIssue[] {
  return issues.map((issue) => ({
    path: [...prefix, ...issue.path].map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

/** Postgres error codes the repositories translate into domain errors. */
export const pgCodes = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  deadlock: '40P01',
};

export function pgErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
