import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeApp } from '../../../../functions/node';
import type { TenantRow } from '../../../../functions/platform/tenancy';
import { runWebhookSweep } from '../../../../functions/sharing/feed/webhooks.service';
import { registerResident } from '../../../../functions/sharing/registry/residents.service';
import { body, testApp } from '../../../support/app';
import { createTestDatabase, type TestDatabase } from '../../../support/database';
import { DATA_KEY, PLATFORM_TOKEN } from '../../../support/fixtures';
import { cityWithGrids, platform, unitId } from '../../../support/identity';
import { departmentKey, idNumberFor } from '../../../support/sharing';

/**
 * Issue 15 item 7, when sending: a redirect is a failed delivery (never followed), and a host name
 * is resolved and every address it has must be public (production). The URL rules themselves are
 * in webhook-url.test.ts.
 */

let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let city: TenantRow;
let clock = new Date('2026-11-25T09:00:00Z');
const now = () => clock;
const advance = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};
const keys = { civil: '', hrss: '' };
let residentId = '';

/** A receiver that redirects `/hook` to `/sink` on the same loopback server, and records both. */
const hits: { path: string; body: string }[] = [];
const redirector: Server = createServer((request, response) => {
  let raw = '';
  request.on('data', (chunk) => {
    raw += chunk;
  });
  request.on('end', () => {
    hits.push({ path: request.url ?? '', body: raw });
    if (request.url?.startsWith('/hook')) {
      const status = Number(new URL(request.url, 'http://x').searchParams.get('status') ?? 307);
      response.writeHead(status, { location: `${base}/sink?secret-path` }).end();
      return;
    }
    response.writeHead(204).end();
  });
});
let base = '';

const production = () =>
  createNodeApp({
    db: db.db,
    config: { appEnv: 'production', platformToken: PLATFORM_TOKEN, dataKey: DATA_KEY },
    now,
  });
const subscribeInProduction = (target: string) =>
  production().request(`/v1/t/${city.slug}/webhooks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${keys.hrss}`, 'content-type': 'application/json' },
    body: JSON.stringify({ url: target }),
  });
/** Each push flips the value, so each one is a change (an unchanged facet emits no event). */
let enrolled = false;
async function push() {
  enrolled = !enrolled;
  const response = await api.send('PUT', `/v1/t/${city.slug}/residents/${residentId}/facets/minimum_income`, {
    token: keys.civil,
    json: { data: { enrolled, monthly_amount: enrolled ? 700 : 0 }, sourceSystem: '民政低保系统' },
  });
  expect([200, 201]).toContain(response.status);
}

const deliveries = (subscriptionId: string) =>
  db.query<{ status: string; attempts: number; last_error: string | null }>(
    'select status, attempts, last_error from webhook_deliveries where subscription_id = $1 order by event_seq',
    [subscriptionId],
  );

beforeAll(async () => {
  await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(redirector.address() as { port: number }).port}`;
  db = await createTestDatabase();
  api = testApp(db.db, now);
  city = await cityWithGrids(db.db);
  const grid = await unitId(db.db, city.id, 'east-c1-g1');
  residentId = (
    await registerResident(
      { db: db.db, tenant: city, actor: platform, now, dataKey: DATA_KEY },
      { idNumber: idNumberFor('1970-07-07', 610), name: '地址测试', addressUnitId: grid },
    )
  ).id;
  keys.civil = (await departmentKey(api, city.slug, 'civil_affairs', ['residents:write'])).secret;
  keys.hrss = (
    await departmentKey(api, city.slug, 'human_resources_social_security', [
      'grants:request',
      'webhooks:manage',
    ])
  ).secret;
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
});
afterAll(async () => {
  await db.close();
  await new Promise((resolve) => redirector.close(resolve));
});

describe('redirects are not followed', () => {
  it.each([307, 302, 308])(
    'a receiver answering %i toward a loopback address: nothing reaches it, the delivery failed, the Location is not echoed',
    async (status) => {
      const created = await body<{ id: string }>(
        await api.send('POST', `/v1/t/${city.slug}/webhooks`, {
          token: keys.hrss,
          json: { url: `${base}/hook?status=${status}` },
        }),
      );
      hits.length = 0;
      await push();
      await runWebhookSweep({ db: db.db, now, fetch, dataKey: DATA_KEY, allowLocalReceivers: true });
      expect(hits.map((hit) => hit.path)).toEqual([`/hook?status=${status}`]);
      const [delivery] = await deliveries(created.id);
      expect(delivery?.status).toBe('pending');
      expect(delivery?.attempts).toBe(1);
      expect(delivery?.last_error).toContain(`HTTP ${status}`);
      expect(delivery?.last_error).toContain('redirect not followed');
      expect(delivery?.last_error).not.toContain('sink');
      expect(delivery?.last_error).not.toContain('127.0.0.1');
      // Stop this subscription from taking part in later sweeps of this file.
      await db.query(`update webhook_subscriptions set status = 'disabled' where id = $1`, [created.id]);
    },
  );
});

describe('names are resolved when sending, and every address is checked', () => {
  const names: Record<string, string[]> = {
    'rebind.example.org': ['93.184.216.34', '127.0.0.1'],
    'nat64.example.org': ['64:ff9b::a9fe:a9fe'],
    'mapped.example.org': ['::ffff:10.0.0.1'],
    'public.example.org': ['93.184.216.34', '2606:4700:4700::1111'],
  };
  const resolve = async (host: string) => {
    const found = names[host];
    if (!found) throw new Error(`getaddrinfo ENOTFOUND ${host}`);
    return found;
  };

  it('sends only to a name whose every address is public, never following a redirect', async () => {
    const ids: Record<string, string> = {};
    for (const host of [...Object.keys(names), 'unknown.example.org']) {
      const response = await subscribeInProduction(`https://${host}/hook`);
      expect(response.status, host).toBe(201);
      ids[host] = (await body<{ id: string }>(response)).id;
    }
    const sent: { url: string; redirect: RequestRedirect | undefined }[] = [];
    const recordingFetch = (async (input: string | URL | Request, init?: RequestInit) => {
      sent.push({ url: String(input), redirect: init?.redirect });
      return new Response(null, { status: 204 });
    }) as typeof fetch;
    await push();
    advance(60_000);
    await runWebhookSweep({
      db: db.db,
      now,
      fetch: recordingFetch,
      dataKey: DATA_KEY,
      allowLocalReceivers: false,
      resolve,
    });
    expect(sent).toEqual([{ url: 'https://public.example.org/hook', redirect: 'manual' }]);
    for (const host of ['rebind.example.org', 'nat64.example.org', 'mapped.example.org']) {
      const [delivery] = await deliveries(ids[host] ?? '');
      expect(delivery?.status, host).toBe('pending');
      expect(delivery?.last_error, host).toContain('not a public address');
      expect(delivery?.last_error, host).not.toMatch(/127\.0\.0\.1|10\.0\.0\.1|a9fe/);
    }
    const [unknown] = await deliveries(ids['unknown.example.org'] ?? '');
    expect(unknown?.last_error).toContain('did not resolve');
    const [good] = await deliveries(ids['public.example.org'] ?? '');
    expect(good?.status).toBe('delivered');
  });
});
