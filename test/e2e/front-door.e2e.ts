import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, launchBrowser, openPage } from './support/browser';

/**
 * The governance half's public pages as people meet them, in a real browser on `npm start`'s seeded
 * cities: a resident reports a problem on a phone and follows it; the admission catalog, the
 * council, the evaluation results and the case figures read on a phone and on a desktop screen
 * without sideways scrolling, and pass axe. The screenshots (test/e2e/screenshots/) are the README's pictures of the path.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** Fills what the form still asks for (a category's own questions appear once it is chosen). */
async function fillRequired(page: Page) {
  for (const select of await page.locator('form.report-form select[required]').all()) {
    if (!(await select.inputValue())) await select.selectOption({ index: 1 });
  }
  for (const input of await page
    .locator('form.report-form input[required][type="text"], form.report-form textarea[required]')
    .all()) {
    if (!(await input.inputValue())) await input.fill('消防通道被车辆堵塞，车辆进不来。');
  }
}

describe('a resident on a phone', () => {
  it('reports a blocked fire lane through the form, without an account, and follows it on the tracking page', async () => {
    const page = await openPage(browser, { phone: true });
    await page.goto('/t/guiyang/report');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await checkPage(page, 'resident-1-report-form');
    await page.locator('#service_code').selectOption({ index: 1 });
    await page.locator('#address_id').selectOption({ index: 1 });
    await page.locator('textarea[name="description"]').fill('小区东门消防通道被私家车堵塞，已经三天。');
    await page.locator('input[name="contact"]').fill('13800000000');
    for (
      let attempt = 0;
      attempt < 3 && (await page.locator('[data-tracking-link]').count()) === 0;
      attempt++
    ) {
      await fillRequired(page);
      await page.locator('form.report-form button[type="submit"]').click();
      await page.waitForLoadState('load');
    }
    await expect(page.locator('[data-tracking-link]').count()).resolves.toBe(1);
    await checkPage(page, 'resident-2-answer');
    await page.locator('[data-tracking-link]').click();
    await page.waitForURL('**/t/guiyang/requests/**');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    const text = await page.locator('main, body').first().innerText();
    expect(text).not.toContain('13800000000');
    await checkPage(page, 'resident-3-tracking');
    await page.context().close();
  });
});

describe('the governance pages of a city', () => {
  const paths = [
    '/t/guiyang/admission',
    '/t/guiyang/evaluation',
    '/t/guiyang/figures',
    '/t/jinjiang/admission?lang=en',
    // The review found this one 473 px wide on a 390 px phone: its tables were not wrapped.
    '/t/guiyang/admission?lang=en',
    '/t/jinjiang/evaluation?lang=en',
  ];
  it('read on a phone without sideways scrolling and pass axe, in both languages', async () => {
    const page = await openPage(browser, { phone: true });
    for (const path of paths) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      expect(await overflow(page), path).toBeLessThanOrEqual(0);
      await checkPage(page, `phone${path.replaceAll(/[/?=]/g, '-')}`);
    }
    await page.context().close();
  });

  it('read on a desktop screen without sideways scrolling and pass axe, the report form and a council among them', async () => {
    const page = await openPage(browser);
    for (const path of [...paths, '/t/guiyang/report', '/t/jinjiang/communities/yongxing/council?lang=en']) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      expect(await overflow(page), path).toBeLessThanOrEqual(0);
      // A desktop page uses the width it is given: its main column is not a phone's column.
      const main = await page.locator('main').first().boundingBox();
      expect(main?.width, path).toBeGreaterThan(600);
      await checkPage(page, `desktop${path.replaceAll(/[/?=]/g, '-')}`);
    }
    // The report form is one field to a line, each under its label, wide enough to write in (it was
    // a run of labels and small boxes across the page: the public site had no form styles).
    await page.goto('/t/guiyang/report');
    const label = await page.locator('label[for="description"]').boundingBox();
    const description = await page.locator('#description').boundingBox();
    const category = await page.locator('#service_code').boundingBox();
    expect(description?.width).toBeGreaterThanOrEqual(500);
    expect(description?.y).toBeGreaterThanOrEqual((label?.y ?? 0) + (label?.height ?? 0) - 1);
    expect(description?.x).toBe(label?.x);
    expect(category?.x).toBe(description?.x);
    await page.context().close();
  });

  it('a community’s council page shows its proposals, meetings and votes', async () => {
    const page = await openPage(browser, { phone: true });
    // 永兴: the 2009-09-18 representatives' meeting, seeded from the Jinjiang source.
    const response = await page.goto('/t/jinjiang/communities/yongxing/council');
    expect(await page.locator('body').innerText()).toContain('81');
    expect(response?.status()).toBe(200);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await checkPage(page, 'council-jinjiang-zh');
    await page.context().close();
  });
});
