/**
 * The deadline sweep at scale, not a timed test:
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:cases
 * Creates a scratch database, onboards Guiyang, inserts BENCH_CASES (1,000,000) open cases of which
 * about 2 % are past their handling deadline, then measures, in the same run:
 *  - the baseline: the plain indexed query that finds the due cases (what any sweep must at least do);
 *  - the sweep's claim: the one statement that finds and stamps them (rolled back, so it repeats);
 *  - the whole sweep (`runCaseSweep`): each due case stamped, escalated one level with its
 *    timeline entries, supervision notice and audit row;
 *  - the case inbox as JSON (`GET /v1/t/guiyang/cases`) for a community's staff against the plain
 *    query for the same page, and the console inbox page when it exists.
 */

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import pg from 'pg';
import { runCaseSweep } from '../functions/cases/case-sweep';
import { signIn } from '../functions/identity/sessions.service';
import { createUser } from '../functions/identity/users.service';
import { createNodeApp } from '../functions/node';
import { onboardTenant } from '../functions/onboarding/onboarding.service';
import { logKeyFrom } from '../functions/platform/crypto';
import { bindLogKey } from '../functions/platform/db';
import { migrateNodePostgres, openNodePostgres } from '../functions/platform/drivers/node-postgres';

const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CASES = Number(process.env.BENCH_CASES ?? 1_000_000);
const DUE_SHARE = 0.02;
const DATA_KEY = Buffer.alloc(32, 3).toString('base64');
const PASSWORD = 'Bench-Mima-2026-cases!';

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function timed(times: number, fn: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

const name = `shequ_bench_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: server });
await admin.connect();
await admin.query(`create database ${name}`);
const url = new URL(server);
url.pathname = `/${name}`;
try {
  await migrateNodePostgres(url.toString());
  const handle = openNodePostgres(url.toString(), 6);
  handle.pool.on('error', () => {});
  const db = bindLogKey(handle.db, logKeyFrom({ dataKey: DATA_KEY }));
  const { tenant } = await onboardTenant({ db }, JSON.parse(readFileSync('tenants/guiyang.json', 'utf8')));
  const raw = new pg.Client({ connectionString: url.toString() });
  await raw.connect();
  const unit = async (level: string) =>
    (
      await raw.query<{ id: string; parent_id: string }>(
        'select id, parent_id from org_units where tenant_id = $1 and level = $2 and valid_to is null order by code limit 1',
        [tenant.id, level],
      )
    ).rows[0];
  const community = await unit('community');
  if (!community) throw new Error('no community');
  const communities = (
    await raw.query<{ id: string }>(
      "select id from org_units where tenant_id = $1 and level = 'community' and valid_to is null order by code",
      [tenant.id],
    )
  ).rows.map((row) => row.id);
  const category = (
    await raw.query<{ id: string; department_id: string }>(
      "select id, department_id from case_categories where tenant_id = $1 and code = 'city_operation'",
      [tenant.id],
    )
  ).rows[0];
  if (!category) throw new Error('no category');
  const now = new Date();
  const t0 = performance.now();
  // Due cases are spread over the last days; the rest are due within the next two weeks.
  await raw.query(
    `insert into cases (tenant_id, number, category_id, category_version, org_unit_id, level_unit_id, status,
       channel, title, collected_by, handler_kind, handler_department_id, stage, stage_started_at, warn_at,
       stage_due_at, second_due_at, warned_at, created_at, updated_at)
     select $1, 'B-' || i, $2, 1, ($3::uuid[])[1 + i % cardinality($3::uuid[])],
       ($3::uuid[])[1 + i % cardinality($3::uuid[])], 'handling', 'grid_worker', '基准案卷 ' || i, 'system:bench',
       'department', $4, 'handle', $5::timestamptz - interval '10 days',
       $5::timestamptz - interval '1 day', due, due + interval '5 days', $5::timestamptz - interval '1 day',
       $5::timestamptz - interval '10 days', $5::timestamptz - interval '10 days'
     from (select i, case when i % $6 = 0 then $5::timestamptz - (i % 97) * interval '1 hour'
                          else $5::timestamptz + (1 + i % 300) * interval '1 hour' end as due
           from generate_series(1, $7) as i) s`,
    [
      tenant.id,
      category.id,
      communities,
      category.department_id,
      now.toISOString(),
      Math.round(1 / DUE_SHARE),
      CASES,
    ],
  );
  await raw.query('vacuum analyze cases');
  const loaded = (performance.now() - t0) / 1000;

  const plain = `select id from cases where tenant_id = $1 and stage is not null and breached_at is null
                 and stage_due_at <= $2 order by stage_due_at`;
  const due = (await raw.query(plain, [tenant.id, now.toISOString()])).rowCount ?? 0;
  const baseline = await timed(7, () => raw.query(plain, [tenant.id, now.toISOString()]));
  // The sweep's claim, batch by batch as the sweep runs it, rolled back so it can repeat.
  const claim = await timed(5, async () => {
    await raw.query('begin');
    for (;;) {
      const result = await raw.query(
        `update cases set breached_at = $2::timestamptz, breaches = breaches + 1 where id in (
           select id from cases where tenant_id = $1 and stage is not null and breached_at is null
             and stage_due_at <= $2::timestamptz order by stage_due_at limit 500 for update skip locked)
         returning id`,
        [tenant.id, now.toISOString()],
      );
      if ((result.rowCount ?? 0) < 500) break;
    }
    await raw.query('rollback');
  });
  const s0 = performance.now();
  const report = await runCaseSweep({ db, now: () => now });
  const sweep = performance.now() - s0;
  const again = await timed(3, () => runCaseSweep({ db, now: () => now }));

  // The inbox of a community's staff: its first page as JSON, against the plain query for it.
  await createUser(
    { db, tenant, actor: { kind: 'platform', id: 'bench' }, now: () => new Date() },
    {
      email: 'bench.staff@guiyang.example.org',
      displayName: '基准社区工作人员',
      password: PASSWORD,
      roles: [{ role: 'community_staff', orgUnitId: community.id }],
    },
  );
  const session = await signIn(
    { db, now: () => new Date(), dataKey: DATA_KEY },
    { tenant: 'guiyang', login: 'bench.staff@guiyang.example.org', password: PASSWORD },
    {},
  );
  const app = createNodeApp({ db, config: { appEnv: 'test', platformToken: undefined, dataKey: DATA_KEY } });
  const get = async (path: string, headers: Record<string, string>) => {
    const response = await app.fetch(new Request(`http://bench${path}`, { headers }));
    await response.text();
    return response.status;
  };
  const bearer = { authorization: `Bearer ${session.token}` };
  const inboxPlain = await timed(9, () =>
    raw.query(
      `select * from cases where tenant_id = $1 and org_unit_id = $2 order by stage_due_at nulls last, created_at desc limit 50`,
      [tenant.id, community.id],
    ),
  );
  const inboxJson = await timed(9, () => get('/v1/t/guiyang/cases?box=all', bearer));
  const pageStatus = await get('/admin/cases?box=all', { cookie: `shequ_session=${session.token}` });
  const inboxPage =
    pageStatus === 200
      ? await timed(9, () => get('/admin/cases?box=all', { cookie: `shequ_session=${session.token}` }))
      : null;

  console.log(
    `machine: ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}, ${(await raw.query('show server_version')).rows[0]?.server_version}`,
  );
  console.log(
    `${communities.length} communities; the inbox is the first community's (${Math.round(CASES / communities.length).toLocaleString('en')} cases)`,
  );
  console.log(
    `${CASES.toLocaleString('en')} open cases loaded in ${loaded.toFixed(0)} s; ${due.toLocaleString('en')} past their deadline`,
  );
  console.log(
    `baseline: plain indexed query for the due cases      ${baseline.toFixed(1).padStart(9)} ms (median of 7)`,
  );
  console.log(
    `sweep's claim (find + stamp, batches of 500)          ${claim.toFixed(1).padStart(9)} ms  ×${(claim / baseline).toFixed(2)}`,
  );
  console.log(
    `whole sweep (${report.breached} breached, ${report.escalated} escalated)  ${sweep.toFixed(0).padStart(9)} ms  ×${(sweep / baseline).toFixed(1)}; ${(sweep / Math.max(1, report.breached)).toFixed(2)} ms per escalated case`,
  );
  console.log(
    `a sweep with nothing due (median of 3)               ${again.toFixed(1).padStart(9)} ms  ×${(again / baseline).toFixed(2)}`,
  );
  console.log(`inbox, plain query (first 50)                        ${inboxPlain.toFixed(1).padStart(9)} ms`);
  console.log(
    `inbox JSON (GET /v1/t/guiyang/cases?box=all)          ${inboxJson.toFixed(1).padStart(9)} ms  ×${(inboxJson / inboxPlain).toFixed(2)}`,
  );
  if (inboxPage !== null)
    console.log(
      `inbox page (/admin/cases?box=all)                    ${inboxPage.toFixed(1).padStart(9)} ms  ×${(inboxPage / inboxJson).toFixed(2)} of JSON`,
    );
  else console.log(`inbox page: /admin/cases answered ${pageStatus} (not measured)`);
  await raw.end();
  await handle.close();
} finally {
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
