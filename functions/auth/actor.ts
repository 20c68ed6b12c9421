import type { Context } from 'hono';
import type { AppEnv } from '../platform/http';
import { authErrors } from './auth.errors';
import type { Principal } from './principal';

/** The caller the route's guard resolved; a handler behind a non-public guard always has one. */
export function requireActor(c: Context<AppEnv>): Principal {
  const actor = c.get('actor');
  if (!actor) throw authErrors.required();
  return actor;
}
