import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCategories } from '../../../functions/cases/case-catalog.service';
import { dispatchCase } from '../../../functions/cases/case-handling.service';
import { runCaseSweep } from '../../../functions/cases/case-sweep';
import { collectCase, registerCase } from '../../../functions/cases/cases.service';
import { createUser } from '../../../functions/identity/users.service';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { caseEvents, cases, departments } from '../../../schema';
import { body, type ErrorBody, signedIn, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { cityWithGrids, GOOD_PASSWORD, person, platform, unitId } from '../../support/identity';

/**
 * 限期受理: the community writes to 城管 with a deadline in working days; 城管 accepts one in time,
 * declines one with a reason, and leaves one unanswered — the sweep marks it overdue and sends it
 * to the district. The answers come back to the person who raised them. Then: sweeps that overlap
 * escalate a breached case exactly once.
 */
let db: TestDatabase;
let clock = new Date('2026-11-02T01:00:00Z'); // Monday 09:00, Asia/Shanghai
let api: ReturnType<typeof testApp>;
let city: TenantRow;
let urbanManagement = '';
const tokens = { community: '', officer: '', civil: '' };

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db, () => clock);
  city = await cityWithGrids(db.db);
  const community = await person(db.db, city, 'community_staff', 'east-c1');
  tokens.community = await signedIn(api, city.slug, community.email, community.password);
  const rows = await db.db.select().from(departments).where(eq(departments.tenantId, city.id));
  urbanManagement = rows.find((row) => row.key === 'urban_management')?.id ?? '';
  const civil = rows.find((row) => row.key === 'civil_affairs')?.id ?? '';
  for (const [name, departmentId] of [
    ['officer', urbanManagement],
    ['civil', civil],
  ] as const) {
    const email = `${name}@${city.slug}.example.org`;
    await createUser(
      { db: db.db, tenant: city, actor: platform, now: () => new Date() },
      {
        email,
        displayName: name,
        password: GOOD_PASSWORD,
        roles: [
          { role: 'department_officer', orgUnitId: await unitId(db.db, city.id, 'city'), departmentId },
        ],
      },
    );
    tokens[name] = await signedIn(api, city.slug, email, GOOD_PASSWORD);
  }
});
afterAll(async () => db.close());

interface Request {
  id: string;
  status: string;
  dueAt: string;
  reason: string;
  escalatedToUnitId: string | null;
}

async function raise(subject: string): Promise<Request> {
  const response = await api.send('POST', `/v1/t/${city.slug}/acceptance-requests`, {
    token: tokens.community,
    json: {
      fromUnitId: await unitId(db.db, city.id, 'east-c1'),
      departmentId: urbanManagement,
      subject,
      workingDays: 2,
    },
  });
  expect(response.status).toBe(201);
  return body<Request>(response);
}

const answer = (token: string, id: string, json: unknown) =>
  api.send('POST', `/v1/t/${city.slug}/acceptance-requests/${id}/answer`, { token, json });

describe('deadline-bound requests (限期受理)', () => {
  it('are accepted in time, declined with a reason, or escalated when left past the deadline', async () => {
    const accepted = await raise('沿街占道经营整治');
    const declined = await raise('小区内违章搭建');
    const ignored = await raise('夜间施工噪声');
    // Two working days from Monday: due at the end of Wednesday, city time.
    expect(accepted.dueAt).toBe('2026-11-04T16:00:00.000Z');

    const wrongDepartment = await answer(tokens.civil, accepted.id, { decision: 'accepted' });
    expect(wrongDepartment.status).toBe(403);
    expect((await body<ErrorBody>(wrongDepartment)).error.code).toBe('acceptance.not_addressed');

    clock = new Date('2026-11-03T02:00:00Z');
    expect((await answer(tokens.officer, accepted.id, { decision: 'accepted' })).status).toBe(200);
    const bare = await answer(tokens.officer, declined.id, { decision: 'declined' });
    expect(bare.status).toBe(422);
    expect((await body<ErrorBody>(bare)).error.details?.[0]?.code).toBe('case.reason_required');
    expect(
      (await answer(tokens.officer, declined.id, { decision: 'declined', reason: '属住建部门职责，已转告' }))
        .status,
    ).toBe(200);
    expect((await answer(tokens.officer, accepted.id, { decision: 'declined', reason: 'x' })).status).toBe(
      409,
    );

    clock = new Date('2026-11-04T16:30:00Z');
    expect(await runCaseSweep({ db: db.db, now: () => clock })).toMatchObject({ requestsOverdue: 1 });
    expect(await runCaseSweep({ db: db.db, now: () => clock })).toMatchObject({ requestsOverdue: 0 });

    // The person who raised them reads the answers back.
    const mine = await body<{ items: Request[] }>(
      await api.get(`/v1/t/${city.slug}/acceptance-requests`, {
        headers: { authorization: `Bearer ${tokens.community}` },
      }),
    );
    const byId = new Map(mine.items.map((item) => [item.id, item]));
    expect(byId.get(accepted.id)).toMatchObject({ status: 'accepted' });
    expect(byId.get(declined.id)).toMatchObject({ status: 'declined', reason: '属住建部门职责，已转告' });
    expect(byId.get(ignored.id)).toMatchObject({
      status: 'overdue',
      escalatedToUnitId: await unitId(db.db, city.id, 'east'),
    });
  });
});

describe('overlapping sweeps', () => {
  it('escalate a breached case exactly once', async () => {
    const ctx = { db: db.db, tenant: city, actor: platform, now: () => clock };
    clock = new Date('2026-11-09T01:00:00Z');
    const categories = await listCategories(ctx);
    const category = categories.find((row) => row.code === 'city_operation');
    const ids: string[] = [];
    for (let index = 0; index < 12; index += 1) {
      const row = await collectCase(ctx, {
        categoryId: category?.id ?? '',
        orgUnitId: await unitId(db.db, city.id, 'east-c1-g1'),
        title: `破损路面 ${index}`,
      });
      await registerCase(ctx, row.id, {});
      await dispatchCase(ctx, row.id, {});
      ids.push(row.id);
    }
    clock = new Date('2026-11-30T01:00:00Z'); // long past the handling limit and its double
    const reports = await Promise.all([1, 2, 3, 4].map(() => runCaseSweep({ db: db.db, now: () => clock })));
    const breached = reports.reduce((sum, report) => sum + report.breached, 0);
    const second = reports.reduce((sum, report) => sum + report.secondBreached, 0);
    expect(breached).toBe(12);
    expect(second).toBe(12);
    for (const id of ids) {
      const [row] = await db.db.select().from(cases).where(eq(cases.id, id));
      // Community → district on the breach, district → city on the second breach: two, never more.
      expect(row?.escalations).toBe(2);
      const notices = await db.db
        .select()
        .from(caseEvents)
        .where(and(eq(caseEvents.caseId, id), eq(caseEvents.kind, 'supervision_notice')));
      expect(notices).toHaveLength(2);
    }
  });
});
