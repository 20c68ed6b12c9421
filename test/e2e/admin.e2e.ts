import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/universal';
import { idNumberFor } from '../support/sharing';
import { baseUrl, checkPage, launchBrowser, openPage } from './support/browser';

const STAFF_PASSWORD = 'Zhiliang-Mima-2026!';
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

/** The JSON API, for setting the scene (a department asking for data); the console is what we test. */
async function api<T>(method: string, path: string, token: string, json?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl()}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(json ? { 'content-type': 'application/json' } : {}) },
    ...(json ? { body: JSON.stringify(json) } : {}),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function departmentKey(slug: string, key: string, scopes: string[]): Promise<string> {
  const token = inject('platformToken');
  const { items } = await api<{ items: { id: string; key: string }[] }>(
    'GET',
    `/v1/t/${slug}/departments`,
    token,
  );
  const department = items.find((item) => item.key === key);
  const client = await api<{ id: string }>('POST', `/v1/t/${slug}/api-clients`, token, {
    departmentId: department?.id,
    name: `${key} e2e ${Date.now()}`,
  });
  return (
    await api<{ secret: string }>('POST', `/v1/t/${slug}/api-clients/${client.id}/keys`, token, { scopes })
  ).secret;
}

async function signIn(page: Page, tenant: string, login: string, password: string, name: string) {
  await page.goto('/admin');
  await page.waitForURL('**/admin/sign-in?next=%2Fadmin');
  await checkPage(page, `admin-sign-in-${name}`);
  await page.getByLabel(/^城市/).fill(tenant);
  await page.getByLabel('邮箱或手机号').fill(login);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(/\/admin$/);
  await checkPage(page, `admin-dashboard-${name}`);
}

describe('the administrator console', () => {
  it('the platform administrator onboards a new city from an Excel file through the wizard', async () => {
    const page = await openPage(browser);
    await signIn(page, '', 'platform@shequ.example.org', inject('demoPassword'), 'platform');
    await page
      .getByRole('navigation', { name: '管理菜单' })
      .getByRole('link', { name: '新城市入驻' })
      .click();
    await page.waitForURL('**/admin/onboarding');
    await checkPage(page, 'admin-onboarding-1');
    await page.getByLabel('城市代码（英文小写）').fill('anshun');
    await page.getByLabel('中文名称').fill('安顺市');
    await page.getByLabel('英文名称').fill('Anshun');
    await page.getByLabel('首位管理员姓名').fill('安管理');
    await page.getByLabel('首位管理员邮箱').fill('admin@anshun.example.org');
    await page.getByRole('button', { name: '下一步' }).click();
    await expect.poll(() => page.getByText('第 2 步').count()).toBe(1);
    await checkPage(page, 'admin-onboarding-2');

    await page.getByLabel('新型社区 · 中文名称').fill('城市社区');
    const sheet = await writeXlsxFile(
      [
        ['level', 'code', 'name_zh', 'name_en', 'parent_code'],
        ['district', 'xixiu', '西秀区', 'Xixiu District', ''],
        ['district', 'pingba', '平坝区', 'Pingba District', ''],
        ['community', 'xixiu-c1', '东关社区', 'Dongguan Community', 'xixiu'],
        ['community', 'pingba-c1', '城关社区', 'Chengguan Community', 'pingba'],
        ['grid', 'xixiu-c1-g1', '东关第一网格', 'Dongguan Grid 1', 'xixiu-c1'],
      ].map((row) => row.map((value) => ({ value, type: String }))),
    ).toBlob();
    await page.locator('#units-file').setInputFiles({
      name: 'anshun-units.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(await sheet.arrayBuffer()),
    });
    await page.getByRole('button', { name: '预览' }).click();
    await expect.poll(() => page.getByRole('heading', { name: '预览：将要创建的内容' }).count()).toBe(1);
    await expect(page.locator('table tbody tr').count()).resolves.toBe(5);
    await expect(page.getByText('城市社区').first().isVisible()).resolves.toBe(true);
    await checkPage(page, 'admin-onboarding-3-preview');
    // The preview wrote nothing: the city does not exist yet.
    expect((await fetch(`${baseUrl()}/v1/t/anshun/org-units`)).status).toBe(404);

    await page.getByRole('button', { name: '确认入驻' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toContain('安顺市 已入驻，共创建 6 个单位');
    await checkPage(page, 'admin-onboarding-done');
    const units = (await (await fetch(`${baseUrl()}/v1/t/anshun/org-units`)).json()) as {
      counts: Record<string, number>;
    };
    expect(units.counts).toMatchObject({ district: 2, community: 2, grid: 1 });
    await page.context().close();
  });

  it('a city administrator approves a grant a department asked for, with the deadline shown', async () => {
    const hrss = await departmentKey('guiyang', 'human_resources_social_security', ['grants:request']);
    const civil = await departmentKey('guiyang', 'civil_affairs', ['grants:decide']);
    const grant = await api<{ id: string; replyBy: string }>('POST', '/v1/t/guiyang/grants', hrss, {
      fields: ['minimum_income.enrolled'],
      purposeCode: 'employment_assistance',
      purpose: '就业援助对象认定（浏览器测试）',
      legalBasis: '就业促进法',
      validTo: '2099-12-31',
    });
    await api('POST', `/v1/t/guiyang/grants/${grant.id}/decision`, civil, { approve: true });

    const page = await openPage(browser);
    await signIn(page, 'guiyang', 'admin@guiyang.example.org', inject('demoPassword'), 'city-admin');
    await page
      .getByRole('navigation', { name: '管理菜单' })
      .getByRole('link', { name: '数据共享申请' })
      .click();
    const card = page.locator('article', { hasText: '就业援助对象认定（浏览器测试）' });
    // The deadline is shown in the city's time zone (Asia/Shanghai, UTC+8).
    const replyDay = new Date(Date.parse(grant.replyBy) + 8 * 3600 * 1000).toISOString().slice(0, 10);
    await expect(card.getByText(replyDay).count()).resolves.toBe(1);
    await checkPage(page, 'admin-grants-queue');
    await card.getByRole('button', { name: '批准' }).click();
    await page.waitForURL('**/admin/grants');
    const row = page.locator('tr', { hasText: '就业援助对象认定（浏览器测试）' });
    await expect(row.textContent()).resolves.toContain('已批准');
    await checkPage(page, 'admin-grants-decided');

    // The rest of the city administrator's console, each page checked.
    for (const [path, name] of [
      ['/admin/users', 'users'],
      ['/admin/departments', 'departments'],
      ['/admin/incidents', 'incidents'],
      ['/admin/staff-listings', 'staff-listings'],
      ['/admin/audit', 'audit'],
      ['/admin/audit?verify=1', 'audit-verified'],
      ['/admin/access-log', 'access-log'],
      ['/admin/audit?lang=en', 'audit-en'],
      ['/admin/cases?box=all', 'cases'],
      ['/admin/new-case', 'cases-new'],
      ['/admin/acceptance-requests', 'acceptance-requests'],
      ['/admin/org-tree', 'org-tree'],
      ['/admin/org-tree?closed=1&lang=en', 'org-tree-en'],
      ['/admin/catalog', 'catalog'],
      ['/admin/corrections', 'corrections'],
      ['/admin/webhooks', 'webhooks'],
    ] as const) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      await checkPage(page, `admin-${name}`);
    }
    // A sample case's page: its facts, the steps on offer and its timeline.
    await page.goto('/admin/cases?box=all');
    await page.locator('.case-card h2 a').first().click();
    await page.waitForURL(/\/admin\/cases\/[0-9a-f-]{36}$/);
    await checkPage(page, 'admin-case');
    await page.context().close();
  });

  it('the people page reads on a 390 px phone: names and revoke buttons fit the screen', async () => {
    const page = await openPage(browser, { phone: true });
    await signIn(page, 'guiyang', 'admin@guiyang.example.org', inject('demoPassword'), 'city-admin-phone');
    await page.goto('/admin/users');
    await checkPage(page, 'admin-users-phone');
    const firstName = await page.locator('table.stacked tbody td').first().boundingBox();
    expect(firstName?.width ?? 0).toBeGreaterThan(200);
    const revoke = page.getByRole('button', { name: /^撤销/ }).first();
    const box = await revoke.boundingBox();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(overflow).toBeLessThanOrEqual(390);
    await page.context().close();
  });

  it('the org tree with its reform form, the catalog and the webhooks read on a 390 px phone', async () => {
    const page = await openPage(browser, { phone: true });
    await signIn(
      page,
      'guiyang',
      'admin@guiyang.example.org',
      inject('demoPassword'),
      'city-admin-tree-phone',
    );
    for (const [path, name] of [
      ['/admin/org-tree', 'org-tree'],
      ['/admin/catalog', 'catalog'],
      ['/admin/webhooks', 'webhooks'],
    ] as const) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      await checkPage(page, `admin-${name}-phone`);
      // Wide tables scroll inside their own box; the page itself never scrolls sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
    }
    await page.context().close();
  });

  it('the case inbox and a case read on a 360 px phone: one column, nothing wider than the screen', async () => {
    const page = await openPage(browser, { phone: true });
    await page.setViewportSize({ width: 360, height: 780 });
    await signIn(
      page,
      'guiyang',
      'admin@guiyang.example.org',
      inject('demoPassword'),
      'city-admin-cases-phone',
    );
    await page.goto('/admin/cases?box=all');
    await checkPage(page, 'admin-cases-phone');
    await expect(page.locator('.case-card').count()).resolves.toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const tab = await page.getByRole('link', { name: /^待办/ }).boundingBox();
    expect(tab?.height ?? 0).toBeGreaterThanOrEqual(44);
    await page.locator('.case-card h2 a').first().click();
    await page.waitForURL(/\/admin\/cases\/[0-9a-f-]{36}$/);
    await checkPage(page, 'admin-case-phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.context().close();
  });

  it('community staff upload a CSV and watch the import finish, with its per-line report', async () => {
    const token = inject('platformToken');
    const communities = await api<{ items: { id: string; code: string }[] }>(
      'GET',
      '/v1/t/guiyang/org-units?level=community&limit=1',
      token,
    );
    const community = communities.items[0];
    const email = `staff.${Date.now()}@guiyang.example.org`;
    await api('POST', '/v1/t/guiyang/users', token, {
      email,
      displayName: '社区工作人员（测试）',
      password: STAFF_PASSWORD,
      roles: [{ role: 'community_staff', orgUnitId: community?.id }],
    });
    const session = await api<{ token: string }>('POST', '/v1/auth/sign-in', '', {
      tenant: 'guiyang',
      login: email,
      password: STAFF_PASSWORD,
    });
    const people = Array.from({ length: 40 }, (_, index) => idNumberFor('1960-01-01', 100 + index, '520102'));
    for (const [index, idNumber] of people.entries()) {
      await api('POST', '/v1/t/guiyang/residents', session.token, {
        idNumber,
        name: `居民${index}`,
        addressUnitId: community?.id,
      });
    }
    const csv = [
      'id_number,household_size',
      ...people.map((idNumber, index) => `${idNumber},${1 + (index % 5)}`),
      `${people[0]},很多`,
    ].join('\n');

    const page = await openPage(browser, { phone: true });
    await signIn(page, 'guiyang', email, STAFF_PASSWORD, 'staff-phone');
    await page.getByRole('link', { name: '批量导入' }).click();
    await page.waitForURL('**/admin/imports');
    await checkPage(page, 'admin-import-form');
    await page
      .locator('#file')
      .setInputFiles({ name: 'community-basics.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByLabel('数据域（CSV 必填）').selectOption('community_basics');
    await page.getByLabel('每批行数').fill('5');
    await page.getByRole('button', { name: '上传并开始导入' }).click();
    await page.waitForURL(/\/admin\/imports\/[0-9a-f-]{36}/);
    await expect(page.locator('progress').count()).resolves.toBe(1);
    await checkPage(page, 'admin-import-progress');
    await expect
      .poll(() => page.locator('[data-status]').getAttribute('data-status'), { timeout: 60_000 })
      .not.toBe('running');
    await expect(page.locator('[data-status]').getAttribute('data-status')).resolves.toBe(
      'completed_with_errors',
    );
    // Lines 2–41 are applied in chunks of 5; line 42 is the bad one, alone in its chunk, and reported.
    await expect(page.locator('.stats strong').allTextContents()).resolves.toEqual(['41', '40', '1']);
    await expect(page.locator('table tbody tr').count()).resolves.toBe(1);
    await expect(page.locator('table tbody tr td').first().textContent()).resolves.toBe('42');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await checkPage(page, 'admin-import-done');
    await page.context().close();
  });
});
