import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchCase } from '../../../functions/cases/case-handling.service';
import { registerCase } from '../../../functions/cases/cases.service';
import { submitResidentReport } from '../../../functions/cases/resident-reports.service';
import { createUser } from '../../../functions/identity/users.service';
import { systemActor } from '../../../functions/platform/context';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { caseCategories, cases } from '../../../schema';
import { testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { cityWithGrids, GOOD_PASSWORD, person, platform, unitId } from '../../support/identity';
import { snapshotStore } from '../../support/snapshot';

/**
 * The cases console through the app: a grid worker collects a case on the form, community staff
 * find it in their inbox with its clock, register and dispatch it on its page; refused steps are
 * shown on the page in its language (never a 500) and write nothing; 限期受理 is raised and
 * answered on its page.
 */
const ORIGIN = 'http://localhost';
let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let city: TenantRow;
const cookies = { grid: '', community: '', officer: '', auditor: '' };
let operationId = '';
let urbanManagement = '';
let caseId = '';

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}

function post(path: string, fields: Record<string, string>, cookie: string) {
  return api.app.request(path, {
    method: 'POST',
    headers: { origin: ORIGIN, cookie },
    body: form(fields),
  });
}

const get = (path: string, cookie: string) => api.app.request(path, { headers: { cookie } });

async function signIn(login: string): Promise<string> {
  const response = await post('/admin/sign-in', { tenant: city.slug, login, password: GOOD_PASSWORD }, '');
  const cookie = response.headers.get('set-cookie')?.match(/shequ_session=[^;]+/)?.[0];
  if (!cookie) throw new Error(`no session for ${login}`);
  return cookie;
}

async function version(id: string): Promise<string> {
  const [row] = await db.db.select({ version: cases.version }).from(cases).where(eq(cases.id, id));
  return String(row?.version);
}

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
  city = await cityWithGrids(db.db);
  cookies.grid = await signIn((await person(db.db, city, 'grid_worker', 'east-c1-g1')).email);
  cookies.community = await signIn((await person(db.db, city, 'community_staff', 'east-c1')).email);
  cookies.auditor = await signIn((await person(db.db, city, 'auditor', 'city')).email);
  const [category] = await db.db
    .select()
    .from(caseCategories)
    .where(and(eq(caseCategories.tenantId, city.id), eq(caseCategories.code, 'city_operation')));
  operationId = category?.id ?? '';
  urbanManagement = category?.departmentId ?? '';
  const email = `officer@${city.slug}.example.org`;
  await createUser(
    { db: db.db, tenant: city, actor: platform, now: () => new Date() },
    {
      email,
      displayName: '城管执法队员',
      password: GOOD_PASSWORD,
      roles: [
        {
          role: 'department_officer',
          orgUnitId: await unitId(db.db, city.id, 'city'),
          departmentId: urbanManagement,
        },
      ],
    },
  );
  cookies.officer = await signIn(email);
});
afterAll(async () => db.close());

describe('the cases console', () => {
  it('links 案卷 and 限期受理 for people whose roles read cases, and not for an auditor', async () => {
    const grid = await (await get('/admin', cookies.grid)).text();
    expect(grid).toContain('href="/admin/cases"');
    expect(grid).toContain('href="/admin/acceptance-requests"');
    const auditor = await (await get('/admin', cookies.auditor)).text();
    expect(auditor).not.toContain('href="/admin/cases"');
    expect((await get('/admin/cases', cookies.auditor)).status).toBe(403);
  });

  it('a grid worker collects a case on the form: the category first, then its questions, in their own grid', async () => {
    const first = await (await get('/admin/new-case', cookies.grid)).text();
    expect(first).toContain('协调城市运行');
    // The form belongs to the cases menu item, though it lives outside /admin/cases/.
    expect(first).toContain('<a href="/admin/cases" aria-current="page">');
    const response = await get(`/admin/new-case?category=${operationId}`, cookies.grid);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('name="attr.hazard"');
    expect(page).toContain('东一网格1');
    expect(page).not.toContain('西一网格1');

    const before = await snapshotStore(db);
    const missing = await post(
      '/admin/cases',
      { categoryId: operationId, orgUnitId: await unitId(db.db, city.id, 'east-c1-g1'), title: '' },
      cookies.grid,
    );
    expect(missing.status).toBe(422);
    const missingPage = await missing.text();
    expect(missingPage).toContain('data-field="title"');
    expect(missingPage).toContain('<strong data-field="title">标题</strong>');
    expect(await snapshotStore(db)).toEqual(before);

    const collected = await post(
      '/admin/cases',
      {
        categoryId: operationId,
        orgUnitId: await unitId(db.db, city.id, 'east-c1-g1'),
        title: '井盖缺失',
        description: '3 号楼东侧人行道井盖缺失',
        location: '3 号楼东侧',
        'attr.hazard': 'true',
      },
      cookies.grid,
    );
    expect(collected.status).toBe(303);
    caseId =
      /\/admin\/cases\/([0-9a-f-]{36})\?done=collect$/.exec(collected.headers.get('location') ?? '')?.[1] ??
      '';
    const [row] = await db.db.select().from(cases).where(eq(cases.id, caseId));
    expect(row).toMatchObject({ status: 'collected', channel: 'grid_worker', attributes: { hazard: true } });
  });

  it('community staff find it in their 待办 inbox with its clock: stage, due time in city time, state', async () => {
    const response = await get('/admin/cases', cookies.community);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('井盖缺失');
    expect(page).toContain(`href="/admin/cases/${caseId}"`);
    expect(page).toContain('立案时限');
    expect(page).toContain('data-clock="running"');
    expect(page).toMatch(/<time datetime="[^"]+"[^>]*>20\d\d-\d\d-\d\d \d\d:\d\d <span class="muted">/);
    expect(page).toContain('协调城市运行');
    expect(page).toContain('东一网格1');
    expect(page).not.toContain('<table');
    // The grid worker waits on nothing here (the community registers), but sees it under 全部.
    const todo = await (await get('/admin/cases?box=todo', cookies.grid)).text();
    expect(todo).not.toContain(`href="/admin/cases/${caseId}"`);
    const all = await (await get('/admin/cases?box=all', cookies.grid)).text();
    expect(all).toContain(`href="/admin/cases/${caseId}"`);
  });

  it('a grid worker registering is refused on the page in Chinese (403, not a 500), and nothing is written', async () => {
    const page = await (await get(`/admin/cases/${caseId}`, cookies.grid)).text();
    expect(page).toContain('信息采集');
    expect(page).not.toContain(`action="/admin/cases/${caseId}/register"`);
    const before = await snapshotStore(db);
    const response = await post(
      `/admin/cases/${caseId}/register`,
      { version: await version(caseId) },
      cookies.grid,
    );
    expect(response.status).toBe(403);
    const html = await response.text();
    expect(html).toContain('data-code="auth.forbidden"');
    expect(html).toContain('您的角色不允许在此执行此操作');
    expect(html).toContain('井盖缺失');
    expect(await snapshotStore(db)).toEqual(before);
  });

  it('community staff register and dispatch it; a stale form is a 409, another handler needs a reason', async () => {
    const page = await (await get(`/admin/cases/${caseId}`, cookies.community)).text();
    expect(page).toContain(`action="/admin/cases/${caseId}/register"`);
    expect(page).toContain(`action="/admin/cases/${caseId}/refuse"`);
    expect(page).not.toContain(`action="/admin/cases/${caseId}/dispatch"`);
    const current = await version(caseId);
    const stale = await post(
      `/admin/cases/${caseId}/register`,
      { version: String(Number(current) + 5) },
      cookies.community,
    );
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('案卷已被他人更新');
    const registered = await post(`/admin/cases/${caseId}/register`, { version: current }, cookies.community);
    expect(registered.status).toBe(303);

    const dispatchPage = await (await get(`/admin/cases/${caseId}`, cookies.community)).text();
    expect(dispatchPage).toContain('改派其他处理方必须说明理由');
    expect(dispatchPage).toContain(`<option value="department:${urbanManagement}" selected="">`);
    const other = await post(
      `/admin/cases/${caseId}/dispatch`,
      { version: await version(caseId), handler: 'community' },
      cookies.community,
    );
    expect(other.status).toBe(422);
    expect(await other.text()).toContain('<li data-code="case.reason_required">');
    const dispatched = await post(
      `/admin/cases/${caseId}/dispatch`,
      { version: await version(caseId), handler: `department:${urbanManagement}` },
      cookies.community,
    );
    expect(dispatched.status).toBe(303);
    const [row] = await db.db.select().from(cases).where(eq(cases.id, caseId));
    expect(row).toMatchObject({ status: 'dispatched', handlerDepartmentId: urbanManagement });
    const after = await (await get(`/admin/cases/${caseId}`, cookies.community)).text();
    for (const kind of ['信息采集', '案卷建立', '任务派遣', '处置时限']) expect(after).toContain(kind);
    // Dispatched to a department: the community is offered escalation, not the handler's steps.
    expect(after).not.toContain(`action="/admin/cases/${caseId}/accept"`);
    expect(after).toContain(`action="/admin/cases/${caseId}/escalate"`);
  });

  it('the handling department takes it on and reports from its page; the handler may not verify', async () => {
    const inbox = await (await get('/admin/cases', cookies.officer)).text();
    expect(inbox).toContain(`href="/admin/cases/${caseId}"`);
    expect(
      (await post(`/admin/cases/${caseId}/accept`, { version: await version(caseId) }, cookies.officer))
        .status,
    ).toBe(303);
    const empty = await post(
      `/admin/cases/${caseId}/report`,
      { version: await version(caseId) },
      cookies.officer,
    );
    expect(empty.status).toBe(422);
    const emptyPage = await empty.text();
    expect(emptyPage).toContain('data-field="summary"');
    expect(emptyPage).toContain('id="report-summary-error"');
    const reported = await post(
      `/admin/cases/${caseId}/report`,
      { version: await version(caseId), summary: '已补装井盖' },
      cookies.officer,
    );
    expect(reported.status).toBe(303);
    const own = await post(
      `/admin/cases/${caseId}/verify`,
      { version: await version(caseId), outcome: 'fixed' },
      cookies.officer,
    );
    expect(own.status).toBe(403);
    expect(await own.text()).toContain('处理过本案卷的人不能核查结案');
  });

  it('in English the page, its timeline and a refusal are English', async () => {
    const response = await get(`/admin/cases/${caseId}?lang=en`, cookies.grid);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('<html lang="en">');
    for (const words of [
      'Timeline',
      'Collected',
      'Registered',
      'Dispatched',
      'Verification',
      'City operation',
    ])
      expect(page).toContain(words);
    expect(page).not.toContain('处理过程');
    const refused = await post(
      `/admin/cases/${caseId}/evaluate`,
      { version: await version(caseId), satisfaction: '5' },
      `${cookies.grid}; shequ_lang=en`,
    );
    expect(refused.status).toBe(409);
    const html = await refused.text();
    expect(html).toContain('data-code="case.wrong_status"');
    expect(html).toContain('this step applies to a case that is closed');
  });

  it("a resident's case asks the handler for a reply to the resident; one with an ID number is refused on the page and nothing is written", async () => {
    const ctx = { db: db.db, tenant: city, actor: platform, now: () => new Date() };
    const { row } = await submitResidentReport(
      { ...ctx, actor: systemActor('resident') },
      {
        serviceCode: 'city_operation',
        placeCode: 'east-c1-g1',
        description: '路边井盖松动',
        lat: 26.5783,
        long: 106.7135,
      },
      { address: 'console-test' },
    );
    await registerCase(ctx, row.id, {});
    await dispatchCase(ctx, row.id, {});
    await post(`/admin/cases/${row.id}/accept`, { version: await version(row.id) }, cookies.officer);
    const page = await (await get(`/admin/cases/${row.id}`, cookies.officer)).text();
    expect(page).toContain('name="publicReply"');
    // Whoever goes there sees the point the resident marked, with a link their phone's map app opens.
    expect(page).toContain('data-point="26.578300,106.713500"');
    expect(page).toContain('href="geo:26.578300,106.713500"');
    expect(page).toContain('给居民的答复（公开，选填）');
    // A grid worker's case has no resident to answer: no such field.
    expect(await (await get(`/admin/cases/${caseId}`, cookies.officer)).text()).not.toContain(
      'name="publicReply"',
    );
    const before = await version(row.id);
    const refused = await post(
      `/admin/cases/${row.id}/report`,
      { version: before, summary: '已紧固', publicReply: '已处理，报告人 520102198001010015 可查看' },
      cookies.officer,
    );
    expect(refused.status).toBe(422);
    const text = await refused.text();
    expect(text).toContain('<li data-code="case.reply_id_number">');
    expect(text).toContain('不能包含身份证号码');
    // Named under the field too, far below the summary, which links to it.
    expect(text).toContain('<a href="#report-publicReply">给居民的答复（公开，选填）</a>');
    expect(text).toMatch(
      /<p class="field-error" id="report-publicReply-error" data-field="publicReply">[^<]*身份证号码/,
    );
    expect(text).toContain('aria-invalid="true"');
    // What was typed is kept in the form.
    expect(text).toContain('已处理，报告人 520102198001010015 可查看</textarea>');
    expect(await version(row.id)).toBe(before);
    const reported = await post(
      `/admin/cases/${row.id}/report`,
      { version: before, summary: '已紧固', publicReply: '已紧固松动的井盖。' },
      cookies.officer,
    );
    expect(reported.status).toBe(303);
    const [saved] = await db.db.select().from(cases).where(eq(cases.id, row.id));
    expect(saved).toMatchObject({ status: 'reported', publicReply: '已紧固松动的井盖。' });
    expect(await (await get(`/admin/cases/${row.id}`, cookies.officer)).text()).toContain(
      '已紧固松动的井盖。',
    );
  });

  it('限期受理: community staff raise a request on the form; the department declines only with a reason', async () => {
    const page = await (await get('/admin/acceptance-requests', cookies.community)).text();
    expect(page).toContain('发出限期受理函');
    const raised = await post(
      '/admin/acceptance-requests',
      {
        fromUnitId: await unitId(db.db, city.id, 'east-c1'),
        departmentId: urbanManagement,
        subject: '占道经营整治',
        body: '请于期限内受理',
        workingDays: '3',
      },
      cookies.community,
    );
    expect(raised.status).toBe(303);
    const mine = await (await get('/admin/acceptance-requests', cookies.community)).text();
    expect(mine).toContain('占道经营整治');
    expect(mine).toContain('待受理');
    const officerPage = await (await get('/admin/acceptance-requests', cookies.officer)).text();
    const id = /data-request="([0-9a-f-]{36})"/.exec(officerPage)?.[1] ?? '';
    expect(officerPage).toContain(`action="/admin/acceptance-requests/${id}/answer"`);
    const noReason = await post(
      `/admin/acceptance-requests/${id}/answer`,
      { decision: 'declined' },
      cookies.officer,
    );
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toContain('请说明理由');
    const accepted = await post(
      `/admin/acceptance-requests/${id}/answer`,
      { decision: 'accepted' },
      cookies.officer,
    );
    expect(accepted.status).toBe(303);
    expect(await (await get('/admin/acceptance-requests', cookies.community)).text()).toContain('已受理');
    // Community staff are not the addressed department: the answer form is refused before the verb.
    const foreign = await post(
      `/admin/acceptance-requests/${id}/answer`,
      { decision: 'accepted' },
      cookies.community,
    );
    expect(foreign.status).toBe(403);
  });
});
