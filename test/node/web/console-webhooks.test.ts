import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { signedIn, testApp } from '../../support/app';
import { consoleBrowser, form } from '../../support/console';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { cityWithGrids, GOOD_PASSWORD, person } from '../../support/identity';
import { departmentKey } from '../../support/sharing';
import { snapshotStore } from '../../support/snapshot';

let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let browser: ReturnType<typeof consoleBrowser>;
let city: TenantRow;
let cityAdmin = '';
let adminEmail = '';
let subscriptionId = '';
let hrss: { secret: string; departmentId: string };

const RESIDENT = '00000000-0000-4000-8000-0000000000aa';

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
  browser = consoleBrowser(api);
  city = await cityWithGrids(db.db);
  adminEmail = (await person(db.db, city, 'city_administrator', 'city')).email;
  cityAdmin = await browser.signIn(city.slug, adminEmail);
  hrss = await departmentKey(api, city.slug, 'human_resources_social_security', ['webhooks:manage']);
  const created = await api.send('POST', `/v1/t/${city.slug}/webhooks`, {
    token: hrss.secret,
    json: { url: 'https://hooks.hrss.example.org/shequ' },
  });
  expect(created.status).toBe(201);
  subscriptionId = ((await created.json()) as { id: string }).id;
  // Three deliveries as the sweep leaves them: one delivered, one dead-lettered, one waiting to retry.
  await db.query(
    `insert into webhook_deliveries (tenant_id, subscription_id, event_seq, resident_id, payload, status, attempts, next_attempt_at, last_error, delivered_at)
     values ('${city.id}', '${subscriptionId}', 1, '${RESIDENT}', '{}', 'delivered', 1, now(), null, now()),
            ('${city.id}', '${subscriptionId}', 2, '${RESIDENT}', '{}', 'dead', 9, now(), 'HTTP 500 from receiver', null),
            ('${city.id}', '${subscriptionId}', 3, '${RESIDENT}', '{}', 'pending', 2, now() + interval '1 hour', 'timed out', null)`,
  );
  await db.query(
    `update webhook_subscriptions set failing_since = now() - interval '2 hours', failures = 3 where id = '${subscriptionId}'`,
  );
});
afterAll(async () => db.close());

describe('webhooks in the console', () => {
  it('lists every department’s subscriptions with their state and delivery counts, in both languages', async () => {
    const zh = await (await browser.get('/admin/webhooks', cityAdmin)).text();
    expect(zh).toMatch(new RegExp(`data-webhook="${subscriptionId}"[\\s\\S]*?hooks.hrss.example.org`));
    expect(zh).toContain('起无法送达');
    expect(zh).toMatch(/data-count="dead">死信 1/);
    expect(zh).toMatch(/data-count="pending">待推送 1/);
    expect(zh).toContain('href="/admin/webhooks"');
    const en = await (await browser.get('/admin/webhooks?lang=en', cityAdmin)).text();
    expect(en).toMatch(/data-count="dead">dead letter 1/);
    expect(en).toContain('failing since');
    expect(en.slice(en.indexOf('<main')).match(/[（）；：、]/g)).toBeNull();
  });

  it('shows a subscription’s deliveries newest first with attempts, next attempt and error, filtered by status', async () => {
    const all = await (await browser.get(`/admin/webhooks/${subscriptionId}`, cityAdmin)).text();
    const order = [...all.matchAll(/data-delivery="(\d+)"/g)].map((match) => match[1]);
    expect(order).toEqual(['3', '2', '1']);
    expect(all).toMatch(
      /data-delivery="2" data-status="dead">[\s\S]*?<td>9<\/td>[\s\S]*?HTTP 500 from receiver/,
    );
    expect(all).toMatch(/data-delivery="3" data-status="pending">[\s\S]*?<td>2<\/td>[\s\S]*?<time/);
    expect(all).toContain('name="after" min="0" value="1"'); // replay suggested from before the first dead letter
    const dead = await (await browser.get(`/admin/webhooks/${subscriptionId}?status=dead`, cityAdmin)).text();
    expect([...dead.matchAll(/data-delivery="(\d+)"/g)].map((match) => match[1])).toEqual(['2']);
  });

  it('a replay with a bad cursor names the field and writes nothing; a good one requeues the dead letter (audited)', async () => {
    const before = await snapshotStore(db);
    const bad = await browser.post(
      `/admin/webhooks/${subscriptionId}/replay`,
      form({ after: '-3' }),
      cityAdmin,
    );
    expect(bad.status).toBe(422);
    expect(await bad.text()).toMatch(/data-field="after">从此序号之后重新推送/);
    expect(await snapshotStore(db)).toEqual(before);

    const good = await browser.post(
      `/admin/webhooks/${subscriptionId}/replay`,
      form({ after: '1' }),
      cityAdmin,
    );
    expect(good.status).toBe(303);
    const rows = await db.query<{ event_seq: number; status: string }>(
      `select event_seq, status from webhook_deliveries where subscription_id = '${subscriptionId}' order by event_seq`,
    );
    expect(rows.map((row) => [Number(row.event_seq), row.status])).toEqual([
      [1, 'delivered'],
      [2, 'pending'],
      [3, 'pending'],
    ]);
    const audit = await db.query(
      `select seq from audit_events where action = 'webhook.replay' and target_id = '${subscriptionId}'`,
    );
    expect(audit).toHaveLength(1);
  });

  it('the API gives a city administrator the same subscriptions, naming their department', async () => {
    const token = await signedIn(api, city.slug, adminEmail, GOOD_PASSWORD);
    const response = await api.send('GET', `/v1/t/${city.slug}/webhooks`, { token });
    expect(response.status).toBe(200);
    const items = ((await response.json()) as { items: { id: string; departmentId: string }[] }).items;
    expect(items).toEqual([expect.objectContaining({ id: subscriptionId, departmentId: hrss.departmentId })]);
    // Another department's client still sees only its own (none).
    const civil = await departmentKey(api, city.slug, 'civil_affairs', ['webhooks:manage']);
    const theirs = await api.send('GET', `/v1/t/${city.slug}/webhooks`, { token: civil.secret });
    expect(((await theirs.json()) as { items: unknown[] }).items).toEqual([]);
  });

  it('a district administrator may not open the webhooks', async () => {
    const district = await browser.signIn(
      city.slug,
      (await person(db.db, city, 'district_administrator', 'east')).email,
    );
    expect((await browser.get('/admin/webhooks', district)).status).toBe(403);
  });
});
