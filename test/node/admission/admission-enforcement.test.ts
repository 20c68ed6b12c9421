import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { body, type ErrorBody, signedIn, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { PLATFORM_TOKEN } from '../../support/fixtures';
import { cityWithGrids, person, unitId } from '../../support/identity';
import { snapshotStore } from '../../support/snapshot';

/**
 * Admission where work reaches communities: a new field community staff would fill in needs an
 * admitted item of the field's department; a revoked or negative-list item lets a community decline.
 */
let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let city: TenantRow;
const clock = new Date('2026-11-02T02:00:00Z');
const departments: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db, () => clock);
  city = await cityWithGrids(db.db);
  const list = await body<{ items: { id: string; key: string }[] }>(await api.get(v1('/departments')));
  for (const row of list.items) departments[row.key] = row.id;
});
afterAll(async () => db.close());

const v1 = (path: string) => `/v1/t/${city.slug}${path}`;
const newItem = async (code: string, list: string, department: string | null) =>
  (
    await body<{ id: string }>(
      await api.post(v1('/work-items'), {
        code,
        list,
        name: { zh: `事项 ${code}`, en: `Item ${code}` },
        legalBasis: '依据',
        departmentId: department,
        levels: ['community'],
        fundingPerCommunity: 0,
        staffPerCommunity: 0,
        forms: [],
        validFrom: '2026-01-01',
      }),
    )
  ).id;

async function refused(request: () => Promise<Response> | Response, status: number, code: string) {
  const before = await snapshotStore(db);
  const response = await request();
  const error = await body<ErrorBody>(response);
  expect(response.status, JSON.stringify(error)).toBe(status);
  expect([error.error.code, ...(error.error.details ?? []).map((issue) => issue.code)]).toContain(code);
  expect(await snapshotStore(db)).toEqual(before);
}

describe('collect once meets admission', () => {
  const field = (extra: Record<string, unknown>) =>
    api.post(v1('/catalog/minimum_income/fields'), {
      key: 'monthly_visit',
      type: 'date',
      name: { zh: '每月走访日期', en: 'Monthly visit date' },
      sensitivity: 'low',
      sharingClass: 'open',
      ...extra,
    });

  it('refuses a field community staff would collect without an admitted item of the domain’s department', async () => {
    await refused(() => field({ collectedBy: 'community' }), 422, 'catalog.work_item_required');
    const health = await newItem('health_visits', 'assisted', departments.health ?? null);
    await refused(
      () => field({ collectedBy: 'community', workItemId: health }),
      422,
      'catalog.work_item_not_admitted',
    );
    const negative = await newItem('civil_negative', 'negative', departments.civil_affairs ?? null);
    await refused(
      () => field({ collectedBy: 'community', workItemId: negative }),
      422,
      'catalog.work_item_not_admitted',
    );
  });

  it('adds it under an admitted item of the civil-affairs department', async () => {
    const civil = await newItem('civil_visits', 'assisted', departments.civil_affairs ?? null);
    const added = await field({ collectedBy: 'community', workItemId: civil });
    expect(added.status).toBe(201);
  });
});

describe('declining work at dispatch', () => {
  it('lets the community decline a case under a revoked item, and not under one in force', async () => {
    const staff = await person(db.db, city, 'community_staff', 'east-c1');
    const token = await signedIn(api, city.slug, staff.email, staff.password);
    const item = await newItem('stairwell_checks', 'assisted', departments.housing ?? null);
    const categories = await body<{ items: { id: string; code: string }[] }>(
      await api.send('GET', v1('/case-categories'), { token }),
    );
    const categoryId = categories.items.find((row) => row.code === 'residents_requests')?.id;
    const dispatched = async () => {
      const made = await body<{ id: string }>(
        await api.send('POST', v1('/cases'), {
          token,
          json: { categoryId, orgUnitId: await unitId(db.db, city.id, 'east-c1'), title: '楼道检查' },
        }),
      );
      await api.send('POST', v1(`/cases/${made.id}/register`), { token, json: {} });
      await api.send('POST', v1(`/cases/${made.id}/dispatch`), { token, json: { workItemId: item } });
      return made.id;
    };
    const first = await dispatched();
    await refused(
      () => api.send('POST', v1(`/cases/${first}/decline-work`), { token, json: { reason: '不接' } }),
      409,
      'admission.work_admitted',
    );
    const grid = await person(db.db, city, 'grid_worker', 'east-c1-g1');
    const gridToken = await signedIn(api, city.slug, grid.email, grid.password);
    await refused(
      () =>
        api.send('POST', v1(`/cases/${first}/decline-work`), { token: gridToken, json: { reason: '不接' } }),
      403,
      'admission.not_community_handler',
    );
    await api.send('POST', v1(`/work-items/${item}/revoke`), {
      token: PLATFORM_TOKEN,
      json: { reason: '取消' },
    });
    const declined = await api.send('POST', v1(`/cases/${first}/decline-work`), {
      token,
      json: { reason: '事项已撤销' },
    });
    expect(declined.status).toBe(200);
    const read = await body<{ timeline: { kind: string; details: Record<string, unknown> }[] }>(
      await api.send('GET', v1(`/cases/${first}`), { token }),
    );
    expect(read.timeline.at(-1)).toMatchObject({ kind: 'decline_work', details: { ground: 'not_in_force' } });
  });
});
