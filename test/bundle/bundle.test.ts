import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onboardTenant } from '../../functions/onboarding/onboarding.service';
import { bindLogKey } from '../../functions/platform/db';
import { migratePglite, openPglite } from '../../functions/platform/drivers/pglite';
import { startWsBridge } from '../../scripts/ws-bridge';
import { testLogKey } from '../support/fixtures';

/** What `wrangler deploy` would upload, built for real and served by Miniflare (workerd). */
let outdir: string;
let mf: Miniflare;
/** The same bundle with a Hyperdrive binding (Miniflare's local Hyperdrive) and no usable DATABASE_URL. */
let viaHyperdrive: Miniflare;
const stops: (() => Promise<unknown>)[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), 'shequ-bundle-'));
  execFileSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outdir], {
    stdio: 'pipe',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });

  const handle = await openPglite({});
  await migratePglite(handle.client);
  bindLogKey(handle.db, testLogKey());
  await onboardTenant({ db: handle.db }, JSON.parse(readFileSync('tenants/liaoyuan.json', 'utf8')));
  const socketPort = await freePort();
  const socket = new PGLiteSocketServer({
    db: handle.client,
    port: socketPort,
    host: '127.0.0.1',
    maxConnections: 8,
  });
  await socket.start();
  const bridge = await startWsBridge({ port: 0, target: { host: '127.0.0.1', port: socketPort } });
  stops.push(
    bridge.close,
    () => socket.stop(),
    () => handle.close(),
  );

  const script = readdirSync(outdir).find((name) => name.endsWith('.js'));
  if (!script) throw new Error(`no bundle in ${outdir}`);
  mf = new Miniflare(
    convertV4MiniflareOptions({
      modules: true,
      scriptPath: join(outdir, script),
      modulesRoot: outdir,
      compatibilityDate: '2026-11-01',
      compatibilityFlags: ['nodejs_compat'],
      bindings: {
        DATABASE_URL: `postgres://postgres:postgres@127.0.0.1:${socketPort}/postgres`,
        DATABASE_WS_PROXY: `127.0.0.1:${bridge.port}`,
        APP_ENV: 'test',
      },
    }),
  );
  stops.unshift(() => mf.dispose());
  viaHyperdrive = new Miniflare(
    convertV4MiniflareOptions({
      modules: true,
      scriptPath: join(outdir, script),
      modulesRoot: outdir,
      compatibilityDate: '2026-11-01',
      compatibilityFlags: ['nodejs_compat'],
      // Nothing listens on port 9 behind no bridge: a request that took the Neon path would fail.
      bindings: { DATABASE_URL: 'postgres://postgres:postgres@127.0.0.1:9/postgres', APP_ENV: 'test' },
      hyperdrives: { HYPERDRIVE: `postgres://postgres:postgres@127.0.0.1:${socketPort}/postgres` },
    }),
  );
  stops.unshift(() => viaHyperdrive.dispose());
});

afterAll(async () => {
  for (const stop of stops) await stop();
  rmSync(outdir, { recursive: true, force: true });
});

describe('the deployable bundle', () => {
  it('is one self-contained module that serves the API', async () => {
    const response = await mf.dispatchFetch(
      'http://localhost/v1/t/liaoyuan/org-units?level=community&limit=1000',
    );
    expect(response.status).toBe(200);
    const page = (await response.json()) as { counts: Record<string, number> };
    expect(page.counts.community).toBe(30);
  });

  it('serves the public page and the OpenAPI document', async () => {
    const html = await (await mf.dispatchFetch('http://localhost/t/liaoyuan?lang=en')).text();
    expect(html).toContain('lang="en"');
    const doc = (await (await mf.dispatchFetch('http://localhost/openapi.json')).json()) as {
      openapi: string;
    };
    expect(doc.openapi).toBe('3.1.0');
  });

  it('reads through a Hyperdrive binding when it has one (pg over a socket, not the Neon WebSocket)', async () => {
    const response = await viaHyperdrive.dispatchFetch(
      'http://localhost/v1/t/liaoyuan/org-units?level=community&limit=1000',
    );
    expect(response.status).toBe(200);
    const page = (await response.json()) as { counts: Record<string, number> };
    expect(page.counts.community).toBe(30);
    const html = await (await viaHyperdrive.dispatchFetch('http://localhost/t/liaoyuan')).text();
    expect(html).toContain('辽源');
  });

  it('has no platform token configured, so writes are refused', async () => {
    const response = await mf.dispatchFetch('http://localhost/v1/tenants', {
      method: 'POST',
      headers: {
        authorization: 'Bearer anything-at-all-long-enough-0000',
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(response.status).toBe(401);
  });
});
