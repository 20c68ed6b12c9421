/**
 * Public-page benchmark for the biggest city's home page (Guiyang: 5 districts, 90 communities,
 * its reform history), not a timed test:
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:pages
 * Creates a scratch database, onboards and seeds Guiyang as `npm start` does, then serves
 * GET /t/guiyang through the real app (in process, `app.fetch`) with 16 concurrent clients:
 *   1. uncached (no page cache: every request renders from the database);
 *   2. cached (the Node entry's in-memory page cache; a hit still reads the tenant and the
 *      public-site version, two small queries);
 *   baseline: GET /healthz (one `select 1`) in the same run, the floor of any request.
 * Then, with BENCH_LOG_ROWS (default 1,000,000) access-log rows and as many change events over the
 * last year, the two aggregate paths that read them: one status sweep, and the statistics page
 * uncached (median of 5 each).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import pg from 'pg';
import { createNodeApp } from '../functions/node';
import { onboardTenant } from '../functions/onboarding/onboarding.service';
import { logKeyFrom } from '../functions/platform/crypto';
import { bindLogKey, withTenant } from '../functions/platform/db';
import { migrateNodePostgres, openNodePostgres } from '../functions/platform/drivers/node-postgres';
import { runStatusSweep } from '../functions/public-site/data-links.service';
import { seedPublicSite } from '../functions/public-site/public-site.seed';
import { seedCatalog } from '../functions/sharing/catalog/catalog.service';
import { seedDepartments } from '../functions/tenants/departments.service';
import { quantile } from './baselines';

const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CONCURRENCY = 16;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const PATH = '/t/guiyang';
const LOG_ROWS = Number(process.env.BENCH_LOG_ROWS ?? 1_000_000);

const name = `shequ_bench_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: server });
await admin.connect();
await admin.query(`create database ${name}`);
const url = new URL(server);
url.pathname = `/${name}`;
await migrateNodePostgres(url.toString());
const handle = openNodePostgres(url.toString(), CONCURRENCY + 4);
handle.pool.on('error', () => {});
// The logs' key (the pages bench runs without a DATA_KEY; any key will do for its writes).
const db = bindLogKey(handle.db, logKeyFrom({ dataKey: randomBytes(32).toString('base64') }));

async function run(
  label: string,
  app: { fetch: (request: Request) => Response | Promise<Response> },
  path: string,
  expectCache?: string,
) {
  // Warm up (and fill the cache where there is one).
  for (let i = 0; i < 20; i++) await (await app.fetch(new Request(`http://bench${path}`))).text();
  const latencies: number[] = [];
  let next = 0;
  let wrong = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        next += 1;
        const t0 = performance.now();
        const response = await app.fetch(new Request(`http://bench${path}`));
        await response.text();
        latencies.push(performance.now() - t0);
        if (response.status !== 200 || (expectCache && response.headers.get('x-cache') !== expectCache))
          wrong += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const result = {
    label,
    rps: latencies.length / seconds,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    wrong,
  };
  console.log(
    `${label.padEnd(28)} ${result.rps.toFixed(0).padStart(6)} req/s   p50 ${result.p50.toFixed(1)} ms   p99 ${result.p99.toFixed(1)} ms${wrong ? `   (${wrong} unexpected responses)` : ''}`,
  );
  return result;
}

try {
  const { tenant } = await onboardTenant({ db }, JSON.parse(readFileSync('tenants/guiyang.json', 'utf8')));
  await withTenant({ db, tenantId: tenant.id }, async (tx) => {
    await seedDepartments(tx, tenant.id, tenant.structure);
    await seedCatalog(tx, tenant.id, tenant.structure);
    await seedPublicSite(tx, tenant, new Date());
  });
  await runStatusSweep({ db, now: () => new Date() });
  const config = {
    appEnv: 'test' as const,
    platformToken: randomBytes(16).toString('hex'),
    dataKey: undefined,
  };
  const uncachedApp = createNodeApp({ db, config, pageCache: null });
  const cachedApp = createNodeApp({ db, config });
  const bytes = (await (await uncachedApp.fetch(new Request(`http://bench${PATH}`))).text()).length;

  console.log(
    `machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}, ${(await handle.pool.query('select version()')).rows[0].version.split(' ').slice(0, 2).join(' ')}`,
  );
  console.log(
    `page: GET ${PATH} (${bytes} characters), ${REQUESTS} requests, ${CONCURRENCY} concurrent clients`,
  );
  const floor = await run('baseline GET /healthz', uncachedApp, '/healthz');
  const uncached = await run('home page, uncached', uncachedApp, PATH, 'BYPASS');
  const cached = await run('home page, cached', cachedApp, PATH, 'HIT');
  console.log(
    `cached / uncached: ×${(cached.rps / uncached.rps).toFixed(1)} req/s, p99 ${(uncached.p99 / cached.p99).toFixed(1)}× lower; cached / healthz: ${(cached.rps / floor.rps).toFixed(2)}`,
  );

  // Aggregates over a large log: rows written directly (as the owner), spread over the last year.
  const departments = (
    await handle.pool.query('select id from departments where tenant_id = $1', [tenant.id])
  ).rows as { id: string }[];
  const t0 = performance.now();
  await handle.pool.query(
    `insert into access_log (tenant_id, occurred_at, actor_kind, actor_id, department_id, resident_id, fields, purpose, operation)
     select $1, now() - (g % 365) * interval '1 day' - (g % 86400) * interval '1 second', 'api_client', 'bench',
            ($2::uuid[])[1 + g % array_length($2::uuid[], 1)], gen_random_uuid(),
            array['minimum_income.enrolled'], 'bench', 'read'
       from generate_series(1, $3) g`,
    [tenant.id, departments.map((d) => d.id), LOG_ROWS],
  );
  await handle.pool.query(
    `insert into change_events (tenant_id, seq, resident_id, domain_key, fields, kind, version, occurred_at)
     select $1, g, gen_random_uuid(), 'minimum_income', array['minimum_income.enrolled'], 'facet.updated', 1,
            now() - (g % 365) * interval '1 day'
       from generate_series(1, $2) g`,
    [tenant.id, LOG_ROWS],
  );
  // The history is stamped in the past after the seed's sweep already closed those days (real rows
  // are stamped when they are written): forget that rollup, as if the history had come first.
  await handle.pool.query('delete from sharing_days; delete from sharing_rollup_heads');
  await handle.pool.query('analyze access_log; analyze change_events');
  console.log(
    `wrote ${LOG_ROWS} access-log rows and ${LOG_ROWS} change events in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const median = async (fn: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      await fn();
      times.push(performance.now() - start);
    }
    return quantile(times, 0.5);
  };
  const statisticsPage = async () => {
    const response = await uncachedApp.fetch(new Request('http://bench/t/guiyang/statistics'));
    if (response.status !== 200) throw new Error(`statistics answered ${response.status}`);
    const html = await response.text();
    if (process.env.BENCH_DEBUG) console.log(html.match(/<tr data-month=.*?<\/tr>/g)?.slice(-2));
  };
  // Baseline in the same run: the statistics counted from the logs (nothing rolled up yet).
  const liveMs = await median(statisticsPage);
  const firstSweep = performance.now();
  await runStatusSweep({ db, now: () => new Date() });
  const firstSweepMs = performance.now() - firstSweep;
  const sweepMs = await median(() => runStatusSweep({ db, now: () => new Date() }));
  const statisticsMs = await median(statisticsPage);
  console.log(
    `with ${LOG_ROWS} log rows: statistics page uncached, counted from the logs ${liveMs.toFixed(0)} ms; ` +
      `first status sweep (rolls up the year) ${firstSweepMs.toFixed(0)} ms; ` +
      `status sweep (all cities) ${sweepMs.toFixed(0)} ms; statistics page uncached from the rollup ${statisticsMs.toFixed(0)} ms (medians of 5)`,
  );
} finally {
  await handle.close();
  await admin.query(`drop database ${name} with (force)`);
  await admin.end();
}
