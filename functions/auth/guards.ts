import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import { constantTimeEqualText } from '../platform/crypto';
import { resolveTenant } from '../platform/tenancy';
import type { AppEnv, CredentialRefusal, SecurityRequirement } from './app-env';
import { authErrors } from './auth.errors';
import { authorize } from './authorize';
import { actsOnEveryCity, type RequestPrincipal } from './principal';

export const SESSION_COOKIE = 'shequ_session';

/** Why a key was refused, said to the caller: only the holder of its secret learns it expired or was revoked. */
function keyRefusal(refusal: CredentialRefusal) {
  if (refusal.reason === 'expired') return authErrors.keyExpired();
  if (refusal.reason === 'revoked') return authErrors.keyRevoked();
  return authErrors.unknownKey();
}

/** Why a session token was refused: a cookie the browser still holds has ended; a bearer token may never have existed. */
function sessionRefusal(refusal: CredentialRefusal, from: 'bearer' | 'cookie') {
  if (refusal.reason === 'expired') return authErrors.sessionExpired();
  if (refusal.reason === 'disabled') return authErrors.accountDisabled();
  return from === 'cookie' ? authErrors.invalidSession() : authErrors.unknownToken();
}

function bearerToken(header: string | undefined): string | undefined {
  return header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
}

/**
 * Who is calling: an API key (`shq_…`), the platform token, or a session (bearer or cookie).
 * Credentials that are present but invalid are refused outright, never treated as anonymous.
 */
export async function resolvePrincipal(
  c: Context<AppEnv>,
  options: { rememberKey?: boolean } = {},
): Promise<RequestPrincipal | undefined> {
  const cached = c.get('actor');
  if (cached) return cached;
  const db = c.get('db');
  const now = c.get('now')();
  const token = bearerToken(c.req.header('authorization'));
  let principal: RequestPrincipal | undefined;
  if (token?.startsWith('shq_')) {
    // The key and the tenant the path names, in one statement.
    const slug = c.req.param('tenant');
    const found = await c
      .get('authenticator')
      .apiKey(db, token, now, slug, { remember: options.rememberKey === true });
    if (found.kind === 'refused') throw keyRefusal(found);
    const { tenant, ...rest } = found;
    principal = rest as RequestPrincipal;
    if (slug && tenant) c.set('tenant', tenant);
  } else if (token) {
    const platformToken = c.get('config').platformToken;
    if (platformToken && constantTimeEqualText(token, platformToken)) {
      principal = { kind: 'platform', id: 'platform-token' };
    } else {
      const found = await c.get('authenticator').session({ db, now: c.get('now') }, token);
      if (found.kind === 'refused') throw sessionRefusal(found, 'bearer');
      principal = found;
    }
  } else {
    const cookie = getCookie(c, SESSION_COOKIE);
    if (!cookie) return undefined;
    const found = await c.get('authenticator').session({ db, now: c.get('now') }, cookie);
    if (found.kind === 'refused') {
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      throw sessionRefusal(found, 'cookie');
    }
    principal = found;
    rejectCrossSite(c);
  }
  c.set('actor', principal);
  return principal;
}

/** Cookies ride along on cross-site requests; unsafe ones must come from our own origin. */
export function rejectCrossSite(c: Context<AppEnv>) {
  if (['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) return;
  const origin = c.req.header('origin') ?? c.req.header('referer');
  const own = new URL(c.req.url).origin;
  let sender: string | undefined;
  try {
    sender = origin ? new URL(origin).origin : undefined;
  } catch {
    sender = undefined; // `Origin: null` (sandboxed frames, some redirects) is not our origin
  }
  if (sender !== own) throw authErrors.crossSite();
}

function guardFor(requirement: SecurityRequirement): MiddlewareHandler<AppEnv> {
  if (requirement === 'public') return async (_c, next) => next();
  return async (c, next) => {
    const principal = await resolvePrincipal(c, {
      rememberKey: requirement !== 'signedIn' && requirement.rememberKey === true,
    });
    if (!principal) throw authErrors.required();
    // A tenant-scoped route answers only about the caller's own city, whatever it requires.
    const slug = c.req.param('tenant');
    const known = c.get('tenant');
    const tenant = slug ? (known?.slug === slug ? known : await resolveTenant(c.get('db'), slug)) : undefined;
    if (tenant) {
      if (!actsOnEveryCity(principal) && principal.tenantId !== tenant.id) throw authErrors.wrongTenant();
      c.set('tenant', tenant);
    }
    if (requirement !== 'signedIn') {
      await authorize(c.get('db'), principal, requirement.action, { tenantId: tenant?.id });
    }
    await next();
  };
}

export const guards = { for: guardFor };
