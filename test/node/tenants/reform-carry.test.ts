import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { publishedStaff } from '../../../schema';
import { body, type ErrorBody, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { PLATFORM_TOKEN } from '../../support/fixtures';
import { cityWithGrids, person, unitId } from '../../support/identity';
import { idNumberFor } from '../../support/sharing';
import { snapshotStore } from '../../support/snapshot';

/**
 * Issue 16 item 5: a reform carries what lives on the units it closes. Before this, closing a grid
 * left its residents' addresses, staff roles and grid-staff listing on a closed unit; now they move
 * along the lineage, or the reform is refused (naming the unit) until the lineage gives a successor.
 */
let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let city: TenantRow;
const path = (rest: string) => `/v1/t/${city.slug}${rest}`;

const grid = (code: string, zh: string) => ({
  code,
  level: 'grid',
  parent: 'east-c1',
  name: { zh, en: code },
});

async function dwellersOn(code: string) {
  const id = await unitId(db.db, city.id, code);
  const count = async (sql: string) => (await db.query<{ n: number }>(sql, [id]))[0]?.n ?? 0;
  return {
    residents: await count('select count(*)::int as n from residents where address_unit_id = $1'),
    roles: await count('select count(*)::int as n from role_grants where org_unit_id = $1'),
    listing: await count('select count(*)::int as n from published_staff where org_unit_id = $1'),
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
  city = await cityWithGrids(db.db);
  const g1 = await unitId(db.db, city.id, 'east-c1-g1');
  for (const serial of [11, 12, 13]) {
    const registered = await api.send('POST', path('/residents'), {
      token: PLATFORM_TOKEN,
      json: { idNumber: idNumberFor('1970-01-01', serial), name: `居民${serial}`, addressUnitId: g1 },
    });
    expect(registered.status).toBe(201);
  }
  await person(db.db, city, 'grid_worker', 'east-c1-g1');
  await db.db
    .insert(publishedStaff)
    .values({ tenantId: city.id, orgUnitId: g1, name: '王网格', roleZh: '网格员', roleEn: 'Grid worker' });
});
afterAll(async () => db.close());

describe('a reform that closes a unit people live on', () => {
  const closeOnly = {
    code: 'close-g1',
    effectiveOn: '2026-01-01',
    title: { zh: '撤销网格', en: 'Grid closed' },
    closes: ['east-c1-g1'],
  };

  it('is refused, naming the unit and what lives there, when the lineage gives no successor — nothing written', async () => {
    const before = await snapshotStore(db);
    for (const url of ['/reforms/preview', '/reforms']) {
      const refused = await api.send('POST', path(url), { token: PLATFORM_TOKEN, json: closeOnly });
      expect(refused.status).toBe(422);
      const details = (await body<ErrorBody>(refused)).error.details ?? [];
      expect(details).toContainEqual(
        expect.objectContaining({
          path: 'closes.0',
          code: 'reform.carry_no_successor',
          params: { code: 'east-c1-g1', count: 5 },
        }),
      );
    }
    expect(await snapshotStore(db)).toEqual(before);
  });

  it('split without a marked link is refused; the preview then shows what would move and writes nothing', async () => {
    const split = {
      ...closeOnly,
      code: 'split-g1',
      opens: [grid('east-c1-g7', '东一网格7'), grid('east-c1-g8', '东一网格8')],
      lineage: [
        { from: 'east-c1-g1', to: 'east-c1-g7' },
        { from: 'east-c1-g1', to: 'east-c1-g8' },
      ],
    };
    const ambiguous = await api.send('POST', path('/reforms'), { token: PLATFORM_TOKEN, json: split });
    expect(ambiguous.status).toBe(422);
    expect((await body<ErrorBody>(ambiguous)).error.details?.[0]).toMatchObject({
      code: 'reform.carry_ambiguous',
      params: { successors: ['east-c1-g7', 'east-c1-g8'] },
    });

    const marked = { ...split, lineage: [split.lineage[0], { ...split.lineage[1], carry: true }] };
    const before = await snapshotStore(db);
    const preview = await api.send('POST', path('/reforms/preview'), { token: PLATFORM_TOKEN, json: marked });
    expect(preview.status).toBe(200);
    expect(await body(preview)).toMatchObject({
      code: 'split-g1',
      carries: [
        { from: 'east-c1-g1', to: 'east-c1-g8', counts: { residents: 3, roles: 1, staff_listing: 1 } },
      ],
    });
    expect(await snapshotStore(db)).toEqual(before);
    expect(await dwellersOn('east-c1-g1')).toEqual({ residents: 3, roles: 1, listing: 1 });

    const applied = await api.send('POST', path('/reforms'), { token: PLATFORM_TOKEN, json: marked });
    expect(applied.status).toBe(201);
    expect(await body(applied)).toMatchObject({ carried: { residents: 3, roles: 1, staff_listing: 1 } });
    expect(await dwellersOn('east-c1-g1')).toEqual({ residents: 0, roles: 0, listing: 0 });
    expect(await dwellersOn('east-c1-g8')).toEqual({ residents: 3, roles: 1, listing: 1 });
    const [audit] = await db.query<{ details: { carried: Record<string, number> } }>(
      "select details from audit_events where action = 'reform.apply' order by seq desc limit 1",
    );
    expect(audit?.details.carried).toEqual({ residents: 3, roles: 1, staff_listing: 1 });
  });
});

describe('a closed community’s public page', () => {
  it('says when it closed and links to what it became, in both languages, instead of 404', async () => {
    const merged = await api.send('POST', path('/reforms'), {
      token: PLATFORM_TOKEN,
      json: {
        code: 'merge-c2-c3',
        effectiveOn: '2026-02-01',
        title: { zh: '东二东三社区合并', en: 'East 2 and East 3 merged' },
        closes: ['east-c2', 'east-c3'],
        opens: [
          {
            code: 'east-c23',
            level: 'community',
            parent: 'east',
            name: { zh: '东合社区', en: 'East United' },
          },
        ],
        lineage: [
          { from: 'east-c2', to: 'east-c23' },
          { from: 'east-c3', to: 'east-c23' },
        ],
      },
    });
    expect(merged.status).toBe(201);
    const page = await api.app.request(`/t/${city.slug}/communities/east-c2`, {
      headers: { accept: 'text/html' },
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('该社区已于');
    expect(html).toContain('东二东三社区合并');
    expect(html).toContain(`href="/t/${city.slug}/communities/east-c23"`);
    const english = await (await api.app.request(`/t/${city.slug}/communities/east-c2?lang=en`)).text();
    expect(english).toContain('This community was closed on');
    expect(english).toContain(`href="/t/${city.slug}/communities/east-c23?lang=en"`);
    const unknown = await api.app.request(`/t/${city.slug}/communities/no-such-c9`, {
      headers: { accept: 'text/html' },
    });
    expect(unknown.status).toBe(404);
  });
});
