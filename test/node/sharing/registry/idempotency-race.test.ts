import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../../functions/platform/db';
import { withTenant } from '../../../../functions/platform/db';
import type { TenantRow } from '../../../../functions/platform/tenancy';
import { pushFacet } from '../../../../functions/sharing/registry/facets.service';
import { registerResident } from '../../../../functions/sharing/registry/residents.service';
import { createTestDatabase, type TestDatabase } from '../../../support/database';
import { DATA_KEY } from '../../../support/fixtures';
import { cityWithGrids, platform, unitId } from '../../../support/identity';
import { idNumberFor } from '../../../support/sharing';

/**
 * Two first uses of one Idempotency-Key at the same time. Concurrency needs a real server
 * (PGlite runs one transaction at a time), so this file runs when TEST_DATABASE_URL is set.
 */
let db: TestDatabase;
let city: TenantRow;
let residentId: string;
beforeAll(async () => {
  db = await createTestDatabase();
  city = await cityWithGrids(db.db);
  const ctx = { db: db.db, tenant: city, actor: platform, now: () => new Date(), dataKey: DATA_KEY };
  residentId = (
    await registerResident(ctx, {
      idNumber: idNumberFor('1971-02-03', 611),
      name: '幂等',
      addressUnitId: await unitId(db.db, city.id, 'east-c1-g1'),
    })
  ).id;
});
afterAll(async () => db.close());

const latch = () => {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
};

describe.runIf(process.env.TEST_DATABASE_URL)('Idempotency-Key first-use race (real PostgreSQL)', () => {
  it('the second first use waits for the first and answers with its response; applied once', async () => {
    const key = 'race-0001';
    const push = (ctx: { db: Database }) =>
      pushFacet(
        { ...ctx, tenant: city, actor: platform, now: () => new Date(), dataKey: DATA_KEY },
        residentId,
        'community_basics',
        { data: { occupation: '第一次' }, sourceSystem: 'race' },
        { idempotencyKey: key },
      );
    const applied = latch();
    const release = latch();
    // The first use has applied the push and recorded the key, but not committed yet.
    const first = withTenant({ db: db.db, tenantId: city.id }, async (tx) => {
      const result = await push({ db: tx as unknown as Database });
      applied.open();
      await release.opened;
      return result;
    });
    await applied.opened;
    let secondSettled = false;
    const second = push({ db: db.db }).finally(() => {
      secondSettled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(secondSettled).toBe(false); // it waits for the first use rather than racing it
    release.open();
    const [a, b] = await Promise.all([first, second]);
    expect(a.replayed).toBe(false);
    expect(b.replayed).toBe(true); // without the key lock this was a unique violation: a 500
    expect(b.status).toBe(a.status);
    expect(b.body).toEqual(a.body);
    const facets = await db.query<{ version: number }>(
      `select f.version from facets f join data_domains d on d.id = f.domain_id
        where f.resident_id = $1 and d.key = 'community_basics'`,
      [residentId],
    );
    expect(facets.map((row) => row.version)).toEqual([1]);
    const events = await db.query(
      'select seq from change_events where resident_id = $1 and domain_key = $2',
      [residentId, 'community_basics'],
    );
    expect(events).toHaveLength(1);
  });

  it('many simultaneous first uses: exactly one applies, every other one replays its answer', async () => {
    const ctx = { db: db.db, tenant: city, actor: platform, now: () => new Date(), dataKey: DATA_KEY };
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        pushFacet(
          ctx,
          residentId,
          'community_basics',
          { data: { occupation: '并发' }, sourceSystem: 'race' },
          { idempotencyKey: 'race-0002' },
        ),
      ),
    );
    expect(results.filter((result) => !result.replayed)).toHaveLength(1);
    for (const result of results) expect(result.body).toEqual(results[0]?.body);
    expect(results[0]?.body.version).toBe(2);
  });
});
