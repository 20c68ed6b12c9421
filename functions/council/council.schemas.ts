import { z } from '@hono/zod-openapi';
import {
  BALLOT_CHOICES,
  MEMBER_SEATS,
  PROPOSAL_ORIGINS,
  PROPOSAL_STATUSES,
  REVIEW_RATINGS,
} from '../../schema/council';
import { Localized } from '../platform/params';

/** Request and response shapes of the councils API (the console's forms validate with them too). */

const Text = (max: number) => z.string().trim().min(1).max(max);
const Day = z.iso.date().openapi({ example: '2026-03-01' });

export const CycleStep = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/),
    name: Localized,
    votes: z.boolean(),
    reviews: z.boolean(),
  })
  .strict()
  .openapi('CouncilCycleStep');

export const Rules = z
  .object({
    cycle: z.array(CycleStep).min(1).max(10),
    quorum: z
      .object({ numerator: z.int().min(1).max(100), denominator: z.int().min(1).max(100) })
      .strict()
      .refine((q) => q.numerator <= q.denominator)
      .openapi({ description: '`numerator` is at most `denominator` (else 400).' }),
    majority: z.enum(['present', 'two_thirds_present', 'cast']),
    ballot: z.enum(['open', 'secret']),
    minCoSigners: z.int().min(1).max(500),
    secretaryMayPropose: z.boolean(),
  })
  .strict()
  .openapi('CouncilRules', {
    example: {
      cycle: [
        {
          key: 'representatives_meeting',
          name: { zh: '居民代表会议', en: "Representatives' meeting" },
          votes: true,
          reviews: false,
        },
      ],
      quorum: { numerator: 2, denominator: 3 },
      majority: 'present',
      ballot: 'secret',
      minCoSigners: 7,
      secretaryMayPropose: true,
    },
  });

export const NewCouncilBody = z
  .object({ orgUnitId: z.uuid(), name: Localized.optional(), rules: Rules.partial().optional() })
  .strict()
  .openapi('NewCouncil', { example: { orgUnitId: '7a1c1f0e-8c1a-4a4b-9a43-0d6e9d1f7a11' } });

export const Council = z
  .object({
    id: z.uuid(),
    orgUnitId: z.uuid(),
    name: Localized,
    mechanism: z.string(),
    rules: Rules,
    history: z.array(z.object({ year: z.int(), proposalsCarriedOut: z.int(), source: z.string() })),
    sample: z.boolean(),
    source: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Council');

export const NewMemberBody = z
  .object({
    userId: z
      .uuid()
      .optional()
      .openapi({ description: 'The signed-in person who sits and votes as this member.' }),
    name: Text(100),
    seat: z.enum(MEMBER_SEATS),
    chosenHow: z.enum(['elected', 'appointed']),
    chosenBy: Text(200).openapi({ example: '永兴社区居民代表会议' }),
    chosenOn: Day,
    termStart: Day,
    termEnd: Day.openapi({ description: 'After `termStart` (else 422 `council.term_order`).' }),
  })
  .strict()
  .openapi('NewCouncilMember', {
    example: {
      name: '徐素清',
      seat: 'standing_representative',
      chosenHow: 'elected',
      chosenBy: '院落居民会议',
      chosenOn: '2026-01-10',
      termStart: '2026-01-10',
      termEnd: '2029-01-09',
    },
  });

export const Member = z
  .object({
    id: z.uuid(),
    userId: z.uuid().nullable(),
    name: z.string(),
    seat: z.enum(MEMBER_SEATS),
    chosenHow: z.string(),
    chosenBy: z.string(),
    chosenOn: z.string(),
    termStart: z.string(),
    termEnd: z.string(),
  })
  .openapi('CouncilMember');

export const CouncilWithMembers = Council.extend({ members: z.array(Member) }).openapi('CouncilWithMembers');

export const NewProposalBody = z
  .object({
    title: Text(200),
    body: Text(5000),
    origin: z.enum(['representative', 'party_secretary']).default('representative'),
  })
  .strict()
  .openapi('NewCouncilProposal', {
    example: {
      title: '沙河边设警务室',
      body: '沙河沿岸夜间无人巡逻，建议设立警务室。',
      origin: 'representative',
    },
  });

export const PublicProposalBody = z
  .object({
    title: Text(200),
    body: Text(5000),
    contact: z.string().max(200).optional().openapi({
      description:
        'A mainland mobile or landline number, or an e-mail address (422 `council.contact_invalid` otherwise); sealed, never published.',
    }),
  })
  .strict()
  .openapi('NewResidentsProposal', {
    example: { title: '沙河边设警务室', body: '建议在沙河边设立警务室。', contact: '13800000000' },
  });

export const SupportBody = z
  .object({
    contact: z.string().max(200).optional().openapi({
      description:
        'A mainland mobile or landline number (compared by its digits) or an e-mail address; sealed; one support per contact.',
    }),
  })
  .strict()
  .openapi('CouncilSupport', { example: { contact: '13900000000' } });

export const DecisionBody = z
  .discriminatedUnion('action', [
    z.object({ action: z.literal('accept') }).strict(),
    z.object({ action: z.literal('decline'), reason: Text(2000) }).strict(),
    z.object({ action: z.literal('merge'), into: z.uuid(), reason: Text(2000).optional() }).strict(),
    z.object({ action: z.enum(['carried_out', 'not_carried_out']), reason: Text(2000).optional() }).strict(),
  ])
  .openapi('CouncilProposalDecision', { example: { action: 'accept' } });

export const Proposal = z
  .object({
    id: z.uuid(),
    councilId: z.uuid(),
    title: z.string(),
    body: z.string(),
    origin: z.enum(PROPOSAL_ORIGINS),
    memberId: z.uuid().nullable(),
    status: z.enum(PROPOSAL_STATUSES),
    reason: z.string().nullable(),
    mergedIntoId: z.uuid().nullable(),
    supporters: z.int().openapi({ description: 'How many residents supported it (a count; who, never).' }),
    submittedAt: z.string().nullable(),
    decidedAt: z.string().nullable(),
    sample: z.boolean(),
    source: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('CouncilProposal');

export const ProposalWithMerged = Proposal.extend({
  merged: z.array(z.object({ id: z.uuid(), title: z.string() })),
}).openapi('CouncilProposalWithMerged');

export const NewMeetingBody = z
  .object({
    kind: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,62}$/)
      .openapi({ description: "A step of the council's cycle." }),
    title: Text(200),
    heldAt: z.iso.datetime({ offset: true }),
    place: Text(200),
    agenda: z.array(z.object({ title: Text(200), proposalId: z.uuid().optional() }).strict()).max(50),
  })
  .strict()
  .openapi('NewCouncilMeeting', {
    example: {
      kind: 'decision',
      title: '议事决策会',
      heldAt: '2026-03-10T19:00:00+08:00',
      place: '社区会议室',
      agenda: [{ title: '沙河边设警务室' }],
    },
  });

export const MeetingRecordBody = z
  .object({
    attendance: z
      .array(z.uuid())
      .max(500)
      .optional()
      .openapi({ description: 'Members present (replaces the list).' }),
    minutes: z.string().max(20000).optional(),
    decisions: z
      .array(z.object({ itemId: z.uuid(), decision: Text(2000) }).strict())
      .max(50)
      .optional(),
  })
  .strict()
  .openapi('CouncilMeetingRecord', { example: { minutes: '会议讨论了……', decisions: [] } });

export const Vote = z
  .object({
    id: z.uuid(),
    meetingId: z.uuid(),
    agendaItemId: z.uuid(),
    proposalId: z.uuid().nullable(),
    ballot: z.enum(['open', 'secret']),
    majority: z.string(),
    inOffice: z.int(),
    present: z.int(),
    quorum: z.int(),
    status: z.enum(['open', 'closed']),
    voted: z.int().optional().openapi({ description: 'How many have voted (not who voted how).' }),
    tally: z.object({ for: z.int(), against: z.int(), abstain: z.int() }).nullable(),
    result: z.enum(['adopted', 'rejected']).nullable(),
    seal: z.object({ seq: z.int(), hash: z.string() }).nullable(),
    openedAt: z.string(),
    closedAt: z.string().nullable(),
    sample: z.boolean(),
    source: z.string().nullable(),
  })
  .openapi('CouncilVote');

export const Meeting = z
  .object({
    id: z.uuid(),
    councilId: z.uuid(),
    kind: z.string(),
    title: z.string(),
    heldAt: z.string(),
    place: z.string(),
    minutes: z.string().nullable(),
    agenda: z.array(
      z.object({
        id: z.uuid(),
        position: z.int(),
        title: z.string(),
        proposalId: z.uuid().nullable(),
        decision: z.string().nullable(),
      }),
    ),
    attendance: z.array(z.object({ id: z.uuid(), name: z.string(), seat: z.string() })),
    present: z.int(),
    votes: z.array(Vote),
    sample: z.boolean(),
    source: z.string().nullable(),
  })
  .openapi('CouncilMeeting');

export const OpenVoteBody = z.object({ agendaItemId: z.uuid() }).strict().openapi('OpenCouncilVote');
export const BallotBody = z
  .object({ choice: z.enum(BALLOT_CHOICES) })
  .strict()
  .openapi('CouncilBallot', { example: { choice: 'for' } });

export const Verification = z
  .object({
    voteId: z.uuid(),
    ok: z.boolean(),
    sealSeq: z.int().nullable(),
    sealHash: z.string().nullable(),
    problems: z.array(z.object({ code: z.string(), message: z.string() })),
  })
  .openapi('CouncilVoteVerification');

export const NewProjectBody = z
  .object({
    title: Text(200).optional(),
    owner: Text(200),
    budgetYuan: z.int().min(0).max(1_000_000_000),
    parts: z
      .array(
        z
          .object({
            title: Text(200),
            owner: Text(200).optional(),
            weight: z.int().min(1).max(100),
            budgetYuan: z.int().min(0).max(1_000_000_000).optional(),
          })
          .strict(),
      )
      .max(50),
    milestones: z.array(z.object({ title: Text(200), dueOn: Day }).strict()).max(50),
    caseIds: z.array(z.uuid()).max(50).optional(),
  })
  .strict()
  .openapi('NewCouncilProject', {
    example: {
      owner: '社区居委会',
      budgetYuan: 100000,
      parts: [
        { title: '选址与设计', weight: 1 },
        { title: '施工', weight: 3 },
      ],
      milestones: [{ title: '竣工', dueOn: '2026-06-30' }],
    },
  });

export const ProjectUpdateBody = z
  .object({
    progress: z.int().min(0).max(100).optional(),
    milestonesDone: z
      .array(z.object({ id: z.uuid(), doneOn: Day }).strict())
      .max(50)
      .optional(),
    caseIds: z.array(z.uuid()).max(50).optional(),
  })
  .strict()
  .openapi('CouncilProjectUpdate', { example: { progress: 50 } });

const ProjectCore = z.object({
  id: z.uuid(),
  title: z.string(),
  owner: z.string(),
  budgetYuan: z.int(),
  weight: z.int(),
  progress: z.int().openapi({ description: "0–100; a parent's is its parts' progress, weighted." }),
});

export const Project = ProjectCore.extend({
  councilId: z.uuid(),
  proposalId: z.uuid().nullable(),
  caseIds: z.array(z.uuid()),
  parts: z.array(ProjectCore),
  milestones: z.array(
    z.object({ id: z.uuid(), title: z.string(), dueOn: z.string(), doneOn: z.string().nullable() }),
  ),
}).openapi('CouncilProject');

export const NewReviewBody = z
  .object({
    projectId: z.uuid().optional(),
    reporterName: Text(100),
    reporterRole: Text(100),
    subject: Text(500),
    rating: z.enum(REVIEW_RATINGS),
  })
  .strict()
  .openapi('NewCouncilReview', {
    example: {
      reporterName: '王主任',
      reporterRole: '居委会主任',
      subject: '警务室建设项目落实情况',
      rating: 'satisfied',
    },
  });

export const Review = z
  .object({
    id: z.uuid(),
    meetingId: z.uuid(),
    projectId: z.uuid().nullable(),
    reporterName: z.string(),
    reporterRole: z.string(),
    subject: z.string(),
    rating: z.enum(REVIEW_RATINGS),
    createdAt: z.string(),
  })
  .openapi('CouncilReview');
