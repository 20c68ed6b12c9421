import { eq, sql } from 'drizzle-orm';
import { tenants } from '../../schema';
import { recordAudit } from '../audit/audit.service';
import { authorize } from '../auth/authorize';
import type { ServiceContext } from '../auth/context';
import { type Executor, withTenant } from '../platform/db';
import { findTenantBySlug } from '../platform/tenancy';

/**
 * The web origins a city lets call its API from a browser (CORS): its own portal, a department's
 * web app. Kept in the city's `settings.allowedOrigins`; an origin is a scheme, host and port only.
 */
export const ORIGIN_PATTERN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/;

export function originsOf(settings: Record<string, unknown>): string[] {
  const value = settings.allowedOrigins;
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * The allowed origins of the city a path names (a browser asks before every cross-origin call): the
 * tenant row comes from memory by its version (`findTenantBySlug`). A slug that names no city has none.
 */
export async function allowedOriginsForSlug(db: Executor, slug: string): Promise<string[]> {
  return originsOf((await findTenantBySlug(db, slug))?.settings ?? {});
}

export async function readAllowedOrigins(ctx: ServiceContext): Promise<string[]> {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'api_keys.manage', { tenantId: ctx.tenant.id });
    const [row] = await tx
      .select({ settings: tenants.settings })
      .from(tenants)
      .where(eq(tenants.id, ctx.tenant.id));
    return originsOf(row?.settings ?? {});
  });
}

/** Replaces the city's allowed origins (deduplicated, lower-cased), with its audit row. */
export async function replaceAllowedOrigins(ctx: ServiceContext, origins: string[]): Promise<string[]> {
  const next = [...new Set(origins.map((origin) => origin.toLowerCase()))].sort();
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'api_keys.manage', { tenantId: ctx.tenant.id });
    const [row] = await tx
      .select({ settings: tenants.settings })
      .from(tenants)
      .where(eq(tenants.id, ctx.tenant.id))
      .for('update');
    const before = originsOf(row?.settings ?? {});
    await tx
      .update(tenants)
      .set({ settings: sql`${tenants.settings} || ${JSON.stringify({ allowedOrigins: next })}::jsonb` })
      .where(eq(tenants.id, ctx.tenant.id));
    await recordAudit(
      ctx,
      tx,
      'tenant.allowed_origins.replace',
      { type: 'tenant', id: ctx.tenant.id },
      {
        before,
        after: next,
      },
    );
    return next;
  });
}
