import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, tenantPolicy } from './columns';
import { departments } from './departments';
import { orgUnits } from './org-units';
import { tenants } from './tenants';

export const COMPONENT_STATUSES = ['operational', 'degraded', 'outage'] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];
export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
/** A scheduled maintenance's statuses, as Statuspage names them. */
export const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed'] as const;
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];
export const INCIDENT_IMPACTS = ['none', 'minor', 'major', 'critical'] as const;
export type IncidentImpact = (typeof INCIDENT_IMPACTS)[number];

/**
 * A department's data link as a status-page component: its status as the last sweep computed it
 * from real signals, and those signals (so the page can say why).
 */
export const dataLinkComponents = pgTable(
  'data_link_components',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    departmentId: uuid('department_id')
      .notNull()
      .references(() => departments.id, { onDelete: 'cascade' }),
    status: text('status', { enum: COMPONENT_STATUSES }).notNull(),
    signals: jsonb('signals').$type<Record<string, number | string | null>>().notNull().default({}),
    createdAt: createdAt(),
    /** When the status last changed (not when it was last computed). */
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.departmentId] }), tenantPolicy('data_link_components')],
);

/** The worst status a component had on each day (city time zone): the 90-day bars. */
export const dataLinkDays = pgTable(
  'data_link_days',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    departmentId: uuid('department_id')
      .notNull()
      .references(() => departments.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    worst: text('worst', { enum: COMPONENT_STATUSES }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.departmentId, t.day] }), tenantPolicy('data_link_days')],
);

/** An incident on the status page: opened by the sweep when a threshold is crossed, or by an administrator. */
export const statusIncidents = pgTable(
  'status_incidents',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    /** An incident's status, or a scheduled maintenance's (`scheduledFor` set). */
    status: text('status', { enum: [...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES] }).notNull(),
    /** `maintenance` for a scheduled maintenance. */
    impact: text('impact', { enum: [...INCIDENT_IMPACTS, 'maintenance'] }).notNull(),
    /** A scheduled maintenance: the window announced in advance (null for an incident). */
    scheduledFor: timestamp('scheduled_for', { withTimezone: true }),
    scheduledUntil: timestamp('scheduled_until', { withTimezone: true }),
    /** Departments (components) affected. */
    departmentIds: uuid('department_ids').array().notNull(),
    /** Opened by the sweep (resolved by it when the link recovers) rather than by a person. */
    automatic: boolean('automatic').notNull().default(false),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    monitoringAt: timestamp('monitoring_at', { withTimezone: true }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('status_incidents_tenant_started').on(t.tenantId, t.startedAt),
    tenantPolicy('status_incidents'),
  ],
);

export const statusIncidentUpdates = pgTable(
  'status_incident_updates',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => statusIncidents.id, { onDelete: 'cascade' }),
    status: text('status', { enum: [...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES] }).notNull(),
    bodyZh: text('body_zh').notNull(),
    bodyEn: text('body_en').notNull(),
    /** Component status changes this update reports: [{ departmentId, old, new }]. */
    affected: jsonb('affected')
      .$type<{ departmentId: string; old: string; new: string }[]>()
      .notNull()
      .default([]),
    createdAt: createdAt(),
  },
  (t) => [
    index('status_incident_updates_incident').on(t.incidentId, t.createdAt),
    tenantPolicy('status_incident_updates'),
  ],
);

/**
 * The real-name listing of grid staff, as the city chooses to publish it (no resident data):
 * name, role, department and a work contact, per community (and optionally a grid within it).
 */
export const publishedStaff = pgTable(
  'published_staff',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    orgUnitId: uuid('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    gridZh: text('grid_zh').notNull().default(''),
    gridEn: text('grid_en').notNull().default(''),
    name: text('name').notNull(),
    roleZh: text('role_zh').notNull(),
    roleEn: text('role_en').notNull(),
    departmentZh: text('department_zh').notNull().default(''),
    departmentEn: text('department_en').notNull().default(''),
    contact: text('contact').notNull().default(''),
    position: integer('position').notNull().default(0),
    /** Placeholder people for demos; pages label them as samples. */
    sample: boolean('sample').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('published_staff_unit').on(t.tenantId, t.orgUnitId), tenantPolicy('published_staff')],
);

/** A host name (e.g. guiyang.example.org) that serves a city's public site at its root. */
export const tenantHosts = pgTable(
  'tenant_hosts',
  {
    host: text('host').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [index('tenant_hosts_tenant').on(t.tenantId), tenantPolicy('tenant_hosts')],
);

/**
 * The version of a city's public site. Triggers bump it whenever anything a public page shows
 * changes (see the migration); cached pages are keyed by it, so a change invalidates them everywhere.
 */
export const publicSiteVersions = pgTable(
  'public_site_versions',
  {
    tenantId: uuid('tenant_id')
      .primaryKey()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    version: bigint('version', { mode: 'number' }).notNull().default(1),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  () => [tenantPolicy('public_site_versions')],
);

/**
 * Sharing statistics per closed day, so the public statistics page does not count a year of the
 * access log and the change feed on every render. One row per (city, day, department): pushes are
 * counted on the row without a department; pulls (and those that spared a re-collection) on the
 * reading department's row, or the row without one for reads by people. Written by the status
 * sweep for days that ended at least `ROLLUP_MARGIN` ago; never changed afterwards.
 */
export const sharingDays = pgTable(
  'sharing_days',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    /** The reading department as the access log names it (no foreign key: the log keeps it whatever happens later). */
    departmentId: uuid('department_id'),
    pushes: integer('pushes').notNull().default(0),
    pulls: integer('pulls').notNull().default(0),
    spared: integer('spared').notNull().default(0),
  },
  (t) => [
    unique('sharing_days_key').on(t.tenantId, t.day, t.departmentId).nullsNotDistinct(),
    tenantPolicy('sharing_days'),
  ],
);

/** The last day each city's statistics are rolled up through (`sharing_days`); later days are counted live. */
export const sharingRollupHeads = pgTable(
  'sharing_rollup_heads',
  {
    tenantId: uuid('tenant_id')
      .primaryKey()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    throughDay: date('through_day', { mode: 'string' }).notNull(),
  },
  () => [tenantPolicy('sharing_rollup_heads')],
);
