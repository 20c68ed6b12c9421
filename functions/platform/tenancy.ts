import { eq } from 'drizzle-orm';
import { tenants } from '../../schema';
import type { Executor } from './db';
import { errors } from './errors';
import { PATTERNS } from './patterns';

/** A city: the tenant every verb takes explicitly. */
export type TenantRow = typeof tenants.$inferSelect;

export const tenantNotFound = () => errors.notFound('tenant.not_found');
/** A unit id outside the caller's city answers exactly as an unknown one does. */
export const orgUnitNotFound = () => errors.notFound('org_unit.not_found');

/** Whether a text can be a city's slug (`PATTERNS.slug`); anything else names no city and never reaches the database. */
export const isTenantSlug = (value: string): boolean => PATTERNS.slug.test(value);

/** Tenant lookups are platform-level: they run before a tenant is known (the guard runs before validation). */
export async function findTenantBySlug(db: Executor, slug: string): Promise<TenantRow | undefined> {
  if (!isTenantSlug(slug)) return undefined;
  const [row] = await db.select().from(tenants).where(eq(tenants.slug, slug)).limit(1);
  return row;
}

/** The city a path or credential names, or 404 `tenant.not_found`. */
export async function resolveTenant(db: Executor, slug: string): Promise<TenantRow> {
  const tenant = await findTenantBySlug(db, slug);
  if (!tenant) throw tenantNotFound();
  return tenant;
}
