import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onboardTenant } from '../../../functions/onboarding/onboarding.service';
import { withTenant } from '../../../functions/platform/db';
import { orgUnits } from '../../../schema';
import { body, type ErrorBody, type OrgUnitsPage, testApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { smallCity } from '../../support/fixtures';

let db: TestDatabase;
let cityA: { id: string; slug: string };
let cityB: { id: string; slug: string };

beforeAll(async () => {
  db = await createTestDatabase();
  const a = await onboardTenant({ db: db.db }, smallCity());
  const b = await onboardTenant({ db: db.db }, smallCity());
  cityA = { id: a.tenant.id, slug: a.tenant.slug };
  cityB = { id: b.tenant.id, slug: b.tenant.slug };
});
afterAll(async () => db.close());

/** A query that "forgets" its tenant filter. */
const unfilteredUnits = sql`select tenant_id from org_units`;

function rowsOf(result: unknown): { tenant_id: string }[] {
  return (result as { rows: { tenant_id: string }[] }).rows;
}

describe('tenant isolation under row-level security', () => {
  it('shows the leak it guards against: without withTenant, an unfiltered query sees every tenant', async () => {
    const tenants = new Set(rowsOf(await db.db.execute(unfilteredUnits)).map((row) => row.tenant_id));
    expect(tenants).toEqual(new Set([cityA.id, cityB.id]));
  });

  it('inside withTenant, the same unfiltered query sees only that tenant, as the application role', async () => {
    const seen = await withTenant({ db: db.db, tenantId: cityA.id }, async (tx) => {
      const role = rowsOf(await tx.execute(sql`select current_user as tenant_id`))[0]?.tenant_id;
      const rows = rowsOf(await tx.execute(unfilteredUnits));
      return { role, tenants: new Set(rows.map((row) => row.tenant_id)), count: rows.length };
    });
    expect(seen.role).toBe('shequ_app');
    expect(seen.tenants).toEqual(new Set([cityA.id]));
    expect(seen.count).toBe(10);
  });

  it('the tenant setting alone is not enough: the role switch is what makes the policy apply', async () => {
    const rows = await db.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('app.tenant_id', ${cityA.id}, true)`);
      return rowsOf(await tx.execute(unfilteredUnits));
    });
    // As the owner (superuser on PGlite) the policy is bypassed: this is why withTenant switches role.
    expect(new Set(rows.map((row) => row.tenant_id)).size).toBe(2);
  });

  it('the application role with no tenant set sees nothing', async () => {
    const rows = await db.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('role', 'shequ_app', true)`);
      return rowsOf(await tx.execute(unfilteredUnits));
    });
    expect(rows).toEqual([]);
  });

  it('refuses to write a row for another tenant from inside withTenant', async () => {
    const before = await db.query('select count(*)::int as n from org_units');
    await expect(
      withTenant({ db: db.db, tenantId: cityA.id }, async (tx) => {
        await tx.insert(orgUnits).values({
          tenantId: cityB.id,
          code: 'smuggled',
          level: 'district',
          nameZh: '越界',
          nameEn: 'Smuggled',
        });
      }),
    ).rejects.toSatisfy((error: Error) =>
      /row-level security/.test(`${error.message} ${String(error.cause)}`),
    );
    expect(await db.query('select count(*)::int as n from org_units')).toEqual(before);
  });

  it('answers 404 for an id that belongs to another tenant, without confirming it exists', async () => {
    const api = testApp(db.db);
    const unitsOfB = await body<OrgUnitsPage>(await api.get(`/v1/t/${cityB.slug}/org-units?asOf=2011-01-01`));
    const idOfB = unitsOfB.items[0]?.id;
    expect(idOfB).toBeDefined();
    expect((await api.get(`/v1/t/${cityB.slug}/org-units/${idOfB}`)).status).toBe(200);
    const crossed = await api.get(`/v1/t/${cityA.slug}/org-units/${idOfB}`);
    expect(crossed.status).toBe(404);
    expect((await body<ErrorBody>(crossed)).error.code).toBe('org_unit.not_found');
  });
});
