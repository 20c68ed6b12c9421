import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onboardTenant } from '../../../functions/onboarding/onboarding.service';
import { withTenant } from '../../../functions/platform/db';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { seedPublicSite } from '../../../functions/public-site/public-site.seed';
import { testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { smallCity } from '../../support/fixtures';

/**
 * Every page of a city names the city (the 2026-12-07 desktop review): the figures and report pages
 * said "案件办理情况" and "我要反映问题" under the product's name with no word of whose they were.
 * The city navigation's first link is now the city's home, by name.
 */
let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let city: TenantRow;

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
  city = (await onboardTenant({ db: db.db }, smallCity())).tenant;
  await withTenant({ db: db.db, tenantId: city.id }, (tx) => seedPublicSite(tx, city, new Date()));
});
afterAll(async () => db.close());

const pages = ['', '/status', '/statistics', '/figures', '/admission', '/evaluation', '/report'];
const navOf = (html: string) => /<nav class="city-nav"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';

describe('a city’s pages', () => {
  it('name the city in their navigation, in the page’s language', async () => {
    for (const page of pages) {
      const zh = await api.get(`/t/${city.slug}${page}`);
      expect(zh.status, page).toBe(200);
      expect(navOf(await zh.text()), page).toContain(`${city.nameZh}首页`);
      const en = await api.get(`/t/${city.slug}${page}?lang=en`);
      expect(navOf(await en.text()), page).toContain(`${city.nameEn} home`);
    }
  });
});
