import {
  boolean,
  date,
  doublePrecision,
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

const tenantId = () =>
  uuid('tenant_id')
    .notNull()
    .references(() => tenants.id, { onDelete: 'cascade' });

/** What is evaluated: a person, an org unit (grid, community, street), a department, a stationed agency. */
export const SUBJECT_KINDS = ['person', 'unit', 'department', 'station'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

/**
 * The parts a combined score is mixed from: ratings from above (downward), from below (upward), by
 * the unit an agency is stationed in (host), by the agency's own department; measured from the
 * product's records; the residents' satisfaction survey.
 */
export const PART_CODES = ['from_above', 'from_below', 'host', 'department', 'measured', 'survey'] as const;
export type PartCode = (typeof PART_CODES)[number];

export const CAMPAIGN_STATUSES = ['open', 'sealed'] as const;

export interface Criterion {
  code: string;
  name: { zh: string; en: string };
  weight: number;
}

/** The weights of the parts for one kind of subject, and the least share a part must keep. */
export interface MixRule {
  weights: Partial<Record<PartCode, number>>;
  floors: Partial<Record<PartCode, number>>;
}

/** A city's evaluation scheme: criteria per kind of subject, the mixing rule per kind, the rater levels. */
export interface EvaluationScheme {
  criteria: Partial<Record<SubjectKind, Criterion[]>>;
  mix: Partial<Record<SubjectKind, MixRule>>;
  /** Levels whose units rate departments from below (Haidian: street and community; Jiangsu: community). */
  belowLevels: string[];
  /** The level of unit that rates departments from above (the city or district government). */
  aboveLevel: string;
  /** A combined score at or above this earns the award (a community's veto takes it away). */
  awardThreshold: number;
}

/**
 * A stationed agency (派驻机构): a department's office sited in a street or community — 司法所, 统计所,
 * the 城管 squad — led in its business by the department, managed day to day and assessed by the host.
 */
export const evaluationStations = pgTable(
  'evaluation_stations',
  {
    id: id(),
    tenantId: tenantId(),
    departmentId: uuid('department_id')
      .notNull()
      .references(() => departments.id),
    hostUnitId: uuid('host_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    sample: boolean('sample').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [unique('evaluation_stations_name').on(t.tenantId, t.nameZh), tenantPolicy('evaluation_stations')],
);

/** A campaign: one period (a half year), one scheme, a rating window; sealed when it closes. */
export const evaluationCampaigns = pgTable(
  'evaluation_campaigns',
  {
    id: id(),
    tenantId: tenantId(),
    titleZh: text('title_zh').notNull(),
    titleEn: text('title_en').notNull(),
    template: text('template').notNull(),
    periodStart: date('period_start').notNull(),
    periodEnd: date('period_end').notNull(),
    opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
    closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
    scheme: jsonb('scheme').$type<EvaluationScheme>().notNull(),
    status: text('status', { enum: CAMPAIGN_STATUSES }).notNull().default('open'),
    /** The last result's hash when sealed; the audit row of the seal records it too. */
    sealHash: text('seal_hash'),
    sealedAt: timestamp('sealed_at', { withTimezone: true }),
    sample: boolean('sample').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index('evaluation_campaigns_tenant').on(t.tenantId, t.periodEnd),
    tenantPolicy('evaluation_campaigns'),
  ],
);

/** Who or what a campaign evaluates. A person belongs to a unit or a station (a squad's deputy). */
export const evaluationSubjects = pgTable(
  'evaluation_subjects',
  {
    id: id(),
    tenantId: tenantId(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => evaluationCampaigns.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: SUBJECT_KINDS }).notNull(),
    orgUnitId: uuid('org_unit_id').references(() => orgUnits.id),
    departmentId: uuid('department_id').references(() => departments.id),
    stationId: uuid('station_id').references(() => evaluationStations.id),
    userId: uuid('user_id').references(() => users.id),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
  },
  (t) => [
    index('evaluation_subjects_campaign').on(t.tenantId, t.campaignId),
    tenantPolicy('evaluation_subjects'),
  ],
);

/** Who rates whom, derived from the org tree and the stations when the campaign is created. */
export const evaluationAssignments = pgTable(
  'evaluation_assignments',
  {
    id: id(),
    tenantId: tenantId(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => evaluationCampaigns.id, { onDelete: 'cascade' }),
    subjectId: uuid('subject_id')
      .notNull()
      .references(() => evaluationSubjects.id, { onDelete: 'cascade' }),
    part: text('part', { enum: PART_CODES }).notNull(),
    raterUnitId: uuid('rater_unit_id').references(() => orgUnits.id),
    raterDepartmentId: uuid('rater_department_id').references(() => departments.id),
  },
  (t) => [
    unique('evaluation_assignments_once').on(t.subjectId, t.part, t.raterUnitId, t.raterDepartmentId),
    index('evaluation_assignments_campaign').on(t.tenantId, t.campaignId),
    tenantPolicy('evaluation_assignments'),
  ],
);

/** One person's rating for one assignment: a score per criterion (0–100) and a comment. */
export const evaluationRatings = pgTable(
  'evaluation_ratings',
  {
    id: id(),
    tenantId: tenantId(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => evaluationCampaigns.id, { onDelete: 'cascade' }),
    assignmentId: uuid('assignment_id')
      .notNull()
      .references(() => evaluationAssignments.id, { onDelete: 'cascade' }),
    /** `user:<id>`: read back only by the same person. */
    raterRef: text('rater_ref').notNull(),
    scores: jsonb('scores').$type<Record<string, number>>().notNull(),
    comment: text('comment').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('evaluation_ratings_once').on(t.assignmentId, t.raterRef),
    index('evaluation_ratings_campaign').on(t.tenantId, t.campaignId),
    tenantPolicy('evaluation_ratings'),
  ],
);

/** What a part came from: rater counts, or a measure's figures with the rows it counted. */
export interface ResultPart {
  part: PartCode;
  score: number | null;
  weight: number;
  raters?: number;
  measures?: {
    name: string;
    score: number | null;
    figures: Record<string, number>;
    rows: Record<string, string[]>;
  }[];
  answers?: number;
}

/**
 * A subject's sealed result. Each row's hash (HMAC-SHA256 under the log key) covers the row and the
 * previous row's hash, so an edit after sealing breaks the chain; the last hash is also written into
 * the audit trail with the seal.
 */
export const evaluationResults = pgTable(
  'evaluation_results',
  {
    id: id(),
    tenantId: tenantId(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => evaluationCampaigns.id, { onDelete: 'cascade' }),
    subjectId: uuid('subject_id')
      .notNull()
      .references(() => evaluationSubjects.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    score: doublePrecision('score'),
    complete: boolean('complete').notNull(),
    parts: jsonb('parts').$type<ResultPart[]>().notNull(),
    award: boolean('award').notNull().default(false),
    vetoed: boolean('vetoed').notNull().default(false),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    sealedAt: timestamp('sealed_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('evaluation_results_seq').on(t.campaignId, t.seq),
    index('evaluation_results_campaign').on(t.tenantId, t.campaignId),
    tenantPolicy('evaluation_results'),
  ],
);

/** A subject's objection to its sealed result, answered with a reason. */
export const evaluationObjections = pgTable(
  'evaluation_objections',
  {
    id: id(),
    tenantId: tenantId(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => evaluationCampaigns.id, { onDelete: 'cascade' }),
    subjectId: uuid('subject_id')
      .notNull()
      .references(() => evaluationSubjects.id, { onDelete: 'cascade' }),
    filedBy: text('filed_by').notNull(),
    text: text('text').notNull(),
    answer: text('answer'),
    outcome: text('outcome', { enum: ['upheld', 'rejected'] }),
    answeredBy: text('answered_by'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('evaluation_objections_campaign').on(t.tenantId, t.campaignId),
    tenantPolicy('evaluation_objections'),
  ],
);

/** A community's 一票否决 over an award to a unit stationed with it, with its reason. */
export const evaluationVetoes = pgTable(
  'evaluation_vetoes',
  {
    id: id(),
    tenantId: tenantId(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => evaluationCampaigns.id, { onDelete: 'cascade' }),
    subjectId: uuid('subject_id')
      .notNull()
      .references(() => evaluationSubjects.id, { onDelete: 'cascade' }),
    communityUnitId: uuid('community_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    reason: text('reason').notNull(),
    filedBy: text('filed_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique('evaluation_vetoes_once').on(t.subjectId, t.communityUnitId),
    tenantPolicy('evaluation_vetoes'),
  ],
);

export interface SurveyQuestion {
  code: string;
  text: { zh: string; en: string };
  /** The department the question rates, if any; otherwise it rates the community. */
  departmentId?: string | undefined;
}

/**
 * A third-party satisfaction survey of one community's residents: a questionnaire (answers 1–5), a
 * sample size, run by a surveyor; answers are entered by the surveyor or given through a tokenized
 * public link (`token_hash`: SHA-256 of the link's token). No answer names its resident.
 */
export const satisfactionSurveys = pgTable(
  'satisfaction_surveys',
  {
    id: id(),
    tenantId: tenantId(),
    campaignId: uuid('campaign_id').references(() => evaluationCampaigns.id, { onDelete: 'set null' }),
    orgUnitId: uuid('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    titleZh: text('title_zh').notNull(),
    titleEn: text('title_en').notNull(),
    questions: jsonb('questions').$type<SurveyQuestion[]>().notNull(),
    sampleSize: integer('sample_size').notNull(),
    conductedBy: text('conducted_by').notNull(),
    tokenHash: text('token_hash').notNull(),
    fieldedOn: date('fielded_on').notNull(),
    closed: boolean('closed').notNull().default(false),
    sample: boolean('sample').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    unique('satisfaction_surveys_token').on(t.tokenHash),
    index('satisfaction_surveys_unit').on(t.tenantId, t.orgUnitId),
    tenantPolicy('satisfaction_surveys'),
  ],
);

/** One respondent's answers (question code → 1..5), anonymous. */
export const satisfactionAnswers = pgTable(
  'satisfaction_answers',
  {
    id: id(),
    tenantId: tenantId(),
    surveyId: uuid('survey_id')
      .notNull()
      .references(() => satisfactionSurveys.id, { onDelete: 'cascade' }),
    answers: jsonb('answers').$type<Record<string, number>>().notNull(),
    channel: text('channel', { enum: ['entered', 'link'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('satisfaction_answers_survey').on(t.tenantId, t.surveyId),
    tenantPolicy('satisfaction_answers'),
  ],
);
