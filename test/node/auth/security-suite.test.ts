import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_ACTIONS } from '../../../functions/auth/roles';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { signedIn, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { PLATFORM_TOKEN } from '../../support/fixtures';
import { cityWithGrids, GOOD_PASSWORD, person, unitId } from '../../support/identity';
import { type RegisteredOperation, registeredOperations } from '../../support/registry';
import { snapshotStore } from '../../support/snapshot';

/**
 * The security suite, generated from the OpenAPI registry: every registered route gets its cases,
 * so a new route cannot be forgotten. Refused calls must also leave the store untouched.
 */
type RegisteredRoute = Pick<RegisteredOperation, 'method' | 'path' | 'requirement'>;

const registeredRoutes = (): RegisteredRoute[] => registeredOperations();

let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let city: TenantRow;
let params: Record<string, string>;
const tokens: Record<'otherTenant' | 'noRole' | 'auditor' | 'signedIn', string> = {
  otherTenant: '',
  noRole: '',
  auditor: '',
  signedIn: '',
};

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
  city = await cityWithGrids(db.db);
  const other = await cityWithGrids(db.db);
  const staff = await person(db.db, city, 'community_staff', 'east-c1');
  const councillor = await person(db.db, city, 'council_member', 'east-c1');
  const foreigner = await person(db.db, other, 'city_administrator', 'city');
  tokens.noRole = await signedIn(api, city.slug, councillor.email, GOOD_PASSWORD);
  // A council member may read and act in councils; there the too-small role is the auditor's.
  const auditor = await person(db.db, city, 'auditor', 'city');
  tokens.auditor = await signedIn(api, city.slug, auditor.email, GOOD_PASSWORD);
  tokens.otherTenant = await signedIn(api, other.slug, foreigner.email, GOOD_PASSWORD);
  tokens.signedIn = tokens.noRole;
  const departments = (await (await api.get(`/v1/t/${city.slug}/departments`)).json()) as {
    items: { id: string }[];
  };
  const client = (await (
    await api.send('POST', `/v1/t/${city.slug}/api-clients`, {
      token: PLATFORM_TOKEN,
      json: { departmentId: departments.items[0]?.id, name: 'suite client' },
    })
  ).json()) as { id: string };
  const key = (await (
    await api.send('POST', `/v1/t/${city.slug}/api-clients/${client.id}/keys`, {
      token: PLATFORM_TOKEN,
      json: { scopes: ['staff:read'] },
    })
  ).json()) as { key: { id: string } };
  const grant = (
    await db.query<{ id: string }>('select id from role_grants where user_id = $1', [staff.user.id])
  )[0];
  params = {
    tenant: city.slug,
    id: await unitId(db.db, city.id, 'east-c1'),
    userId: staff.user.id,
    grantId: grant?.id ?? '',
    clientId: client.id,
    keyId: key.key.id,
    domain: 'community_basics',
    field: 'household_size',
    host: 'suite.example.org',
    code: 'east-c1',
    // Any UUID: refused before the photo is looked up.
    photoId: '00000000-0000-4000-8000-000000000000',
    // Open311's `{id}.{format}`: public, so only "no 401/403/5xx" is checked.
    service_code: 'city_operation.json',
    service_request_id: '2026-000001.json',
    token: 'aaaaaaaaaaaaaaaaaaaa.json',
  };
});
afterAll(async () => db.close());

function concretePath(route: RegisteredRoute): string {
  if (route.path === '/v1/auth/sessions/{id}') return route.path.replace('{id}', 'a'.repeat(64));
  return route.path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (!value) throw new Error(`no fixture for path parameter ${name} in ${route.path}`);
    return value;
  });
}

describe('the generated security suite', () => {
  const routes = registeredRoutes();
  const guarded = routes.filter((route) => route.requirement !== 'public');

  it('covers every registered route', () => {
    const cases =
      guarded.length * 1 +
      guarded.filter((r) => typeof r.requirement === 'object').length * 2 +
      (routes.length - guarded.length);
    console.log(
      `security suite: ${routes.length} routes (${guarded.length} guarded, ${routes.length - guarded.length} public), ${cases} cases`,
    );
    expect(routes.length).toBeGreaterThanOrEqual(25);
    for (const route of routes)
      expect(route.requirement, `${route.method} ${route.path} declares no security`).toBeDefined();
  });

  it.each(guarded.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s: refuses anonymous callers (401), other tenants and too-small roles (403), and writes nothing',
    async (_name, route) => {
      const path = concretePath(route);
      const attempt = async (token: string | null, expected: number[]) => {
        const before = await snapshotStore(db);
        const response = await api.send(route.method, path, {
          token,
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { json: {} }),
        });
        expect(
          expected,
          `${route.method} ${path} with ${token ? 'credential' : 'none'} → ${response.status}`,
        ).toContain(response.status);
        expect(await snapshotStore(db)).toEqual(before);
      };
      await attempt(null, [401]);
      if (typeof route.requirement === 'object') {
        await attempt(tokens.otherTenant, [403, 404]);
        const small = ROLE_ACTIONS.council_member.includes(route.requirement.action)
          ? tokens.auditor
          : tokens.noRole;
        await attempt(small, [403]);
      }
    },
  );

  it.each(
    routes
      .filter((route) => route.requirement === 'public')
      .map((route) => [`${route.method} ${route.path}`, route] as const),
  )('%s is public: answers without credentials', async (_name, route) => {
    const response = await api.send(
      route.method,
      concretePath(route),
      route.method === 'POST' ? { json: {} } : {},
    );
    expect(response.status).not.toBe(401);
    expect(response.status).not.toBe(403);
    expect(response.status).toBeLessThan(500);
  });
});
