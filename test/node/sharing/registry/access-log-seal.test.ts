import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../../../functions/platform/db';
import type { TenantRow } from '../../../../functions/platform/tenancy';
import { sealAccessLog, UNSEALED_GRACE_MS } from '../../../../functions/sharing/registry/access-seal.service';
import { verifyAccessLog } from '../../../../functions/sharing/registry/access-verify.service';
import { getResident } from '../../../../functions/sharing/registry/pull.service';
import { registerResident } from '../../../../functions/sharing/registry/residents.service';
import { verifyAllAccessLogs } from '../../../../scripts/audit-verify';
import { body, testApp } from '../../../support/app';
import { createTestDatabase, type TestDatabase } from '../../../support/database';
import { DATA_KEY, PLATFORM_TOKEN } from '../../../support/fixtures';
import { cityWithGrids, platform, unitId } from '../../../support/identity';
import { idNumberFor } from '../../../support/sharing';

/** Invariant 7 for the access log: a verify detects any edited or deleted read. */
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.close());

let serial = 700;
/** A city with one resident read `reads` times (each read is one access-log row). */
async function cityWithReads(reads: number, at: () => Date = () => new Date()) {
  const city = await cityWithGrids(db.db);
  const ctx = { db: db.db, tenant: city, actor: platform, now: at, dataKey: DATA_KEY };
  const resident = await registerResident(
    { ...ctx, now: () => new Date() },
    {
      idNumber: idNumberFor('1980-05-06', serial++),
      name: '审计',
      addressUnitId: await unitId(db.db, city.id, 'east-c1-g1'),
    },
  );
  for (let i = 0; i < reads; i++) await getResident(ctx, resident.id, `eligibility_check;核查${i}`);
  const seqs = (
    await db.query<{ seq: string }>('select seq from access_log where tenant_id = $1 order by seq', [city.id])
  ).map((row) => Number(row.seq));
  return { city, seqs };
}

const verify = (city: TenantRow) => verifyAccessLog(db.db, city.id, new Date());

describe('access-log seals', () => {
  it('seals new reads under one chain and verifies them', async () => {
    const { city, seqs } = await cityWithReads(3);
    expect(await verify(city)).toMatchObject({ ok: true, seals: 0, sealedRows: 0, pendingRows: 3 });
    expect((await sealAccessLog(db.db, city.id, new Date())).rows).toBe(3);
    expect((await sealAccessLog(db.db, city.id, new Date())).rows).toBe(0); // nothing new: no empty seal
    const ctx = { db: db.db, tenant: city, actor: platform, now: () => new Date(), dataKey: DATA_KEY };
    const residentId = (
      await db.query<{ resident_id: string }>('select resident_id from access_log where seq = $1', [seqs[0]])
    )[0]?.resident_id;
    await getResident(ctx, residentId ?? '', 'eligibility_check;再次核查');
    expect((await sealAccessLog(db.db, city.id, new Date())).rows).toBe(1);
    expect(await verify(city)).toMatchObject({
      ok: true,
      seals: 2,
      sealedRows: 4,
      pendingRows: 0,
      problems: [],
    });
  });

  it('detects a sealed read edited by the superuser, naming it', async () => {
    const { city, seqs } = await cityWithReads(3);
    await sealAccessLog(db.db, city.id, new Date());
    await db.query(`update access_log set purpose = '无' where seq = $1`, [seqs[1]]);
    const result = await verify(city);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      { kind: 'row', seq: seqs[1], problem: 'contents changed after it was sealed' },
    ]);
  });

  it('detects a sealed read deleted by the superuser, even with its seal entry', async () => {
    const { city, seqs } = await cityWithReads(3);
    await sealAccessLog(db.db, city.id, new Date());
    await db.query('delete from access_log where seq = $1', [seqs[0]]);
    expect((await verify(city)).problems).toEqual([
      { kind: 'row', seq: seqs[0], problem: 'deleted after it was sealed' },
    ]);
    // Covering the tracks: removing the seal's entry for the row too leaves the seal short.
    await db.query('delete from access_log_sealed where tenant_id = $1 and log_seq = $2', [city.id, seqs[0]]);
    expect((await verify(city)).problems).toEqual([
      { kind: 'seal', seq: 1, problem: 'its rows do not match what was sealed' },
    ]);
  });

  it('detects an edited seal and a removed seal', async () => {
    const { city } = await cityWithReads(2);
    await sealAccessLog(db.db, city.id, new Date());
    const ctx = { db: db.db, tenant: city, actor: platform, now: () => new Date(), dataKey: DATA_KEY };
    const residentId = (
      await db.query<{ resident_id: string }>(
        'select resident_id from access_log where tenant_id = $1 limit 1',
        [city.id],
      )
    )[0]?.resident_id;
    await getResident(ctx, residentId ?? '', 'eligibility_check;第二次');
    await sealAccessLog(db.db, city.id, new Date());
    await getResident(ctx, residentId ?? '', 'eligibility_check;第三次');
    await sealAccessLog(db.db, city.id, new Date());
    await db.query('update access_log_seals set row_count = 5 where tenant_id = $1 and seq = 3', [city.id]);
    expect((await verify(city)).problems).toContainEqual({
      kind: 'seal',
      seq: 3,
      problem: 'the seal was changed after it was written',
    });
    await db.query('delete from access_log_seals where tenant_id = $1 and seq = 2', [city.id]);
    expect((await verify(city)).problems).toContainEqual({
      kind: 'seal',
      seq: 2,
      problem: 'missing seal(s) 2–2',
    });
  });

  it('reports reads left unsealed past the grace period (a sweep that stopped)', async () => {
    const old = new Date(Date.now() - UNSEALED_GRACE_MS - 60_000);
    const { city, seqs } = await cityWithReads(2, () => old);
    const result = await verify(city);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual(
      seqs.map((seq) => ({ kind: 'row', seq, problem: 'not sealed within the grace period' })),
    );
    // The verify command reports them and seals nothing (sealing is the sweep's); once the sweep
    // has sealed them, the next run is clean.
    const cli = (await verifyAllAccessLogs(db.db, new Date())).find((entry) => entry.slug === city.slug);
    expect(cli).toMatchObject({ ok: false, sealedRows: 0 });
    expect((await sealAccessLog(db.db, city.id, new Date())).rows).toBe(2);
    expect(await verify(city)).toMatchObject({ ok: true, sealedRows: 2 });
  });

  it('seals are append-only for the application role', async () => {
    const denied = (error: Error) => /permission denied/.test(`${error.message} ${String(error.cause)}`);
    const { city } = await cityWithReads(1);
    await sealAccessLog(db.db, city.id, new Date());
    await expect(
      withTenant({ db: db.db, tenantId: city.id }, (tx) =>
        tx.execute(sql`update access_log_seals set row_count = 0`),
      ),
    ).rejects.toSatisfy(denied);
    await expect(
      withTenant({ db: db.db, tenantId: city.id }, (tx) => tx.execute(sql`delete from access_log_sealed`)),
    ).rejects.toSatisfy(denied);
  });

  it('the auditor verifies over HTTP', async () => {
    const { city, seqs } = await cityWithReads(2);
    await sealAccessLog(db.db, city.id, new Date());
    await db.query(`update access_log set fields = '{}' where seq = $1`, [seqs[0]]);
    const api = testApp(db.db);
    const response = await api.send('GET', `/v1/t/${city.slug}/access-log/verify`, { token: PLATFORM_TOKEN });
    expect(response.status).toBe(200);
    expect(await body(response)).toEqual({
      ok: false,
      seals: 1,
      sealedRows: 2,
      pendingRows: 0,
      problems: [{ kind: 'row', seq: seqs[0], problem: 'contents changed after it was sealed' }],
      checkpoints: 0,
    });
    expect((await api.send('GET', `/v1/t/${city.slug}/access-log/verify`)).status).toBe(401);
  });
});
