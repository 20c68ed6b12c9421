import { actingContext } from '../auth/actor';
import { createRouter } from '../auth/app-env';
import type { Role } from '../auth/roles';
import * as adminRoutes from './admin.routes';
import * as keyRoutes from './api-keys.routes';
import { createApiClient, issueApiKey, listApiClients, revokeApiKey, rotateApiKey } from './api-keys.service';
import { grantRole, listUnitStaff, revokeRole } from './role-grants.service';
import { createUser, listUsers, setPassword } from './users.service';

export const adminRouter = createRouter();
const routes = { ...adminRoutes, ...keyRoutes };

const iso = (date: Date | null) => (date ? date.toISOString() : null);
function presentKey(key: {
  id: string;
  prefix: string;
  scopes: string[];
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
}) {
  return {
    id: key.id,
    prefix: key.prefix,
    scopes: key.scopes,
    expiresAt: iso(key.expiresAt),
    revokedAt: iso(key.revokedAt),
    lastUsedAt: iso(key.lastUsedAt),
    createdAt: key.createdAt.toISOString(),
  };
}
function presentUser(
  user: {
    id: string;
    email: string;
    phone: string | null;
    displayName: string;
    status: 'invited' | 'active' | 'disabled';
    totpEnabled: boolean;
  },
  grants: { id: string; role: string; orgUnitId: string; departmentId: string | null }[],
) {
  return {
    id: user.id,
    email: user.email,
    phone: user.phone,
    displayName: user.displayName,
    status: user.status,
    totpEnabled: user.totpEnabled,
    grants: grants.map(presentGrant),
  };
}

function presentGrant(grant: { id: string; role: string; orgUnitId: string; departmentId: string | null }) {
  return {
    id: grant.id,
    role: grant.role as Exclude<Role, 'platform_administrator'>,
    orgUnitId: grant.orgUnitId,
    departmentId: grant.departmentId,
  };
}

adminRouter.openapi(routes.listUsersRoute, async (c) => {
  const rows = await listUsers(actingContext(c));
  return c.json({ items: rows.map((row) => presentUser(row.user, row.grants)) }, 200);
});

adminRouter.openapi(routes.createUserRoute, async (c) => {
  const created = await createUser(actingContext(c), c.req.valid('json'));
  return c.json(presentUser(created.user, created.grants), 201);
});

adminRouter.openapi(routes.setPasswordRoute, async (c) => {
  const { userId } = c.req.valid('param');
  await setPassword(actingContext(c), userId, c.req.valid('json').password);
  return c.body(null, 204);
});

adminRouter.openapi(routes.grantRoleRoute, async (c) => {
  const { userId } = c.req.valid('param');
  const grant = await grantRole(actingContext(c), userId, c.req.valid('json'));
  return c.json(presentGrant(grant), 201);
});

adminRouter.openapi(routes.revokeRoleRoute, async (c) => {
  const { userId, grantId } = c.req.valid('param');
  await revokeRole(actingContext(c), userId, grantId);
  return c.body(null, 204);
});

adminRouter.openapi(routes.unitStaffRoute, async (c) => {
  const { id } = c.req.valid('param');
  const rows = await listUnitStaff(actingContext(c), id);
  return c.json(
    {
      items: rows.flatMap(({ grant, user }) =>
        user
          ? [
              {
                grant: presentGrant(grant),
                user: { id: user.id, displayName: user.displayName, email: user.email },
              },
            ]
          : [],
      ),
    },
    200,
  );
});

adminRouter.openapi(routes.listApiClientsRoute, async (c) => {
  const rows = await listApiClients(actingContext(c));
  return c.json(
    {
      items: rows.map(({ client, keys }) => ({
        id: client.id,
        departmentId: client.departmentId,
        name: client.name,
        keys: keys.map(presentKey),
      })),
    },
    200,
  );
});

adminRouter.openapi(routes.createApiClientRoute, async (c) => {
  const client = await createApiClient(actingContext(c), c.req.valid('json'));
  return c.json({ id: client.id, departmentId: client.departmentId, name: client.name, keys: [] }, 201);
});

adminRouter.openapi(routes.issueApiKeyRoute, async (c) => {
  const { clientId } = c.req.valid('param');
  const body = c.req.valid('json');
  const issued = await issueApiKey(actingContext(c), clientId, {
    scopes: body.scopes,
    expiresAt: body.expiresAt ? new Date(body.expiresAt) : undefined,
  });
  return c.json({ key: presentKey(issued.key), secret: issued.secret }, 201);
});

adminRouter.openapi(routes.rotateApiKeyRoute, async (c) => {
  const { keyId } = c.req.valid('param');
  const body = (c.req.valid('json') as { overlapSeconds?: number } | undefined) ?? {};
  const rotated = await rotateApiKey(actingContext(c), keyId, body.overlapSeconds ?? 86_400);
  return c.json(
    {
      key: presentKey(rotated.key),
      secret: rotated.secret,
      previousExpiresAt: rotated.previousExpiresAt.toISOString(),
    },
    201,
  );
});

adminRouter.openapi(routes.revokeApiKeyRoute, async (c) => {
  const { keyId } = c.req.valid('param');
  const key = await revokeApiKey(actingContext(c), keyId);
  return c.json(presentKey(key), 200);
});
