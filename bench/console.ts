/**
 * Console page benchmark, not a timed test:
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:console
 * Creates a scratch database, onboards Guiyang, has a department ask for 50 grants and a city
 * administrator sign in, then requests through the real app (in process, `app.fetch`, 8 concurrent
 * clients) each console page next to the JSON API call that reads the same thing through the same
 * verb — the baseline, in the same run. The ratio is what rendering HTML and the page frame (the
 * person's name, the menu) cost over the JSON answer.
 */

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import pg from 'pg';
import { findRootUnitId } from '../functions/auth/units';
import { createApiClient, issueApiKey, principalForApiKey } from '../functions/identity/api-keys.service';
import { signIn } from '../functions/identity/sessions.service';
import { createUser } from '../functions/identity/users.service';
import { createNodeApp } from '../functions/node';
import { onboardTenant } from '../functions/onboarding/onboarding.service';
import { logKeyFrom } from '../functions/platform/crypto';
import { bindLogKey } from '../functions/platform/db';
import { migrateNodePostgres, openNodePostgres } from '../functions/platform/drivers/node-postgres';
import { requestGrant } from '../functions/sharing/grants/grants.service';
import { listDepartments } from '../functions/tenants/departments.service';
import { quantile } from './baselines';

const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CONCURRENCY = 8;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 800);
const DATA_KEY = Buffer.alloc(32, 3).toString('base64');
const PASSWORD = 'Bench-Mima-2026-console!';

const name = `shequ_bench_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: server });
await admin.connect();
await admin.query(`create database ${name}`);
const url = new URL(server);
url.pathname = `/${name}`;
try {
  await migrateNodePostgres(url.toString());
  const handle = openNodePostgres(url.toString(), CONCURRENCY + 4);
  handle.pool.on('error', () => {});
  // The logs' key, as the app derives it from its DATA_KEY.
  const db = bindLogKey(handle.db, logKeyFrom({ dataKey: DATA_KEY }));
  const now = () => new Date();
  const { tenant } = await onboardTenant({ db }, JSON.parse(readFileSync('tenants/guiyang.json', 'utf8')));
  const platform = { kind: 'platform' as const, id: 'bench' };
  const ctx = { db, tenant, actor: platform, now, dataKey: DATA_KEY };
  const cityUnit = await findRootUnitId(db, tenant.id);
  await createUser(ctx, {
    email: 'bench.admin@guiyang.example.org',
    displayName: '基准测试管理员',
    password: PASSWORD,
    roles: [{ role: 'city_administrator', orgUnitId: cityUnit }],
  });
  const hrss = (await listDepartments(db, tenant.id)).find(
    (d) => d.key === 'human_resources_social_security',
  );
  if (!hrss) throw new Error('no 人社 department');
  const client = await createApiClient(ctx, { departmentId: hrss.id, name: 'bench' });
  const { secret } = await issueApiKey(ctx, client.id, { scopes: ['grants:request'] });
  const department = await principalForApiKey(db, secret, now());
  if (!department) throw new Error('key does not resolve');
  for (let i = 0; i < 50; i++) {
    await requestGrant(
      { ...ctx, actor: department },
      {
        fields: ['minimum_income.enrolled'],
        purposeCode: 'employment_assistance',
        purpose: `基准 ${i}`,
        legalBasis: '就业促进法',
        validTo: '2099-12-31',
      },
    );
  }
  const session = await signIn(
    { db, now, dataKey: DATA_KEY },
    { tenant: 'guiyang', login: 'bench.admin@guiyang.example.org', password: PASSWORD },
    {},
  );
  const app = createNodeApp({ db, config: { appEnv: 'test', platformToken: undefined, dataKey: DATA_KEY } });

  async function run(label: string, path: string, headers: Record<string, string>) {
    for (let i = 0; i < 20; i++)
      await (await app.fetch(new Request(`http://bench${path}`, { headers }))).text();
    const latencies: number[] = [];
    let next = 0;
    let wrong = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < REQUESTS) {
          next += 1;
          const t0 = performance.now();
          const response = await app.fetch(new Request(`http://bench${path}`, { headers }));
          await response.text();
          latencies.push(performance.now() - t0);
          if (response.status !== 200) wrong += 1;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const result = {
      rps: latencies.length / seconds,
      p50: quantile(latencies, 0.5),
      p99: quantile(latencies, 0.99),
    };
    console.log(
      `${label.padEnd(34)} ${result.rps.toFixed(0).padStart(5)} req/s   p50 ${result.p50.toFixed(1).padStart(5)} ms   p99 ${result.p99.toFixed(1).padStart(6)} ms${wrong ? `   (${wrong} not 200)` : ''}`,
    );
    return result;
  }

  const cookie = { cookie: `shequ_session=${session.token}` };
  const bearer = { authorization: `Bearer ${session.token}` };
  console.log(
    `machine: ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}; ${CONCURRENCY} clients, ${REQUESTS} requests each row`,
  );
  const pairs: [string, string, string][] = [
    ['grant queue (50 pending)', '/admin/grants', '/v1/t/guiyang/grants'],
    ['audit trail (50 events)', '/admin/audit', '/v1/t/guiyang/audit-events?limit=50'],
  ];
  for (const [label, page, json] of pairs) {
    const html = await run(`console ${label}`, page, cookie);
    const base = await run(`  JSON API, same verb`, json, bearer);
    console.log(`  → page / JSON p50: ×${(html.p50 / base.p50).toFixed(2)}`);
  }
  await run('console dashboard', '/admin', cookie);
  await handle.close();
} finally {
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
