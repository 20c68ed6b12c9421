import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { checkPage, launchBrowser, openPage } from './support/browser';

/** The seeded community of each city (the first by code; see functions/status/public-site.seed.ts). */
const cities = [
  { slug: 'guiyang', community: 'huaxi-c01', listing: true },
  { slug: 'liaoyuan', community: 'longshan-c01', listing: true },
  { slug: 'tongling', community: 'shizishan-c01', listing: true },
  { slug: 'jinjiang', community: 'jinjiang-c01', listing: false },
];

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

describe('a visitor to a city’s public site', () => {
  for (const city of cities) {
    it(`${city.slug}: opens the status page from the city page, then statistics, then a community`, async () => {
      const page = await openPage(browser);
      await page.goto(`/t/${city.slug}`);
      await page
        .getByRole('navigation', { name: '本市页面' })
        .getByRole('link', { name: '数据链路状态' })
        .click();
      await page.waitForURL(`**/t/${city.slug}/status`);
      await expect(page.locator('.status-banner').count()).resolves.toBe(1);
      // The seed connects every department; the sweep at start rated each link.
      await expect(page.locator('li[data-component]').count()).resolves.toBeGreaterThan(0);
      await checkPage(page, `status-${city.slug}-zh`);

      await page
        .getByRole('navigation', { name: '本市页面' })
        .getByRole('link', { name: '数据共享统计' })
        .click();
      await page.waitForURL(`**/t/${city.slug}/statistics`);
      await expect(page.locator('svg[role="img"]').count()).resolves.toBe(2);
      await checkPage(page, `statistics-${city.slug}-zh`);

      const response = await page.goto(`/t/${city.slug}/communities/${city.community}?lang=en`);
      expect(response?.status()).toBe(200);
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
      const staff = await page.locator('tr[data-staff]').count();
      expect(staff).toBe(city.listing ? 3 : 0);
      await checkPage(page, `community-${city.slug}-en`);
      await page.context().close();
    });
  }

  it('reads a community page and the status page on a phone without sideways scrolling', async () => {
    const page = await openPage(browser, { phone: true });
    for (const path of ['/t/guiyang/communities/huaxi-c01', '/t/guiyang/status', '/t/guiyang/statistics']) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
      await checkPage(page, `phone${path.replaceAll('/', '-')}`);
    }
    await page.context().close();
  });

  it('on a phone, the English pages keep the language link "中文" on one line', async () => {
    const page = await openPage(browser, { phone: true });
    for (const path of [
      '/t/guiyang?lang=en',
      '/t/guiyang/communities/huaxi-c01?lang=en',
      '/t/guiyang/status?lang=en',
    ]) {
      await page.goto(path);
      const link = page.locator('.site-header nav a');
      await expect(link.textContent()).resolves.toBe('中文');
      // a link broken across lines has one box per line
      const boxes = await link.evaluate((node) => node.getClientRects().length);
      expect(boxes, path).toBe(1);
    }
    await page.context().close();
  });

  it('a mistyped address shows a page with a way home, not JSON', async () => {
    const page = await openPage(browser);
    const response = await page.goto('/nope');
    expect(response?.status()).toBe(404);
    expect(response?.headers()['content-type']).toContain('text/html');
    await page.getByRole('link', { name: '返回首页' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.context().close();
  });

  it('sees an incident an administrator opens on the status page and in the feeds', async () => {
    const base = inject('baseUrl');
    const opened = await fetch(`${base}/v1/t/tongling/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${inject('platformToken')}` },
      body: JSON.stringify({
        name: { zh: '铜陵公安接口维护 <测试> & “引号”', en: 'Tongling public security API maintenance' },
        impact: 'minor',
        status: 'identified',
        body: { zh: '接口升级中。', en: 'Upgrading.' },
      }),
    });
    expect(opened.status).toBe(201);
    const page = await openPage(browser);
    await page.goto('/t/tongling/status');
    await expect(
      page.getByRole('heading', { name: '铜陵公安接口维护 <测试> & “引号”' }).count(),
    ).resolves.toBe(1);
    await checkPage(page, 'status-tongling-incident');
    await page.context().close();
    // Both feeds are well-formed XML (parsed by the browser), escape what they carry, and list the incident.
    const checker = await openPage(browser);
    for (const [kind, item, type] of [
      ['rss', 'item', 'application/rss+xml'],
      ['atom', 'entry', 'application/atom+xml'],
    ] as const) {
      const feed = await fetch(`${base}/t/tongling/status/feed.${kind}`);
      expect(feed.headers.get('content-type')).toContain(type);
      const xml = await feed.text();
      const parsed = await checker.evaluate(
        ([source, tag]) => {
          const doc = new DOMParser().parseFromString(source, 'application/xml');
          return {
            errors: doc.getElementsByTagName('parsererror').length,
            titles: [...doc.getElementsByTagName(tag)].map(
              (node) => node.getElementsByTagName('title')[0]?.textContent,
            ),
          };
        },
        [xml, item] as const,
      );
      expect(parsed.errors, kind).toBe(0);
      expect(parsed.titles.some((title) => title?.includes('铜陵公安接口维护 <测试> & “引号”'))).toBe(true);
    }
    await checker.context().close();
  });
});
