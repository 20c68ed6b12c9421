import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantPolicy } from './columns';
import { tenants } from './tenants';

/** A department (条): a vertical line such as 民政 or 公安, seeded from the structure template. */
export const departments = pgTable(
  'departments',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    createdAt: createdAt(),
  },
  (t) => [unique('departments_tenant_key').on(t.tenantId, t.key), tenantPolicy('departments')],
);

/** A system a department runs that calls the API (its silo system, its data exchange). */
export const apiClients = pgTable(
  'api_clients',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    departmentId: uuid('department_id')
      .notNull()
      .references(() => departments.id),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [unique('api_clients_tenant_name').on(t.tenantId, t.name), tenantPolicy('api_clients')],
);

/**
 * An API key: shown once, stored as a SHA-256 hash, found by its public prefix. Keys are looked up
 * before the tenant is known, so lookups run as the owner role.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    clientId: uuid('client_id')
      .notNull()
      .references(() => apiClients.id, { onDelete: 'cascade' }),
    prefix: text('prefix').notNull().unique(),
    secretHash: text('secret_hash').notNull(),
    scopes: text('scopes').array().notNull().default(sql`'{}'::text[]`),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    /** The key this one replaced by rotation, if any. */
    rotatedFromId: uuid('rotated_from_id'),
    createdAt: createdAt(),
  },
  (t) => [index('api_keys_client').on(t.tenantId, t.clientId), tenantPolicy('api_keys')],
);
