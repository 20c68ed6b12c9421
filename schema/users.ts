import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  pgPolicy,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { appRole, createdAt, currentTenant, id, tenantPolicy } from './columns';
import { departments } from './departments';
import { orgUnits } from './org-units';
import { tenants } from './tenants';

/**
 * People. A tenant user belongs to one city; a platform administrator belongs to none
 * (`tenant_id` null) and is only ever read as the owner role, outside tenant transactions.
 */
export const users = pgTable(
  'users',
  {
    id: id(),
    tenantId: uuid('tenant_id').references(() => tenants.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    phone: text('phone'),
    displayName: text('display_name').notNull(),
    status: text('status', { enum: ['invited', 'active', 'disabled'] })
      .notNull()
      .default('invited'),
    /** `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>`; null until a password is set. */
    passwordHash: text('password_hash'),
    /** TOTP key, encrypted with the data key; null when the second factor is off. */
    totpKeyEncrypted: text('totp_key_encrypted'),
    totpEnabled: boolean('totp_enabled').notNull().default(false),
    /** A key being enrolled; it replaces the active one only when a code from it is confirmed. */
    totpPendingEncrypted: text('totp_pending_encrypted'),
    isPlatformAdministrator: boolean('is_platform_administrator').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('users_tenant_email').on(
      sql`coalesce(${t.tenantId}, '00000000-0000-0000-0000-000000000000')`,
      sql`lower(${t.email})`,
    ),
    uniqueIndex('users_tenant_phone')
      .on(sql`coalesce(${t.tenantId}, '00000000-0000-0000-0000-000000000000')`, t.phone)
      .where(sql`${t.phone} is not null`),
    tenantPolicy('users'),
  ],
);

/** A role held over an org unit's subtree. */
export const roleGrants = pgTable(
  'role_grants',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    orgUnitId: uuid('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    /** The department a department officer works for (cases dispatched to it reach them); null for other roles. */
    departmentId: uuid('department_id').references(() => departments.id),
    createdAt: createdAt(),
  },
  (t) => [index('role_grants_user').on(t.tenantId, t.userId), tenantPolicy('role_grants')],
);

/**
 * Sessions as Lucia describes them: the client holds a random token, we store only its SHA-256.
 * Sessions are looked up before the tenant is known, so they are read as the owner role.
 */
export const sessions = pgTable(
  'sessions',
  {
    /** Hex SHA-256 of the session token. */
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tenantId: uuid('tenant_id').references(() => tenants.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    secondFactorVerified: boolean('second_factor_verified').notNull().default(false),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
  },
  (t) => [
    index('sessions_user').on(t.userId),
    pgPolicy('sessions_tenant_isolation', {
      as: 'permissive',
      for: 'all',
      to: appRole,
      using: sql`${t.tenantId} = ${currentTenant}`,
      withCheck: sql`${t.tenantId} = ${currentTenant}`,
    }),
  ],
);

/** Failed sign-ins per account and per address, for throttling. */
export const signInThrottles = pgTable('sign_in_throttles', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
});
