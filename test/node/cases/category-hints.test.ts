import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { body, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { PLATFORM_TOKEN } from '../../support/fixtures';
import { cityWithGrids } from '../../support/identity';
import { snapshotStore } from '../../support/snapshot';

/**
 * A category in residents' words: the catalog's names are governance functions (协调城市运行), so each
 * public category carries what residents report under it, shown on the report form and as the
 * Open311 service description; a city administrator edits it with the category.
 */
let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let city: TenantRow;

interface Category {
  id: string;
  code: string;
  name: { zh: string; en: string };
  hint: { zh: string; en: string };
  handlerKind: string;
  departmentId: string | null;
  limits: Record<string, number>;
  attributes: unknown[];
  public: boolean;
  active: boolean;
}
const categories = async () =>
  (
    await body<{ items: Category[] }>(
      await api.send('GET', `/v1/t/${city.slug}/case-categories`, { token: PLATFORM_TOKEN }),
    )
  ).items;
const services = async (lang: string) =>
  body<{ service_code: string; description: string }[]>(
    await api.get(`/open311/v2/services.json?jurisdiction_id=${city.slug}${lang}`),
  );

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
  city = await cityWithGrids(db.db);
});
afterAll(async () => db.close());

describe('categories in residents’ words', () => {
  it('the default public categories say what they cover, on the report form and in Open311', async () => {
    const operation = (await categories()).find((item) => item.code === 'city_operation');
    expect(operation?.hint.zh).toContain('路灯不亮');
    expect(operation?.hint.en).toContain('Street lights out');
    // Every category a resident may pick says what it covers.
    for (const item of (await categories()).filter((category) => category.public))
      expect(item.hint.zh).not.toBe('');
    const form = await (await api.get(`/t/${city.slug}/report`)).text();
    expect(form).toMatch(
      /<li data-category="city_operation"><strong>协调城市运行<\/strong>：路灯不亮、井盖缺失/,
    );
    expect(form).toContain('aria-describedby="service_code-hints"');
    expect(
      (await services('')).find((item) => item.service_code === 'city_operation')?.description,
    ).toContain('井盖缺失');
    expect(
      (await services('&lang=en')).find((item) => item.service_code === 'city_operation')?.description,
    ).toContain('missing manhole covers');
  });

  it('a city administrator rewrites one with the category; unsafe text is refused and nothing changes', async () => {
    const operation = (await categories()).find((item) => item.code === 'city_operation') as Category;
    const { id, hint: _hint, ...rest } = operation;
    const put = (hint: { zh: string; en: string }) =>
      api.send('PUT', `/v1/t/${city.slug}/case-categories/${id}`, {
        token: PLATFORM_TOKEN,
        json: {
          code: rest.code,
          name: rest.name,
          hint,
          handlerKind: rest.handlerKind,
          departmentId: rest.departmentId,
          limits: rest.limits,
          attributes: rest.attributes,
          public: rest.public,
          active: rest.active,
        },
      });
    const before = await snapshotStore(db);
    const refused = await put({ zh: '路灯\u0007坏了', en: '' });
    expect(refused.status).toBe(422);
    expect(await snapshotStore(db)).toEqual(before);
    expect(
      (await put({ zh: '路灯、井盖、树木倒伏', en: 'Street lights, manhole covers, fallen trees' })).status,
    ).toBe(200);
    expect((await categories()).find((item) => item.id === id)?.hint).toEqual({
      zh: '路灯、井盖、树木倒伏',
      en: 'Street lights, manhole covers, fallen trees',
    });
    expect((await services('')).find((item) => item.service_code === 'city_operation')?.description).toBe(
      '路灯、井盖、树木倒伏',
    );
    // No hint: the description falls back to the name.
    expect((await put({ zh: '', en: '' })).status).toBe(200);
    expect((await services('')).find((item) => item.service_code === 'city_operation')?.description).toBe(
      '协调城市运行',
    );
  });
});
