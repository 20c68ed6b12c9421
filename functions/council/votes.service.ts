import { and, eq, sql } from 'drizzle-orm';
import {
  auditEvents,
  type BALLOT_CHOICES,
  councilAgendaItems,
  councilAttendance,
  councilBallots,
  councilProposals,
  councilVoters,
  councilVotes,
} from '../../schema';
import { recordAudit, verifyAuditChain } from '../audit/audit.service';
import type { ServiceContext } from '../auth/context';
import type { Action } from '../auth/roles';
import { canonicalJson } from '../platform/canonical';
import { type Transaction, withTenant } from '../platform/db';
import type { Problem } from '../platform/errors';
import { adopts, quorumOf } from './council.defaults';
import { councilErrors, councilIssue, councilProblem } from './council.errors';
import { type CouncilRow, membersInOffice, ownSeat } from './councils.service';
import { type MeetingRow, meetingDay, meetingFor } from './meetings.service';

export type VoteRow = typeof councilVotes.$inferSelect;
export type Choice = (typeof BALLOT_CHOICES)[number];

/** The vote with its meeting and council, checked against the caller's permission on the community. */
async function voteFor(tx: Transaction, ctx: ServiceContext, voteId: string, action: Action, lock = false) {
  const query = tx
    .select()
    .from(councilVotes)
    .where(and(eq(councilVotes.tenantId, ctx.tenant.id), eq(councilVotes.id, voteId)));
  const [vote] = lock ? await query.for('update') : await query;
  if (!vote) throw councilErrors.voteNotFound();
  const { meeting, council } = await meetingFor(tx, ctx, vote.meetingId, action);
  return { vote, meeting, council };
}

/**
 * Opens the vote on an agenda item of a meeting whose kind votes, if the members present make the
 * quorum of those in office (counted from attendance). The ballot is the council's rule: open or secret.
 */
export async function openVote(ctx: ServiceContext, meetingId: string, input: { agendaItemId: string }) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const { meeting, council } = await meetingFor(tx, ctx, meetingId, 'council.record');
    const step = council.rules.cycle.find((s) => s.key === meeting.kind);
    if (!step?.votes) throw councilErrors.meetingDoesNotVote();
    const [item] = await tx
      .select()
      .from(councilAgendaItems)
      .where(
        and(eq(councilAgendaItems.meetingId, meeting.id), eq(councilAgendaItems.id, input.agendaItemId)),
      );
    if (!item) throw councilErrors.invalid([councilIssue('agendaItemId', 'council.agenda_item_unknown')]);
    const [existing] = await tx
      .select({ id: councilVotes.id })
      .from(councilVotes)
      .where(eq(councilVotes.agendaItemId, item.id));
    if (existing) throw councilErrors.voteExists();
    const inOffice = (await membersInOffice(tx, ctx.tenant.id, council.id, meetingDay(ctx, meeting))).length;
    const [{ present } = { present: 0 }] = await tx
      .select({ present: sql<number>`count(*)::int` })
      .from(councilAttendance)
      .where(eq(councilAttendance.meetingId, meeting.id));
    const quorum = quorumOf(council.rules, inOffice);
    if (present < quorum) throw councilErrors.noQuorum(present, quorum);
    const [vote] = await tx
      .insert(councilVotes)
      .values({
        tenantId: ctx.tenant.id,
        meetingId: meeting.id,
        agendaItemId: item.id,
        proposalId: item.proposalId,
        ballot: council.rules.ballot,
        majority: council.rules.majority,
        inOffice,
        present,
        quorum,
        openedAt: ctx.now(),
      })
      .returning();
    if (!vote) throw new Error('vote insert returned nothing');
    await recordAudit(
      ctx,
      tx,
      'council.vote_open',
      { type: 'council_vote', id: vote.id },
      {
        meetingId: meeting.id,
        ballot: vote.ballot,
        inOffice,
        present,
        quorum,
      },
    );
    return vote;
  });
}

/**
 * A member present casts their one ballot. In a secret vote the ballot row carries neither the
 * member nor a time, and the "has voted" marker carries no choice: nothing stored links the two.
 */
export async function castBallot(ctx: ServiceContext, voteId: string, input: { choice: Choice }) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const { vote, meeting, council } = await voteFor(tx, ctx, voteId, 'council.vote', true);
    if (vote.status !== 'open') throw councilErrors.voteClosed();
    const seat = await ownSeat(tx, ctx, council.id, meetingDay(ctx, meeting));
    const [present] = await tx
      .select()
      .from(councilAttendance)
      .where(and(eq(councilAttendance.meetingId, meeting.id), eq(councilAttendance.memberId, seat.id)));
    if (!present) throw councilErrors.notPresent();
    const [voted] = await tx
      .select()
      .from(councilVoters)
      .where(and(eq(councilVoters.voteId, vote.id), eq(councilVoters.memberId, seat.id)));
    if (voted) throw councilErrors.alreadyVoted();
    const secret = vote.ballot === 'secret';
    await tx.insert(councilVoters).values({ tenantId: ctx.tenant.id, voteId: vote.id, memberId: seat.id });
    await tx.insert(councilBallots).values({
      tenantId: ctx.tenant.id,
      voteId: vote.id,
      secret,
      memberId: secret ? null : seat.id,
      choice: input.choice,
    });
    // The audit row says who voted (as the marker does); the choice only when the vote is open.
    await recordAudit(
      ctx,
      tx,
      'council.ballot_cast',
      { type: 'council_vote', id: vote.id },
      {
        memberId: seat.id,
        ...(secret ? {} : { choice: input.choice }),
      },
    );
    return { voted: true as const };
  });
}

async function countBallots(tx: Transaction, voteId: string) {
  const rows = await tx
    .select({ choice: councilBallots.choice, n: sql<number>`count(*)::int` })
    .from(councilBallots)
    .where(eq(councilBallots.voteId, voteId))
    .groupBy(councilBallots.choice);
  const of = (choice: Choice) => rows.find((r) => r.choice === choice)?.n ?? 0;
  return { for: of('for'), against: of('against'), abstain: of('abstain') };
}

/** What the seal covers: the tally and the rule it was judged by. */
export function sealedTally(vote: VoteRow) {
  return {
    voteId: vote.id,
    ballot: vote.ballot,
    majority: vote.majority,
    inOffice: vote.inOffice,
    present: vote.present,
    quorum: vote.quorum,
    for: vote.forCount,
    against: vote.againstCount,
    abstain: vote.abstainCount,
    result: vote.result,
  };
}

/**
 * Closes the vote: counts the ballots, judges them by the council's majority rule, seals the tally
 * into the city's hash-chained audit trail (the vote keeps the event's number and hash), and
 * records the proposal as decided — or rejected, which stays visible.
 */
export async function closeVote(ctx: ServiceContext, voteId: string): Promise<VoteRow> {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const { vote, meeting } = await voteFor(tx, ctx, voteId, 'council.record', true);
    if (vote.status !== 'open') throw councilErrors.voteClosed();
    const tally = await countBallots(tx, vote.id);
    const result = adopts(vote.majority as CouncilRow['rules']['majority'], {
      ...tally,
      present: vote.present,
    })
      ? 'adopted'
      : 'rejected';
    const closed: VoteRow = {
      ...vote,
      status: 'closed',
      forCount: tally.for,
      againstCount: tally.against,
      abstainCount: tally.abstain,
      result,
      closedAt: ctx.now(),
    };
    const seal = await recordAudit(
      ctx,
      tx,
      'council.vote_seal',
      { type: 'council_vote', id: vote.id },
      {
        tally: sealedTally(closed),
      },
    );
    const [row] = await tx
      .update(councilVotes)
      .set({
        status: 'closed',
        forCount: tally.for,
        againstCount: tally.against,
        abstainCount: tally.abstain,
        result,
        closedAt: ctx.now(),
        sealSeq: seal.seq,
        sealHash: seal.hash,
      })
      .where(eq(councilVotes.id, vote.id))
      .returning();
    if (!row) throw new Error('vote update returned nothing');
    await settleProposal(tx, ctx, vote, meeting, result, tally);
    return row;
  });
}

async function settleProposal(
  tx: Transaction,
  ctx: ServiceContext,
  vote: VoteRow,
  meeting: MeetingRow,
  result: string,
  tally: { for: number; against: number; abstain: number },
) {
  const decision =
    result === 'adopted'
      ? `表决通过（赞成 ${tally.for}，反对 ${tally.against}，弃权 ${tally.abstain}）`
      : `表决未通过（赞成 ${tally.for}，反对 ${tally.against}，弃权 ${tally.abstain}）`;
  await tx.update(councilAgendaItems).set({ decision }).where(eq(councilAgendaItems.id, vote.agendaItemId));
  if (!vote.proposalId) return;
  await tx
    .update(councilProposals)
    .set({ status: result === 'adopted' ? 'decided' : 'rejected', decidedAt: ctx.now() })
    .where(and(eq(councilProposals.id, vote.proposalId), eq(councilProposals.status, 'accepted')));
  await recordAudit(
    ctx,
    tx,
    'council.proposal_decide',
    { type: 'council_proposal', id: vote.proposalId },
    {
      voteId: vote.id,
      meetingId: meeting.id,
      result,
    },
  );
}

/** A vote and, for an open vote only, who voted how. A secret vote shows its tally alone. */
export async function readVote(ctx: ServiceContext, voteId: string) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const { vote } = await voteFor(tx, ctx, voteId, 'council.read');
    const [{ voted } = { voted: 0 }] = await tx
      .select({ voted: sql<number>`count(*)::int` })
      .from(councilVoters)
      .where(eq(councilVoters.voteId, vote.id));
    return { vote, voted };
  });
}

/** The ballots of an open (named) vote; a secret vote's are refused to everyone. */
export async function readBallots(ctx: ServiceContext, voteId: string) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const { vote } = await voteFor(tx, ctx, voteId, 'council.read');
    if (vote.ballot === 'secret') throw councilErrors.ballotsSecret();
    if (vote.status !== 'closed') throw councilErrors.notSealed();
    return tx
      .select({ memberId: councilBallots.memberId, choice: councilBallots.choice })
      .from(councilBallots)
      .where(eq(councilBallots.voteId, vote.id));
  });
}

/**
 * Checks a sealed tally: the ballots still count to it, the audit event that sealed it holds the
 * same tally and hash, and the city's audit chain verifies. An edited tally fails the first two;
 * an edited audit event fails the last.
 */
export async function verifyVote(ctx: ServiceContext, voteId: string) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const { vote } = await voteFor(tx, ctx, voteId, 'council.read');
    if (vote.status !== 'closed' || vote.sealSeq === null) throw councilErrors.notSealed();
    const problems: Problem[] = [];
    if (vote.forCount !== null) {
      const tally = await countBallots(tx, vote.id);
      if (
        tally.for !== vote.forCount ||
        tally.against !== vote.againstCount ||
        tally.abstain !== vote.abstainCount
      )
        problems.push(councilProblem('council.tally_mismatch'));
    }
    const [event] = await tx
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, ctx.tenant.id), eq(auditEvents.seq, vote.sealSeq)));
    const sealed = (event?.details as { tally?: unknown } | undefined)?.tally;
    const same =
      event && event.hash === vote.sealHash && canonicalJson(sealed) === canonicalJson(sealedTally(vote));
    if (!same && problems.length === 0) problems.push(councilProblem('council.tally_mismatch'));
    const chain = await verifyAuditChain(tx, ctx.tenant.id);
    if (!chain.ok) problems.push(councilProblem('council.audit_broken'));
    return {
      voteId: vote.id,
      ok: problems.length === 0,
      sealSeq: vote.sealSeq,
      sealHash: vote.sealHash,
      problems,
    };
  });
}
