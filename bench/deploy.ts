/**
 * The deployment path, measured (issue 17), not a timed test:
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:deploy
 * Creates a scratch database on the PostgreSQL server, seeds it, and starts the two real servers
 * on it as separate processes: `npm start` (wrangler dev: the Worker bundle in workerd, the Neon
 * driver through the WebSocket bridge) and `npm run start:node` (the same app in Node, pg pool).
 * Then, in alternating rounds, over HTTP with BENCH_CLIENTS concurrent clients:
 *   - a pull (a department key with an approved grant; the access-log write),
 *   - the cached city home page (`/t/guiyang`, a page-cache hit) and `/healthz` (`select 1`),
 *   - the change feed read page by page (`limit=1000`) and as one NDJSON stream,
 * and the bare SQL beside them through `pg` from this process: a pull's minimal reads and log
 * write, and `COPY (select … change_events) TO STDOUT` of the same events.
 * CPU per request is read from /proc for every process of each server (the Worker's workerd is
 * what Workers bill), and for the PostgreSQL server's processes. The simple GETs go through wrk
 * when the machine has it (bench/wrk.ts). With BENCH_DIRECTUS_DIR, Directus reads the same
 * residents beside the pull (bench/directus.ts). The run ends with each round's ratios.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { to as copyTo } from 'pg-copy-streams';
import { startWsBridge } from '../scripts/ws-bridge';
import { barePull, quantile } from './baselines';
import { PURPOSE, type Seeded, scratchDatabase, seedBench } from './deploy-seed';
import { type DirectusTarget, startDirectus } from './directus';
import { cpuOf, postgresCpu, processTree, threadsOf } from './proc';
import { wrk, wrkAvailable } from './wrk';

const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const RESIDENTS = Number(process.env.BENCH_RESIDENTS ?? 500);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 105_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TARGETS = (process.env.BENCH_TARGETS ?? 'node,workerd,miniflare,pooler').split(',');
const TOKEN = `bench-${randomBytes(16).toString('hex')}`;

const scratch = await scratchDatabase({ server, poolSize: CLIENTS + 2 });
const { handle, databaseUrl } = scratch;
const DATA_KEY = scratch.dataKey;
const dataDir = mkdtempSync(join(tmpdir(), 'shequ-bench-'));
const children: ChildProcess[] = [];
const disposers: (() => Promise<void>)[] = [];

interface Server {
  label: string;
  base: string;
  process: ChildProcess;
}

/**
 * Starts a server; `cwd`: another checkout of Shequ (BENCH_BASELINE_DIR, e.g. a worktree of an
 * earlier commit), so the code before a change runs in the same run, on the same database.
 */
async function startServer(
  label: string,
  script: string,
  port: number,
  cwd = process.cwd(),
  extraEnv: Record<string, string> = {},
): Promise<Server> {
  // BENCH_PROFILE=dir: each server's Node process writes a V8 CPU profile there when it stops.
  const profile = process.env.BENCH_PROFILE
    ? [`--cpu-prof`, `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
    : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', script], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      DATA_KEY: DATA_KEY,
      PLATFORM_TOKEN: TOKEN,
      PORT: String(port),
      WS_BRIDGE_PORT: String(port + 1000),
      SHEQU_DATA_DIR: join(dataDir, String(port)),
      WRANGLER_SEND_METRICS: 'false',
      ...extraEnv,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
    cwd,
    detached: true,
  });
  children.push(child);
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 600; attempt++) {
    const up = await fetch(`${base}/healthz`)
      .then((response) => response.ok)
      .catch(() => false);
    if (up) return { label, base, process: child };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${label} did not start`);
}

/**
 * The Worker as it deploys (`wrangler deploy --dry-run`'s bundle) in workerd through Miniflare,
 * without wrangler dev's proxy Worker and inspector: nearer what Cloudflare runs. The WebSocket
 * bridge runs in this process; the workerd process is this one's child.
 */
async function startMiniflare(
  port: number,
  pooler?: number,
  hyperdrive = false,
): Promise<Server & { dispose: () => Promise<void> }> {
  const outdir = join(dataDir, 'bundle');
  await new Promise<void>((resolve, reject) => {
    const build = spawn('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outdir], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    });
    build.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`wrangler build exited ${code}`))));
  });
  const database = new URL(databaseUrl);
  if (pooler) database.port = String(pooler);
  const bridge = await startWsBridge({
    port: port + 1000,
    target: { host: database.hostname, port: Number(database.port || 5432) },
  });
  const before = new Set(processTree(process.pid).map((proc) => proc.pid));
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      modules: true,
      scriptPath: join(outdir, 'worker.js'),
      modulesRoot: outdir,
      compatibilityDate: '2026-11-01',
      compatibilityFlags: ['nodejs_compat'],
      bindings: {
        DATABASE_URL: databaseUrl,
        DATABASE_WS_PROXY: `127.0.0.1:${port + 1000}`,
        DATA_KEY,
        PLATFORM_TOKEN: TOKEN,
        APP_ENV: 'development',
      },
      // Miniflare's local Hyperdrive: the binding's socket reaches this database directly.
      // (It wants a password in the URL; the server here trusts local connections and ignores it.)
      ...(hyperdrive ? { hyperdrives: { HYPERDRIVE: withPassword(database) } } : {}),
      port,
      host: '127.0.0.1',
    }),
  );
  await mf.ready;
  const workerd = processTree(process.pid).find((proc) => proc.comm === 'workerd' && !before.has(proc.pid));
  if (!workerd) throw new Error('no workerd process for Miniflare');
  return {
    label: hyperdrive
      ? 'Miniflare, Hyperdrive binding'
      : pooler
        ? 'Miniflare via pgbouncer'
        : 'Miniflare (bundle)',
    base: `http://127.0.0.1:${port}`,
    process: { pid: workerd.pid } as ChildProcess,
    dispose: async () => {
      await mf.dispose();
      await bridge.close();
    },
  };
}

const PGBOUNCER = '/usr/sbin/pgbouncer';

/** pgbouncer in transaction mode (Debian's package) in front of the bench's PostgreSQL server. */
function startPgbouncer(port: number): ChildProcess {
  const server = new URL(databaseUrl);
  // pgbouncer refuses to run as root: as root, run it as the postgres user, in a folder it may write.
  const dir = mkdtempSync(join(tmpdir(), 'shequ-pgbouncer-'));
  chmodSync(dir, 0o777);
  const ini = join(dir, 'pgbouncer.ini');
  writeFileSync(
    ini,
    [
      '[databases]',
      // auth_type = any needs the server-side user forced here.
      `* = host=${server.hostname} port=${server.port || 5432} user=${server.username || 'postgres'}`,
      '[pgbouncer]',
      `listen_addr = 127.0.0.1`,
      `listen_port = ${port}`,
      'auth_type = any',
      'pool_mode = transaction',
      'default_pool_size = 8',
      'max_client_conn = 200',
      `unix_socket_dir = ${dir}`,
      `logfile = ${join(dir, 'pgbouncer.log')}`,
      'ignore_startup_parameters = extra_float_digits,options',
      // A connection per Worker request: its log lines would drown the figures.
      'log_connections = 0',
      'log_disconnections = 0',
    ].join('\n'),
  );
  const root = process.getuid?.() === 0;
  return spawn(root ? 'runuser' : PGBOUNCER, root ? ['-u', 'postgres', '--', PGBOUNCER, ini] : [ini], {
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
}

function withPassword(url: URL): string {
  const copy = new URL(url);
  if (!copy.password) copy.password = 'unused';
  return copy.toString();
}

interface Load {
  rps: number;
  p50: number;
  p99: number;
  /** CPU per request (ms) of each process of the server (`comm:pid`), PostgreSQL's, this one's. */
  cpu: Map<string, number>;
}

/** Runs `requests` calls of `request` with CLIENTS at once; `request` answers how many units it did. */
async function load(
  target: Server | undefined,
  request: (i: number) => Promise<number>,
  requests = REQUESTS,
  clients = CLIENTS,
): Promise<Load> {
  const tree = target ? processTree(target.process.pid ?? 0) : [];
  const before = { server: cpuOf(tree), db: postgresCpu(), self: process.cpuUsage() };
  const threadsBefore = new Map(tree.map((proc) => [proc.pid, threadsOf(proc.pid)]));
  const latencies: number[] = [];
  let next = 0;
  let units = 0;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < requests) {
        const i = next++;
        const t = performance.now();
        // Not `units += await …`: that reads `units` before the await and loses the other clients' counts.
        const done = await request(i);
        units += done;
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  if (process.env.BENCH_THREADS)
    for (const [pid, threads] of threadsBefore)
      for (const [thread, ms] of threadsOf(pid))
        if (ms - (threads.get(thread) ?? 0) > 0)
          console.log(
            `    thread ${pid}/${thread}: ${((ms - (threads.get(thread) ?? 0)) / requests).toFixed(2)} ms per request`,
          );
  const cpu = new Map<string, number>();
  for (const [key, ms] of cpuOf(tree)) cpu.set(key, (ms - (before.server.get(key) ?? ms)) / units);
  cpu.set('postgres', (postgresCpu() - before.db) / units);
  const self = process.cpuUsage(before.self);
  cpu.set('client', (self.user + self.system) / 1000 / units);
  return { rps: units / seconds, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), cpu };
}

/** The CPU figures of a load, summed by kind: the Worker's workerd (the busiest), node, postgres. */
/** The workerd processes' CPU per request, the Worker's (the busiest) first. */
function workerdMs(result: Load): number[] {
  return [...result.cpu]
    .filter(([key]) => key.startsWith('workerd:'))
    .map(([, ms]) => ms)
    .sort((a, b) => b - a);
}

function cpuWords(result: Load): string {
  const workerd = workerdMs(result);
  const node = [...result.cpu]
    .filter(([key]) => key.startsWith('node:') || key.startsWith('MainThread:') || key.startsWith('tsx:'))
    .reduce((sum, [, ms]) => sum + ms, 0);
  const parts = [];
  if (workerd.length > 0) {
    parts.push(`workerd Worker ${workerd[0]?.toFixed(2)}`);
    if (workerd.length > 1)
      parts.push(
        `workerd other ${workerd
          .slice(1)
          .reduce((a, b) => a + b, 0)
          .toFixed(2)}`,
      );
  }
  parts.push(
    `node ${node.toFixed(2)}`,
    `postgres ${result.cpu.get('postgres')?.toFixed(2)}`,
    `client ${result.cpu.get('client')?.toFixed(2) ?? '(wrk)'}`,
  );
  return `CPU ms per unit: ${parts.join(', ')}`;
}

function line(label: string, result: Load, unit = 'req/s') {
  return `  ${label.padEnd(44)} ${result.rps.toFixed(0).padStart(7)} ${unit}  p50 ${result.p50.toFixed(1).padStart(6)} ms  p99 ${result.p99.toFixed(1).padStart(7)} ms  ${cpuWords(result)}`;
}

async function ok(response: Response, label: string) {
  if (response.status !== 200) throw new Error(`${label}: ${response.status} ${await response.text()}`);
  return response;
}

function pullOf(target: Server, seeded: Seeded) {
  const headers = { authorization: `Bearer ${seeded.secret}`, 'x-purpose': PURPOSE };
  return async (i: number) => {
    const id = seeded.residentIds[i % seeded.residentIds.length];
    const body = (await (
      await ok(await fetch(`${target.base}/v1/t/guiyang/residents/${id}`, { headers }), 'pull')
    ).json()) as { person?: { name?: string } };
    if (!body.person?.name)
      throw new Error(`the pull did not answer the granted field: ${JSON.stringify(body)}`);
    return 1;
  };
}

/**
 * Baseline 1 of bench:sharing (`barePull`). Its row goes to a copy of the access log (columns,
 * defaults, indexes): unsealed rows without MACs in the real one would rightly be reported as forged
 * by the servers' sweep.
 */
function barePullOf(seeded: Seeded) {
  const pull = barePull(handle.pool, {
    tenantId: seeded.tenant.id,
    clientId: seeded.clientId,
    departmentId: seeded.reader,
    fields: ['person.name'],
    table: 'access_log_bare',
  });
  return async (i: number) => {
    await pull(seeded.residentIds[i % seeded.residentIds.length] as string);
    return 1;
  };
}

/**
 * A simple GET under load: through wrk when the machine has it (bench/wrk.ts; BENCH_HTTP_CLIENT=fetch
 * for undici's fetch), for about as long as REQUESTS of them take; checked once through fetch.
 */
async function getLoad(target: Server, path: string, cache?: string, status = 200): Promise<Load> {
  await getter(target, path, cache, status)();
  if (!wrkAvailable()) return load(target, getter(target, path, cache, status));
  const tree = processTree(target.process.pid ?? 0);
  const before = { server: cpuOf(tree), db: postgresCpu() };
  const result = await wrk(`${target.base}${path}`, CLIENTS, Number(process.env.BENCH_WRK_SECONDS ?? 3));
  if ((status === 200) !== (result.non2xx === 0))
    throw new Error(`${path}: ${result.non2xx} answers not ${status}`);
  const cpu = new Map<string, number>();
  for (const [key, ms] of cpuOf(tree)) cpu.set(key, (ms - (before.server.get(key) ?? ms)) / result.requests);
  cpu.set('postgres', (postgresCpu() - before.db) / result.requests);
  return { rps: result.rps, p50: result.p50, p99: result.p99, cpu };
}

function getter(target: Server, path: string, cache?: string, status = 200) {
  return async () => {
    const response = await fetch(`${target.base}${path}`);
    if (response.status !== status) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    if (cache && response.headers.get('x-cache') !== cache)
      throw new Error(`${path}: x-cache ${response.headers.get('x-cache')}`);
    await response.arrayBuffer();
    return 1;
  };
}

/** The whole feed, page after page (limit 1000), as a department catching up: events per call. */
function feedPages(target: Server, seeded: Seeded) {
  let cursor = 0;
  return async () => {
    const response = await ok(
      await fetch(`${target.base}/v1/t/guiyang/changes?after=${cursor}&limit=1000`, {
        headers: { authorization: `Bearer ${seeded.secret}` },
      }),
      'feed',
    );
    const page = (await response.json()) as { items: unknown[]; nextCursor: number };
    cursor = page.nextCursor;
    return page.items.length;
  };
}

/** The whole feed as one NDJSON stream: events in the call. */
function feedStream(target: Server, seeded: Seeded) {
  return async () => {
    const response = await ok(
      await fetch(`${target.base}/v1/t/guiyang/changes/stream?after=0`, {
        headers: { authorization: `Bearer ${seeded.secret}` },
      }),
      'feed stream',
    );
    const text = await response.text();
    let events = 0;
    for (let at = text.indexOf('"seq"'); at >= 0; at = text.indexOf('"seq"', at + 5)) events++;
    return events;
  };
}

/** `COPY (the same rows) TO STDOUT`, read to the end: rows per call. */
async function copyFeed(seeded: Seeded) {
  const client = await handle.pool.connect();
  let bytes = 0;
  try {
    await pipeline(
      client.query(
        copyTo(
          `copy (select seq, kind, resident_id, domain_key, fields, version, occurred_at from change_events where tenant_id = '${seeded.tenant.id}' order by seq) to stdout`,
        ),
      ),
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          done();
        },
      }),
    );
  } finally {
    client.release();
  }
  return bytes > 0 ? seeded.events : 0;
}

async function main() {
  const seeded = await seedBench(scratch, RESIDENTS, EVENTS);
  const servers: Server[] = [];
  if (TARGETS.includes('node')) servers.push(await startServer('start:node', 'scripts/start-node.ts', 18788));
  // BENCH_POOLS=2,8,16: start:node once per pool size (DATABASE_POOL_SIZE), to set the default.
  for (const [i, size] of (process.env.BENCH_POOLS?.split(',') ?? []).entries())
    servers.push(
      await startServer(`start:node pool ${size}`, 'scripts/start-node.ts', 18790 + i, process.cwd(), {
        DATABASE_POOL_SIZE: size,
      }),
    );
  if (TARGETS.includes('workerd')) servers.push(await startServer('npm start', 'scripts/start.ts', 18787));
  if (TARGETS.includes('miniflare')) {
    const worker = await startMiniflare(18786);
    disposers.push(worker.dispose);
    servers.push(worker);
  }
  // A local pooler in front of PostgreSQL, as Neon's pooler (and Hyperdrive) keep server sessions
  // across requests: the Worker still connects per request, the server does not start a session.
  if (TARGETS.includes('pooler') && existsSync(PGBOUNCER)) {
    const pooler = startPgbouncer(16432);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const worker = await startMiniflare(18785, 16432);
    disposers.push(worker.dispose);
    servers.push(worker);
    children.push(pooler);
  }
  if (TARGETS.includes('hyperdrive')) {
    const worker = await startMiniflare(18784, undefined, true);
    disposers.push(worker.dispose);
    servers.push(worker);
  }
  const baseline = process.env.BENCH_BASELINE_DIR;
  if (baseline && TARGETS.includes('node'))
    servers.push(await startServer('start:node before', 'scripts/start-node.ts', 18688, baseline));
  if (baseline && TARGETS.includes('workerd'))
    servers.push(await startServer('npm start before', 'scripts/start.ts', 18687, baseline));
  // BENCH_DIRECTUS_DIR: Directus reading the same residents with a static token (bench/directus.ts).
  let directus: DirectusTarget | undefined;
  if (process.env.BENCH_DIRECTUS_DIR) {
    directus = await startDirectus({
      dir: process.env.BENCH_DIRECTUS_DIR,
      server,
      port: 18855,
      residents: seeded.residentIds.map((id, i) => ({ id, name: `基准${i}` })),
    });
    disposers.push(directus.dispose);
    await load(directus, directus.pull, 1000);
  }
  const pages = Math.ceil((EVENTS + RESIDENTS) / 1000);
  // Warm-up: JIT, plans, the page cache, the catalog cache.
  for (const target of servers) {
    await load(target, pullOf(target, seeded), 1000);
    await load(target, getter(target, '/healthz'), 2000);
    await load(target, getter(target, '/t/guiyang'), 2000);
    await load(target, feedPages(target, seeded), pages, 1);
  }
  await load(undefined, barePullOf(seeded), 1000);
  // The stream is new (issue 17): a baseline checkout may not have it.
  const streams = new Set<Server>();
  for (const target of servers) {
    const probe = await fetch(`${target.base}/v1/t/guiyang/changes/stream?after=0`, {
      headers: { authorization: `Bearer ${seeded.secret}` },
    });
    if (probe.status === 200) streams.add(target);
    await probe.arrayBuffer();
  }
  // Each round's ratios against the baseline measured beside them, for the summary at the end.
  const ratios = new Map<string, number[]>();
  const ratio = (label: string, value: number) => ratios.set(label, [...(ratios.get(label) ?? []), value]);
  // The Worker process's CPU per request of each kind, per target, for the summary at the end.
  const workerCpu = new Map<string, number[]>();
  const noteWorker = (label: string, result: Load) => {
    const [ms] = workerdMs(result);
    if (ms !== undefined) workerCpu.set(label, [...(workerCpu.get(label) ?? []), ms]);
  };
  for (let round = 1; round <= ROUNDS; round++) {
    console.log(`round ${round} (${CLIENTS} clients, ${REQUESTS} requests each)`);
    // Every other round the other way round: with before and after side by side, whichever was
    // measured first in a round paid more (0.2–0.5 ms of the Worker's CPU per pull, seen by swapping
    // the two checkouts), so a fixed order favoured one of them.
    const order = round % 2 === 0 ? [...servers].reverse() : servers;
    const pulls = new Map<Server, Load>();
    for (const target of order) {
      pulls.set(target, await load(target, pullOf(target, seeded)));
      console.log(line(`${target.label}: pull`, pulls.get(target) as Load));
      noteWorker(`${target.label}: pull`, pulls.get(target) as Load);
    }
    const bare = await load(undefined, barePullOf(seeded));
    console.log(line('bare SQL: pull reads + log write', bare));
    for (const [target, pull] of pulls)
      ratio(`${target.label}: bare SQL / pull, req/s (×)`, bare.rps / pull.rps);
    if (directus) {
      const read = await load(directus, directus.pull);
      console.log(line(`${directus.label}: read, static token`, read));
      for (const [target, pull] of pulls)
        ratio(`${target.label}: pull / Directus read, req/s (×)`, pull.rps / read.rps);
    }
    for (const target of order) {
      // The floor without the database: routing, middlewares and an error answer.
      const missing = await getLoad(target, '/v1/no-such-path', undefined, 404);
      console.log(line(`${target.label}: 404, no database`, missing));
      noteWorker(`${target.label}: 404`, missing);
      const healthz = await getLoad(target, '/healthz');
      console.log(line(`${target.label}: /healthz`, healthz));
      noteWorker(`${target.label}: /healthz`, healthz);
      const page = await getLoad(target, '/t/guiyang', 'HIT');
      console.log(line(`${target.label}: /t/guiyang cached`, page));
      noteWorker(`${target.label}: /t/guiyang cached`, page);
      ratio(`${target.label}: cached page / healthz, req/s`, page.rps / healthz.rps);
    }
    const streamed = new Map<Server, Load>();
    for (const target of order) {
      console.log(
        line(
          `${target.label}: feed, pages of 1000`,
          await load(target, feedPages(target, seeded), pages, 1),
          'ev/s',
        ),
      );
      if (streams.has(target)) {
        streamed.set(target, await load(target, feedStream(target, seeded), 1, 1));
        console.log(line(`${target.label}: feed, NDJSON stream`, streamed.get(target) as Load, 'ev/s'));
      }
    }
    const copy = await load(undefined, () => copyFeed(seeded), 1, 1);
    console.log(line('bare SQL: COPY of the same events', copy, 'ev/s'));
    for (const [target, stream] of streamed)
      ratio(`${target.label}: stream / COPY, ev/s`, stream.rps / copy.rps);
  }
  console.log('ratios, each round against the baseline measured in it (median, then the rounds):');
  for (const [label, values] of ratios)
    console.log(
      `  ${label.padEnd(52)} ${quantile(values, 0.5).toFixed(2)}  (${values.map((v) => v.toFixed(2)).join(', ')})`,
    );
  if (workerCpu.size > 0) {
    console.log("the Worker process's CPU per request, ms (median, then the rounds):");
    for (const [label, values] of workerCpu)
      console.log(
        `  ${label.padEnd(52)} ${quantile(values, 0.5).toFixed(2)}  (${values.map((v) => v.toFixed(2)).join(', ')})`,
      );
  }
  console.log(
    `machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}, PostgreSQL ${await scratch.serverVersion()}; ${RESIDENTS} residents, ${EVENTS + RESIDENTS} events; load average at the end ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
}

try {
  await main();
} catch (error) {
  console.error('benchmark failed:', error);
  process.exitCode = 1;
} finally {
  for (const dispose of disposers) await dispose().catch(() => {});
  for (const child of children) if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 1500));
  rmSync(dataDir, { recursive: true, force: true });
  await scratch.drop();
}
