/**
 * The scratch database of the deployment benches (`bench/deploy.ts`, `bench/worker-profile.ts`): a
 * new database on the PostgreSQL server, migrated; Guiyang onboarded; N residents in one community;
 * a reader department's API key holding an approved grant on person fields; E change events.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { createApiClient, issueApiKey, principalForApiKey } from '../functions/identity/api-keys.service';
import { onboardTenant } from '../functions/onboarding/onboarding.service';
import { logKeyFrom } from '../functions/platform/crypto';
import { bindLogKey } from '../functions/platform/db';
import { migrateNodePostgres, openNodePostgres } from '../functions/platform/drivers/node-postgres';
import { decideGrant } from '../functions/sharing/grants/grant-decision.service';
import { requestGrant } from '../functions/sharing/grants/grants.service';
import { checkCharacter } from '../functions/sharing/registry/id-number';
import { registerResident } from '../functions/sharing/registry/residents.service';

export const PURPOSE = 'population_statistics';

export async function scratchDatabase(options: { server: string; poolSize: number }) {
  const dataKey = randomBytes(32).toString('base64');
  const name = `shequ_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: options.server });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(options.server);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  await migrateNodePostgres(databaseUrl);
  const handle = openNodePostgres(databaseUrl, options.poolSize);
  handle.pool.on('error', () => {});
  const db = bindLogKey(handle.db, logKeyFrom({ dataKey }));
  const drop = async () => {
    await handle.close();
    if (process.env.BENCH_KEEP) console.log(`kept database ${name}`);
    else await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
  const serverVersion = async () =>
    (await admin.query('show server_version')).rows[0].server_version as string;
  return { name, databaseUrl, dataKey, handle, db, drop, serverVersion };
}

type Scratch = Awaited<ReturnType<typeof scratchDatabase>>;

export async function seedBench(scratch: Scratch, residents: number, events: number) {
  const { db, handle, dataKey } = scratch;
  const { tenant } = await onboardTenant({ db }, JSON.parse(readFileSync('tenants/guiyang.json', 'utf8')));
  const platform = { kind: 'platform' as const, id: 'bench' };
  const ctx = { db, tenant, actor: platform, now: () => new Date(), dataKey };
  const unit = (
    await handle.pool.query(
      `select id from org_units where tenant_id = $1 and level = 'community' order by code limit 1`,
      [tenant.id],
    )
  ).rows[0].id as string;
  const residentIds: string[] = [];
  for (let i = 0; residentIds.length < residents; i++) {
    const first17 = `520102${1950 + (i % 50)}01${String(1 + (Math.floor(i / 50) % 28)).padStart(2, '0')}${String(Math.floor(i / 1400) % 1000).padStart(3, '0')}`;
    const resident = await registerResident(ctx, {
      idNumber: `${first17}${checkCharacter(first17)}`,
      name: `基准${i}`,
      addressUnitId: unit,
    }).catch(() => undefined);
    if (resident) residentIds.push(resident.id);
  }
  const reader = (
    await handle.pool.query(`select id from departments where tenant_id = $1 and key = 'public_security'`, [
      tenant.id,
    ])
  ).rows[0]?.id as string;
  const client = await createApiClient(ctx, { departmentId: reader, name: 'bench reader' });
  const { secret } = await issueApiKey(ctx, client.id, {
    scopes: ['residents:read', 'grants:request', 'feed:read'],
  });
  const asReader = { ...ctx, actor: (await principalForApiKey(db, secret, new Date())) ?? platform };
  const grant = await requestGrant(asReader, {
    fields: ['person.*'],
    purposeCode: PURPOSE,
    purpose: '基准测试',
    legalBasis: '基准测试',
    validTo: '2099-12-31',
  });
  if (grant.status !== 'approved') await decideGrant(ctx, grant.id, { approve: true });
  // The feed: E events over the residents (person fields, readable by the grant), as the registry
  // writes them, numbered after the registrations' own events.
  await handle.pool.query(
    `with head as (select coalesce(max(seq), 0) as s from change_events where tenant_id = $1)
     insert into change_events (tenant_id, seq, resident_id, domain_key, fields, kind, version, occurred_at)
     select $1, head.s + g, ($2::uuid[])[1 + g % array_length($2::uuid[], 1)], 'person',
            array['person.name', 'person.address'], 'facet.updated', 2, now()
     from head, generate_series(1, $3::int) g`,
    [tenant.id, residentIds, events],
  );
  await handle.pool.query(
    `insert into sequence_heads (tenant_id, name, value)
     select $1, 'change_events', max(seq) from change_events where tenant_id = $1
     on conflict (tenant_id, name) do update set value = excluded.value`,
    [tenant.id],
  );
  await handle.pool.query(
    'create table access_log_bare (like access_log including defaults including indexes)',
  );
  // Statistics, as a city's database has them (autovacuum); planned without them, a pull's
  // resident lookup read the city's residents by tenant instead of the one by id (bench/README.md).
  await handle.pool.query('analyze');
  return { tenant, residentIds, secret, reader, clientId: client.id, events: events + residents };
}

export type Seeded = Awaited<ReturnType<typeof seedBench>>;
