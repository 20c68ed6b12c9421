import type { AddressInfo } from 'node:net';
import type { ServerType } from '@hono/node-server';
import { Statuspage } from 'statuspage.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveNode } from '../../../functions/node';
import { withTenant } from '../../../functions/platform/db';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { runStatusSweep } from '../../../functions/public-site/data-links.service';
import { seedDemoKeys, seedPublicSite } from '../../../functions/public-site/public-site.seed';
import { seedDepartments } from '../../../functions/tenants/departments.service';
import { body, type ErrorBody, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { PLATFORM_TOKEN } from '../../support/fixtures';
import { cityWithGrids } from '../../support/identity';
import { snapshotStore } from '../../support/snapshot';

/**
 * Issue 16 item 10: Statuspage complete, read by a third-party Statuspage client (the npm
 * `statuspage.io` package, pointed at a real HTTP server in front of the app) — summary, status,
 * components, incidents, unresolved incidents and the scheduled maintenances (all, upcoming, active).
 * Before this, unresolved.json and the maintenance endpoints answered 404 and nothing could be scheduled.
 */
let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let city: TenantRow;
let server: ServerType;
let client: Statuspage;
const started = Date.parse('2026-12-07T02:00:00Z');
let offset = 0;
const now = () => new Date(started + offset);

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db, now);
  city = await cityWithGrids(db.db);
  await withTenant({ db: db.db, tenantId: city.id }, async (tx) => {
    await seedDepartments(tx, city.id, city.structure);
    await seedPublicSite(tx, city, now());
  });
  await seedDemoKeys(db.db, city, now());
  await runStatusSweep({ db: db.db, now });
  server = serveNode(api.app, 0);
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  client = new Statuspage('unused');
  // The client's own HTTP client, pointed at this city instead of <page>.statuspage.io.
  (client as unknown as { apiClient: { defaults: { baseURL: string } } }).apiClient.defaults.baseURL =
    `http://127.0.0.1:${port}/t/${city.slug}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await db.close();
});

describe('a city’s status page through a Statuspage client', () => {
  it('schedules a maintenance, which every endpoint shows as it moves on; the client reads them all', async () => {
    const [department] = await db.query<{ id: string }>(
      'select department_id as id from data_link_components where tenant_id = $1 limit 1',
      [city.id],
    );
    expect(department).toBeDefined();
    const scheduled = await api.send('POST', `/v1/t/${city.slug}/maintenances`, {
      token: PLATFORM_TOKEN,
      json: {
        name: { zh: '民政局低保系统升级', en: 'Allowance system upgrade' },
        departmentIds: [department?.id],
        scheduledFor: '2026-12-07T14:00:00+08:00',
        scheduledUntil: '2026-12-07T18:00:00+08:00',
        body: { zh: '升级期间推送暂停。', en: 'Pushes pause during the upgrade.' },
      },
    });
    expect(scheduled.status).toBe(201);
    const { id } = await body<{ id: string }>(scheduled);

    const summary = await client.api.getSummary();
    expect(summary.status.description).toBe('All Systems Operational');
    expect(summary.scheduled_maintenances.map((m) => m.name)).toEqual(['民政局低保系统升级']);
    const upcoming = await client.api.scheduledMaintenances.getUpcoming();
    expect(upcoming.scheduled_maintenances.map((m) => m.status)).toEqual(['scheduled']);
    expect((await client.api.scheduledMaintenances.getAll()).scheduled_maintenances).toHaveLength(1);
    expect((await client.api.incidents.getUnresolved()).incidents).toEqual([]);
    expect((await client.api.incidents.getAll()).incidents).toEqual([]);
    expect((await client.api.getStatus()).status.indicator).toBe('none');

    // It starts: the component shows under_maintenance, the active list holds it.
    offset += 60_000;
    const begun = await api.send('POST', `/v1/t/${city.slug}/incidents/${id}/updates`, {
      token: PLATFORM_TOKEN,
      json: { status: 'in_progress', body: { zh: '维护开始。', en: 'Maintenance started.' } },
    });
    expect(begun.status).toBe(200);
    const active = await api.get(`/t/${city.slug}/api/v2/scheduled-maintenances/active.json`);
    expect((await body<{ scheduled_maintenances: unknown[] }>(active)).scheduled_maintenances).toHaveLength(
      1,
    );
    const components = await client.api.getComponents();
    expect(components.components.find((c) => c.id === department?.id)?.status).toBe('under_maintenance');

    // An incident status is refused for a maintenance, writing nothing.
    const before = await snapshotStore(db);
    const wrong = await api.send('POST', `/v1/t/${city.slug}/incidents/${id}/updates`, {
      token: PLATFORM_TOKEN,
      json: { status: 'resolved', body: { zh: '好了', en: 'Done' } },
    });
    expect(wrong.status).toBe(422);
    expect((await body<ErrorBody>(wrong)).error.code).toBe('incident.status_kind');
    expect(await snapshotStore(db)).toEqual(before);

    offset += 60_000;
    const done = await api.send('POST', `/v1/t/${city.slug}/incidents/${id}/updates`, {
      token: PLATFORM_TOKEN,
      json: { status: 'completed', body: { zh: '维护完成。', en: 'Maintenance completed.' } },
    });
    expect(done.status).toBe(200);
    const after = await client.api.getSummary();
    expect(after.scheduled_maintenances).toEqual([]);
    expect(after.components.find((c) => c.id === department?.id)?.status).toBe('operational');
    const page = await (await api.get(`/t/${city.slug}/status`)).text();
    expect(page).toContain('计划维护');
    expect(page).toContain('维护完成。');
  });

  it('refuses a window that ends before it starts, naming the field, writing nothing', async () => {
    const before = await snapshotStore(db);
    const refused = await api.send('POST', `/v1/t/${city.slug}/maintenances`, {
      token: PLATFORM_TOKEN,
      json: {
        name: { zh: '维护', en: 'Maintenance' },
        scheduledFor: '2026-12-08T18:00:00+08:00',
        scheduledUntil: '2026-12-08T14:00:00+08:00',
        body: { zh: '说明', en: 'Note' },
      },
    });
    expect(refused.status).toBe(422);
    expect((await body<ErrorBody>(refused)).error.details?.[0]?.path).toBe('scheduledUntil');
    expect(await snapshotStore(db)).toEqual(before);
  });
});
