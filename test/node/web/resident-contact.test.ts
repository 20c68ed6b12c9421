import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { cityWithGrids, GOOD_PASSWORD, person } from '../../support/identity';
import { snapshotStore } from '../../support/snapshot';

/**
 * A resident's contact in the staff case view: masked to everyone who reads the case; revealed
 * only by an explicit action of staff with a need (who manage the case's place or handle it), with
 * a reason, each reveal an audit row; refused reveals write nothing; never on the public pages.
 */
const ORIGIN = 'http://localhost';
const CONTACT = '13900139000';
const MASKED = '139****9000';
let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let city: TenantRow;
const cookies = { grid: '', community: '' };
let caseId = '';
let number = '';

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}
const post = (path: string, fields: Record<string, string>, cookie: string) =>
  api.app.request(path, { method: 'POST', headers: { origin: ORIGIN, cookie }, body: form(fields) });
const get = (path: string, cookie: string) => api.app.request(path, { headers: { cookie } });

async function signIn(login: string): Promise<string> {
  const response = await post('/admin/sign-in', { tenant: city.slug, login, password: GOOD_PASSWORD }, '');
  const cookie = response.headers.get('set-cookie')?.match(/shequ_session=[^;]+/)?.[0];
  if (!cookie) throw new Error(`no session for ${login}`);
  return cookie;
}

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
  city = await cityWithGrids(db.db);
  cookies.grid = await signIn((await person(db.db, city, 'grid_worker', 'east-c1-g1')).email);
  cookies.community = await signIn((await person(db.db, city, 'community_staff', 'east-c1')).email);
  const reported = await api.app.request(`/t/${city.slug}/report`, {
    method: 'POST',
    body: form({
      service_code: 'city_operation',
      address_id: 'east-c1-g1',
      description: '消防通道被私家车堵塞',
      contact: CONTACT,
    }),
  });
  expect(reported.status).toBe(201);
  number = /data-request-id="([^"]+)"/.exec(await reported.text())?.[1] ?? '';
  const [row] = await db.query<{ id: string }>('select id from cases where number = $1', [number]);
  caseId = row?.id ?? '';
});
afterAll(async () => db.close());

describe('the reporter’s contact in the staff case view', () => {
  it('is masked to everyone who reads the case', async () => {
    for (const cookie of [cookies.grid, cookies.community]) {
      const page = await (await get(`/admin/cases/${caseId}`, cookie)).text();
      expect(page).toContain(MASKED);
      expect(page).not.toContain(CONTACT);
    }
  });

  it('is not revealed without a need or without a reason, and nothing is written', async () => {
    const before = await snapshotStore(db);
    const grid = await post(`/admin/cases/${caseId}/reveal-contact`, { reason: '回访' }, cookies.grid);
    expect(grid.status).toBe(403);
    expect(await grid.text()).not.toContain(CONTACT);
    const noReason = await post(`/admin/cases/${caseId}/reveal-contact`, { reason: ' ' }, cookies.community);
    expect(noReason.status).toBe(400);
    const page = await noReason.text();
    expect(page).toContain('data-field="reason"');
    expect(page).not.toContain(CONTACT);
    expect(await snapshotStore(db)).toEqual(before);
  });

  it('is revealed to staff with a need, with the reason in the audit log', async () => {
    const revealed = await post(
      `/admin/cases/${caseId}/reveal-contact`,
      { reason: '需回访核实现场' },
      cookies.community,
    );
    expect(revealed.status).toBe(200);
    expect(revealed.headers.get('location')).toBeNull();
    expect(await revealed.text()).toContain(CONTACT);
    const rows = await db.query<{ details: { reason: string } }>(
      `select details from audit_events where target_id = $1 and action = 'case.contact_reveal'`,
      [caseId],
    );
    expect(rows.map((row) => row.details.reason)).toEqual(['需回访核实现场']);
    const again = await (await get(`/admin/cases/${caseId}`, cookies.community)).text();
    expect(again).not.toContain(CONTACT);
  });

  it('never appears on the public pages or in Open311', async () => {
    for (const path of [
      `/t/${city.slug}/requests/${number}`,
      `/t/${city.slug}/requests/${number}/feed.rss`,
      `/open311/v2/requests/${number}.json?jurisdiction_id=${city.slug}`,
    ]) {
      const text = await (await api.get(path)).text();
      expect(text, path).not.toContain(CONTACT);
      expect(text, path).not.toContain(MASKED);
    }
  });
});
