import { sql } from 'drizzle-orm';
import { pgPolicy, pgRole, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The role tenant work runs as (`SET LOCAL ROLE shequ_app` inside `withTenant`). It is created by
 * the first migration, has no BYPASSRLS, and so every policy below applies to it.
 */
export const appRole = pgRole('shequ_app').existing();

/** The tenant the current transaction works for; NULL outside `withTenant`, which matches no row. */
export const currentTenant = sql`nullif(current_setting('app.tenant_id', true), '')::uuid`;

export const id = () => uuid('id').primaryKey().defaultRandom();

export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** Row-level security for a tenant-owned table: the application role sees and writes only its tenant. */
export const tenantPolicy = (table: string, column = 'tenant_id') =>
  pgPolicy(`${table}_tenant_isolation`, {
    as: 'permissive',
    for: 'all',
    to: appRole,
    using: sql`${sql.identifier(column)} = ${currentTenant}`,
    withCheck: sql`${sql.identifier(column)} = ${currentTenant}`,
  });
