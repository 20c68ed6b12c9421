import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../../../functions/platform/db';
import type { TenantRow } from '../../../../functions/platform/tenancy';
import { emitChange } from '../../../../functions/sharing/ledger';
import { pushFacet } from '../../../../functions/sharing/registry/facets.service';
import { registerResident } from '../../../../functions/sharing/registry/residents.service';
import { createTestDatabase, type TestDatabase } from '../../../support/database';
import { DATA_KEY } from '../../../support/fixtures';
import { cityWithGrids, platform, unitId } from '../../../support/identity';
import { idNumberFor } from '../../../support/sharing';

/**
 * Invariant 5: the change feed's order is commit order, so a reader paging by sequence never
 * skips an event. Concurrency needs a real server (PGlite runs one transaction at a time), so
 * this file runs when TEST_DATABASE_URL is set, as CI does.
 */
let db: TestDatabase;
let city: TenantRow;
beforeAll(async () => {
  db = await createTestDatabase();
  city = await cityWithGrids(db.db);
});
afterAll(async () => db.close());

const latch = () => {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
};

async function pageAll(after: number): Promise<number[]> {
  const rows = await db.query<{ seq: string }>(
    'select seq from change_events where tenant_id = $1 and seq > $2 order by seq',
    [city.id, after],
  );
  return rows.map((row) => Number(row.seq));
}

describe.runIf(process.env.TEST_DATABASE_URL)('feed order under concurrency (real PostgreSQL)', () => {
  it('shows the hazard: with a plain sequence, a reader paging by number skips an event', async () => {
    const first = new pg.Client({ connectionString: db.url });
    const second = new pg.Client({ connectionString: db.url });
    await first.connect();
    await second.connect();
    try {
      await first.query('create table naive_feed (seq bigserial primary key, note text)');
      await first.query('begin');
      await first.query(`insert into naive_feed (note) values ('slow writer')`); // takes 1, stays open
      await second.query(`insert into naive_feed (note) values ('fast writer')`); // takes 2, commits
      const page = await db.query<{ seq: string }>('select seq from naive_feed where seq > 0 order by seq');
      const cursor = Math.max(...page.map((row) => Number(row.seq)));
      await first.query('commit');
      const next = await db.query<{ seq: string }>('select seq from naive_feed where seq > $1 order by seq', [
        cursor,
      ]);
      const seen = [...page, ...next].map((row) => Number(row.seq));
      expect(seen).toEqual([2]); // event 1 was committed after the reader passed it: lost to this reader
    } finally {
      await first.end();
      await second.end();
    }
  });

  it('our sequence makes a later writer wait, so numbers follow commit order', async () => {
    const before = (await pageAll(0)).at(-1) ?? 0;
    const residentId =
      (await db.query<{ id: string }>('select id from org_units where tenant_id = $1 limit 1', [city.id]))[0]
        ?.id ?? '';
    const holding = latch();
    const emitted = latch();
    const slow = withTenant({ db: db.db, tenantId: city.id }, async (tx) => {
      const seq = await emitChange(
        tx,
        city.id,
        { residentId, domainKey: 'person', fields: ['person.name'], kind: 'facet.updated', version: 1 },
        new Date(),
      );
      emitted.open();
      await holding.opened;
      return seq;
    });
    await emitted.opened;
    let fastDone = false;
    const fast = withTenant({ db: db.db, tenantId: city.id }, (tx) =>
      emitChange(
        tx,
        city.id,
        { residentId, domainKey: 'person', fields: ['person.name'], kind: 'facet.updated', version: 2 },
        new Date(),
      ),
    ).then((seq) => {
      fastDone = true;
      return seq;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fastDone).toBe(false); // it cannot commit a number while a lower one is uncommitted
    expect(await pageAll(before)).toEqual([]);
    holding.open();
    const [slowSeq, fastSeq] = await Promise.all([slow, fast]);
    expect(fastSeq).toBe(slowSeq + 1);
    expect(await pageAll(before)).toEqual([slowSeq, fastSeq]);
  });

  it('a reader paging during concurrent pushes sees every event exactly once, in order', async () => {
    const ctx = { db: db.db, tenant: city, actor: platform, now: () => new Date(), dataKey: DATA_KEY };
    const grid = await unitId(db.db, city.id, 'east-c1-g1');
    const residents: string[] = [];
    for (let i = 0; i < 8; i++) {
      residents.push(
        (
          await registerResident(ctx, {
            idNumber: idNumberFor('1970-01-01', 500 + i),
            name: `并发${i}`,
            addressUnitId: grid,
          })
        ).id,
      );
    }
    let cursor = (await pageAll(0)).at(-1) ?? 0;
    const start = cursor;
    const seen: number[] = [];
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const page = await pageAll(cursor);
        seen.push(...page);
        cursor = page.at(-1) ?? cursor;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    await Promise.all(
      residents.map(async (residentId, writer) => {
        for (let n = 0; n < 15; n++) {
          await pushFacet(
            ctx,
            residentId,
            'community_basics',
            { data: { household_size: n + 1 }, sourceSystem: `writer-${writer}` },
            {},
          );
        }
      }),
    );
    writing = false;
    await reader;
    seen.push(...(await pageAll(cursor)));
    const expected = Array.from({ length: 8 * 15 }, (_, i) => start + i + 1);
    expect(seen).toEqual(expected);
  });
});
