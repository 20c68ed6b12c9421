import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  date,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, tenantPolicy } from './columns';
import { tenants } from './tenants';

/** A reform: on one date, a set of units closes and a set opens, with lineage between them. */
export const reforms = pgTable(
  'reforms',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    effectiveOn: date('effective_on', { mode: 'string' }).notNull(),
    /** How much of `effective_on` the sources state: a year, a month, or the day. */
    datePrecision: text('date_precision', { enum: ['year', 'month', 'day'] }).notNull(),
    titleZh: text('title_zh').notNull(),
    titleEn: text('title_en').notNull(),
    summaryZh: text('summary_zh').notNull().default(''),
    summaryEn: text('summary_en').notNull().default(''),
    source: text('source').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [
    unique('reforms_tenant_code').on(t.tenantId, t.code),
    index('reforms_tenant_date').on(t.tenantId, t.effectiveOn),
    tenantPolicy('reforms'),
  ],
);

/**
 * A node of a tenant's effective-dated tree. A unit exists on day D when
 * `valid_from <= D < valid_to` (a NULL `valid_from` means "before our records begin").
 */
export const orgUnits = pgTable(
  'org_units',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    level: text('level').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    parentId: uuid('parent_id').references((): AnyPgColumn => orgUnits.id),
    validFrom: date('valid_from', { mode: 'string' }),
    validTo: date('valid_to', { mode: 'string' }),
    openedByReformId: uuid('opened_by_reform_id').references(() => reforms.id),
    closedByReformId: uuid('closed_by_reform_id').references(() => reforms.id),
    /** Generated placeholder data (sources give counts, not names); pages label it as such. */
    sample: boolean('sample').notNull().default(false),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    unique('org_units_tenant_code').on(t.tenantId, t.code),
    index('org_units_tenant_parent').on(t.tenantId, t.parentId),
    index('org_units_tenant_level').on(t.tenantId, t.level),
    check(
      'org_units_valid_range',
      sql`${t.validTo} is null or ${t.validFrom} is null or ${t.validFrom} < ${t.validTo}`,
    ),
    tenantPolicy('org_units'),
  ],
);

/** Which old unit became which new one in a reform. */
export const orgUnitLineage = pgTable(
  'org_unit_lineage',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    reformId: uuid('reform_id')
      .notNull()
      .references(() => reforms.id),
    predecessorId: uuid('predecessor_id')
      .notNull()
      .references(() => orgUnits.id),
    successorId: uuid('successor_id')
      .notNull()
      .references(() => orgUnits.id),
  },
  (t) => [
    primaryKey({ columns: [t.reformId, t.predecessorId, t.successorId] }),
    index('org_unit_lineage_successor').on(t.tenantId, t.successorId),
    tenantPolicy('org_unit_lineage'),
  ],
);
