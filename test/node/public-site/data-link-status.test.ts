import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../../../functions/platform/tenancy';
import {
  type LinkSignals,
  runStatusSweep,
  statusFromSignals,
} from '../../../functions/public-site/data-links.service';
import { runWebhookSweep } from '../../../functions/sharing/feed/webhooks.service';
import { registerResident } from '../../../functions/sharing/registry/residents.service';
import { body, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { DATA_KEY, PLATFORM_TOKEN } from '../../support/fixtures';
import { cityWithGrids, platform, unitId } from '../../support/identity';
import { departmentKey, idNumberFor } from '../../support/sharing';

/** A department's webhook receiver on loopback that can be taken down and brought back. */
function receiver() {
  const state = { up: false, attempts: 0 };
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      state.attempts += 1;
      response.writeHead(state.up ? 204 : 503).end();
    });
  });
  return { server, state };
}

let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let city: TenantRow;
let clock = new Date('2026-11-20T01:00:00Z');
const now = () => clock;
const advance = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};
const hook = receiver();
const keys = { civil: '', hrss: '', hrssDepartment: '' };
let residentId = '';

/** What the cron does: deliver webhooks, then recompute link status. */
async function cron() {
  await runWebhookSweep({ db: db.db, now, fetch, dataKey: DATA_KEY, allowLocalReceivers: true });
  return runStatusSweep({ db: db.db, now });
}

async function push(enrolled: boolean) {
  const response = await api.send('PUT', `/v1/t/${city.slug}/residents/${residentId}/facets/minimum_income`, {
    token: keys.civil,
    json: { data: { enrolled, monthly_amount: enrolled ? 700 : 0 }, sourceSystem: '民政低保系统' },
  });
  expect([200, 201]).toContain(response.status);
}

interface Summary {
  status: { indicator: string };
  components: { id: string; name: string; status: string }[];
  incidents: {
    id: string;
    name: string;
    status: string;
    impact: string;
    incident_updates: { status: string }[];
  }[];
}
const summary = async () => body<Summary>(await api.get(`/t/${city.slug}/api/v2/summary.json?lang=en`));
const hrssComponent = async () => (await summary()).components.find((c) => c.id === keys.hrssDepartment);

beforeAll(async () => {
  await new Promise<void>((resolve) => hook.server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(hook.server.address() as { port: number }).port}/hook`;
  db = await createTestDatabase();
  api = testApp(db.db, now);
  city = await cityWithGrids(db.db);
  const grid = await unitId(db.db, city.id, 'east-c1-g1');
  residentId = (
    await registerResident(
      { db: db.db, tenant: city, actor: platform, now, dataKey: DATA_KEY },
      { idNumber: idNumberFor('1980-03-03', 410), name: '链路测试', addressUnitId: grid },
    )
  ).id;
  keys.civil = (await departmentKey(api, city.slug, 'civil_affairs', ['residents:write'])).secret;
  const hrss = await departmentKey(api, city.slug, 'human_resources_social_security', [
    'grants:request',
    'webhooks:manage',
  ]);
  keys.hrss = hrss.secret;
  keys.hrssDepartment = hrss.departmentId;
  const grant = await body<{ id: string }>(
    await api.send('POST', `/v1/t/${city.slug}/grants`, {
      token: keys.hrss,
      json: {
        fields: ['minimum_income.enrolled'],
        purposeCode: 'employment_assistance',
        purpose: '就业援助',
        legalBasis: '就业促进法',
        validTo: '2099-12-31',
      },
    }),
  );
  await api.send('POST', `/v1/t/${city.slug}/grants/${grant.id}/decision`, {
    token: PLATFORM_TOKEN,
    json: { approve: true },
  });
  expect(
    (await api.send('POST', `/v1/t/${city.slug}/webhooks`, { token: keys.hrss, json: { url } })).status,
  ).toBe(201);
});
afterAll(async () => {
  await db.close();
  await new Promise((resolve) => hook.server.close(resolve));
});

describe('data-link status from real signals', () => {
  it('a failing webhook endpoint turns the component degraded, then outage, with an incident on the page and in the feeds; recovery resolves it', async () => {
    await cron();
    expect((await hrssComponent())?.status).toBe('operational');
    expect((await summary()).status.indicator).toBe('none');
    // Connected but nothing carried yet: the page says so beside "operational" (Statuspage has no such state).
    const idleLink = (html: string) =>
      /data-component="human_resources_social_security"[^>]*>[\s\S]*?<\/p>/.exec(html)?.[0] ?? '';
    const idlePage = await (await api.get(`/t/${city.slug}/status`)).text();
    expect(idleLink(idlePage)).toContain('尚无推送或调取记录');
    // No link has carried anything yet: the banner does not read as "known to work" either.
    expect(/class="status-banner"[^>]*>([\s\S]*?)<\/p>/.exec(idlePage)?.[1]).toContain('尚无推送或调取记录');
    expect(idleLink(await (await api.get(`/t/${city.slug}/status?lang=en`)).text())).toContain(
      'no push or pull recorded yet',
    );

    await push(true);
    await cron(); // first delivery attempt fails (503)
    expect(hook.state.attempts).toBe(1);
    expect((await hrssComponent())?.status).toBe('degraded_performance');
    let s = await summary();
    expect(s.status.indicator).toBe('minor');
    expect(s.incidents).toHaveLength(1);
    expect(s.incidents[0]).toMatchObject({ status: 'investigating', impact: 'minor' });
    expect(s.incidents[0]?.name).toContain('data link degraded');

    // Still failing 31 minutes later: an outage, and the same incident escalates.
    for (let i = 0; i < 4; i++) {
      advance(8 * 60_000);
      await cron();
    }
    expect((await hrssComponent())?.status).toBe('major_outage');
    s = await summary();
    expect(s.status.indicator).toBe('major');
    expect(s.incidents).toHaveLength(1);
    expect(s.incidents[0]).toMatchObject({ status: 'identified', impact: 'major' });
    expect(s.incidents[0]?.incident_updates.map((u) => u.status)).toEqual(['identified', 'investigating']);
    const incidentId = s.incidents[0]?.id ?? '';

    const links = await body<{
      items: { departmentId: string; status: string; signals: Record<string, unknown> }[];
    }>(await api.send('GET', `/v1/t/${city.slug}/data-links`, { token: PLATFORM_TOKEN }));
    expect(links.items.find((link) => link.departmentId === keys.hrssDepartment)).toMatchObject({
      status: 'outage',
      signals: { failing: 1, dead: 0 },
    });

    const page = await api.get(`/t/${city.slug}/status`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`id="incident-${incidentId}"`);
    expect(html).toContain('人社数据链路中断');
    expect(html).toMatch(/data-component="human_resources_social_security" data-status="outage"/);
    expect(idleLink(html)).not.toContain('尚无推送或调取记录');
    // Today's bar is red.
    expect(html).toMatch(/data-day="2026-11-20" data-status="outage"/);

    const rss = await api.get(`/t/${city.slug}/status/feed.rss`);
    expect(rss.headers.get('content-type')).toContain('application/rss+xml');
    expect(await rss.text()).toContain(`urn:uuid:${incidentId}`);
    const atom = await api.get(`/t/${city.slug}/status/feed.atom?lang=en`);
    const atomText = await atom.text();
    expect(atomText).toContain(`<id>urn:uuid:${incidentId}</id>`);
    expect(atomText).toContain('data link outage');

    // The endpoint comes back: the backlog is delivered and the automatic incident resolves.
    hook.state.up = true;
    for (let i = 0; i < 12; i++) {
      advance(30 * 60_000);
      await cron();
    }
    expect((await hrssComponent())?.status).toBe('operational');
    s = await summary();
    expect(s.incidents).toEqual([]); // summary lists unresolved incidents only
    const all = await body<{ incidents: { id: string; status: string; resolved_at: string | null }[] }>(
      await api.get(`/t/${city.slug}/api/v2/incidents.json`),
    );
    expect(all.incidents.find((i) => i.id === incidentId)).toMatchObject({ status: 'resolved' });
    expect(all.incidents.find((i) => i.id === incidentId)?.resolved_at).not.toBeNull();
    const audit = await db.query<{ action: string }>(
      `select action from audit_events where tenant_id = $1 and target_type = 'incident' order by seq`,
      [city.id],
    );
    expect(audit.map((row) => row.action)).toEqual(['incident.open', 'incident.update', 'incident.resolve']);
  });

  it('sweeps started together open one incident, not two', async () => {
    hook.state.up = false;
    await push(false);
    advance(60_000);
    await runWebhookSweep({ db: db.db, now, fetch, dataKey: DATA_KEY, allowLocalReceivers: true });
    await Promise.all([runStatusSweep({ db: db.db, now }), runStatusSweep({ db: db.db, now })]);
    const open = await db.query(
      'select id from status_incidents where tenant_id = $1 and resolved_at is null',
      [city.id],
    );
    expect(open).toHaveLength(1);
    hook.state.up = true;
  });

  // PGlite runs one transaction at a time, so only a real server makes the sweeps above overlap.
  // Here six sweeps race on their own connections, five rounds of outage and recovery; without the
  // per-city advisory lock they read the same 'operational' state and each opens an incident.
  it.runIf(process.env.TEST_DATABASE_URL)(
    'sweeps overlapping on separate connections open one incident per outage (real PostgreSQL)',
    async () => {
      const openIncidents = async () =>
        db.query('select id from status_incidents where tenant_id = $1 and resolved_at is null', [city.id]);
      const race = () => Promise.all(Array.from({ length: 6 }, () => runStatusSweep({ db: db.db, now })));
      for (let round = 0; round < 5; round++) {
        hook.state.up = true;
        advance(60_000);
        await push(round % 2 === 0);
        await runWebhookSweep({ db: db.db, now, fetch, dataKey: DATA_KEY, allowLocalReceivers: true });
        await race();
        expect(await openIncidents(), `round ${round}: recovered`).toHaveLength(0);
        hook.state.up = false;
        advance(60_000);
        await push(round % 2 === 1);
        await runWebhookSweep({ db: db.db, now, fetch, dataKey: DATA_KEY, allowLocalReceivers: true });
        await race();
        expect(await openIncidents(), `round ${round}: down`).toHaveLength(1);
      }
      hook.state.up = true;
    },
  );

  it('thresholds: lag, error rate and dead letters each count', () => {
    const calm: LinkSignals = {
      connected: true,
      failing: 0,
      failingForSeconds: null,
      dead: 0,
      delivered24h: 100,
      lagSeconds: null,
      errorRate: 0,
      lastPushAt: null,
      lastPullAt: null,
    };
    expect(statusFromSignals(calm)).toBe('operational');
    expect(statusFromSignals({ ...calm, lagSeconds: 11 * 60 })).toBe('degraded');
    expect(statusFromSignals({ ...calm, dead: 1 })).toBe('outage');
    expect(statusFromSignals({ ...calm, failing: 1, failingForSeconds: 60 })).toBe('degraded');
    expect(statusFromSignals({ ...calm, failing: 1, failingForSeconds: 31 * 60 })).toBe('outage');
    expect(
      statusFromSignals({ ...calm, failing: 60, failingForSeconds: 60, delivered24h: 40, errorRate: 0.6 }),
    ).toBe('outage');
  });
});
