import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAdmissionSamples } from '../../../functions/admission/admission.seed';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { auditEvents, fundingObligations, workItemVersions } from '../../../schema';
import { body, type ErrorBody, signedIn, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { PLATFORM_TOKEN } from '../../support/fixtures';
import { cityWithGrids, GOOD_PASSWORD, person, unitId } from '../../support/identity';
import { snapshotStore } from '../../support/snapshot';

/** The lists as a city edits them, its own procedure, and the sample lists `npm start` seeds. */
let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let city: TenantRow;
const clock = new Date('2026-11-02T02:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db, () => clock);
  city = await cityWithGrids(db.db);
});
afterAll(async () => db.close());

const v1 = (path: string) => `/v1/t/${city.slug}${path}`;
const item = {
  code: 'door_plates',
  list: 'negative',
  name: { zh: '为部门挂牌', en: 'Plaques for departments' },
  legalBasis: '',
  levels: ['community'],
  fundingPerCommunity: 0,
  staffPerCommunity: 0,
  forms: [],
  validFrom: '2026-01-01',
};

describe('the three lists', () => {
  it('are edited by city administrators only, each change versioned and audited, a revoked item kept with its reason', async () => {
    const staff = await person(db.db, city, 'community_staff', 'east-c1');
    const token = await signedIn(api, city.slug, staff.email, staff.password);
    const before = await snapshotStore(db);
    const refused = await api.send('POST', v1('/work-items'), { token, json: item });
    expect(refused.status).toBe(403);
    expect(await snapshotStore(db)).toEqual(before);
    const created = await body<{ id: string; version: number }>(await api.post(v1('/work-items'), item));
    const edited = await api.send('PUT', v1(`/work-items/${created.id}`), {
      token: PLATFORM_TOKEN,
      json: { ...item, name: { zh: '为部门挂牌（任何形式）', en: 'Plaques in any form' }, version: 1 },
    });
    expect(await body<{ version: number }>(edited)).toMatchObject({ version: 2 });
    const stale = await api.send('PUT', v1(`/work-items/${created.id}`), {
      token: PLATFORM_TOKEN,
      json: { ...item, version: 1 },
    });
    expect((await body<ErrorBody>(stale)).error.code).toBe('admission.stale');
    const revoked = await api.post(v1(`/work-items/${created.id}/revoke`), { reason: '并入总条目' });
    expect(await body<{ status: string; revokedReason: string }>(revoked)).toMatchObject({
      status: 'revoked',
      revokedReason: '并入总条目',
    });
    const versions = await db.db
      .select()
      .from(workItemVersions)
      .where(eq(workItemVersions.workItemId, created.id));
    expect(versions.map((row) => row.version).sort()).toEqual([1, 2]);
    const audit = await db.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, city.id), eq(auditEvents.targetId, created.id)));
    expect(audit.map((row) => row.action).sort()).toEqual([
      'work_item.create',
      'work_item.revoke',
      'work_item.update',
    ]);
    const open = await body<{ items: { id: string }[] }>(await api.get(v1('/work-items')));
    expect(open.items.map((row) => row.id)).not.toContain(created.id);
  });

  it('refuses an unknown level and department by field, writing nothing', async () => {
    const before = await snapshotStore(db);
    const response = await api.post(v1('/work-items'), {
      ...item,
      code: 'other',
      levels: ['planet'],
      departmentId: '00000000-0000-4000-8000-000000000000',
    });
    const error = await body<ErrorBody>(response);
    expect(response.status).toBe(422);
    expect(error.error.details?.map((issue) => [issue.path, issue.code])).toEqual([
      ['departmentId', 'admission.department_unknown'],
      ['levels.0', 'admission.level_unknown'],
    ]);
    expect(await snapshotStore(db)).toEqual(before);
  });
});

describe("a city's own procedure", () => {
  it('asks for work 30 working days ahead and counts the deadline on its steps', async () => {
    const configured = await api.send('PUT', v1('/admission/procedure'), {
      token: PLATFORM_TOKEN,
      json: {
        leadWorkingDays: 30,
        steps: [
          {
            key: 'decide',
            kind: 'decide',
            actor: { zh: '区政府', en: 'District government' },
            action: { zh: '审定', en: 'Decides' },
            workingDays: 15,
          },
        ],
      },
    });
    expect(configured.status).toBe(200);
    const departments = await body<{ items: { id: string; key: string }[] }>(
      await api.get(v1('/departments')),
    );
    const civil = departments.items.find((row) => row.key === 'civil_affairs')?.id;
    const east = await unitId(db.db, city.id, 'east');
    const tooSoon = await api.post(v1('/admission/applications'), {
      departmentId: civil,
      orgUnitId: east,
      list: 'assisted',
      name: { zh: '协助事项', en: 'Assisted work' },
      legalBasis: '依据',
      levels: ['community'],
      startsOn: '2026-12-01',
      fundingPerCommunity: 0,
      staffPerCommunity: 0,
      forms: [],
    });
    const error = await body<ErrorBody>(tooSoon);
    // 30 working days after Monday 2 November 2026 is Monday 14 December.
    expect(error.error.details?.[0]).toMatchObject({
      path: 'startsOn',
      code: 'admission.too_late',
      params: { leadDays: 30, earliest: '2026-12-14' },
    });
    const inTime = await api.post(v1('/admission/applications'), {
      departmentId: civil,
      orgUnitId: east,
      list: 'assisted',
      name: { zh: '协助事项', en: 'Assisted work' },
      legalBasis: '依据',
      levels: ['community'],
      startsOn: '2026-12-14',
      fundingPerCommunity: 0,
      staffPerCommunity: 0,
      forms: [],
    });
    expect(inTime.status).toBe(201);
    // 15 working days from 2 November: Monday 23 November, end of day in Shanghai.
    expect(await body<{ stepKey: string; dueAt: string }>(inTime)).toMatchObject({
      stepKey: 'decide',
      dueAt: '2026-11-23T16:00:00.000Z',
    });
  });
});

describe('the sample lists', () => {
  it('seed the three lists once, marked as samples, with this year’s money owed to every community', async () => {
    const other = await cityWithGrids(db.db);
    expect(await seedAdmissionSamples(db.db, other, clock)).toBe(7);
    expect(await seedAdmissionSamples(db.db, other, clock)).toBe(0);
    const lists = await body<{ items: { list: string; sample: boolean }[] }>(
      await api.get(`/v1/t/${other.slug}/work-items`),
    );
    expect(new Set(lists.items.map((row) => row.list))).toEqual(
      new Set(['statutory', 'assisted', 'negative']),
    );
    expect(lists.items.every((row) => row.sample)).toBe(true);
    // The console lists them with the sample label once (it showed "（示例）（示例）") and the money's unit.
    const admin = await person(db.db, other, 'city_administrator', 'city');
    const token = await signedIn(api, other.slug, admin.email, GOOD_PASSWORD);
    const page = await (
      await api.app.request('/admin/admission', { headers: { cookie: `shequ_session=${token}` } })
    ).text();
    expect(page).toContain('调解民间纠纷（示例）');
    expect(page).not.toContain('（示例）（示例）');
    expect(page).toContain('每社区每年经费（元）: 20000');
    const owed = await db.db
      .select()
      .from(fundingObligations)
      .where(eq(fundingObligations.tenantId, other.id));
    expect(owed).toHaveLength(3 * 4); // three assisted items, four communities
  });
});
