import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../functions/identity/users.service';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { auditEvents, departments } from '../../../schema';
import { body, type ErrorBody, signedIn, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { cityWithGrids, GOOD_PASSWORD, person, platform, unitId } from '../../support/identity';
import { snapshotStore } from '../../support/snapshot';

/**
 * The story: 卫健 applies to have communities keep a new ledger; the 群工委 comments; the
 * district government refuses it with a reason. 民政 applies for an assisted item with money; it is
 * admitted. A case dispatched under it is accepted; one dispatched under no admitted item is declined
 * by the community with its reason logged. The year's agreement lists the item, the ledger shows the
 * money owed, and the public record shows the new item and the refusal. Each refusal writes nothing.
 */
let db: TestDatabase;
let clock = new Date('2026-11-02T02:00:00Z'); // Monday 10:00 in Asia/Shanghai
let api: ReturnType<typeof testApp>;
let city: TenantRow;
let other: TenantRow;
const tokens = {
  health: '',
  civil: '',
  massWork: '',
  government: '',
  healthDecider: '',
  community: '',
  stranger: '',
};
const ids = { health: '', civil: '', east: '', eastC1: '' };

interface Application {
  id: string;
  number: string;
  status: string;
  stepKey: string | null;
  dueAt: string;
  workItemId: string | null;
  reviews: { stepKey: string; outcome: string; comment: string }[];
}

async function departmentId(tenant: TenantRow, key: string) {
  const [row] = await db.db
    .select({ id: departments.id })
    .from(departments)
    .where(and(eq(departments.tenantId, tenant.id), eq(departments.key, key)));
  if (!row) throw new Error(`no department ${key}`);
  return row.id;
}

/** A person with several roles; returns their id and session token. */
async function someone(tenant: TenantRow, name: string, roles: Parameters<typeof createUser>[1]['roles']) {
  const email = `${name}@${tenant.slug}.example.org`;
  const { user } = await createUser(
    { db: db.db, tenant, actor: platform, now: () => new Date() },
    { email, displayName: name, password: GOOD_PASSWORD, roles },
  );
  return { id: user.id, token: await signedIn(api, tenant.slug, email, GOOD_PASSWORD) };
}

const v1 = (path: string) => `/v1/t/${city.slug}${path}`;
const send = (token: string, method: string, path: string, json?: unknown) =>
  api.send(method, v1(path), { token, ...(json === undefined ? {} : { json }) });

async function refusedWithNothingWritten(
  request: () => Promise<Response> | Response,
  status: number,
  code: string,
) {
  const before = await snapshotStore(db);
  const answer = await request();
  const error = await body<ErrorBody>(answer);
  expect(answer.status, JSON.stringify(error)).toBe(status);
  expect(error.error.code).toBe(code);
  expect(await snapshotStore(db)).toEqual(before);
}

const application = (department: string, name: string, extra: Record<string, unknown> = {}) => ({
  departmentId: department,
  orgUnitId: ids.east,
  list: 'assisted',
  name: { zh: name, en: `${name} (test)` },
  legalBasis: '《中华人民共和国城市居民委员会组织法》第三条',
  levels: ['community'],
  startsOn: '2026-12-01',
  fundingPerCommunity: 0,
  staffPerCommunity: 0,
  forms: [],
  ...extra,
});

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db, () => clock);
  city = await cityWithGrids(db.db);
  other = await cityWithGrids(db.db);
  ids.health = await departmentId(city, 'health');
  ids.civil = await departmentId(city, 'civil_affairs');
  ids.east = await unitId(db.db, city.id, 'east');
  ids.eastC1 = await unitId(db.db, city.id, 'east-c1');
  const cityUnit = await unitId(db.db, city.id, 'city');
  const officer = (departmentId: string) => [
    { role: 'department_officer' as const, orgUnitId: cityUnit, departmentId },
  ];
  tokens.health = (await someone(city, 'health', officer(ids.health))).token;
  tokens.civil = (await someone(city, 'civil', officer(ids.civil))).token;
  const massWork = await someone(city, 'mass-work', [
    { role: 'district_administrator', orgUnitId: ids.east },
  ]);
  const government = await someone(city, 'government', [
    { role: 'district_administrator', orgUnitId: ids.east },
  ]);
  // A health officer who is also a district administrator, named to decide: still may not decide 卫健's own.
  const healthDecider = await someone(city, 'health-decider', [
    ...officer(ids.health),
    { role: 'district_administrator', orgUnitId: ids.east },
  ]);
  tokens.massWork = massWork.token;
  tokens.government = government.token;
  tokens.healthDecider = healthDecider.token;
  const staff = await person(db.db, city, 'community_staff', 'east-c1');
  tokens.community = await signedIn(api, city.slug, staff.email, staff.password);
  const stranger = await person(db.db, other, 'district_administrator', 'east');
  tokens.stranger = await signedIn(api, other.slug, stranger.email, stranger.password);
  for (const [stepKey, userId] of [
    ['review', massWork.id],
    ['decide', government.id],
    ['decide', healthDecider.id],
  ] as const) {
    const named = await api.post(v1('/admission/reviewers'), { stepKey, userId, orgUnitId: ids.east });
    expect(named.status).toBe(201);
  }
});
afterAll(async () => db.close());

describe('work admission, from application to the public record', () => {
  let refusedId = '';
  let itemId = '';

  it("seeds Guiyang's procedure from its structure: the 群工委 reviews, the district government decides", async () => {
    const procedure = await body<{ steps: { key: string; kind: string; actor: { zh: string } }[] }>(
      await send(tokens.massWork, 'GET', '/admission/procedure'),
    );
    expect(procedure.steps.map((step) => [step.key, step.kind])).toEqual([
      ['review', 'review'],
      ['decide', 'decide'],
    ]);
    expect(procedure.steps[0]?.actor.zh).toContain('群工委');
  });

  it('卫健 applies for a new ledger; out of order, its own decision and another city are refused; the 群工委 comments; the district refuses', async () => {
    const submitted = await send(
      tokens.health,
      'POST',
      '/admission/applications',
      application(ids.health, '社区慢病随访台账', { forms: ['慢病随访台账'] }),
    );
    expect(submitted.status).toBe(201);
    const applied = await body<Application>(submitted);
    expect(applied).toMatchObject({ status: 'pending', stepKey: 'review' });
    // 10 + 5 working days from Monday 2 November 2026: Monday 23 November, end of day in Shanghai.
    expect(applied.dueAt).toBe('2026-11-23T16:00:00.000Z');
    refusedId = applied.id;
    const path = `/admission/applications/${refusedId}`;
    const refuse = { outcome: 'refused', reason: '台账重复' };
    await refusedWithNothingWritten(
      () => send(tokens.government, 'POST', `${path}/decide`, refuse),
      409,
      'admission.out_of_order',
    );
    await refusedWithNothingWritten(
      () => send(tokens.healthDecider, 'POST', `${path}/decide`, refuse),
      403,
      'admission.own_application',
    );
    await refusedWithNothingWritten(
      () => api.send('POST', v1(`${path}/review`), { token: tokens.stranger, json: { comment: '同意' } }),
      403,
      'auth.wrong_tenant',
    );
    await refusedWithNothingWritten(
      () => send(tokens.government, 'POST', `${path}/review`, { comment: '同意' }),
      403,
      'admission.not_reviewer',
    );
    const reviewed = await send(tokens.massWork, 'POST', `${path}/review`, {
      comment: '与卫健现有信息系统重复，建议由部门自行采集',
    });
    expect(reviewed.status).toBe(200);
    expect(await body<Application>(reviewed)).toMatchObject({ stepKey: 'decide' });
    const decided = await send(tokens.government, 'POST', `${path}/decide`, {
      outcome: 'refused',
      reason: '不予准入：数据可由卫健系统共享，社区不另建台账',
    });
    expect(decided.status).toBe(200);
    const refusedApplication = await body<Application>(decided);
    expect(refusedApplication).toMatchObject({ status: 'refused', stepKey: null, workItemId: null });
    expect(refusedApplication.reviews.map((review) => review.outcome)).toEqual(['commented', 'refused']);
  });

  it('refuses acting on an application past its deadline', async () => {
    const late = await body<Application>(
      await send(tokens.civil, 'POST', '/admission/applications', application(ids.civil, '迟办事项')),
    );
    const saved = clock;
    clock = new Date('2026-11-24T02:00:00Z');
    await refusedWithNothingWritten(
      () => send(tokens.massWork, 'POST', `/admission/applications/${late.id}/review`, { comment: '同意' }),
      409,
      'admission.past_deadline',
    );
    clock = saved;
  });

  it('民政 applies for an assisted item with money; reviewed and admitted, it enters the catalog', async () => {
    const applied = await body<Application>(
      await send(
        tokens.civil,
        'POST',
        '/admission/applications',
        application(ids.civil, '协助发放高龄津贴', {
          fundingPerCommunity: 30000,
          forms: ['高龄津贴发放台账'],
          startsOn: '2026-11-02',
        }),
      ),
    );
    const path = `/admission/applications/${applied.id}`;
    expect(
      (await send(tokens.massWork, 'POST', `${path}/review`, { comment: '经费随事转，同意' })).status,
    ).toBe(200);
    const decided = await body<Application>(
      await send(tokens.government, 'POST', `${path}/decide`, {
        outcome: 'admitted',
        reason: '准入，经费每社区每年3万元',
      }),
    );
    expect(decided.status).toBe('admitted');
    itemId = decided.workItemId ?? '';
    const catalog = await body<{
      items: { id: string; list: string; fundingPerCommunity: number; forms: string[] }[];
    }>(await api.get(v1('/work-items?list=assisted')));
    expect(catalog.items.find((item) => item.id === itemId)).toMatchObject({
      fundingPerCommunity: 30000,
      forms: ['高龄津贴发放台账'],
    });
  });

  it('a case under the admitted item is accepted; one under no admitted item is declined with its reason logged', async () => {
    const categories = await body<{ items: { id: string; code: string }[] }>(
      await send(tokens.community, 'GET', '/case-categories'),
    );
    const categoryId = categories.items.find((item) => item.code === 'residents_requests')?.id;
    const dispatched = async (title: string, workItemId?: string) => {
      const made = await body<{ id: string }>(
        await send(tokens.community, 'POST', '/cases', { categoryId, orgUnitId: ids.eastC1, title }),
      );
      expect((await send(tokens.community, 'POST', `/cases/${made.id}/register`, {})).status).toBe(200);
      const sent = await send(
        tokens.community,
        'POST',
        `/cases/${made.id}/dispatch`,
        workItemId ? { workItemId } : {},
      );
      expect(sent.status).toBe(200);
      return made.id;
    };
    const admitted = await dispatched('高龄津贴发放名单核对', itemId);
    await refusedWithNothingWritten(
      () => send(tokens.community, 'POST', `/cases/${admitted}/decline-work`, { reason: '不接' }),
      409,
      'admission.work_admitted',
    );
    expect((await send(tokens.community, 'POST', `/cases/${admitted}/accept`, {})).status).toBe(200);
    const unadmitted = await dispatched('填报卫健慢病随访台账');
    const reason = '该工作未经准入，社区不予承接';
    const declined = await send(tokens.community, 'POST', `/cases/${unadmitted}/decline-work`, { reason });
    expect(declined.status).toBe(200);
    expect(await body<{ status: string }>(declined)).toMatchObject({ status: 'registered' });
    const read = await body<{
      timeline: { kind: string; reason: string; details: Record<string, unknown> }[];
    }>(await send(tokens.community, 'GET', `/cases/${unadmitted}`));
    expect(read.timeline.at(-1)).toMatchObject({
      kind: 'decline_work',
      reason,
      details: { ground: 'no_item' },
    });
    const audit = await db.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, city.id), eq(auditEvents.action, 'case.decline_work')));
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).toMatchObject({ reason });
  });

  it("the year's agreement for the committee lists the item, signed by both sides", async () => {
    const drafted = await send(tokens.government, 'POST', '/agreements', {
      orgUnitId: ids.eastC1,
      year: 2026,
      items: [{ workItemId: itemId, guidance: '区民政局每季度培训一次' }],
      governmentObligations: '按时足额拨付经费，提供业务指导',
      committeeObligations: '按时核对发放名单，如实登记台账',
      penalties: '经费逾期拨付的，居委会可拒绝协助；居委会未履约的，扣减当年考核分',
    });
    expect(drafted.status).toBe(201);
    const agreement = await body<{ id: string; items: { workItemId: string; fundingYuan: number }[] }>(
      drafted,
    );
    expect(agreement.items).toEqual([expect.objectContaining({ workItemId: itemId, fundingYuan: 30000 })]);
    const sign = (token: string, side: string) =>
      send(token, 'POST', `/agreements/${agreement.id}/sign`, { side });
    expect((await sign(tokens.community, 'committee')).status).toBe(200);
    await refusedWithNothingWritten(() => sign(tokens.community, 'government'), 403, 'auth.forbidden');
    const signed = await body<{ status: string }>(await sign(tokens.government, 'government'));
    expect(signed.status).toBe('signed');
  });

  it('the funding ledger shows the money owed to each community of the district, and what is paid', async () => {
    const ledger = await body<{
      lines: {
        obligationId: string;
        workItemId: string;
        orgUnitId: string;
        owed: number;
        outstanding: number;
      }[];
      communities: { orgUnitId: string; owed: number; outstanding: number }[];
    }>(await send(tokens.government, 'GET', '/funding?year=2026'));
    const lines = ledger.lines.filter((line) => line.workItemId === itemId);
    expect(lines).toHaveLength(3); // east-c1, east-c2, east-c3
    const eastC1 = lines.find((line) => line.orgUnitId === ids.eastC1);
    expect(eastC1).toMatchObject({ owed: 30000, outstanding: 30000 });
    const paid = await api.post(v1(`/funding/${eastC1?.obligationId}/payments`), {
      amountYuan: 10000,
      paidOn: '2026-11-20',
    });
    expect(paid.status).toBe(201);
    await refusedWithNothingWritten(
      () =>
        api.post(v1(`/funding/${eastC1?.obligationId}/payments`), {
          amountYuan: 25000,
          paidOn: '2026-11-20',
        }),
      422,
      'admission.invalid',
    );
    const after = await body<{
      communities: { orgUnitId: string; owed: number; paid: number; outstanding: number }[];
    }>(await send(tokens.government, 'GET', '/funding?year=2026'));
    expect(after.communities.find((total) => total.orgUnitId === ids.eastC1)).toMatchObject({
      owed: 30000,
      paid: 10000,
      outstanding: 20000,
    });
  });

  it('the public record shows the new item and the refusal with its reason', async () => {
    const record = await body<{
      items: { id: string }[];
      decided: { outcome: string; reason: string; name: { zh: string } }[];
      communities: { owed: number }[];
    }>(await api.get(v1('/admission/public?year=2026')));
    expect(record.items.map((item) => item.id)).toContain(itemId);
    expect(record.decided).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          outcome: 'refused',
          reason: '不予准入：数据可由卫健系统共享，社区不另建台账',
        }),
        expect.objectContaining({
          outcome: 'admitted',
          name: expect.objectContaining({ zh: '协助发放高龄津贴' }),
        }),
      ]),
    );
    expect(record.communities.reduce((sum, total) => sum + total.owed, 0)).toBe(90000);
    const page = await (await api.get(`/t/${city.slug}/admission`)).text();
    expect(page).toContain('协助发放高龄津贴');
    expect(page).toContain('不予准入：数据可由卫健系统共享，社区不另建台账');
    const csv = await api.get(`/t/${city.slug}/admission.csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toMatch(/依法协助\/assisted,ZR-\d{4}-ZR-\d{3},协助发放高龄津贴/);
    const sheet = await (await api.get(`/t/${city.slug}/admission.xls?lang=en`)).text();
    expect(sheet).toContain('<Data ss:Type="String">协助发放高龄津贴</Data>');
  });
});
