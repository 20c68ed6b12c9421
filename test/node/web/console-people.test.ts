import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { signedIn, testApp } from '../../support/app';
import { consoleBrowser } from '../../support/console';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { cityWithGrids, GOOD_PASSWORD, person } from '../../support/identity';

let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let browser: ReturnType<typeof consoleBrowser>;
let city: TenantRow;

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
  browser = consoleBrowser(api);
  city = await cityWithGrids(db.db);
});
afterAll(async () => db.close());

/** The emails of the city's people: every account's, to look for in each list. */
async function everyEmail(): Promise<string[]> {
  const rows = await db.query<{ email: string }>(`select email from users where tenant_id = '${city.id}'`);
  return rows.map((row) => row.email);
}

async function sameInBoth(login: string) {
  const token = await signedIn(api, city.slug, login, GOOD_PASSWORD);
  const cookie = await browser.signIn(city.slug, login);
  const response = await api.send('GET', `/v1/t/${city.slug}/users`, { token });
  expect(response.status).toBe(200);
  const viaApi = ((await response.json()) as { items: { email: string }[] }).items.map((item) => item.email);
  const page = await (await browser.get('/admin/users', cookie)).text();
  const viaConsole = (await everyEmail()).filter((email) => page.includes(email));
  expect(viaConsole.sort()).toEqual(viaApi.sort());
  return viaApi;
}

describe('the people an administrator sees', () => {
  it('a district administrator sees the same people in the API as in the console: those in their district', async () => {
    const inside = await person(db.db, city, 'community_staff', 'east-c1');
    const outside = await person(db.db, city, 'community_staff', 'west-c1');
    const admin = await person(db.db, city, 'district_administrator', 'east');
    const seen = await sameInBoth(admin.email);
    expect(seen).toContain(inside.email);
    expect(seen).not.toContain(outside.email);
  });

  it('a city administrator sees the same people in both: everyone in the city', async () => {
    const admin = await person(db.db, city, 'city_administrator', 'city');
    const seen = await sameInBoth(admin.email);
    expect(seen.sort()).toEqual((await everyEmail()).sort());
  });
});
