import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onboardTenant } from '../../../functions/onboarding/onboarding.service';
import { tenantFiles } from '../../../scripts/embedded';
import { body, type OrgUnitsPage, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { snapshotStore } from '../../support/snapshot';

/** The four cities exactly as `npm start` seeds them, checked against the facts in DOMAIN.md. */
let db: TestDatabase;
let api: ReturnType<typeof testApp>;
beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
  for (const file of tenantFiles())
    await onboardTenant({ db: db.db }, JSON.parse(readFileSync(file, 'utf8')));
});
afterAll(async () => db.close());

async function units(slug: string, query: string) {
  return body<OrgUnitsPage>(await api.get(`/v1/t/${slug}/org-units?limit=1000&${query}`));
}

describe('the seeded cities', () => {
  it('Guiyang: 49 streets on 2009-12-31, 90 communities formed from them by 2011', async () => {
    const before = await units('guiyang', 'asOf=2009-12-31');
    expect(before.counts.street).toBe(49);
    expect(before.counts.community ?? 0).toBe(0);
    const after = await units('guiyang', 'asOf=2011-01-01');
    expect(after.counts.community).toBe(90);
    expect(after.counts.street ?? 0).toBe(0);
    const reforms = await body<{
      items: { closed: Record<string, number>; opened: Record<string, number>; effectiveOn: string }[];
    }>(await api.get('/v1/t/guiyang/reforms'));
    expect(reforms.items).toMatchObject([
      { effectiveOn: '2010-02-01', closed: { street: 49 }, opened: { community: 90 } },
    ]);
  });

  it('Liaoyuan: 30 communities in two districts (西安区 12, 龙山区 18)', async () => {
    const now = await units('liaoyuan', '');
    expect(now.counts.community).toBe(30);
    expect(now.counts.district).toBe(2);
    const districts = now.items.filter((unit) => unit.level === 'district');
    const perDistrict = Object.fromEntries(
      districts.map((d) => [d.name.zh, now.items.filter((unit) => unit.parentId === d.id).length]),
    );
    expect(perDistrict).toEqual({ 西安区: 12, 龙山区: 18 });
    const between = await units('liaoyuan', 'asOf=2011-06-30');
    expect(between.counts).toMatchObject({ community: 12, street: 8 });
  });

  it('Tongling: 18 communities in 2010 and 10 merged into 5 on 15 July 2011; no streets left', async () => {
    const reforms = await body<{
      items: { effectiveOn: string; closed: Record<string, number>; opened: Record<string, number> }[];
    }>(await api.get('/v1/t/tongling/reforms'));
    expect(reforms.items).toMatchObject([
      { closed: { street: 6, residents_committee: 49 }, opened: { community: 18 } },
      { effectiveOn: '2011-07-15', closed: { street: 4, community: 10 }, opened: { community: 5 } },
    ]);
    const now = await units('tongling', '');
    expect(now.counts.street ?? 0).toBe(0);
    expect(now.counts.community).toBe(23);
  });

  it('Jinjiang keeps its streets, with communities under them', async () => {
    const now = await units('jinjiang', '');
    expect(now.counts.street).toBeGreaterThan(0);
    expect(now.items.some((unit) => unit.name.zh === '双桂路街道')).toBe(true);
    expect(now.items.some((unit) => unit.name.zh === '五福桥社区')).toBe(true);
  });

  it('seeding again changes nothing', async () => {
    const before = await snapshotStore(db);
    for (const file of tenantFiles()) {
      const result = await onboardTenant({ db: db.db }, JSON.parse(readFileSync(file, 'utf8')));
      expect(result.created).toBe(false);
    }
    expect(await snapshotStore(db)).toEqual(before);
  });

  it('renders each city page in Chinese with its counts, and in English on request', async () => {
    const guiyang = await (await api.get('/t/guiyang')).text();
    expect(guiyang).toContain('lang="zh-CN"');
    expect(guiyang).toContain('一委一会一中心');
    expect(guiyang).toMatch(/撤销 49 个街道/);
    expect(guiyang).toMatch(/成立 90 个新型社区/);
    expect(guiyang).toMatch(/data-level="community">90</);

    const english = await (await api.get('/t/guiyang?lang=en')).text();
    expect(english).toContain('lang="en"');
    expect(english).toMatch(/abolished 49 street/i);
    expect(english).toMatch(/formed 90 /i);

    const liaoyuan = await (await api.get('/t/liaoyuan')).text();
    expect(liaoyuan).toMatch(/data-level="community">30</);
    const tongling = await (await api.get('/t/tongling')).text();
    expect(tongling).toMatch(/成立 18 个/);
    expect(tongling).toMatch(/成立 5 个/);
    const jinjiang = await (await api.get('/t/jinjiang')).text();
    expect(jinjiang).toContain('锦江');
    expect((await api.get('/t/atlantis')).status).toBe(404);
  });
});
