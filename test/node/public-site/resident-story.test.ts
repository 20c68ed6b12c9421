import { parseFeed } from '@rowanmanning/feed-parser';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../functions/identity/users.service';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { departments } from '../../../schema';
import { body, signedIn, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { cityWithGrids, GOOD_PASSWORD, person, platform, unitId } from '../../support/identity';

/**
 * The residents' front door, told through the HTTP app: a resident reports a blocked fire lane on
 * the city's form; tracks it; 城管 handles it and the community closes it; the resident answers
 * "not solved" on the tracking page and it reopens to the handler with their words; the second
 * closure is rated satisfied, for good; the community's public figures and the department's
 * case-handling status component change.
 */
let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let city: TenantRow;
let clock = new Date('2026-11-02T02:00:00Z');
const tokens = { community: '', officer: '' };
let urbanManagement = '';
let caseId = '';
let number = '';
let tracking = '';
let token = '';

function form(fields: Record<string, string>) {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}
const submit = (path: string, fields: Record<string, string>) =>
  api.app.request(path, { method: 'POST', body: form(fields) });
const page = async (path: string) => (await api.get(path)).text();
const later = (minutes: number) => {
  clock = new Date(clock.getTime() + minutes * 60_000);
};

async function step(who: keyof typeof tokens, path: string, json: Record<string, unknown> = {}) {
  const read = await api.get(`/v1/t/${city.slug}/cases/${caseId}`, {
    headers: { authorization: `Bearer ${tokens[who]}` },
  });
  const { version } = await body<{ version: number }>(read);
  const response = await api.send('POST', `/v1/t/${city.slug}/cases/${caseId}/${path}`, {
    token: tokens[who],
    json: { ...json, version },
  });
  expect(response.status, `${path}: ${await response.clone().text()}`).toBe(200);
  later(30);
}

async function handleAndClose(accept: boolean, publicReply: string) {
  if (accept) await step('officer', 'accept');
  await step('officer', 'report', { summary: '已清理消防通道，车辆已移走', publicReply });
  await step('community', 'verify', { outcome: 'fixed' });
}

const FIRST_REPLY = '已联系车主将车辆移出消防通道。';
const SECOND_REPLY = '已在通道口设置禁停桩，车辆无法再驶入。';
const open311Notes = async () =>
  (
    await body<{ status_notes: string }[]>(
      await api.get(`/open311/v2/requests/${number}.json?jurisdiction_id=${city.slug}`),
    )
  )[0]?.status_notes;

interface Component {
  id: string;
  status: string;
  updated_at: string;
  description: string;
}
async function caseComponent(): Promise<Component | undefined> {
  const json = await body<{ components: Component[] }>(
    await api.get(`/t/${city.slug}/api/v2/components.json`),
  );
  return json.components.find((component) => component.id === `cases-${urbanManagement}`);
}
const communityRow = async () =>
  /<tr data-code="east-c1">(.*?)<\/tr>/.exec(await page(`/t/${city.slug}/figures`))?.[1];

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db, () => clock);
  city = await cityWithGrids(db.db);
  const community = await person(db.db, city, 'community_staff', 'east-c1');
  tokens.community = await signedIn(api, city.slug, community.email, community.password);
  const [department] = await db.db
    .select()
    .from(departments)
    .where(and(eq(departments.tenantId, city.id), eq(departments.key, 'urban_management')));
  urbanManagement = department?.id ?? '';
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
  tokens.officer = await signedIn(api, city.slug, email, GOOD_PASSWORD);
});
afterAll(async () => db.close());

describe('a resident’s blocked fire lane, from the form to a satisfied closure', () => {
  let componentBefore: Component | undefined;

  it('starts with no figures for the community and an unjudged 城管 component', async () => {
    expect(await communityRow()).toBeUndefined();
    componentBefore = await caseComponent();
    expect(componentBefore).toMatchObject({ status: 'operational' });
    expect(componentBefore?.description).toContain('按时办结率');
    const status = await page(`/t/${city.slug}/status`);
    expect(status).toContain('data-component="cases-urban_management"');
    // Unjudged is said as such beside "operational", and the empty history says why it is empty.
    const item = /data-component="cases-urban_management"(.*?)<\/li><\/ul><\/li>/s.exec(status)?.[1] ?? '';
    expect(item).toContain('办结不足 5 件，暂不评判');
    expect(item).toContain('近 90 天尚无办结的案件');
  });

  it('is reported through the form and tracked by its number', async () => {
    const answer = await submit(`/t/${city.slug}/report`, {
      service_code: 'city_operation',
      'attribute[hazard]': 'true',
      address_id: 'east-c1-g1',
      address_string: '3 号楼东侧消防通道',
      description: '消防通道被私家车堵塞，消防车无法通行',
      contact: '13800138000',
    });
    expect(answer.status).toBe(201);
    const text = await answer.text();
    number = /data-request-id="([^"]+)"/.exec(text)?.[1] ?? '';
    // The tracking link itself (the language link beside it carries the token too).
    tracking = /href="([^"]*token=[^"]+)" data-tracking-link/.exec(text)?.[1]?.replace(/&amp;/g, '&') ?? '';
    token = /token=([a-z2-7]+)/.exec(tracking)?.[1] ?? '';
    expect(tracking).toBe(`/t/${city.slug}/requests/${number}?token=${token}`);
    const [row] = await db.query<{ id: string }>('select id from cases where number = $1', [number]);
    caseId = row?.id ?? '';
    const received = await page(`/t/${city.slug}/requests/${number}`);
    expect(received).toContain('已接收');
    expect(received).not.toContain('13800138000');
    later(30);
  });

  it('shows registration, 城管 and the expected date as it is handled, and closes', async () => {
    await step('community', 'register');
    await step('community', 'dispatch');
    const sent = await page(`/t/${city.slug}/requests/${number}`);
    expect(sent).toContain('已派遣');
    expect(sent).toContain('data-expected');
    expect(sent).toContain('<dd>城管</dd>');
    // A reply to the resident is published: one carrying a mobile number is refused, and nothing changes.
    await step('officer', 'accept');
    const before = await db.query<{ version: number }>('select version from cases where id = $1', [caseId]);
    const refused = await api.send('POST', `/v1/t/${city.slug}/cases/${caseId}/report`, {
      token: tokens.officer,
      json: { summary: '已处理', publicReply: '有问题请致电 138 0013 8000', version: before[0]?.version },
    });
    expect(refused.status).toBe(422);
    expect((await body<{ error: { details: unknown[] } }>(refused)).error.details).toEqual([
      expect.objectContaining({ path: 'publicReply', code: 'case.reply_mobile' }),
    ]);
    const after = await db.query<{ version: number; status: string }>(
      'select version, status from cases where id = $1',
      [caseId],
    );
    expect(after[0]).toEqual({ version: before[0]?.version, status: 'handling' });
    await handleAndClose(false, FIRST_REPLY);
    const closed = await page(tracking);
    expect(closed).toContain('核查通过，已办结');
    expect(closed).toContain('处理答复');
    expect(closed).toContain(FIRST_REPLY);
    expect(await open311Notes()).toBe(`已办结。处理答复：${FIRST_REPLY}`);
    // The report step carries the reply in the request's feed, its Open311 notes and the city's updates.
    expect(await page(`/t/${city.slug}/requests/${number}/feed.rss`)).toContain(`已处理：${FIRST_REPLY}`);
    const notes = await body<{ notes: { summary: string }[] }[]>(
      await api.get(`/open311/v2/requests/${number}.json?jurisdiction_id=${city.slug}`),
    );
    expect(notes[0]?.notes.map((note) => note.summary)).toContain(`已处理：${FIRST_REPLY}`);
    const updates = await page(`/open311/v2/servicerequestupdates.xml?jurisdiction_id=${city.slug}`);
    expect(updates).toContain(`<description>已处理：${FIRST_REPLY}</description>`);
    expect(closed).toContain('name="answer" value="not_solved"');
    // Only the holder of the token is asked.
    expect(await page(`/t/${city.slug}/requests/${number}`)).not.toContain('name="answer"');
  });

  it('reopens on "not solved" with the resident’s words, and closes again', async () => {
    const wrong = await submit(`/t/${city.slug}/requests/${number}/satisfaction`, {
      token: 'abcdefghijklmnopqrstuvwx',
      answer: 'not_solved',
    });
    expect(wrong.status).toBe(403);
    const reopened = await submit(`/t/${city.slug}/requests/${number}/satisfaction`, {
      token,
      answer: 'not_solved',
      words: '车又停回来了',
    });
    expect(reopened.status).toBe(200);
    const text = await reopened.text();
    expect(text).toContain('已重新交给处理部门');
    expect(text).toContain('居民反馈未解决，重新处理');
    const [row] = await db.query<{ status: string }>('select status from cases where id = $1', [caseId]);
    expect(row?.status).toBe('handling');
    const [event] = await db.query<{ reason: string }>(
      `select reason from case_events where case_id = $1 and kind = 'reopen'`,
      [caseId],
    );
    expect(event?.reason).toBe('车又停回来了');
    // Back in handling, the first reply no longer stands.
    expect(await page(`/t/${city.slug}/requests/${number}`)).not.toContain(FIRST_REPLY);
    expect(await open311Notes()).not.toContain(FIRST_REPLY);
    later(60);
    await handleAndClose(false, SECOND_REPLY);
    expect(await page(`/t/${city.slug}/requests/${number}?lang=en`)).toContain(SECOND_REPLY);
  });

  it('is rated satisfied after the second closure, for good', async () => {
    const satisfied = await submit(`/t/${city.slug}/requests/${number}/satisfaction?lang=en`, {
      token,
      answer: 'satisfied',
    });
    expect(satisfied.status).toBe(200);
    const text = await satisfied.text();
    expect(text).toContain('Thank you, your answer is recorded.');
    expect(text).not.toContain('name="answer"');
    const [row] = await db.query<{ satisfaction: number; status: string }>(
      'select satisfaction, status from cases where id = $1',
      [caseId],
    );
    expect(row?.satisfaction).toBe(5);
    const again = await submit(`/t/${city.slug}/requests/${number}/satisfaction`, {
      token,
      answer: 'not_solved',
    });
    expect(again.status).toBe(409);
    const open311 = await body<{ status: string; notes: { type: string }[] }[]>(
      await api.get(`/open311/v2/requests/${number}.json?jurisdiction_id=${city.slug}`),
    );
    expect(open311[0]?.status).toBe('closed');
    expect(open311[0]?.notes.map((note) => note.type)).toContain('closed');
    const feed = parseFeed(await page(`/t/${city.slug}/requests/${number}/feed.atom?lang=en`));
    const titles = feed.items.map((item) => item.title);
    expect(titles[0]).toBe('The resident is satisfied');
    expect(titles).toContain('Reopened: the resident says it is not solved');
    // Each report's reply, as a feed reader reads it (the first one stays as history).
    expect(titles).toContain(`Handled: ${SECOND_REPLY}`);
    expect(titles).toContain(`Handled: ${FIRST_REPLY}`);
  });

  it('changes the community’s public figures and 城管’s status component', async () => {
    later(10);
    const row = await communityRow();
    expect(row).toContain('data-suppressed="true">&lt;5<');
    const department = /<tr data-code="urban_management">(.*?)<\/tr>/.exec(
      await page(`/t/${city.slug}/figures`),
    )?.[1];
    expect(department).toContain('data-suppressed="true">&lt;5<');
    const after = await caseComponent();
    expect(after?.updated_at).not.toBe(componentBefore?.updated_at);
    const status = await page(`/t/${city.slug}/status`);
    const item = /data-component="cases-urban_management"(.*?)<\/li><\/ul><\/li>/s.exec(status)?.[1] ?? '';
    expect(item).toContain('&lt;5');
  });
});
