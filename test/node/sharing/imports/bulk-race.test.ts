import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../../functions/platform/db';
import { withTenant } from '../../../../functions/platform/db';
import type { TenantRow } from '../../../../functions/platform/tenancy';
import { bulkPush } from '../../../../functions/sharing/imports/bulk.service';
import { pushFacet } from '../../../../functions/sharing/registry/facets.service';
import { registerResident } from '../../../../functions/sharing/registry/residents.service';
import { createTestDatabase, type TestDatabase } from '../../../support/database';
import { DATA_KEY } from '../../../support/fixtures';
import { cityWithGrids, platform, unitId } from '../../../support/identity';
import { idNumberFor } from '../../../support/sharing';

/**
 * A bulk chunk inserts the facets it did not find and updates the ones it locked. A facet another
 * transaction inserts in between makes the chunk's insert fail (unique violation); the chunk is
 * then run again and updates it. Concurrency needs a real server (PGlite runs one transaction at a
 * time), so this file runs when TEST_DATABASE_URL is set.
 */
let db: TestDatabase;
let city: TenantRow;
let residentId: string;
const idNumber = idNumberFor('1972-04-05', 621);
beforeAll(async () => {
  db = await createTestDatabase();
  city = await cityWithGrids(db.db);
  const ctx = { db: db.db, tenant: city, actor: platform, now: () => new Date(), dataKey: DATA_KEY };
  residentId = (
    await registerResident(ctx, {
      idNumber,
      name: '批量竞争',
      addressUnitId: await unitId(db.db, city.id, 'east-c1-g1'),
    })
  ).id;
});
afterAll(async () => db.close());

describe.runIf(process.env.TEST_DATABASE_URL)(
  'bulk push against a concurrent first write (real PostgreSQL)',
  () => {
    it('a facet inserted while the chunk runs: the chunk runs again and updates it; nothing lost', async () => {
      const ctx = { db: db.db, tenant: city, actor: platform, now: () => new Date(), dataKey: DATA_KEY };
      let open: () => void = () => {};
      const applied = new Promise<void>((resolve) => {
        open = resolve;
      });
      let release: () => void = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      // A single push has written the resident's first facet in this domain, not committed yet.
      const single = withTenant({ db: db.db, tenantId: city.id }, async (tx) => {
        const result = await pushFacet(
          { ...ctx, db: tx as unknown as Database },
          residentId,
          'community_basics',
          { data: { occupation: '教师' }, sourceSystem: 'single' },
          {},
        );
        open();
        await released;
        return result;
      });
      await applied;
      // The bulk line does not see it (uncommitted), plans an insert, and waits on the key.
      const line = JSON.stringify({ idNumber, domain: 'community_basics', data: { residence_type: '户籍' } });
      const bulk = bulkPush(
        ctx,
        { format: 'ndjson', chunkSize: 10, sourceSystem: 'bulk' },
        new Blob([`${line}\n`]).stream(),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      release();
      const [first, job] = await Promise.all([single, bulk]);
      expect(first.body.version).toBe(1);
      expect(job).toMatchObject({ status: 'completed', linesApplied: 1, linesFailed: 0 }); // was a 500
      const [facet] = await db.query<{ data: Record<string, unknown>; version: number }>(
        `select f.data, f.version from facets f join data_domains d on d.id = f.domain_id
        where f.resident_id = $1 and d.key = 'community_basics'`,
        [residentId],
      );
      expect(facet).toEqual({ data: { occupation: '教师', residence_type: '户籍' }, version: 2 });
      const events = await db.query<{ fields: string[]; version: number }>(
        'select fields, version from change_events where resident_id = $1 and domain_key = $2 order by seq',
        [residentId, 'community_basics'],
      );
      expect(events).toEqual([
        { fields: ['community_basics.occupation'], version: 1 },
        { fields: ['community_basics.residence_type'], version: 2 },
      ]);
    });

    it('chunks in flight together: a facet the first chunk creates and the next one changes ends right, in order', async () => {
      const ctx = { db: db.db, tenant: city, actor: platform, now: () => new Date(), dataKey: DATA_KEY };
      const other = idNumberFor('1973-05-06', 631);
      await registerResident(ctx, {
        idNumber: other,
        name: '批量竞争二',
        addressUnitId: await unitId(db.db, city.id, 'east-c1-g1'),
      });
      // Chunks of two: the second chunk starts while the first has written (not committed) its facets,
      // so its own insert of the same facet waits, fails, and the chunk runs again as an update.
      const lines = [
        { idNumber, domain: 'employment', data: { employment_status: 'unemployed' } },
        { idNumber: other, domain: 'employment', data: { employment_status: 'employed' } },
        { idNumber, domain: 'employment', data: { unemployment_registered: true } },
        { idNumber: other, domain: 'employment', data: { unemployment_registered: false } },
      ].map((line) => JSON.stringify(line));
      const job = await bulkPush(
        ctx,
        { format: 'ndjson', chunkSize: 2, sourceSystem: 'bulk' },
        new Blob([`${lines.join('\n')}\n`]).stream(),
      );
      expect(job).toMatchObject({
        status: 'completed',
        linesApplied: 4,
        chunksCommitted: 2,
        committedThroughLine: 4,
      });
      const [facet] = await db.query<{ data: Record<string, unknown>; version: number }>(
        `select f.data, f.version from facets f join data_domains d on d.id = f.domain_id
        where f.resident_id = $1 and d.key = 'employment'`,
        [residentId],
      );
      expect(facet).toEqual({
        data: { employment_status: 'unemployed', unemployment_registered: true },
        version: 2,
      });
      const events = await db.query<{ fields: string[]; version: number }>(
        'select fields, version from change_events where resident_id = $1 and domain_key = $2 order by seq',
        [residentId, 'employment'],
      );
      expect(events).toEqual([
        { fields: ['employment.employment_status'], version: 1 },
        { fields: ['employment.unemployment_registered'], version: 2 },
      ]);
    });

    it('two resumes of one stopped job at once, each on its own connection: one goes on, the other is refused; every line applied once', async () => {
      const ctx = { db: db.db, tenant: city, actor: platform, now: () => new Date(), dataKey: DATA_KEY };
      const later = { ...ctx, now: () => new Date(Date.now() + 10 * 60_000) };
      for (let round = 0; round < 5; round++) {
        // Eight lines, each a new care level for the one resident: a line applied twice is an extra event.
        const lines = Array.from({ length: 8 }, (_, n) =>
          JSON.stringify({ idNumber, domain: 'elderly', data: { care_level: `r${round}-${n + 1}` } }),
        );
        let controller!: ReadableStreamDefaultController<Uint8Array>;
        const stream = new ReadableStream<Uint8Array>({
          start(c) {
            controller = c;
          },
        });
        const jobId = crypto.randomUUID();
        const first = bulkPush(ctx, { format: 'ndjson', chunkSize: 2, sourceSystem: 'bulk', jobId }, stream);
        controller.enqueue(new TextEncoder().encode(`${lines.slice(0, 4).join('\n')}\n`));
        for (let i = 0; i < 200; i++) {
          const [row] = await db.query<{ n: number }>(
            'select committed_through_line as n from import_jobs where id = $1',
            [jobId],
          );
          if (row?.n === 4) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        // Odd rounds: the upload broke (interrupted). Even rounds: the worker went silent and its
        // lease lapsed (it is still "running"); the resumes come ten minutes later.
        if (round % 2 === 1) {
          controller.error(new Error('connection reset'));
          await first.catch(() => {});
        }
        const whole = () => new Blob([`${lines.join('\n')}\n`]).stream();
        const resume = { format: 'ndjson' as const, chunkSize: 2, sourceSystem: 'bulk', resumeJobId: jobId };
        const results = await Promise.allSettled([
          bulkPush(later, resume, whole()),
          bulkPush(later, resume, whole()),
        ]);
        expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
        expect(results.find((result) => result.status === 'rejected')).toMatchObject({
          reason: { status: 409, code: 'import.already_resumed' },
        });
        if (round % 2 === 0) {
          // The silent worker wakes and sends the rest: fenced off, it applies nothing.
          controller.enqueue(new TextEncoder().encode(`${lines.slice(4).join('\n')}\n`));
          controller.close();
          await expect(first).rejects.toMatchObject({ code: 'import.taken_over' });
        }
        const events = await db.query<{ version: number }>(
          `select version from change_events where resident_id = $1 and domain_key = 'elderly' order by seq`,
          [residentId],
        );
        expect(events.map((event) => event.version)).toEqual(
          Array.from({ length: 8 * (round + 1) }, (_, i) => i + 1),
        );
        const [facet] = await db.query<{ data: Record<string, unknown> }>(
          `select f.data from facets f join data_domains d on d.id = f.domain_id where f.resident_id = $1 and d.key = 'elderly'`,
          [residentId],
        );
        expect(facet?.data).toEqual({ care_level: `r${round}-8` });
      }
    });
  },
);
