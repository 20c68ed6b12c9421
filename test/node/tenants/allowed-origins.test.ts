import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { body, signedIn, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { cityWithGrids, GOOD_PASSWORD, person } from '../../support/identity';
import { snapshotStore } from '../../support/snapshot';

/**
 * Issue 16 item 8: CORS on the API with the origins a city allows. Before this, a browser preflight
 * (`OPTIONS`) on the API answered 404/405 and no origin could call it from a page.
 */
let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let city: TenantRow;
let admin = '';
const PORTAL = 'https://portal.example.gov.cn';
const path = (rest: string) => `/v1/t/${city.slug}${rest}`;

const preflight = (origin: string) =>
  api.app.request(path('/departments'), {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'GET',
      'access-control-request-headers': 'authorization, x-purpose',
    },
  });

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
  city = await cityWithGrids(db.db);
  admin = await signedIn(
    api,
    city.slug,
    (await person(db.db, city, 'city_administrator', 'city')).email,
    GOOD_PASSWORD,
  );
});
afterAll(async () => db.close());

describe('browsers calling a city’s API', () => {
  it('no origin is allowed until the city lists it; then its preflight and its calls carry the CORS headers', async () => {
    const before = await preflight(PORTAL);
    expect(before.status).toBe(204);
    expect(before.headers.get('access-control-allow-origin')).toBeNull();

    const put = await api.send('PUT', path('/allowed-origins'), {
      token: admin,
      json: { origins: [PORTAL] },
    });
    expect(put.status).toBe(200);
    expect(await body(put)).toEqual({ origins: [PORTAL] });

    const allowed = await preflight(PORTAL);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(allowed.headers.get('access-control-allow-headers')).toContain('X-Purpose');
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    expect(allowed.headers.get('vary')).toContain('Origin');

    const other = await preflight('https://evil.example.com');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();

    const call = await api.app.request(path('/departments'), { headers: { origin: PORTAL } });
    expect(call.status).toBe(200);
    expect(call.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(call.headers.get('vary')).toContain('Origin');
    // A server's call (no Origin) still says the answer varies by origin, and carries no CORS header.
    const server = await api.app.request(path('/departments'));
    expect(server.status).toBe(200);
    expect(server.headers.get('vary')).toContain('Origin');
    expect([...server.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
    // Another city does not inherit the list.
    const elsewhere = await api.app.request('/v1/t/no-such-city/departments', {
      headers: { origin: PORTAL },
    });
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses an origin with a path, and anyone without api_keys.manage, writing nothing', async () => {
    const before = await snapshotStore(db);
    const bad = await api.send('PUT', path('/allowed-origins'), {
      token: admin,
      json: { origins: ['https://portal.example.gov.cn/app'] },
    });
    expect(bad.status).toBe(400);
    expect(await snapshotStore(db)).toEqual(before);
    const worker = await signedIn(
      api,
      city.slug,
      (await person(db.db, city, 'grid_worker', 'east-c1-g1')).email,
      GOOD_PASSWORD,
    );
    const snapshot = await snapshotStore(db);
    const refused = await api.send('PUT', path('/allowed-origins'), {
      token: worker,
      json: { origins: [PORTAL] },
    });
    expect(refused.status).toBe(403);
    expect(await snapshotStore(db)).toEqual(snapshot);
  });
});
