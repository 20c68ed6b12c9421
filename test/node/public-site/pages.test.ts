import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCouncils } from '../../../functions/council/council.seed';
import { onboardTenant } from '../../../functions/onboarding/onboarding.service';
import { todayIn } from '../../../functions/platform/dates';
import { withTenant } from '../../../functions/platform/db';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { runStatusSweep } from '../../../functions/public-site/data-links.service';
import { seedDemoKeys, seedPublicSite } from '../../../functions/public-site/public-site.seed';
import { suppress } from '../../../functions/public-site/public-site.service';
import { seedCatalog } from '../../../functions/sharing/catalog/catalog.service';
import { registerResident } from '../../../functions/sharing/registry/residents.service';
import { seedDepartments } from '../../../functions/tenants/departments.service';
import { createOrgUnit } from '../../../functions/tenants/tenants.service';
import { tenantFiles } from '../../../scripts/embedded';
import { body, type ErrorBody, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { DATA_KEY, PLATFORM_TOKEN } from '../../support/fixtures';
import { platform } from '../../support/identity';
import { departmentKey, idNumberFor } from '../../support/sharing';
import { snapshotStore } from '../../support/snapshot';

/** The four cities as `npm start` seeds them, their public pages, and what those pages must never show. */
let db: TestDatabase;
let api: ReturnType<typeof testApp>;
const cities = new Map<string, TenantRow>();
/** The community each city's demo seed gave an address, hours, services (and staff). */
const seededCommunity = new Map<string, string>();
// A clock that stands still unless a test moves it, so cache time buckets never roll over mid-test.
const started = Date.now();
let offset = 0;
const now = () => new Date(started + offset);

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db, now);
  for (const file of tenantFiles()) {
    const { tenant } = await onboardTenant({ db: db.db }, JSON.parse(readFileSync(file, 'utf8')));
    // The same steps as `seedTenants` in scripts/embedded.ts (minus the demo password file).
    await withTenant({ db: db.db, tenantId: tenant.id }, async (tx) => {
      await seedDepartments(tx, tenant.id, tenant.structure);
      await seedCatalog(tx, tenant.id, tenant.structure);
      await seedPublicSite(tx, tenant, now());
    });
    await seedCouncils(db.db, tenant);
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

const text = async (path: string, init: RequestInit = {}) => {
  const response = await api.get(path, init);
  return { status: response.status, body: await response.text(), headers: response.headers };
};

describe('the four cities’ public pages render with the seeded data', () => {
  it.each(['guiyang', 'liaoyuan', 'tongling', 'jinjiang'])(
    '%s: city page, one community page, status and statistics',
    async (slug) => {
      const city = cities.get(slug) as TenantRow;
      const code = seededCommunity.get(slug);
      expect(code, `${slug} has a seeded community`).toBeDefined();

      const home = await text(`/t/${slug}`);
      expect(home.status).toBe(200);
      expect(home.body).toContain(city.nameZh);
      expect(home.body).toContain(`href="/t/${slug}/communities/${code}"`);
      expect(home.body).toContain(`href="/t/${slug}/status"`);

      const community = await text(`/t/${slug}/communities/${code}`);
      expect(community.status).toBe(200);
      expect(community.body).toContain('党群服务中心一楼');
      expect(community.body).toContain('最低生活保障申请受理');
      for (const body of city.structure.bodies) expect(community.body).toContain(body.name.zh);
      if (city.structure.mechanisms.gridRealNameListing) {
        for (const name of ['王芳', '李强', '张敏']) expect(community.body).toContain(name);
        expect(community.body).toContain('分机 101');
      } else {
        expect(community.body).toContain('本市未公开网格员实名信息');
        expect(community.body).not.toContain('王芳');
      }
      const english = await text(`/t/${slug}/communities/${code}?lang=en`);
      expect(english.body).toContain('<html lang="en">');
      expect(english.body).toContain('Minimum living allowance applications');

      const status = await text(`/t/${slug}/status`);
      expect(status.status).toBe(200);
      // A fresh install's bars start where its records start, not 89 grey days before them.
      expect(status.body).toContain('起有记录');
      for (const department of city.structure.departments)
        expect(status.body).toContain(`data-component="${department.key}" data-status="operational"`);
      const statistics = await text(`/t/${slug}/statistics`);
      expect(statistics.status).toBe(200);
      expect(statistics.body).toContain('<svg');
      expect(statistics.body).toMatch(/data-stat="departments-connected">(\d+)\/\1</);
    },
  );

  it('counts as connected only a department holding a working key (or an active subscription)', async () => {
    const liaoyuan = cities.get('liaoyuan') as TenantRow;
    const total = liaoyuan.structure.departments.length;
    // One department's keys all revoked: its client remains, and connects nothing.
    await db.query(
      `update api_keys set revoked_at = now() - interval '1 minute' where tenant_id = $1 and client_id in
         (select c.id from api_clients c join departments d on d.id = c.department_id
           where c.tenant_id = $1 and d.key = $2)`,
      [liaoyuan.id, liaoyuan.structure.departments[0]?.key],
    );
    offset += 10 * 60_000;
    const statistics = await text('/t/liaoyuan/statistics');
    expect(statistics.body).toContain(`data-stat="departments-connected">${total - 1}/${total}<`);
  });

  it('a community with nothing published says so instead of showing blanks', async () => {
    const guiyang = cities.get('guiyang') as TenantRow;
    const [other] = await db.query<{ code: string }>(
      `select code from org_units where tenant_id = $1 and level = 'community' and valid_to is null
          and not attributes ? 'publicSite' order by code limit 1`,
      [guiyang.id],
    );
    const page = await text(`/t/guiyang/communities/${other?.code}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<dd>未公布</dd>');
    expect(page.body).toContain('本社区尚未公布网格员名单。');
    expect(page.body).toContain('本社区尚未公布服务事项。');
  });

  it('an unknown community or city answers 404 with a page, not an error', async () => {
    expect((await text('/t/guiyang/communities/no-such-unit')).status).toBe(404);
    expect((await text('/t/no-such-city/status')).status).toBe(404);
    expect((await api.get('/t/no-such-city/api/v2/summary.json')).status).toBe(404);
  });
});

/** Atlassian Statuspage public API v2 field sets (developer.statuspage.io, "Status API"). */
const FIELDS = {
  page: ['id', 'name', 'url', 'time_zone', 'updated_at'],
  status: ['indicator', 'description'],
  component: [
    'id',
    'name',
    'status',
    'created_at',
    'updated_at',
    'position',
    'description',
    'showcase',
    'start_date',
    'group_id',
    'page_id',
    'group',
    'only_show_if_degraded',
  ],
  incident: [
    'id',
    'name',
    'status',
    'created_at',
    'updated_at',
    'monitoring_at',
    'resolved_at',
    'impact',
    'shortlink',
    'started_at',
    'page_id',
    'incident_updates',
    'components',
  ],
  incidentUpdate: [
    'id',
    'status',
    'body',
    'incident_id',
    'created_at',
    'updated_at',
    'display_at',
    'affected_components',
    'deliver_notifications',
    'custom_tweet',
    'tweet_id',
  ],
};
const keys = (value: unknown) => Object.keys(value as object).sort();
const COMPONENT_STATUSES = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
];

describe('Statuspage-compatible JSON', () => {
  it('summary, status, components and incidents carry exactly Statuspage v2’s fields and values', async () => {
    const guiyang = cities.get('guiyang') as TenantRow;
    const [department] = await db.query<{ id: string }>(
      `select id from departments where tenant_id = $1 and key = 'public_security'`,
      [guiyang.id],
    );
    const opened = await api.send('POST', '/v1/t/guiyang/incidents', {
      token: PLATFORM_TOKEN,
      json: {
        name: { zh: '公安人口库接口维护', en: 'Population API maintenance' },
        impact: 'minor',
        status: 'identified',
        departmentIds: [department?.id],
        body: { zh: '接口升级中，推送可能延迟。', en: 'Upgrading; deliveries may be delayed.' },
      },
    });
    expect(opened.status).toBe(201);

    const summary = await body<Record<string, unknown>>(await api.get('/t/guiyang/api/v2/summary.json'));
    expect(keys(summary)).toEqual(['components', 'incidents', 'page', 'scheduled_maintenances', 'status']);
    const status = await body<Record<string, unknown>>(await api.get('/t/guiyang/api/v2/status.json'));
    expect(keys(status)).toEqual(['page', 'status']);
    const components = await body<{ page: unknown; components: Record<string, unknown>[] }>(
      await api.get('/t/guiyang/api/v2/components.json'),
    );
    const incidents = await body<{ page: unknown; incidents: Record<string, unknown>[] }>(
      await api.get('/t/guiyang/api/v2/incidents.json?lang=en'),
    );
    for (const page of [summary.page, status.page, components.page, incidents.page])
      expect(keys(page)).toEqual([...FIELDS.page].sort());
    expect(keys(status.status)).toEqual([...FIELDS.status].sort());
    expect(['none', 'minor', 'major', 'critical']).toContain(
      (status.status as { indicator: string }).indicator,
    );
    expect(components.components.length).toBeGreaterThan(0);
    for (const component of components.components) {
      expect(keys(component)).toEqual([...FIELDS.component].sort());
      expect(COMPONENT_STATUSES).toContain(component.status);
    }
    const incident = incidents.incidents.find((i) => i.name === 'Population API maintenance');
    expect(incident).toBeDefined();
    expect(keys(incident)).toEqual([...FIELDS.incident].sort());
    expect(['investigating', 'identified', 'monitoring', 'resolved', 'postmortem']).toContain(
      incident?.status,
    );
    expect(['none', 'minor', 'major', 'critical']).toContain(incident?.impact);
    const updates = incident?.incident_updates as Record<string, unknown>[];
    expect(updates).toHaveLength(1);
    for (const update of updates) expect(keys(update)).toEqual([...FIELDS.incidentUpdate].sort());
    const attached = incident?.components as Record<string, unknown>[];
    expect(attached.map((c) => c.id)).toEqual([department?.id]);
    for (const component of attached) expect(keys(component)).toEqual([...FIELDS.component].sort());
    for (const value of [incident?.created_at, incident?.started_at, updates[0]?.display_at])
      expect(new Date(String(value)).toISOString()).toBe(value);
    expect((summary.incidents as { id: string }[]).map((i) => i.id)).toContain(incident?.id);
  });
});

describe('administering incidents and the staff listing', () => {
  it('bad input is refused with the fields named, and nothing is written', async () => {
    const before = await snapshotStore(db);
    const malformed = await api.send('POST', '/v1/t/guiyang/incidents', {
      token: PLATFORM_TOKEN,
      json: { impact: 'huge' },
    });
    expect(malformed.status).toBe(400);
    const paths = (await body<ErrorBody>(malformed)).error.details?.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'impact', 'body']));
    const foreign = cities.get('liaoyuan') as TenantRow;
    const [otherDepartment] = await db.query<{ id: string }>(
      'select id from departments where tenant_id = $1 limit 1',
      [foreign.id],
    );
    const unknown = await api.send('POST', '/v1/t/guiyang/incidents', {
      token: PLATFORM_TOKEN,
      json: {
        name: { zh: '甲', en: 'A' },
        impact: 'minor',
        departmentIds: [otherDepartment?.id],
        body: { zh: '乙', en: 'B' },
      },
    });
    expect(unknown.status).toBe(422);
    expect((await body<ErrorBody>(unknown)).error.details).toEqual([
      {
        path: 'departmentIds.0',
        code: 'incident.not_a_department',
        message: 'not a department of this city',
      },
    ]);
    const [district] = await db.query<{ id: string }>(
      `select id from org_units where tenant_id = $1 and level = 'district' limit 1`,
      [(cities.get('guiyang') as TenantRow).id],
    );
    const wrongUnit = await api.send('POST', '/v1/t/guiyang/staff-listings', {
      token: PLATFORM_TOKEN,
      json: { orgUnitId: district?.id, name: '赵六', role: { zh: '网格员', en: 'Grid worker' } },
    });
    expect(wrongUnit.status).toBe(422);
    expect((await body<ErrorBody>(wrongUnit)).error.details?.[0]?.path).toBe('orgUnitId');
    expect(await snapshotStore(db)).toEqual(before);
  });

  it('incidents are updated and resolved; a resolved incident takes no more updates', async () => {
    const created = await body<{ id: string }>(
      await api.send('POST', '/v1/t/tongling/incidents', {
        token: PLATFORM_TOKEN,
        json: {
          name: { zh: '测试事件', en: 'Test incident' },
          impact: 'major',
          body: { zh: '调查中', en: 'Looking' },
        },
      }),
    );
    const monitoring = await api.send('POST', `/v1/t/tongling/incidents/${created.id}/updates`, {
      token: PLATFORM_TOKEN,
      json: { status: 'monitoring', body: { zh: '已修复，观察中', en: 'Fixed; monitoring' } },
    });
    expect(monitoring.status).toBe(200);
    expect((await body<{ monitoringAt: string | null }>(monitoring)).monitoringAt).not.toBeNull();
    const resolved = await api.send('POST', `/v1/t/tongling/incidents/${created.id}/updates`, {
      token: PLATFORM_TOKEN,
      json: { status: 'resolved', body: { zh: '已解决', en: 'Resolved' } },
    });
    expect(await body<{ status: string; updates: unknown[] }>(resolved)).toMatchObject({
      status: 'resolved',
    });
    const again = await api.send('POST', `/v1/t/tongling/incidents/${created.id}/updates`, {
      token: PLATFORM_TOKEN,
      json: { status: 'identified', body: { zh: '再次', en: 'Again' } },
    });
    expect(again.status).toBe(409);
    const list = await body<{ items: { id: string; updates: unknown[] }[] }>(
      await api.send('GET', '/v1/t/tongling/incidents', { token: PLATFORM_TOKEN }),
    );
    expect(list.items.find((i) => i.id === created.id)?.updates).toHaveLength(3);
    const feed = await text('/t/tongling/status/feed.rss');
    expect(feed.body).toContain(`urn:uuid:${created.id}`);
  });

  it('a staff listing appears on the community page, changes, and is withdrawn (the cached page follows)', async () => {
    const tenant = cities.get('liaoyuan') as TenantRow;
    const code = seededCommunity.get('liaoyuan') as string;
    const [unit] = await db.query<{ id: string }>(
      'select id from org_units where tenant_id = $1 and code = $2',
      [tenant.id, code],
    );
    const page = () => text(`/t/liaoyuan/communities/${code}`);
    expect((await page()).headers.get('x-cache')).toMatch(/HIT|MISS/);
    expect((await page()).headers.get('x-cache')).toBe('HIT');
    const created = await api.send('POST', '/v1/t/liaoyuan/staff-listings', {
      token: PLATFORM_TOKEN,
      json: {
        orgUnitId: unit?.id,
        grid: { zh: '第九网格', en: 'Grid 9' },
        name: '周小青',
        role: { zh: '兼职网格员', en: 'Part-time grid worker' },
        department: { zh: '社区服务中心', en: 'Community service center' },
        contact: '分机 109',
      },
    });
    expect(created.status).toBe(201);
    const { id } = await body<{ id: string }>(created);
    let shown = await page();
    expect(shown.headers.get('x-cache')).toBe('MISS');
    expect(shown.body).toContain('周小青');
    await api.send('PATCH', `/v1/t/liaoyuan/staff-listings/${id}`, {
      token: PLATFORM_TOKEN,
      json: { name: '周晓青' },
    });
    shown = await page();
    expect(shown.body).toContain('周晓青');
    expect(shown.body).not.toContain('周小青');
    expect(
      (await api.send('DELETE', `/v1/t/liaoyuan/staff-listings/${id}`, { token: PLATFORM_TOKEN })).status,
    ).toBe(204);
    expect((await page()).body).not.toContain('周晓青');
    const audit = await db.query<{ action: string }>(
      `select action from audit_events where tenant_id = $1 and target_type = 'staff_listing' order by seq`,
      [tenant.id],
    );
    expect(audit.map((row) => row.action)).toEqual([
      'staff_listing.create',
      'staff_listing.update',
      'staff_listing.delete',
    ]);
  });
});

describe('caching and host names', () => {
  it('the status page is served from the cache until an incident changes it', async () => {
    await text('/t/jinjiang/status');
    const cachedCopy = await text('/t/jinjiang/status');
    expect(cachedCopy.headers.get('x-cache')).toBe('HIT');
    await api.send('POST', '/v1/t/jinjiang/incidents', {
      token: PLATFORM_TOKEN,
      json: {
        name: { zh: '锦江缓存测试事件', en: 'Cache test' },
        impact: 'minor',
        body: { zh: '甲', en: 'A' },
      },
    });
    const fresh = await text('/t/jinjiang/status');
    expect(fresh.headers.get('x-cache')).toBe('MISS');
    expect(fresh.body).toContain('锦江缓存测试事件');
    expect(cachedCopy.body).not.toContain('锦江缓存测试事件');
    expect((await text('/t/jinjiang/status')).headers.get('x-cache')).toBe('HIT');
  });

  it('a host name mapped to a city serves its public site at the root', async () => {
    const mapped = await api.send('POST', '/v1/t/guiyang/hosts', {
      token: PLATFORM_TOKEN,
      json: { host: 'Guiyang.Example.org' },
    });
    expect(mapped.status).toBe(201);
    const headers = { host: 'guiyang.example.org' };
    const home = await text('/', { headers });
    expect(home.body).toContain('<h1>贵阳市</h1>');
    expect(home.body).toContain('href="/status"');
    expect((await text('/status', { headers })).status).toBe(200);
    expect((await api.get('/api/v2/status.json', { headers })).status).toBe(200);
    const code = seededCommunity.get('guiyang') as string;
    expect((await text(`/communities/${code}`, { headers })).body).toContain('党群服务中心一楼');
    // Another host still gets the platform's home page, and no city at /status.
    expect((await text('/', { headers: { host: 'other.example.org' } })).body).not.toContain(
      '<h1>贵阳市</h1>',
    );
    expect((await text('/status', { headers: { host: 'other.example.org' } })).status).toBe(404);
    const taken = await api.send('POST', '/v1/t/liaoyuan/hosts', {
      token: PLATFORM_TOKEN,
      json: { host: 'guiyang.example.org' },
    });
    expect(taken.status).toBe(409);
  });
});

describe('no public page or feed shows a resident’s personal data', () => {
  it('markers in residents’ names, phones, rooms, facets and read purposes appear in no public response', async () => {
    const tenant = cities.get('guiyang') as TenantRow;
    const code = seededCommunity.get('guiyang') as string;
    const [unit] = await db.query<{ id: string }>(
      'select id from org_units where tenant_id = $1 and code = $2',
      [tenant.id, code],
    );
    const markers = {
      name: '隐私标记姓名QZX',
      phone: '13912345678',
      room: '隐私标记房间QZX',
      occupation: '隐私标记职业QZX',
      purpose: '隐私标记用途QZX',
    };
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const resident = await registerResident(
        { db: db.db, tenant, actor: platform, now, dataKey: DATA_KEY },
        {
          idNumber: idNumberFor('1975-05-05', 600 + i, '520102'),
          name: `${markers.name}${i}`,
          phone: markers.phone,
          room: markers.room,
          addressUnitId: unit?.id as string,
        },
      );
      ids.push(resident.id);
    }
    const community = await departmentKey(api, 'guiyang', 'community', ['residents:write']);
    for (const id of ids) {
      const pushed = await api.send('PUT', `/v1/t/guiyang/residents/${id}/facets/community_basics`, {
        token: community.secret,
        json: { data: { occupation: markers.occupation, household_size: 3 }, sourceSystem: '社区采集' },
      });
      expect([200, 201]).toContain(pushed.status);
    }
    const reader = await departmentKey(api, 'guiyang', 'civil_affairs', ['residents:read']);
    const read = await api.send('GET', `/v1/t/guiyang/residents/${ids[0]}`, {
      token: reader.secret,
      headers: { 'x-purpose': encodeURIComponent(`eligibility_check;${markers.purpose}`) },
    });
    expect(read.status).toBe(200);
    expect(await read.text()).toContain(markers.name); // the marker is real data an authorized reader sees
    await runStatusSweep({ db: db.db, now });

    // Residents start and support a council proposal on the public site, leaving contacts.
    const [council] = await db.query<{ code: string }>(
      'select u.code from councils c join org_units u on u.id = c.org_unit_id where c.tenant_id = $1',
      [tenant.id],
    );
    const councilPath = `/t/guiyang/communities/${council?.code}/council`;
    const form = (path: string, fields: Record<string, string>) =>
      api.app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
    const started = await form(`${councilPath}/proposals`, {
      title: '隐私测试提案',
      body: '增设休息座椅',
      contact: markers.phone,
    });
    expect(started.status).toBe(303);
    const [proposal] = await db.query<{ id: string }>(
      "select id from council_proposals where title = '隐私测试提案'",
    );
    // A co-signer's contact is a number or an email address: the name marker rides in an address.
    const supported = await form(`${councilPath}/proposals/${proposal?.id}/support`, {
      contact: `${markers.name}@example.org`,
    });
    expect(supported.status).toBe(303);

    const idNumbers = [0, 1, 2].map((i) => idNumberFor('1975-05-05', 600 + i, '520102'));
    // A resident's report through the form, its contact carrying the markers; every tracking page,
    // feed and Open311 answer about it is checked below (the form's own answer too).
    const report = new FormData();
    for (const [key, value] of Object.entries({
      service_code: 'city_operation',
      address_id: code,
      description: '楼道堆放杂物',
      contact: `${markers.name} ${markers.phone}`,
    }))
      report.set(key, value);
    const reported = await api.app.request('/t/guiyang/report', { method: 'POST', body: report });
    expect(reported.status).toBe(201);
    const answer = await reported.text();
    for (const marker of Object.values(markers)) expect(answer.includes(marker)).toBe(false);
    const number = /data-request-id="([^"]+)"/.exec(answer)?.[1] ?? '';
    const token = /token=([a-z2-7]+)/.exec(answer)?.[1] ?? '';
    const j = 'jurisdiction_id=guiyang';
    const open311 = ['json', 'xml'].flatMap((f) => [
      `/open311/v2/discovery.${f}?${j}`,
      `/open311/v2/services.${f}?${j}`,
      `/open311/v2/services/city_operation.${f}?${j}`,
      `/open311/v2/requests.${f}?${j}`,
      `/open311/v2/requests.${f}?${j}&lang=en`,
      `/open311/v2/requests/${number}.${f}?${j}`,
      `/open311/v2/tokens/${token}.${f}?${j}`,
      `/open311/v2/servicerequestupdates.${f}?${j}`,
    ]);
    const tracking = [
      '/t/guiyang/report',
      '/t/guiyang/report?lang=en',
      '/t/guiyang/figures',
      `/t/guiyang/requests/${number}`,
      `/t/guiyang/requests/${number}?lang=en`,
      `/t/guiyang/requests/${number}?token=${token}`,
      `/t/guiyang/requests/${number}/feed.rss`,
      `/t/guiyang/requests/${number}/feed.atom?lang=en`,
    ];
    const paths = [
      councilPath,
      `${councilPath}?lang=en`,
      `${councilPath}/feed.rss`,
      `${councilPath}/feed.atom`,
      ...open311,
      ...tracking,
      '/',
      '/t/guiyang',
      '/t/guiyang?lang=en',
      `/t/guiyang/communities/${code}`,
      `/t/guiyang/communities/${code}?lang=en`,
      '/t/guiyang/status',
      '/t/guiyang/statistics',
      '/t/guiyang/status/feed.rss',
      '/t/guiyang/status/feed.atom',
      '/t/guiyang/api/v2/summary.json',
      '/t/guiyang/api/v2/status.json',
      '/t/guiyang/api/v2/components.json',
      '/t/guiyang/api/v2/incidents.json',
      '/t/guiyang/api/v2/incidents.json?lang=en',
    ];
    for (const path of paths) {
      const response = await text(path);
      expect(response.status, path).toBe(200);
      for (const marker of [...Object.values(markers), ...idNumbers, ...ids])
        expect(response.body.includes(marker), `${path} shows ${marker}`).toBe(false);
    }
    // The statistics count those pushes and the read, but small counts are suppressed. They are
    // cached by time (5 minutes), so look once that has passed.
    offset += 6 * 60_000;
    const statistics = await text('/t/guiyang/statistics');
    const month = now().toISOString().slice(0, 7);
    const row = statistics.body.match(new RegExp(`<tr data-month="${month}">(.*?)</tr>`))?.[1] ?? '';
    // One pull, and it spared a re-collection (civil affairs read fields the community collected).
    expect(row.match(/data-suppressed="true">&lt;5</g)).toHaveLength(2);
    expect(row).toContain('data-suppressed="false">6<'); // three registrations and three pushes
  });

  it('suppresses counts from 1 to 4 and shows 0 and 5 and above as they are', () => {
    expect([0, 1, 4, 5, 12].map((n) => suppress(n).shown)).toEqual(['0', '<5', '<5', '5', '12']);
    expect(suppress(3)).toEqual({ value: 0, shown: '<5', suppressed: true });
  });
});

describe('cached pages and the calendar', () => {
  it('a community opening tomorrow appears on the city page tomorrow, with nothing else changing', async () => {
    const liaoyuan = cities.get('liaoyuan') as TenantRow;
    const [district] = await db.query<{ code: string }>(
      `select code from org_units where tenant_id = $1 and level = 'district' order by code limit 1`,
      [liaoyuan.id],
    );
    const tomorrow = todayIn(liaoyuan.timezone, new Date(now().getTime() + 86_400_000));
    await createOrgUnit(
      { db: db.db, tenant: liaoyuan, actor: platform, now },
      {
        code: 'opening-tomorrow',
        level: 'community',
        parent: district?.code,
        validFrom: tomorrow,
        name: { zh: '明日新社区', en: 'Tomorrow community' },
        sample: true,
        attributes: {},
      },
    );
    const count = (html: string) => Number(html.match(/data-level="community">(\d+)</)?.[1]);
    const today = await text('/t/liaoyuan');
    expect(count(today.body)).toBe(30);
    expect((await text('/t/liaoyuan')).headers.get('x-cache')).toBe('HIT');
    offset += 86_400_000;
    const next = await text('/t/liaoyuan');
    expect(next.headers.get('x-cache')).toBe('MISS');
    expect(count(next.body)).toBe(31);
  });
});

describe('a city that publishes no grid staff listing', () => {
  it('refuses a listing through the API (409), writing nothing', async () => {
    const tenant = cities.get('jinjiang') as TenantRow;
    expect(tenant.structure.mechanisms.gridRealNameListing).toBe(false);
    const [unit] = await db.query<{ id: string }>(
      `select id from org_units where tenant_id = $1 and level = 'community' and valid_to is null limit 1`,
      [tenant.id],
    );
    const before = await snapshotStore(db);
    const response = await api.send('POST', '/v1/t/jinjiang/staff-listings', {
      token: PLATFORM_TOKEN,
      json: {
        orgUnitId: unit?.id,
        grid: { zh: '第一网格', en: 'Grid 1' },
        name: '李明',
        role: { zh: '专职网格员', en: 'Full-time grid worker' },
        contact: '分机 101',
      },
    });
    expect(response.status).toBe(409);
    expect((await body<ErrorBody>(response)).error.code).toBe('staff_listing.not_published');
    expect(await snapshotStore(db)).toEqual(before);
  });
});
