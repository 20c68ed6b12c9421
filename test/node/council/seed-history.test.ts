import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCouncils } from '../../../functions/council/council.seed';
import { onboardTenant } from '../../../functions/onboarding/onboarding.service';
import { tenantFiles } from '../../../scripts/embedded';
import { body, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { PLATFORM_TOKEN } from '../../support/fixtures';

/** The seeded history: 永兴 2009-09-18 and 五福桥 from the Jinjiang source, Guiyang's sample cycle. */
let db: TestDatabase;
let api: ReturnType<typeof testApp>;

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
  for (const file of tenantFiles()) {
    const { tenant } = await onboardTenant({ db: db.db }, JSON.parse(readFileSync(file, 'utf8')));
    expect(await seedCouncils(db.db, tenant)).toBe(1);
    expect(await seedCouncils(db.db, tenant)).toBe(0);
  }
});
afterAll(async () => db.close());

describe('seeded council history', () => {
  it("shows 永兴's meeting of 18 September 2009: 81 present, 5 projects, the 2 leisure rooms rejected, with its source", async () => {
    const page = await (await api.get('/t/jinjiang/communities/yongxing/council')).text();
    expect(page).toContain('出席 81 人');
    expect(page).toContain('2009-09-18');
    expect(page.match(/表决否决（票数未载明）/g)).toHaveLength(2);
    expect(page.match(/表决通过（票数未载明）/g)).toHaveLength(3);
    expect(page).toContain('修建休闲活动室（一）');
    expect(page).toContain('社区治理——锦江案例');
    expect(page).toContain('样例');
    const votes = await db.query<{ id: string; result: string }>(
      "select v.id, v.result from council_votes v join councils c on c.id = (select council_id from council_meetings m where m.id = v.meeting_id) join org_units u on u.id = c.org_unit_id where u.code = 'yongxing'",
    );
    expect(votes.filter((v) => v.result === 'rejected')).toHaveLength(2);
    const verified = await body<{ ok: boolean }>(
      await api.send('GET', `/v1/t/jinjiang/council-votes/${votes[0]?.id}/verification`, {
        token: PLATFORM_TOKEN,
      }),
    );
    expect(verified.ok).toBe(true);
  });

  it("records 五福桥's 48 proposals carried out in its yearly summary, with the source, and the police room", async () => {
    const page = await (await api.get('/t/jinjiang/communities/wufuqiao/council')).text();
    expect(page).toContain('资料记载已落实提案 48 件');
    expect(page).toContain('在沙河边设立警务室');
    const en = await (await api.get('/t/jinjiang/communities/wufuqiao/council?lang=en')).text();
    expect(en).toContain('the sources record 48 proposals carried out');
    // Sources are cited as documents: the heading is the council's name alone, no repository path.
    expect(page).toMatch(/<h1>[^<]*<\/h1>/);
    expect(page).not.toContain('shared/seeds');
  });

  it('is reached from its community’s page (the 2026-12-07 review: no page linked to a council)', async () => {
    const community = await (await api.get('/t/jinjiang/communities/wufuqiao')).text();
    expect(community).toContain('href="/t/jinjiang/communities/wufuqiao/council"');
    const en = await (await api.get('/t/jinjiang/communities/wufuqiao?lang=en')).text();
    expect(en).toContain('href="/t/jinjiang/communities/wufuqiao/council?lang=en"');
    expect(en).toContain('proposals, meetings and votes');
  });

  it('runs a sample 三会一评 cycle in Guiyang, every step labelled a sample, its progress rolled up', async () => {
    const [row] = await db.query<{ code: string }>(
      "select u.code from councils c join org_units u on u.id = c.org_unit_id join tenants t on t.id = c.tenant_id where t.slug = 'guiyang'",
    );
    const page = await (await api.get(`/t/guiyang/communities/${row?.code}/council`)).text();
    for (const kind of ['opinion_collection', 'topic_discussion', 'decision', 'report_review'])
      expect(page).toContain(`data-meeting-kind="${kind}"`);
    expect(page).toContain('赞成 3，反对 0，弃权 1');
    // (100 × 1 + 40 × 3) / 4 = 55
    expect(page).toContain('进度 55%');
    expect(page).toContain('基本满意');
    expect(page).toContain('样例');
  });
});
