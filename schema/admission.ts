import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, tenantPolicy } from './columns';
import { departments } from './departments';
import { orgUnits } from './org-units';
import { tenants } from './tenants';
import { users } from './users';

/**
 * The three lists of work admission (准入): 依法履职 what the self-governing committee does by law
 * (`statutory`), 依法协助 what it only assists the government with (`assisted`), and the negative list
 * of work never pushed down (`negative`).
 */
export const WORK_LISTS = ['statutory', 'assisted', 'negative'] as const;
export type WorkList = (typeof WORK_LISTS)[number];

export const WORK_ITEM_STATUSES = ['active', 'revoked'] as const;

/**
 * A work item of a city's catalog. Money and staff follow it (费随事转) per community per year; the
 * forms and ledgers it brings are listed, nothing else may be asked for under it. Every edit bumps
 * `version` and keeps the text before it in `work_item_versions`.
 */
export const workItems = pgTable(
  'work_items',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    list: text('list', { enum: WORK_LISTS }).notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    legalBasis: text('legal_basis').notNull().default(''),
    /** The responsible department; null for the committee's own duties. */
    departmentId: uuid('department_id').references(() => departments.id),
    /** Level keys of the city's structure the work reaches (`community`, `residents_committee`, `grid`). */
    levels: text('levels').array().notNull().default(sql`'{}'::text[]`),
    /** Yuan owed per community per year. */
    fundingPerCommunity: integer('funding_per_community').notNull().default(0),
    /** Staff (full-time equivalents) that follow the work per community. */
    staffPerCommunity: integer('staff_per_community').notNull().default(0),
    /** Authority that follows the work (权随责走), as text. */
    authority: text('authority').notNull().default(''),
    /** Forms and ledgers the work brings. */
    forms: text('forms').array().notNull().default(sql`'{}'::text[]`),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validUntil: date('valid_until', { mode: 'string' }),
    status: text('status', { enum: WORK_ITEM_STATUSES }).notNull().default('active'),
    /** The application that admitted it, if it entered the catalog by one. */
    applicationId: uuid('application_id'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedReason: text('revoked_reason'),
    sample: boolean('sample').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('work_items_tenant_code').on(t.tenantId, t.code),
    index('work_items_tenant_list').on(t.tenantId, t.list, t.status),
    check('work_items_money', sql`${t.fundingPerCommunity} >= 0 and ${t.staffPerCommunity} >= 0`),
    tenantPolicy('work_items'),
  ],
);

/** Each earlier text of a work item, as it was before an edit or revocation. */
export const workItemVersions = pgTable(
  'work_item_versions',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    workItemId: uuid('work_item_id')
      .notNull()
      .references(() => workItems.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    document: jsonb('document').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique('work_item_versions_version').on(t.workItemId, t.version),
    tenantPolicy('work_item_versions'),
  ],
);

export const ADMISSION_STEP_KINDS = ['review', 'decide'] as const;

/**
 * A city's admission procedure after the department applies: review steps (comments) then one
 * decide step, in `position` order, each with the working days it may take. Guiyang: the district
 * 群工委 reviews, the district government decides.
 */
export const admissionSteps = pgTable(
  'admission_steps',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    key: text('key').notNull(),
    kind: text('kind', { enum: ADMISSION_STEP_KINDS }).notNull(),
    actorZh: text('actor_zh').notNull(),
    actorEn: text('actor_en').notNull(),
    actionZh: text('action_zh').notNull(),
    actionEn: text('action_en').notNull(),
    workingDays: integer('working_days').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique('admission_steps_key').on(t.tenantId, t.key),
    unique('admission_steps_position').on(t.tenantId, t.position),
    check('admission_steps_days', sql`${t.workingDays} between 1 and 120`),
    tenantPolicy('admission_steps'),
  ],
);

/** Per-city admission settings: how many working days ahead of its start work must be applied for. */
export const admissionSettings = pgTable(
  'admission_settings',
  {
    tenantId: uuid('tenant_id')
      .primaryKey()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    leadWorkingDays: integer('lead_working_days').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [tenantPolicy('admission_settings')],
);

/** Who may act at a step: a person named for a step, for a district (or the whole city). */
export const admissionReviewers = pgTable(
  'admission_reviewers',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    stepKey: text('step_key').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The district (or city) whose applications they act on. */
    orgUnitId: uuid('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    createdAt: createdAt(),
  },
  (t) => [
    unique('admission_reviewers_unique').on(t.tenantId, t.stepKey, t.userId, t.orgUnitId),
    tenantPolicy('admission_reviewers'),
  ],
);

export const APPLICATION_STATUSES = ['pending', 'admitted', 'refused'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/**
 * A department's application to push work down to communities: the task, its legal basis, which
 * units, for how long, the money, staff and authority that follow, the forms it brings. It moves
 * through the city's steps; `due_at` is the end of the working day by which it must be decided.
 */
export const admissionApplications = pgTable(
  'admission_applications',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    number: text('number').notNull(),
    departmentId: uuid('department_id')
      .notNull()
      .references(() => departments.id),
    /** The district (or city) whose procedure it goes through. */
    orgUnitId: uuid('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    list: text('list', { enum: ['statutory', 'assisted'] }).notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    legalBasis: text('legal_basis').notNull(),
    levels: text('levels').array().notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }),
    fundingPerCommunity: integer('funding_per_community').notNull().default(0),
    staffPerCommunity: integer('staff_per_community').notNull().default(0),
    authority: text('authority').notNull().default(''),
    forms: text('forms').array().notNull().default(sql`'{}'::text[]`),
    status: text('status', { enum: APPLICATION_STATUSES }).notNull().default('pending'),
    /** The step it waits at; null once decided. */
    stepKey: text('step_key'),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    provisional: boolean('provisional').notNull().default(false),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionReason: text('decision_reason'),
    workItemId: uuid('work_item_id').references(() => workItems.id),
    submittedBy: text('submitted_by').notNull(),
    sample: boolean('sample').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('admission_applications_number').on(t.tenantId, t.number),
    index('admission_applications_status').on(t.tenantId, t.status, t.decidedAt),
    check('admission_applications_money', sql`${t.fundingPerCommunity} >= 0 and ${t.staffPerCommunity} >= 0`),
    tenantPolicy('admission_applications'),
  ],
);

/** What each step said of an application: a review's comment, or the decision and its reason. */
export const admissionReviews = pgTable(
  'admission_reviews',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => admissionApplications.id, { onDelete: 'cascade' }),
    stepKey: text('step_key').notNull(),
    outcome: text('outcome', { enum: ['commented', 'admitted', 'refused'] }).notNull(),
    comment: text('comment').notNull(),
    actorKind: text('actor_kind').notNull(),
    actorId: text('actor_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [unique('admission_reviews_step').on(t.applicationId, t.stepKey), tenantPolicy('admission_reviews')],
);

export const AGREEMENT_STATUSES = ['draft', 'signed', 'superseded'] as const;

/**
 * 协助管理协议书: per residents' committee (or community) per year, versioned. Drafted by the street
 * or district; in force when both the committee and the government have signed (`status = signed`).
 * A new version supersedes the one before it.
 */
export const assistanceAgreements = pgTable(
  'assistance_agreements',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    orgUnitId: uuid('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    year: integer('year').notNull(),
    version: integer('version').notNull(),
    status: text('status', { enum: AGREEMENT_STATUSES }).notNull().default('draft'),
    /** What the government owes: guidance, training, payments on time. */
    governmentObligations: text('government_obligations').notNull(),
    /** What the committee owes under the assisted items. */
    committeeObligations: text('committee_obligations').notNull(),
    /** Penalties both ways when an obligation is not met. */
    penalties: text('penalties').notNull(),
    draftedBy: text('drafted_by').notNull(),
    committeeSignedBy: text('committee_signed_by'),
    committeeSignedAt: timestamp('committee_signed_at', { withTimezone: true }),
    governmentSignedBy: text('government_signed_by'),
    governmentSignedAt: timestamp('government_signed_at', { withTimezone: true }),
    sample: boolean('sample').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    unique('assistance_agreements_version').on(t.tenantId, t.orgUnitId, t.year, t.version),
    tenantPolicy('assistance_agreements'),
  ],
);

/** An assisted item an agreement lists, with the money and guidance owed for it that year. */
export const agreementItems = pgTable(
  'agreement_items',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    agreementId: uuid('agreement_id')
      .notNull()
      .references(() => assistanceAgreements.id, { onDelete: 'cascade' }),
    workItemId: uuid('work_item_id')
      .notNull()
      .references(() => workItems.id),
    fundingYuan: integer('funding_yuan').notNull(),
    guidance: text('guidance').notNull().default(''),
    /** Performance under the agreement, filled in during the year (read by evaluation). */
    committeeMet: boolean('committee_met'),
    governmentMet: boolean('government_met'),
  },
  (t) => [unique('agreement_items_item').on(t.agreementId, t.workItemId), tenantPolicy('agreement_items')],
);

/**
 * 费随事转: what an admitted item owes a community for a year (`amount_yuan`, due by `due_on`),
 * created when the item is admitted or the year opens.
 */
export const fundingObligations = pgTable(
  'funding_obligations',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    workItemId: uuid('work_item_id')
      .notNull()
      .references(() => workItems.id),
    orgUnitId: uuid('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    year: integer('year').notNull(),
    amountYuan: integer('amount_yuan').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    sample: boolean('sample').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    unique('funding_obligations_unique').on(t.tenantId, t.workItemId, t.orgUnitId, t.year),
    index('funding_obligations_unit').on(t.tenantId, t.orgUnitId, t.year),
    check('funding_obligations_amount', sql`${t.amountYuan} >= 0`),
    tenantPolicy('funding_obligations'),
  ],
);

/** A payment against an obligation; on time when `paid_on` is no later than the obligation's `due_on`. */
export const fundingPayments = pgTable(
  'funding_payments',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    obligationId: uuid('obligation_id')
      .notNull()
      .references(() => fundingObligations.id, { onDelete: 'cascade' }),
    amountYuan: integer('amount_yuan').notNull(),
    paidOn: date('paid_on', { mode: 'string' }).notNull(),
    note: text('note').notNull().default(''),
    recordedBy: text('recorded_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('funding_payments_obligation').on(t.tenantId, t.obligationId),
    check('funding_payments_amount', sql`${t.amountYuan} > 0`),
    tenantPolicy('funding_payments'),
  ],
);

/** Application numbers per city and year (`2026-SQ-001`). */
export const admissionCounters = pgTable(
  'admission_counters',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    year: integer('year').notNull(),
    next: integer('next').notNull(),
  },
  (t) => [unique('admission_counters_year').on(t.tenantId, t.year), tenantPolicy('admission_counters')],
);
