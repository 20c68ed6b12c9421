import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import {
  councilAgendaItems,
  councilAttendance,
  councilMeetings,
  councilMilestones,
  councilProjects,
  councilProposals,
  councilReviews,
  councilVotes,
  orgUnits,
} from '../../schema';
import type { ReadContext, ServiceContext } from '../auth/context';
import { withTenant } from '../platform/db';
import { councilErrors } from './council.errors';
import { councilOfCommunity, listCouncils } from './councils.service';
import { rolledProgress } from './projects.service';

/**
 * What the public sees of a community's council: proposals (with a count of supporters, never who),
 * meetings with agenda, attendance counts and minutes, sealed tallies, projects with progress,
 * 述职评议 ratings and a yearly summary. No resident's contact is read here.
 */
export async function councilPageModel(ctx: ReadContext, code: string) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const found = await councilOfCommunity(tx, ctx, code);
    if (!found) throw councilErrors.notFound();
    const { council, unit } = found;
    const proposals = await tx
      .select({
        id: councilProposals.id,
        title: councilProposals.title,
        body: councilProposals.body,
        origin: councilProposals.origin,
        status: councilProposals.status,
        reason: councilProposals.reason,
        mergedIntoId: councilProposals.mergedIntoId,
        supporters: councilProposals.supporters,
        createdAt: councilProposals.createdAt,
        decidedAt: councilProposals.decidedAt,
        sample: councilProposals.sample,
        source: councilProposals.source,
      })
      .from(councilProposals)
      .where(eq(councilProposals.councilId, council.id))
      .orderBy(desc(councilProposals.createdAt));
    const meetings = await tx
      .select()
      .from(councilMeetings)
      .where(eq(councilMeetings.councilId, council.id))
      .orderBy(desc(councilMeetings.heldAt));
    const meetingIds = meetings.map((m) => m.id);
    const agenda = meetingIds.length
      ? await tx
          .select()
          .from(councilAgendaItems)
          .where(inArray(councilAgendaItems.meetingId, meetingIds))
          .orderBy(asc(councilAgendaItems.position))
      : [];
    const attendance = meetingIds.length
      ? await tx
          .select({ meetingId: councilAttendance.meetingId, n: sql<number>`count(*)::int` })
          .from(councilAttendance)
          .where(inArray(councilAttendance.meetingId, meetingIds))
          .groupBy(councilAttendance.meetingId)
      : [];
    const votes = meetingIds.length
      ? await tx.select().from(councilVotes).where(inArray(councilVotes.meetingId, meetingIds))
      : [];
    const allProjects = await tx
      .select()
      .from(councilProjects)
      .where(eq(councilProjects.councilId, council.id))
      .orderBy(asc(councilProjects.createdAt));
    const tops = allProjects.filter((p) => p.parentId === null);
    const milestones = tops.length
      ? await tx
          .select()
          .from(councilMilestones)
          .where(
            inArray(
              councilMilestones.projectId,
              tops.map((p) => p.id),
            ),
          )
          .orderBy(asc(councilMilestones.dueOn))
      : [];
    const reviews = await tx
      .select()
      .from(councilReviews)
      .where(eq(councilReviews.councilId, council.id))
      .orderBy(desc(councilReviews.createdAt));
    return {
      council,
      unit,
      proposals,
      meetings: meetings.map((meeting) => ({
        meeting,
        agenda: agenda.filter((a) => a.meetingId === meeting.id),
        present: meeting.presentCount ?? attendance.find((a) => a.meetingId === meeting.id)?.n ?? 0,
        votes: votes.filter((v) => v.meetingId === meeting.id),
      })),
      projects: tops.map((project) => ({
        project,
        progress: rolledProgress(project, allProjects),
        parts: allProjects
          .filter((p) => p.parentId === project.id)
          .map((part) => ({ part, progress: rolledProgress(part, allProjects) })),
        milestones: milestones.filter((m) => m.projectId === project.id),
      })),
      reviews,
      summary: yearlySummary(ctx, council.history, proposals, votes),
    };
  });
}

export type CouncilPageModel = Awaited<ReturnType<typeof councilPageModel>>;

/** Per year: proposals made, carried out, votes adopted and rejected; figures from the sources beside. */
function yearlySummary(
  ctx: ReadContext,
  history: { year: number; proposalsCarriedOut: number; source: string }[],
  proposals: { status: string; createdAt: Date; decidedAt: Date | null }[],
  votes: { status: string; result: string | null; closedAt: Date | null; openedAt: Date }[],
) {
  const yearOf = (d: Date) =>
    Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: ctx.tenant.timezone }).format(d));
  const years = new Map<
    number,
    {
      proposals: number;
      carriedOut: number;
      adopted: number;
      rejected: number;
      recorded: { count: number; source: string } | null;
    }
  >();
  const at = (year: number) => {
    let row = years.get(year);
    if (!row) {
      row = { proposals: 0, carriedOut: 0, adopted: 0, rejected: 0, recorded: null };
      years.set(year, row);
    }
    return row;
  };
  for (const p of proposals) {
    at(yearOf(p.createdAt)).proposals += 1;
    if (p.status === 'carried_out') at(yearOf(p.decidedAt ?? p.createdAt)).carriedOut += 1;
  }
  for (const v of votes) {
    if (v.status !== 'closed') continue;
    const row = at(yearOf(v.closedAt ?? v.openedAt));
    if (v.result === 'adopted') row.adopted += 1;
    if (v.result === 'rejected') row.rejected += 1;
  }
  for (const h of history) at(h.year).recorded = { count: h.proposalsCarriedOut, source: h.source };
  return [...years.entries()].sort((a, b) => b[0] - a[0]).map(([year, row]) => ({ year, ...row }));
}

/** New decisions (sealed votes) of a community's council, newest first: the feed. */
export async function councilDecisions(ctx: ReadContext, code: string) {
  const model = await councilPageModel(ctx, code);
  const decisions = model.meetings.flatMap(({ meeting, agenda, votes }) =>
    votes
      .filter((v) => v.status === 'closed')
      .map((vote) => ({ vote, meeting, item: agenda.find((a) => a.id === vote.agendaItemId) })),
  );
  decisions.sort(
    (a, b) =>
      (b.vote.closedAt ?? b.meeting.heldAt).getTime() - (a.vote.closedAt ?? a.meeting.heldAt).getTime(),
  );
  return { model, decisions };
}

/** The console's overview: councils the person may read, their proposals and votes still open. */
export async function councilOverview(ctx: ServiceContext) {
  const rows = await listCouncils(ctx);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) =>
    Promise.all(
      rows.map(async (council) => {
        const proposals = await tx
          .select()
          .from(councilProposals)
          .where(eq(councilProposals.councilId, council.id))
          .orderBy(desc(councilProposals.createdAt));
        const openVotes = await tx
          .select({ vote: councilVotes, meeting: councilMeetings, item: councilAgendaItems })
          .from(councilVotes)
          .innerJoin(councilMeetings, eq(councilMeetings.id, councilVotes.meetingId))
          .innerJoin(councilAgendaItems, eq(councilAgendaItems.id, councilVotes.agendaItemId))
          .where(and(eq(councilMeetings.councilId, council.id), eq(councilVotes.status, 'open')));
        const [unit] = await tx
          .select({ code: orgUnits.code })
          .from(orgUnits)
          .where(eq(orgUnits.id, council.orgUnitId));
        return { council, code: unit?.code ?? '', proposals, openVotes };
      }),
    ),
  );
}
