import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { decryptText, encryptText } from '../../functions/platform/crypto';
import { idNumberIndex } from '../../functions/sharing/registry/id-number';
import worker from '../../functions/worker';

/**
 * The Worker in workerd, reaching the embedded Postgres (seeded with the four cities) through the
 * real Neon driver over the WebSocket bridge: the same path `npm start` uses.
 */
const entry = (exports as unknown as { default: Fetcher }).default;
const call = (path: string, init?: RequestInit) =>
  entry.fetch(new Request(`https://shequ.test${path}`, init));

interface Page {
  counts: Record<string, number>;
  items: { code: string; level: string }[];
}

describe('the Worker in workerd', () => {
  it('reaches Postgres through the Neon driver', async () => {
    const response = await call('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ database: 'ok' });
  });

  it('answers Guiyang before and after the 2010 reform', async () => {
    const before = (await (
      await call('/v1/t/guiyang/org-units?asOf=2009-12-31&level=street&limit=1000')
    ).json()) as Page;
    expect(before.counts.street).toBe(49);
    expect(before.counts.community ?? 0).toBe(0);
    const after = (await (
      await call('/v1/t/guiyang/org-units?asOf=2011-01-01&level=community&limit=1000')
    ).json()) as Page;
    expect(after.counts.community).toBe(90);
    expect(after.counts.street ?? 0).toBe(0);
    expect(after.items).toHaveLength(90);
  });

  it('renders the public page', async () => {
    const response = await call('/t/tongling');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('铜陵');
    expect(html).toContain('lang="zh-CN"');
  });

  it('runs a transaction as the application role (RLS path) over the Neon driver', async () => {
    const tenants = (await (await call('/v1/tenants')).json()) as { items: { slug: string }[] };
    expect(tenants.items.map((t) => t.slug)).toEqual(['guiyang', 'jinjiang', 'liaoyuan', 'tongling']);
    const unknown = await call('/v1/t/liaoyuan/org-units/00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
  });

  it('refuses writes without the platform token', async () => {
    const response = await call('/v1/tenants', {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(401);
  });

  it('computes the ID-number blind index with node:crypto as WebCrypto does', async () => {
    const dataKey = (env as unknown as { DATA_KEY: string }).DATA_KEY;
    const key = await crypto.subtle.importKey(
      'raw',
      Uint8Array.from(atob(dataKey), (char) => char.charCodeAt(0)),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const mac = await crypto.subtle.sign(
      'HMAC',
      key,
      new TextEncoder().encode('id-number:11010519491231002X'),
    );
    const hex = [...new Uint8Array(mac)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
    expect(idNumberIndex(dataKey, '11010519491231002X')).toBe(hex);
  });

  it('opens a WebCrypto envelope with node:crypto', async () => {
    const dataKey = (env as unknown as { DATA_KEY: string }).DATA_KEY;
    const envelope = await encryptText(dataKey, '11010519491231002X');
    expect(await decryptText(dataKey, envelope)).toBe('11010519491231002X');
  });

  it('authenticates API keys on request after request (each its own pool, one embedded session)', async () => {
    // The embedded database behind its socket is one session for every connection, as a
    // transaction-mode pooler may be: a statement prepared by name on one request's connection
    // made the next request's `prepare` fail ("already exists", a 500). The Worker's pools send
    // statements unnamed.
    const token = (env as unknown as { PLATFORM_TOKEN: string }).PLATFORM_TOKEN;
    const platform = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const { items } = (await (await call('/v1/t/guiyang/departments', { headers: platform })).json()) as {
      items: { id: string; key: string }[];
    };
    const department = items.find((item) => item.key === 'civil_affairs');
    const client = (await (
      await call('/v1/t/guiyang/api-clients', {
        method: 'POST',
        headers: platform,
        body: JSON.stringify({ departmentId: department?.id, name: `workers ${Date.now()}` }),
      })
    ).json()) as { id: string };
    const { secret } = (await (
      await call(`/v1/t/guiyang/api-clients/${client.id}/keys`, {
        method: 'POST',
        headers: platform,
        body: JSON.stringify({ scopes: ['feed:read'] }),
      })
    ).json()) as { secret: string };
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await call('/v1/t/guiyang/changes?limit=1', {
        headers: { authorization: `Bearer ${secret}` },
      });
      expect(response.status, await response.clone().text()).toBe(200);
    }
  });

  it('runs the scheduled sweep against the database', async () => {
    const ctx = createExecutionContext();
    await worker.scheduled(
      createScheduledController({ cron: '*/5 * * * *' }),
      env as unknown as Record<string, unknown>,
      ctx,
    );
    await expect(waitOnExecutionContext(ctx)).resolves.toBeUndefined();
  });

  it('keys the audit chain in workerd as Node does, and the sweep checkpoints it', async () => {
    // The cities were onboarded from Node (global setup) and extended by the Worker above: one
    // chain, MACed by both under the key derived from the same DATA_KEY.
    const token = (env as unknown as { PLATFORM_TOKEN: string }).PLATFORM_TOKEN;
    const response = await call('/v1/t/guiyang/audit-events/verify', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await response.json()).toMatchObject({ ok: true, problems: [] });
    const checkpoints = (await (
      await call('/v1/t/guiyang/audit-events/checkpoints', { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { items: unknown[] };
    expect(checkpoints.items.length).toBeGreaterThan(0);
  });

  it('caches public pages in the Cache API and misses once an incident changes them', async () => {
    const status = async () => {
      const response = await call('/t/tongling/status');
      return { cache: response.headers.get('x-cache'), html: await response.text() };
    };
    let seen = await status();
    // The first copy is stored after the response (waitUntil); a later request finds it.
    for (let i = 0; i < 20 && seen.cache !== 'HIT'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      seen = await status();
    }
    expect(seen.cache).toBe('HIT');
    const opened = await call('/v1/t/tongling/incidents', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${(env as unknown as { PLATFORM_TOKEN: string }).PLATFORM_TOKEN}`,
      },
      body: JSON.stringify({
        name: { zh: '铜陵边缘缓存测试', en: 'Edge cache test' },
        impact: 'minor',
        body: { zh: '测试', en: 'Test' },
      }),
    });
    expect(opened.status).toBe(201);
    const fresh = await status();
    expect(fresh.cache).toBe('MISS');
    expect(fresh.html).toContain('铜陵边缘缓存测试');
    const summary = (await (await call('/t/tongling/api/v2/summary.json')).json()) as {
      incidents: { name: string }[];
    };
    expect(summary.incidents.map((i) => i.name)).toContain('铜陵边缘缓存测试');
  });
});
