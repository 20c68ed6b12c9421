import type { Context, Handler, Hono, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../functions/auth/app-env';
import { authErrors } from '../../functions/auth/auth.errors';
import { resolvePrincipal } from '../../functions/auth/guards';
import type { Principal } from '../../functions/auth/principal';
import { type Action, ROLE_ACTIONS, ROLE_LEVELS } from '../../functions/auth/roles';
import { AppError, errors, type FieldIssue, issueOf } from '../../functions/platform/errors';
import { refuseUnsafeInput } from '../../functions/platform/text';
import { formIssue } from './console-text';

/**
 * What a console page needs. Pages are not in the OpenAPI document, so they are listed here and
 * `test/node/web/console.test.ts` walks this list the way the security suite walks the API.
 * The check here only decides who may open the page; the domain verb behind it still runs the
 * full `authorize()` against the city and the unit it touches.
 */
export type ConsoleRequirement = 'public' | 'signedIn' | { action: Action };

export interface ConsoleRoute {
  method: 'GET' | 'POST';
  path: string;
  requirement: ConsoleRequirement;
}

/** Whether a principal holds an action anywhere, or (`cityWide`) on a role granted at city level. */
export function mayEver(principal: Principal, action: Action, cityWide = false): boolean {
  if (principal.kind === 'platform') return true;
  if (principal.kind !== 'user') return false;
  return principal.grants.some(
    (grant) =>
      ROLE_ACTIONS[grant.role]?.includes(action) &&
      (!cityWide || (grant.role !== 'platform_administrator' && ROLE_LEVELS[grant.role].includes('city'))),
  );
}

/** Raised when a page needs a session and there is none: GETs are sent to the sign-in form. */
export class SignInNeeded extends Error {}

function guard(requirement: ConsoleRequirement): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (requirement === 'public') return next();
    // Cookie sessions only: the same resolution (and cross-site refusal of unsafe methods) as the API.
    const principal = await resolvePrincipal(c);
    if (!principal) throw new SignInNeeded();
    if (principal.kind === 'api_client') throw authErrors.consolePeopleOnly();
    if (requirement !== 'signedIn' && !mayEver(principal, requirement.action))
      throw authErrors.forbidden(requirement.action);
    await next();
  };
}

/** Registers console pages with their requirement, so the guard and the route list agree. */
export function consolePages(router: Hono<AppEnv>) {
  const routes: ConsoleRoute[] = [];
  const add = (
    method: ConsoleRoute['method'],
    path: string,
    requirement: ConsoleRequirement,
    handler: Handler<AppEnv>,
  ) => {
    routes.push({ method, path, requirement });
    router.on(method, path, guard(requirement), handler);
  };
  return {
    routes,
    get: (path: string, requirement: ConsoleRequirement, handler: Handler<AppEnv>) =>
      add('GET', path, requirement, handler),
    post: (path: string, requirement: ConsoleRequirement, handler: Handler<AppEnv>) =>
      add('POST', path, requirement, handler),
  };
}

/** The principal a guarded page has (the guard ran first). */
export function consoleActor(c: Context<AppEnv>): Principal {
  const actor = c.get('actor');
  if (!actor) throw new SignInNeeded();
  return actor;
}

export function isAppError(error: unknown, status?: number): error is AppError {
  return error instanceof AppError && (status === undefined || error.status === status);
}

/**
 * Reads a multipart or urlencoded form; a body that is neither is a 400 naming the body, a field
 * holding a control character or a lone surrogate a 422 naming the field.
 */
export async function formOf(c: Context<AppEnv>): Promise<Record<string, string | File | (string | File)[]>> {
  let form: Record<string, string | File | (string | File)[]>;
  try {
    form = (await c.req.parseBody({ all: true })) as Record<string, string | File | (string | File)[]>;
  } catch {
    throw errors.invalidRequest([formIssue('(body)', 'form.not_a_form')]);
  }
  // A control character in any field (a NUL in the sign-in's login) is a 422 on the form, as at the API's edge.
  refuseUnsafeInput(form);
  return form;
}

export function text(form: Record<string, unknown>, name: string): string {
  const value = form[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.trim() : '';
}

export function texts(form: Record<string, unknown>, name: string): string[] {
  const value = form[name];
  const all = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return all.filter((item): item is string => typeof item === 'string');
}

/** What a refused form had in it, to put back as it was sent: a field's text, or the boxes ticked. */
export type Sent = Record<string, string | string[]>;

/** What was typed into a form, to put back after a refusal: its non-empty fields, less `omit` (a password). */
export function sentValues(
  form: Record<string, unknown>,
  omit: readonly string[] = [],
): Record<string, string> {
  const sent: Record<string, string> = {};
  for (const name of Object.keys(form)) {
    const value = omit.includes(name) ? '' : text(form, name);
    if (value !== '') sent[name] = value;
  }
  return sent;
}

/** One field of a refused form as it was sent (the first of several), or nothing. */
export function sentText(sent: Sent | undefined, name: string): string | undefined {
  const value = sent?.[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Form errors the verbs raise (400, 409, 422) are shown on the form; anything else is the error page. */
export function formProblem(error: unknown): FieldIssue[] | undefined {
  if (isAppError(error) && [400, 409, 422].includes(error.status))
    return error.details ?? [issueOf(error, '(form)')];
  return undefined;
}
