import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenantPolicy } from './columns';
import { tenants } from './tenants';

/**
 * The audit trail of administrative actions: append-only (the application role reads it and
 * appends only through `shequ_audit_append`, migration 0017, which checks the event follows the
 * head) and chained per tenant by an HMAC under a key the database does not hold (`hash`), so an
 * edit made with the database owner's rights cannot be re-chained; removals at the end are caught
 * by the checkpoints below, which the city keeps outside the database.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'string' }).notNull(),
    actorKind: text('actor_kind').notNull(),
    actorId: text('actor_id').notNull(),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.seq] }),
    index('audit_events_action').on(t.tenantId, t.action),
    tenantPolicy('audit_events'),
  ],
);

/**
 * The head of each tenant's chain. Appends take the tenant's head lock (`shequ_audit_head`), so
 * they are serialized per tenant; only `shequ_audit_append` writes it.
 */
export const auditHeads = pgTable(
  'audit_heads',
  {
    tenantId: uuid('tenant_id')
      .primaryKey()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    hash: text('hash').notNull(),
  },
  () => [tenantPolicy('audit_heads')],
);

/**
 * Signed statements of where each tenant's logs stood: the audit chain's head and the access-log
 * seal chain's head at `madeAt`, with an HMAC under the log key. The cron sweep makes one when
 * either head moved; auditors download them (`GET …/audit-events/checkpoints`) and keep them, and
 * a verification given a kept one detects a chain that is now shorter than, or different from,
 * what it recorded. Only `shequ_log_checkpoint` writes here.
 */
export const logCheckpoints = pgTable(
  'log_checkpoints',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** 1, 2, 3, … per tenant: for listing; the MAC does not cover it. */
    seq: bigint('seq', { mode: 'number' }).notNull(),
    madeAt: timestamp('made_at', { withTimezone: true, mode: 'string' }).notNull(),
    auditSeq: bigint('audit_seq', { mode: 'number' }).notNull(),
    auditHash: text('audit_hash').notNull(),
    sealSeq: bigint('seal_seq', { mode: 'number' }).notNull(),
    sealHash: text('seal_hash').notNull(),
    mac: text('mac').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.seq] }), tenantPolicy('log_checkpoints')],
);

/**
 * Where each tenant's logs were before the log key (migration 0017): audit events up to
 * `auditThrough`, seals up to `sealsThrough` and access-log rows up to `readsThrough` were written
 * with plain SHA-256 and no MAC, and verification accepts them so; everything after must carry
 * the key's MAC. Tenants created afterwards have no row: all of their log is keyed.
 */
export const logLegacyEnds = pgTable(
  'log_legacy_ends',
  {
    tenantId: uuid('tenant_id')
      .primaryKey()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    auditThrough: bigint('audit_through', { mode: 'number' }).notNull(),
    sealsThrough: bigint('seals_through', { mode: 'number' }).notNull(),
    readsThrough: bigint('reads_through', { mode: 'number' }).notNull(),
  },
  () => [tenantPolicy('log_legacy_ends')],
);
