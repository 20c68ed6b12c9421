import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { signedIn, testApp } from '../../support/app';
import { consoleBrowser, form } from '../../support/console';
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

  it('a city administrator adds a department officer with their department; a refused form comes back as it was sent', async () => {
    const admin = await person(db.db, city, 'city_administrator', 'city');
    const cookie = await browser.signIn(city.slug, admin.email);
    const page = await (await browser.get('/admin/users', cookie)).text();
    expect(page).toContain('name="departmentId"');
    const [department] = await db.query<{ id: string }>(
      `select id from departments where tenant_id = '${city.id}' and key = 'urban_management'`,
    );
    const [unit] = await db.query<{ id: string }>(
      `select id from org_units where tenant_id = '${city.id}' and code = 'city'`,
    );
    const fields = {
      email: 'officer.new@example.org',
      displayName: '城管新队员',
      password: GOOD_PASSWORD,
      role: 'department_officer',
      orgUnitId: unit?.id ?? '',
    };
    // Without the department: refused, naming it, and the form keeps the role chosen — not the
    // first in the list (city administrator), which a second click would otherwise create.
    const refused = await browser.post('/admin/users', form(fields), cookie);
    expect(refused.status).toBe(422);
    const again = await refused.text();
    expect(again).toContain('部门工作人员须指定所属部门');
    expect(again).toContain('<option value="department_officer" selected="">');
    expect(again).toContain('value="officer.new@example.org"');
    expect(await db.query(`select 1 from users where email = 'officer.new@example.org'`)).toHaveLength(0);
    const created = await browser.post(
      '/admin/users',
      form({ ...fields, departmentId: department?.id ?? '' }),
      cookie,
    );
    expect(created.status).toBe(303);
    const [grant] = await db.query<{ role: string; department_id: string }>(
      `select g.role, g.department_id from role_grants g join users u on u.id = g.user_id
        where u.email = 'officer.new@example.org'`,
    );
    expect(grant).toEqual({ role: 'department_officer', department_id: department?.id });
  });
});
