import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { onboardTenant } from '../../../functions/onboarding/onboarding.service';
import { PREPARED, withTenant } from '../../../functions/platform/db';
import { openNodePostgres } from '../../../functions/platform/drivers/node-postgres';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { smallCity } from '../../support/fixtures';

/**
 * `withTenant` on a pooled server connection sends `begin` together with its role-and-tenant
 * statement: one round trip fewer per transaction, same transaction semantics.
 */
let db: TestDatabase;
let handle: ReturnType<typeof openNodePostgres>;
let tenantId: string;
beforeAll(async () => {
  db = await createTestDatabase();
  tenantId = (await onboardTenant({ db: db.db }, smallCity())).tenant.id;
  handle = openNodePostgres(db.url ?? '', 2);
});
afterAll(async () => {
  await handle?.close();
  await db.close();
});

const rows = (result: unknown) => (result as { rows: Record<string, unknown>[] }).rows;

describe.runIf(process.env.TEST_DATABASE_URL)(
  'begin travels with the first statement (real PostgreSQL)',
  () => {
    it('a tenant transaction of one statement is three round trips, not four', async () => {
      const sent = vi.spyOn(pg.Client.prototype, 'query');
      try {
        const seen = await withTenant({ db: handle.db, tenantId }, async (tx) =>
          rows(
            await tx.execute(
              sql`select current_user as role, current_setting('app.tenant_id') as tenant, now() = statement_timestamp() as fresh`,
            ),
          ),
        );
        expect(seen).toEqual([{ role: 'shequ_app', tenant: tenantId, fresh: false }]); // inside a transaction
        const texts = sent.mock.calls.map(([config]) =>
          typeof config === 'string' ? config : (config as { text: string }).text,
        );
        expect(texts.filter((text) => !/^select 1$/.test(text))).toEqual([
          expect.stringMatching(/^begin;select set_config\('role', 'shequ_app', true\)/),
          expect.stringMatching(/^select current_user/),
          'commit',
        ]);
      } finally {
        sent.mockRestore();
      }
    });

    it('names a PREPARED statement sent outside a transaction too, so the server parses it once per connection', async () => {
      // One connection, so the session asked below is the one that ran the statements.
      const single = openNodePostgres(db.url ?? '', 1);
      try {
        for (const n of [1, 2]) {
          // Through the pool's own query (a callback to the client), as the pull statement goes.
          const result = await single.db.execute(sql`${sql.raw(PREPARED)} select ${n}::int as n`);
          expect(rows(result)).toEqual([{ n }]);
        }
        // Before: the pool's callback form passed it on unnamed, parsed and planned on every call.
        const prepared = await single.pool.query(
          `select name from pg_prepared_statements where statement like '${PREPARED}%'`,
        );
        expect(prepared.rows).toEqual([{ name: expect.stringMatching(/^shq_[0-9a-f]{24}$/) }]);
      } finally {
        await single.close();
      }
    });

    it('still rolls back as a whole, and the connection is clean for the next transaction', async () => {
      await expect(
        withTenant({ db: handle.db, tenantId }, async (tx) => {
          await tx.execute(
            sql`insert into sequence_heads (tenant_id, name, value) values (${tenantId}, 'probe', 1)`,
          );
          throw new Error('stop');
        }),
      ).rejects.toThrow('stop');
      expect(await db.query('select * from sequence_heads where name = $1', ['probe'])).toEqual([]);
      const after = await handle.pool.query(
        `select current_setting('app.tenant_id', true) as t, current_user as u`,
      );
      expect(after.rows[0]).toMatchObject({ t: expect.not.stringMatching(tenantId), u: 'postgres' });
    });
  },
);
