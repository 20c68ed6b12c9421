import { and, eq } from 'drizzle-orm';
import type { Principal } from '../../functions/auth/principal';
import type { TenantRole } from '../../functions/auth/roles';
import { createUser } from '../../functions/identity/users.service';
import { onboardTenant } from '../../functions/onboarding/onboarding.service';
import type { Database } from '../../functions/platform/db';
import type { TenantRow } from '../../functions/platform/tenancy';
import { orgUnits } from '../../schema';
import { smallCity } from './fixtures';

export const platform: Principal = { kind: 'platform', id: 'test-platform' };
export const GOOD_PASSWORD = 'Zhiliang-Mima-2026!';

export async function unitId(db: Database, tenantId: string, code: string): Promise<string> {
  const [row] = await db
    .select({ id: orgUnits.id })
    .from(orgUnits)
    .where(and(eq(orgUnits.tenantId, tenantId), eq(orgUnits.code, code)));
  if (!row) throw new Error(`no unit ${code}`);
  return row.id;
}

/** A small city with two grids in east-c1 and one in west-c1 (grids are added after onboarding). */
export async function cityWithGrids(db: Database): Promise<TenantRow> {
  const doc = smallCity();
  doc.units.push(
    {
      code: 'east-c1-g1',
      level: 'grid',
      parent: 'east-c1',
      validFrom: '2011-01-01',
      name: { zh: '东一网格1', en: 'Grid E1-1' },
    },
    {
      code: 'east-c1-g2',
      level: 'grid',
      parent: 'east-c1',
      validFrom: '2011-01-01',
      name: { zh: '东一网格2', en: 'Grid E1-2' },
    },
    {
      code: 'west-c1-g1',
      level: 'grid',
      parent: 'west-c1',
      validFrom: '2011-01-01',
      name: { zh: '西一网格1', en: 'Grid W1-1' },
    },
  );
  // Grids hang under communities the reform opens, so onboard the reform first, then add them.
  const grids = doc.units.splice(6);
  const { tenant } = await onboardTenant({ db }, doc);
  const { createOrgUnit } = await import('../../functions/tenants/tenants.service');
  for (const grid of grids) {
    await createOrgUnit(
      { db, tenant, actor: platform, now: () => new Date() },
      { ...grid, sample: false, attributes: {} },
    );
  }
  return tenant;
}

let counter = 0;
/** A person with one role on one unit (by code) and a good password. */
export async function person(db: Database, tenant: TenantRow, role: TenantRole, code: string) {
  counter += 1;
  const email = `${role}-${counter}@${tenant.slug}.example.org`;
  const { user } = await createUser(
    { db, tenant, actor: platform, now: () => new Date() },
    {
      email,
      displayName: `${role} ${counter}`,
      password: GOOD_PASSWORD,
      roles: [{ role, orgUnitId: await unitId(db, tenant.id, code) }],
    },
  );
  return { user, email, password: GOOD_PASSWORD };
}
