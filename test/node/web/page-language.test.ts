import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/universal';
import { createPlatformAdministrator } from '../../../functions/identity/users.service';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { uniqueSlug } from '../../support/fixtures';
import { cityWithGrids, GOOD_PASSWORD, person } from '../../support/identity';
import { departmentKey } from '../../support/sharing';

/**
 * "The console and public pages show no English on a zh-CN page for any error the tests provoke",
 * and no Chinese on an English one. Each case below is an error path the other tests provoke (bad
 * wizard rows, bad dates, bad forms, refusals, 404s); it is run once on a zh-CN page and once with
 * `?lang=en`, and the problem texts of the page (its error summary, field errors, report rows,
 * 404 heading) are read as a person reads them: keys, codes and what the person typed aside.
 */

const ORIGIN = 'http://localhost';
let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let city: TenantRow;
const ids: Record<string, string> = {};
const cookies: Record<'platform' | 'cityAdmin' | 'auditor' | 'staff', string> = {
  platform: '',
  cityAdmin: '',
  auditor: '',
  staff: '',
};

function form(fields: Record<string, string | [Blob, string]>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (Array.isArray(value)) data.append(name, value[0], value[1]);
    else data.append(name, value);
  }
  return data;
}

const withLang = (path: string, lang: 'zh' | 'en') =>
  lang === 'en' ? `${path}${path.includes('?') ? '&' : '?'}lang=en` : path;

function post(path: string, body: FormData, cookie?: string, origin = ORIGIN) {
  const headers = new Headers({ origin });
  if (cookie) headers.set('cookie', cookie);
  return api.app.request(path, { method: 'POST', headers, body });
}

async function signIn(tenant: string, login: string): Promise<string> {
  const response = await post('/admin/sign-in', form({ tenant, login, password: GOOD_PASSWORD }));
  const cookie = response.headers.get('set-cookie')?.match(/shequ_session=[^;]+/)?.[0];
  if (!cookie) throw new Error(`no session for ${login}`);
  return cookie;
}

const wizardBasics = (slug: string, template = 'tongling') => ({
  slug,
  nameZh: '新城市',
  nameEn: 'New City',
  timezone: 'Asia/Shanghai',
  template,
  adminName: '王管理',
  adminEmail: `admin@${slug}.example.org`,
});

const xlsx = (rows: string[][]) =>
  writeXlsxFile(rows.map((row) => row.map((value) => ({ value, type: String })))).toBlob();

/** An error path: what to send (in a language), and the status it answers with. */
interface Case {
  name: string;
  status: number;
  send: (lang: 'zh' | 'en') => Promise<Response> | Response;
}

const cases: Case[] = [
  {
    name: 'sign-in with a wrong password',
    status: 401,
    send: (lang) =>
      post(
        withLang('/admin/sign-in', lang),
        form({ tenant: city.slug, login: 'nobody@x.org', password: 'x' }),
      ),
  },
  {
    name: 'sign-in with fields missing',
    status: 400,
    send: (lang) => post(withLang('/admin/sign-in', lang), form({ tenant: city.slug })),
  },
  {
    name: 'a form posted from another site',
    status: 403,
    send: (lang) =>
      post(
        withLang('/admin/sign-in', lang),
        form({ login: 'a', password: 'b' }),
        undefined,
        'https://evil.example',
      ),
  },
  {
    name: 'wizard step 1 with a bad slug, email and name',
    status: 422,
    send: (lang) =>
      post(
        withLang('/admin/onboarding/structure', lang),
        form({ ...wizardBasics('X!'), adminEmail: 'not-an-email', nameZh: '' }),
        cookies.platform,
      ),
  },
  {
    name: 'wizard step 1 with a taken slug',
    status: 422,
    send: (lang) =>
      post(withLang('/admin/onboarding/structure', lang), form(wizardBasics(city.slug)), cookies.platform),
  },
  {
    name: 'wizard preview with bad rows, a bad date and an unknown parent',
    status: 422,
    send: async (lang) =>
      post(
        withLang('/admin/onboarding/preview', lang),
        form({
          ...wizardBasics(uniqueSlug('lang')),
          file: [
            await xlsx([
              ['level', 'code', 'name_zh', 'name_en', 'parent_code', 'valid_from'],
              ['district', 'east', '东区', 'East', '', '2010-02-30'],
              ['community', 'east-c1', '东一社区', 'East 1', 'nowhere', ''],
              ['grid', '', '缺代码', 'No code', 'east-c1', ''],
              ['planet', 'mars', '火星', 'Mars', '', ''],
            ]),
            'units.xlsx',
          ],
        }),
        cookies.platform,
      ),
  },
  {
    name: 'wizard preview with a unit under a level it may not sit under',
    status: 422,
    send: (lang) =>
      post(
        withLang('/admin/onboarding/preview', lang),
        form({
          ...wizardBasics(uniqueSlug('lang'), 'jinjiang'),
          file: [new Blob(['level,code,name_zh,parent_code\ncommunity,c1,社区一,\n']), 'units.csv'],
        }),
        cookies.platform,
      ),
  },
  {
    name: 'wizard preview of a file that is neither UTF-8 nor a spreadsheet',
    status: 422,
    send: (lang) =>
      post(
        withLang('/admin/onboarding/preview', lang),
        form({
          ...wizardBasics(uniqueSlug('lang')),
          file: [new Blob([new Uint8Array([0x6c, 0x65, 0x76, 0x0a, 0xb6, 0xab, 0xc7, 0xf8])]), 'units.csv'],
        }),
        cookies.platform,
      ),
  },
  {
    name: 'wizard apply with a damaged draft',
    status: 400,
    send: (lang) =>
      post(withLang('/admin/onboarding/apply', lang), form({ document: '{"tenant": 1}' }), cookies.platform),
  },
  {
    name: 'wizard apply with a draft that is not JSON',
    status: 400,
    send: (lang) =>
      post(withLang('/admin/onboarding/apply', lang), form({ document: '{' }), cookies.platform),
  },
  {
    name: 'a grant decision without a decision',
    status: 422,
    send: (lang) =>
      post(withLang(`/admin/grants/${ids.grant}/decision`, lang), form({ decision: '' }), cookies.cityAdmin),
  },
  {
    name: 'a grant refused without a reason',
    status: 422,
    send: (lang) =>
      post(
        withLang(`/admin/grants/${ids.grant}/decision`, lang),
        form({ decision: 'refuse', reason: '' }),
        cookies.cityAdmin,
      ),
  },
  {
    name: 'an import without a domain, a source or a sane chunk size',
    status: 422,
    send: (lang) =>
      post(
        withLang('/admin/imports', lang),
        form({ file: [new Blob(['id_number\n1\n']), 'data.csv'], sourceSystem: '', chunkSize: '0' }),
        cookies.staff,
      ),
  },
  {
    name: "an import of another department's domain",
    status: 422,
    send: (lang) =>
      post(
        withLang('/admin/imports', lang),
        form({
          file: [new Blob(['id_number\n1\n']), 'data.csv'],
          sourceSystem: 't',
          domain: 'minimum_income',
        }),
        cookies.staff,
      ),
  },
  {
    name: 'an import of a file that is not a spreadsheet',
    status: 422,
    send: (lang) =>
      post(
        withLang('/admin/imports', lang),
        form({ file: [new Blob(['no']), 'data.xlsx'], sourceSystem: 't', domain: 'community_basics' }),
        cookies.staff,
      ),
  },
  {
    name: "an import's per-line report",
    status: 200,
    send: (lang) =>
      api.app.request(withLang(`/admin/imports/${ids.import}`, lang), { headers: { cookie: cookies.staff } }),
  },
  {
    name: 'a person with a bad email',
    status: 422,
    send: (lang) =>
      post(
        withLang('/admin/users', lang),
        form({ email: 'not-an-email', displayName: '李四', role: 'grid_worker', orgUnitId: ids.grid ?? '' }),
        cookies.cityAdmin,
      ),
  },
  {
    name: 'a role on a unit of the wrong level',
    status: 422,
    send: (lang) =>
      post(
        withLang(`/admin/users/${ids.user}/roles`, lang),
        form({ role: 'grid_worker', orgUnitId: ids.district ?? '' }),
        cookies.cityAdmin,
      ),
  },
  {
    name: 'a role on no unit',
    status: 422,
    send: (lang) =>
      post(
        withLang(`/admin/users/${ids.user}/roles`, lang),
        form({ role: 'x', orgUnitId: 'x' }),
        cookies.cityAdmin,
      ),
  },
  {
    name: 'a weak password',
    status: 422,
    send: (lang) =>
      post(
        withLang(`/admin/users/${ids.user}/password`, lang),
        form({ password: 'short' }),
        cookies.cityAdmin,
      ),
  },
  {
    name: 'a department with a bad key and an overlong name',
    status: 422,
    send: (lang) =>
      post(
        withLang('/admin/departments', lang),
        form({ key: 'Bad Key', nameZh: '长'.repeat(201), nameEn: '' }),
        cookies.cityAdmin,
      ),
  },
  {
    name: 'a key with no scope and a bad date',
    status: 422,
    send: (lang) =>
      post(
        withLang(`/admin/api-clients/${ids.client}/keys`, lang),
        form({ expiresAt: '2026-13-45' }),
        cookies.cityAdmin,
      ),
  },
  {
    name: 'a staff listing without a role',
    status: 422,
    send: (lang) =>
      post(
        withLang('/admin/staff-listings', lang),
        form({ orgUnitId: ids.community ?? '', name: '王芳', roleZh: '', roleEn: '' }),
        cookies.cityAdmin,
      ),
  },
  {
    name: 'an incident without a title',
    status: 422,
    send: (lang) =>
      post(
        withLang('/admin/incidents', lang),
        form({ nameZh: '', nameEn: '', impact: 'minor', status: 'investigating', bodyZh: '', bodyEn: '' }),
        cookies.cityAdmin,
      ),
  },
  {
    name: 'a console page the person may not open',
    status: 403,
    send: (lang) =>
      api.app.request(withLang('/admin/grants', lang), { headers: { cookie: cookies.auditor } }),
  },
  {
    name: 'an unknown console page',
    status: 404,
    send: (lang) =>
      api.app.request(withLang('/admin/no-such-page', lang), { headers: { cookie: cookies.auditor } }),
  },
  {
    name: 'an unknown city',
    status: 404,
    send: (lang) => api.app.request(withLang('/t/no-such-city', lang)),
  },
  {
    name: 'an unknown community',
    status: 404,
    send: (lang) => api.app.request(withLang(`/t/${city.slug}/communities/no-such-place`, lang)),
  },
  {
    name: 'an unknown public page',
    status: 404,
    send: (lang) => api.app.request(withLang('/no-such-page', lang), { headers: { accept: 'text/html' } }),
  },
];

/** The texts a page says about a problem: error summaries, field errors, report rows, a 404's heading. */
function problemTexts(html: string): string[] {
  const blocks = [
    ...html.matchAll(/<div class="error-summary"[^>]*>([\s\S]*?)<\/div>/g),
    ...html.matchAll(/<p class="overdue" id="[^"]*-error">([\s\S]*?)<\/p>/g),
    ...html.matchAll(/<td>((?:<div><code>[\s\S]*?<\/div>)+)<\/td>/g),
    ...(/<title>/.test(html) && /data-back/.test(html) ? html.matchAll(/<h1>([\s\S]*?)<\/h1>/g) : []),
  ].map((match) => match[1] ?? '');
  return blocks.map((block) =>
    block
      .replace(/<code>[\s\S]*?<\/code>/g, ' ') // keys and paths, as written
      .replace(/<[^>]+>/g, ' ')
      .replace(/&quot;|&#39;|&amp;|&lt;|&gt;/g, ' ')
      .replace(/"[^"]*"|“[^”]*”/g, ' ') // what the person typed, quoted back
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

/** Three ASCII words in a row: an English sentence (a key, a code or a unit name is one word). */
const ENGLISH = /\b[A-Za-z][A-Za-z']*(?:[ ,;:]+[A-Za-z][A-Za-z']*){2,}\b/;
const CHINESE = /[\u3400-\u9fff]/;

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
  cookies.auditor = await signIn(city.slug, (await person(db.db, city, 'auditor', 'city')).email);
  cookies.staff = await signIn(city.slug, (await person(db.db, city, 'community_staff', 'east-c1')).email);
  const unit = async (code: string) =>
    (
      await db.query<{ id: string }>(`select id from org_units where tenant_id = $1 and code = $2`, [
        city.id,
        code,
      ])
    )[0]?.id ?? '';
  ids.grid = await unit('east-c1-g1');
  ids.community = await unit('east-c1');
  ids.district = await unit('east');
  const worker = await person(db.db, city, 'grid_worker', 'east-c1-g1');
  ids.user =
    (await db.query<{ id: string }>(`select id from users where email = $1`, [worker.email]))[0]?.id ?? '';
  const hrss = await departmentKey(api, city.slug, 'human_resources_social_security', ['grants:request']);
  const grant = await api.send('POST', `/v1/t/${city.slug}/grants`, {
    token: hrss.secret,
    json: {
      fields: ['minimum_income.enrolled'],
      purposeCode: 'employment_assistance',
      purpose: '就业援助',
      legalBasis: '就业促进法',
      validTo: '2099-12-31',
    },
  });
  ids.grant = ((await grant.json()) as { id: string }).id;
  ids.client =
    (await db.query<{ id: string }>(`select id from api_clients where tenant_id = $1 limit 1`, [city.id]))[0]
      ?.id ?? '';
  // An import whose report has line errors (a bad ID number, a value of the wrong type).
  const started = await post(
    '/admin/imports',
    form({
      file: [new Blob(['id_number,household_size\n110105194912310021,3\n123,x\n']), 'data.csv'],
      sourceSystem: 'test',
      domain: 'community_basics',
    }),
    cookies.staff,
  );
  ids.import = /\/admin\/imports\/([0-9a-f-]{36})/.exec(started.headers.get('location') ?? '')?.[1] ?? '';
});
afterAll(async () => db.close());

describe('problems are said in the page’s language', () => {
  it.each(cases)('$name: no English sentence on the zh-CN page', async ({ send, status }) => {
    const response = await send('zh');
    expect(response.status).toBe(status);
    const html = await response.text();
    expect(html).toContain('<html lang="zh-CN">');
    const found = problemTexts(html);
    expect(found.length, 'the page shows a problem').toBeGreaterThan(0);
    if (process.env.SHOW_PROBLEMS) console.log(found.join(' | '));
    for (const text of found) expect(text, text).not.toMatch(ENGLISH);
  });

  it.each(cases)('$name: no Chinese on the English page', async ({ send, status }) => {
    const response = await send('en');
    expect(response.status).toBe(status);
    const html = await response.text();
    expect(html).toContain('<html lang="en">');
    const found = problemTexts(html);
    expect(found.length, 'the page shows a problem').toBeGreaterThan(0);
    if (process.env.SHOW_PROBLEMS) console.log(found.join(' | '));
    for (const text of found) expect(text, text).not.toMatch(CHINESE);
  });
});
