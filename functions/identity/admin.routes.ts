import { z } from '@hono/zod-openapi';
import { TENANT_ROLES } from '../auth/roles';
import { route } from '../auth/route';
import { errorResponses, jsonResponse } from '../platform/http';
import { TenantSlugParam, uuidPathParam } from '../platform/params';
import { NewGrant, NewUserBody } from './users.schema';

export const tags = ['Administration'];

export const Grant = z
  .object({
    id: z.uuid(),
    role: z.enum(TENANT_ROLES),
    orgUnitId: z.uuid(),
    departmentId: z.uuid().nullable().openapi({ description: "A department officer's department." }),
  })
  .openapi('RoleGrant');

export const User = z
  .object({
    id: z.uuid(),
    email: z.string(),
    phone: z.string().nullable(),
    displayName: z.string(),
    status: z.enum(['invited', 'active', 'disabled']),
    totpEnabled: z.boolean(),
    grants: z.array(Grant),
  })
  .openapi('User');

export const listUsersRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/users',
  tags,
  summary: 'People of the city and their roles',
  description:
    'The people the caller may manage: a city administrator gets everyone in the city; a district administrator, the people holding a role in their district, with their roles there (the same list the console shows).',
  security: { action: 'users.manage' },
  request: { params: TenantSlugParam },
  responses: {
    200: jsonResponse('Users', z.object({ items: z.array(User) })),
    ...errorResponses(401, 403, 404),
  },
});

export const createUserRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/users',
  tags,
  summary: 'Create (or invite) a person with roles',
  description:
    'Each role is scoped to an org unit and must be one the caller may grant inside their own subtree (a district administrator grants community staff, grid workers and council members in their district).',
  security: { action: 'users.manage' },
  request: {
    params: TenantSlugParam,
    body: { required: true, content: { 'application/json': { schema: NewUserBody } } },
  },
  responses: {
    201: jsonResponse('Created', User),
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});

export const setPasswordRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/users/{userId}/password',
  tags,
  summary: "Set or reset a person's password (their sessions end)",
  security: { action: 'users.manage' },
  request: {
    params: TenantSlugParam.extend({ userId: uuidPathParam('userId') }),
    body: {
      required: true,
      content: { 'application/json': { schema: z.object({ password: z.string().max(200) }).strict() } },
    },
  },
  responses: { 204: { description: 'Set' }, ...errorResponses(400, 401, 403, 404, 422) },
});

export const grantRoleRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/users/{userId}/roles',
  tags,
  summary: 'Grant a role over an org unit',
  security: { action: 'roles.grant' },
  request: {
    params: TenantSlugParam.extend({ userId: uuidPathParam('userId') }),
    body: { required: true, content: { 'application/json': { schema: NewGrant } } },
  },
  responses: {
    201: jsonResponse('Granted', Grant),
    ...errorResponses(400, 401, 403, 404, 422),
  },
});

export const revokeRoleRoute = route({
  method: 'delete',
  path: '/v1/t/{tenant}/users/{userId}/roles/{grantId}',
  tags,
  summary: 'Revoke a role grant',
  description:
    "The city's last city administrator role cannot be revoked: 409 `role_grant.last_city_administrator` (grant the role to someone else first).",
  security: { action: 'roles.grant' },
  request: {
    params: TenantSlugParam.extend({ userId: uuidPathParam('userId'), grantId: uuidPathParam('grantId') }),
  },
  responses: { 204: { description: 'Revoked' }, ...errorResponses(400, 401, 403, 404, 409) },
});

export const unitStaffRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/org-units/{id}/staff',
  tags,
  summary: 'Who holds a role on this unit',
  description: 'Readable by staff of the unit or of a unit above it; a grid worker sees their own grid only.',
  security: { action: 'staff.read' },
  request: { params: TenantSlugParam.extend({ id: uuidPathParam('id') }) },
  responses: {
    200: {
      description: 'Staff',
      content: {
        'application/json': {
          schema: z.object({
            items: z.array(
              z.object({
                grant: Grant,
                user: z.object({ id: z.uuid(), displayName: z.string(), email: z.string() }),
              }),
            ),
          }),
        },
      },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});
