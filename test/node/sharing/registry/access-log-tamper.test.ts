import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../../../functions/platform/db';
import type { TenantRow } from '../../../../functions/platform/tenancy';
import { logAccess } from '../../../../functions/sharing/ledger';
import { sealAllAccessLogs } from '../../../../functions/sharing/registry/access-seal.service';
import { getResident } from '../../../../functions/sharing/registry/pull.service';
import { registerResident } from '../../../../functions/sharing/registry/residents.service';
import { verifyAllAccessLogs } from '../../../../scripts/audit-verify';
import { body, testApp } from '../../../support/app';
import { createTestDatabase, type TestDatabase } from '../../../support/database';
import { DATA_KEY, PLATFORM_TOKEN } from '../../../support/fixtures';
import { cityWithGrids, platform, unitId } from '../../../support/identity';
import { idNumberFor } from '../../../support/sharing';

/**
 * Issue 15 item 4, the access log: what the database's owner did undetected before — remove the
 * newest seal with its reads (d), remove a seal but keep its reads, which were then sealed again
 * (e), insert a read before the sweep sealed it (f) — each detected, and never sealed over.
 */
let db: TestDatabase;
let api: ReturnType<typeof testApp>;
beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
});
afterAll(async () => db.close());

let serial = 900;
/** A city with one resident read `reads` times; `read` reads them again. */
async function cityWithReads(reads: number) {
  const city = await cityWithGrids(db.db);
  const ctx = { db: db.db, tenant: city, actor: platform, now: () => new Date(), dataKey: DATA_KEY };
  const resident = await registerResident(ctx, {
    idNumber: idNumberFor('1975-03-04', serial++),
    name: '篡改',
    addressUnitId: await unitId(db.db, city.id, 'east-c1-g1'),
  });
  const read = async (times: number) => {
    for (let i = 0; i < times; i++) await getResident(ctx, resident.id, `eligibility_check;核查${i}`);
  };
  await read(reads);
  return { city, read, seqs: await logSeqs(city) };
}

async function logSeqs(city: TenantRow): Promise<number[]> {
  const rows = await db.query<{ seq: string }>(
    'select seq from access_log where tenant_id = $1 order by seq',
    [city.id],
  );
  return rows.map((row) => Number(row.seq));
}

const sealedCount = async (city: TenantRow) =>
  Number(
    (
      await db.query<{ n: string }>('select count(*) as n from access_log_sealed where tenant_id = $1', [
        city.id,
      ])
    )[0]?.n,
  );

interface Verification {
  ok: boolean;
  problems: { kind: 'row' | 'seal'; seq: number; problem: string }[];
}

async function verify(city: TenantRow, kept?: string): Promise<Verification> {
  const query = kept ? `?checkpoint=${encodeURIComponent(kept)}` : '';
  const response = await api.send('GET', `/v1/t/${city.slug}/access-log/verify${query}`, {
    token: PLATFORM_TOKEN,
  });
  expect(response.status).toBe(200);
  return body<Verification>(response);
}

const sweep = () => sealAllAccessLogs(db.db, new Date());

/**
 * The newest checkpoint, as the auditor downloads and keeps it ('' if there is none or it is not of
 * the seal expected: checked where it is used, after what each test is about).
 */
async function keep(city: TenantRow, seal: number): Promise<string> {
  const response = await api.send('GET', `/v1/t/${city.slug}/audit-events/checkpoints`, {
    token: PLATFORM_TOKEN,
  });
  if (response.status !== 200) return '';
  const { items } = await body<{ items: { token: string; accessLog: { seal: number } }[] }>(response);
  return items[0]?.accessLog.seal === seal ? items[0].token : '';
}

const sealsRemoved = (label: RegExp, from: number, to: number) => ({
  kind: 'seal',
  seq: to,
  problem: expect.stringMatching(
    new RegExp(
      `^the chain ends at seal ${from}, but ${label.source}.* recorded seal ${to}: seals were removed$`,
    ),
  ),
});

describe('the access log against its database owner', () => {
  it('(d) the newest seal removed with its reads contradicts a checkpoint', async () => {
    const { city, read } = await cityWithReads(3);
    const first = await sweep();
    await read(2);
    await sweep();
    const kept = await keep(city, 2);
    const inSeal2 = `select log_seq from access_log_sealed where tenant_id = $1 and seal_seq = 2`;
    await db.query(`delete from access_log where tenant_id = $1 and seq in (${inSeal2})`, [city.id]);
    await db.query('delete from access_log_sealed where tenant_id = $1 and seal_seq = 2', [city.id]);
    await db.query('delete from access_log_seals where tenant_id = $1 and seq = 2', [city.id]);
    expect((await verify(city)).problems).toEqual([sealsRemoved(/checkpoint 2 in the database/, 1, 2)]);
    expect(first.forged).toEqual([]); // the pull statement's MACs are the app's
    expect(kept).toMatch(/^cp1\./);
    await db.query('delete from log_checkpoints where tenant_id = $1', [city.id]);
    expect((await verify(city)).ok).toBe(true); // nothing left inside the database shows it…
    expect((await verify(city, kept)).problems).toEqual([sealsRemoved(/your checkpoint/, 1, 2)]); // …the kept one does
    // A checkpoint not made by the service (here: its payload edited) is refused, not compared.
    const [version, payload, mac] = kept.split('.');
    const edited = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
    edited.seals.seq = 1;
    const forged = `${version}.${Buffer.from(JSON.stringify(edited)).toString('base64url')}.${mac}`;
    const refused = await api.send('GET', `/v1/t/${city.slug}/access-log/verify?checkpoint=${forged}`, {
      token: PLATFORM_TOKEN,
    });
    expect(refused.status).toBe(422);
    expect(await body(refused)).toMatchObject({ error: { code: 'audit.checkpoint_invalid' } });
  });

  it('(e) a seal removed with its reads kept is not sealed over: the sweep refuses, the verify reports', async () => {
    const { city } = await cityWithReads(3);
    await sweep();
    const kept = await keep(city, 1);
    await db.query('delete from access_log_sealed where tenant_id = $1', [city.id]);
    await db.query('delete from access_log_seals where tenant_id = $1', [city.id]);
    const refused = await sweep();
    expect(await sealedCount(city)).toBe(0);
    expect(refused.refused).toContainEqual({
      tenantId: city.id,
      reason: 'checkpoint 1 recorded seal 1, which is gone',
    });
    expect((await verify(city)).problems).toEqual([sealsRemoved(/checkpoint 1 in the database/, 0, 1)]);
    // `npm run audit:verify` reports it too, and seals nothing.
    const cli = (await verifyAllAccessLogs(db.db, new Date())).find((entry) => entry.slug === city.slug);
    expect(cli?.ok).toBe(false);
    expect(await sealedCount(city)).toBe(0);
    // With the stored checkpoints removed as well, the sweep seals the reads again — as a seal the
    // checkpoint the auditor kept did not record.
    expect(kept).toMatch(/^cp1\./);
    await db.query('delete from log_checkpoints where tenant_id = $1', [city.id]);
    await sweep();
    expect(await sealedCount(city)).toBe(3);
    expect((await verify(city, kept)).problems).toEqual([
      {
        kind: 'seal',
        seq: 1,
        problem: expect.stringMatching(/^seal 1 is not the one your checkpoint.*rewritten$/),
      },
    ]);
  });

  it('(e) a seal in the middle removed with its reads kept: they stay unsealed, and are reported', async () => {
    const { city, read, seqs } = await cityWithReads(2);
    await sweep();
    await read(2);
    await sweep();
    await db.query('delete from access_log_sealed where tenant_id = $1 and seal_seq = 1', [city.id]);
    await db.query('delete from access_log_seals where tenant_id = $1 and seq = 1', [city.id]);
    await read(1);
    const report = await sweep();
    expect(await sealedCount(city)).toBe(3); // seal 2's reads and the new one; not the two of seal 1
    expect(report.refused.filter((entry) => entry.tenantId === city.id)).toEqual([]);
    const { problems } = await verify(city);
    expect(problems).toContainEqual({ kind: 'seal', seq: 1, problem: 'missing seal(s) 1–1' });
    for (const seq of seqs)
      expect(problems).toContainEqual({
        kind: 'row',
        seq,
        problem:
          'no seal covers it, though later reads are sealed: its seal entry was removed, or it was inserted afterwards',
      });
  });

  const FORGED =
    'its MAC does not match: not written by the application, or changed since (without the log key)';

  /** Inserts a row made from row `from` by `select` (over `columns`); returns its number. */
  async function insertFrom(columns: string, select: string, from: number | undefined): Promise<number> {
    const [row] = await db.query<{ seq: string }>(
      `insert into access_log (${columns}) select ${select} from access_log where seq = $1 returning seq`,
      [from],
    );
    return Number(row?.seq);
  }

  it('(f) a read forged before the sweep seals it is left unsealed and reported', async () => {
    const { city, seqs } = await cityWithReads(2);
    // A read nobody made, inserted by the owner as the application wrote rows before (no MACs).
    const forged = await insertFrom(
      'tenant_id, occurred_at, actor_kind, actor_id, department_id, resident_id, fields, purpose, operation',
      `tenant_id, occurred_at, actor_kind, 'someone-else', department_id, resident_id, fields, '伪造', operation`,
      seqs[0],
    );
    const report = await sweep();
    const { problems } = await verify(city);
    expect(problems).toContainEqual({ kind: 'row', seq: forged, problem: FORGED });
    expect(problems.filter((problem) => seqs.includes(problem.seq))).toEqual([]);
    expect(await sealedCount(city)).toBe(2);
    expect(report.forged).toContainEqual({ tenantId: city.id, seqs: [forged] });
  });

  it('(f) a read wearing another read’s MACs, a copy, and a read edited before the sweep are reported', async () => {
    const { city, seqs } = await cityWithReads(3);
    const [first, second, third] = seqs;
    const columns = `tenant_id, occurred_at, actor_kind, actor_id, department_id, resident_id, fields, purpose,
      unmasked_id_number, operation, nonce, mac, fields_mac`;
    // A genuine row's MACs over other contents (the ID number shown)…
    const borrowed = await insertFrom(
      columns,
      `tenant_id, occurred_at, actor_kind, actor_id, department_id, resident_id, '{person.id_number}', purpose,
       true, operation, nonce, mac, fields_mac`,
      first,
    );
    // …a copy of a genuine row, MACs and all; and a genuine row edited before it was sealed.
    const copy = await insertFrom(columns, columns, second);
    await db.query(`update access_log set purpose = '无' where seq = $1`, [third]);
    const report = await sweep();
    const { problems } = await verify(city);
    for (const seq of [third, borrowed])
      expect(problems).toContainEqual({ kind: 'row', seq, problem: FORGED });
    expect(problems).toContainEqual({ kind: 'row', seq: copy, problem: `a copy of read ${second}` });
    expect(problems.filter((problem) => problem.seq === first || problem.seq === second)).toEqual([]);
    expect(report.forged).toContainEqual({ tenantId: city.id, seqs: [third, borrowed] });
  });
});

describe('sealing while reads are being written', () => {
  // A real server only: there, reads commit concurrently and out of number order (PGlite runs one
  // transaction at a time). No read may commit below a seal and look like one whose seal was removed.
  it.runIf(process.env.TEST_DATABASE_URL !== undefined)(
    'seals concurrent pulls without leaving any below a seal (real server)',
    async () => {
      const { city, read } = await cityWithReads(1);
      let reading = true;
      const readers = Array.from({ length: 6 }, async () => {
        for (let i = 0; i < 15; i++) await read(1);
      });
      const sweeping = (async () => {
        while (reading) await sweep();
      })();
      await Promise.all(readers);
      reading = false;
      await sweeping;
      await sweep();
      expect(await sealedCount(city)).toBe(91);
      expect(await verify(city)).toMatchObject({ ok: true, problems: [] });
    },
  );

  it.runIf(process.env.TEST_DATABASE_URL !== undefined)(
    'waits for a read still being written before sealing past it (real server)',
    async () => {
      const { city, read, seqs } = await cityWithReads(1);
      const [residentId] = (
        await db.query<{ resident_id: string }>('select resident_id from access_log where seq = $1', [
          seqs[0],
        ])
      ).map((row) => row.resident_id);
      let release = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      // A search's transaction: its row is numbered now and committed only when the gate opens.
      const held = withTenant({ db: db.db, tenantId: city.id }, async (tx) => {
        await logAccess(
          tx,
          city.id,
          {
            actor: platform,
            residentId: residentId ?? '',
            fields: ['person.name'],
            purpose: '慢查询',
            unmaskedIdNumber: false,
            operation: 'search',
          },
          new Date(),
        );
        await gate;
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      await read(1); // numbered after it, committed before it
      const sweeping = sweep();
      await new Promise((resolve) => setTimeout(resolve, 300));
      release();
      await held;
      await sweeping;
      await sweep();
      expect(await sealedCount(city)).toBe(3);
      expect(await verify(city)).toMatchObject({ ok: true, problems: [] });
    },
  );
});
