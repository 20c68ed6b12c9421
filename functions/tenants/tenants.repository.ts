import { asc, eq } from 'drizzle-orm';
import { tenants } from '../../schema';
import type { Executor } from '../platform/db';
import { pgCodes, pgErrorCode } from '../platform/errors';
import type { TenantRow } from '../platform/tenancy';
import { tenantErrors } from './tenants.errors';

export async function listTenants(db: Executor): Promise<TenantRow[]> {
  return db.select().from(tenants).orderBy(asc(tenants.slug));
}

/** Every city's slug and names, without the rest of its row (the structure document among it). */
export async function listTenantNames(db: Executor) {
  return db
    .select({ slug: tenants.slug, nameZh: tenants.nameZh, nameEn: tenants.nameEn })
    .from(tenants)
    .orderBy(asc(tenants.slug));
}
export type TenantNames = Awaited<ReturnType<typeof listTenantNames>>;

export async function insertTenant(db: Executor, row: typeof tenants.$inferInsert): Promise<TenantRow> {
  try {
    const [inserted] = await db.insert(tenants).values(row).returning();
    if (!inserted) throw new Error('insert returned no row');
    return inserted;
  } catch (error) {
    if (pgErrorCode(error) === pgCodes.uniqueViolation) throw tenantErrors.slugTaken(row.slug);
    throw error;
  }
}

export async function findTenantById(db: Executor, id: string): Promise<TenantRow | undefined> {
  const [row] = await db.select().from(tenants).where(eq(tenants.id, id)).limit(1);
  return row;
}
