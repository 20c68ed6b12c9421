import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgPolicy,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { workItems } from './admission';
import { appRole, createdAt, currentTenant, id, tenantPolicy } from './columns';
import { departments } from './departments';
import { orgUnits } from './org-units';
import { tenants } from './tenants';

/**
 * The seven links of a case (Haidian): 信息采集 collected → 案卷建立 registered (or refused) → 任务派遣
 * dispatched → 任务处理 handling → 处理反馈 reported → 核查结案 closed → 考核评价 evaluated.
 */
export const CASE_STATUSES = [
  'collected',
  'registered',
  'refused',
  'dispatched',
  'handling',
  'reported',
  'closed',
  'evaluated',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** The stages with a clock, and the statuses each covers. */
export const CASE_STAGES = ['register', 'dispatch', 'handle', 'verify'] as const;
export type CaseStage = (typeof CASE_STAGES)[number];

export const HANDLER_KINDS = ['department', 'community', 'grid'] as const;
export type HandlerKind = (typeof HANDLER_KINDS)[number];

export const CASE_CHANNELS = ['grid_worker', 'community', 'department', 'resident'] as const;
export type CaseChannel = (typeof CASE_CHANNELS)[number];

export const ATTRIBUTE_TYPES = ['text', 'number', 'boolean', 'date', 'choice'] as const;

/** An extra question a category asks when a case is collected (Open311's service attributes). */
export interface CategoryAttribute {
  code: string;
  type: (typeof ATTRIBUTE_TYPES)[number];
  name: { zh: string; en: string };
  required: boolean;
  choices?: { key: string; name: { zh: string; en: string } }[];
}

/** Working days each stage may take; a warning at `warnShare` of the limit, a second breach at twice it. */
export interface StageLimits {
  register: number;
  dispatch: number;
  handle: number;
  verify: number;
  warnShare: number;
}

/**
 * A kind of case a city handles (the service catalog): the Haidian seed's ten grid work contents by
 * default, each with its default handler, stage limits in working days and extra questions. Every
 * edit bumps `version`; the previous text is kept in `case_category_versions`, and a case records
 * the version it was collected under.
 */
export const caseCategories = pgTable(
  'case_categories',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    /**
     * The category in residents' words (what problems belong here: "路灯不亮、井盖缺失……"), shown on
     * the report form and as the Open311 service description; the name is the governance function.
     */
    hintZh: text('hint_zh').notNull().default(''),
    hintEn: text('hint_en').notNull().default(''),
    handlerKind: text('handler_kind', { enum: HANDLER_KINDS }).notNull(),
    /** The default department when `handler_kind` is `department`. */
    departmentId: uuid('department_id').references(() => departments.id),
    limits: jsonb('limits').$type<StageLimits>().notNull(),
    attributes: jsonb('attributes').$type<CategoryAttribute[]>().notNull().default([]),
    /** Residents may report it (Open311 lists it) and its cases appear on the public pages. */
    public: boolean('public').notNull().default(false),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('case_categories_tenant_code').on(t.tenantId, t.code),
    check(
      'case_categories_department_handler',
      sql`(${t.handlerKind} = 'department') = (${t.departmentId} is not null)`,
    ),
    tenantPolicy('case_categories'),
  ],
);

/** Each earlier text of a category, as it was before an edit. */
export const caseCategoryVersions = pgTable(
  'case_category_versions',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    categoryId: uuid('category_id')
      .notNull()
      .references(() => caseCategories.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    document: jsonb('document').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique('case_category_versions_version').on(t.categoryId, t.version),
    tenantPolicy('case_category_versions'),
  ],
);

/**
 * A case. `org_unit_id` is where it happened (a grid, courtyard or community); `level_unit_id` the
 * unit supervising it now (the loop it is in: the grid's micro-loop, the community's or street's
 * small loop, the district's big loop), which escalation moves up the city's own tree.
 * The stage clock: `stage_due_at` is the end of the stage's last working day in the city's time zone;
 * `warn_at` and `second_due_at` are the warning and the second breach; the sweep stamps `warned_at`,
 * `breached_at`, `second_breached_at` once each.
 */
export const cases = pgTable(
  'cases',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** Shown to people: `2026-000123`, per city and year. */
    number: text('number').notNull(),
    categoryId: uuid('category_id')
      .notNull()
      .references(() => caseCategories.id),
    categoryVersion: integer('category_version').notNull(),
    orgUnitId: uuid('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    levelUnitId: uuid('level_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    status: text('status', { enum: CASE_STATUSES }).notNull(),
    channel: text('channel', { enum: CASE_CHANNELS }).notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    location: text('location').notNull().default(''),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
    /** Who collected it: `user:<id>`, `api_client:<id>` or `resident:<request>` (never closes what it handles). */
    collectedBy: text('collected_by').notNull(),
    handlerKind: text('handler_kind', { enum: HANDLER_KINDS }),
    handlerDepartmentId: uuid('handler_department_id').references(() => departments.id),
    handlerOrgUnitId: uuid('handler_org_unit_id').references(() => orgUnits.id),
    /** The work item it was dispatched under (准入): a community may decline work that is not admitted. */
    workItemId: uuid('work_item_id').references(() => workItems.id),
    /** Everyone who accepted or reported on it as a handler: they may not verify it. */
    handledBy: text('handled_by').array().notNull().default(sql`'{}'::text[]`),
    stage: text('stage', { enum: CASE_STAGES }),
    stageStartedAt: timestamp('stage_started_at', { withTimezone: true }),
    warnAt: timestamp('warn_at', { withTimezone: true }),
    stageDueAt: timestamp('stage_due_at', { withTimezone: true }),
    secondDueAt: timestamp('second_due_at', { withTimezone: true }),
    warnedAt: timestamp('warned_at', { withTimezone: true }),
    breachedAt: timestamp('breached_at', { withTimezone: true }),
    secondBreachedAt: timestamp('second_breached_at', { withTimezone: true }),
    /** The deadline rests on a year the holiday calendar does not cover yet (weekends only). */
    provisional: boolean('provisional').notNull().default(false),
    sentBack: integer('sent_back').notNull().default(0),
    escalations: integer('escalations').notNull().default(0),
    breaches: integer('breaches').notNull().default(0),
    refusal: text('refusal', { enum: ['not_a_case', 'duplicate'] }),
    duplicateOf: uuid('duplicate_of'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /**
     * 给居民的答复: what the handler tells the resident was done, written for the public (the
     * tracking page, Open311 `status_notes`); the internal summary stays in the timeline's details.
     */
    publicReply: text('public_reply'),
    onTime: boolean('on_time'),
    satisfaction: integer('satisfaction'),
    sample: boolean('sample').notNull().default(false),
    /** Bumped by every transition: a verb names the version it read, so two clicks cannot both apply. */
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('cases_tenant_number').on(t.tenantId, t.number),
    index('cases_tenant_status').on(t.tenantId, t.status, t.stageDueAt),
    index('cases_tenant_unit').on(t.tenantId, t.orgUnitId),
    // What a person collected stays visible to them (a department officer reporting anywhere).
    index('cases_tenant_collector').on(t.tenantId, t.collectedBy),
    index('cases_tenant_department').on(t.tenantId, t.handlerDepartmentId, t.status),
    // The sweep's three questions, each answered from a partial index of the open clocks only.
    index('cases_warn_due').on(t.warnAt).where(sql`${t.warnedAt} is null and ${t.stage} is not null`),
    index('cases_breach_due').on(t.stageDueAt).where(sql`${t.breachedAt} is null and ${t.stage} is not null`),
    index('cases_second_due')
      .on(t.secondDueAt)
      .where(sql`${t.secondBreachedAt} is null and ${t.stage} is not null`),
    check('cases_satisfaction', sql`${t.satisfaction} is null or ${t.satisfaction} between 1 and 5`),
    tenantPolicy('cases'),
  ],
);

/**
 * The timeline: every transition, escalation, supervision notice (督办) and warning, in order. The
 * verb that changes the case writes its entry (and its audit row) in the same transaction.
 */
export const caseEvents = pgTable(
  'case_events',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    kind: text('kind').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    actorKind: text('actor_kind').notNull(),
    actorId: text('actor_id').notNull(),
    reason: text('reason').notNull().default(''),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('case_events_seq').on(t.caseId, t.seq), tenantPolicy('case_events')],
);

/** Case numbers per city and year. */
export const caseCounters = pgTable(
  'case_counters',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    year: integer('year').notNull(),
    next: integer('next').notNull(),
  },
  (t) => [unique('case_counters_year').on(t.tenantId, t.year), tenantPolicy('case_counters')],
);

/**
 * Days that differ from the national calendar: a year the data package does not cover yet (added
 * for every city, `tenant_id` null, by the platform), or a city's local day off or working day.
 */
export const calendarDays = pgTable(
  'calendar_days',
  {
    id: id(),
    tenantId: uuid('tenant_id').references(() => tenants.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    kind: text('kind', { enum: ['day_off', 'working_day'] }).notNull(),
    note: text('note').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('calendar_days_day').on(
      sql`coalesce(${t.tenantId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      t.day,
    ),
    // A city reads the platform's days and its own, and writes only its own.
    pgPolicy('calendar_days_read', {
      as: 'permissive',
      for: 'select',
      to: appRole,
      using: sql`${t.tenantId} is null or ${t.tenantId} = ${currentTenant}`,
    }),
    pgPolicy('calendar_days_write', {
      as: 'permissive',
      for: 'all',
      to: appRole,
      using: sql`${t.tenantId} = ${currentTenant}`,
      withCheck: sql`${t.tenantId} = ${currentTenant}`,
    }),
  ],
);

/** 限期受理: a written request with a deadline from a community or street to a department or agency. */
export const ACCEPTANCE_STATUSES = ['pending', 'accepted', 'declined', 'overdue'] as const;
export type AcceptanceStatus = (typeof ACCEPTANCE_STATUSES)[number];

export const acceptanceRequests = pgTable(
  'acceptance_requests',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    caseId: uuid('case_id').references(() => cases.id),
    fromUnitId: uuid('from_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    /** The person who raised it: the answer is reported back to them. */
    raisedBy: text('raised_by').notNull(),
    departmentId: uuid('department_id')
      .notNull()
      .references(() => departments.id),
    subject: text('subject').notNull(),
    body: text('body').notNull().default(''),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: ACCEPTANCE_STATUSES }).notNull().default('pending'),
    reason: text('reason').notNull().default(''),
    answeredBy: text('answered_by'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    escalatedToUnitId: uuid('escalated_to_unit_id').references(() => orgUnits.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('acceptance_requests_due').on(t.dueAt).where(sql`${t.status} = 'pending'`),
    index('acceptance_requests_department').on(t.tenantId, t.departmentId, t.status),
    tenantPolicy('acceptance_requests'),
  ],
);

export const PHOTO_STAGES = ['collection', 'handling', 'verification'] as const;
export type PhotoStage = (typeof PHOTO_STAGES)[number];

/**
 * Evidence: a photo taken when a case was collected, handled or verified. The bytes live in the
 * blob store (R2) under `key`; only those who may read the case may fetch them. A photo may show a
 * face or a number plate, so public views show none unless a staff member published it.
 */
export const casePhotos = pgTable(
  'case_photos',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    stage: text('stage', { enum: PHOTO_STAGES }).notNull(),
    key: text('key').notNull(),
    contentType: text('content_type').notNull(),
    bytes: integer('bytes').notNull(),
    sha256: text('sha256').notNull(),
    uploadedBy: text('uploaded_by').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    publishedBy: text('published_by'),
    createdAt: createdAt(),
  },
  (t) => [index('case_photos_case').on(t.tenantId, t.caseId), tenantPolicy('case_photos')],
);
