import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateTOTP } from '@oslojs/otp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/universal';
import { ROLE_ACTIONS } from '../../../functions/auth/roles';
import { createPlatformAdministrator } from '../../../functions/identity/users.service';
import { onboardTenant } from '../../../functions/onboarding/onboarding.service';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { consoleRoutes } from '../../../web/admin/admin.index';
import { signedIn, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { PLATFORM_TOKEN, smallCity, uniqueSlug } from '../../support/fixtures';
import { cityWithGrids, GOOD_PASSWORD, person } from '../../support/identity';
import { departmentKey } from '../../support/sharing';
import { snapshotStore } from '../../support/snapshot';

const ORIGIN = 'http://localhost';
let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let city: TenantRow;
const cookies: Record<'platform' | 'cityAdmin' | 'districtAdmin' | 'auditor' | 'staff', string> = {
  platform: '',
  cityAdmin: '',
  districtAdmin: '',
  auditor: '',
  staff: '',
};

function form(fields: Record<string, string | Blob | [Blob, string]>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (Array.isArray(value)) data.append(name, value[0], value[1]);
    else data.append(name, value);
  }
  return data;
}

/** A browser-like form post: same-origin by default, with the session cookie when given. */
function post(path: string, body: FormData, init: { cookie?: string; origin?: string | null } = {}) {
  const headers = new Headers();
  if (init.origin !== null) headers.set('origin', init.origin ?? ORIGIN);
  if (init.cookie) headers.set('cookie', init.cookie);
  return api.app.request(path, { method: 'POST', headers, body });
}

function get(path: string, cookie?: string) {
  return api.app.request(path, { headers: cookie ? { cookie } : {} });
}

async function signIn(tenant: string, login: string, password = GOOD_PASSWORD): Promise<string> {
  const response = await post('/admin/sign-in', form({ tenant, login, password, next: '/admin' }));
  expect(response.status).toBe(303);
  const cookie = response.headers.get('set-cookie')?.match(/shequ_session=[^;]+/)?.[0];
  if (!cookie) throw new Error('no session cookie');
  return cookie;
}

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
  city = await cityWithGrids(db.db);
  await createPlatformAdministrator(db.db, {
    email: 'platform@shequ.example.org',
    displayName: '平台管理员',
    password: GOOD_PASSWORD,
  });
  cookies.platform = await signIn('', 'platform@shequ.example.org');
  cookies.cityAdmin = await signIn(
    city.slug,
    (await person(db.db, city, 'city_administrator', 'city')).email,
  );
  cookies.districtAdmin = await signIn(
    city.slug,
    (await person(db.db, city, 'district_administrator', 'east')).email,
  );
  cookies.auditor = await signIn(city.slug, (await person(db.db, city, 'auditor', 'city')).email);
  cookies.staff = await signIn(city.slug, (await person(db.db, city, 'community_staff', 'east-c1')).email);
});
afterAll(async () => db.close());

describe('sign-in and sign-out', () => {
  it('a wrong password re-shows the form with the error and sets no cookie', async () => {
    const response = await post(
      '/admin/sign-in',
      form({ tenant: city.slug, login: 'nobody@x.org', password: 'x' }),
    );
    expect(response.status).toBe(401);
    expect(response.headers.get('set-cookie') ?? '').not.toMatch(/shequ_session=[^;]/);
    expect(await response.text()).toContain('登录名或密码不正确');
  });

  it('takes the city by its name as well as its code, and offers the cities as one types (the 2026-12-07 review)', async () => {
    const { email } = await person(db.db, city, 'community_staff', 'east-c1');
    // "贵阳" for guiyang used to be "wrong login or password", with the right password.
    for (const typed of [city.nameZh, city.nameZh.replace(/市$/u, ''), city.nameEn.toUpperCase()])
      await signIn(typed, email);
    const page = await (await get('/admin/sign-in')).text();
    expect(page).toContain('list="cities"');
    expect(page).toContain(`<option value="${city.slug}">${city.nameZh}</option>`);
  });

  it('a sign-in form posted from another site is refused (login CSRF)', async () => {
    const before = await snapshotStore(db);
    const response = await post(
      '/admin/sign-in',
      form({ tenant: city.slug, login: 'x@y.org', password: GOOD_PASSWORD }),
      { origin: 'https://evil.example' },
    );
    expect(response.status).toBe(403);
    expect(await snapshotStore(db)).toEqual(before);
  });

  it('a person with a second factor is asked for the code, and signed in with it', async () => {
    const { email } = await person(db.db, city, 'auditor', 'city');
    const token = await signedIn(api, city.slug, email, GOOD_PASSWORD);
    const { secret } = (await (await api.send('POST', '/v1/auth/totp', { token })).json()) as {
      secret: string;
    };
    const key = decodeBase32IgnorePadding(secret);
    const confirmed = await api.send('POST', '/v1/auth/totp/confirm', {
      token,
      json: { code: generateTOTP(key, 30, 6) },
    });
    expect(confirmed.status).toBe(204);
    const without = await post(
      '/admin/sign-in',
      form({ tenant: city.slug, login: email, password: GOOD_PASSWORD }),
    );
    expect(without.status).toBe(401);
    const html = await without.text();
    expect(html).toContain('请输入动态验证码');
    expect(html).toMatch(/id="totp"[^>]*aria-invalid="true"/);
    const withCode = await post(
      '/admin/sign-in',
      form({ tenant: city.slug, login: email, password: GOOD_PASSWORD, totp: generateTOTP(key, 30, 6) }),
    );
    expect(withCode.status).toBe(303);
    expect(withCode.headers.get('set-cookie')).toMatch(/shequ_session=[a-z2-7]+/);
  });

  it('a page without a session redirects to the sign-in form and comes back after', async () => {
    const response = await get('/admin/grants');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/admin/sign-in?next=%2Fadmin%2Fgrants');
  });

  it('signing out ends the session: the same cookie no longer opens the console', async () => {
    const cookie = await signIn(city.slug, (await person(db.db, city, 'auditor', 'city')).email);
    expect((await get('/admin', cookie)).status).toBe(200);
    const out = await post('/admin/sign-out', new FormData(), { cookie });
    expect(out.status).toBe(303);
    expect((await get('/admin', cookie)).status).toBe(303);
  });

  it('pages keep the Origin header on same-site form posts (Referrer-Policy is not no-referrer)', async () => {
    // Under `no-referrer` a browser sends `Origin: null` on form posts and every console write is refused.
    expect((await get('/admin/sign-in')).headers.get('referrer-policy')).toBe('same-origin');
  });

  it('an unknown console address answers a console page with 404', async () => {
    const response = await get('/admin/no-such-page', cookies.auditor);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('the platform token (an API credential with no account) still gets a page, not an error', async () => {
    const response = await api.app.request('/admin', {
      headers: { authorization: `Bearer ${PLATFORM_TOKEN}` },
    });
    expect(response.status).toBe(200);
  });

  it('English is one switch away and remembered', async () => {
    const response = await get('/admin/sign-in?lang=en');
    expect(await response.text()).toContain('<html lang="en">');
    expect(response.headers.get('set-cookie')).toMatch(/shequ_lang=en/);
  });
});

describe('menus and access follow roles', () => {
  it('an auditor sees the audit trail and access log only, and cannot open the grant queue', async () => {
    const page = await (await get('/admin', cookies.auditor)).text();
    expect(page).toContain('href="/admin/audit"');
    expect(page).toContain('href="/admin/access-log"');
    expect(page).not.toContain('href="/admin/grants"');
    expect(page).not.toContain('href="/admin/users"');
    expect((await get('/admin/grants', cookies.auditor)).status).toBe(403);
    const audit = await get('/admin/audit', cookies.auditor);
    expect(audit.status).toBe(200);
    const html = await audit.text();
    expect(html).toContain('tenant.onboard');
    const verified = await (await get('/admin/audit?verify=1', cookies.auditor)).text();
    expect(verified).toMatch(/审计链完整（\d+ 条）/);
    expect(html).not.toContain('<form method="post" action="/admin/grants');
  });

  it('a district administrator cannot reach onboarding, grants or the audit trail', async () => {
    for (const path of ['/admin/onboarding', '/admin/grants', '/admin/audit', '/admin/access-log']) {
      expect((await get(path, cookies.districtAdmin)).status, path).toBe(403);
    }
    const before = await snapshotStore(db);
    const response = await post(
      '/admin/onboarding/apply',
      form({ document: JSON.stringify({ tenant: { slug: 'x' } }) }),
      { cookie: cookies.districtAdmin },
    );
    expect(response.status).toBe(403);
    expect(await snapshotStore(db)).toEqual(before);
  });

  it('every console route that needs a session refuses a request without one', async () => {
    for (const route of consoleRoutes.filter((entry) => entry.requirement !== 'public')) {
      const path = route.path.replaceAll(/:\w+/g, '00000000-0000-4000-8000-000000000000');
      const response =
        route.method === 'GET' ? await get(path) : await post(path, new FormData(), { origin: ORIGIN });
      expect([303, 401], `${route.method} ${route.path}`).toContain(response.status);
      if (route.method === 'GET') expect(response.headers.get('location')).toMatch(/^\/admin\/sign-in/);
    }
  });

  it('no console route answers a 500 to an empty form or a malformed id, whoever may use it', async () => {
    const before = await snapshotStore(db);
    // Signing out would end the shared sessions; the sign-in form is covered above.
    for (const route of consoleRoutes.filter((entry) => !entry.path.startsWith('/admin/sign-'))) {
      for (const id of ['not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
        const path = route.path.replaceAll(/:\w+/g, id);
        for (const cookie of [cookies.platform, cookies.cityAdmin, cookies.staff]) {
          const response =
            route.method === 'GET' ? await get(path, cookie) : await post(path, new FormData(), { cookie });
          expect(response.status, `${route.method} ${path}`).toBeLessThan(500);
        }
      }
    }
    expect(await snapshotStore(db)).toEqual(before);
  });

  it('every console route with an action refuses a signed-in person whose roles lack it', async () => {
    const councillor = await signIn(
      city.slug,
      (await person(db.db, city, 'council_member', 'east-c1')).email,
    );
    // A council member may act in councils; there the person lacking the action is an auditor.
    const auditor = await signIn(city.slug, (await person(db.db, city, 'auditor', 'city')).email);
    const before = await snapshotStore(db);
    for (const route of consoleRoutes.filter((entry) => typeof entry.requirement === 'object')) {
      const path = route.path.replaceAll(/:\w+/g, '00000000-0000-4000-8000-000000000000');
      const action = typeof route.requirement === 'object' ? route.requirement.action : undefined;
      const who = action && ROLE_ACTIONS.council_member.includes(action) ? auditor : councillor;
      const response =
        route.method === 'GET' ? await get(path, who) : await post(path, new FormData(), { cookie: who });
      expect(response.status, `${route.method} ${route.path}`).toBe(403);
    }
    expect(await snapshotStore(db)).toEqual(before);
  });
});

async function unitsXlsx(rows: string[][]): Promise<Blob> {
  return writeXlsxFile(rows.map((row) => row.map((value) => ({ value, type: String })))).toBlob();
}

describe('the onboarding wizard', () => {
  const basics = (slug: string) => ({
    slug,
    nameZh: '新城市',
    nameEn: 'New City',
    timezone: 'Asia/Shanghai',
    template: 'tongling',
    adminName: '王管理',
    adminEmail: `admin@${slug}.example.org`,
  });

  it('step 1 names each bad field and writes nothing', async () => {
    const before = await snapshotStore(db);
    const response = await post(
      '/admin/onboarding/structure',
      form({ ...basics('X!'), adminEmail: 'not-an-email', nameZh: '' }),
      { cookie: cookies.platform },
    );
    expect(response.status).toBe(422);
    const html = await response.text();
    for (const field of ['slug', 'nameZh', 'adminEmail']) expect(html).toContain(`data-field="${field}"`);
    expect(await snapshotStore(db)).toEqual(before);
  });

  it('the preview of an Excel file shows counts and row-numbered errors, and writes nothing', async () => {
    const slug = uniqueSlug('wiz');
    const before = await snapshotStore(db);
    const file = await unitsXlsx([
      ['level', 'code', 'name_zh', 'name_en', 'parent_code'],
      ['district', 'east', '东区', 'East', ''],
      ['community', 'east-c1', '东一社区', 'East 1', 'nowhere'],
      ['grid', '', '缺代码', 'No code', 'east-c1'],
    ]);
    const response = await post(
      '/admin/onboarding/preview',
      form({ ...basics(slug), file: [file, 'units.xlsx'] }),
      { cookie: cookies.platform },
    );
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('row 4, code');
    expect(await snapshotStore(db)).toEqual(before);

    const second = await post(
      '/admin/onboarding/preview',
      form({
        ...basics(slug),
        file: [
          await unitsXlsx([
            ['level', 'code', 'name_zh', 'name_en', 'parent_code'],
            ['district', 'east', '东区', 'East', ''],
            ['community', 'east-c1', '东一社区', 'East 1', 'nowhere'],
          ]),
          'units.xlsx',
        ],
      }),
      { cookie: cookies.platform },
    );
    expect(second.status).toBe(422);
    const secondHtml = await second.text();
    expect(secondHtml).toContain('row 3, parent_code');
    // Field messages are shown in the page's language.
    expect(secondHtml).toContain('找不到代码为“nowhere”的单位');
    expect(await snapshotStore(db)).toEqual(before);
  });

  it('a good file previews without writing, then apply onboards the city with every unit', async () => {
    const slug = uniqueSlug('wiz');
    const before = await snapshotStore(db);
    const file = await unitsXlsx([
      ['level', 'code', 'name_zh', 'name_en', 'parent_code'],
      ['district', 'east', '东区', 'East', ''],
      ['community', 'east-c1', '东一社区', 'East 1', 'east'],
      ['grid', 'east-c1-g1', '东一网格', 'East 1 grid 1', 'east-c1'],
    ]);
    const preview = await post(
      '/admin/onboarding/preview',
      form({ ...basics(slug), 'level.community.zh': '居委社区', file: [file, 'units.xlsx'] }),
      { cookie: cookies.platform },
    );
    const html = await preview.text();
    expect(preview.status, html).toBe(200);
    expect(html).toContain('居委社区');
    // A page rendered by a form post has no address of its own: the switch leads to the wizard.
    expect(html).toContain('href="/admin/onboarding?lang=en"');
    expect(await snapshotStore(db)).toEqual(before);
    const document = html.match(/name="document" value="([^"]+)"/)?.[1]?.replaceAll('&quot;', '"');
    expect(document).toBeTruthy();
    const applied = await post('/admin/onboarding/apply', form({ document: document ?? '' }), {
      cookie: cookies.platform,
    });
    expect(applied.status).toBe(201);
    const units = await db.query<{ level: string }>(
      `select u.level from org_units u join tenants t on t.id = u.tenant_id where t.slug = '${slug}' order by u.level`,
    );
    expect(units.map((unit) => unit.level).sort()).toEqual(['city', 'community', 'district', 'grid']);
    const [structure] = await db.query<{ name: string }>(
      `select structure->'levels' as name from tenants where slug = '${slug}'`,
    );
    expect(JSON.stringify(structure)).toContain('居委社区');
  });

  it('a damaged draft or an unreadable file is a named error, never a 500, and writes nothing', async () => {
    const before = await snapshotStore(db);
    const junk = await post('/admin/onboarding/apply', form({ document: '{"tenant": 1}' }), {
      cookie: cookies.platform,
    });
    expect(junk.status).toBe(400);
    expect(await junk.text()).toContain('data-field="tenant"');
    const notJson = await post('/admin/onboarding/apply', form({ document: '{' }), {
      cookie: cookies.platform,
    });
    expect(notJson.status).toBe(400);
    const gbk = new Blob([new Uint8Array([0x6c, 0x65, 0x76, 0x65, 0x6c, 0x0a, 0xb6, 0xab, 0xc7, 0xf8])]);
    const unreadable = await post(
      '/admin/onboarding/preview',
      form({ ...basics(uniqueSlug('wiz')), file: [gbk, 'units.csv'] }),
      { cookie: cookies.platform },
    );
    expect(unreadable.status).toBe(422);
    expect(await unreadable.text()).toContain('data-field="file"');
    const notXlsx = await post(
      '/admin/onboarding/preview',
      form({ ...basics(uniqueSlug('wiz')), file: [new Blob(['PK not a zip']), 'units.xlsx'] }),
      { cookie: cookies.platform },
    );
    expect(notXlsx.status).toBe(422);
    expect(await snapshotStore(db)).toEqual(before);
  });

  it('a form post with neither Origin nor Referer is refused and writes nothing', async () => {
    const before = await snapshotStore(db);
    const response = await post('/admin/onboarding/apply', form({ document: '{}' }), {
      cookie: cookies.platform,
      origin: null,
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('请求来源与本站不同');
    expect(await snapshotStore(db)).toEqual(before);
  });

  it('a cross-origin apply is refused and writes nothing', async () => {
    const before = await snapshotStore(db);
    const response = await post('/admin/onboarding/apply', form({ document: '{}' }), {
      cookie: cookies.platform,
      origin: 'https://evil.example',
    });
    expect(response.status).toBe(403);
    expect(await snapshotStore(db)).toEqual(before);
  });
});

describe('the grant queue', () => {
  it('shows the deadline; a refusal without a reason names the field and changes nothing; approval works', async () => {
    const hrss = await departmentKey(api, city.slug, 'human_resources_social_security', ['grants:request']);
    const requested = await api.send('POST', `/v1/t/${city.slug}/grants`, {
      token: hrss.secret,
      json: {
        fields: ['minimum_income.enrolled'],
        purposeCode: 'employment_assistance',
        purpose: '就业援助',
        legalBasis: '就业促进法',
        validTo: '2099-12-31',
      },
    });
    const grant = (await requested.json()) as { id: string; status: string; replyBy: string };
    expect(grant.status).toBe('pending');
    const queue = await (await get('/admin/grants', cookies.cityAdmin)).text();
    expect(queue).toContain(grant.replyBy.slice(0, 10));
    expect(queue).toContain('剩余');
    expect(queue).toContain('是否低保'); // the field by its name in the catalog, not only its key

    const before = await snapshotStore(db);
    const refused = await post(
      `/admin/grants/${grant.id}/decision`,
      form({ decision: 'refuse', reason: '' }),
      {
        cookie: cookies.cityAdmin,
      },
    );
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('data-field="reason"');
    expect(await snapshotStore(db)).toEqual(before);
    // A reason refused (too long) comes back as typed, to be shortened rather than typed again.
    const long = `用途不明。${'理'.repeat(500)}`;
    const tooLong = await post(
      `/admin/grants/${grant.id}/decision`,
      form({ decision: 'refuse', reason: long }),
      {
        cookie: cookies.cityAdmin,
      },
    );
    expect(tooLong.status).toBe(422);
    expect(await tooLong.text()).toContain(`>${long}</textarea>`);
    expect(await snapshotStore(db)).toEqual(before);

    const approved = await post(`/admin/grants/${grant.id}/decision`, form({ decision: 'approve' }), {
      cookie: cookies.cityAdmin,
    });
    expect(approved.status).toBe(303);
    const [row] = await db.query<{ city_approved_at: Date | null }>(
      `select city_approved_at from data_grants where id = '${grant.id}'`,
    );
    expect(row?.city_approved_at).not.toBeNull();
  });
});

describe('bulk import', () => {
  it('a CSV without a domain is refused naming the field; a good upload ends with its per-line report', async () => {
    const before = await snapshotStore(db);
    const csv = new Blob(['id_number,household_size\n110105194912310021,3\n']);
    const missing = await post('/admin/imports', form({ file: [csv, 'data.csv'], sourceSystem: 'test' }), {
      cookie: cookies.staff,
    });
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain('data-field="domain"');
    // A department's domain is not offered to community staff (one field, one source).
    const foreign = await post(
      '/admin/imports',
      form({ file: [csv, 'data.csv'], sourceSystem: 'test', domain: 'minimum_income' }),
      { cookie: cookies.staff },
    );
    expect(foreign.status).toBe(422);
    expect(await foreign.text()).toContain('您不能在此导入该数据域');
    expect(await snapshotStore(db)).toEqual(before);

    const started = await post(
      '/admin/imports',
      form({ file: [csv, 'data.csv'], sourceSystem: 'test', domain: 'community_basics', chunkSize: '10' }),
      { cookie: cookies.staff },
    );
    expect(started.status).toBe(303);
    const location = started.headers.get('location') ?? '';
    expect(location).toMatch(/^\/admin\/imports\/[0-9a-f-]{36}\?total=1$/);
    const progress = await (await get(location, cookies.staff)).text();
    expect(progress).toContain('data-status="completed_with_errors"');
    expect(progress).toContain('<progress');
    expect(progress).not.toContain('http-equiv="refresh"');
    // The language switch keeps the page's query (the total the bar is measured against).
    expect(progress).toContain(`href="${location}&amp;lang=en"`);
  });

  it('an Excel upload runs to its per-line report; an unreadable one is refused on the form, nothing written', async () => {
    const before = await snapshotStore(db);
    const notExcel = await post(
      '/admin/imports',
      form({
        file: [new Blob(['not a spreadsheet']), 'data.xlsx'],
        sourceSystem: 'test',
        domain: 'community_basics',
      }),
      { cookie: cookies.staff },
    );
    expect(notExcel.status).toBe(422);
    expect(await notExcel.text()).toContain('data-field="file"');
    expect(await snapshotStore(db)).toEqual(before);

    const xlsx = await writeXlsxFile([
      [{ value: 'id_number' }, { value: 'household_size' }],
      [
        { value: '110105194912310021', type: String },
        { value: 3, type: Number },
      ],
    ]).toBlob();
    const started = await post(
      '/admin/imports',
      form({ file: [xlsx, 'data.xlsx'], sourceSystem: 'test', domain: 'community_basics' }),
      { cookie: cookies.staff },
    );
    expect(started.status).toBe(303);
    const location = started.headers.get('location') ?? '';
    expect(location).toMatch(/^\/admin\/imports\/[0-9a-f-]{36}$/);
    const progress = await (await get(location, cookies.staff)).text();
    // Read as the CSV above was: the same row, the same outcome.
    expect(progress).toContain('data-status="completed_with_errors"');
    expect(progress).toContain('<progress');
  });

  it('a city administrator (who pushes no data) cannot open the import page', async () => {
    expect((await get('/admin/imports', cookies.cityAdmin)).status).toBe(403);
  });
});

describe('people, departments, keys and incidents', () => {
  it('a city administrator adds a person with a role; a bad email is named and nothing is written', async () => {
    const before = await snapshotStore(db);
    const units = await db.query<{ id: string }>(
      `select id from org_units where tenant_id = '${city.id}' and code = 'east-c1'`,
    );
    const unit = units[0]?.id ?? '';
    const bad = await post(
      '/admin/users',
      form({ email: 'not-an-email', displayName: '李四', role: 'grid_worker', orgUnitId: unit }),
      { cookie: cookies.cityAdmin },
    );
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('data-field="email"');
    expect(await snapshotStore(db)).toEqual(before);
    const good = await post(
      '/admin/users',
      form({ email: 'li.si@example.org', displayName: '李四', role: 'community_staff', orgUnitId: unit }),
      { cookie: cookies.cityAdmin },
    );
    expect(good.status).toBe(303);
    const page = await (await get('/admin/users', cookies.cityAdmin)).text();
    expect(page).toContain('li.si@example.org');
    expect(page).toContain('社区工作人员');
  });

  it('a city administrator grants a role and revokes it again; an unknown unit is named', async () => {
    const target = await person(db.db, city, 'grid_worker', 'east-c1-g1');
    const [user] = await db.query<{ id: string }>(`select id from users where email = '${target.email}'`);
    const [community] = await db.query<{ id: string }>(
      `select id from org_units where tenant_id = '${city.id}' and code = 'east-c2'`,
    );
    const before = await snapshotStore(db);
    const bad = await post(
      `/admin/users/${user?.id}/roles`,
      form({ role: 'community_staff', orgUnitId: 'x' }),
      {
        cookie: cookies.cityAdmin,
      },
    );
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('data-field="orgUnitId"');
    expect(await snapshotStore(db)).toEqual(before);
    const granted = await post(
      `/admin/users/${user?.id}/roles`,
      form({ role: 'community_staff', orgUnitId: community?.id ?? '' }),
      { cookie: cookies.cityAdmin },
    );
    expect(granted.status).toBe(303);
    const [grant] = await db.query<{ id: string }>(
      `select id from role_grants where user_id = '${user?.id}' and role = 'community_staff'`,
    );
    expect(grant).toBeDefined();
    const revoked = await post(`/admin/users/${user?.id}/roles/${grant?.id}/revoke`, new FormData(), {
      cookie: cookies.cityAdmin,
    });
    expect(revoked.status).toBe(303);
    expect(await db.query(`select id from role_grants where id = '${grant?.id}'`)).toEqual([]);
  });

  it('a city administrator sets a password: a weak one is refused naming the field, a good one ends old sessions', async () => {
    const target = await person(db.db, city, 'grid_worker', 'east-c1-g1');
    const session = await signIn(city.slug, target.email);
    const [row] = await db.query<{ id: string }>(`select id from users where email = '${target.email}'`);
    const before = await snapshotStore(db);
    const weak = await post(`/admin/users/${row?.id}/password`, form({ password: 'short' }), {
      cookie: cookies.cityAdmin,
    });
    expect(weak.status).toBe(422);
    expect(await weak.text()).toContain('data-field="password"');
    expect(await snapshotStore(db)).toEqual(before);
    const good = await post(`/admin/users/${row?.id}/password`, form({ password: 'Neue-Mima-2026-ok!' }), {
      cookie: cookies.cityAdmin,
    });
    expect(good.status).toBe(200);
    expect((await get('/admin', session)).status).toBe(303);
    await signIn(city.slug, target.email, 'Neue-Mima-2026-ok!');
  });

  it('a district administrator sees and grants only within their district', async () => {
    const inside = await person(db.db, city, 'grid_worker', 'east-c1-g1');
    const outside = await person(db.db, city, 'grid_worker', 'west-c1-g1');
    const page = await get('/admin/users', cookies.districtAdmin);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(inside.email);
    expect(html).not.toContain(outside.email);
    // Only the roles a district administrator may hand out are offered.
    expect(html).toContain('value="community_staff"');
    expect(html).not.toContain('value="city_administrator"');
    const [west] = await db.query<{ id: string }>(
      `select id from org_units where tenant_id = '${city.id}' and code = 'west-c1'`,
    );
    const [user] = await db.query<{ id: string }>(`select id from users where email = '${inside.email}'`);
    const before = await snapshotStore(db);
    const refused = await post(
      `/admin/users/${user?.id}/roles`,
      form({ role: 'community_staff', orgUnitId: west?.id ?? '' }),
      { cookie: cookies.districtAdmin },
    );
    expect(refused.status).toBe(403);
    expect(await snapshotStore(db)).toEqual(before);
  });

  it('issuing a key shows the secret once; the key then works against the API', async () => {
    const departments = await db.query<{ id: string }>(
      `select id from departments where tenant_id = '${city.id}' order by key limit 1`,
    );
    const created = await post(
      '/admin/api-clients',
      form({ departmentId: departments[0]?.id ?? '', name: 'console client' }),
      { cookie: cookies.cityAdmin },
    );
    expect(created.status).toBe(303);
    const [client] = await db.query<{ id: string }>(
      `select id from api_clients where name = 'console client'`,
    );
    // A refused client comes back with its department still chosen (not the first one).
    const [other] = await db.query<{ id: string }>(
      `select id from departments where tenant_id = '${city.id}' order by key offset 1 limit 1`,
    );
    const noName = await post('/admin/api-clients', form({ departmentId: other?.id ?? '', name: '' }), {
      cookie: cookies.cityAdmin,
    });
    expect(noName.status).toBe(422);
    expect(await noName.text()).toContain(`<option value="${other?.id}" selected="">`);
    const none = await post(`/admin/api-clients/${client?.id}/keys`, form({ expiresAt: '2030-01-31' }), {
      cookie: cookies.cityAdmin,
    });
    expect(none.status).toBe(422);
    const nonePage = await none.text();
    expect(nonePage).toContain('data-field="scopes"');
    // The expiry date typed comes back.
    expect(nonePage).toContain('value="2030-01-31"');
    const issued = await post(`/admin/api-clients/${client?.id}/keys`, form({ scopes: 'staff:read' }), {
      cookie: cookies.cityAdmin,
    });
    expect(issued.status).toBe(200);
    const secret = (await issued.text()).match(/shq_[a-z2-7]{12}_[a-z2-7]{32}/)?.[0];
    expect(secret).toBeTruthy();
    const me = await api.send('GET', '/v1/auth/me', { token: secret ?? '' });
    expect(me.status).toBe(200);
    const keyRow = (
      await db.query<{ id: string }>(`select id from api_keys where client_id = '${client?.id}'`)
    )[0];
    const rotated = await post(`/admin/api-keys/${keyRow?.id}/rotate`, new FormData(), {
      cookie: cookies.cityAdmin,
    });
    expect(rotated.status).toBe(200);
    const newSecret = (await rotated.text()).match(/shq_[a-z2-7]{12}_[a-z2-7]{32}/)?.[0];
    expect(newSecret).toBeTruthy();
    expect(newSecret).not.toBe(secret);
    expect((await api.send('GET', '/v1/auth/me', { token: newSecret ?? '' })).status).toBe(200);
    const revoked = await post(`/admin/api-keys/${keyRow?.id}/revoke`, new FormData(), {
      cookie: cookies.cityAdmin,
    });
    expect(revoked.status).toBe(303);
    expect((await api.send('GET', '/v1/auth/me', { token: secret ?? '' })).status).toBe(401);
    expect((await get('/admin/departments', cookies.cityAdmin)).status).toBe(200);
    const listed = await (await get('/admin/departments', cookies.cityAdmin)).text();
    expect(listed).not.toContain(secret ?? '-');
    // The revoked key is folded away under "Revoked keys", with no buttons of its own.
    const prefix = secret?.split('_')[1] ?? '-';
    expect(listed).toMatch(/<summary>已吊销的密钥（\d+）<\/summary>/);
    expect(listed).not.toContain(`aria-label="吊销 shq_${prefix}"`);
  });

  it('a city administrator adds a department; a bad key is named and nothing is written', async () => {
    const before = await snapshotStore(db);
    const bad = await post('/admin/departments', form({ key: 'Bad Key', nameZh: '统计局', nameEn: '' }), {
      cookie: cookies.cityAdmin,
    });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('data-field="key"');
    expect(html).toContain('data-field="nameEn"');
    // What was typed comes back, to be corrected rather than typed again.
    expect(html).toContain('value="Bad Key"');
    expect(html).toContain('value="统计局"');
    expect(await snapshotStore(db)).toEqual(before);
    const good = await post(
      '/admin/departments',
      form({ key: 'archives_bureau', nameZh: '档案局', nameEn: 'Archives bureau' }),
      { cookie: cookies.cityAdmin },
    );
    expect(good.status).toBe(303);
    expect(await (await get('/admin/departments', cookies.cityAdmin)).text()).toContain('档案局');
  });

  it('a city administrator lists a grid worker on a community page; a missing role is named; removal works', async () => {
    const [community] = await db.query<{ id: string }>(
      `select id from org_units where tenant_id = '${city.id}' and code = 'east-c1'`,
    );
    const before = await snapshotStore(db);
    const bad = await post(
      '/admin/staff-listings',
      form({ orgUnitId: community?.id ?? '', name: '王芳', roleZh: '', roleEn: 'Grid worker' }),
      { cookie: cookies.cityAdmin },
    );
    expect(bad.status).toBe(422);
    const badPage = await bad.text();
    expect(badPage).toContain('data-field="roleZh"');
    // The form comes back as it was sent: the unit chosen (not the first in the list) and the name.
    expect(badPage).toContain(`<option value="${community?.id}" selected="">`);
    expect(badPage).toContain('value="王芳"');
    expect(await snapshotStore(db)).toEqual(before);
    const good = await post(
      '/admin/staff-listings',
      form({
        orgUnitId: community?.id ?? '',
        name: '王芳',
        roleZh: '专职网格员',
        roleEn: 'Grid worker',
        gridZh: '第一网格',
        gridEn: 'Grid 1',
      }),
      { cookie: cookies.cityAdmin },
    );
    expect(good.status).toBe(303);
    const [row] = await db.query<{ id: string }>(`select id from published_staff where name = '王芳'`);
    expect(await (await get('/admin/staff-listings', cookies.cityAdmin)).text()).toContain('专职网格员');
    const removed = await post(`/admin/staff-listings/${row?.id}/delete`, new FormData(), {
      cookie: cookies.cityAdmin,
    });
    expect(removed.status).toBe(303);
    expect(await db.query(`select id from published_staff where id = '${row?.id}'`)).toEqual([]);
  });

  it('an incident is opened with a named error for a missing title, then updated to resolved', async () => {
    const before = await snapshotStore(db);
    const bad = await post(
      '/admin/incidents',
      form({
        nameZh: '',
        nameEn: 'Feed delay',
        impact: 'major',
        status: 'identified',
        bodyZh: '延迟',
        bodyEn: 'Delay',
      }),
      { cookie: cookies.cityAdmin },
    );
    expect(bad.status).toBe(422);
    const badPage = await bad.text();
    expect(badPage).toContain('data-field="nameZh"');
    // What was sent comes back, not the defaults (minor, investigating) and empty fields.
    expect(badPage).toContain('value="Feed delay"');
    expect(badPage).toContain('<option value="major" selected="">');
    expect(badPage).toContain('<option value="identified" selected="">');
    expect(badPage).toMatch(/name="bodyZh"[^>]*>延迟<\/textarea>/);
    expect(await snapshotStore(db)).toEqual(before);
    const opened = await post(
      '/admin/incidents',
      form({
        nameZh: '数据推送延迟',
        nameEn: 'Feed delay',
        impact: 'minor',
        status: 'investigating',
        bodyZh: '正在调查',
        bodyEn: 'Investigating',
      }),
      { cookie: cookies.cityAdmin },
    );
    expect(opened.status).toBe(303);
    const [incident] = await db.query<{ id: string }>(
      `select id from status_incidents where tenant_id = '${city.id}' and name_zh = '数据推送延迟'`,
    );
    // A refused update (no English message) comes back as sent under its incident, nothing written.
    const beforeUpdate = await snapshotStore(db);
    const badUpdate = await post(
      `/admin/incidents/${incident?.id}/updates`,
      form({ status: 'monitoring', bodyZh: '已修复，观察中', bodyEn: '' }),
      { cookie: cookies.cityAdmin },
    );
    expect(badUpdate.status).toBe(422);
    const badUpdatePage = await badUpdate.text();
    expect(badUpdatePage).toContain('data-field="bodyEn"');
    expect(badUpdatePage).toContain('<option value="monitoring" selected="">');
    expect(badUpdatePage).toMatch(/name="bodyZh"[^>]*>已修复，观察中<\/textarea>/);
    expect(await snapshotStore(db)).toEqual(beforeUpdate);
    const resolved = await post(
      `/admin/incidents/${incident?.id}/updates`,
      form({ status: 'resolved', bodyZh: '已恢复', bodyEn: 'Recovered' }),
      { cookie: cookies.cityAdmin },
    );
    expect(resolved.status).toBe(303);
    const [row] = await db.query<{ resolved_at: Date | null }>(
      `select resolved_at from status_incidents where id = '${incident?.id}'`,
    );
    expect(row?.resolved_at).not.toBeNull();
  });
});

describe('findings from the fresh-eyes trial', () => {
  it('the city’s last city administrator role cannot be revoked (409, nothing written); with a second one it can', async () => {
    const lone = await cityWithGrids(db.db);
    const admin = await person(db.db, lone, 'city_administrator', 'city');
    const cookie = await signIn(lone.slug, admin.email);
    const [grant] = await db.query<{ id: string }>(
      `select id from role_grants where user_id = '${admin.user.id}' and role = 'city_administrator'`,
    );
    // The wizard's administrator holds the role too: while two hold it, one may go.
    const [other] = await db.query<{ id: string; user_id: string }>(
      `select g.id, g.user_id from role_grants g join users u on u.id = g.user_id
        where u.email = 'admin@${lone.slug}.example.org' and g.role = 'city_administrator'`,
    );
    const first = await post(`/admin/users/${other?.user_id}/roles/${other?.id}/revoke`, new FormData(), {
      cookie,
    });
    expect(first.status).toBe(303);
    const before = await snapshotStore(db);
    const refused = await post(`/admin/users/${admin.user.id}/roles/${grant?.id}/revoke`, new FormData(), {
      cookie,
    });
    expect(refused.status).toBe(409);
    // Said in the page's language, by its code (the API's English is not shown on a Chinese page).
    const refusal = await refused.text();
    expect(refusal).toContain('data-code="role_grant.last_city_administrator"');
    expect(refusal).toContain('这是本市最后一个市级管理员角色');
    expect(await snapshotStore(db)).toEqual(before);
    expect((await get('/admin/users', cookie)).status).toBe(200);
    // The API refuses the same, with the code.
    const token = await signedIn(api, lone.slug, admin.email, GOOD_PASSWORD);
    const viaApi = await api.send('DELETE', `/v1/t/${lone.slug}/users/${admin.user.id}/roles/${grant?.id}`, {
      token,
    });
    expect(viaApi.status).toBe(409);
    expect(((await viaApi.json()) as { error: { code: string } }).error.code).toBe(
      'role_grant.last_city_administrator',
    );
    await person(db.db, lone, 'city_administrator', 'city');
    const revoked = await post(`/admin/users/${admin.user.id}/roles/${grant?.id}/revoke`, new FormData(), {
      cookie,
    });
    expect(revoked.status).toBe(303);
  });

  it('the same party approving a grant twice is refused 409 and writes no second audit event', async () => {
    const hrss = await departmentKey(api, city.slug, 'human_resources_social_security', ['grants:request']);
    const requested = await api.send('POST', `/v1/t/${city.slug}/grants`, {
      token: hrss.secret,
      json: {
        fields: ['minimum_income.enrolled'],
        purposeCode: 'employment_assistance',
        purpose: '再就业',
        legalBasis: '就业促进法',
        validTo: '2099-12-31',
      },
    });
    const grant = (await requested.json()) as { id: string };
    const first = await post(`/admin/grants/${grant.id}/decision`, form({ decision: 'approve' }), {
      cookie: cookies.cityAdmin,
    });
    expect(first.status).toBe(303);
    const before = await snapshotStore(db);
    const second = await post(`/admin/grants/${grant.id}/decision`, form({ decision: 'approve' }), {
      cookie: cookies.cityAdmin,
    });
    expect(second.status).toBe(409);
    const refusal = await post(
      `/admin/grants/${grant.id}/decision`,
      form({ decision: 'refuse', reason: '改主意' }),
      {
        cookie: cookies.cityAdmin,
      },
    );
    expect(refusal.status).toBe(409);
    expect(await snapshotStore(db)).toEqual(before);
    const events = await db.query(
      `select seq from audit_events where target_id = '${grant.id}' and action = 'grant.approve'`,
    );
    expect(events).toHaveLength(1);
    // The owner department decides once too, through the API, while the city has not yet decided.
    const other = (await (
      await api.send('POST', `/v1/t/${city.slug}/grants`, {
        token: hrss.secret,
        json: {
          fields: ['minimum_income.enrolled'],
          purposeCode: 'employment_assistance',
          purpose: '再就业二',
          legalBasis: '就业促进法',
          validTo: '2099-12-31',
        },
      })
    ).json()) as { id: string };
    const civil = await departmentKey(api, city.slug, 'civil_affairs', ['grants:decide']);
    const owner = await api.send('POST', `/v1/t/${city.slug}/grants/${other.id}/decision`, {
      token: civil.secret,
      json: { approve: true },
    });
    expect(owner.status).toBe(200);
    expect(((await owner.json()) as { status: string }).status).toBe('pending');
    const ownerAgain = await api.send('POST', `/v1/t/${city.slug}/grants/${other.id}/decision`, {
      token: civil.secret,
      json: { approve: true },
    });
    expect(ownerAgain.status).toBe(409);
    expect(((await ownerAgain.json()) as { error: { code: string } }).error.code).toBe('grant.decided');
  });

  it('a refusal reason longer than 500 characters is refused naming the field, nothing written', async () => {
    const hrss = await departmentKey(api, city.slug, 'human_resources_social_security', ['grants:request']);
    const requested = await api.send('POST', `/v1/t/${city.slug}/grants`, {
      token: hrss.secret,
      json: {
        fields: ['minimum_income.enrolled'],
        purposeCode: 'employment_assistance',
        purpose: '长理由',
        legalBasis: '就业促进法',
        validTo: '2099-12-31',
      },
    });
    const grant = (await requested.json()) as { id: string };
    const before = await snapshotStore(db);
    const refused = await post(
      `/admin/grants/${grant.id}/decision`,
      form({ decision: 'refuse', reason: '长'.repeat(5000) }),
      { cookie: cookies.cityAdmin },
    );
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('data-field="reason"');
    expect(await snapshotStore(db)).toEqual(before);
  });

  it('a malformed id in a console address is a 422 with the problem shown on the page', async () => {
    const grantForm = await post('/admin/users/nope/roles', form({ role: 'auditor', orgUnitId: city.id }), {
      cookie: cookies.cityAdmin,
    });
    expect(grantForm.status).toBe(422);
    expect(await grantForm.text()).toContain('class="error-summary"');
    const revoke = await post('/admin/users/nope/roles/nope/revoke', new FormData(), {
      cookie: cookies.cityAdmin,
    });
    expect(revoke.status).toBe(422);
    expect(await revoke.text()).toContain('class="error-summary"');
    const key = await post('/admin/api-clients/nope/keys', form({ scopes: 'feed:read' }), {
      cookie: cookies.cityAdmin,
    });
    expect(key.status).toBe(422);
    expect(await key.text()).toContain('class="error-summary"');
  });

  const wizardBasics = (slug: string, template = 'guiyang') => ({
    slug,
    nameZh: '试点城市',
    nameEn: 'Pilot City',
    timezone: 'Asia/Shanghai',
    template,
    adminName: '李管理',
    adminEmail: `admin@${slug}.example.org`,
  });

  async function exampleCsv(template: string): Promise<Blob> {
    const response = await get(`/admin/onboarding/example.csv?template=${template}`, cookies.platform);
    expect(response.status).toBe(200);
    return new Blob([await response.arrayBuffer()], { type: 'text/csv' });
  }

  /** Runs the wizard's preview and apply; returns the success page. */
  async function onboardWithWizard(slug: string, extra: Record<string, string> = {}, template = 'guiyang') {
    const preview = await post(
      '/admin/onboarding/preview',
      form({ ...wizardBasics(slug, template), ...extra, file: [await exampleCsv(template), 'units.csv'] }),
      { cookie: cookies.platform },
    );
    const html = await preview.text();
    expect(preview.status, html).toBe(200);
    const document = html.match(/name="document" value="([^"]+)"/)?.[1]?.replaceAll('&quot;', '"');
    const applied = await post('/admin/onboarding/apply', form({ document: document ?? '' }), {
      cookie: cookies.platform,
    });
    expect(applied.status).toBe(201);
    return { document: document ?? '', page: await applied.text() };
  }

  it('the wizard’s first administrator signs in with the one-time password shown once on the success page', async () => {
    const slug = uniqueSlug('otp');
    const { document, page } = await onboardWithWizard(slug);
    const password = page.match(/id="admin-password">([^<]+)</)?.[1]?.trim();
    expect(password).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){5}$/);
    const cookie = await signIn(slug, `admin@${slug}.example.org`, password);
    expect((await get('/admin/users', cookie)).status).toBe(200);
    // Neither the document nor the audit trail holds it.
    const [event] = await db.query<{ details: unknown }>(
      `select e.details from audit_events e join tenants t on t.id = e.tenant_id
        where t.slug = '${slug}' and e.action = 'tenant.onboard'`,
    );
    expect(JSON.stringify(event)).not.toContain(password);
    // Applying the same draft again changes nothing and shows no password.
    const again = await post('/admin/onboarding/apply', form({ document }), { cookie: cookies.platform });
    expect(again.status).toBe(200);
    expect(await again.text()).not.toContain('id="admin-password"');
    expect(await signIn(slug, `admin@${slug}.example.org`, password)).toMatch(/shequ_session=/);
  });

  it('the example CSV of every template previews without a problem under that template', async () => {
    for (const template of ['guiyang', 'liaoyuan', 'tongling', 'jinjiang']) {
      const response = await post(
        '/admin/onboarding/preview',
        form({
          ...wizardBasics(uniqueSlug('ex'), template),
          file: [await exampleCsv(template), 'units.csv'],
        }),
        { cookie: cookies.platform },
      );
      const html = await response.text();
      expect(response.status, `${template}: ${html.match(/error-summary[\s\S]{0,600}/)?.[0]}`).toBe(200);
    }
    const jinjiang = await (
      await get('/admin/onboarding/example.csv?template=jinjiang', cookies.platform)
    ).text();
    expect(jinjiang).toContain('building,');
    expect(jinjiang).not.toContain('grid,');
  });

  it('the wizard’s model name and summary are editable and start without another city’s history', async () => {
    const step2 = await post('/admin/onboarding/structure', form(wizardBasics(uniqueSlug('mod'))), {
      cookie: cookies.platform,
    });
    const form2 = await step2.text();
    expect(form2).toContain('name="summary.zh"');
    expect(form2).not.toContain('四级管理');
    const plain = uniqueSlug('mod');
    await onboardWithWizard(plain);
    const plainPage = await (await get(`/t/${plain}?lang=en`)).text();
    expect(plainPage).not.toContain('Guiyang reformed');
    expect(plainPage).not.toContain('abolished all 49');
    expect(plainPage).toContain('Pilot City organises its grassroots governance');
    const edited = uniqueSlug('mod');
    await onboardWithWizard(edited, {
      'model.en': 'Pilot model',
      'summary.en': 'Pilot City merged its street offices into twelve large communities.',
    });
    const editedPage = await (await get(`/t/${edited}?lang=en`)).text();
    expect(editedPage).toContain('Pilot model');
    expect(editedPage).toContain('Pilot City merged its street offices into twelve large communities.');
  });

  it('step 1 refuses a city code that is already taken, naming the field', async () => {
    const response = await post('/admin/onboarding/structure', form(wizardBasics(city.slug)), {
      cookie: cookies.platform,
    });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('data-field="slug"');
    expect(html).toContain('该城市代码已被其他城市使用');
    expect(html).not.toContain('name="summary.zh"');
  });

  it('the preview names every bad row of a file in one round', async () => {
    const csv = [
      'level,code,name_zh,name_en,parent_code',
      'district,east,东区,East,',
      'community,east-c1,东一,East 1,nowhere',
      'grid,,缺代码,No code,east',
      'community,Bad Code!,坏代码,Bad,east',
      'planet,east-p1,行星,Planet,east',
      'grid,east-g1,网格挂区下,Grid under district,east',
      'community,east-c2,东二,East 2,east',
    ].join('\n');
    const response = await post(
      '/admin/onboarding/preview',
      form({
        ...wizardBasics(uniqueSlug('all')),
        file: [new Blob([csv], { type: 'text/csv' }), 'units.csv'],
      }),
      { cookie: cookies.platform },
    );
    expect(response.status).toBe(422);
    const html = await response.text();
    for (const row of [3, 4, 5, 6, 7]) expect(html, `row ${row}`).toContain(`row ${row},`);
    expect(html).not.toContain('row 8,');
  });

  it('error pages name the person in the header and are not headed "Please correct the following"', async () => {
    const forbidden = await get('/admin/grants', cookies.auditor);
    expect(forbidden.status).toBe(403);
    const html = await forbidden.text();
    expect(html).toMatch(/当前用户 auditor \d+ &lt;auditor-/);
    expect(html).not.toContain('请修改以下问题');
    const missing = await (await get('/admin/no-such-page?lang=en', cookies.auditor)).text();
    expect(missing).not.toContain('Please correct the following');
    expect(missing).toContain('href="/admin"');
  });

  it('console times are in the city’s time zone, with the zone shown', async () => {
    const [latest] = await db.query<{ occurred_at: Date }>(
      `select occurred_at from audit_events where tenant_id = '${city.id}' order by seq desc limit 1`,
    );
    const html = await (await get('/admin/audit', cookies.auditor)).text();
    const shanghai = new Date((latest?.occurred_at ?? new Date()).getTime() + 8 * 3600 * 1000);
    const expected = shanghai.toISOString().slice(0, 19).replace('T', ' ');
    expect(html).toContain(`${expected} <span class="muted">UTC+8</span>`);
  });

  it('the people page offers only roles some listed unit can carry; grids are listed where the city has them', async () => {
    const { tenant: noGrids } = await onboardTenant({ db: db.db }, smallCity());
    const admin = await person(db.db, noGrids, 'city_administrator', 'city');
    const page = await (await get('/admin/users', await signIn(noGrids.slug, admin.email))).text();
    expect(page).not.toContain('value="grid_worker"');
    expect(page).toContain('value="community_staff"');
    const withGrids = await (await get('/admin/users', cookies.cityAdmin)).text();
    expect(withGrids).toContain('value="grid_worker"');
    expect(withGrids).toMatch(/<option value="[0-9a-f-]{36}">网格 · /);
  });

  it('form errors name the field by its label and say zod’s messages in the page’s language', async () => {
    const bad = await post(
      '/admin/departments',
      form({ key: 'Bad Key', nameZh: '长'.repeat(501), nameEn: 'Long' }),
      { cookie: cookies.cityAdmin },
    );
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toMatch(/data-field="nameZh">中文名称<\/strong>：最多 200 个字符/);
    expect(html).not.toContain('Too big');
    const english = await (
      await post('/admin/departments?lang=en', form({ key: 'ok_key', nameZh: '', nameEn: 'x' }), {
        cookie: cookies.cityAdmin,
      })
    ).text();
    expect(english).toMatch(/data-field="nameZh">Name in Chinese<\/strong>: required/);
    const wizard = await post(
      '/admin/onboarding/preview',
      form({
        ...wizardBasics(uniqueSlug('lbl'), 'jinjiang'),
        file: [new Blob(['level,code,name_zh,parent_code\ncommunity,c1,社区一,\n']), 'units.csv'],
      }),
      { cookie: cookies.platform },
    );
    const wizardHtml = await wizard.text();
    expect(wizardHtml).toContain('第 2 行，上级代码');
    expect(wizardHtml).toContain('社区 不能设在 市 之下（允许的上级：街道）');
    expect(wizardHtml).not.toContain('cannot sit under');
  });

  it('a city that publishes no grid staff listing says so on the console page and accepts none', async () => {
    const slug = uniqueSlug('jj');
    const { page } = await onboardWithWizard(slug, {}, 'jinjiang');
    const password = page.match(/id="admin-password">([^<]+)</)?.[1]?.trim();
    const cookie = await signIn(slug, `admin@${slug}.example.org`, password);
    const listing = await (await get('/admin/staff-listings', cookie)).text();
    expect(listing).toContain('本市未开启网格员实名公示');
    expect(listing).not.toContain('<form method="post" action="/admin/staff-listings"');
    const [community] = await db.query<{ id: string }>(
      `select u.id from org_units u join tenants t on t.id = u.tenant_id
        where t.slug = '${slug}' and u.level = 'community' limit 1`,
    );
    const before = await snapshotStore(db);
    const refused = await post(
      '/admin/staff-listings',
      form({ orgUnitId: community?.id ?? '', name: '王芳', roleZh: '网格员', roleEn: 'Grid worker' }),
      { cookie },
    );
    expect(refused.status).toBe(409);
    expect(await snapshotStore(db)).toEqual(before);
  });

  it('English console pages use ASCII punctuation and say sign-in errors in English only', async () => {
    const wrong = await (
      await post('/admin/sign-in?lang=en', form({ tenant: city.slug, login: 'nobody@x.org', password: 'x' }))
    ).text();
    expect(wrong).toContain('The sign-in name or password is incorrect.');
    expect(wrong).not.toContain('登录名或密码不正确');
    const empty = await (await post('/admin/sign-in?lang=en', form({ tenant: city.slug }))).text();
    expect(empty).toContain('Email or phone, Password');
    const pages = [
      ['/admin/sign-in?lang=en', ''],
      ['/admin/grants?lang=en', cookies.cityAdmin],
      ['/admin/incidents?lang=en', cookies.cityAdmin],
      ['/admin/staff-listings?lang=en', cookies.cityAdmin],
      ['/admin/onboarding?lang=en', cookies.platform],
    ] as const;
    for (const [path, cookie] of pages) {
      const html = await (await get(path, cookie || undefined)).text();
      const main = html.slice(html.indexOf('<main'));
      expect(main.match(/[（）；：、]/g), path).toBeNull();
    }
    const step2 = await (
      await post('/admin/onboarding/structure?lang=en', form(wizardBasics(uniqueSlug('en'))), {
        cookie: cookies.platform,
      })
    ).text();
    expect(step2).toContain('New-type community · Name in Chinese');
    expect(step2).not.toMatch(/keep community_party_committee/);
  });

  it('the audit trail names who acted and what they did, in the page’s language', async () => {
    const html = await (await get('/admin/audit', cookies.cityAdmin)).text();
    expect(html).toContain('授予角色');
    expect(html).not.toMatch(/user:[0-9a-f]{8}-/);
    expect(html).toMatch(/city_administrator \d+ &lt;city_administrator-\d+@/);
    const english = await (await get('/admin/audit?lang=en', cookies.cityAdmin)).text();
    expect(english).toContain('Role granted');
  });

  it('every console refusal of a malformed id or an empty form shows what is wrong on the page', async () => {
    const silent: string[] = [];
    for (const route of consoleRoutes.filter((entry) => !entry.path.startsWith('/admin/sign-'))) {
      for (const id of ['nope', '00000000-0000-4000-8000-000000000000'])
        for (const cookie of [cookies.platform, cookies.cityAdmin]) {
          const path = route.path.replaceAll(/:\w+/g, id);
          const response =
            route.method === 'GET' ? await get(path, cookie) : await post(path, new FormData(), { cookie });
          const html = await response.text();
          if (response.status >= 400 && !html.includes('class="error-summary"'))
            silent.push(`${route.method} ${path} ${response.status}`);
        }
    }
    expect(silent).toEqual([]);
  });
});
