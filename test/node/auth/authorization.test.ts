import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { body, type ErrorBody, signedIn, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { PLATFORM_TOKEN } from '../../support/fixtures';
import { cityWithGrids, GOOD_PASSWORD, person, unitId } from '../../support/identity';
import { snapshotStore } from '../../support/snapshot';

let db: TestDatabase;
let city: TenantRow;
let other: TenantRow;
let api: ReturnType<typeof testApp>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  city = await cityWithGrids(db.db);
  other = await cityWithGrids(db.db);
  api = testApp(db.db);
  for (const code of [
    'east',
    'west',
    'east-c1',
    'east-c2',
    'west-c1',
    'east-c1-g1',
    'east-c1-g2',
    'west-c1-g1',
  ]) {
    ids[code] = await unitId(db.db, city.id, code);
  }
  ids.otherGrid = await unitId(db.db, other.id, 'east-c1-g1');
});
afterAll(async () => db.close());

async function as(role: Parameters<typeof person>[2], code: string, tenant = city) {
  const { email } = await person(db.db, tenant, role, code);
  return signedIn(api, tenant.slug, email, GOOD_PASSWORD);
}

/** Sends a request and asserts it is refused with `status` and that nothing was written. */
async function refused(status: number, method: string, path: string, token: string, json?: unknown) {
  const before = await snapshotStore(db);
  const response = await api.send(method, path, { token, json });
  expect(response.status, `${method} ${path}`).toBe(status);
  expect(await snapshotStore(db)).toEqual(before);
  return (await body<ErrorBody>(response)).error;
}

const patchUnit = (id: string | undefined) => `/v1/t/${city.slug}/org-units/${id}`;

describe('a grid worker scoped to one grid', () => {
  it('may change and read its own grid', async () => {
    const token = await as('grid_worker', 'east-c1-g1');
    const response = await api.send('PATCH', patchUnit(ids['east-c1-g1']), {
      token,
      json: { attributes: { note: '本网格' } },
    });
    expect(response.status).toBe(200);
    expect((await api.send('GET', `${patchUnit(ids['east-c1-g1'])}/staff`, { token })).status).toBe(200);
  });

  it("cannot change or read another grid's or another community's data", async () => {
    const token = await as('grid_worker', 'east-c1-g1');
    for (const code of ['east-c1-g2', 'west-c1-g1', 'east-c1', 'west-c1']) {
      const error = await refused(403, 'PATCH', patchUnit(ids[code]), token, { attributes: { note: 'x' } });
      expect(error.code).toBe('auth.forbidden');
      await refused(403, 'GET', `${patchUnit(ids[code])}/staff`, token);
    }
  });

  it('cannot manage people at all', async () => {
    const token = await as('grid_worker', 'east-c1-g1');
    await refused(403, 'POST', `/v1/t/${city.slug}/users`, token, {
      email: 'x@example.org',
      displayName: 'X',
    });
  });

  it("gets 404 for another tenant's unit id, 403 on another tenant's paths", async () => {
    const token = await as('grid_worker', 'east-c1-g1');
    const error = await refused(404, 'PATCH', patchUnit(ids.otherGrid), token, { attributes: { note: 'x' } });
    expect(error.code).toBe('org_unit.not_found');
    const wrongTenant = await refused(403, 'PATCH', `/v1/t/${other.slug}/org-units/${ids.otherGrid}`, token, {
      attributes: {},
    });
    expect(wrongTenant.code).toBe('auth.wrong_tenant');
  });
});

describe('a district administrator', () => {
  it('adds grids and grid workers inside the district', async () => {
    const token = await as('district_administrator', 'east');
    const grid = await api.send('POST', `/v1/t/${city.slug}/org-units`, {
      token,
      json: {
        code: 'east-c2-g1',
        level: 'grid',
        parent: 'east-c2',
        name: { zh: '东二网格1', en: 'Grid E2-1' },
      },
    });
    expect(grid.status).toBe(201);
    const { id } = await body<{ id: string }>(grid);
    const user = await api.send('POST', `/v1/t/${city.slug}/users`, {
      token,
      json: {
        email: 'new.grid@example.org',
        displayName: '新网格员',
        password: GOOD_PASSWORD,
        roles: [{ role: 'grid_worker', orgUnitId: id }],
      },
    });
    expect(user.status).toBe(201);
  });

  it('cannot touch another district, nor hand out roles above its own', async () => {
    const token = await as('district_administrator', 'east');
    await refused(403, 'POST', `/v1/t/${city.slug}/org-units`, token, {
      code: 'west-c1-g9',
      level: 'grid',
      parent: 'west-c1',
      name: { zh: '越界网格', en: 'Out of bounds' },
    });
    await refused(403, 'PATCH', patchUnit(ids['west-c1']), token, { attributes: { note: 'x' } });
    await refused(403, 'POST', `/v1/t/${city.slug}/users`, token, {
      email: 'west.grid@example.org',
      displayName: 'X',
      roles: [{ role: 'grid_worker', orgUnitId: ids['west-c1-g1'] }],
    });
    const above = await refused(403, 'POST', `/v1/t/${city.slug}/users`, token, {
      email: 'boss@example.org',
      displayName: 'X',
      roles: [{ role: 'district_administrator', orgUnitId: ids.east }],
    });
    // The refusal names the role it would not grant, by code (a page says the role in its language).
    expect(above).toMatchObject({
      code: 'role_grant.not_grantable',
      params: { role: 'district_administrator' },
    });
    await refused(403, 'POST', `/v1/t/${city.slug}/reforms`, token, {
      code: 'grab-west',
      effectiveOn: '2020-01-01',
      title: { zh: '越权', en: 'Overreach' },
      closes: ['west-c1-g1'],
    });
  });

  it('lists only the people holding a role in their district, not every person in the city', async () => {
    const token = await as('district_administrator', 'east');
    const inside = await person(db.db, city, 'grid_worker', 'east-c1-g1');
    const outside = await person(db.db, city, 'grid_worker', 'west-c1-g1');
    const response = await api.send('GET', `/v1/t/${city.slug}/users`, { token });
    expect(response.status).toBe(200);
    const emails = (await body<{ items: { email: string }[] }>(response)).items.map((item) => item.email);
    expect(emails).toContain(inside.email);
    expect(emails).not.toContain(outside.email);
  });
});

describe('separation of duties', () => {
  it('the auditor reads the audit trail but changes nothing', async () => {
    const token = await as('auditor', 'city');
    expect((await api.send('GET', `/v1/t/${city.slug}/audit-events`, { token })).status).toBe(200);
    await refused(403, 'PATCH', patchUnit(ids['east-c1']), token, { attributes: { note: 'x' } });
    await refused(403, 'POST', `/v1/t/${city.slug}/users`, token, {
      email: 'a@example.org',
      displayName: 'A',
    });
    await refused(403, 'POST', `/v1/t/${city.slug}/departments`, token, {
      key: 'x',
      name: { zh: 'x', en: 'x' },
    });
  });

  it('a city administrator grants a role but only at the level it belongs to', async () => {
    const token = await as('city_administrator', 'city');
    const error = await refused(422, 'POST', `/v1/t/${city.slug}/users`, token, {
      email: 'misplaced@example.org',
      displayName: 'X',
      roles: [{ role: 'grid_worker', orgUnitId: ids.east }],
    });
    expect(error.details?.[0]?.path).toBe('roles.0.role');
    // It names the levels this city has for the role (a page says them by the city's names), not
    // levels of other cities' structures, which a page could only show as raw keys.
    expect(error.details?.[0]?.params).toMatchObject({
      role: 'grid_worker',
      levels: ['grid'],
      level: 'district',
    });
  });
});

describe('departments as API clients', () => {
  async function issueKey(scopes: string[], expiresAt?: string) {
    const departments = await body<{ items: { id: string; key: string }[] }>(
      await api.get(`/v1/t/${city.slug}/departments`),
    );
    const civil = departments.items.find((d) => d.key === 'civil_affairs') ?? departments.items[0];
    const client = await body<{ id: string }>(
      await api.send('POST', `/v1/t/${city.slug}/api-clients`, {
        token: PLATFORM_TOKEN,
        json: { departmentId: civil?.id, name: `民政系统 ${Math.random()}` },
      }),
    );
    const issued = await api.send('POST', `/v1/t/${city.slug}/api-clients/${client.id}/keys`, {
      token: PLATFORM_TOKEN,
      json: { scopes, ...(expiresAt ? { expiresAt } : {}) },
    });
    expect(issued.status).toBe(201);
    return body<{ key: { id: string; prefix: string }; secret: string }>(issued);
  }

  it('stores only a hash of the key, shows its prefix, and records last use', async () => {
    const { key, secret } = await issueKey(['staff:read']);
    expect(secret.startsWith(`shq_${key.prefix}_`)).toBe(true);
    const rows = await db.query<{ secret_hash: string; last_used_at: Date | null }>(
      'select secret_hash, last_used_at from api_keys where id = $1',
      [key.id],
    );
    expect(rows[0]?.secret_hash).not.toContain(secret);
    expect(rows[0]?.last_used_at).toBeNull();
    expect((await api.send('GET', `${patchUnit(ids['east-c1'])}/staff`, { token: secret })).status).toBe(200);
    const after = await db.query<{ last_used_at: Date | null }>(
      'select last_used_at from api_keys where id = $1',
      [key.id],
    );
    expect(after[0]?.last_used_at).not.toBeNull();
  });

  it('is told that sessions belong to people, not refused as some other action', async () => {
    const { secret } = await issueKey(['staff:read']);
    const error = await refused(403, 'GET', '/v1/auth/sessions', secret);
    expect(error.code).toBe('auth.sessions_people_only');
  });

  it('is limited to its scopes', async () => {
    const { secret } = await issueKey(['staff:read']);
    const error = await refused(403, 'PATCH', patchUnit(ids['east-c1']), secret, {
      attributes: { note: 'x' },
    });
    // A key is refused by its scopes, not "your roles", and is told which scope would do.
    expect(error).toMatchObject({
      code: 'auth.scope_missing',
      params: { action: 'org_unit.update', scopes: ['org_units:write'] },
    });
    expect(error.message).not.toMatch(/roles/);
  });

  it('stops working when revoked, and a rotated key overlaps then expires', async () => {
    const { key, secret } = await issueKey(['staff:read']);
    const rotated = await body<{ secret: string; previousExpiresAt: string }>(
      await api.send('POST', `/v1/t/${city.slug}/api-keys/${key.id}/rotate`, {
        token: PLATFORM_TOKEN,
        json: { overlapSeconds: 3600 },
      }),
    );
    expect((await api.send('GET', `${patchUnit(ids['east-c1'])}/staff`, { token: secret })).status).toBe(200);
    expect(
      (await api.send('GET', `${patchUnit(ids['east-c1'])}/staff`, { token: rotated.secret })).status,
    ).toBe(200);
    const later = testApp(db.db, () => new Date(Date.now() + 2 * 3600 * 1000));
    expect((await later.send('GET', `${patchUnit(ids['east-c1'])}/staff`, { token: secret })).status).toBe(
      401,
    );
    expect(
      (await later.send('GET', `${patchUnit(ids['east-c1'])}/staff`, { token: rotated.secret })).status,
    ).toBe(200);

    const revokedKey = await issueKey(['staff:read']);
    expect(
      (
        await api.send('DELETE', `/v1/t/${city.slug}/api-keys/${revokedKey.key.id}`, {
          token: PLATFORM_TOKEN,
        })
      ).status,
    ).toBe(200);
    const error = await refused(401, 'GET', `${patchUnit(ids['east-c1'])}/staff`, revokedKey.secret);
    expect(error.code).toBe('auth.key_revoked');
    // A key that was never issued (same shape, other secret) is not called revoked or expired.
    const forged = `${revokedKey.secret.slice(0, -4)}aaaa`;
    expect((await refused(401, 'GET', `${patchUnit(ids['east-c1'])}/staff`, forged)).code).toBe(
      'auth.unknown_key',
    );
    expect((await refused(401, 'GET', `${patchUnit(ids['east-c1'])}/staff`, 'shq_nonsense')).code).toBe(
      'auth.unknown_key',
    );
  });

  it('refuses an expired key with a clear error', async () => {
    const soon = new Date(Date.now() + 60_000).toISOString();
    const { secret } = await issueKey(['staff:read'], soon);
    const later = testApp(db.db, () => new Date(Date.now() + 120_000));
    const response = await later.send('GET', `${patchUnit(ids['east-c1'])}/staff`, { token: secret });
    expect(response.status).toBe(401);
    expect((await body<ErrorBody>(response)).error.code).toBe('auth.key_expired');
  });

  it("answers another tenant's key with 403 on this tenant's routes", async () => {
    const { secret } = await issueKey(['staff:read']);
    const error = await refused(403, 'GET', `/v1/t/${other.slug}/org-units/${ids.otherGrid}/staff`, secret);
    expect(error.code).toBe('auth.wrong_tenant');
  });
});
