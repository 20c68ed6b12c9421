import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, launchBrowser, openPage } from './support/browser';

const cities = [
  { slug: 'guiyang', zh: '贵阳市', en: 'Guiyang' },
  { slug: 'liaoyuan', zh: '辽源市', en: 'Liaoyuan' },
  { slug: 'tongling', zh: '铜陵市', en: 'Tongling' },
  { slug: 'jinjiang', zh: '成都市锦江区', en: 'Jinjiang District, Chengdu' },
];

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

describe('a visitor', () => {
  it('finds the four cities on the home page and opens one', async () => {
    const page = await openPage(browser);
    await page.goto('/');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-CN');
    for (const city of cities)
      await expect(page.getByRole('link', { name: city.zh }).count()).resolves.toBe(1);
    await checkPage(page, 'home-zh');
    await page.getByRole('link', { name: '贵阳市' }).click();
    await page.waitForURL('**/t/guiyang');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('贵阳市');
    await page.context().close();
  });

  for (const city of cities) {
    it(`reads ${city.slug}'s page in Chinese, then switches to English`, async () => {
      const page = await openPage(browser);
      const response = await page.goto(`/t/${city.slug}`);
      expect(response?.status()).toBe(200);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(city.zh);
      // Seeded structure, not an empty shell: the counts of today's units are on the page.
      const counts = await page.locator('.stats strong').allTextContents();
      expect(counts.length).toBeGreaterThan(0);
      expect(counts.map(Number).every((n) => n > 0)).toBe(true);
      await checkPage(page, `city-${city.slug}-zh`);

      await page.getByRole('navigation', { name: '语言' }).getByRole('link').click();
      await page.waitForURL(`**/t/${city.slug}?lang=en`);
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(city.en);
      await checkPage(page, `city-${city.slug}-en`);
      await page.context().close();
    });
  }

  it('reads a city page on a phone without sideways scrolling', async () => {
    const page = await openPage(browser, { phone: true });
    await page.goto('/t/guiyang');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await checkPage(page, 'city-guiyang-phone');
    await page.context().close();
  });

  it('gets a page in its own language for an unknown city, with a 404', async () => {
    const page = await openPage(browser);
    const response = await page.goto('/t/atlantis');
    expect(response?.status()).toBe(404);
    await checkPage(page, 'not-found');
    await page.context().close();
  });
});

describe('the page check itself', () => {
  it('fails on a page with a serious accessibility violation (so a pass means something)', async () => {
    const page = await openPage(browser);
    await page.setContent('<html><body><main><img src="/x.png"><button></button></main></body></html>');
    await expect(checkPage(page, 'self-test-bad-page')).rejects.toThrow(/image-alt|button-name/);
    await page.context().close();
  });
});
