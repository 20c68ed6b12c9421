import { sql } from 'drizzle-orm';
import { index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantPolicy } from './columns';
import { orgUnits } from './org-units';
import { tenants } from './tenants';

/**
 * People who administer or work in a tenant. Sign-in (passwords, sessions) arrives with the
 * identity capability; onboarding already records the first city administrator as `invited`.
 */
export const users = pgTable(
  'users',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    status: text('status', { enum: ['invited', 'active', 'disabled'] })
      .notNull()
      .default('invited'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_tenant_email').on(t.tenantId, sql`lower(${t.email})`), tenantPolicy('users')],
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
    createdAt: createdAt(),
  },
  (t) => [index('role_grants_user').on(t.tenantId, t.userId), tenantPolicy('role_grants')],
);
