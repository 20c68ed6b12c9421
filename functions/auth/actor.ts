import type { Context } from 'hono';
import type { AppEnv } from './app-env';
import { authErrors } from './auth.errors';
import type { RequestPrincipal } from './principal';

/** The caller the route's guard resolved; a handler behind a non-public guard always has one. */
export function requireActor(c: Context<AppEnv>): RequestPrincipal {
  const actor = c.get('actor');
  if (!actor) throw authErrors.required();
  return actor;
}

/**
 * What a guarded, tenant-scoped handler passes to its verb: the guard has already resolved the
 * tenant from the path and checked the caller belongs to it.
 */
export function actingContext(c: Context<AppEnv>) {
  const tenant = c.get('tenant');
  if (!tenant) throw new Error('actingContext needs a guarded route with a {tenant} path parameter');
  return {
    db: c.get('db'),
    tenant,
    actor: requireActor(c),
    now: c.get('now'),
    dataKey: c.get('config').dataKey,
  };
}
