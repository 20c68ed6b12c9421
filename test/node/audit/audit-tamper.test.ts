import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../../../functions/platform/canonical';
import { bindLogKey, withTenant } from '../../../functions/platform/db';
import { openNodePostgres } from '../../../functions/platform/drivers/node-postgres';
import type { TenantRow } from '../../../functions/platform/tenancy';
import { sealAllAccessLogs } from '../../../functions/sharing/registry/access-seal.service';
import { verifyAllTenants } from '../../../scripts/audit-verify';
import { body, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { PLATFORM_TOKEN, testLogKey } from '../../support/fixtures';
import { cityWithGrids, person } from '../../support/identity';

/**
 * Issue 15 item 4, the audit trail: what the database's owner did undetected before — cut the
 * chain back (a), remove it whole (b), edit an event and re-chain the rest (c) — and what the
 * application role could write (and, with `reset role`, reach) — each detected or refused.
 */
let db: TestDatabase;
let api: ReturnType<typeof testApp>;
beforeAll(async () => {
  db = await createTestDatabase();
  api = testApp(db.db);
});
afterAll(async () => db.close());

type Database = TestDatabase['db'];

/** Six events: onboarding, three units, two people. */
async function cityWithHistory(on: Database = db.db): Promise<TenantRow> {
  const tenant = await cityWithGrids(on);
  await person(on, tenant, 'community_staff', 'east-c1');
  await person(on, tenant, 'grid_worker', 'east-c1-g1');
  return tenant;
}

interface Verification {
  ok: boolean;
  events: number;
  problems: { seq: number; code: string; params?: Record<string, unknown>; problem: string }[];
}

/** The auditor's verify over HTTP, with a checkpoint they kept or without. */
async function verify(city: TenantRow, kept?: string): Promise<Verification> {
  const query = kept ? `?checkpoint=${encodeURIComponent(kept)}` : '';
  const response = await api.send('GET', `/v1/t/${city.slug}/audit-events/verify${query}`, {
    token: PLATFORM_TOKEN,
  });
  expect(response.status).toBe(200);
  return body<Verification>(response);
}

/**
 * The cron sweep, then the newest checkpoint as the auditor downloads and keeps it ('' if there is
 * none: checked where it is used, after what each test is about).
 */
async function sweepAndKeep(city: TenantRow): Promise<string> {
  await sealAllAccessLogs(db.db, new Date());
  const response = await api.send('GET', `/v1/t/${city.slug}/audit-events/checkpoints`, {
    token: PLATFORM_TOKEN,
  });
  if (response.status !== 200) return '';
  const { items } = await body<{ items: { token: string; audit: { seq: number } }[] }>(response);
  return items[0]?.audit.seq === 6 ? items[0].token : '';
}

/** What the chain cut back to `from` says against the checkpoint that recorded `to`. */
const removed = (label: RegExp, from: number, to: number) => ({
  seq: to,
  code: 'audit.chain_cut_back',
  params: expect.objectContaining({ chain: 'audit', last: from, recorded: to }),
  problem: expect.stringMatching(
    new RegExp(
      `^the chain ends at event ${from}, but ${label.source}.* recorded event ${to}: events were removed$`,
    ),
  ),
});

describe('the audit trail against its database owner', () => {
  it('(a) the last events removed and the head rewound contradict a checkpoint', async () => {
    const city = await cityWithHistory();
    const kept = await sweepAndKeep(city);
    await db.query('delete from audit_events where tenant_id = $1 and seq > 4', [city.id]);
    await db.query(
      `update audit_heads h set seq = 4,
         hash = (select e.hash from audit_events e where e.tenant_id = h.tenant_id and e.seq = 4)
       where h.tenant_id = $1`,
      [city.id],
    );
    expect((await verify(city)).problems).toEqual([removed(/checkpoint 1 in the database/, 4, 6)]);
    expect(kept).toMatch(/^cp1\./);
    // The sweep does not sign the shorter chain.
    const sweep = await sealAllAccessLogs(db.db, new Date());
    expect(sweep.refused).toContainEqual({
      tenantId: city.id,
      reason: expect.stringMatching(/no longer reaches event 6/),
    });
    // An owner who removes the stored checkpoints too: nothing left inside the database shows it…
    await db.query('delete from log_checkpoints where tenant_id = $1', [city.id]);
    expect(await verify(city)).toMatchObject({ ok: true, events: 4 });
    // …but the checkpoint the auditor kept does, over HTTP and in `npm run audit:verify`.
    expect(await verify(city, kept)).toMatchObject({
      ok: false,
      problems: [removed(/your checkpoint/, 4, 6)],
    });
    const cli = (await verifyAllTenants(db.db, [kept])).find((entry) => entry.slug === city.slug);
    expect(cli).toMatchObject({ ok: false, problems: [removed(/your checkpoint/, 4, 6)] });
  });

  it('(b) the whole chain removed contradicts a checkpoint', async () => {
    const city = await cityWithHistory();
    const kept = await sweepAndKeep(city);
    await db.query('delete from audit_events where tenant_id = $1', [city.id]);
    await db.query('delete from audit_heads where tenant_id = $1', [city.id]);
    expect((await verify(city)).problems).toEqual([removed(/checkpoint 1 in the database/, 0, 6)]);
    expect(kept).toMatch(/^cp1\./);
    await db.query('delete from log_checkpoints where tenant_id = $1', [city.id]);
    expect(await verify(city, kept)).toMatchObject({
      ok: false,
      events: 0,
      problems: [removed(/your checkpoint/, 0, 6)],
    });
  });

  it('(c) an edited event with every later hash recomputed does not verify: the hashes are keyed', async () => {
    const city = await cityWithHistory();
    const kept = await sweepAndKeep(city);
    // What verified before: SHA-256 over the canonical row, recomputed for the whole chain.
    const rows = await db.query<Record<string, unknown> & { seq: string; hash: string }>(
      'select * from audit_events where tenant_id = $1 order by seq',
      [city.id],
    );
    let previous = sha256Hex(`shequ-audit-genesis:${city.id}`);
    for (const row of rows) {
      const details = Number(row.seq) === 3 ? { code: 'forged' } : row.details;
      const hash = sha256Hex(
        canonicalJson({
          tenantId: city.id,
          seq: Number(row.seq),
          occurredAt: new Date(row.occurred_at as string | Date).toISOString(),
          actorKind: row.actor_kind,
          actorId: row.actor_id,
          action: row.action,
          targetType: row.target_type,
          targetId: row.target_id,
          details,
          prevHash: previous,
        }),
      );
      await db.query(
        'update audit_events set details = $3, prev_hash = $4, hash = $5 where tenant_id = $1 and seq = $2',
        [city.id, row.seq, JSON.stringify(details), previous, hash],
      );
      previous = hash;
    }
    await db.query('update audit_heads set hash = $2 where tenant_id = $1', [city.id, previous]);
    expect((await verify(city)).problems).toContainEqual({
      seq: 3,
      code: 'audit.contents_changed',
      problem: 'contents changed after it was written',
    });
    expect(kept).toMatch(/^cp1\./);
    // Claiming the whole chain predates the key (moving the switch-over point) makes those hashes
    // acceptable, but not the chain: it is not the one the checkpoints recorded.
    await db.query(
      `insert into log_legacy_ends values ($1, 6, 0, 0)
         on conflict (tenant_id) do update set audit_through = 6`,
      [city.id],
    );
    expect((await verify(city)).problems).toEqual([
      {
        seq: 6,
        code: 'audit.chain_rewritten',
        params: { chain: 'audit', recorded: 6, checkpoint: 1, madeAt: expect.any(String) },
        problem: expect.stringMatching(/^event 6 is not the one checkpoint 1 in the database.*rewritten$/),
      },
    ]);
    await db.query('delete from log_checkpoints where tenant_id = $1', [city.id]);
    expect((await verify(city, kept)).problems).toEqual([
      {
        seq: 6,
        code: 'audit.chain_rewritten',
        params: { chain: 'audit', recorded: 6, madeAt: expect.any(String) },
        problem: expect.stringMatching(/^event 6 is not the one your checkpoint.*rewritten$/),
      },
    ]);
  });
});

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;
const denied = (error: Error) => /permission denied/.test(`${error.message} ${String(error.cause)}`);

describe('the audit trail against the application role', () => {
  it('may not write the trail, its head, seals or checkpoints directly; the append function checks the link', async () => {
    const city = await cityWithHistory();
    const asApp = (statement: string) =>
      withTenant({ db: db.db, tenantId: city.id }, (tx) => tx.execute(sql.raw(statement)));
    for (const statement of [
      `insert into audit_events (tenant_id, seq, occurred_at, actor_kind, actor_id, action, target_type, target_id, details, prev_hash, hash)
         values ('${city.id}', 7, now(), 'user', 'x', 'forged', 'tenant', 'x', '{}', 'p', 'h')`,
      `update audit_heads set seq = 1 where tenant_id = '${city.id}'`,
      `delete from audit_heads where tenant_id = '${city.id}'`,
      `update audit_events set action = 'x' where tenant_id = '${city.id}'`,
      `insert into access_log_seals (tenant_id, seq, sealed_at, row_count, rows_hash, prev_hash, through_seq, hash)
         values ('${city.id}', 1, now(), 0, 'r', 'p', 0, 'h')`,
      `insert into access_log_sealed (tenant_id, log_seq, seal_seq, row_hash) values ('${city.id}', 1, 1, 'h')`,
      `delete from access_log where tenant_id = '${city.id}'`,
      `insert into log_checkpoints values ('${city.id}', 1, now(), 0, '', 0, '', 'm')`,
    ])
      await expect(asApp(statement), statement).rejects.toSatisfy(denied);
    // Through the function, an event that does not follow the head is refused…
    const append = (seq: number, prev: string) =>
      asApp(`select shequ_audit_append('${city.id}', ${seq}, now(), 'user', 'x', 'forged', 'tenant', 'x',
               '{}', '${prev}', '${'0'.repeat(64)}')`);
    await expect(append(7, 'f'.repeat(64))).rejects.toSatisfy((error: Error) =>
      /does not follow the head/.test(`${error.message} ${String(error.cause)}`),
    );
    // …also when a temporary table of the caller's stands in for the head…
    await expect(
      withTenant({ db: db.db, tenantId: city.id }, async (tx) => {
        await tx.execute(
          sql.raw('create temp table audit_heads (tenant_id uuid, seq bigint, hash text) on commit drop'),
        );
        await tx.execute(sql.raw(`insert into audit_heads values ('${city.id}', 99, '${'f'.repeat(64)}')`));
        await tx.execute(
          sql.raw(`select shequ_audit_append('${city.id}', 100, now(), 'user', 'x', 'forged', 'tenant', 'x',
                     '{}', '${'f'.repeat(64)}', '${'0'.repeat(64)}')`),
        );
      }),
    ).rejects.toSatisfy((error: Error) =>
      /does not follow the head/.test(`${error.message} ${String(error.cause)}`),
    );
    // …and one that does follow but was not MACed with the key is reported.
    const [head] = await db.query<{ hash: string }>('select hash from audit_heads where tenant_id = $1', [
      city.id,
    ]);
    await append(7, head?.hash ?? '');
    expect((await verify(city)).problems).toEqual([
      { seq: 7, code: 'audit.contents_changed', problem: 'contents changed after it was written' },
    ]);
  });

  // A real server only: PGlite has one session, as superuser, and `reset role` always reaches it.
  it.runIf(process.env.TEST_DATABASE_URL !== undefined)(
    'connected as a login role that is only a member of shequ_app, `reset role` reaches no owner (real server)',
    async () => {
      const [owner] = await db.query<{ name: string }>('select current_user as name');
      // The deployment step (README, Neon): the app's own login role, not the owner.
      await db.query(`do $$ begin
          create role shequ_test_web login password 'web' bypassrls in role shequ_app;
        exception when duplicate_object then null; end $$`);
      const url = new URL(db.url ?? '');
      url.username = 'shequ_test_web';
      url.password = 'web';
      const handle = openNodePostgres(url.toString(), 2);
      try {
        const web = bindLogKey(handle.db, testLogKey());
        // Platform and tenant work as that role: onboarding, people, the sweep, a verify.
        const city = await cityWithHistory(web);
        await sealAllAccessLogs(web, new Date());
        expect((await verify(city)).ok).toBe(true);
        const afterReset = (statement: string) =>
          withTenant({ db: web, tenantId: city.id }, async (tx) => {
            await tx.execute(sql`reset role`);
            return tx.execute(sql.raw(statement));
          });
        const [me] = rowsOf<{ name: string }>(await afterReset('select current_user as name'));
        expect(me?.name).toBe('shequ_test_web');
        for (const statement of [
          `update audit_heads set seq = 1 where tenant_id = '${city.id}'`,
          `delete from audit_events where tenant_id = '${city.id}'`,
          `delete from access_log_seals where tenant_id = '${city.id}'`,
          `set role "${owner?.name}"`,
        ])
          await expect(afterReset(statement), statement).rejects.toSatisfy(denied);
        expect((await verify(city)).ok).toBe(true);
        // What the step closes: connected as the owner, `reset role` in a tenant transaction is the owner.
        const asOwner = await withTenant({ db: db.db, tenantId: city.id }, async (tx) => {
          await tx.execute(sql`reset role`);
          return rowsOf<{ name: string }>(await tx.execute(sql`select current_user as name`));
        });
        expect(asOwner[0]?.name).toBe(owner?.name);
      } finally {
        await handle.close();
        // Roles are the server's, not the test database's: leave none behind.
        await db.query('drop role if exists shequ_test_web').catch(() => {});
      }
    },
  );
});
