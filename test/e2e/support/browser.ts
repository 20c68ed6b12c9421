import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';

export const baseUrl = () => inject('baseUrl');
export const screenshotDir = join(process.cwd(), 'test/e2e/screenshots');

/** Debian's chromium (`apt-get install -y chromium`); npm's browser downloads do not work here. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A fresh page (its own cookies) sized like a phone or a desktop, with relative URLs resolved against the server. */
export async function openPage(
  browser: Browser,
  options: { phone?: boolean; locale?: string } = {},
): Promise<Page> {
  const context = await browser.newContext({
    baseURL: baseUrl(),
    locale: options.locale ?? 'zh-CN',
    viewport: options.phone ? { width: 390, height: 844 } : { width: 1280, height: 900 },
    ...(options.phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  return context.newPage();
}

/**
 * What we check on every page a person sees: axe-core finds no serious or critical violation, and
 * a full-page screenshot is kept for CI artifacts (test/e2e/screenshots/, ignored by git).
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  // A page that refreshes itself (an import's progress, every 2 s) may reload in the middle of the
  // check: check the reloaded page then, from the start.
  for (let attempt = 1; ; attempt++) {
    try {
      await checkLoadedPage(page, name);
      return;
    } catch (error) {
      if (attempt >= 3 || !String(error).includes('Execution context was destroyed')) throw error;
      await page.waitForLoadState('load');
    }
  }
}

async function checkLoadedPage(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
  const results = await new AxeBuilder({ page }).analyze();
  const blocking = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')),
    }));
  expect(blocking, `axe on ${name} (${page.url()})`).toEqual([]);
}
