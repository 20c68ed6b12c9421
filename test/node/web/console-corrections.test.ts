import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { testApp } from '../../support/app';
import { consoleBrowser } from '../../support/console';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { PLATFORM_TOKEN } from '../../support/fixtures';
import { cityWithGrids, person, unitId } from '../../support/identity';
import { idNumberFor } from '../../support/sharing';

let db: TestDatabase;
let browser: ReturnType<typeof consoleBrowser>;
let city: TenantRow;
let cityAdmin = '';
let districtAdmin = '';

beforeAll(async () => {
  db = await createTestDatabase();
  const api = testApp(db.db);
  browser = consoleBrowser(api);
  city = await cityWithGrids(db.db);
  cityAdmin = await browser.signIn(
    city.slug,
    (await person(db.db, city, 'city_administrator', 'city')).email,
  );
  districtAdmin = await browser.signIn(
    city.slug,
    (await person(db.db, city, 'district_administrator', 'east')).email,
  );
  const registered = await api.send('POST', `/v1/t/${city.slug}/residents`, {
    token: PLATFORM_TOKEN,
    json: {
      idNumber: idNumberFor('1950-03-04', 21),
      name: '王秀英',
      addressUnitId: await unitId(db.db, city.id, 'east-c1-g1'),
    },
  });
  expect(registered.status).toBe(201);
  const resident = ((await registered.json()) as { id: string }).id;
  const [civil] = await db.query<{ id: string }>(
    `select id from departments where tenant_id = '${city.id}' and key = 'civil_affairs'`,
  );
  // Three requests as the API leaves them: one late, one still in time, one answered.
  await db.query(
    `insert into correction_requests (id, tenant_id, resident_id, field, proposed_value, reason, filed_by_kind, filed_by_id, owner_department_id, status, reply_by, decided_at)
     values ('00000000-0000-4000-8000-00000000c001', '${city.id}', '${resident}', 'minimum_income.enrolled', 'true', '秘密理由甲', 'api_client', 'x', '${civil?.id}', 'open', now() - interval '2 days', null),
            ('00000000-0000-4000-8000-00000000c002', '${city.id}', '${resident}', 'minimum_income.monthly_amount', '900', '秘密理由乙', 'user', 'y', '${civil?.id}', 'open', now() + interval '10 days', null),
            ('00000000-0000-4000-8000-00000000c003', '${city.id}', '${resident}', 'minimum_income.enrolled', 'false', '秘密理由丙', 'api_client', 'x', '${civil?.id}', 'accepted', now() - interval '5 days', now() - interval '6 days')`,
  );
});
afterAll(async () => db.close());

/** The part of the page from one heading id to the next heading. */
function section(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  const next = html.indexOf('<h2', start + 1);
  return start < 0 ? '' : html.slice(start, next < 0 ? undefined : next);
}

describe('corrections in the console', () => {
  it('lists the requests waiting for their owner department, late ones flagged, apart from the answered ones', async () => {
    const html = await (await browser.get('/admin/corrections', cityAdmin)).text();
    const waiting = section(html, 'waiting');
    expect(waiting).toContain('等待所属部门答复（2）');
    expect(waiting).toContain('其中 1 件已超期');
    expect(waiting).toMatch(
      /data-correction="00000000-0000-4000-8000-00000000c001"[\s\S]*?是否低保[\s\S]*?民政[\s\S]*?已超期/,
    );
    expect(waiting).toContain('00000000c002');
    expect(waiting).not.toContain('00000000c003');
    expect(section(html, 'answered')).toMatch(/00000000c003[\s\S]*?已更正/);
    // The city may not read the field: neither the value asked for nor the reason is shown.
    expect(html).not.toContain('秘密理由');
    expect(html).toContain('href="/admin/corrections"');
    const en = await (await browser.get('/admin/corrections?lang=en', cityAdmin)).text();
    expect(en).toContain('Waiting for the owner’s answer (2)');
    expect(en).toContain('1 overdue');
    expect(en.slice(en.indexOf('<main')).match(/[（）；：、]/g)).toBeNull();
  });

  it('offers no decision: the owner department decides (one field, one source)', async () => {
    const response = await browser.get('/admin/corrections', cityAdmin);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('只能由所属部门决定');
    expect(html).not.toContain('<form method="post" action="/admin/corrections');
  });

  it('a district administrator may not open the city’s corrections', async () => {
    expect((await browser.get('/admin/corrections', districtAdmin)).status).toBe(403);
  });
});
