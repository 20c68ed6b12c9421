import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onboardTenant } from '../../../functions/onboarding/onboarding.service';
import { withTenant } from '../../../functions/platform/db';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { describeLink, runStatusSweep } from '../../../functions/public-site/data-links.service';
import { seedDemoKeys, seedPublicSite } from '../../../functions/public-site/public-site.seed';
import { looksLikeMobile } from '../../../functions/public-site/staff-listings.service';
import { seedCatalog } from '../../../functions/sharing/catalog/catalog.service';
import { seedDepartments } from '../../../functions/tenants/departments.service';
import { tenantFiles } from '../../../scripts/embedded';
import { countedEn } from '../../../web/pages/tenant-home';
import { body, type ErrorBody, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { PLATFORM_TOKEN } from '../../support/fixtures';
import { snapshotStore } from '../../support/snapshot';

/** The public-site findings of the 2026-11-23 fresh-eyes trial, each shown on the real pages. */
let db: TestDatabase;
let api: ReturnType<typeof testApp>;
const cities = new Map<string, TenantRow>();
const seededCommunity = new Map<string, string>();
const started = Date.now();
const now = () => new Date(started);

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db, now);
  for (const file of tenantFiles()) {
    const { tenant } = await onboardTenant({ db: db.db }, JSON.parse(readFileSync(file, 'utf8')));
    await withTenant({ db: db.db, tenantId: tenant.id }, async (tx) => {
      await seedDepartments(tx, tenant.id, tenant.structure);
      await seedCatalog(tx, tenant.id, tenant.structure);
      await seedPublicSite(tx, tenant, now());
    });
    // As `npm start` does: the sample departments' clients get working keys, so they are connected.
    await seedDemoKeys(db.db, tenant, now());
    cities.set(tenant.slug, tenant);
    const [row] = await db.query<{ code: string }>(
      `select code from org_units where tenant_id = $1 and attributes ? 'publicSite'`,
      [tenant.id],
    );
    if (row) seededCommunity.set(tenant.slug, row.code);
  }
  await runStatusSweep({ db: db.db, now });
});
afterAll(async () => db.close());

const text = async (path: string, headers: Record<string, string> = {}) => {
  const response = await api.get(path, { headers });
  return { status: response.status, body: await response.text(), type: response.headers.get('content-type') };
};
/** The banner's headline, without the note on links that have carried nothing yet. */
const banner = (html: string) =>
  /<p class="status-banner"[^>]*>([^<]*)(?:<span[^>]*>[^<]*<\/span>)?<\/p>/.exec(html)?.[1] ?? '';
/** Visible text (tags dropped), for checks on what a reader sees. */
const visible = (html: string) => html.replace(/<[^>]+>/g, ' ');

describe('the status headline agrees with the components', () => {
  it('an open incident with every component operational reads as an incident in progress, not as degraded links', async () => {
    const opened = await api.send('POST', '/v1/t/tongling/incidents', {
      token: PLATFORM_TOKEN,
      json: {
        name: { zh: '人工事件', en: 'Manual incident' },
        impact: 'minor',
        body: { zh: '调查中', en: 'Investigating' },
      },
    });
    expect(opened.status).toBe(201);
    const zh = await text('/t/tongling/status');
    expect(zh.body).not.toContain('data-status="degraded"');
    expect(banner(zh.body)).toBe('有事件正在处理；所有数据链路运行正常');
    expect(banner(zh.body)).not.toContain('性能下降');
    const en = await text('/t/tongling/status?lang=en');
    expect(banner(en.body)).toBe('Incident in progress. All data links operational');
    // the impact is worded, not shown as its code
    expect(en.body).toContain('Investigating · minor impact');
    expect(en.body).not.toMatch(/· minor ·/);
    // Statuspage JSON keeps Statuspage's own meaning: the worst of incidents and components
    const status = await body<{ status: { indicator: string; description: string } }>(
      await api.get('/t/tongling/api/v2/status.json?lang=en'),
    );
    expect(status.status).toEqual({ indicator: 'minor', description: 'Minor Service Outage' });
    const zhStatus = await body<{ status: { indicator: string; description: string } }>(
      await api.get('/t/tongling/api/v2/status.json'),
    );
    expect(zhStatus.status.indicator).toBe('minor');
    expect(zhStatus.status.description).not.toContain('性能下降');
  });

  it('with no open incident the headline is the components’ own state', async () => {
    expect(banner((await text('/t/liaoyuan/status?lang=en')).body)).toBe('All data links operational');
  });
});

describe('an unknown community', () => {
  it('answers 404 "community not found" with a link back to the city, for an unknown code and a district code', async () => {
    const guiyang = cities.get('guiyang') as TenantRow;
    const [district] = await db.query<{ code: string }>(
      `select code from org_units where tenant_id = $1 and level = 'district' limit 1`,
      [guiyang.id],
    );
    for (const code of ['zzz', district?.code as string, 'bad code!']) {
      const zh = await text(`/t/guiyang/communities/${encodeURIComponent(code)}`);
      expect(zh.status, code).toBe(404);
      expect(zh.body).toContain('<h1>未找到该社区</h1>');
      expect(zh.body).not.toContain('未找到该城市');
      expect(zh.body).toContain('href="/t/guiyang"');
      const en = await text(`/t/guiyang/communities/${encodeURIComponent(code)}?lang=en`);
      expect(en.body).toContain('<h1>Community not found</h1>');
      expect(en.body).toContain('href="/t/guiyang?lang=en"');
    }
    // an unknown city still says so
    expect((await text('/t/atlantis/communities/zzz')).body).toContain('未找到该城市');
  });
});

describe('404 pages', () => {
  it('a browser on an unknown path gets an HTML page with a link home; API paths keep the JSON error', async () => {
    const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
    const page = await text('/nope', html);
    expect(page.status).toBe(404);
    expect(page.type).toContain('text/html');
    expect(page.body).toContain('<h1>未找到该页面</h1>');
    expect(page.body).toMatch(/<a href="\/" data-back[^>]*>返回首页<\/a>/);
    const english = await text('/nope?lang=en', html);
    expect(english.body).toMatch(/<a href="\/\?lang=en" data-back[^>]*>Back to the home page<\/a>/);
    for (const [path, headers] of [
      ['/nope', {}],
      ['/v1/nope', html],
      ['/t/guiyang/api/v2/nope.json', html],
    ] as const) {
      const response = await api.get(path, { headers });
      expect(response.status, path).toBe(404);
      expect((await body<ErrorBody>(response)).error.code, path).toBe('route.not_found');
    }
    const city = await text('/t/atlantis', html);
    expect(city.body).toContain('返回首页');
  });
});

describe('English wording on the public site', () => {
  it('the status page gives every time with the city’s zone, in the page’s language', async () => {
    const opened = await api.send('POST', '/v1/t/liaoyuan/incidents', {
      token: PLATFORM_TOKEN,
      json: {
        name: { zh: '公安接口中断', en: 'Public security link down' },
        impact: 'major',
        body: { zh: '正在处理', en: 'Working on it' },
      },
    });
    expect(opened.status).toBe(201);
    const times = (html: string) =>
      [...html.matchAll(/<time datetime="[^"]+">([^<]*)<\/time>/g)].map((match) => match[1] ?? '');
    const en = times((await text('/t/liaoyuan/status?lang=en')).body);
    expect(en.length).toBeGreaterThan(1);
    for (const time of en) expect(time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} \(UTC\+8\)$/);
    const zh = times((await text('/t/liaoyuan/status')).body);
    expect(zh.length).toBeGreaterThan(1);
    for (const time of zh) expect(time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）$/);
  });

  it('counts take plurals on the city page ("49 street offices", "5 districts")', async () => {
    const page = await text('/t/guiyang?lang=en');
    expect(page.body).toContain('abolished 49 street offices');
    expect(page.body).toContain('formed 90 new-type communities');
    expect(page.body).not.toMatch(/\d+ street office(?!s)/);
    expect(page.body).toMatch(/<strong data-level="district">\d+<\/strong>\s*<span>districts<\/span>/);
    expect(page.body).toMatch(
      /<strong data-level="community">\d+<\/strong>\s*<span>new-type communities<\/span>/,
    );
    expect(countedEn(1, 'District')).toBe('1 district');
    expect(countedEn(2, "Residents' committee")).toBe("2 residents' committees");
  });

  it('a reform that closed units with a qualified name says them in the plural, the qualifier after it', async () => {
    const page = visible((await text('/t/tongling?lang=en')).body)
      .replace(/&#39;/g, "'")
      .replace(/\s+/g, ' ');
    expect(page).toMatch(/\d+ residents' committees \(pre-reform\)/);
    expect(page).not.toContain('(pre-reform)s');
    expect(countedEn(1, "Residents' committee (pre-reform)")).toBe("1 residents' committee (pre-reform)");
  });

  it('English pages and feeds carry no full-width punctuation', async () => {
    await api.send('POST', '/v1/t/guiyang/incidents', {
      token: PLATFORM_TOKEN,
      json: {
        name: { zh: '民政接口延迟', en: 'Civil affairs API latency' },
        impact: 'minor',
        body: { zh: '调查中', en: 'Looking into it' },
      },
    });
    for (const [slug, code] of seededCommunity) {
      for (const path of [
        `/t/${slug}?lang=en`,
        `/t/${slug}/communities/${code}?lang=en`,
        `/t/${slug}/status?lang=en`,
        `/t/${slug}/statistics?lang=en`,
        `/t/${slug}/status/feed.rss?lang=en`,
        `/t/${slug}/status/feed.atom?lang=en`,
      ]) {
        const page = await text(path);
        expect(page.status, path).toBe(200);
        // full-width marks between Chinese characters are Chinese text quoted in English (减、转、分、合)
        const stray = visible(page.body).match(
          /(?<![\u3400-\u9fff])[（）：；、，。]|[（）：；、，。](?![\u3400-\u9fff])/g,
        );
        expect(stray ?? [], path).toEqual([]);
      }
    }
    const rss = (await text('/t/guiyang/status/feed.rss?lang=en')).body;
    expect(rss).toContain('<title>Civil affairs API latency (Investigating)</title>');
    expect((await text('/t/guiyang/status/feed.rss')).body).toContain(
      '<title>民政接口延迟（调查中）</title>',
    );
  });

  it('the feeds are titled as the Statuspage JSON names the page', async () => {
    for (const lang of ['zh', 'en']) {
      const json = await body<{ page: { name: string } }>(
        await api.get(`/t/guiyang/api/v2/status.json?lang=${lang}`),
      );
      const rss = (await text(`/t/guiyang/status/feed.rss?lang=${lang}`)).body;
      const atom = (await text(`/t/guiyang/status/feed.atom?lang=${lang}`)).body;
      expect(/<channel>\s*<title>([^<]*)<\/title>/.exec(rss)?.[1]).toBe(json.page.name);
      expect(/<feed[^>]*>[\s\S]*?<title>([^<]*)<\/title>/.exec(atom)?.[1]).toBe(json.page.name);
    }
    expect(
      (await body<{ page: { name: string } }>(await api.get('/t/guiyang/api/v2/status.json?lang=en'))).page
        .name,
    ).toBe('Guiyang data-link status');
  });

  it('components.json describes a link without a broken possessive', async () => {
    const components = await body<{ components: { name: string; description: string }[] }>(
      await api.get('/t/guiyang/api/v2/components.json?lang=en'),
    );
    const civil = components.components.find((c) => c.name === 'Civil affairs');
    expect(civil?.description).toBe('Data link between Civil affairs and the sharing API');
    for (const c of components.components) expect(c.description).not.toContain("s's");
  });

  it('automatic incidents never say "failing for 0 min", and count deliveries in the singular when one', () => {
    const signals = {
      failing: 1,
      failingForSeconds: 20,
      dead: 0,
      lagSeconds: null,
    } as unknown as Parameters<typeof describeLink>[0];
    expect(describeLink(signals).en).toBe('1 webhook delivery failing for less than a minute.');
    expect(describeLink(signals).zh).not.toContain('0 分钟');
    expect(describeLink({ ...signals, failing: 3, failingForSeconds: 600 }).en).toBe(
      '3 webhook deliveries failing for 10 min.',
    );
  });
});

describe('the "sample" footnote', () => {
  it('appears only when something marked sample is shown', async () => {
    const [unit] = await db.query<{ code: string; slug: string; id: string }>(
      `select u.id, u.code, t.slug from org_units u join tenants t on t.id = u.tenant_id
        where u.level = 'community' and u.valid_to is null and not u.sample
          and not u.attributes ? 'publicSite' order by t.slug, u.code limit 1`,
    );
    expect(unit).toBeDefined();
    // flagged sample, but with no address, hours or services to show
    await db.query(
      `update org_units set attributes = attributes || '{"publicSite":{"sample":true}}'::jsonb where id = $1`,
      [unit?.id],
    );
    const bare = await text(`/t/${unit?.slug}/communities/${unit?.code}`);
    expect(bare.status).toBe(200);
    expect(bare.body).not.toContain('class="badge"');
    expect(bare.body).not.toContain('标注“样例”');
    // the city page: the note only where a unit shown carries the badge
    for (const slug of cities.keys()) {
      const city = await text(`/t/${slug}`);
      const badges = city.body.includes('class="badge"');
      expect(city.body.includes('标注“样例”的单位'), slug).toBe(badges);
    }
    // a city with a reform timeline and no sample unit: no note
    const [withReforms] = await db.query<{ id: string; slug: string }>(
      `select t.id, t.slug from tenants t where exists (select 1 from reforms r where r.tenant_id = t.id)
        and t.slug <> 'guiyang' order by t.slug limit 1`,
    );
    await db.query('update org_units set sample = false where tenant_id = $1', [withReforms?.id]);
    const plain = await text(`/t/${withReforms?.slug}`);
    expect(plain.body).toContain('data-reform=');
    expect(plain.body).not.toContain('class="badge"');
    expect(plain.body).not.toContain('标注“样例”的单位');
    const seeded = await text(`/t/guiyang/communities/${seededCommunity.get('guiyang')}`);
    expect(seeded.body).toContain('class="badge"');
    expect(seeded.body).toContain('标注“样例”');
  });
});

describe('a personal mobile number is not published as a work contact', () => {
  it('refuses a mobile number with 422 naming contact, on create and on change, writing nothing', async () => {
    const guiyang = cities.get('guiyang') as TenantRow;
    const [unit] = await db.query<{ id: string }>(
      'select id from org_units where tenant_id = $1 and code = $2',
      [guiyang.id, seededCommunity.get('guiyang')],
    );
    const listing = (contact: string) => ({
      orgUnitId: unit?.id,
      name: '赵六',
      role: { zh: '网格员', en: 'Grid worker' },
      contact,
    });
    const before = await snapshotStore(db);
    for (const contact of ['13912345678', '139 1234 5678', '+86 139-1234-5678', '手机 18612345678']) {
      const response = await api.send('POST', '/v1/t/guiyang/staff-listings', {
        token: PLATFORM_TOKEN,
        json: listing(contact),
      });
      expect(response.status, contact).toBe(422);
      const error = (await body<ErrorBody>(response)).error;
      expect(error.code).toBe('staff_listing.personal_contact');
      expect(error.details?.map((d) => d.path)).toEqual(['contact']);
    }
    expect(await snapshotStore(db)).toEqual(before);

    const office = await api.send('POST', '/v1/t/guiyang/staff-listings', {
      token: PLATFORM_TOKEN,
      json: listing('0851-8888 0001 分机 101'),
    });
    expect(office.status).toBe(201);
    const { id } = await body<{ id: string }>(office);
    const changed = await api.send('PATCH', `/v1/t/guiyang/staff-listings/${id}`, {
      token: PLATFORM_TOKEN,
      json: { contact: '13912345678' },
    });
    expect(changed.status).toBe(422);
    const page = await text(`/t/guiyang/communities/${seededCommunity.get('guiyang')}`);
    expect(page.body).not.toContain('13912345678');
    for (const ok of ['0851-8888 0001', '分机 101', '010-12345678', '12345'])
      expect(looksLikeMobile(ok), ok).toBe(false);
  });
});
