/**
 * Where a Worker request's CPU goes (issue 17), not a timed test:
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/worker-profile.ts
 * The app as `functions/worker.ts` builds it — a Neon pool opened and closed per request, through
 * the WebSocket bridge `npm start` uses — run in this Node process (the same V8 as workerd), one
 * request at a time, under V8's sampling profiler. Prints CPU per request for a pull, `/healthz`,
 * the cached city page and a feed page, and the functions with the most self time, grouped by
 * package (workerd's own CPU for the same requests is in `bench/deploy.ts`).
 */

import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { cpus, totalmem } from 'node:os';
import WebSocket from 'ws';
import { createApp } from '../functions/app';
import { createNodeApp } from '../functions/node';
import { withTenant } from '../functions/platform/db';
import { openNeon } from '../functions/platform/drivers/neon';
import { memoryPageCache } from '../functions/platform/page-cache';
import { seedPublicSite } from '../functions/public-site/public-site.seed';
import { startWsBridge } from '../scripts/ws-bridge';
import { PURPOSE, scratchDatabase, seedBench } from './deploy-seed';

const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const N = Number(process.env.BENCH_REQUESTS ?? 400);
const scratch = await scratchDatabase({ server, poolSize: 2 });
const bridge = await startWsBridge({ port: 18830, target: { host: '127.0.0.1', port: 5432 } });

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
}

function summarize(profile: { nodes: Node[]; samples?: number[]; timeDeltas?: number[] }, top = 22) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let total = 0;
  for (const [i, id] of (profile.samples ?? []).entries()) {
    const node = byId.get(id);
    const us = profile.timeDeltas?.[i] ?? 0;
    if (!node || node.callFrame.functionName === '(idle)') continue;
    total += us;
    const url = node.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/main\//, '');
    const key = `${node.callFrame.functionName || '(anonymous)'}  ${url}:${node.callFrame.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + us);
    const pkg =
      url.startsWith('functions/') || url.startsWith('web/')
        ? url.split('/').slice(0, 2).join('/')
        : url.split('/')[0] || node.callFrame.functionName;
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
  }
  const rows = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, us]) => `    ${((100 * us) / total).toFixed(1).padStart(5)} %  ${key}`)
      .join('\n');
  return `  by package:\n${rows(byPackage)}\n  by function (self time):\n${rows(self)}`;
}

try {
  const seeded = await seedBench(scratch, 200, 5000);
  await withTenant({ db: scratch.db, tenantId: seeded.tenant.id }, (tx) =>
    seedPublicSite(tx, seeded.tenant, new Date()),
  );
  // BENCH_ENTRY=node: the Node entry instead (one pool for the process, the in-memory page cache).
  const nodeApp = createNodeApp({
    db: scratch.db,
    config: { appEnv: 'test', platformToken: undefined, dataKey: scratch.dataKey },
  });
  const workerApp = createApp({
    openDatabase: () =>
      openNeon({
        connectionString: scratch.databaseUrl,
        wsProxy: `127.0.0.1:${bridge.port}`,
        webSocketConstructor: WebSocket,
      }),
    config: () => ({ appEnv: 'test', platformToken: undefined, dataKey: scratch.dataKey }),
    pageCache: memoryPageCache(),
  });
  const app = process.env.BENCH_ENTRY === 'node' ? nodeApp : workerApp;
  const key = { authorization: `Bearer ${seeded.secret}` };
  const requests: Record<string, (i: number) => Request> = {
    pull: (i) =>
      new Request(
        `http://bench/v1/t/guiyang/residents/${seeded.residentIds[i % seeded.residentIds.length]}`,
        {
          headers: { ...key, 'x-purpose': PURPOSE },
        },
      ),
    healthz: () => new Request('http://bench/healthz'),
    'cached page': () => new Request('http://bench/t/guiyang'),
    'feed page (1000)': (i) =>
      new Request(`http://bench/v1/t/guiyang/changes?after=${(i % 5) * 1000}&limit=1000`, { headers: key }),
  };
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  console.log(
    `machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}; ${N} requests each, one at a time`,
  );
  for (const [label, make] of Object.entries(requests)) {
    for (let i = 0; i < 50; i++) await (await app.fetch(make(i))).arrayBuffer(); // warm-up
    await session.post('Profiler.start');
    const before = process.cpuUsage();
    const began = performance.now();
    for (let i = 0; i < N; i++) {
      const response = await app.fetch(make(i));
      if (response.status !== 200) throw new Error(`${label}: ${response.status} ${await response.text()}`);
      await response.arrayBuffer();
    }
    const wall = (performance.now() - began) / N;
    const cpu = process.cpuUsage(before);
    const { profile } = await session.post('Profiler.stop');
    console.log(
      `${label}: ${((cpu.user + cpu.system) / 1000 / N).toFixed(2)} ms CPU per request (this process: app, driver, bridge), ${wall.toFixed(2)} ms wall`,
    );
    console.log(summarize(profile as never));
    if (process.env.BENCH_SAVE)
      writeFileSync(
        `${process.env.BENCH_SAVE}/${label.replace(/\W+/g, '-')}.cpuprofile`,
        JSON.stringify(profile),
      );
  }
  session.disconnect();
} catch (error) {
  console.error('profile failed:', error);
  process.exitCode = 1;
} finally {
  await bridge.close();
  await scratch.drop();
}
