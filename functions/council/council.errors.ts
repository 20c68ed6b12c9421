import { errorsOf, type FieldIssue } from '../platform/errors';
import { councilMessages } from './council.messages';

const e = errorsOf(councilMessages);

/** A field issue of the councils domain, by code. */
export const councilIssue = e.issue;
/** A problem found by a vote's verification. */
export const councilProblem = e.problem;

export const councilErrors = {
  notFound: () => e.notFound('council.not_found'),
  exists: () => e.conflict('council.exists'),
  invalid: (details: FieldIssue[]) => e.unprocessable('council.invalid', { details }),
  memberNotFound: () => e.notFound('council.member_not_found'),
  notMember: () => e.error(403, 'council.not_member'),
  notConvener: () => e.error(403, 'council.not_convener'),
  proposalNotFound: () => e.notFound('council.proposal_not_found'),
  proposalStatus: (status: string, expected: readonly string[]) =>
    e.conflict('council.proposal_status', { params: { status, expected } }),
  proposalDuplicate: () =>
    e.conflict('council.proposal_duplicate', { details: [e.issue('title', 'council.proposal_duplicate')] }),
  alreadySupported: () =>
    e.conflict('council.already_supported', { details: [e.issue('contact', 'council.already_supported')] }),
  meetingNotFound: () => e.notFound('council.meeting_not_found'),
  meetingDoesNotVote: () => e.conflict('council.meeting_does_not_vote'),
  meetingDoesNotReview: () => e.conflict('council.meeting_does_not_review'),
  noQuorum: (present: number, quorum: number) =>
    e.conflict('council.no_quorum', { params: { present, quorum } }),
  voteNotFound: () => e.notFound('council.vote_not_found'),
  voteExists: () => e.conflict('council.vote_exists'),
  voteClosed: () => e.conflict('council.vote_closed'),
  notPresent: () => e.error(403, 'council.not_present'),
  alreadyVoted: () => e.conflict('council.already_voted'),
  ballotsSecret: () => e.error(403, 'council.ballots_secret'),
  notSealed: () => e.conflict('council.not_sealed'),
  projectNotFound: () => e.notFound('council.project_not_found'),
  projectExists: () => e.conflict('council.project_exists'),
};
