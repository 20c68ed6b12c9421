import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, tenantPolicy } from './columns';
import { orgUnits } from './org-units';
import { tenants } from './tenants';
import { users } from './users';

/**
 * Residents' councils (居民议事会 / 居民代表会议): members with terms, proposals, the deliberation
 * cycle's meetings, votes with quorum, the projects adopted proposals become, and 述职评议 reviews.
 */

export const PROPOSAL_STATUSES = [
  'draft',
  'submitted',
  'accepted',
  'declined',
  'merged',
  'decided',
  'rejected',
  'carried_out',
  'not_carried_out',
] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const PROPOSAL_ORIGINS = ['representative', 'residents', 'party_secretary'] as const;
export const MEMBER_SEATS = [
  'standing_representative',
  'sector_representative',
  'unit_representative',
  'convener',
] as const;
export const BALLOT_CHOICES = ['for', 'against', 'abstain'] as const;
export const REVIEW_RATINGS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;

/** One step of a city's deliberation cycle: a kind of meeting, and whether it may vote. */
export interface CycleStep {
  key: string;
  name: { zh: string; en: string };
  votes: boolean;
  reviews: boolean;
}

/** A council's rules: the city's defaults, overridable per council. */
export interface CouncilRules {
  cycle: CycleStep[];
  /** Members who must be present, as a fraction of members in office (2/3 → {2, 3}). */
  quorum: { numerator: number; denominator: number };
  /** `present`: more than half of those present vote for; `two_thirds_present`; `cast`: more for than against. */
  majority: 'present' | 'two_thirds_present' | 'cast';
  ballot: 'open' | 'secret';
  /** Residents (with the first one) needed before a residents' proposal is submitted. */
  minCoSigners: number;
  /** The party secretary (the convener) may table major matters. */
  secretaryMayPropose: boolean;
}

/** A figure the sources report for a year, kept as data with its source. */
export interface CouncilHistoryFigure {
  year: number;
  proposalsCarriedOut: number;
  source: string;
}

const tenantColumn = () =>
  uuid('tenant_id')
    .notNull()
    .references(() => tenants.id, { onDelete: 'cascade' });

export const councils = pgTable(
  'councils',
  {
    id: id(),
    tenantId: tenantColumn(),
    orgUnitId: uuid('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    mechanism: text('mechanism').notNull(),
    rules: jsonb('rules').$type<CouncilRules>().notNull(),
    history: jsonb('history').$type<CouncilHistoryFigure[]>().notNull().default([]),
    sample: boolean('sample').notNull().default(false),
    source: text('source'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('councils_unit').on(t.tenantId, t.orgUnitId), tenantPolicy('councils')],
);

export const councilMembers = pgTable(
  'council_members',
  {
    id: id(),
    tenantId: tenantColumn(),
    councilId: uuid('council_id')
      .notNull()
      .references(() => councils.id, { onDelete: 'cascade' }),
    /** The signed-in person who sits (and votes) as this member. */
    userId: uuid('user_id').references(() => users.id),
    name: text('name').notNull(),
    seat: text('seat').notNull(),
    /** `elected` or `appointed`, by whom and when. */
    chosenHow: text('chosen_how').notNull(),
    chosenBy: text('chosen_by').notNull(),
    chosenOn: date('chosen_on').notNull(),
    termStart: date('term_start').notNull(),
    termEnd: date('term_end').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('council_members_user').on(t.councilId, t.userId),
    index('council_members_council').on(t.tenantId, t.councilId),
    tenantPolicy('council_members'),
  ],
);

export const councilProposals = pgTable(
  'council_proposals',
  {
    id: id(),
    tenantId: tenantColumn(),
    councilId: uuid('council_id')
      .notNull()
      .references(() => councils.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    /** Lower-cased title without spaces or punctuation: the duplicate check. */
    titleKey: text('title_key').notNull(),
    body: text('body').notNull(),
    origin: text('origin').notNull(),
    memberId: uuid('member_id').references(() => councilMembers.id),
    status: text('status').notNull(),
    reason: text('reason'),
    mergedIntoId: uuid('merged_into_id'),
    supporters: integer('supporters').notNull().default(0),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    sample: boolean('sample').notNull().default(false),
    source: text('source'),
    createdAt: createdAt(),
  },
  (t) => [
    index('council_proposals_council').on(t.tenantId, t.councilId, t.status),
    tenantPolicy('council_proposals'),
  ],
);

/**
 * A resident's support of a proposal from the public site, without an account: the contact is
 * sealed with the data key and found again only by a keyed hash (the duplicate check). Never public.
 */
export const councilSupports = pgTable(
  'council_supports',
  {
    id: id(),
    tenantId: tenantColumn(),
    proposalId: uuid('proposal_id')
      .notNull()
      .references(() => councilProposals.id, { onDelete: 'cascade' }),
    contactHash: text('contact_hash').notNull(),
    contactSealed: text('contact_sealed').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('council_supports_once').on(t.proposalId, t.contactHash),
    tenantPolicy('council_supports'),
  ],
);

export const councilMeetings = pgTable(
  'council_meetings',
  {
    id: id(),
    tenantId: tenantColumn(),
    councilId: uuid('council_id')
      .notNull()
      .references(() => councils.id, { onDelete: 'cascade' }),
    /** A step of the council's cycle. */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    heldAt: timestamp('held_at', { withTimezone: true }).notNull(),
    place: text('place').notNull(),
    minutes: text('minutes'),
    /** Members present when attendance was not recorded by name (history from the sources). */
    presentCount: integer('present_count'),
    sample: boolean('sample').notNull().default(false),
    source: text('source'),
    createdAt: createdAt(),
  },
  (t) => [
    index('council_meetings_council').on(t.tenantId, t.councilId, t.heldAt),
    tenantPolicy('council_meetings'),
  ],
);

export const councilAgendaItems = pgTable(
  'council_agenda_items',
  {
    id: id(),
    tenantId: tenantColumn(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => councilMeetings.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    proposalId: uuid('proposal_id').references(() => councilProposals.id),
    title: text('title').notNull(),
    decision: text('decision'),
  },
  (t) => [
    uniqueIndex('council_agenda_position').on(t.meetingId, t.position),
    tenantPolicy('council_agenda_items'),
  ],
);

export const councilAttendance = pgTable(
  'council_attendance',
  {
    tenantId: tenantColumn(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => councilMeetings.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => councilMembers.id),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.memberId] }), tenantPolicy('council_attendance')],
);

export const councilVotes = pgTable(
  'council_votes',
  {
    id: id(),
    tenantId: tenantColumn(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => councilMeetings.id, { onDelete: 'cascade' }),
    agendaItemId: uuid('agenda_item_id')
      .notNull()
      .references(() => councilAgendaItems.id),
    proposalId: uuid('proposal_id').references(() => councilProposals.id),
    ballot: text('ballot').notNull(),
    majority: text('majority').notNull(),
    inOffice: integer('in_office').notNull(),
    present: integer('present').notNull(),
    quorum: integer('quorum').notNull(),
    status: text('status').notNull().default('open'),
    forCount: integer('for_count'),
    againstCount: integer('against_count'),
    abstainCount: integer('abstain_count'),
    result: text('result'),
    /** The audit event that sealed the tally, and its hash (the tally is in its details). */
    sealSeq: integer('seal_seq'),
    sealHash: text('seal_hash'),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    sample: boolean('sample').notNull().default(false),
    source: text('source'),
  },
  (t) => [index('council_votes_meeting').on(t.tenantId, t.meetingId), tenantPolicy('council_votes')],
);

/**
 * A ballot. In a secret vote it carries no member and no time (nothing links it to a voter); who
 * has voted is a separate marker (`council_voters`) without the choice.
 */
export const councilBallots = pgTable(
  'council_ballots',
  {
    id: id(),
    tenantId: tenantColumn(),
    voteId: uuid('vote_id')
      .notNull()
      .references(() => councilVotes.id, { onDelete: 'cascade' }),
    secret: boolean('secret').notNull(),
    memberId: uuid('member_id').references(() => councilMembers.id),
    choice: text('choice').notNull(),
  },
  (t) => [
    index('council_ballots_vote').on(t.voteId),
    check('council_ballots_secret_has_no_voter', sql`not ${t.secret} or ${t.memberId} is null`),
    check('council_ballots_open_has_voter', sql`${t.secret} or ${t.memberId} is not null`),
    tenantPolicy('council_ballots'),
  ],
);

export const councilVoters = pgTable(
  'council_voters',
  {
    tenantId: tenantColumn(),
    voteId: uuid('vote_id')
      .notNull()
      .references(() => councilVotes.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => councilMembers.id),
  },
  (t) => [primaryKey({ columns: [t.voteId, t.memberId] }), tenantPolicy('council_voters')],
);

export const councilProjects = pgTable(
  'council_projects',
  {
    id: id(),
    tenantId: tenantColumn(),
    councilId: uuid('council_id')
      .notNull()
      .references(() => councils.id, { onDelete: 'cascade' }),
    proposalId: uuid('proposal_id').references(() => councilProposals.id),
    parentId: uuid('parent_id'),
    title: text('title').notNull(),
    owner: text('owner').notNull(),
    budgetYuan: integer('budget_yuan').notNull().default(0),
    weight: integer('weight').notNull().default(1),
    /** A part's own progress (0–100); a parent's is rolled up from its parts. */
    progress: integer('progress').notNull().default(0),
    caseIds: jsonb('case_ids').$type<string[]>().notNull().default([]),
    createdAt: createdAt(),
  },
  (t) => [index('council_projects_council').on(t.tenantId, t.councilId), tenantPolicy('council_projects')],
);

export const councilMilestones = pgTable(
  'council_milestones',
  {
    id: id(),
    tenantId: tenantColumn(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => councilProjects.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    dueOn: date('due_on').notNull(),
    doneOn: date('done_on'),
  },
  (t) => [index('council_milestones_project').on(t.projectId), tenantPolicy('council_milestones')],
);

/** 述职评议: who reported on what at a review meeting, and how the council rated it. */
export const councilReviews = pgTable(
  'council_reviews',
  {
    id: id(),
    tenantId: tenantColumn(),
    councilId: uuid('council_id')
      .notNull()
      .references(() => councils.id, { onDelete: 'cascade' }),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => councilMeetings.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id').references(() => councilProjects.id),
    reporterName: text('reporter_name').notNull(),
    reporterRole: text('reporter_role').notNull(),
    subject: text('subject').notNull(),
    rating: text('rating').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('council_reviews_council').on(t.tenantId, t.councilId), tenantPolicy('council_reviews')],
);
