import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { testApp } from '../../support/app';
import { consoleBrowser, form } from '../../support/console';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { cityWithGrids, person } from '../../support/identity';
import { snapshotStore } from '../../support/snapshot';

let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let browser: ReturnType<typeof consoleBrowser>;
let city: TenantRow;
let cityAdmin = '';
let eastAdmin = '';

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
  browser = consoleBrowser(api);
  city = await cityWithGrids(db.db);
  cityAdmin = await browser.signIn(
    city.slug,
    (await person(db.db, city, 'city_administrator', 'city')).email,
  );
  eastAdmin = await browser.signIn(
    city.slug,
    (await person(db.db, city, 'district_administrator', 'east')).email,
  );
});
afterAll(async () => db.close());

const merge = {
  code: 'merge-east-2-3',
  effectiveOn: '2026-01-01',
  titleZh: '东二东三合并',
  titleEn: 'East 2 and 3 merged',
  closes: 'east-c2, east-c3',
  opens: 'east-c23 | community | east | 东二三社区 | East community 2-3',
  lineage: 'east-c2 > east-c23\neast-c3 > east-c23',
};

describe('the org tree', () => {
  it('shows the city’s units as a tree with levels, codes and open or closed, in both languages', async () => {
    const zh = await (await browser.get('/admin/org-tree', cityAdmin)).text();
    expect(zh).toContain('data-unit="east-c1-g1"');
    expect(zh).toContain('东一网格1');
    expect(zh).toContain('<code>east</code>');
    expect(zh).not.toContain('data-unit="east-s1"'); // closed by the 2010 reform: only on request
    expect(zh).toContain('reform-2010');
    const closed = await (await browser.get('/admin/org-tree?closed=1&lang=en', cityAdmin)).text();
    expect(closed).toMatch(/data-unit="east-s1">[\s\S]*?closed \(2010-02-01\)/);
    expect(closed).toContain('Grid E1-1');
    expect(closed).toContain('href="/admin/org-tree"'); // the nav entry
    // English pages use English punctuation (none of the Chinese marks the zh texts use).
    expect(closed.slice(closed.indexOf('<main')).match(/[（）；：、]/g)).toBeNull();
  });

  it('an empty reform form is refused naming its fields in the page’s language, with nothing written', async () => {
    const before = await snapshotStore(db);
    const response = await browser.post('/admin/org-tree/reforms/preview', form({}), cityAdmin);
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('data-field="code"');
    expect(html).toMatch(/data-field="effectiveOn">生效日期/);
    const english = await browser.post(
      '/admin/org-tree/reforms?lang=en',
      form({ ...merge, code: '' }),
      cityAdmin,
    );
    expect(english.status).toBe(422);
    expect(await english.text()).toMatch(/data-field="code">Reform code/);
    expect(await snapshotStore(db)).toEqual(before);
  });
});

describe('a reform from the console: preview what moves, then apply', () => {
  it('previews the staff role that would move without writing, then applies it and the role moves', async () => {
    const staff = await person(db.db, city, 'community_staff', 'east-c2');
    const before = await snapshotStore(db);
    const preview = await browser.post('/admin/org-tree/reforms/preview', form(merge), cityAdmin);
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toMatch(
      /data-carry="east-c2">[\s\S]*?<code>east-c23<\/code>[\s\S]*?data-dweller="roles">工作人员角色：1/,
    );
    expect(html).toContain('action="/admin/org-tree/reforms"');
    expect(html).toMatch(/将撤销[\s\S]*?东二社区 <code>east-c2<\/code>/);
    expect(html).toContain('name="lineage"');
    expect(await snapshotStore(db)).toEqual(before);

    const applied = await browser.post('/admin/org-tree/reforms', form(merge), cityAdmin);
    expect(applied.status).toBe(303);
    expect(applied.headers.get('location')).toBe('/admin/org-tree?applied=merge-east-2-3');
    const [role] = await db.query<{ code: string }>(
      `select u.code from role_grants g join org_units u on u.id = g.org_unit_id where g.user_id = '${staff.user.id}'`,
    );
    expect(role?.code).toBe('east-c23');
    const tree = await (await browser.get('/admin/org-tree', cityAdmin)).text();
    expect(tree).toContain('data-unit="east-c23"');
    expect(tree).not.toContain('data-unit="east-c2"');
  });

  it('a reform that leaves things on a closed unit without a successor is refused naming the unit, nothing written', async () => {
    await person(db.db, city, 'grid_worker', 'west-c1-g1');
    const before = await snapshotStore(db);
    const response = await browser.post(
      '/admin/org-tree/reforms/preview',
      form({
        code: 'close-w',
        effectiveOn: '2026-02-01',
        titleZh: '撤销',
        titleEn: 'Closed',
        closes: 'west-c1-g1',
      }),
      cityAdmin,
    );
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('data-code="reform.carry_no_successor"');
    expect(html).toContain('撤销的单位第 1 个');
    expect(await snapshotStore(db)).toEqual(before);
  });

  it('a district administrator cannot reform another district; the refusal writes nothing', async () => {
    const before = await snapshotStore(db);
    const response = await browser.post(
      '/admin/org-tree/reforms',
      form({
        ...merge,
        code: 'west-rename',
        closes: 'west-c1',
        opens: 'west-c9 | community | west | 西九社区 | West community 9',
        lineage: 'west-c1 > west-c9 *',
      }),
      eastAdmin,
    );
    expect(response.status).toBe(403);
    expect(await snapshotStore(db)).toEqual(before);
  });
});
