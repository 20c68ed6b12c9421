import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type Catalogue, type Params, type ParamsOf, render } from './messages';
import { platformMessages } from './platform.messages';

/**
 * One failing field: a dotted path into the request (`units.3.parent`), a stable `code` with its
 * `params` (`org_unit.parent_unknown`, `{ code: 'x' }`), and the English `message` the API has
 * always carried, written from the catalogue. Pages say the code in their own language.
 */
export interface FieldIssue extends Problem {
  path: string;
}

/** Something wrong, by code and params, with its English (the API's language) from the catalogue. */
export interface Problem {
  code: string;
  params?: Params;
  message: string;
}

/**
 * The one error type the domain throws. `code` is stable and dotted (`tenant.not_found`); the
 * HTTP layer renders it in exactly one place as `{ error: { code, message, params, requestId, details } }`.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: ContentfulStatusCode,
    message: string,
    readonly details?: FieldIssue[],
    readonly params?: Params,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** Params a message needs: none for a plain text, its params object otherwise. */
type ParamsArgs<M> = ParamsOf<M> extends undefined ? [] : [params: ParamsOf<M>];
type ErrorArgs<M> =
  ParamsOf<M> extends undefined
    ? [options?: { details?: FieldIssue[] | undefined }]
    : [options: { params: ParamsOf<M>; details?: FieldIssue[] | undefined }];

/**
 * A domain's errors and field issues by code, typed by its messages (and the platform's): a code
 * without messages, or without the params its texts use, does not compile. The English the API
 * answers with is the catalogue's, so it can never drift from what the pages say.
 */
export function errorsOf<C extends Catalogue>(own: C) {
  type All = typeof platformMessages & C;
  type Code = keyof All & string;
  const all: Catalogue = { ...platformMessages, ...own };
  const english = (code: string, params?: Params) => {
    const message = all[code];
    if (!message) throw new Error(`no message for code ${code}`);
    return render(message, 'en', params);
  };
  /** A problem that is not about a request field (a broken audit chain): its code, params and English. */
  function problem<K extends Code>(code: K, ...args: ParamsArgs<All[K]>): Problem {
    const params = args[0] as Params | undefined;
    return { code, ...(params ? { params } : {}), message: english(code, params) };
  }
  function issue<K extends Code>(path: string, code: K, ...args: ParamsArgs<All[K]>): FieldIssue {
    return { path, ...problem(code, ...args) };
  }
  /**
   * A zod refinement's issue with its code: `.refine(check, refinement('field.calendar_date'))`,
   * `ctx.addIssue({ code: 'custom', path, ...refinement('structure.one_root') })`.
   */
  function refinement<K extends Code>(code: K, ...args: ParamsArgs<All[K]>) {
    const params = (args[0] ?? {}) as Params;
    return { message: english(code, params), params: { ...params, code } };
  }
  function error<K extends Code>(status: ContentfulStatusCode, code: K, ...args: ErrorArgs<All[K]>) {
    const options = args[0] as { params?: Params; details?: FieldIssue[] } | undefined;
    return new AppError(code, status, english(code, options?.params), options?.details, options?.params);
  }
  return {
    problem,
    issue,
    refinement,
    error,
    notFound: <K extends Code>(code: K, ...args: ErrorArgs<All[K]>) => error(404, code, ...args),
    conflict: <K extends Code>(code: K, ...args: ErrorArgs<All[K]>) => error(409, code, ...args),
    unprocessable: <K extends Code>(code: K, ...args: ErrorArgs<All[K]>) => error(422, code, ...args),
  };
}

const platform = errorsOf({});

/**
 * An issue written before codes (`{ path, message }`): still accepted while `functions/sharing/`
 * is being split, and answered as `field.invalid` with its own words as the message.
 */
export interface UncodedIssue {
  path: string;
  message: string;
  code?: undefined;
}

/** The platform's own issues (`field.*`), for the layers that check fields by hand. */
export const fieldIssue = platform.issue;

/** A platform issue by a code known only at run time (zod's, mapped in `zod-issues.ts`). */
export function platformIssue(path: string, code: string, params?: Params): FieldIssue {
  return (platform.issue as (path: string, code: string, params?: Params) => FieldIssue)(path, code, params);
}

/** The generic errors; domains declare their own with `errorsOf(theirMessages)` (see `*.errors.ts`). */
export const errors = {
  ...platform,
  invalidRequest: (details: readonly (FieldIssue | UncodedIssue)[]) =>
    platform.error(400, 'request.invalid', {
      details: details.map((issue) =>
        issue.code === undefined
          ? { path: issue.path, code: 'field.invalid', message: issue.message }
          : issue,
      ),
    }),
  unauthenticated: () => platform.error(401, 'auth.required'),
  forbidden: (action?: string) => platform.error(403, 'auth.forbidden', { params: action ? { action } : {} }),
  internal: () => platform.error(500, 'internal'),
};

/** An error said as an issue of one field (a form shows it beside the field it concerns). */
export function issueOf(error: AppError, path: string): FieldIssue {
  return {
    path,
    code: error.code,
    ...(error.params ? { params: error.params } : {}),
    message: error.message,
  };
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

/** The fields Postgres reports with an error (node-postgres, Neon and PGlite all carry them). */
interface DatabaseErrorFields {
  code: string;
  detail?: string;
  table?: string;
  constraint?: string;
}

function databaseError(error: unknown): DatabaseErrorFields | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return current as DatabaseErrorFields;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

const camelCase = (column: string) => column.replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());

/**
 * The columns of a foreign key that found nothing. Under row-level security Postgres leaves the key
 * out of the detail (`Key is not present in table "org_units".`), so they are read from the
 * constraint's name: drizzle's `<table>_<column>_<target>_id_fk`, or `<table>_<column>_same_city`.
 */
function referencingColumns(found: DatabaseErrorFields): string[] {
  const listed = /Key \(([^)]*)\)=/.exec(found.detail ?? '')?.[1];
  if (listed) return listed.split(/,\s*/);
  const { table, constraint } = found;
  if (!table || !constraint?.startsWith(`${table}_`)) return [];
  const rest = constraint.slice(table.length + 1);
  const target = /table "([^"]+)"/.exec(found.detail ?? '')?.[1];
  const column =
    /^(.+)_same_city$/.exec(rest)?.[1] ??
    (target && rest.endsWith(`_${target}_id_fk`) ? rest.slice(0, -`_${target}_id_fk`.length) : undefined);
  return column ? [column] : [];
}

/**
 * A refusal by the database that is about what the request sent, in the one vocabulary; anything
 * else (undefined) stays a 500. Verbs check their references by name first; this is the backstop
 * that makes a reference they forgot a 422 naming the field, never a 500: a foreign key that finds
 * nothing (or a row of another city: the keys are `(tenant_id, x_id)`) is `reference.unknown` with
 * the field the column holds (`address_unit_id` → `addressUnitId`), a row still referenced is 409
 * `reference.in_use`, text Postgres cannot store is `text.unsafe_characters`. The transaction the
 * statement ran in is rolled back, so nothing was written.
 */
export function databaseRefusal(error: unknown): AppError | undefined {
  const found = databaseError(error);
  if (!found) return undefined;
  if (found.code === pgCodes.foreignKeyViolation) {
    if (/still referenced/.test(found.detail ?? '')) return platform.conflict('reference.in_use');
    const fields = referencingColumns(found)
      .filter((column) => column !== 'tenant_id')
      .map(camelCase);
    return platform.unprocessable('reference.unknown', {
      details: (fields.length > 0 ? fields : ['(body)']).map((path) =>
        fieldIssue(path, 'field.reference.unknown'),
      ),
    });
  }
  // NUL (22021) or a \u0000 escape in JSON (22P05): the edge refuses them first; this is the backstop.
  if (found.code === '22021' || found.code === '22P05')
    return platform.unprocessable('text.unsafe_characters', {
      details: [fieldIssue('(body)', 'field.text.control')],
    });
  if (found.code === '22003') return errors.invalidRequest([fieldIssue('(body)', 'field.out_of_range')]);
  return undefined;
}
