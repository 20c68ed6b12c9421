import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeApp } from '../../../../functions/node';
import type { TenantRow } from '../../../../functions/platform/tenancy';
import { runWebhookSweep, signWebhook } from '../../../../functions/sharing/feed/webhooks.service';
import { registerResident } from '../../../../functions/sharing/registry/residents.service';
import { body, testApp } from '../../../support/app';
import { createTestDatabase, type TestDatabase } from '../../../support/database';
import { DATA_KEY, PLATFORM_TOKEN } from '../../../support/fixtures';
import { cityWithGrids, platform, unitId } from '../../../support/identity';
import { departmentKey, idNumberFor } from '../../../support/sharing';

/** A department's receiver on loopback that can be taken down and brought back. */
function receiver() {
  const received: { seq: number; residentId: string; signature: string; raw: string }[] = [];
  const state = { up: false, attempts: 0 };
  const server: Server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk) => {
      raw += chunk;
    });
    request.on('end', () => {
      state.attempts += 1;
      if (!state.up) {
        response.writeHead(503).end();
        return;
      }
      const payload = JSON.parse(raw) as { seq: number; residentId: string };
      received.push({
        seq: payload.seq,
        residentId: payload.residentId,
        signature: String(request.headers['shequ-signature']),
        raw,
      });
      response.writeHead(204).end();
    });
  });
  return { server, received, state };
}

let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let city: TenantRow;
let clock = new Date('2026-11-23T09:00:00Z');
const now = () => clock;
const hook = receiver();
let url = '';
const keys = { civil: '', hrss: '' };
const residentIds: string[] = [];

const sweep = () => runWebhookSweep({ db: db.db, now, fetch, dataKey: DATA_KEY, allowLocalReceivers: true });
const advance = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};

beforeAll(async () => {
  await new Promise<void>((resolve) => hook.server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(hook.server.address() as { port: number }).port}/hook`;
  db = await createTestDatabase();
  api = testApp(db.db, now);
  city = await cityWithGrids(db.db);
  const grid = await unitId(db.db, city.id, 'east-c1-g1');
  const ctx = { db: db.db, tenant: city, actor: platform, now, dataKey: DATA_KEY };
  for (let i = 0; i < 2; i++) {
    residentIds.push(
      (
        await registerResident(ctx, {
          idNumber: idNumberFor('1990-02-02', 300 + i),
          name: `订阅${i}`,
          addressUnitId: grid,
        })
      ).id,
    );
  }
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
  await new Promise((resolve) => hook.server.close(resolve));
});

async function push(residentId: string, enrolled: boolean) {
  const response = await api.send('PUT', `/v1/t/${city.slug}/residents/${residentId}/facets/minimum_income`, {
    token: keys.civil,
    json: { data: { enrolled, monthly_amount: enrolled ? 700 : 0 }, sourceSystem: '民政低保系统' },
  });
  expect([200, 201]).toContain(response.status);
}

describe('signed webhooks from the change feed', () => {
  let subscriptionId = '';
  let secret = '';

  it('keeps events while the receiver is down, then delivers every one, in order per resident, signed', async () => {
    const created = await body<{ id: string; secret: string }>(
      await api.send('POST', `/v1/t/${city.slug}/webhooks`, { token: keys.hrss, json: { url } }),
    );
    subscriptionId = created.id;
    secret = created.secret;
    const [a, b] = residentIds as [string, string];
    for (const enrolled of [true, false, true]) await push(a, enrolled);
    for (const enrolled of [true, false]) await push(b, enrolled);

    await sweep();
    // One probe: the receiver is down (503), so its subscription backs off as a whole rather than
    // spending an attempt on every resident's oldest event.
    expect(hook.state.attempts).toBe(1);
    expect(hook.received).toEqual([]);
    advance(10_000);
    await sweep();
    expect(hook.state.attempts).toBe(1); // backing off

    hook.state.up = true;
    for (let i = 0; i < 10; i++) {
      advance(60_000);
      await sweep();
    }
    const perResident = (id: string) =>
      hook.received.filter((entry) => entry.residentId === id).map((entry) => entry.seq);
    const seqsA = perResident(a);
    const seqsB = perResident(b);
    expect(seqsA).toHaveLength(3);
    expect(seqsB).toHaveLength(2);
    expect(seqsA).toEqual([...seqsA].sort((x, y) => x - y));
    expect(seqsB).toEqual([...seqsB].sort((x, y) => x - y));
    for (const entry of hook.received) {
      const t = Number(entry.signature.match(/^t=(\d+),/)?.[1]);
      expect(entry.signature).toBe(signWebhook(secret, t, entry.raw));
      expect(JSON.parse(entry.raw).fields).toEqual(['minimum_income.enrolled']); // monthly_amount was not granted
    }
  });

  it('dead-letters after 72 hours of failures, and a replay delivers again', async () => {
    hook.state.up = false;
    const [a] = residentIds as [string];
    await push(a, false);
    await sweep();
    advance(73 * 3600 * 1000);
    await sweep();
    const dead = await body<{ items: { eventSeq: number }[] }>(
      await api.send('GET', `/v1/t/${city.slug}/webhooks/${subscriptionId}/deliveries?status=dead`, {
        token: keys.hrss,
      }),
    );
    expect(dead.items).toHaveLength(1);
    const deadSeq = dead.items[0]?.eventSeq ?? 0;

    hook.state.up = true;
    const before = hook.received.length;
    await api.send('POST', `/v1/t/${city.slug}/webhooks/${subscriptionId}/replay`, {
      token: keys.hrss,
      json: { after: deadSeq - 1 },
    });
    advance(1000);
    await sweep();
    expect(hook.received.slice(before).map((entry) => entry.seq)).toEqual([deadSeq]);
  });

  it('overlapping sweeps deliver nothing twice at once and keep each resident in order', async () => {
    const [a, b] = residentIds as [string, string];
    const before = hook.received.length;
    for (const enrolled of [true, false, true, false]) {
      await push(a, enrolled);
      await push(b, enrolled);
    }
    for (let i = 0; i < 8; i++) {
      advance(1000);
      await Promise.all([sweep(), sweep()]);
    }
    const fresh = hook.received.slice(before);
    for (const id of [a, b]) {
      const seqs = fresh.filter((entry) => entry.residentId === id).map((entry) => entry.seq);
      expect(new Set(seqs).size).toBe(4);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    }
  });
});

describe('where a webhook may point in production', () => {
  const production = () =>
    createNodeApp({
      db: db.db,
      config: { appEnv: 'production', platformToken: PLATFORM_TOKEN, dataKey: DATA_KEY },
      now,
    });
  const subscribe = (target: string) =>
    production().request(`/v1/t/${city.slug}/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.hrss}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: target }),
    });
  const count = async () =>
    (
      await body<{ items: unknown[] }>(
        await api.send('GET', `/v1/t/${city.slug}/webhooks`, { token: keys.hrss }),
      )
    ).items.length;

  it('refuses plain http and loopback, private and link-local hosts with 400 naming url, storing nothing', async () => {
    const before = await count();
    for (const target of [
      'http://hrss.example.gov.cn/hook',
      'https://127.0.0.1/hook',
      'https://2130706433/hook', // 127.0.0.1 written as a number
      'https://10.1.2.3/hook',
      'https://172.20.0.1/hook',
      'https://192.168.1.10/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/hook',
      'https://[::ffff:127.0.0.1]/hook',
      'https://[fd00::1]/hook',
      'https://[fe80::1]/hook',
      'https://localhost/hook',
      'https://intranet.local/hook',
    ]) {
      const response = await subscribe(target);
      expect(response.status, target).toBe(400);
      const error = (await body<{ error: { code: string; details: { path: string }[] } }>(response)).error;
      expect(error.code).toBe('request.invalid');
      expect(error.details.map((detail) => detail.path)).toEqual(['url']);
    }
    expect(await count()).toBe(before);
  });

  it('accepts https on a public host', async () => {
    const response = await subscribe('https://hrss.example.gov.cn/shequ/webhook');
    expect(response.status).toBe(201);
  });
});
