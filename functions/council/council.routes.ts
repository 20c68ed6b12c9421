import { z } from '@hono/zod-openapi';
import { route } from '../auth/route';
import { errorResponses, jsonResponse } from '../platform/http';
import { IdParam, TenantSlugParam } from '../platform/params';
import * as S from './council.schemas';

export const tags = ['Councils'];

const CommunityCodeParam = TenantSlugParam.extend({
  code: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,79}$/)
    .openapi({ param: { name: 'code', in: 'path' }, example: 'wufuqiao' }),
});

export const createCouncilRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/councils',
  tags,
  summary: "Set up a community's council with the city's cycle and rules",
  description:
    "The cycle (Guiyang's 三会一评, Jinjiang's proposal → representatives' meeting), quorum, majority, open or secret ballot and the number of co-signers a residents' proposal needs come from the city's deliberation mechanism; `rules` overrides any of them.",
  security: { action: 'council.manage' },
  request: {
    params: TenantSlugParam,
    body: { required: true, content: { 'application/json': { schema: S.NewCouncilBody } } },
  },
  responses: {
    201: jsonResponse('The council', S.Council),
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});

export const listCouncilsRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/councils',
  tags,
  summary: 'The councils you may read',
  description: 'Councils of the communities within your units.',
  security: { action: 'council.read' },
  request: { params: TenantSlugParam },
  responses: {
    200: jsonResponse('Councils', z.object({ items: z.array(S.Council) })),
    ...errorResponses(400, 401, 403, 404),
  },
});

export const getCouncilRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/councils/{id}',
  tags,
  summary: 'A council with its members in office',
  description: 'Members with their seat, term, and who elected or appointed them when.',
  security: { action: 'council.read' },
  request: { params: IdParam },
  responses: {
    200: jsonResponse('The council', S.CouncilWithMembers),
    ...errorResponses(400, 401, 403, 404),
  },
});

export const addMemberRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/councils/{id}/members',
  tags,
  summary: 'Seat a member for a term',
  description:
    'A standing, sector or unit representative, or the party secretary as convener: who elected or appointed them and when. A member with `userId` votes as that signed-in person (who also needs the `council_member` role on the community).',
  security: { action: 'council.manage' },
  request: {
    params: IdParam,
    body: { required: true, content: { 'application/json': { schema: S.NewMemberBody } } },
  },
  responses: {
    201: jsonResponse('The member', S.Member),
    ...errorResponses(400, 401, 403, 404, 422),
  },
});

export const fileProposalRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/councils/{id}/proposals',
  tags,
  summary: 'A representative (or the convening party secretary) tables a proposal',
  description:
    'Submitted at once. `party_secretary` needs the convener seat and a city that gives the secretary the right to propose major matters. A title already open in the council answers 409 `council.proposal_duplicate`.',
  security: { action: 'council.propose' },
  request: {
    params: IdParam,
    body: { required: true, content: { 'application/json': { schema: S.NewProposalBody } } },
  },
  responses: {
    201: jsonResponse('The proposal', S.Proposal),
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});

export const startProposalRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/communities/{code}/council-proposals',
  tags,
  summary: 'A resident starts a proposal (public, no account)',
  description:
    "The proposal collects supporters until the city's minimum of co-signers (the starter counts), then is submitted to the council. The contact must be a mainland mobile or landline number or an email address (422 `council.contact_invalid` otherwise); it is sealed with the data key and never published; the same title open in the council answers 409.",
  security: 'public',
  request: {
    params: CommunityCodeParam,
    body: {
      required: true,
      content: {
        'application/json': { schema: S.PublicProposalBody },
      },
    },
  },
  responses: {
    201: jsonResponse('The proposal (no personal data)', S.Proposal),
    ...errorResponses(400, 404, 409, 422, 503),
  },
});

export const supportProposalRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/council-proposals/{id}/supports',
  tags,
  summary: 'A resident supports a proposal still collecting co-signers (public, no account)',
  description:
    'One support per contact: a mobile or landline number (compared by its digits, so `+86 139-0000-1003` and `13900001003` are one supporter) or an email address (422 `council.contact_invalid` otherwise). Checked by a keyed hash; the contact is sealed and never shown.',
  security: 'public',
  request: {
    params: IdParam,
    body: {
      required: true,
      content: {
        'application/json': { schema: S.SupportBody },
      },
    },
  },
  responses: {
    201: jsonResponse('The proposal', S.Proposal),
    ...errorResponses(400, 404, 409, 422, 503),
  },
});

export const getProposalRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/council-proposals/{id}',
  tags,
  summary: 'A proposal, with the proposals merged into it',
  description: 'Supporters are a count; who supported is never returned.',
  security: { action: 'council.read' },
  request: { params: IdParam },
  responses: {
    200: jsonResponse('The proposal', S.ProposalWithMerged),
    ...errorResponses(400, 401, 403, 404),
  },
});

export const decideProposalRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/council-proposals/{id}/decision',
  tags,
  summary: 'Accept onto the agenda, decline with a reason, merge, or record it carried out or not',
  description:
    'submitted → accepted | declined (reason required); open → merged into another open proposal of the council (the link is kept both ways); decided → carried_out | not_carried_out. The vote decides accepted → decided | rejected.',
  security: { action: 'council.manage' },
  request: {
    params: IdParam,
    body: { required: true, content: { 'application/json': { schema: S.DecisionBody } } },
  },
  responses: {
    200: jsonResponse('The proposal', S.Proposal),
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});

export const scheduleMeetingRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/councils/{id}/meetings',
  tags,
  summary: 'Call a meeting of the cycle with its agenda',
  description: "`kind` is a step of the council's cycle; agenda proposals must be accepted onto the agenda.",
  security: { action: 'council.record' },
  request: {
    params: IdParam,
    body: { required: true, content: { 'application/json': { schema: S.NewMeetingBody } } },
  },
  responses: {
    201: jsonResponse('The meeting', S.Meeting),
    ...errorResponses(400, 401, 403, 404, 422),
  },
});

export const getMeetingRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/council-meetings/{id}',
  tags,
  summary: 'A meeting: agenda, attendance, minutes, decisions and votes',
  description: 'Votes show tallies only once sealed.',
  security: { action: 'council.read' },
  request: { params: IdParam },
  responses: {
    200: jsonResponse('The meeting', S.Meeting),
    ...errorResponses(400, 401, 403, 404),
  },
});

export const recordMeetingRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/council-meetings/{id}/record',
  tags,
  summary: 'Record attendance, minutes and the decision on each agenda item',
  description:
    'Attendance replaces the list and is fixed once a vote has opened (the quorum was counted from it).',
  security: { action: 'council.record' },
  request: {
    params: IdParam,
    body: { required: true, content: { 'application/json': { schema: S.MeetingRecordBody } } },
  },
  responses: {
    200: jsonResponse('The meeting', S.Meeting),
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});

export const openVoteRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/council-meetings/{id}/votes',
  tags,
  summary: 'Open the vote on an agenda item (needs the quorum present)',
  description:
    "Only a meeting whose kind votes; the members present (attendance) must reach the council's quorum of members in office, else 409 `council.no_quorum`.",
  security: { action: 'council.record' },
  request: {
    params: IdParam,
    body: { required: true, content: { 'application/json': { schema: S.OpenVoteBody } } },
  },
  responses: {
    201: jsonResponse('The vote', S.Vote),
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});

export const getVoteRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/council-votes/{id}',
  tags,
  summary: 'A vote: its rule, how many voted, and the sealed tally',
  description: 'Never who voted how.',
  security: { action: 'council.read' },
  request: { params: IdParam },
  responses: {
    200: jsonResponse('The vote', S.Vote),
    ...errorResponses(400, 401, 403, 404),
  },
});

export const castBallotRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/council-votes/{id}/ballots',
  tags,
  summary: 'A member present casts their ballot: for, against or abstain',
  description:
    'Only the signed-in member, in office and present; once (409 `council.already_voted`); not after closing (409 `council.vote_closed`). A secret ballot is stored without the voter.',
  security: { action: 'council.vote' },
  request: {
    params: IdParam,
    body: { required: true, content: { 'application/json': { schema: S.BallotBody } } },
  },
  responses: {
    201: jsonResponse('Recorded', z.object({ voted: z.literal(true) })),
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});

export const listBallotsRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/council-votes/{id}/ballots',
  tags,
  summary: 'Who voted how, in a closed open (named) vote',
  description:
    'A secret vote answers 403 `council.ballots_secret` to everyone, administrators included: its ballots are stored without the voter.',
  security: { action: 'council.read' },
  request: { params: IdParam },
  responses: {
    200: jsonResponse(
      'Ballots',
      z.object({ items: z.array(z.object({ memberId: z.uuid().nullable(), choice: z.string() })) }),
    ),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

export const closeVoteRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/council-votes/{id}/close',
  tags,
  summary: 'Close the vote and seal its tally',
  description:
    "Counts the ballots, judges them by the council's majority rule, seals the tally into the city's hash-chained audit trail and marks the proposal decided or rejected (a rejected proposal stays visible).",
  security: { action: 'council.record' },
  request: { params: IdParam },
  responses: {
    200: jsonResponse('The sealed vote', S.Vote),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

export const verifyVoteRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/council-votes/{id}/verification',
  tags,
  summary: 'Verify a sealed tally against the ballots and the audit chain',
  description:
    'An edited tally or audit event is reported as a problem (`council.tally_mismatch`, `council.audit_broken`).',
  security: { action: 'council.read' },
  request: { params: IdParam },
  responses: {
    200: jsonResponse('The verification', S.Verification),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

export const createProjectRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/council-proposals/{id}/project',
  tags,
  summary: 'An adopted proposal becomes a project with owner, budget, weighted parts and milestones',
  description: 'Only a decided (adopted) proposal; one project each. `caseIds` link cases of the city.',
  security: { action: 'council.manage' },
  request: {
    params: IdParam,
    body: { required: true, content: { 'application/json': { schema: S.NewProjectBody } } },
  },
  responses: {
    201: jsonResponse('The project', S.Project),
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});

export const getProjectRoute = route({
  method: 'get',
  path: '/v1/t/{tenant}/council-projects/{id}',
  tags,
  summary: 'A project with its parts, milestones and rolled-up progress',
  description: "A parent's progress is its parts' progress weighted by their weights.",
  security: { action: 'council.read' },
  request: { params: IdParam },
  responses: {
    200: jsonResponse('The project', S.Project),
    ...errorResponses(400, 401, 403, 404),
  },
});

export const updateProjectRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/council-projects/{id}/progress',
  tags,
  summary: 'Report progress of a project or part, milestones reached, linked cases',
  description: 'Progress is set on projects without parts; a parent rolls up.',
  security: { action: 'council.manage' },
  request: {
    params: IdParam,
    body: { required: true, content: { 'application/json': { schema: S.ProjectUpdateBody } } },
  },
  responses: {
    200: jsonResponse('The project', S.Project),
    ...errorResponses(400, 401, 403, 404, 422),
  },
});

export const recordReviewRoute = route({
  method: 'post',
  path: '/v1/t/{tenant}/council-meetings/{id}/reviews',
  tags,
  summary: '述职评议: who reported on what, and how the council rated it',
  description: 'Only at a meeting whose kind reviews (Guiyang: 述职评议).',
  security: { action: 'council.record' },
  request: {
    params: IdParam,
    body: { required: true, content: { 'application/json': { schema: S.NewReviewBody } } },
  },
  responses: {
    201: jsonResponse('The review', S.Review),
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});
