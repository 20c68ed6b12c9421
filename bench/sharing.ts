/**
 * Sharing API benchmarks against a real PostgreSQL server (not timed tests):
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:sharing
 * Creates a scratch database, seeds one city and N residents, then measures, each beside a
 * baseline run in the same process on the same server, alternated in BENCH_ROUNDS rounds after a
 * warm-up (medians of the rounds' ratios are reported):
 *   1. bulk push (NDJSON, chunks of 500) — facets/s — vs plain COPY of the same rows;
 *   2. single-resident pull with key and grant check and access-log write, 32 concurrent clients —
 *      requests/s, p50, p99 — vs (1) the bare reads and log write issued as direct SQL and (2) the
 *      API's own statements, recorded from the driver, replayed directly;
 *   3. change-feed read — events/s.
 * BENCH_RECORD=file writes the statements of one API pull as JSON (with BENCH_KEEP=1, for pgbench).
 * BENCH_PROFILE=dir writes V8 CPU profiles of this process during the measured pull rounds of the
 * API and of baseline 2 (`dir/pull-api-{round}.cpuprofile`, `dir/pull-same-sql-{round}.cpuprofile`),
 * to see where the app spends what its own SQL does not.
 * Results and what they mean: bench/README.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { cpus, totalmem } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createApiClient, issueApiKey, principalForApiKey } from '../functions/identity/api-keys.service';
import { createNodeApp } from '../functions/node';
import { onboardTenant } from '../functions/onboarding/onboarding.service';
import { logKeyFrom } from '../functions/platform/crypto';
import { bindLogKey, withTenant } from '../functions/platform/db';
import { migrateNodePostgres, openNodePostgres } from '../functions/platform/drivers/node-postgres';
import { loadCatalog } from '../functions/sharing/catalog/catalog.service';
import { readFeed } from '../functions/sharing/feed/feed.service';
import { decideGrant } from '../functions/sharing/grants/grant-decision.service';
import { requestGrant } from '../functions/sharing/grants/grants.service';
import { bulkPush } from '../functions/sharing/imports/bulk.service';
import { checkCharacter } from '../functions/sharing/registry/id-number';
import { registerResident } from '../functions/sharing/registry/residents.service';
import { createOrgUnit } from '../functions/tenants/tenants.service';
import { barePull, quantile } from './baselines';
import { postgresCpu } from './proc';

const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const RESIDENTS = Number(process.env.BENCH_RESIDENTS ?? 5000);
const CONCURRENCY = 32;
const CHUNK = Number(process.env.BENCH_CHUNK ?? 500);
const PULLS = Number(process.env.BENCH_PULLS ?? 4000);
/** Rounds of (API, baseline 1, baseline 2), alternated; medians are reported. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DATA_KEY = randomBytes(32).toString('base64');
const TOKEN = `bench-${randomBytes(16).toString('hex')}`;

const name = `shequ_bench_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: server });
await admin.connect();
await admin.query(`create database ${name}`);
const url = new URL(server);
url.pathname = `/${name}`;
await migrateNodePostgres(url.toString());
// The app's pool as `start:node` keeps it (DATABASE_POOL_SIZE, default 8), for the pulls and their
// baselines alike. A pool of one connection per client (36) measured the API 20–30 % dearer on two
// cores: 36 backends for 32 clients sleep and wake on every statement (bench/README.md).
const POOL = Number(process.env.BENCH_POOL ?? process.env.DATABASE_POOL_SIZE ?? 8);
const handle = openNodePostgres(url.toString(), POOL);
// The logs' key, as the app derives it from its DATA_KEY.
const db = bindLogKey(handle.db, logKeyFrom({ dataKey: DATA_KEY }));
handle.pool.on('error', () => {});

try {
  const platform = { kind: 'platform' as const, id: 'bench' };
  const doc = JSON.parse(readFileSync('tenants/guiyang.json', 'utf8'));
  const { tenant } = await onboardTenant({ db }, doc);
  const community = (
    await handle.pool.query(
      `select code from org_units where tenant_id = $1 and level = 'community' limit 1`,
      [tenant.id],
    )
  ).rows[0].code;
  const grid = await createOrgUnit(
    { db, tenant, actor: platform, now: () => new Date() },
    {
      code: 'bench-grid',
      level: 'grid',
      parent: community,
      name: { zh: '基准网格', en: 'Bench grid' },
      sample: true,
      attributes: {},
    },
  );
  const ctx = { db, tenant, actor: platform, now: () => new Date(), dataKey: DATA_KEY };
  const ids: string[] = [];
  const residentIds: string[] = [];
  for (let i = 0; i < RESIDENTS; i++) {
    // Birth year, day of January and serial vary with i, so numbers stay distinct for 1.4 million.
    const day = String(1 + (Math.floor(i / 50) % 28)).padStart(2, '0');
    const serial = String(Math.floor(i / 1400) % 1000).padStart(3, '0');
    const first17 = `520102${1950 + (i % 50)}01${day}${serial}`;
    const idNumber = `${first17}${checkCharacter(first17)}`;
    const birth = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
    void birth;
    try {
      residentIds.push(
        (await registerResident(ctx, { idNumber, name: `基准${i}`, addressUnitId: grid.id })).id,
      );
      ids.push(idNumber);
    } catch {
      // a duplicate generated number: skip it
    }
  }
  const n = ids.length;

  // 1. Bulk push vs COPY, in rounds: each round pushes N lines into one domain and COPYs the same
  // payloads into another (so the rows never collide); the first round (household registration,
  // which the pulls below read) is a warm-up and is not counted.
  const catalog = await loadCatalog(db, tenant.id);
  const sampleValue = (type: string, i: number) =>
    type === 'number' ? i : type === 'boolean' ? i % 2 === 0 : type === 'date' ? '2020-01-01' : `示例${i}号`;
  const dataFor = (domainKey: string, i: number) =>
    Object.fromEntries(
      catalog
        .filter((field) => field.domainKey === domainKey)
        .map((field) => [field.key, sampleValue(field.type, i)]),
    );
  const domainOf = (key: string) => {
    const field = catalog.find((candidate) => candidate.domainKey === key);
    if (!field) throw new Error(`no domain ${key}`);
    return { key, id: field.domainId, owner_department_id: field.ownerDepartmentId };
  };
  const others = [...new Set(catalog.map((field) => field.domainKey))].filter(
    (key) => !['person', 'household_registration', 'community_basics'].includes(key),
  );
  if (others.length < 2 * ROUNDS) throw new Error(`only ${others.length} domains for ${ROUNDS} rounds`);
  const pairs = [
    { push: domainOf('household_registration'), copy: domainOf('community_basics') },
    ...Array.from({ length: ROUNDS }, (_, r) => ({
      push: domainOf(others[2 * r] as string),
      copy: domainOf(others[2 * r + 1] as string),
    })),
  ];
  const now = new Date().toISOString();
  const copyInto = async (table: string, rows: string[]) => {
    const client = await handle.pool.connect();
    const began = performance.now();
    await pipeline(
      Readable.from(rows),
      client.query(
        copyFrom(
          `copy ${table} (tenant_id, resident_id, domain_id, data, version, effective_on, recorded_at, department_id, source_system) from stdin`,
        ),
      ),
    );
    client.release();
    return performance.now() - began;
  };
  const bulkRounds: { domain: string; bulkMs: number; copyMs: number }[] = [];
  let lastCopyRows: string[] = [];
  for (const pair of pairs) {
    const payloads = ids.map((_, i) => dataFor(pair.push.key, i));
    const lines = ids.map((idNumber, i) =>
      JSON.stringify({ idNumber, domain: pair.push.key, data: payloads[i] }),
    );
    const stream = new Blob([`${lines.join('\n')}\n`]).stream();
    const began = performance.now();
    const job = await bulkPush(ctx, { format: 'ndjson', chunkSize: CHUNK, sourceSystem: 'bench' }, stream);
    const bulkMs = performance.now() - began;
    if (job.linesApplied !== n)
      throw new Error(`bulk applied ${job.linesApplied} of ${n}: ${JSON.stringify(job.failures[0])}`);
    // The baseline, as the issue states it: plain COPY of the same rows into the same table (its
    // keys, indexes and foreign keys), for another domain.
    lastCopyRows = residentIds.map(
      (id, i) =>
        `${tenant.id}\t${id}\t${pair.copy.id}\t${JSON.stringify(payloads[i])}\t1\t2026-11-23\t${now}\t${pair.copy.owner_department_id}\tbench\n`,
    );
    bulkRounds.push({ domain: pair.push.key, bulkMs, copyMs: await copyInto('facets', lastCopyRows) });
  }
  const pushed = pairs[0]?.push ?? domainOf('household_registration');
  const measured = bulkRounds.slice(1);
  // For reference: COPY into an unindexed, unconstrained copy of the table (the earliest baseline).
  await handle.pool.query('create table facets_copy (like facets including defaults)');
  const cloneMs = await copyInto('facets_copy', lastCopyRows);

  // Statistics, as a city's database has them (autovacuum): planned without them, the pull's
  // resident lookup scanned the city's residents by tenant instead of reading the one by id.
  await handle.pool.query('analyze');

  // 2. Pull with grant check and access log, 32 concurrent, vs direct SQL. The puller is another
  // department's API key holding an approved grant on the person and the household domain.
  const reader = (
    await handle.pool.query(
      `select id from departments where tenant_id = $1 and id <> $2 order by key limit 1`,
      [tenant.id, pushed.owner_department_id],
    )
  ).rows[0].id;
  const apiClient = await createApiClient(ctx, { departmentId: reader, name: 'bench reader' });
  const { secret } = await issueApiKey(ctx, apiClient.id, { scopes: ['residents:read', 'grants:request'] });
  const asReader = {
    ...ctx,
    actor: (await principalForApiKey(db, secret, new Date())) ?? platform,
  };
  const grant = await requestGrant(asReader, {
    fields: ['person.*', 'household_registration.*'],
    purposeCode: 'population_statistics',
    purpose: '基准测试',
    legalBasis: '基准测试',
    validTo: '2099-12-31',
  });
  if (grant.status !== 'approved') await decideGrant(ctx, grant.id, { approve: true });
  const app = createNodeApp({ db, config: { appEnv: 'test', platformToken: TOKEN, dataKey: DATA_KEY } });
  const pick = () => residentIds[Math.floor(Math.random() * residentIds.length)];
  async function load(run: () => Promise<void>, requests = PULLS) {
    const latencies: number[] = [];
    let remaining = requests;
    const cpuBefore = process.cpuUsage();
    const pgBefore = postgresCpu();
    const began = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (remaining-- > 0) {
          const t = performance.now();
          await run();
          latencies.push(performance.now() - t);
        }
      }),
    );
    const seconds = (performance.now() - began) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    return {
      rps: requests / seconds,
      p50: quantile(latencies, 0.5),
      p99: quantile(latencies, 0.99),
      /** This process's CPU (user + system) per request, in ms: the client side of the cost. */
      cpuMs: (cpu.user + cpu.system) / 1000 / requests,
      /** The PostgreSQL server's CPU per request, in ms (its processes, from /proc). */
      pgMs: (postgresCpu() - pgBefore) / requests,
    };
  }
  const viaApi = async () => {
    const response = await app.request(`/v1/t/${tenant.slug}/residents/${pick()}`, {
      headers: { authorization: `Bearer ${secret}`, 'x-purpose': 'population_statistics' },
    });
    if (response.status !== 200) throw new Error(`pull ${response.status}: ${await response.text()}`);
    const body = (await response.json()) as { domains: Record<string, unknown> };
    if (!body.domains.household_registration) throw new Error('pull did not return the granted domain');
  };
  // Baseline 1, the stricter one: the reads a pull needs at the least (resident with its unit, its
  // facets) and the access-log write, issued directly through the same driver, one statement each;
  // no key, grant or catalog check.
  const bare = barePull(handle.pool, {
    tenantId: tenant.id,
    clientId: apiClient.id,
    departmentId: reader,
    fields: ['person.name', 'household_registration.hukou_type'],
  });
  const direct = () => bare(pick() as string);
  // Baseline 2, the issue's words ("the same SQL issued directly"): the statements one warm API pull
  // sends, recorded from the driver, replayed through the same pool for another resident each time.
  // Since the guard remembers a verified key on the pull, that is the pull statement alone.
  const recorded: { text: string; name?: string; values: unknown[] }[] = [];
  const poolQuery = handle.pool.query.bind(handle.pool) as (...args: unknown[]) => unknown;
  const recordedId = pick();
  (handle.pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const [config, values] = args as [
      string | { text: string; name?: string; values?: unknown[] },
      unknown[]?,
    ];
    recorded.push(
      typeof config === 'string'
        ? { text: config, values: values ?? [] }
        : { ...config, values: config.values ?? values ?? [] },
    );
    return poolQuery(...args);
  };
  await viaApi(); // once, so the key's last-use stamp is fresh and not part of the recording
  recorded.length = 0;
  {
    const response = await app.request(`/v1/t/${tenant.slug}/residents/${recordedId}`, {
      headers: { authorization: `Bearer ${secret}`, 'x-purpose': 'population_statistics' },
    });
    if (response.status !== 200) throw new Error(`recorded pull ${response.status}`);
  }
  (handle.pool as unknown as { query: unknown }).query = poolQuery;
  if (!recorded.some((statement) => statement.values.includes(recordedId)))
    throw new Error(`the recorded pull did not name its resident: ${JSON.stringify(recorded)}`);
  // For replaying elsewhere (pgbench against a kept database, BENCH_KEEP=1): the statements and the
  // resident they named.
  if (process.env.BENCH_RECORD)
    writeFileSync(
      process.env.BENCH_RECORD,
      JSON.stringify({ database: name, recordedId, recorded }, null, 2),
    );
  const sameSql = async () => {
    const id = pick();
    for (const statement of recorded) {
      await handle.pool.query({
        ...statement,
        values: statement.values.map((value) => (value === recordedId ? id : value)),
      });
    }
  };
  // Warm both paths up (JIT, plans, caches), then alternate them, so drifts in the machine's load
  // fall on both; each round's ratio is within the round.
  await load(viaApi, 500);
  await load(direct, 500);
  await load(sameSql, 500);
  const rounds: {
    api: Awaited<ReturnType<typeof load>>;
    direct: Awaited<ReturnType<typeof load>>;
    same: Awaited<ReturnType<typeof load>>;
  }[] = [];
  // The API's and baseline 2's rounds, profiled when asked: a profile per round of each.
  const profileDir = process.env.BENCH_PROFILE;
  const profiler = profileDir ? new Session() : undefined;
  if (profiler) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.setSamplingInterval', { interval: 200 });
  }
  const profiles: { name: string; profile: unknown }[] = [];
  const profiled = async (name: string, run: () => Promise<void>) => {
    if (!profiler) return load(run);
    await profiler.post('Profiler.start');
    const result = await load(run);
    profiles.push({
      name: `${name}-${rounds.length + 1}`,
      profile: (await profiler.post('Profiler.stop')).profile,
    });
    return result;
  };
  // Each round starts with another of the three, in turn: whichever runs first in a round meets the
  // machine as the previous round left it (bench:deploy measured 0.2–0.5 ms of difference that way).
  type Measured = Awaited<ReturnType<typeof load>>;
  const runs = {
    api: () => profiled('pull-api', viaApi),
    direct: () => load(direct),
    same: () => profiled('pull-same-sql', sameSql),
  };
  const order = ['api', 'direct', 'same'] as const;
  for (let round = 0; round < ROUNDS; round++) {
    const measured: Partial<Record<(typeof order)[number], Measured>> = {};
    for (let i = 0; i < order.length; i++) {
      const name = order[(round + i) % order.length] as (typeof order)[number];
      measured[name] = await runs[name]();
    }
    rounds.push(measured as Record<(typeof order)[number], Measured>);
  }
  const median = (values: number[]) => quantile(values, 0.5);
  if (profileDir) {
    mkdirSync(profileDir, { recursive: true });
    for (const { name, profile } of profiles)
      writeFileSync(`${profileDir}/${name}.cpuprofile`, JSON.stringify(profile));
  }

  // 3. Change feed.
  const start = performance.now();
  let cursor = 0;
  let events = 0;
  for (;;) {
    const page = await readFeed(ctx, cursor, 1000);
    events += page.items.length;
    if (page.nextCursor === cursor) break;
    cursor = page.nextCursor;
  }
  const feedMs = performance.now() - start;
  const direct5 = await withTenant({ db, tenantId: tenant.id }, async () => 0);
  void direct5;

  const cpu = cpus()[0]?.model ?? 'unknown';
  console.log(
    `machine: ${cpu} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}, pool of ${POOL}, PostgreSQL server ${(await admin.query('show server_version')).rows[0].server_version}`,
  );
  console.log(`residents: ${n}`);
  for (const [i, round] of bulkRounds.entries()) {
    console.log(
      `bulk round ${i === 0 ? 'warm-up' : i} (${round.domain}, chunks of ${CHUNK}): bulk push ${(n / (round.bulkMs / 1000)).toFixed(0)} facets/s (${round.bulkMs.toFixed(0)} ms), COPY into facets ${(n / (round.copyMs / 1000)).toFixed(0)} rows/s (${round.copyMs.toFixed(0)} ms), bulk/COPY ${(round.copyMs / round.bulkMs).toFixed(3)}`,
    );
  }
  console.log(
    `bulk medians over ${measured.length} rounds: bulk push ${median(measured.map((r) => n / (r.bulkMs / 1000))).toFixed(0)} facets/s, COPY ${median(measured.map((r) => n / (r.copyMs / 1000))).toFixed(0)} rows/s; bulk/COPY, median of the rounds' ratios: ${median(measured.map((r) => r.copyMs / r.bulkMs)).toFixed(3)} (range ${Math.min(...measured.map((r) => r.copyMs / r.bulkMs)).toFixed(3)}–${Math.max(...measured.map((r) => r.copyMs / r.bulkMs)).toFixed(3)})`,
  );
  console.log(
    `(reference) COPY into an unindexed copy of facets: ${(n / (cloneMs / 1000)).toFixed(0)} rows/s (${cloneMs.toFixed(0)} ms)`,
  );
  for (const [i, round] of rounds.entries()) {
    const line = (label: string, r: Awaited<ReturnType<typeof load>>) =>
      `  ${label}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, Node CPU ${r.cpuMs.toFixed(2)} ms/req, PostgreSQL CPU ${r.pgMs.toFixed(2)}`;
    console.log(`pull round ${i + 1} (${PULLS} requests each, ${CONCURRENCY} clients):`);
    console.log(line('API (key, grant check, access log)    ', round.api));
    console.log(
      `${line('baseline 1: minimal reads + log write ', round.direct)}   API/this p50 ×${(round.api.p50 / round.direct.p50).toFixed(2)}`,
    );
    console.log(
      `${line("baseline 2: the API's own SQL, direct", round.same)}   API/this p50 ×${(round.api.p50 / round.same.p50).toFixed(2)}, this/baseline 1 p50 ×${(round.same.p50 / round.direct.p50).toFixed(2)}`,
    );
  }
  const pick50 = (f: (r: (typeof rounds)[number]) => number) => median(rounds.map(f)).toFixed(1);
  console.log(
    `pull medians over ${ROUNDS} rounds: API p50 ${pick50((r) => r.api.p50)} ms (${pick50((r) => r.api.rps)} req/s); baseline 1 p50 ${pick50((r) => r.direct.p50)} ms (${pick50((r) => r.direct.rps)} req/s); baseline 2 p50 ${pick50((r) => r.same.p50)} ms (${pick50((r) => r.same.rps)} req/s)`,
  );
  console.log(
    `pull overhead, median of the rounds' ratios: ×${median(rounds.map((r) => r.api.p50 / r.direct.p50)).toFixed(2)} against baseline 1, ×${median(rounds.map((r) => r.api.p50 / r.same.p50)).toFixed(2)} against baseline 2; baseline 2 ×${median(rounds.map((r) => r.same.p50 / r.direct.p50)).toFixed(2)} baseline 1`,
  );
  console.log(
    `statements of one API pull (baseline 2), ${recorded.length}: ${recorded.map((r) => r.text.replace(/\s+/g, ' ').slice(0, 60)).join(' | ')}`,
  );
  console.log(`change feed: ${(events / (feedMs / 1000)).toFixed(0)} events/s (${events} events)`);
} catch (error) {
  console.error('benchmark failed:', error);
  process.exitCode = 1;
} finally {
  await handle.close();
  if (process.env.BENCH_KEEP) console.log(`kept database ${name}`);
  else await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
