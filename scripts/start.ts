/**
 * `npm start`: the whole system on this machine. The Worker runs under `wrangler dev` (workerd) and
 * reaches Postgres through the real Neon driver: by default the embedded PGlite (persisted in .data/)
 * behind pglite-socket and a WebSocket→TCP bridge; with DATABASE_URL, that server instead.
 */
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { bindLogKey } from '../functions/platform/db';
import { migrateNodePostgres, openNodePostgres } from '../functions/platform/drivers/node-postgres';
import {
  type DemoSignIn,
  dataDir,
  localDataKey,
  localLogKey,
  localPlatformToken,
  openEmbedded,
  pgliteDir,
  runFile,
  seedPlatformAdministrator,
  seedTenants,
  startSocketServer,
} from './embedded';
import { startWsBridge } from './ws-bridge';

const port = Number(process.env.PORT ?? 8787);
const socketPort = Number(process.env.PGLITE_PORT ?? 54329);
const bridgePort = Number(process.env.WS_BRIDGE_PORT ?? 54330);
const external = process.env.DATABASE_URL;
const token = process.env.PLATFORM_TOKEN ?? localPlatformToken();
const dataKey = process.env.DATA_KEY ?? localDataKey();
const cleanups: (() => Promise<unknown> | unknown)[] = [];

async function main() {
  let signIns: DemoSignIn[] = [];
  let platformSignIn: DemoSignIn | undefined;
  let databaseUrl: string;
  let wsProxy: string | undefined;
  if (external) {
    console.log('Using the Postgres at DATABASE_URL');
    await migrateNodePostgres(external);
    const handle = openNodePostgres(external, 2);
    bindLogKey(handle.db, localLogKey());
    signIns = await seedTenants(handle.db);
    await handle.close();
    databaseUrl = external;
    const url = new URL(external);
    if (!url.hostname.endsWith('.neon.tech')) {
      const bridge = await startWsBridge({
        port: bridgePort,
        target: { host: url.hostname, port: Number(url.port || 5432) },
      });
      cleanups.push(bridge.close);
      wsProxy = `127.0.0.1:${bridge.port}`;
    }
  } else {
    console.log(
      `Starting the embedded Postgres (PGlite) in ${relative(process.cwd(), pgliteDir) || pgliteDir} …`,
    );
    const handle = await openEmbedded();
    cleanups.push(() => handle.close());
    signIns = await seedTenants(handle.db);
    platformSignIn = await seedPlatformAdministrator(handle.db);
    const server = await startSocketServer(handle.client, socketPort);
    cleanups.unshift(() => server.stop());
    const bridge = await startWsBridge({ port: bridgePort, target: { host: '127.0.0.1', port: socketPort } });
    cleanups.unshift(bridge.close);
    databaseUrl = `postgres://postgres:postgres@127.0.0.1:${socketPort}/postgres`;
    wsProxy = `127.0.0.1:${bridge.port}`;
    writeFileSync(runFile, JSON.stringify({ pid: process.pid, databaseUrl }));
    cleanups.push(() => rmSync(runFile, { force: true }));
  }

  const vars = [
    `DATABASE_URL:${databaseUrl}`,
    `PLATFORM_TOKEN:${token}`,
    `DATA_KEY:${dataKey}`,
    'APP_ENV:development',
  ];
  if (wsProxy) vars.push(`DATABASE_WS_PROXY:${wsProxy}`);
  if (process.env.AUDIT_KEY) vars.push(`AUDIT_KEY:${process.env.AUDIT_KEY}`);
  const wrangler = spawn(
    'npx',
    [
      'wrangler',
      'dev',
      '--port',
      String(port),
      '--ip',
      '127.0.0.1',
      '--show-interactive-dev-session=false',
      // wrangler's local state (the Cache API's store among it) beside our own data, not in .wrangler/.
      '--persist-to',
      join(dataDir, 'wrangler'),
      '--var',
      ...vars,
    ],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
      // Its own process group, so stopping takes wrangler's workerd children with it.
      detached: true,
    },
  );
  cleanups.unshift(() => {
    if (wrangler.pid && wrangler.exitCode === null) process.kill(-wrangler.pid, 'SIGTERM');
  });
  wrangler.on('exit', (code) => {
    if (stopping) return;
    console.error(`wrangler dev exited (${code}); stopping.`);
    void shutdown(code ?? 1);
  });

  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 240; attempt++) {
    try {
      const response = await fetch(`${base}/healthz`);
      if (response.ok) break;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  // Workers Cron Triggers do not fire under wrangler dev: run the same scheduled sweep on a timer.
  const sweep = setInterval(() => {
    fetch(`${base}/cdn-cgi/local/scheduled`).catch(() => {});
  }, 30_000);
  cleanups.unshift(() => clearInterval(sweep));
  console.log(`
  Shequ is running: ${base}/
    cities:   ${base}/t/guiyang  /t/liaoyuan  /t/tongling  /t/jinjiang
    API docs: ${base}/docs   (OpenAPI: ${base}/openapi.json)
  Demo sign-ins (city administrators; POST ${base}/v1/auth/sign-in):
${signIns.map((s) => `    ${s.tenant.padEnd(9)} ${s.login}  /  ${s.password}`).join('\n')}
  Console: ${base}/admin${platformSignIn ? `  (platform administrator, no city: ${platformSignIn.login}  /  ${platformSignIn.password})` : ''}
  Platform administrator token (bootstrap):
    Authorization: Bearer ${token}
    e.g. curl -H 'Authorization: Bearer ${token}' -H 'content-type: application/json' -X POST ${base}/v1/tenants -d @tenants/guiyang.json
  The scheduled sweep (webhook delivery, data-link status, access-log seals) runs every 30 s. Press Ctrl+C to stop; data stays in ${relative(process.cwd(), dataDir) || dataDir}/.
`);
}

let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  for (const cleanup of cleanups) {
    try {
      await cleanup();
    } catch (error) {
      console.error(error);
    }
  }
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

main().catch(async (error) => {
  console.error(error instanceof Error ? error.message : error);
  await shutdown(1);
});
