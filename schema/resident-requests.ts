import {
  doublePrecision,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { cases } from './cases';
import { createdAt, id, tenantPolicy } from './columns';
import { apiClients } from './departments';
import { tenants } from './tenants';

/**
 * A resident's report (Open311 `POST requests`, or the report form on the city's site): the case it
 * became, and what only the reporter holds. `token_hash` is the SHA-256 of the token handed to the
 * reporter (Open311's `token`; it also opens the satisfaction link). The contact is personal data:
 * sealed with the data key (AES-256-GCM), never shown on a public page or in an Open311 answer.
 */
export const residentRequests = pgTable(
  'resident_requests',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    /** `v1.<iv>.<sealed>` (platform/crypto), or null when no contact was given. */
    contactSealed: text('contact_sealed'),
    /** The app that posted on the resident's behalf (its API key), if any. */
    apiClientId: uuid('api_client_id').references(() => apiClients.id),
    lat: doublePrecision('lat'),
    long: doublePrecision('long'),
    /** How the resident's satisfaction ended: `satisfied` is final. */
    satisfiedAt: timestamp('satisfied_at', { withTimezone: true }),
    reopened: integer('reopened').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('resident_requests_case').on(t.caseId),
    uniqueIndex('resident_requests_token').on(t.tokenHash),
    index('resident_requests_tenant').on(t.tenantId, t.createdAt),
    tenantPolicy('resident_requests'),
  ],
);

/**
 * Reports accepted per address per hour (keys are SHA-256 of city and address): only accepted
 * reports count, in their own transaction, so a refused one writes nothing.
 */
export const reportThrottles = pgTable('report_throttles', {
  key: text('key').primaryKey(),
  count: integer('count').notNull().default(0),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
});
