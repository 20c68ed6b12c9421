import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { requireActor } from '../auth/actor';
import { createRouter } from '../auth/app-env';
import { authErrors } from '../auth/auth.errors';
import { SESSION_COOKIE } from '../auth/guards';
import { actsOnEveryCity } from '../auth/principal';
import * as routes from './auth.routes';
import { listSessions, revokeSession, signIn, signOut } from './sessions.service';
import { beginTotp, confirmTotp } from './totp.service';
import { findUser } from './users.service';

export const authRouter = createRouter();

function presentedToken(c: { req: { header: (name: string) => string | undefined } }): string | undefined {
  return c.req.header('authorization')?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
}

authRouter.openapi(routes.signInRoute, async (c) => {
  const input = c.req.valid('json');
  const session = await signIn(
    { db: c.get('db'), now: c.get('now'), dataKey: c.get('config').dataKey },
    input,
    {
      ip: c.get('clientAddress'),
      userAgent: c.req.header('user-agent'),
    },
  );
  setCookie(c, SESSION_COOKIE, session.token, {
    httpOnly: true,
    secure: true,
    sameSite: 'Lax',
    path: '/',
    expires: session.expiresAt,
  });
  return c.json({ token: session.token, expiresAt: session.expiresAt.toISOString() }, 200);
});

authRouter.openapi(routes.signOutRoute, async (c) => {
  requireActor(c);
  const token = presentedToken(c) ?? getCookie(c, SESSION_COOKIE);
  if (token) await signOut(c.get('db'), token);
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
  return c.body(null, 204);
});

authRouter.openapi(routes.meRoute, async (c) => {
  const actor = requireActor(c);
  return c.json(
    {
      kind: actor.kind,
      id: actor.id,
      tenantId: actsOnEveryCity(actor) ? null : actor.tenantId,
      grants: actor.kind === 'user' ? actor.grants : [],
      scopes: actor.kind === 'api_client' ? actor.scopes : [],
    },
    200,
  );
});

function personOf(c: Parameters<typeof requireActor>[0]) {
  const actor = requireActor(c);
  if (actor.kind === 'api_client' || actor.id === 'platform-token') throw authErrors.sessionsPeopleOnly();
  return actor;
}

authRouter.openapi(routes.listSessionsRoute, async (c) => {
  const person = personOf(c);
  const rows = await listSessions(c.get('db'), person.id, c.get('now')());
  const current = person.kind === 'user' ? person.sessionId : undefined;
  return c.json(
    {
      items: rows.map((row) => ({
        id: row.id,
        createdAt: row.createdAt.toISOString(),
        expiresAt: row.expiresAt.toISOString(),
        ipAddress: row.ipAddress,
        userAgent: row.userAgent,
        current: row.id === current,
      })),
    },
    200,
  );
});

authRouter.openapi(routes.revokeSessionRoute, async (c) => {
  const person = personOf(c);
  await revokeSession(c.get('db'), person.id, c.req.valid('param').id);
  return c.body(null, 204);
});

authRouter.openapi(routes.beginTotpRoute, async (c) => {
  const person = personOf(c);
  const user = await findUser(c.get('db'), person.id);
  if (!user) throw authErrors.invalidSession();
  return c.json(await beginTotp(c.get('db'), c.get('config').dataKey, user, c.get('now')()), 200);
});

authRouter.openapi(routes.confirmTotpRoute, async (c) => {
  const person = personOf(c);
  await confirmTotp(
    c.get('db'),
    c.get('config').dataKey,
    person.id,
    c.req.valid('json').code,
    c.get('now')(),
  );
  return c.body(null, 204);
});
