import { createServer, type Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../../../../functions/platform/tenancy';
import { runWebhookSweep } from '../../../../functions/sharing/feed/webhooks.service';
import { registerResident } from '../../../../functions/sharing/registry/residents.service';
import { body, testApp } from '../../../support/app';
import { createTestDatabase, type TestDatabase } from '../../../support/database';
import { DATA_KEY, PLATFORM_TOKEN } from '../../../support/fixtures';
import { cityWithGrids, platform, unitId } from '../../../support/identity';
import { departmentKey, idNumberFor } from '../../../support/sharing';

/**
 * Issue 15 item 6: one department's failing receiver must not delay another's, a crash re-sends
 * at most the delivery that was in flight, and a department's subscriptions are capped.
 */

type Mode = 'up' | 'fail' | 'hang';

/** A receiver on loopback: up (204), failing fast (503), or hanging (accepts, never answers). */
function receiver(mode: Mode) {
  const received: { seq: number; residentId: string; at: number }[] = [];
  const state = { mode, attempts: 0 };
  const server: Server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk) => {
      raw += chunk;
    });
    request.on('end', () => {
      state.attempts += 1;
      if (state.mode === 'hang') return;
      if (state.mode === 'fail') {
        response.writeHead(503).end();
        return;
      }
      const payload = JSON.parse(raw) as { seq: number; residentId: string };
      received.push({ seq: payload.seq, residentId: payload.residentId, at: performance.now() });
      response.writeHead(204).end();
    });
  });
  return { server, received, state, url: '' };
}

const listen = async (hook: ReturnType<typeof receiver>) => {
  await new Promise<void>((resolve) => hook.server.listen(0, '127.0.0.1', resolve));
  hook.url = `http://127.0.0.1:${(hook.server.address() as { port: number }).port}/hook`;
};
const stop = (hook: ReturnType<typeof receiver>) =>
  new Promise((resolve) => {
    hook.server.closeAllConnections();
    hook.server.close(resolve);
  });

let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let city: TenantRow;
let grid = '';
let clock = new Date('2026-11-24T09:00:00Z');
const now = () => clock;
const advance = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};
/** The down receiver hangs; the sweep gives it this long before counting a timeout. */
const TIMEOUT_MS = 4000;
const slow = receiver('hang');
const healthy = receiver('up');
const keys = { civil: '', hrss: '' };
const subscriptions = { slow: '', healthy: '' };
/** Registered before anyone subscribes, so the feed after the subscriptions holds only the pushes. */
const residents = { fairness: '', crash: [] as string[] };

const sweep = () =>
  runWebhookSweep({
    db: db.db,
    now,
    fetch,
    dataKey: DATA_KEY,
    allowLocalReceivers: true,
    timeoutMs: TIMEOUT_MS,
  });

async function newResident(serial: number) {
  const ctx = { db: db.db, tenant: city, actor: platform, now, dataKey: DATA_KEY };
  return (
    await registerResident(ctx, {
      idNumber: idNumberFor('1985-05-05', serial),
      name: `公平${serial}`,
      addressUnitId: grid,
    })
  ).id;
}

async function push(residentId: string, enrolled: boolean) {
  const response = await api.send('PUT', `/v1/t/${city.slug}/residents/${residentId}/facets/minimum_income`, {
    token: keys.civil,
    json: { data: { enrolled, monthly_amount: enrolled ? 700 : 0 }, sourceSystem: '民政低保系统' },
  });
  expect([200, 201]).toContain(response.status);
}

const subscribe = (token: string, url: string) =>
  api.send('POST', `/v1/t/${city.slug}/webhooks`, { token, json: { url } });

beforeAll(async () => {
  await listen(slow);
  await listen(healthy);
  db = await createTestDatabase();
  api = testApp(db.db, now);
  city = await cityWithGrids(db.db);
  grid = await unitId(db.db, city.id, 'east-c1-g1');
  // 民政 owns minimum_income (it reads its own domain); 人社 reads `enrolled` under a grant.
  keys.civil = (
    await departmentKey(api, city.slug, 'civil_affairs', ['residents:write', 'webhooks:manage'])
  ).secret;
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
  residents.fairness = await newResident(501);
  for (let i = 0; i < 5; i++) residents.crash.push(await newResident(510 + i));
  subscriptions.slow = (await body<{ id: string }>(await subscribe(keys.civil, slow.url))).id;
  subscriptions.healthy = (await body<{ id: string }>(await subscribe(keys.hrss, healthy.url))).id;
});
afterAll(async () => {
  await db.close();
  await stop(slow);
  await stop(healthy);
});

describe('one receiver down does not delay another', () => {
  it('a healthy receiver gets 10 changes to one resident, in order, in one sweep, while another department’s receiver hangs', async () => {
    const resident = residents.fairness;
    for (let i = 0; i < 10; i++) await push(resident, i % 2 === 0);
    const seqs = (
      await db.query<{ seq: string }>(
        `select seq from change_events where tenant_id = $1 and resident_id = $2 and kind = 'facet.updated' order by seq`,
        [city.id, resident],
      )
    ).map((row) => Number(row.seq));
    expect(seqs).toHaveLength(10);

    const started = performance.now();
    await sweep();
    const sweepMs = performance.now() - started;
    const got = healthy.received.filter((entry) => entry.residentId === resident);
    expect(got.map((entry) => entry.seq)).toEqual(seqs);
    // Sent concurrently: the healthy receiver had all ten before the hanging one's timeout.
    const lastAt = (got.at(-1)?.at ?? Number.POSITIVE_INFINITY) - started;
    console.info(
      `healthy receiver: 10 changes in ${lastAt.toFixed(0)} ms; sweep ${sweepMs.toFixed(0)} ms (other receiver hanging, ${TIMEOUT_MS} ms timeout)`,
    );
    expect(lastAt).toBeLessThan(TIMEOUT_MS);
    expect(slow.state.attempts).toBe(1); // one probe, then that subscription backs off

    // The next sweeps leave the down receiver alone while it backs off.
    advance(1000);
    await sweep();
    expect(slow.state.attempts).toBe(1);
    const [pending] = await db.query<{ n: number }>(
      `select count(*)::int as n from webhook_deliveries where subscription_id = $1 and status = 'pending'`,
      [subscriptions.slow],
    );
    expect(pending?.n).toBe(10); // kept for when it is back
  });

  it('a crash while recording a delivery re-sends that one delivery, not the sweep’s whole batch', async () => {
    slow.state.mode = 'fail';
    for (const id of residents.crash) await push(id, true);
    const events = (
      await db.query<{ seq: string }>(
        `select seq from change_events where tenant_id = $1 and resident_id = any($2::uuid[]) and kind = 'facet.updated' order by seq`,
        [city.id, residents.crash],
      )
    ).map((row) => Number(row.seq));
    expect(events).toHaveLength(5);
    const third = events[2] ?? 0;
    // The process "dies" after the third POST went out, before its success was written.
    await db.query(`create function crash_on_third() returns trigger language plpgsql as $$
      begin raise exception 'simulated crash'; end $$`);
    await db.query(`create trigger crash_on_third before update on webhook_deliveries for each row
      when (new.status = 'delivered' and new.event_seq = ${third}
            and new.subscription_id = '${subscriptions.healthy}') execute function crash_on_third()`);
    const before = healthy.received.length;
    advance(60_000);
    await sweep().catch(() => undefined);
    expect(healthy.received.slice(before).map((entry) => entry.seq)).toEqual(events.slice(0, 3));

    await db.query('drop trigger crash_on_third on webhook_deliveries');
    await db.query('drop function crash_on_third');
    advance(10 * 60_000); // past any lease the dead sweep held
    await sweep();
    const sent = healthy.received.slice(before).map((entry) => entry.seq);
    expect(new Set(sent)).toEqual(new Set(events));
    const resent = sent.length - new Set(sent).size;
    console.info(`crash mid-sweep: ${sent.length} POSTs for ${events.length} deliveries (${resent} re-sent)`);
    expect(resent).toBeLessThanOrEqual(1);
    const states = await db.query<{ status: string }>(
      'select status from webhook_deliveries where subscription_id = $1 and event_seq = any($2::bigint[])',
      [subscriptions.healthy, events],
    );
    expect(states.map((row) => row.status)).toEqual(events.map(() => 'delivered'));
  });
});

describe('each subscription on its own', () => {
  it('a subscription’s budget is its own: one capped at 3 per sweep does not hold back another', async () => {
    slow.state.mode = 'up'; // the 民政 receiver is back
    advance(6 * 3600 * 1000); // past its backoff
    const before = { slow: slow.received.length, healthy: healthy.received.length };
    const resident = residents.crash[0] ?? '';
    for (let i = 0; i < 4; i++) await push(resident, i % 2 === 1);
    await runWebhookSweep({
      db: db.db,
      now,
      fetch,
      dataKey: DATA_KEY,
      allowLocalReceivers: true,
      limits: { perSubscription: 3 },
    });
    // Each got three, in sequence order: 民政 from its backlog, 人社 from the four new events.
    expect(slow.received.length - before.slow).toBe(3);
    const fresh = healthy.received.slice(before.healthy).map((entry) => entry.seq);
    expect(fresh).toHaveLength(3);
    expect(fresh).toEqual([...fresh].sort((a, b) => a - b));
  });

  it('overlapping sweeps never have two requests in flight to one receiver, and send each delivery once', async () => {
    // Drain what is left, then make the receiver slow so sweeps started together really overlap.
    for (let i = 0; i < 10; i++) {
      advance(60_000);
      await sweep();
    }
    const resident = residents.crash[1] ?? '';
    for (let i = 0; i < 6; i++) await push(resident, i % 2 === 1);
    const before = healthy.received.length;
    const original = fetch;
    let inFlight = 0;
    let most = 0;
    const slowFetch = (async (input: string | URL | Request, init?: RequestInit) => {
      if (!String(input).startsWith(healthy.url)) return original(input, init);
      inFlight += 1;
      most = Math.max(most, inFlight);
      try {
        await new Promise((resolve) => setTimeout(resolve, 30));
        return await original(input, init);
      } finally {
        inFlight -= 1;
      }
    }) as typeof fetch;
    advance(60_000);
    const race = () =>
      runWebhookSweep({ db: db.db, now, fetch: slowFetch, dataKey: DATA_KEY, allowLocalReceivers: true });
    await Promise.all([race(), race(), race(), race()]);
    const seqs = healthy.received.slice(before).map((entry) => entry.seq);
    expect(most).toBe(1);
    expect(seqs).toHaveLength(6);
    expect(new Set(seqs).size).toBe(6);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('a receiver failing for 72 hours has its whole backlog dead-lettered at once, not one delivery per 72 hours', async () => {
    slow.state.mode = 'fail';
    const resident = residents.crash[2] ?? '';
    for (let i = 0; i < 3; i++) await push(resident, i % 2 === 1);
    advance(60_000);
    await sweep(); // the first failure starts the streak
    const pending = async () =>
      (
        await db.query<{ n: number }>(
          `select count(*)::int as n from webhook_deliveries where subscription_id = $1 and status = 'pending'`,
          [subscriptions.slow],
        )
      )[0]?.n ?? 0;
    expect(await pending()).toBeGreaterThanOrEqual(3);
    advance(71 * 3600 * 1000);
    await sweep();
    expect(await pending()).toBeGreaterThanOrEqual(3); // retried for at least 72 hours
    advance(2 * 3600 * 1000);
    const report = await sweep();
    expect(await pending()).toBe(0);
    expect(report.dead).toBeGreaterThanOrEqual(3);
    const [row] = await db.query<{ last_error: string }>(
      `select last_error from webhook_deliveries where subscription_id = $1 and status = 'dead' order by event_seq desc limit 1`,
      [subscriptions.slow],
    );
    expect(row?.last_error).toContain('HTTP 503');
  });
});

describe('subscriptions per department are capped', () => {
  it('a department gets 10 subscriptions; the 11th answers 409 webhook.limit_reached and stores nothing', async () => {
    const count = async () =>
      (
        await db.query<{ n: number }>(
          'select count(*)::int as n from webhook_subscriptions where tenant_id = $1 and department_id = (select department_id from webhook_subscriptions where id = $2)',
          [city.id, subscriptions.slow],
        )
      )[0]?.n ?? 0;
    const have = await count();
    for (let i = have; i < 10; i++) {
      expect((await subscribe(keys.civil, `${slow.url}?n=${i}`)).status).toBe(201);
    }
    const audits = async () =>
      (
        await db.query<{ n: number }>(
          `select count(*)::int as n from audit_events where tenant_id = $1 and action = 'webhook.subscribe'`,
          [city.id],
        )
      )[0]?.n ?? 0;
    const auditsBefore = await audits();
    const refused = await subscribe(keys.civil, `${slow.url}?n=11`);
    expect(refused.status).toBe(409);
    expect((await body<{ error: { code: string } }>(refused)).error.code).toBe('webhook.limit_reached');
    expect(await count()).toBe(10);
    expect(await audits()).toBe(auditsBefore);
    // Another department's allowance is its own.
    expect((await subscribe(keys.hrss, `${healthy.url}?second`)).status).toBe(201);
  });

  // PGlite runs one transaction at a time; only a real server lets the creations race.
  it.runIf(process.env.TEST_DATABASE_URL)(
    'creations racing on separate connections stop at the cap (real PostgreSQL)',
    async () => {
      const statuses = await Promise.all(
        Array.from({ length: 12 }, (_, i) => subscribe(keys.hrss, `${healthy.url}?race=${i}`)),
      ).then((responses) => responses.map((response) => response.status));
      const [row] = await db.query<{ n: number }>(
        `select count(*)::int as n from webhook_subscriptions s join departments d on d.id = s.department_id
          where s.tenant_id = $1 and d.key = 'human_resources_social_security'`,
        [city.id],
      );
      expect(row?.n).toBe(10);
      expect(statuses.filter((status) => status === 201)).toHaveLength(8); // two existed
      expect(statuses.filter((status) => status === 409)).toHaveLength(4);
    },
  );
});
