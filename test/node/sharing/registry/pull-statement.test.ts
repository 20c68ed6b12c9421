import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onboardTenant } from '../../../../functions/onboarding/onboarding.service';
import {
  type Database,
  type Transaction,
  withTenant,
  withTransaction,
} from '../../../../functions/platform/db';
import type { TenantRow } from '../../../../functions/platform/tenancy';
import { updateCatalogField } from '../../../../functions/sharing/catalog/catalog-admin.service';
import { getResident } from '../../../../functions/sharing/registry/pull.service';
import { registerResident } from '../../../../functions/sharing/registry/residents.service';
import { body, testApp } from '../../../support/app';
import { createTestDatabase, type TestDatabase } from '../../../support/database';
import { DATA_KEY, PLATFORM_TOKEN, smallCity } from '../../../support/fixtures';
import { cityWithGrids, platform, unitId } from '../../../support/identity';
import { departmentKey, idNumberFor } from '../../../support/sharing';

/**
 * The pull is one statement (`shequ_pull_resident`) that switches to the application role and the
 * tenant itself and, with a current cached catalog, runs as its own transaction. What that must
 * not change: one read, one access-log row naming what was answered; a catalog edit is honoured on
 * the next call; nothing of the role or tenant is left behind; another city's resident stays out.
 */
let db: TestDatabase;
let api: ReturnType<typeof testApp>;
let city: TenantRow;
let hrss = '';
const resident = { id: '', idNumber: idNumberFor('1970-03-04', 303) };
const purpose = { 'x-purpose': 'employment_assistance' };

beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
  city = await cityWithGrids(db.db);
  const ctx = { db: db.db, tenant: city, actor: platform, now: () => new Date(), dataKey: DATA_KEY };
  resident.id = (
    await registerResident(ctx, {
      idNumber: resident.idNumber,
      name: '拉取居民',
      addressUnitId: await unitId(db.db, city.id, 'west-c1-g1'),
    })
  ).id;
  const civil = (await departmentKey(api, city.slug, 'civil_affairs', ['residents:write'])).secret;
  await api.send('PUT', `/v1/t/${city.slug}/residents/${resident.id}/facets/minimum_income`, {
    token: civil,
    json: { data: { enrolled: true, monthly_amount: 800 }, sourceSystem: '民政低保系统' },
  });
  hrss = (
    await departmentKey(api, city.slug, 'human_resources_social_security', [
      'residents:read',
      'grants:request',
    ])
  ).secret;
  const grant = await body<{ id: string }>(
    await api.send('POST', `/v1/t/${city.slug}/grants`, {
      token: hrss,
      json: {
        fields: ['person.name', 'minimum_income.enrolled', 'minimum_income.monthly_amount'],
        purposeCode: 'employment_assistance',
        purpose: '就业援助',
        legalBasis: '就业促进法',
        validTo: '2099-12-31',
      },
    }),
  );
  await api.send('POST', `/v1/t/${city.slug}/grants/${grant.id}/decision`, {
    token: PLATFORM_TOKEN,
    json: { approve: true },
  });
});
afterAll(async () => db.close());

const logRows = async () =>
  db.query<{ seq: string; fields: string[] }>(
    'select seq, fields from access_log where resident_id = $1 order by seq',
    [resident.id],
  );

async function pullAsHrss() {
  const response = await api.send('GET', `/v1/t/${city.slug}/residents/${resident.id}`, {
    token: hrss,
    headers: purpose,
  });
  expect(response.status).toBe(200);
  const answer = await body<{
    person: Record<string, unknown>;
    idNumberMasked: boolean;
    domains: Record<string, { data: object }>;
  }>(response);
  // A masked ID number is not a read of it (the log says whether the full number was shown).
  return [
    ...Object.keys(answer.person)
      .filter((key) => key !== 'id_number' || !answer.idNumberMasked)
      .map((key) => `person.${key}`),
    ...Object.entries(answer.domains).flatMap(([domain, facet]) =>
      Object.keys(facet.data).map((key) => `${domain}.${key}`),
    ),
  ];
}

describe('the pull statement', () => {
  it('writes exactly one access-log row per pull, warm catalog or just edited, naming what was answered', async () => {
    await pullAsHrss(); // the catalog is cached from here on
    const before = await logRows();
    const warm = await pullAsHrss();
    expect(warm).toContain('minimum_income.monthly_amount');
    const afterWarm = await logRows();
    expect(afterWarm).toHaveLength(before.length + 1);
    expect(afterWarm.at(-1)?.fields.toSorted()).toEqual(warm.toSorted());

    // The city stops sharing the amount. The cached catalog is now stale: the statement must not log
    // under it, and the answer must follow the edit on this very call.
    await updateCatalogField(
      { db: db.db, tenant: city, actor: platform, now: () => new Date() },
      'minimum_income',
      'monthly_amount',
      { sharingClass: 'none', legalBasis: '仅供民政内部核算' },
    );
    const edited = await pullAsHrss();
    expect(edited).not.toContain('minimum_income.monthly_amount');
    expect(edited).toContain('minimum_income.enrolled');
    const afterEdit = await logRows();
    expect(afterEdit).toHaveLength(afterWarm.length + 1);
    expect(afterEdit.at(-1)?.fields.toSorted()).toEqual(edited.toSorted());
  });

  it('follows a change to a field that left its domain’s version alone (the catalog’s version counts every change)', async () => {
    const warm = await pullAsHrss();
    expect(warm).toContain('minimum_income.enrolled');
    const version = async () =>
      (
        await db.query<{ version: string }>('select version from catalog_versions where tenant_id = $1', [
          city.id,
        ])
      )[0]?.version;
    const before = await version();
    // Not through the catalog's own verbs, which also bump the domain: the field alone. The digest of
    // the domains' versions the pull used to compare missed this; the cached catalog must not be used.
    await db.query(
      `update data_fields set sharing_class = 'none'
        where tenant_id = $1 and key = 'enrolled'
          and domain_id = (select id from data_domains where tenant_id = $1 and key = 'minimum_income')`,
      [city.id],
    );
    expect(Number(await version())).toBe(Number(before) + 1);
    const after = await pullAsHrss();
    expect(after).not.toContain('minimum_income.enrolled');
    expect((await logRows()).at(-1)?.fields.toSorted()).toEqual(after.toSorted());
  });

  it('lets only their triggers write the version counters: the application role reads them', async () => {
    for (const table of ['catalog_versions', 'public_site_versions']) {
      const attempt = withTenant({ db: db.db, tenantId: city.id }, (tx) =>
        tx.execute(sql.raw(`update ${table} set version = 1 where tenant_id = '${city.id}'`)),
      );
      await expect(attempt, table).rejects.toSatisfy((error: Error) =>
        /permission denied/.test(`${error.message} ${String(error.cause)}`),
      );
      const read = await withTenant({ db: db.db, tenantId: city.id }, (tx) =>
        tx.execute(sql.raw(`select version from ${table} where tenant_id = '${city.id}'`)),
      );
      expect((read as unknown as { rows: unknown[] }).rows, table).toHaveLength(1);
    }
  });

  it('leaves the caller’s role and tenant as they were, inside a platform or a tenant transaction', async () => {
    const session = async (tx: Transaction) =>
      (
        (await tx.execute(
          sql`select current_user as "user", coalesce(current_setting('app.tenant_id', true), '') as tenant`,
        )) as unknown as { rows: { user: string; tenant: string }[] }
      ).rows[0];
    const pullIn = (tx: Transaction) =>
      getResident(
        {
          db: tx as unknown as Database,
          tenant: city,
          actor: platform,
          now: () => new Date(),
          dataKey: DATA_KEY,
        },
        resident.id,
        'eligibility_check',
      );
    await withTransaction(db.db, async (tx) => {
      const before = await session(tx);
      expect(before?.user).not.toBe('shequ_app');
      expect((await pullIn(tx)).id).toBe(resident.id);
      expect(await session(tx)).toEqual(before);
    });
    await withTenant({ db: db.db, tenantId: city.id }, async (tx) => {
      const before = await session(tx);
      expect(before).toEqual({ user: 'shequ_app', tenant: city.id });
      expect((await pullIn(tx)).id).toBe(resident.id);
      expect(await session(tx)).toEqual(before);
    });
  });

  it('inside a transaction scoped to one city, refuses to read for another (no way around row-level security)', async () => {
    const { tenant: other } = await onboardTenant({ db: db.db }, smallCity());
    const before = await logRows();
    const error = await withTenant({ db: db.db, tenantId: other.id }, (tx) =>
      getResident(
        {
          db: tx as unknown as Database,
          tenant: city,
          actor: platform,
          now: () => new Date(),
          dataKey: DATA_KEY,
        },
        resident.id,
        'eligibility_check',
      ),
    ).then(
      () => undefined,
      (failure: unknown) => failure as { message?: string; cause?: { message?: string } },
    );
    // Without the function's check it would switch to the resident's city and answer.
    expect(`${error?.cause?.message ?? ''} ${error?.message ?? ''}`).toMatch(/scoped to another tenant/);
    expect(await logRows()).toEqual(before);
  });

  it('reads the key with the city’s id and row version, never the city’s whole row (kept in memory)', async () => {
    // Listing its grants reads the key on every call (the pull may take it from memory, see below).
    const listGrants = async () =>
      expect((await api.send('GET', `/v1/t/${city.slug}/grants`, { token: hrss })).status).toBe(200);
    await listGrants();
    const recording = db.record();
    await listGrants();
    const statements = recording.stop().join('\n');
    // Before: the key lookup read the tenant's every column, its 11 KB structure document among them.
    expect(statements).toContain('xmin');
    expect(statements).not.toContain('"structure"');
    // A changed row is read again at once: a renamed city is what the next call's guard sees.
    await db.query('update tenants set name_zh = name_zh where id = $1', [city.id]);
    const again = db.record();
    await listGrants();
    expect(again.stop().join('\n')).toContain('"structure"');
  });

  it('does not read another city’s resident, and logs nothing for it', async () => {
    const { tenant: other } = await onboardTenant({ db: db.db }, smallCity());
    const before = await logRows();
    await expect(
      getResident(
        { db: db.db, tenant: other, actor: platform, now: () => new Date(), dataKey: DATA_KEY },
        resident.id,
        'eligibility_check',
      ),
    ).rejects.toMatchObject({ status: 404 });
    expect(await logRows()).toEqual(before);
  });
});

/**
 * The guard may take a key it verified in the last minute from memory on the pull (`rememberKey`),
 * so the pull sends one statement; the statement reads the key's state itself. What that must not
 * change: a key revoked or expired after a pull is refused on the very next one, nothing read and
 * nothing logged, with the error the guard gives.
 */
describe('the pull and a remembered key', () => {
  const keyIdOf = async (secret: string) =>
    (await db.query<{ id: string }>('select id from api_keys where prefix = $1', [secret.split('_')[1]]))[0]
      ?.id ?? '';
  const pull = (token: string) =>
    api.send('GET', `/v1/t/${city.slug}/residents/${resident.id}`, { token, headers: purpose });
  const hrssKey = async () =>
    (await departmentKey(api, city.slug, 'human_resources_social_security', ['residents:read'])).secret;

  it('a warm pull sends one statement: the key is not read again, the statement checks it', async () => {
    const secret = await hrssKey();
    expect((await pull(secret)).status).toBe(200);
    const recording = db.record();
    expect((await pull(secret)).status).toBe(200);
    const statements = recording.stop();
    expect(statements).toHaveLength(1);
    expect(statements[0]).toContain('shequ_pull_resident');
  });

  it('refuses a key revoked since it was remembered, logging nothing', async () => {
    const secret = await hrssKey();
    expect((await pull(secret)).status).toBe(200);
    const logged = (await logRows()).length;
    const revoked = await api.send('DELETE', `/v1/t/${city.slug}/api-keys/${await keyIdOf(secret)}`, {
      token: PLATFORM_TOKEN,
    });
    expect(revoked.status).toBe(200);
    const refused = await pull(secret);
    expect(refused.status).toBe(401);
    expect((await body<{ error: { code: string } }>(refused)).error.code).toBe('auth.key_revoked');
    expect(await logRows()).toHaveLength(logged);
    // Other routes read the key on every call, as before.
    const other = await api.send('GET', `/v1/t/${city.slug}/residents?idNumber=${resident.idNumber}`, {
      token: secret,
      headers: purpose,
    });
    expect((await body<{ error: { code: string } }>(other)).error.code).toBe('auth.key_revoked');
  });

  it('refuses a key expired since it was remembered, logging nothing', async () => {
    const secret = await hrssKey();
    expect((await pull(secret)).status).toBe(200);
    const logged = (await logRows()).length;
    await db.query(`update api_keys set expires_at = now() - interval '1 second' where id = $1`, [
      await keyIdOf(secret),
    ]);
    const refused = await pull(secret);
    expect(refused.status).toBe(401);
    expect((await body<{ error: { code: string } }>(refused)).error.code).toBe('auth.key_expired');
    expect(await logRows()).toHaveLength(logged);
  });

  it('a key in use on the pull is still stamped within a minute of its last stamp', async () => {
    const secret = await hrssKey();
    let clock = Date.now() + 3_600_000; // an hour on, so this key and no earlier memory applies
    const timed = testApp(db.db, () => new Date(clock));
    const stamp = async () =>
      (
        await db.query<{ last_used_at: Date }>('select last_used_at from api_keys where id = $1', [
          await keyIdOf(secret),
        ])
      )[0]?.last_used_at.getTime();
    const start = clock;
    // Another route stamps the key; the pull 50 s later finds the stamp young and remembers the key.
    expect((await timed.send('GET', `/v1/t/${city.slug}/grants`, { token: secret })).status).toBe(200);
    expect(await stamp()).toBe(start);
    clock = start + 50_000;
    const timedPull = () =>
      timed.send('GET', `/v1/t/${city.slug}/residents/${resident.id}`, { token: secret, headers: purpose });
    expect((await timedPull()).status).toBe(200);
    // 70 s after the stamp: remembered from the pull's own time it would still be in memory (and
    // the stamp 70 s old); remembered until a minute after the stamp, it is read and stamped again.
    clock = start + 70_000;
    expect((await timedPull()).status).toBe(200);
    expect(await stamp()).toBe(start + 70_000);
  });

  it('is declared only by the pull, the one route whose statement reads the key', async () => {
    const document = await body<{ paths: Record<string, Record<string, { 'x-shequ-security'?: unknown }>> }>(
      await api.get('/openapi.json'),
    );
    const remembering = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) =>
          JSON.stringify(operation['x-shequ-security'] ?? '').includes('rememberKey'),
        )
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(remembering).toEqual(['GET /v1/t/{tenant}/residents/{id}']);
  });
});
