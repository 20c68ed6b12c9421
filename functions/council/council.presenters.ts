import type { councilReviews } from '../../schema';
import type { CouncilRow, MemberRow } from './councils.service';
import type { loadMeeting } from './meetings.service';
import type { MilestoneRow, ProjectRow } from './projects.service';
import type { ProposalRow } from './proposals.service';
import type { VoteRow } from './votes.service';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentCouncil(row: CouncilRow) {
  return {
    id: row.id,
    orgUnitId: row.orgUnitId,
    name: { zh: row.nameZh, en: row.nameEn },
    mechanism: row.mechanism,
    rules: row.rules,
    history: row.history,
    sample: row.sample,
    source: row.source,
    createdAt: row.createdAt.toISOString(),
  };
}

export function presentMember(row: MemberRow) {
  return {
    id: row.id,
    userId: row.userId,
    name: row.name,
    seat: row.seat as 'standing_representative',
    chosenHow: row.chosenHow,
    chosenBy: row.chosenBy,
    chosenOn: row.chosenOn,
    termStart: row.termStart,
    termEnd: row.termEnd,
  };
}

export function presentProposal(row: ProposalRow) {
  return {
    id: row.id,
    councilId: row.councilId,
    title: row.title,
    body: row.body,
    origin: row.origin as 'residents',
    memberId: row.memberId,
    status: row.status as 'draft',
    reason: row.reason,
    mergedIntoId: row.mergedIntoId,
    supporters: row.supporters,
    submittedAt: iso(row.submittedAt),
    decidedAt: iso(row.decidedAt),
    sample: row.sample,
    source: row.source,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A vote: the tally and seal only once closed; never who voted how. */
export function presentVote(row: VoteRow, voted?: number) {
  const closed = row.status === 'closed';
  return {
    id: row.id,
    meetingId: row.meetingId,
    agendaItemId: row.agendaItemId,
    proposalId: row.proposalId,
    ballot: row.ballot as 'open' | 'secret',
    majority: row.majority,
    inOffice: row.inOffice,
    present: row.present,
    quorum: row.quorum,
    status: row.status as 'open' | 'closed',
    ...(voted !== undefined ? { voted } : {}),
    tally:
      closed && row.forCount !== null
        ? { for: row.forCount, against: row.againstCount ?? 0, abstain: row.abstainCount ?? 0 }
        : null,
    result: closed ? (row.result as 'adopted' | 'rejected' | null) : null,
    seal: closed && row.sealSeq !== null && row.sealHash ? { seq: row.sealSeq, hash: row.sealHash } : null,
    openedAt: row.openedAt.toISOString(),
    closedAt: iso(row.closedAt),
    sample: row.sample,
    source: row.source,
  };
}

export function presentMeeting(loaded: Awaited<ReturnType<typeof loadMeeting>>) {
  const { meeting, agenda, attendance, votes } = loaded;
  return {
    id: meeting.id,
    councilId: meeting.councilId,
    kind: meeting.kind,
    title: meeting.title,
    heldAt: meeting.heldAt.toISOString(),
    place: meeting.place,
    minutes: meeting.minutes,
    agenda: agenda.map((item) => ({
      id: item.id,
      position: item.position,
      title: item.title,
      proposalId: item.proposalId,
      decision: item.decision,
    })),
    attendance,
    present: meeting.presentCount ?? attendance.length,
    votes: votes.map((vote) => presentVote(vote)),
    sample: meeting.sample,
    source: meeting.source,
  };
}

const core = (row: ProjectRow, progress: number) => ({
  id: row.id,
  title: row.title,
  owner: row.owner,
  budgetYuan: row.budgetYuan,
  weight: row.weight,
  progress,
});

export function presentProject(loaded: {
  project: ProjectRow;
  progress: number;
  parts: { part: ProjectRow; progress: number }[];
  milestones: MilestoneRow[];
}) {
  return {
    ...core(loaded.project, loaded.progress),
    councilId: loaded.project.councilId,
    proposalId: loaded.project.proposalId,
    caseIds: loaded.project.caseIds,
    parts: loaded.parts.map(({ part, progress }) => core(part, progress)),
    milestones: loaded.milestones.map((m) => ({
      id: m.id,
      title: m.title,
      dueOn: m.dueOn,
      doneOn: m.doneOn,
    })),
  };
}

export function presentReview(row: typeof councilReviews.$inferSelect) {
  return {
    id: row.id,
    meetingId: row.meetingId,
    projectId: row.projectId,
    reporterName: row.reporterName,
    reporterRole: row.reporterRole,
    subject: row.subject,
    rating: row.rating as 'satisfied',
    createdAt: row.createdAt.toISOString(),
  };
}
