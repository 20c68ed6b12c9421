import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantPolicy } from './columns';
import { departments } from './departments';
import { tenants } from './tenants';

/** A department's webhook endpoint. The signing secret is kept encrypted (DATA_KEY). */
export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    departmentId: uuid('department_id')
      .notNull()
      .references(() => departments.id),
    url: text('url').notNull(),
    secretEncrypted: text('secret_encrypted').notNull(),
    status: text('status', { enum: ['active', 'disabled'] })
      .notNull()
      .default('active'),
    /** Change events up to here have been turned into deliveries (the outbox is fed from the feed). */
    fannedOutThrough: bigint('fanned_out_through', { mode: 'number' }).notNull().default(0),
    /**
     * The receiver's own backoff: consecutive attempts it was unreachable or answered 5xx, 408, 429
     * or a redirect; since when; and no attempt before `retryAt`. One department's failing receiver
     * costs one attempt per backoff step, not one per pending delivery.
     */
    failures: integer('failures').notNull().default(0),
    failingSince: timestamp('failing_since', { withTimezone: true }),
    retryAt: timestamp('retry_at', { withTimezone: true }),
    /** A sweep is sending to this receiver until then: one sender per subscription at a time. */
    leasedUntil: timestamp('leased_until', { withTimezone: true }),
    /** When a sweep last finished with it: the least recently served go first. */
    servedAt: timestamp('served_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('webhook_subscriptions_department').on(t.tenantId, t.departmentId),
    tenantPolicy('webhook_subscriptions'),
  ],
);

/** The outbox: one row per (subscription, event), retried with backoff, then dead-lettered. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => webhookSubscriptions.id, { onDelete: 'cascade' }),
    eventSeq: bigint('event_seq', { mode: 'number' }).notNull(),
    residentId: uuid('resident_id').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'dead'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    firstAttemptAt: timestamp('first_attempt_at', { withTimezone: true }),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    unique('webhook_deliveries_once').on(t.subscriptionId, t.eventSeq),
    index('webhook_deliveries_due').on(t.status, t.nextAttemptAt),
    index('webhook_deliveries_resident').on(t.subscriptionId, t.residentId, t.eventSeq),
    // A sender takes its subscription's next pending delivery in sequence order.
    index('webhook_deliveries_pending').on(t.subscriptionId, t.eventSeq).where(sql`status = 'pending'`),
    tenantPolicy('webhook_deliveries'),
  ],
);
