import { eq, sql } from 'drizzle-orm';
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
  const [head] = await db
    .select({ id: tenants.id, stamp: tenantStamp })
    .from(tenants)
    .where(eq(tenants.slug, slug))
    .limit(1);
  return head ? tenantAtStamp(db, head.id, head.stamp) : undefined;
}

/** The city a path or credential names, or 404 `tenant.not_found`. */
export async function resolveTenant(db: Executor, slug: string): Promise<TenantRow> {
  const tenant = await findTenantBySlug(db, slug);
  if (!tenant) throw tenantNotFound();
  return tenant;
}

/**
 * A tenant row's version: PostgreSQL's `xmin` of the row, which changes with every update of it,
 * whatever the column. Select it beside a tenant's id to use `tenantAtStamp`.
 */
export const tenantStamp = sql<string>`${tenants}.xmin::text`;

/** Whether the current transaction wrote this version of the row (xmin is the 32-bit transaction id). */
const writtenHere = sql<boolean>`coalesce(${tenants}.xmin::text = (pg_current_xact_id_if_assigned()::text::numeric % 4294967296)::text, false)`;

const kept = new Map<string, { stamp: string; tenant: TenantRow }>();
const KEPT_ROWS = 64;

/**
 * The tenant row with this id at this version, from this isolate's memory when it has it. The row
 * is about 11 KB with its structure document: parsing it on every request (every request that names
 * a city) cost more than the rest of a cached page. A changed row has a new stamp, so it is read
 * again at once. A row the current transaction wrote is not kept: a second update in the same
 * transaction keeps its `xmin`, and a version that never commits must not be served. The row is
 * shared by concurrent requests: read it, never change it in place.
 */
export async function tenantAtStamp(db: Executor, id: string, stamp: string): Promise<TenantRow | undefined> {
  const known = kept.get(id);
  if (known?.stamp === stamp) return known.tenant;
  const [row] = await db
    .select({ tenant: tenants, stamp: tenantStamp, ours: writtenHere })
    .from(tenants)
    .where(eq(tenants.id, id));
  if (!row) return undefined;
  if (!row.ours) {
    if (kept.size >= KEPT_ROWS) kept.clear();
    kept.set(id, { stamp: row.stamp, tenant: row.tenant });
  }
  return row.tenant;
}
